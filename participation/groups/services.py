"""Groups of a workshop and what happens in them: adding and changing groups, joining one,
promoting ideas to the plenary, the facilitator's help signal, the moderator's message to
every group wall, and the numbers of the moderator's overview.

Every change goes to the live log in its transaction (``group``: a group's public state,
``group.message``: the message, ``idea``: an idea promoted or taken back), so walls,
facilitator pages and the overview follow it. Refusals raise ``GroupError`` with a
German message; nothing is written then.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import limits
from ..core.text import clean_line, is_blank
from ..database import write_transaction
from ..events.log import record_event
from ..extensions import db
from ..ideas.models import Idea, Participant
from ..ideas.services import announce_idea
from ..ideas.state import is_public, public_in
from ..workshops.models import Group

NAME_LENGTH = 80
TOPIC_LENGTH = 200
MESSAGE_LENGTH = 200
MAX_GROUPS = 60  # a hall of 60 tables, or 60 breakout rooms, is already more than any evening
MAX_PROMOTE = 10


class GroupError(Exception):
    """A change to a group that the rules refuse; ``message`` is for the person."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def group_state(group):
    """A group as walls, phones and the moderator's overview see it (no facilitator key)."""
    return {
        "id": group.id,
        "number": group.number,
        "name": group.name,
        "topic": group.topic,
        "question_id": group.question_id,
        "help": group.help_at is not None,
        "help_at": group.help_at.isoformat() if group.help_at else None,
    }


def group_of(workshop, group_id):
    """The group with this id if it belongs to ``workshop``, else None."""
    group = db.session.get(Group, group_id) if isinstance(group_id, int) else None
    return group if group is not None and group.workshop_id == workshop.id else None


def group_by_number(workshop, number):
    """The group of ``workshop`` with this number (its short link's), else None."""
    return db.session.scalar(select(Group).where(Group.workshop_id == workshop.id, Group.number == number))


def _clean(raw, length, field, required=False):
    text = clean_line(raw or "")
    if required and is_blank(text):
        raise GroupError(_("Bitte geben Sie der Gruppe einen Namen."), field=field)
    if len(text) > length:
        raise GroupError(_("Höchstens %(n)d Zeichen.", n=length), field=field)
    return text


def _checked(workshop, name, topic, question_id, facilitator):
    values = {
        "name": _clean(name, NAME_LENGTH, "name", required=True),
        "topic": _clean(topic, TOPIC_LENGTH, "topic"),
        "facilitator": _clean(facilitator, NAME_LENGTH, "facilitator"),
        "question_id": None,
    }
    if question_id not in (None, ""):
        if not any(question.id == question_id for question in workshop.questions):
            raise GroupError(_("Diese Leitfrage gibt es in diesem Workshop nicht."), field="question_id")
        values["question_id"] = question_id
    names = {group.name.casefold() for group in workshop.groups}
    return values, names


def _next_number(session, workshop):
    return (session.scalar(select(func.max(Group.number)).where(Group.workshop_id == workshop.id)) or 0) + 1


def add_group(workshop, name, topic="", question_id=None, facilitator=""):
    """A new group at the end of the workshop's list; returns it."""
    values, names = _checked(workshop, name, topic, question_id, facilitator)
    if values["name"].casefold() in names:
        raise GroupError(_("Eine Gruppe mit diesem Namen gibt es schon."), field="name")
    if len(workshop.groups) >= MAX_GROUPS:
        raise GroupError(_("Höchstens %(n)d Gruppen je Workshop.", n=MAX_GROUPS), field=None)
    with write_transaction() as session:
        group = Group(workshop_id=workshop.id, number=_next_number(session, workshop), **values)
        session.add(group)
        session.flush()
        record_event(session, workshop.id, "group", {"group": group_state(group)})
    return group


