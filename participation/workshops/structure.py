"""Editing a workshop's structure: its guiding questions and Handlungsfelder, and their order.

Ideas point at questions and fields, and the ideas package sits above this one: it answers
the signals ``question_deleting`` and ``field_deleting`` (workshops.models), as a foreign
key's ON DELETE would, so nothing here needs to know about ideas.
"""

from sqlalchemy import func, select

from ..charts.palette import next_field_colour
from ..core.signals import content_change
from ..core.ordering import move_one
from ..database import write_transaction
from ..events.log import record_event
from .models import Field, Question, field_deleting, question_deleting


# --- questions --------------------------------------------------------------------------


def add_question(workshop, text):
    with write_transaction() as session:
        position = next_position(session, Question, workshop)
        question = Question(workshop_id=workshop.id, position=position, text=text.strip())
        session.add(question)
    return question


def update_question(question, text):
    with write_transaction():
        question.text = text.strip()
    return question


class QuestionInUse(Exception):
    """A question that already has ideas cannot be deleted: that would delete the ideas."""

    def __init__(self, idea_count):
        super().__init__(idea_count)
        self.idea_count = idea_count


def delete_question(question):
    """Delete a question nothing points at; ``QuestionInUse`` when ideas answer it."""
    held = sum(count for _receiver, count in question_deleting.send(question))
    if held:
        raise QuestionInUse(held)
    with write_transaction() as session:
        session.delete(question)


# --- Handlungsfelder ---------------------------------------------------------------------


def add_field(workshop, name, description="", keywords=(), colour=None, catch_all=False):
    """A new Handlungsfeld at the end; without a colour it gets the next free one of the palette."""
    colour = colour or next_field_colour(field.colour for field in workshop.fields)
    with content_change(workshop.id) as session:
        field = Field(
            workshop_id=workshop.id,
            position=next_position(session, Field, workshop),
            name=name.strip(),
            description=description.strip(),
            keywords=list(keywords),
            colour=colour,
            catch_all=bool(catch_all),
        )
        session.add(field)
        record_event(session, workshop.id, "fields", {})
    return field


def update_field(field, name, description, keywords, colour, catch_all=None):
    """Store a field's settings; ``catch_all`` None keeps the stored mark."""
    with content_change(field.workshop_id) as session:
        field.name = name.strip()
        field.description = description.strip()
        field.keywords = list(keywords)
        field.colour = colour
        if catch_all is not None:
            field.catch_all = bool(catch_all)
        record_event(session, field.workshop_id, "fields", {})
    return field


def delete_field(field):
    """Delete a field; its ideas, even moderator-confirmed ones, go back to the analysis."""
    workshop_id = field.workshop_id
    with content_change(workshop_id) as session:
        field_deleting.send(field, session=session)
        session.delete(field)
        record_event(session, workshop_id, "fields", {})


# --- ordering ----------------------------------------------------------------------------


def next_position(session, model, workshop):
    """The position after the last question or field (``model``) of ``workshop``."""
    highest = session.scalar(
        select(func.max(model.position)).where(model.workshop_id == workshop.id)
    )
    return 0 if highest is None else highest + 1


def move(item, direction):
    """Swap a question or field with its neighbour; ``direction`` is -1 (up) or +1 (down)."""
    model = type(item)
    with write_transaction() as session:
        siblings = session.scalars(
            select(model).where(model.workshop_id == item.workshop_id).order_by(model.position)
        ).all()
        move_one(siblings, item, direction)
