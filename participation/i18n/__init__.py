"""Languages: which locale a request gets, the Deutsch/English switch, dates and numbers.

German is the source language of every string; English comes from the catalogue in
participation/translations (``make catalog`` re-extracts, ``make translations`` compiles).
"""

from flask import Blueprint

bp = Blueprint("i18n", __name__)

# The languages offered, each named in itself: someone who cannot read the page finds theirs.
LANGUAGES = {"de": "Deutsch", "en": "English"}


def init_app(app):
    """Register the switch and the template helpers (after core: these filters win)."""
    from . import formatting, selection, views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
    app.after_request(selection.vary_on_language)
    env = app.jinja_env
    env.globals["current_locale_code"] = selection.current_language
    env.globals["language_links"] = views.language_links
    env.filters["local_datetime"] = formatting.local_datetime
    env.filters["local_date"] = formatting.local_date
    env.filters["local_time"] = formatting.local_time
    env.filters["decimal"] = formatting.decimal
