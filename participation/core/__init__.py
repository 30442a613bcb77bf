"""Cross-cutting web pieces: start page, error pages, security headers, template helpers."""

from flask import Blueprint

bp = Blueprint("core", __name__)


def init_app(app):
    from . import errors, views, web  # noqa: F401  (routes and handlers register on import)

    app.register_blueprint(bp)
    errors.register(app)
    web.register(app)
    from .text import bdi

    app.jinja_env.filters["bdi"] = bdi  # a typed name inside a sentence, isolated
