"""The plain data every export renders from: a workshop, its questions, Handlungsfelder,
the ideas the room sees (each once, with the texts merged into it) and the measures.

Pure data (no Flask, no database): writers in this package take these rows and return bytes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


# Where an idea came from (``ideas.models.IDEA_SOURCES``; repeated here: rows are pure data)
PHONE, PAPER, IMPORT = "phone", "paper", "import"


@dataclass(frozen=True)
class MergedText:
    text: str
    nickname: str | None
    created_at: datetime
    source: str = PHONE
    source_name: str | None = None  # the imported file's name
    author: str | None = None  # the name on a paper card or in an imported row
    source_key: str | None = None  # a card's or an imported row's own key (``Idea.source_key``)


@dataclass(frozen=True)
class IdeaRow:
    id: int
    question_id: int
    question: str
    text: str
    votes: int | None  # all dots, digital and paper; None while counted in secret (before the reveal)
    nickname: str | None
    created_at: datetime
    field_id: int | None
    field_name: str | None
    score: float | None
    terms: tuple[str, ...]
    confirmed: bool
    merged: tuple[MergedText, ...] = ()
    step_id: int | None = None  # the run-sheet step it was posted in
    paper_votes: int | None = 0  # the part of ``votes`` given outside the app (sticker dots, imported votes)
    source: str = PHONE
    source_name: str | None = None  # the imported file's name
    author: str | None = None  # the name on a paper card or in an imported row
    source_key: str | None = None  # a card's or an imported row's own key (``Idea.source_key``)
    group_id: int | None = None  # the group (table, breakout room) it was posted in
    group_number: int | None = None
    group_name: str | None = None
    promoted_at: datetime | None = None  # when its group promoted it to the plenary

    @property
    def promoted(self):
        return self.promoted_at is not None

    @property
    def group_label(self):
        """"2 Tisch Nord", or "" for an idea of no group."""
        return f"{self.group_number} {self.group_name}" if self.group_id is not None else ""

    @property
    def digital_votes(self):
        """The dots given on phones; None while the dots are counted in secret."""
        return None if self.votes is None else self.votes - (self.paper_votes or 0)

    @property
    def merged_texts(self):
        return tuple(item.text for item in self.merged)

    @property
    def full_text(self):
        """The idea with the texts merged into it, as one readable text."""
        return "\n+ ".join((self.text, *self.merged_texts))


@dataclass(frozen=True)
class QuestionRow:
    id: int
    position: int
    text: str


@dataclass(frozen=True)
class FieldRow:
    id: int
    position: int
    name: str
    description: str
    keywords: tuple[str, ...]
    colour: str
    terms: tuple[str, ...]
    ideas: tuple[IdeaRow, ...]  # by votes, most first; then oldest first

    @property
    def votes(self):
        return total_votes(self.ideas)


@dataclass(frozen=True)
class GroupRow:
    """A group of the workshop (a table, a breakout room) and its exported ideas:
    the promoted ones first (in the order they were promoted), then by votes."""

    id: int
    number: int
    name: str
    topic: str
    question_id: int | None
    ideas: tuple[IdeaRow, ...]

    @property
    def promoted(self):
        return tuple(idea for idea in self.ideas if idea.promoted)

    @property
    def label(self):
        """"2 Tisch Nord", as the exports name it."""
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class MeasureRow:
    id: int
    title: str
    field_id: int | None
    field_name: str | None
    priority: str
    texts: dict  # attribute name (SHEET_TEXT_FIELDS) → text
    field_names: tuple[str, ...]
    field_ids: tuple[int, ...]
    ideas: tuple[IdeaRow, ...]  # linked source ideas that are still visible
    version: int
    created_at: datetime
    updated_at: datetime
    # What became of it (Rückmeldung): None while it is an "idee" with nothing told yet;
    # else {stage, reason, public_update, public, checkpoints: [{title, done_on}]}
    progress: dict | None = None


@dataclass(frozen=True)
class StepRow:
    """A step of the run sheet and what it left: ``record`` holds its numbers (ideas, dots,
    done, people) once it has ended, None before."""

    id: int
    position: int  # from 1, as the room counts
    kind: str
    kind_label: str
    title: str
    question_ids: tuple[int, ...]  # empty: all questions
    questions: tuple[str, ...]  # their texts; empty: all questions
    duration_seconds: int | None
    auto_advance: bool
    started_at: datetime | None
    ended_at: datetime | None
    record: dict | None

    @property
    def label(self):
        """"2 Still sammeln", or "2 Runde Mobilität" when the step has a title."""
        return f"{self.position} {self.title or self.kind_label}"

    def number(self, key):
        """One number of the record (``ideas``, ``dots``, ``done``, ``people``), or None."""
        return (self.record or {}).get(key)


@dataclass(frozen=True)
class WorkshopSnapshot:
    id: int
    code: str
    title: str
    event_date: date | None
    place: str
    description: str
    questions: tuple[QuestionRow, ...]
    fields: tuple[FieldRow, ...]
    unassigned: tuple[IdeaRow, ...]
    ideas: tuple[IdeaRow, ...]  # all exported ideas, oldest first
    measures: tuple[MeasureRow, ...] = ()
    extra: dict = field(default_factory=dict)
    steps: tuple[StepRow, ...] = ()  # the run sheet in order; empty without one
    votes_hidden: bool = False  # dots counted in secret: every idea's ``votes`` is None
    groups: tuple[GroupRow, ...] = ()  # by number; empty: a workshop without group work

    @property
    def has_groups(self):
        return bool(self.groups)

    @property
    def ungrouped(self):
        """The ideas of no group ("ohne Gruppe"), by votes."""
        return tuple(by_votes(idea for idea in self.ideas if idea.group_id is None))

    @property
    def ran_steps(self):
        """Whether the evening ran through the run sheet (a step has started): only then do
        the CSV, the XLSX and the PDF book tell the run of the evening. A prepared run sheet
        that never ran still travels in the JSON file."""
        return any(step.started_at is not None for step in self.steps)

    @property
    def votes(self):
        return self.votes_of(self.ideas)

    def votes_of(self, ideas):
        """The dots of ``ideas`` together; None while they are counted in secret (also for
        none: a 0 would say something too)."""
        return None if self.votes_hidden else total_votes(ideas)

    def vote_split(self, ideas):
        """The dots of ``ideas`` as ``VoteSplit`` (digital, paper, total); all None while
        they are counted in secret."""
        return vote_split(ideas, self.votes_hidden)

    @property
    def has_paper_votes(self):
        """Whether any exported idea has dots given outside the app (never while hidden)."""
        return not self.votes_hidden and any(idea.paper_votes for idea in self.ideas)

    def step(self, step_id):
        return next((item for item in self.steps if item.id == step_id), None)

    def step_label(self, step_id):
        """The label of the step an idea was posted in ("2 Still sammeln"), or ""."""
        step = self.step(step_id) if step_id is not None else None
        return step.label if step is not None else ""

    def ideas_of_question(self, question_id):
        return [idea for idea in self.ideas if idea.question_id == question_id]

    def field(self, field_id):
        return next((item for item in self.fields if item.id == field_id), None)


@dataclass(frozen=True)
class VoteSplit:
    """Dots of one idea or of ideas together: given on phones, outside the app, all."""

    digital: int | None
    paper: int | None
    total: int | None


def vote_split(ideas, hidden=False):
    ideas = list(ideas)
    if hidden or any(idea.votes is None for idea in ideas):
        return VoteSplit(None, None, None)
    paper = sum(idea.paper_votes or 0 for idea in ideas)
    total = sum(idea.votes for idea in ideas)
    return VoteSplit(total - paper, paper, total)


def total_votes(ideas):
    """The dots of ``ideas`` together; None while they are counted in secret."""
    ideas = list(ideas)
    if any(idea.votes is None for idea in ideas):
        return None
    return sum(idea.votes for idea in ideas)


def by_votes(ideas):
    """Most dots first, then oldest first; oldest first while the dots are hidden."""
    return sorted(ideas, key=lambda idea: (-(idea.votes or 0), idea.created_at, idea.id))
