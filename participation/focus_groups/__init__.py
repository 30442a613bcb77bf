"""Focus groups after the event: a secret link per Handlungsfeld, and measure sheets
(Maßnahmenmerkblatt) drafted there, linked to the ideas they came from."""

from flask import Blueprint

bp = Blueprint("focus_groups", __name__)


def init_app(app):
    # Views use the exports feature, which reads this package's models: import them only
    # when the app is built, so importing either package alone never runs into the other.
    from . import views  # noqa: F401

    app.register_blueprint(bp)
