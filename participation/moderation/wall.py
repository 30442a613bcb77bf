"""What the projector wall shows: its columns, each with a bounded window of the newest
ideas (in the result step: the most dotted), and the count of ideas the room sees; and
what the run sheet's current step changes about it (``wall_phase``).

A hall's 12,000 ideas made the wall page megabytes long; a projector shows a few cards per
column and pages through them, so the page holds only the newest ``WALL_IDEAS_PER_COLUMN``
of each column. The wall's script keeps the count right as events arrive (see wall.js).
"""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..ideas.done import done_counts
from ..ideas.models import Idea, Vote
from ..ideas.state import count_public_ideas, idea_states, public_in
from ..phases.phase import COLLECTING, phase_of
from ..phases.services import phase_payload, step_label
from .wall_scope import ALL, PLENARY, WallScope

# What the wall's list shows in a step; the wall reloads when this changes (wall.js).
PLAIN, SILENT_COUNTS, HIDDEN_DOTS, RANKED, CALM = "plain", "silent", "hidden", "ranked", "calm"


def wall_mode(phase):
    """How the wall draws its list in ``phase``: cards (with dots, dots hidden or ranked
    by dots), only a count per question (silent collecting) or a calm screen."""
    if phase.calm:
        return CALM
    if phase.silent:
        return SILENT_COUNTS
    if phase.ranked:
        return RANKED
    if phase.votes_hidden:
        return HIDDEN_DOTS
    return PLAIN


def wall_phase(workshop):
    """The run sheet's part of the wall: the phase as events carry it, the list's mode,
    the people done, the remaining time as text (for a wall without its script) and
    the name of the step after this one (the calm screen)."""
    phase = phase_of(workshop)
    payload = phase_payload(workshop)
    step = payload["step"]
    following = payload["next"]
    remaining = phase.remaining()
    return {
        "phase": payload,
        "mode": wall_mode(phase),
        "done": done_counts(workshop),
        "collecting": step is not None and not step["ended"] and step["kind"] in COLLECTING,
        "step_name": (step["title"] or step_label(step["kind"])) if step else "",
        "next_name": (following["title"] or step_label(following["kind"])) if following else "",
        "remaining_text": format_remaining(remaining) if remaining is not None else "",
    }


