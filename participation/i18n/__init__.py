"""Languages: which locale a request gets, the Deutsch/English switch, dates and numbers.

German is the source language of every string; English comes from the catalogue in
participation/translations (``make catalog`` re-extracts, ``make translations`` compiles).
The factory registers the switch and the template filters (``views.register``).
"""

from flask import Blueprint

bp = Blueprint("i18n", __name__)

# The languages offered, each named in itself: someone who cannot read the page finds theirs.
LANGUAGES = {"de": "Deutsch", "en": "English"}
