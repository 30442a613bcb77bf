"""The plain data every export renders from: a workshop, its questions, Handlungsfelder,
the ideas the room sees (each once, with the texts merged into it) and the measures.

Pure data (no Flask, no database): writers in this package take these rows and return bytes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class MergedText:
    text: str
    nickname: str | None
    created_at: datetime


@dataclass(frozen=True)
class IdeaRow:
    id: int
    question_id: int
    question: str
    text: str
    votes: int
    nickname: str | None
    created_at: datetime
    field_id: int | None
    field_name: str | None
    score: float | None
    terms: tuple[str, ...]
    confirmed: bool
    merged: tuple[MergedText, ...] = ()

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
        return sum(idea.votes for idea in self.ideas)


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

    @property
    def votes(self):
        return sum(idea.votes for idea in self.ideas)

    def ideas_of_question(self, question_id):
        return [idea for idea in self.ideas if idea.question_id == question_id]

    def field(self, field_id):
        return next((item for item in self.fields if item.id == field_id), None)


def by_votes(ideas):
    return sorted(ideas, key=lambda idea: (-idea.votes, idea.created_at, idea.id))
