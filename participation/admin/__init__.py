"""Account management for admins: list, create, reset passwords, change roles, delete."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/moderation/admin")

from . import views  # noqa: E402,F401