def add_groups(workshop, count, prefix=None):
    """``count`` new groups named "<prefix> <n>" ("Tisch 4", "Tisch 5" ...), numbered on
    from the last; names already taken are skipped. Returns the new groups."""
    prefix = _clean(prefix, NAME_LENGTH - 4, "prefix") or _("Tisch")
    if not isinstance(count, int) or count < 1:
        raise GroupError(_("Bitte eine Zahl ab 1 eintragen."), field="count")
    if len(workshop.groups) + count > MAX_GROUPS:
        raise GroupError(_("Höchstens %(n)d Gruppen je Workshop.", n=MAX_GROUPS), field="count")
    names = {group.name.casefold() for group in workshop.groups}
    created = []
    with write_transaction() as session:
        number = _next_number(session, workshop)
        suffix = len(workshop.groups) + 1
        while len(created) < count:
            name = f"{prefix} {suffix}"
            suffix += 1
            if name.casefold() in names:
                continue
            group = Group(workshop_id=workshop.id, number=number, name=name)
            number += 1
            session.add(group)
            created.append(group)
        session.flush()
        for group in created:
            record_event(session, workshop.id, "group", {"group": group_state(group)})
    return created


def update_group(group, name, topic="", question_id=None, facilitator=""):
    """Change a group's name, topic, question focus and facilitator's name."""
    values, _names = _checked(group.workshop, name, topic, question_id, facilitator)
    if any(other.id != group.id and other.name.casefold() == values["name"].casefold()
           for other in group.workshop.groups):
        raise GroupError(_("Eine Gruppe mit diesem Namen gibt es schon."), field="name")
    with write_transaction() as session:
        for key, value in values.items():
            setattr(group, key, value)
        session.flush()
        record_event(session, group.workshop_id, "group", {"group": group_state(group)})
    return group


def group_idea_count(group):
    return db.session.scalar(select(func.count(Idea.id)).where(Idea.group_id == group.id)) or 0


def delete_group(group):
    """Delete a group without ideas (its members keep their place in the workshop, without a
    group). A group with ideas stays: its ideas would lose where they came from."""
    count = group_idea_count(group)
    if count:
        raise GroupError(_("Diese Gruppe hat %(n)d Ideen und bleibt deshalb; Sie können sie umbenennen.", n=count))
    workshop_id, state = group.workshop_id, group_state(group)
    with write_transaction() as session:
        session.delete(group)
        record_event(session, workshop_id, "group", {"group": {**state, "deleted": True}})


def join_group(participant, group):
    """Put ``participant`` into ``group`` (None: no group). Ideas posted before keep theirs."""
    if group is not None and group.workshop_id != participant.workshop_id:
        raise GroupError(_("Diese Gruppe gibt es in diesem Workshop nicht."), field="group_id")
    with write_transaction():
        participant.group_id = group.id if group is not None else None
    return participant


def promoted_count(group):
    return db.session.scalar(
        select(func.count(Idea.id)).where(Idea.group_id == group.id, Idea.promoted_at.is_not(None))
    ) or 0


def promoted_ideas(workshop, group=None):
    """The public ideas groups promoted to the plenary, by group and then in the order
    they were promoted (of one group only with ``group``)."""
    query = (select(Idea).join(Group, Group.id == Idea.group_id)
             .where(*public_in(workshop), Idea.promoted_at.is_not(None)))
    if group is not None:
        query = query.where(Idea.group_id == group.id)
    return db.session.scalars(query.order_by(Group.number, Idea.promoted_at, Idea.id)).all()


def promote(group, idea):
    """Promote ``idea`` of ``group`` to the plenary, up to the workshop's limit per group."""
    if idea.group_id != group.id or idea.workshop_id != group.workshop_id:
        raise GroupError(_("Diese Idee gehört nicht zu Ihrer Gruppe."))
    if not is_public(idea):
        raise GroupError(_("Nur sichtbare Ideen können ins Plenum gehen."))
    if idea.promoted_at is not None:
        return idea
    limit = group.workshop.group_promote_limit
    with write_transaction() as session:
        # the group's row locked (PostgreSQL): two facilitators' taps never pass the limit together
        session.execute(select(Group.id).where(Group.id == group.id).with_for_update())
        if promoted_count(group) >= limit:
            raise GroupError(_("Ihre Gruppe hat schon %(n)d Ideen ins Plenum gegeben – nehmen Sie erst eine "
                               "zurück.", n=limit))
        idea.promoted_at = limits.clock_utc()
        announce_idea(session, idea)
    return idea


