"""Paper cards during the evening: the fast entry page (for moderators, and for helpers
holding the revocable "Kartenerfassung" link), sticker dots, and photos of cards read by
OCR into proposed cards that a person confirms."""

from flask import Blueprint

bp = Blueprint("paper", __name__)
