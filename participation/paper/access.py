"""Who reaches the paper-card pages: the workshop's moderators (logged in), or a helper
holding the secret "Kartenerfassung" link (``?key=`` on every page and form of it); the
entry page also lets a group's facilitator in (their Tischmoderation key), for the cards
of their group only.

A wrong, revoked or another workshop's key answers 404, as an unknown code does: the
page says nothing about the workshop to someone who may not use it.
"""

from flask import abort, request
from flask_login import current_user

from ..groups.rules import may_facilitate
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


def facilitated_group(workshop, key):
    """The group of ``workshop`` whose facilitator key ``key`` is, or None."""
    if not key:
        return None
    return next((group for group in workshop.groups if may_facilitate(current_user, group, key)), None)


def card_entry(code, key):
    """``(workshop, group)`` for the entry page: as ``card_workshop``, and also for a
    group's facilitator (Tischmoderation) holding its key, with ``group`` fixed to theirs
    (None for moderators and the "Kartenerfassung" link); 404 otherwise."""
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    if may_enter_cards(current_user, workshop, key):
        return workshop, None
    group = facilitated_group(workshop, key)
    if group is None:
        abort(404)
    return workshop, group
