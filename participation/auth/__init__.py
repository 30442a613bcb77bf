"""Moderator accounts: login, logout and the `flask moderator` commands."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/moderation")
