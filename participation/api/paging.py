"""Pages of a workshop's visible ideas for the JSON API: keyset paging with an opaque cursor.

Ideas come oldest first, ordered by (created_at, id): a stable order in which new ideas only
ever appear at the end, so a client that follows ``next`` sees every idea exactly once,
however many are posted meanwhile. The cursor names the last idea of a page (its time and
id), base64url-encoded so clients treat it as a token and do not build their own.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from ..core.ids import MAX_ID
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.state import public_in

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
_CURSOR = re.compile(CURSOR_PATTERN)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class BadPageRequest(ValueError):
    """A ``limit`` or ``cursor`` the API cannot use; ``message`` is German for the person."""

    def __init__(self, message, parameter):
        super().__init__(message)
        self.message = message
        self.parameter = parameter


@dataclass(frozen=True)
class Page:
    ideas: list
    next_cursor: str | None


def page_request(arguments):
    """(limit, position after which the page starts or None) from the query string."""
    raw = arguments.get("limit")
    limit = DEFAULT_LIMIT
    if raw is not None:
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
            raise BadPageRequest(
                _("„limit“ muss eine ganze Zahl von 1 bis %(most)d sein.", most=MAX_LIMIT), "limit")
        limit = int(raw)
    cursor = arguments.get("cursor")
    return limit, None if cursor is None else decode_cursor(cursor)


def ideas_page(workshop, limit, after, author=None):
    """Up to ``limit`` visible ideas after the position ``after`` (or from the start); with
    ``author`` (a participant) only theirs."""
    query = select(Idea).where(*public_in(workshop))
    if author is not None:
        query = query.where(Idea.participant_id == author.id)
    if after is not None:
        created_at, idea_id = after
        query = query.where(or_(Idea.created_at > created_at,
                                and_(Idea.created_at == created_at, Idea.id > idea_id)))
    # One more than asked for: tells whether there is a next page without counting them all
    ideas = db.session.scalars(query.order_by(Idea.created_at, Idea.id).limit(limit + 1)).all()
    if len(ideas) <= limit:
        return Page(ideas, None)
    last = ideas[limit - 1]
    return Page(ideas[:limit], encode_cursor(last.created_at, last.id))


def encode_cursor(created_at, idea_id):
    micros = (created_at - EPOCH) // timedelta(microseconds=1)  # exact, unlike a float timestamp
    return base64.urlsafe_b64encode(f"{micros}.{idea_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """(created_at, id) from a cursor this API handed out; BadPageRequest for anything else."""
    bad = BadPageRequest(_("Dieser „cursor“ ist ungültig. Bitte nutzen Sie den Link „next“ "
                           "der vorigen Seite oder lassen Sie „cursor“ weg."), "cursor")
    if not _CURSOR.match(cursor):
        raise bad
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        raise bad from None
    match = re.fullmatch(r"(\d{1,16})\.(\d{1,10})", text)
    if match is None or int(match[2]) > MAX_ID:
        raise bad
    return EPOCH + timedelta(microseconds=int(match[1])), int(match[2])
