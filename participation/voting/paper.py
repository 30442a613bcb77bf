"""Sticker dots on paper cards ("Klebepunkte"): a number per idea, typed in by a moderator
or a helper with the paper-card link, counted beside the dots given on phones.

Unlike a phone's dot they belong to no participant: the number is set, not added to, so
typing it again (or sending it twice over a flaky connection) changes nothing.
"""

from flask_babel import gettext as _

from ..database import write_transaction
from ..ideas.services import announce_idea

PAPER_VOTES_MAX = 10_000


class PaperVotesRejected(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_paper_votes(raw):
    """The number typed into a "Klebepunkte" field (blank: 0), or ``PaperVotesRejected``
    with the German message for the person."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()) or int(text) > PAPER_VOTES_MAX:  # "²".isdigit(), int("²") fails
        raise PaperVotesRejected(
            _("Klebepunkte: bitte eine ganze Zahl von 0 bis %(max)d eintragen.", max=PAPER_VOTES_MAX)
        )
    return int(text)


def set_paper_votes(idea, count):
    """Set the sticker dots of ``idea`` (an int from ``parse_paper_votes``); announces the
    idea's new state (its merge target's, when it was merged) to walls and phones."""
    if count < 0 or count > PAPER_VOTES_MAX:
        raise PaperVotesRejected(
            _("Klebepunkte: bitte eine ganze Zahl von 0 bis %(max)d eintragen.", max=PAPER_VOTES_MAX)
        )
    if idea.paper_votes == count:
        return idea
    with write_transaction() as session:
        idea.paper_votes = count
        announce_idea(session, idea.merged_into or idea)
    return idea
