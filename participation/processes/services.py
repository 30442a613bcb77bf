"""Processes: create and edit them, move workshops in and out, keep the shared catalogue.

Every workshop keeps its own ``Field`` rows; the catalogue (``ProcessField``) is the
process's list of Handlungsfelder, and ``Field.process_field_id`` links a workshop's field
to its entry. Joining links fields by name (a field the catalogue lacks is added to it, an
entry the workshop lacks is added to the workshop); editing an entry edits the linked field
of every workshop; leaving only clears the links. No idea, decision or field is deleted by
any of this.
"""

import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..charts.palette import next_field_colour
from ..core.ordering import move_one
from ..core.signals import announce_content_changed
from ..core.text import clean_line, is_blank
from ..database import write_transaction
from ..events.log import record_event
from ..exports.services import slug
from ..extensions import db
from ..workshops.models import Field, Workshop
from ..workshops.services import workshops_of
from .models import Process, ProcessField

TITLE_MAX = 200
SLUG_MAX = 64


class ProcessError(Exception):
    """A change that cannot be made; ``message`` is shown to the person (German UI text)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def name_key(name):
    """Field names compared across workshops: case, spacing and Unicode forms ignored
    ("Bildung " and "bildung" are one field)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def slugify(text):
    """The public address part of a title ("Dithmarschen Digital" → "dithmarschen-digital")."""
    return slug(text, limit=48, fallback="prozess")


def _free_slug(session, wanted, own_id=None):
    base, number = wanted, 1
    while True:
        taken = session.scalar(select(Process.id).where(Process.slug == wanted))
        if taken is None or taken == own_id:
            return wanted
        number += 1
        wanted = f"{base}-{number}"


def _clean_title(title):
    title = clean_line(title or "")
    if is_blank(title):
        raise ProcessError(_("Bitte geben Sie dem Prozess einen Titel."), "title")
    if len(title) > TITLE_MAX:
        raise ProcessError(_("Der Titel ist zu lang (höchstens %(limit)d Zeichen).", limit=TITLE_MAX), "title")
    return title


# --- the process itself --------------------------------------------------------------------


def create_process(owner, title, description=""):
    title = _clean_title(title)
    with write_transaction() as session:
        process = Process(
            title=title,
            description=(description or "").strip(),
            slug=_free_slug(session, slugify(title)),
            owner_id=owner.id if owner is not None else None,
        )
        session.add(process)
    return process


def update_process(process, title, description, public=None, slug=None):
    """Store title, description, the public switch and (when given) the public address."""
    title = _clean_title(title)
    if slug is not None:
        wanted = slugify(slug)
        if wanted != slug.strip().lower() or len(wanted) > SLUG_MAX:
            raise ProcessError(_("Die Adresse darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten."), "slug")
    with write_transaction() as session:
        if slug is not None and wanted != process.slug:
            if session.scalar(select(Process.id).where(Process.slug == wanted, Process.id != process.id)):
                raise ProcessError(_("Diese Adresse hat schon ein anderer Prozess."), "slug")
            process.slug = wanted
        process.title = title
        process.description = (description or "").strip()
        if public is not None:
            process.public = bool(public)
    return process


def delete_process(process):
    """Delete the process and its catalogue; its workshops stay, on their own, with everything
    in them (their fields are kept, only unlinked)."""
    ids = [workshop.id for workshop in process.workshops]
    with write_transaction() as session:
        _unlink(session, ids)
        session.delete(process)
    for workshop_id in ids:
        announce_content_changed(workshop_id)


def processes_of(moderator):
    """The processes a moderator owns or takes part in through one of their workshops."""
    if moderator.is_admin:
        return db.session.scalars(select(Process).order_by(Process.created_at.desc(), Process.id.desc())).all()
    own_workshops = [workshop.process_id for workshop in workshops_of(moderator) if workshop.process_id]
    return db.session.scalars(
        select(Process)
        .where((Process.owner_id == moderator.id) | Process.id.in_(own_workshops))
        .order_by(Process.created_at.desc(), Process.id.desc())
    ).all()


def process_by_slug(slug):
    return db.session.scalar(select(Process).where(Process.slug == slug))


