"""Reads a workshop from the database into the plain rows of ``exports.rows``, once.

Every export format (CSV, XLSX, JSON, PDF) and the measure documents render from a
``WorkshopSnapshot``, so they cannot disagree about which ideas exist: only the ideas the
room sees (approved, not hidden), each once, with the texts merged into it. While the
workshop counts dots in secret (a voting step before the reveal) no count leaves it: every
idea's ``votes`` and ``paper_votes`` is None and the writers say "Punkte verdeckt bis zum Aufdecken".
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..analysis import top_terms
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.state import digital_vote_counts, paper_vote_counts, public_ideas, shows_merged_text
from ..measures.models import SHEET_TEXT_FIELDS, Measure
from ..phases.services import step_label
from .rows import FieldRow, GroupRow, IdeaRow, MeasureRow, MergedText, QuestionRow, StepRow, WorkshopSnapshot, by_votes

FIELD_TERMS = 8


def exported_ideas(workshop):
    """The ideas an export may show (``public_ideas``), with what their rows need loaded."""
    return public_ideas(
        workshop, options=(selectinload(Idea.merged).selectinload(Idea.participant), selectinload(Idea.participant))
    )


def _idea_rows(workshop, ideas):
    questions = {question.id: question.text for question in workshop.questions}
    fields = {item.id: item.name for item in workshop.fields}
    steps = {step.id for step in workshop.steps}
    groups = {group.id: group for group in workshop.groups}
    ids = [idea.id for idea in ideas]
    if workshop.votes_hidden:
        votes = paper = dict.fromkeys(ids, None)
    else:
        # the same counts as ``vote_counts`` (digital + paper), kept apart for the split
        paper = paper_vote_counts(ids)
        votes = {key: count + paper[key] for key, count in digital_vote_counts(ids).items()}
    rows = []
    for idea in ideas:
        field_id = idea.field_id if idea.field_id in fields else None
        rows.append(IdeaRow(
            id=idea.id,
            question_id=idea.question_id,
            question=questions.get(idea.question_id, ""),
            text=idea.text,
            votes=votes[idea.id],
            nickname=idea.nickname,
            created_at=idea.created_at,
            field_id=field_id,
            field_name=fields.get(field_id),
            score=idea.field_score if field_id is not None else None,
            terms=tuple(idea.field_terms or ()) if field_id is not None else (),
            confirmed=bool(idea.field_confirmed),
            merged=tuple(
                MergedText(merged.text, merged.nickname, merged.created_at, merged.source, merged.source_name,
                           merged.author, merged.source_key)
                for merged in idea.merged
                if shows_merged_text(merged)  # as on the wall
            ),
            step_id=idea.step_id if idea.step_id in steps else None,
            paper_votes=paper[idea.id],
            source=idea.source,
            source_name=idea.source_name,
            author=idea.author,
            source_key=idea.source_key,
            group_id=idea.group_id if idea.group_id in groups else None,
            group_number=groups[idea.group_id].number if idea.group_id in groups else None,
            group_name=groups[idea.group_id].name if idea.group_id in groups else None,
            promoted_at=idea.promoted_at if idea.group_id in groups else None,
        ))
    return rows


def _group_rows(workshop, ideas):
    rows = []
    for group in workshop.groups:
        members = by_votes(idea for idea in ideas if idea.group_id == group.id)
        # promoted first, in the order the group promoted them; then by votes
        members.sort(key=lambda idea: (0, idea.promoted_at) if idea.promoted else (1,))
        rows.append(GroupRow(group.id, group.number, group.name, group.topic or "", group.question_id, tuple(members)))
    return tuple(rows)


def _measure_rows(workshop, ideas_by_id):
    measures = db.session.scalars(
        select(Measure)
        .where(Measure.workshop_id == workshop.id)
        .options(selectinload(Measure.fields), selectinload(Measure.ideas), selectinload(Measure.checkpoints))
        .order_by(Measure.id)
    ).all()
    rows = []
    for measure in measures:
        rows.append(MeasureRow(
            id=measure.id,
            title=measure.title,
            field_id=measure.field_id,
            field_name=measure.field.name if measure.field else None,
            priority=measure.priority,
            texts={name: getattr(measure, name) for name in SHEET_TEXT_FIELDS},
            field_names=tuple(item.name for item in measure.fields),
            field_ids=tuple(item.id for item in measure.fields),
            ideas=tuple(by_votes(ideas_by_id[idea.id] for idea in measure.ideas if idea.id in ideas_by_id)),
            version=measure.version,
            created_at=measure.created_at,
            updated_at=measure.updated_at,
            progress=_progress(measure),
        ))
    return rows


def _progress(measure):
    """What became of ``measure``, or None while nothing is told (stage "idee", private,
    no update, no milestones)."""
    told = measure.stage != "idee" or measure.is_public or measure.public_update or measure.stage_reason
    if not told and not measure.checkpoints:
        return None
    return {
        "stage": measure.stage,
        "reason": measure.stage_reason,
        "public_update": measure.public_update,
        "public": bool(measure.is_public),
        "checkpoints": [{"title": item.title, "done_on": item.done_on} for item in measure.checkpoints],
    }


def _step_rows(workshop):
    questions = {question.id: question.text for question in workshop.questions}
    return tuple(
        StepRow(
            id=step.id,
            position=number,
            kind=step.kind,
            kind_label=str(step_label(step.kind)),
            title=step.title or "",
            question_ids=tuple(step.question_ids or ()),
            questions=tuple(questions[question_id] for question_id in step.question_ids or () if question_id in questions),
            duration_seconds=step.duration_seconds,
            auto_advance=bool(step.auto_advance),
            started_at=step.started_at,
            ended_at=step.ended_at,
            record=dict(step.record) if step.record else None,
        )
        for number, step in enumerate(workshop.steps, start=1)
    )


def workshop_snapshot(workshop, with_terms=True):
    """Read ``workshop`` into a ``WorkshopSnapshot`` (top terms per field if ``with_terms``)."""
    ideas = _idea_rows(workshop, exported_ideas(workshop))
    ideas_by_id = {idea.id: idea for idea in ideas}
    fields = []
    for item in workshop.fields:
        members = by_votes(idea for idea in ideas if idea.field_id == item.id)
        terms = top_terms([idea.full_text for idea in members], FIELD_TERMS) if with_terms and members else ()
        fields.append(FieldRow(
            id=item.id,
            position=item.position,
            name=item.name,
            description=item.description,
            keywords=tuple(item.keywords or ()),
            colour=item.colour,
            terms=tuple(terms),
            ideas=tuple(members),
        ))
    return WorkshopSnapshot(
        id=workshop.id,
        code=workshop.code,
        title=workshop.title,
        event_date=workshop.event_date,
        place=workshop.place,
        description=workshop.description,
        questions=tuple(QuestionRow(q.id, q.position, q.text) for q in workshop.questions),
        fields=tuple(fields),
        unassigned=tuple(by_votes(idea for idea in ideas if idea.field_id is None)),
        ideas=tuple(ideas),
        measures=tuple(_measure_rows(workshop, ideas_by_id)),
        steps=_step_rows(workshop),
        votes_hidden=bool(workshop.votes_hidden),
        groups=_group_rows(workshop, ideas),
    )
