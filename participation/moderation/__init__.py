"""The moderation console: hide, fix typos, merge, spotlight, pre-moderate, and the live wall."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from . import bulk_views, console_views, views  # noqa: E402,F401
