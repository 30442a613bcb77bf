"""Sorting ideas into Handlungsfelder: the analysis run on a workshop, moderator decisions,
discovered groups as proposals, the map, and the wall grouped by field."""

from flask import Blueprint

bp = Blueprint("fields", __name__)


def init_app(app):
    from . import runner, views  # noqa: F401

    runner.connect(app)
    app.register_blueprint(bp)
