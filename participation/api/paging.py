"""Pages of a workshop's visible ideas for the JSON API: keyset paging with an opaque cursor.

Ideas come in the order in which their posts committed: by ``Idea.posted_seq`` (then id),
the workshop's event seq of the event that announced the idea. New ideas only ever appear
at the end, so a client that follows ``next`` sees every idea exactly once, however many
are posted meanwhile.

Why not the time of posting, or the id: both are taken before the post commits. The time
is taken before the write waits for its turn, and on PostgreSQL the id comes from a
sequence at INSERT; a post that is slow between those and its COMMIT (a busy worker, a
group commit in another process) commits after ideas that sort behind it, which a client
may have paged past already: it would never see that idea. The event seq is assigned at
commit under the workshop row's lock (``events.log``), which is held until the commit, so
a reader that sees an idea with seq N has seen every idea with a lower seq that will ever
be: no page can be passed by an idea that comes later. Stamping costs the post little:
on PostgreSQL one more sub-statement in the statement that numbers the events (sent with
the COMMIT), on SQLite one UPDATE of the rows it has just inserted.

Only posts stamp (the posting path and typed-in cards: ``record_events(..., posted=True)``);
ideas without a stamp (stored before ``posted_seq`` existed, imported with a workshop, the
demo's) are listed as if 0: first, by id. Nothing else moves an idea: an edit, a vote or a
field's new ideas announce it again without a new place. What the order does not give:
an idea that becomes visible later (approved, shown again) keeps its place, so a walk that
is past it does not list it; that is a moderation change, not a post.

The cursor names the last idea of a page (its seq and id), base64url-encoded so clients
treat it as a token and do not build their own. A cursor of the earlier order (time and
id, handed out before this order) still leads on: after the place of the last idea at or
before it in that order.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

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


def ideas_page(workshop, limit, after, participant_id=None):
    """Up to ``limit`` visible ideas after the position ``after`` (or from the start);
    with ``participant_id`` only that participant's."""
    position = func.coalesce(Idea.posted_seq, 0)
    query = select(Idea).where(*public_in(workshop))
    if participant_id is not None:
        query = query.where(Idea.participant_id == participant_id)
    if isinstance(after, EarlierCursor):
        after = _earlier_cursor_position(workshop, after)
    if after is not None:
        query = query.where(or_(position > after.seq, and_(position == after.seq, Idea.id > after.id)))
    # One more than asked for: tells whether there is a next page without counting them all
    ideas = db.session.scalars(query.order_by(position, Idea.id).limit(limit + 1)).all()
    if len(ideas) <= limit:
        return Page(ideas, None)
    last = ideas[limit - 1]
    return Page(ideas[:limit], encode_cursor(last.posted_seq or 0, last.id))


@dataclass(frozen=True)
class Position:
    """Where a page ends: the last idea's ``posted_seq`` and id."""
    seq: int
    id: int


@dataclass(frozen=True)
class EarlierCursor:
    """A cursor of the earlier order, by (created_at, id)."""
    created_at: datetime
    id: int


def _earlier_cursor_position(workshop, cursor):
    """The position of the last idea at or before ``cursor`` in the earlier order (None: none)."""
    row = db.session.execute(
        select(func.coalesce(Idea.posted_seq, 0), Idea.id)
        .where(Idea.workshop_id == workshop.id,
               or_(Idea.created_at < cursor.created_at,
                   and_(Idea.created_at == cursor.created_at, Idea.id <= cursor.id)))
        .order_by(Idea.created_at.desc(), Idea.id.desc()).limit(1)).first()
    return None if row is None else Position(*row)


def encode_cursor(seq, idea_id):
    return base64.urlsafe_b64encode(f"s{seq}.{idea_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """The ``Position`` (or ``EarlierCursor``) of a cursor this API handed out;
    BadPageRequest for anything else."""
    bad = BadPageRequest(_("Dieser „cursor“ ist ungültig. Bitte nutzen Sie den Link „next“ "
                           "der vorigen Seite oder lassen Sie „cursor“ weg."), "cursor")
    if not _CURSOR.match(cursor):
        raise bad
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        raise bad from None
    match = re.fullmatch(r"s(\d{1,10})\.(\d{1,10})", text)
    if match is not None and int(match[1]) <= MAX_ID and int(match[2]) <= MAX_ID:
        return Position(int(match[1]), int(match[2]))
    match = re.fullmatch(r"(\d{1,16})\.(\d{1,10})", text)  # the earlier order's: microseconds.id
    if match is None or int(match[2]) > MAX_ID:
        raise bad
    return EarlierCursor(EPOCH + timedelta(microseconds=int(match[1])), int(match[2]))
