"""Who reaches the paper-card pages: the workshop's moderators (logged in), or a helper
holding the secret "Kartenerfassung" link (``?key=`` on every page and form of it).

A wrong, revoked or another workshop's key answers 404, as an unknown code does: the
page says nothing about the workshop to someone who may not use it.
"""

from flask import abort, request
from flask_login import current_user

from ..workshops.rules import may_enter_cards
from ..workshops.services import find_workshop_by_code


def link_key():
    """The paper-card link's key as sent (query string or form), or None."""
    key = request.values.get("key")
    return key if key else None


def card_workshop(code, key):
    """The workshop of ``code`` when the visitor may enter its cards; 404 otherwise."""
    workshop = find_workshop_by_code(code)
    if workshop is None or not may_enter_cards(current_user, workshop, key):
        abort(404)
    return workshop
