"""Admin pages: accounts (list, create, reset passwords, change roles, delete) and the public address."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/moderation/admin")
