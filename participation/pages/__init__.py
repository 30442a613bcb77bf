"""Public pages outside a workshop: the start page with the join form, privacy,
accessibility and help."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