def unpromote(group, idea):
    """Take ``idea`` back from the plenary."""
    if idea.group_id != group.id or idea.workshop_id != group.workshop_id:
        raise GroupError(_("Diese Idee gehört nicht zu Ihrer Gruppe."))
    if idea.promoted_at is None:
        return idea
    with write_transaction() as session:
        idea.promoted_at = None
        announce_idea(session, idea)
    return idea


def set_promote_limit(workshop, limit):
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PROMOTE:
        raise GroupError(_("Bitte eine Zahl von 1 bis %(n)d eintragen.", n=MAX_PROMOTE), field="limit")
    with write_transaction():
        workshop.group_promote_limit = limit


def raise_help(group):
    """The facilitator asks the moderator to come to the group ("Hilfe")."""
    with write_transaction() as session:
        if group.help_at is None:
            group.help_at = limits.clock_utc()
        record_event(session, group.workshop_id, "group", {"group": group_state(group)})


def clear_help(group):
    """The help request is answered (by the moderator, or taken back by the facilitator)."""
    with write_transaction() as session:
        group.help_at = None
        record_event(session, group.workshop_id, "group", {"group": group_state(group)})


def send_group_message(workshop, raw):
    """Show ``raw`` ("Noch 5 Minuten") on every group wall until it is cleared or replaced."""
    text = clean_line(raw or "")
    if is_blank(text):
        raise GroupError(_("Bitte schreiben Sie eine Nachricht."), field="message")
    if len(text) > MESSAGE_LENGTH:
        raise GroupError(_("Höchstens %(n)d Zeichen.", n=MESSAGE_LENGTH), field="message")
    with write_transaction() as session:
        workshop.group_message = text
        workshop.group_message_at = limits.clock_utc()
        record_event(session, workshop.id, "group.message", message_state(workshop))


def clear_group_message(workshop):
    with write_transaction() as session:
        workshop.group_message = None
        workshop.group_message_at = None
        record_event(session, workshop.id, "group.message", message_state(workshop))


def message_state(workshop):
    return {"text": workshop.group_message or None,
            "sent_at": workshop.group_message_at.isoformat() if workshop.group_message_at else None}


def group_activity(workshop):
    """The moderator's overview: per group its state and ``ideas`` (public), ``pending``
    (waiting or hidden), ``people``, ``done`` (people done with the running step, None
    without one), ``promoted`` and ``last_activity`` (its newest idea's time, or None);
    a last row ``None`` for ideas and people without a group."""
    ideas = dict(db.session.execute(
        select(Idea.group_id, func.count(Idea.id)).where(*public_in(workshop)).group_by(Idea.group_id)).all())
    total = dict(db.session.execute(
        select(Idea.group_id, func.count(Idea.id)).where(Idea.workshop_id == workshop.id)
        .group_by(Idea.group_id)).all())
    latest = dict(db.session.execute(
        select(Idea.group_id, func.max(Idea.created_at)).where(Idea.workshop_id == workshop.id)
        .group_by(Idea.group_id)).all())
    promoted = dict(db.session.execute(
        select(Idea.group_id, func.count(Idea.id)).where(*public_in(workshop), Idea.promoted_at.is_not(None))
        .group_by(Idea.group_id)).all())
    people = dict(db.session.execute(
        select(Participant.group_id, func.count(Participant.id)).where(Participant.workshop_id == workshop.id)
        .group_by(Participant.group_id)).all())
    done = None
    if workshop.current_step_id is not None:
        done = dict(db.session.execute(
            select(Participant.group_id, func.count(Participant.id))
            .where(Participant.workshop_id == workshop.id, Participant.done_step_id == workshop.current_step_id)
            .group_by(Participant.group_id)).all())

    def row(group_id, state):
        return {**state, "ideas": ideas.get(group_id, 0), "pending": total.get(group_id, 0) - ideas.get(group_id, 0),
                "people": people.get(group_id, 0), "done": None if done is None else done.get(group_id, 0),
                "promoted": promoted.get(group_id, 0),
                "last_activity": latest[group_id].isoformat() if latest.get(group_id) else None}

    rows = [row(group.id, group_state(group)) for group in workshop.groups]
    rows.append(row(None, {"id": None, "number": None, "name": _("Ohne Gruppe"), "topic": "", "question_id": None,
                           "help": False, "help_at": None}))
    return rows
