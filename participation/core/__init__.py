"""Cross-cutting web pieces: error pages, security headers, template helpers."""


def init_app(app):
    from . import errors, web
    from .text import bdi

    errors.register(app)
    web.register(app)
    app.jinja_env.filters["bdi"] = bdi  # a typed name inside a sentence, isolated
