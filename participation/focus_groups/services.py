"""Focus groups: secret links to one Handlungsfeld, and the measures the groups draft there.

A link's token is shown once and never stored: only its SHA-256 is, and a token is found by
that hash. A measure carries a version number; a save names the version it was based on and
is refused when a colleague saved in between (``UPDATE ... WHERE version = :seen``, which
holds across any number of app servers because the database decides it).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ..core.text import clean_line, clean_text, is_blank
from ..core.timeutil import BERLIN, utcnow
from ..database import write_transaction
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.participants import hash_token
from ..ideas.state import is_public, public_in
from ..measures.models import PRIORITIES, SHEET_TEXT_FIELDS, Measure
from ..workshops.models import Field, Workshop
from .models import FocusLink

TOKEN_BYTES = 32
DEFAULT_LINK_DAYS = 30
MAX_LINK_DAYS = 366
# A token as secrets.token_urlsafe writes it; anything else is not looked up at all.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")
# The same draft sent twice (a double click) within this time is stored once.
DUPLICATE_WINDOW = timedelta(minutes=10)

ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"


class FocusError(Exception):
    """A request the service refuses; ``message`` is German and meant for the page."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class MeasureConflict(Exception):
    """Someone saved the measure after this person opened it; ``current`` is what is stored."""

    def __init__(self, current):
        super().__init__("measure changed")
        self.current = current


class MeasureGone(Exception):
    """The measure was deleted while this person edited it."""


# --- links -----------------------------------------------------------------------------------


def default_expiry(today=None):
    return (today or datetime.now(BERLIN).date()) + timedelta(days=DEFAULT_LINK_DAYS)


def end_of_day(day):
    """A link is valid through the whole day chosen, in German time."""
    return datetime.combine(day + timedelta(days=1), time(0), BERLIN).astimezone(timezone.utc)


def last_valid_day(link):
    return (link.expires_at - timedelta(seconds=1)).astimezone(BERLIN).date()


def create_link(workshop, field, expires_on, label=""):
    """A new link for ``field`` valid through ``expires_on``; returns (link, token).

    The token is returned once and never stored.
    """
    if field.workshop_id != workshop.id:
        raise FocusError(_("Bitte wählen Sie ein Handlungsfeld dieses Workshops."))
    today = datetime.now(BERLIN).date()
    if expires_on < today:
        raise FocusError(_("Das Ablaufdatum liegt in der Vergangenheit. "
                           "Bitte wählen Sie heute oder einen späteren Tag."), "expires_on")
    if expires_on > today + timedelta(days=MAX_LINK_DAYS):
        raise FocusError(_("Ein Link gilt höchstens ein Jahr. Bitte wählen Sie ein früheres Ablaufdatum."),
                         "expires_on")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with write_transaction() as session:
        link = FocusLink(workshop_id=workshop.id, field_id=field.id, token_hash=hash_token(token),
                         label=" ".join((label or "").split())[:120], expires_at=end_of_day(expires_on))
        session.add(link)
    return link, token


def link_for_token(token):
    """The link with this token, or None. Expired and revoked links are returned too (see
    ``link_state``), so the page can say which it is without showing anything else."""
    if not token or not TOKEN_PATTERN.fullmatch(token):
        return None
    wanted = hash_token(token)
    # The lookup is by hash, so timing tells nothing about the token; compare once more in
    # constant time so that no index or collation quirk can ever match a near miss.
    link = db.session.scalar(select(FocusLink).where(FocusLink.token_hash == wanted))
    if link is None or not secrets.compare_digest(link.token_hash, wanted):
        return None
    return link


def language_of_token(token):
    """The language set for the workshop of this token's link, or None (the group's pages speak it)."""
    link = link_for_token(token)
    return link and db.session.scalar(select(Workshop.language).where(Workshop.id == link.workshop_id))


def link_state(link, now=None):
    if link.revoked:
        return REVOKED
    if (now or utcnow()) >= link.expires_at:
        return EXPIRED
    return ACTIVE


def revoke_link(link):
    with write_transaction():
        link.revoked = True
    return link


def link_of(workshop, link_id):
    link = db.session.get(FocusLink, link_id)
    return link if link is not None and link.workshop_id == workshop.id else None


def links_of(workshop):
    query = select(FocusLink).where(FocusLink.workshop_id == workshop.id)
    return db.session.scalars(query.order_by(FocusLink.created_at, FocusLink.id)).all()


def field_of(workshop, field_id):
    field = db.session.get(Field, field_id) if field_id else None
    return field if field is not None and field.workshop_id == workshop.id else None


# --- measures --------------------------------------------------------------------------------


@dataclass
class MeasureValues:
    """What a form sends for a measure: the sheet's boxes, ticked fields and ideas."""

    title: str
    texts: dict
    priority: str = ""
    field_ids: tuple = ()
    idea_ids: tuple = ()

    @classmethod
    def of(cls, measure):
        texts = {name: getattr(measure, name) for name in SHEET_TEXT_FIELDS}
        return cls(measure.title, texts, measure.priority, tuple(item.id for item in measure.fields),
                   tuple(idea.id for idea in measure.ideas))


def measures_of(workshop, field_id=None):
    query = select(Measure).where(Measure.workshop_id == workshop.id)
    if field_id is not None:
        query = query.where(Measure.field_id == field_id)
    return db.session.scalars(query.order_by(Measure.id)).all()