# --- membership ---------------------------------------------------------------------------


def join(process, workshop):
    """Make ``workshop`` an event of ``process`` and link its fields with the catalogue.

    A workshop in another process moves (it leaves that one first). Fields are matched by
    ``name_key``; the catalogue gains the workshop's fields it lacks, the workshop gains the
    catalogue's entries it lacks (same name, description, keywords, colour). Every workshop
    of the process is analysed again: the others' decisions now teach this one and back.
    """
    with write_transaction() as session:
        if workshop.process_id not in (None, process.id):
            _unlink(session, [workshop.id])
        workshop.process_id = process.id
        catalogue = _catalogue(session, process)
        fields = session.scalars(select(Field).where(Field.workshop_id == workshop.id).order_by(Field.position)).all()
        linked, added = set(), []
        for field in fields:
            entry = catalogue.get(name_key(field.name))
            if entry is None:
                entry = _new_entry(session, process, field)
                catalogue[name_key(field.name)] = entry
                added.append(entry)
            if entry.id in linked:
                field.process_field_id = None  # two fields of one name: the first stands for it
                continue
            field.process_field_id = entry.id
            linked.add(entry.id)
        position = max((field.position for field in fields), default=-1) + 1
        for entry in sorted(catalogue.values(), key=lambda entry: entry.position):
            if entry.id in linked:
                continue
            session.add(Field(
                workshop_id=workshop.id, position=position, name=entry.name, description=entry.description,
                keywords=list(entry.keywords), colour=entry.colour, catch_all=entry.catch_all,
                process_field_id=entry.id,
            ))
            position += 1
        record_event(session, workshop.id, "fields", {})
        others = session.scalars(select(Workshop.id).where(Workshop.process_id == process.id,
                                                           Workshop.id != workshop.id)).all()
        for entry in added:  # the catalogue grew: the other events get the field too
            for other_id in others:
                _add_to_workshop(session, other_id, entry)
    _analyse_all(process)


def leave(workshop):
    """Take ``workshop`` out of its process: everything in it stays (its fields too)."""
    process_id = workshop.process_id
    if process_id is None:
        return
    with write_transaction() as session:
        _unlink(session, [workshop.id])
    announce_content_changed(workshop.id)
    for other_id in db.session.scalars(select(Workshop.id).where(Workshop.process_id == process_id)).all():
        announce_content_changed(other_id)  # they no longer learn from its decisions


def _unlink(session, workshop_ids):
    if not workshop_ids:
        return
    session.execute(update(Field).where(Field.workshop_id.in_(workshop_ids)).values(process_field_id=None))
    session.execute(update(Workshop).where(Workshop.id.in_(workshop_ids)).values(process_id=None))


def _analyse_all(process):
    for workshop_id in db.session.scalars(select(Workshop.id).where(Workshop.process_id == process.id)).all():
        announce_content_changed(workshop_id)


# --- the catalogue --------------------------------------------------------------------------


def _catalogue(session, process):
    entries = session.scalars(select(ProcessField).where(ProcessField.process_id == process.id)).all()
    return {name_key(entry.name): entry for entry in entries}


def _next_entry_position(session, process):
    highest = session.scalar(select(func.max(ProcessField.position)).where(ProcessField.process_id == process.id))
    return 0 if highest is None else highest + 1


def _new_entry(session, process, field):
    entry = ProcessField(
        process_id=process.id, position=_next_entry_position(session, process), name=field.name,
        description=field.description, keywords=list(field.keywords), colour=field.colour,
        catch_all=bool(field.catch_all),
    )
    session.add(entry)
    session.flush()
    return entry


def _check_entry_name(session, process, name, own_id=None):
    name = clean_line(name or "")
    if is_blank(name):
        raise ProcessError(_("Bitte geben Sie dem Handlungsfeld einen Namen."), "name")
    if len(name) > 120:
        raise ProcessError(_("Der Name ist zu lang (höchstens %(limit)d Zeichen).", limit=120), "name")
    for entry in session.scalars(select(ProcessField).where(ProcessField.process_id == process.id)):
        if entry.id != own_id and name_key(entry.name) == name_key(name):
            raise ProcessError(_("Ein Handlungsfeld dieses Namens gibt es im Katalog schon."), "name")
    return name