def format_remaining(seconds):
    """m:ss (h:mm:ss from an hour), rounded up like countdown.js."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def silent_counts(workshop, scope=WallScope()):
    """{question id: public ideas (in ``scope``)} of every question (silent collecting shows only these)."""
    rows = db.session.execute(
        select(Idea.question_id, func.count(Idea.id)).where(*public_in(workshop), *scope.criteria)
        .group_by(Idea.question_id)
    ).all()
    counts = dict.fromkeys((question.id for question in workshop.questions), 0)
    counts.update(dict(rows))
    return counts


def wall_count(workshop, scope=WallScope()):
    """The public ideas in ``scope``: the count the wall shows."""
    if scope.kind == ALL:
        return count_public_ideas(workshop)
    return db.session.scalar(select(func.count(Idea.id)).where(*public_in(workshop), *scope.criteria)) or 0


def highest_id_in(workshop, scope=WallScope()):
    """The highest idea id (any state) of ``workshop``, of one group's ideas for a group's
    scope (a group's wall learns nothing about other groups' ideas, not even their ids)."""
    criteria = scope.criteria if scope.group is not None else ()
    return db.session.scalar(select(func.max(Idea.id)).where(Idea.workshop_id == workshop.id, *criteria)) or 0


def wall_content(workshop, by_field, mode=PLAIN, scope=WallScope()):
    """Columns, the count and the highest idea id, read in this order (of the ideas in
    ``scope``; ideas promoted to the plenary in a column per group).

    The order matters for the script's count (wall.js): an idea stored after the columns
    were read but before the highest id is either counted and has an id the wall knows
    (news about it makes the wall ask for the count again) or has a higher id (the wall
    counts it when it first hears of it).
    """
    per_column = current_app.config["WALL_IDEAS_PER_COLUMN"]
    by_group = scope.kind == PLENARY
    column_key = Idea.group_id if by_group else Idea.field_id if by_field else Idea.question_id
    if mode in (SILENT_COUNTS, CALM):
        ideas = []  # no idea text on the wall: a count per question, or the calm screen
    elif mode == RANKED:
        ideas = idea_states(_most_dotted_per_column(workshop, column_key, per_column, scope.criteria))
    else:
        ideas = idea_states(_newest_per_column(workshop, column_key, per_column, scope.criteria))
    columns = _group_columns(workshop, ideas) if by_group else _columns(workshop, ideas, by_field)
    if mode == RANKED:
        for column in columns:  # most dots first; among equals the oldest (as the spotlight ranks)
            column["ideas"].sort(key=lambda idea: (-(idea["votes"] or 0), idea["created_at"], idea["id"]))
    count = wall_count(workshop, scope)
    highest_id = highest_id_in(workshop, scope)
    return {"columns": columns, "count": count, "highest_id": highest_id, "per_column": per_column}


def _newest_per_column(workshop, column_key, limit, criteria=()):
    """The newest ``limit`` public ideas of each column (question or field; ideas without a
    field form one column), oldest first, in one query."""
    rank = func.row_number().over(partition_by=column_key, order_by=(Idea.created_at.desc(), Idea.id.desc()))
    ranked = select(Idea.id, rank.label("rank")).where(*public_in(workshop), *criteria).subquery()
    shown = select(ranked.c.id).where(ranked.c.rank <= limit)
    return db.session.scalars(select(Idea).where(Idea.id.in_(shown)).order_by(Idea.created_at, Idea.id)).all()


def _most_dotted_per_column(workshop, column_key, limit, criteria=()):
    """The ``limit`` public ideas of each column with the most dots (each person counted
    once across an idea and the ideas merged into it, paper dots added, as ``vote_counts``),
    in one query."""
    target = func.coalesce(Idea.merged_into_id, Idea.id)
    voters = (
        select(target.label("target"), Vote.participant_id)
        .join(Vote, Vote.idea_id == Idea.id).where(Idea.workshop_id == workshop.id).distinct().subquery()
    )
    digital = select(voters.c.target, func.count().label("dots")).group_by(voters.c.target)
    paper = (  # dots given outside the app count as well (``ideas.state.vote_counts``)
        select(target.label("target"), func.sum(Idea.paper_votes).label("dots"))
        .where(Idea.workshop_id == workshop.id, Idea.paper_votes > 0).group_by(target)
    )
    both = digital.union_all(paper).subquery()
    dots = select(both.c.target, func.sum(both.c.dots).label("dots")).group_by(both.c.target).subquery()
    rank = func.row_number().over(
        partition_by=column_key,
        order_by=(func.coalesce(dots.c.dots, 0).desc(), Idea.created_at, Idea.id),
    )
    ranked = (
        select(Idea.id, rank.label("rank")).outerjoin(dots, dots.c.target == Idea.id)
        .where(*public_in(workshop), *criteria).subquery()
    )
    shown = select(ranked.c.id).where(ranked.c.rank <= limit)
    return db.session.scalars(select(Idea).where(Idea.id.in_(shown)).order_by(Idea.created_at, Idea.id)).all()


def _columns(workshop, ideas, by_field):
    """The wall's columns (one per question, or per Handlungsfeld), ideas newest first."""
    newest_first = list(reversed(ideas))

    def column(key, heading, ideas, colour_class=""):
        return {"list_id": f"wall-list-{key}", "heading_id": f"wall-h-{key}", "heading": heading,
                "colour_class": colour_class, "ideas": ideas, "question_id": None}

    if not by_field:
        columns = [
            column(question.id, question.text, [i for i in newest_first if i["question_id"] == question.id])
            for question in workshop.questions
        ]
        for question, col in zip(workshop.questions, columns):
            col["heading_id"] = f"wall-q-{question.id}"
            col["question_id"] = question.id
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


def _group_columns(workshop, ideas):
    """The plenary's columns of promoted ideas: one per group, ideas newest first."""
    newest_first = list(reversed(ideas))
    return [{"list_id": f"wall-list-group-{group.id}", "heading_id": f"wall-g-{group.id}", "heading": group.name,
             "colour_class": "", "question_id": None, "group_id": group.id,
             "ideas": [idea for idea in newest_first if idea["group_id"] == group.id]}
            for group in workshop.groups]