def measure_of(workshop, measure_id, field_id=None):
    """The measure if it belongs to ``workshop`` (and was drafted for ``field_id`` if given)."""
    measure = db.session.get(Measure, measure_id)
    if measure is None or measure.workshop_id != workshop.id or field_id not in (None, measure.field_id):
        return None
    return measure


def _clean(values):
    title = clean_line(values.title)
    if not title or is_blank(title):
        raise FocusError(_("Bitte geben Sie der Maßnahme eine Bezeichnung."), "title")
    if values.priority not in ("", *PRIORITIES):
        raise FocusError(_("Bitte wählen Sie niedrig, mittel, hoch oder „nicht festgelegt“."), "priority")
    texts = {name: clean_text(values.texts.get(name)) for name in SHEET_TEXT_FIELDS}
    texts = {name: "" if is_blank(text) else text for name, text in texts.items()}
    return {"title": title[:200], "priority": values.priority, **texts}


def _chosen_fields(session, workshop, field_ids):
    ids = set(field_ids)
    query = select(Field).where(Field.workshop_id == workshop.id, Field.id.in_(ids))
    fields = session.scalars(query).all() if ids else []
    if len(fields) != len(ids):
        raise FocusError(_("Bitte wählen Sie nur Handlungsfelder dieses Workshops."), "field_ids")
    return fields


def _chosen_ideas(session, workshop, idea_ids):
    """The ideas picked: only ideas of this workshop that the room sees may be linked."""
    ids = set(idea_ids)
    query = select(Idea).where(Idea.id.in_(ids), *public_in(workshop))
    ideas = session.scalars(query).all() if ids else []
    if len(ideas) != len(ids):
        raise FocusError(_("Einige der gewählten Ideen gehören nicht zu diesem Workshop oder werden nicht "
                           "mehr angezeigt. Bitte prüfen Sie die Auswahl."), "idea_ids")
    return ideas


def _same_draft_recently(session, workshop, field, columns):
    candidates = session.scalars(select(Measure).where(
        Measure.workshop_id == workshop.id,
        Measure.field_id == (field.id if field else None),
        Measure.title == columns["title"],
        Measure.created_at >= utcnow() - DUPLICATE_WINDOW,
        Measure.version == 1,
    )).all()
    return next((item for item in candidates if all(getattr(item, k) == v for k, v in columns.items())), None)


def create_measure(workshop, field, values):
    """Store a new measure drafted for ``field``; returns (measure, created).

    The very same draft sent twice within a few minutes (a double click, a resent form)
    is stored once: the second call returns the first measure with created=False.
    """
    columns = _clean(values)
    with write_transaction() as session:
        fields = _chosen_fields(session, workshop, values.field_ids)
        ideas = _chosen_ideas(session, workshop, values.idea_ids)
        existing = _same_draft_recently(session, workshop, field, columns)
        if existing is not None:
            return existing, False
        measure = Measure(workshop_id=workshop.id, field_id=field.id if field else None, version=1, **columns)
        measure.fields = fields
        measure.ideas = ideas
        session.add(measure)
    return measure, True


def update_measure(workshop, measure_id, seen_version, values):
    """Save ``values`` over the measure if it is still at ``seen_version``; returns it.

    Raises MeasureConflict (with the stored values) when someone saved in between, and
    MeasureGone when it was deleted. Links to ideas hidden since cannot be unticked in the
    form (it no longer shows them), so they are kept.
    """
    columns = _clean(values)
    with write_transaction() as session:
        fields = _chosen_fields(session, workshop, values.field_ids)
        ideas = _chosen_ideas(session, workshop, values.idea_ids)
        result = session.execute(
            update(Measure)
            .where(*_at_version(workshop, measure_id, seen_version))
            .values(**columns, version=Measure.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        measure = session.get(Measure, measure_id, populate_existing=True)
        if measure is None or measure.workshop_id != workshop.id:
            raise MeasureGone()
        if result.rowcount != 1:
            raise MeasureConflict(_stored(measure))
        measure.ideas = ideas + [idea for idea in measure.ideas if not is_public(idea)]
        measure.fields = fields
    return measure


@dataclass(frozen=True)
class StoredMeasure:
    """A measure as stored at one moment, detached from the session (for the conflict page)."""

    version: int
    values: MeasureValues
    field_names: tuple
    idea_texts: tuple
    updated_at: datetime


def _stored(measure):
    values = MeasureValues.of(measure)
    shown = [idea for idea in measure.ideas if is_public(idea)]  # the form compares with these
    values.idea_ids = tuple(idea.id for idea in shown)
    return StoredMeasure(measure.version, values, tuple(item.name for item in measure.fields),
                         tuple(idea.text for idea in shown), measure.updated_at)


def _at_version(workshop, measure_id, seen_version):
    # The database decides, row-locked: of two saves based on the same version only one matches.
    return (Measure.id == measure_id, Measure.workshop_id == workshop.id,
            Measure.version == (seen_version or 0))


def delete_measure(workshop, measure_id, seen_version):
    """Delete the measure if nobody changed it since ``seen_version``; raises MeasureConflict
    or MeasureGone otherwise (a colleague's new text is never deleted unseen)."""
    with write_transaction() as session:
        result = session.execute(
            delete(Measure)
            .where(*_at_version(workshop, measure_id, seen_version))
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount != 1:
            measure = session.get(Measure, measure_id, populate_existing=True)
            if measure is None or measure.workshop_id != workshop.id:
                raise MeasureGone()
            raise MeasureConflict(_stored(measure))
