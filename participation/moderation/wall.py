"""What the projector wall shows: its columns, each with a bounded window of the newest
ideas, and the count of ideas the room sees.

A hall's 12,000 ideas made the wall page megabytes long; a projector shows a few cards per
column and pages through them, so the page holds only the newest ``WALL_IDEAS_PER_COLUMN``
of each column. The wall's script keeps the count right as events arrive (see wall.js).
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..ideas.models import Idea
from ..ideas.state import count_public_ideas, idea_states, public_in


def wall_content(workshop, by_field):
    """Columns, the count and the highest idea id, read in this order.

    The order matters for the script's count (wall.js): an idea stored after the columns
    were read but before the highest id is either counted and has an id the wall knows
    (news about it makes the wall ask for the count again) or has a higher id (the wall
    counts it when it first hears of it).
    """
    per_column = current_app.config["WALL_IDEAS_PER_COLUMN"]
    ideas = idea_states(_newest_per_column(workshop, Idea.field_id if by_field else Idea.question_id, per_column))
    columns = _columns(workshop, ideas, by_field)
    count = count_public_ideas(workshop)
    highest_id = db.session.scalar(select(func.max(Idea.id)).where(Idea.workshop_id == workshop.id)) or 0
    return {"columns": columns, "count": count, "highest_id": highest_id, "per_column": per_column}


def _newest_per_column(workshop, column_key, limit):
    """The newest ``limit`` public ideas of each column (question or field; ideas without a
    field form one column), oldest first, in one query."""
    rank = func.row_number().over(partition_by=column_key, order_by=(Idea.created_at.desc(), Idea.id.desc()))
    ranked = select(Idea.id, rank.label("rank")).where(*public_in(workshop)).subquery()
    shown = select(ranked.c.id).where(ranked.c.rank <= limit)
    return db.session.scalars(select(Idea).where(Idea.id.in_(shown)).order_by(Idea.created_at, Idea.id)).all()


def _columns(workshop, ideas, by_field):
    """The wall's columns (one per question, or per Handlungsfeld), ideas newest first."""
    newest_first = list(reversed(ideas))

    def column(key, heading, ideas, colour_class=""):
        return {"list_id": f"wall-list-{key}", "heading_id": f"wall-h-{key}", "heading": heading,
                "colour_class": colour_class, "ideas": ideas}

    if not by_field:
        columns = [
            column(question.id, question.text, [i for i in newest_first if i["question_id"] == question.id])
            for question in workshop.questions
        ]
        for question, col in zip(workshop.questions, columns):
            col["heading_id"] = f"wall-q-{question.id}"
        return columns
    field_ids = {field.id for field in workshop.fields}
    columns = [
        column(f"field-{field.id}", field.name, [i for i in newest_first if i["field_id"] == field.id],
               f"field-border-{field.id}")
        for field in workshop.fields
    ]
    columns.append(column("field-none", _("Noch nicht zugeordnet"),
                          [i for i in newest_first if i["field_id"] not in field_ids]))
    return columns