def add_entry(process, name, description="", keywords=(), colour=None, catch_all=False):
    """A new catalogue entry, added as a field to every workshop of the process (a workshop
    that already has a field of that name, not yet linked, gets that one linked instead)."""
    with write_transaction() as session:
        name = _check_entry_name(session, process, name)
        colour = colour or next_field_colour(entry.colour for entry in process.fields)
        entry = ProcessField(
            process_id=process.id, position=_next_entry_position(session, process), name=name,
            description=(description or "").strip(), keywords=list(keywords), colour=colour, catch_all=bool(catch_all),
        )
        session.add(entry)
        session.flush()
        for workshop_id in session.scalars(select(Workshop.id).where(Workshop.process_id == process.id)).all():
            _add_to_workshop(session, workshop_id, entry)
    _analyse_all(process)
    return entry


def _add_to_workshop(session, workshop_id, entry):
    """Give a workshop the field of ``entry``: its unlinked field of that name, or a new one."""
    fields = session.scalars(select(Field).where(Field.workshop_id == workshop_id)).all()
    same = next((field for field in fields if field.process_field_id is None
                 and name_key(field.name) == name_key(entry.name)), None)
    if same is not None:
        same.process_field_id = entry.id
    else:
        session.add(Field(
            workshop_id=workshop_id, position=max((field.position for field in fields), default=-1) + 1,
            name=entry.name, description=entry.description, keywords=list(entry.keywords), colour=entry.colour,
            catch_all=entry.catch_all, process_field_id=entry.id,
        ))
    record_event(session, workshop_id, "fields", {})


def update_entry(entry, name, description, keywords, colour, catch_all=None):
    """Store a catalogue entry and the same settings on every workshop's linked field."""
    process = entry.process
    with write_transaction() as session:
        name = _check_entry_name(session, process, name, own_id=entry.id)
        entry.name = name
        entry.description = (description or "").strip()
        entry.keywords = list(keywords)
        entry.colour = colour
        if catch_all is not None:
            entry.catch_all = bool(catch_all)
        for field in session.scalars(select(Field).where(Field.process_field_id == entry.id)).all():
            field.name, field.description = entry.name, entry.description
            field.keywords, field.colour, field.catch_all = list(entry.keywords), entry.colour, entry.catch_all
            record_event(session, field.workshop_id, "fields", {})
    _analyse_all(process)
    return entry


def remove_entry(entry):
    """Take an entry out of the catalogue. The workshops keep their fields (they may hold
    ideas and decisions); those fields are only no longer shared."""
    process = entry.process
    with write_transaction() as session:
        session.execute(update(Field).where(Field.process_field_id == entry.id).values(process_field_id=None))
        session.delete(entry)
    _analyse_all(process)


def adopt_field(process, field):
    """Share a workshop's unlinked field: link it to the entry of its name, or add it to the
    catalogue (and then to every other workshop) when there is none."""
    if field.workshop.process_id != process.id:
        raise ProcessError(_("Dieses Handlungsfeld gehört zu keinem Workshop des Prozesses."))
    entry = _catalogue(db.session, process).get(name_key(field.name))
    if entry is None:
        return add_entry(process, field.name, field.description, field.keywords, field.colour, field.catch_all)
    with write_transaction():
        field.process_field_id = entry.id
    _analyse_all(process)
    return entry


def unlinked_fields(process):
    """Fields of the process's workshops that stand for no catalogue entry (added in one
    workshop after it joined, or a second field of a name), with their workshop."""
    return db.session.scalars(
        select(Field).join(Workshop, Field.workshop_id == Workshop.id)
        .where(Workshop.process_id == process.id, Field.process_field_id.is_(None))
        .order_by(Workshop.id, Field.position)
    ).all()


def move_entry(entry, direction):
    """Swap a catalogue entry with its neighbour (-1 up, +1 down)."""
    with write_transaction() as session:
        entries = session.scalars(
            select(ProcessField).where(ProcessField.process_id == entry.process_id).order_by(ProcessField.position)
        ).all()
        move_one(entries, entry, direction)
