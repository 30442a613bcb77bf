"""What the paper-card pages need beyond ``ideas.cards``: the cards typed in so far, the
cards of a "one card per line" box, and the key a page makes for each card.

A card's key is made on the entry page (a hidden field, renewed by paper.js after every
saved card), so pressing "Speichern" twice, or a form sent again after a lost answer,
stores the card once (``Idea.source_key``). The cards of one box share the page's key,
each with its line number.
"""

import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..ideas.cards import SOURCE_KEY_LENGTH, Card, card_problem
from ..ideas.models import PAPER, Idea
from ..ideas.rules import new_idempotency_key

RECENT_CARDS = 20  # the entry page's list, before "Alle Karten zeigen"
ALL_CARDS = 1000  # a hall's evening of paper cards
_KEY = re.compile(r"^[A-Za-z0-9_-]{8,60}$")


class CardsRejected(Exception):
    """Why the cards typed in cannot be stored (the German message) and which field to mark."""

    def __init__(self, message, field="text"):
        super().__init__(message)
        self.message = message
        self.field = field


def new_card_key():
    return "card-" + new_idempotency_key()


def usable_card_key(sent):
    """The page's key for this card, or a fresh one when the form sent none we accept (then
    a repeat is not recognised: no protection, no harm)."""
    sent = (sent or "").strip()
    if _KEY.match(sent):
        return sent if sent.startswith("card-") else "card-" + sent
    return new_card_key()


def cards_from_lines(workshop, raw, key, author=None):
    """One ``Card`` per non-blank line of ``raw`` (the "mehrere Karten" box), keyed
    ``<key>:<line>``; ``CardsRejected`` naming the first line that cannot be a card."""
    cards = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        problem = card_problem(workshop, line)
        if problem:
            raise CardsRejected(_("Zeile %(number)d: %(problem)s", number=number, problem=problem), field="lines")
        cards.append(Card(text=line, key=f"{key}:{number}"[:SOURCE_KEY_LENGTH], author=author))
    if not cards:
        raise CardsRejected(_("Bitte schreiben Sie mindestens eine Karte in das Feld, eine Karte pro Zeile."),
                            field="lines")
    return cards


def _cards_of(workshop, group):
    criteria = [Idea.workshop_id == workshop.id, Idea.source == PAPER]
    if group is not None:
        criteria.append(Idea.group_id == group.id)
    return criteria


def paper_cards(workshop, limit=RECENT_CARDS, group=None):
    """The workshop's paper cards (of ``group`` only, for its facilitator), newest first,
    at most ``limit``."""
    return db.session.scalars(
        select(Idea).where(*_cards_of(workshop, group))
        .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(limit)
    ).all()


def count_paper_cards(workshop, group=None):
    return db.session.scalar(select(func.count(Idea.id)).where(*_cards_of(workshop, group))) or 0


def paper_card(workshop, idea_id, group=None):
    """The paper card ``idea_id`` of ``workshop`` (and of ``group`` if given), or None (a
    phone's idea is no card)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.workshop_id != workshop.id or idea.source != PAPER:
        return None
    if group is not None and idea.group_id != group.id:
        return None
    return idea
