"""The import's writes: an uploaded file kept between preview and import, and its rows
stored as ideas (``ideas.cards.add_cards``, source "import" with the file's name)."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from .. import limits
from ..database import write_transaction
from ..extensions import db
from ..ideas.cards import add_cards
from ..ideas.models import IMPORT, Idea
from .models import PendingImport

PENDING_IMPORT_HOURS = 6
FILE_NAME_LENGTH = 120
_NOT_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_file_name(raw):
    """The name the browser sent, without folders or control characters, for the console's
    "Import: <name>"."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = " ".join(_NOT_IN_NAME.sub("", name).split())
    return name[:FILE_NAME_LENGTH] or "import"


def file_hash(content):
    return hashlib.sha256(content).hexdigest()


def keep_pending(workshop, moderator, file_name, content):
    """Keep an uploaded file for its preview; files left over from earlier uploads (older
    than ``PENDING_IMPORT_HOURS``) go first."""
    with write_transaction() as session:
        cutoff = limits.clock_utc() - timedelta(hours=PENDING_IMPORT_HOURS)
        session.execute(delete(PendingImport).where(PendingImport.created_at < cutoff))
        pending = PendingImport(workshop_id=workshop.id, moderator_id=moderator.id, token=secrets.token_urlsafe(24),
                                file_name=clean_file_name(file_name), content=content,
                                created_at=limits.clock_utc())
        session.add(pending)
    return pending


def pending_import(workshop, moderator, token):
    """The moderator's own upload for this workshop, or None (another's, expired, done)."""
    cutoff = limits.clock_utc() - timedelta(hours=PENDING_IMPORT_HOURS)
    return db.session.scalar(select(PendingImport).where(
        PendingImport.token == token, PendingImport.workshop_id == workshop.id,
        PendingImport.moderator_id == moderator.id, PendingImport.created_at >= cutoff,
    ))


def known_keys(workshop, keys):
    """Which of ``keys`` (rows' keys) the workshop has stored already."""
    known = set()
    keys = list(keys)
    for start in range(0, len(keys), 500):
        known.update(db.session.scalars(select(Idea.source_key).where(
            Idea.workshop_id == workshop.id, Idea.source_key.in_(keys[start:start + 500]))))
    return known


@dataclass(frozen=True)
class ImportResult:
    added: int
    repeated: int
    skipped: int


def run_import(workshop, pending, plan):
    """Store the planned cards (checked already: nothing is refused on the way), one call
    of ``add_cards`` per question, and forget the uploaded file."""
    added = repeated = 0
    for question_id, cards in plan.cards.items():
        states, again = add_cards(workshop, question_id, cards, source=IMPORT, source_name=pending.file_name)
        added, repeated = added + len(states), repeated + again
    discard(pending)
    return ImportResult(added, repeated, len(plan.problem_rows))


def discard(pending):
    with write_transaction() as session:
        session.execute(delete(PendingImport).where(PendingImport.id == pending.id))
