"""The moderation console: hide, fix typos, merge, spotlight, pre-moderate, and the live wall."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)
