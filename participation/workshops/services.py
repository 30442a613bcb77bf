"""Creating, finding and changing workshops: settings, open and closed, and what walls and
phones are told about them. Questions and fields: structure.py; co-moderators:
co_moderators.py; who may do what: rules.py."""

from flask import current_app
from sqlalchemy import event, or_, select

from ..core.timeutil import utcnow
from ..database import write_transaction
from ..extensions import db
from ..events.log import record_event
from .catalog import get_template
from .codes import generate_code, normalise_code
from .models import Field, Question, RunStep, Workshop, workshop_moderator
from .saved_templates import payload_of_catalog
from .wall_keys import new_wall_salt


def find_workshop_by_code(typed):
    """The workshop with this join code as a person typed it (any case, spaces, dashes), or None."""
    code = normalise_code(typed)
    if code is None:
        return None
    return db.session.scalar(select(Workshop).where(Workshop.code == code))


def workshops_of(moderator):
    """The workshops on a moderator's dashboard: own and co-moderated ones; for admins, all."""
    query = select(Workshop).order_by(Workshop.created_at.desc(), Workshop.id.desc())
    if not moderator.is_admin:
        invited = select(workshop_moderator.c.workshop_id).where(workshop_moderator.c.moderator_id == moderator.id)
        query = query.where(or_(Workshop.owner_id == moderator.id, Workshop.id.in_(invited)))
    return db.session.scalars(query).all()


def unused_code(session):
    """A join code no workshop has yet."""
    for _attempt in range(50):
        code = generate_code()
        if session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code
    raise RuntimeError("no free join code found")


def create_workshop(owner, template_key, title=None, **attributes):
    """Create a workshop from a catalogue template; returns it committed."""
    template = get_template(template_key)
    return create_from_payload(owner, payload_of_catalog(template), title, template.title or template.label,
                               template.description, **attributes)


def create_from_saved(owner, saved, title=None, **attributes):
    """Create a workshop from a moderator's own template (``SavedTemplate``)."""
    return create_from_payload(owner, saved.payload, title, saved.name, saved.description, **attributes)


def create_from_payload(owner, payload, title, default_title, description, **attributes):
    """Create a workshop with the questions, fields and run sheet of ``payload`` (the shape of
    ``saved_templates.payload_of_workshop``). The run sheet is prepared, not started: the
    workshop is open as a whole until the moderator starts a step."""
    with write_transaction() as session:
        workshop = Workshop(
            code=unused_code(session),
            wall_salt=new_wall_salt(),
            title=(title or "").strip() or default_title,
            description=description,
            owner_id=owner.id if owner else None,
            idea_max_length=current_app.config["IDEA_MAX_LENGTH_DEFAULT"],
            **attributes,
        )
        workshop.questions = [
            Question(position=index, text=text) for index, text in enumerate(payload["questions"])
        ]
        workshop.fields = [
            Field(
                position=index,
                name=field["name"],
                description=field["description"],
                keywords=list(field["keywords"]),
                colour=field["colour"],
                catch_all=bool(field.get("catch_all")),
            )
            for index, field in enumerate(payload["fields"])
        ]
        session.add(workshop)
        session.flush()  # question ids for the steps
        ids = [question.id for question in workshop.questions]
        workshop.steps = [
            RunStep(
                position=index,
                kind=step["kind"],
                title=step.get("title") or "",
                question_ids=sorted(ids[position] for position in step["question_positions"] if position < len(ids)),
                duration_seconds=step.get("duration_seconds"),
                auto_advance=bool(step.get("auto_advance")),
            )
            for index, step in enumerate(payload["steps"])
        ]
    return workshop


def update_workshop(workshop, **attributes):
    """Store settings and tell walls and phones."""
    with write_transaction() as session:
        for name, value in attributes.items():
            setattr(workshop, name, value)
        announce_workshop(session, workshop)
    return workshop


def announce_workshop(session, workshop):
    """Tell walls and phones about settings they show (title, open, ideas visible, dots)."""
    session.flush()
    record_event(session, workshop.id, "workshop", workshop_settings(workshop))


def workshop_settings(workshop):
    """The settings walls and phones follow, as a workshop event carries them."""
    return {
        "title": workshop.title,
        "is_open": workshop.is_open,
        "show_ideas": workshop.show_ideas_to_attendees,
        "dots": workshop.dots_per_participant,
    }


def set_open(workshop, is_open):
    """Open or close the workshop for ideas."""
    return update_workshop(workshop, is_open=bool(is_open))


@event.listens_for(Workshop.is_open, "set", active_history=True)
def _track_closing(workshop, value, previous, _initiator):
    """Closing starts the retention clock (``closed_at``), reopening stops it.

    On the attribute itself, so every way of closing counts: the state button, the
    settings form, an import of a closed workshop.
    """
    if value == previous:
        return
    if value:
        workshop.closed_at = None
    elif previous is not False:
        workshop.closed_at = utcnow()
