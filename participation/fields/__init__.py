"""Sorting ideas into Handlungsfelder: the analysis run on a workshop, moderator decisions,
discovered groups as proposals, the map, and the wall grouped by field."""

from flask import Blueprint

bp = Blueprint("fields", __name__)
