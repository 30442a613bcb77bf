"""What the documentation says, as plain data: built once from the database, laid out by the
DOCX and PDF writers (``docx_file``, ``pdf_file``), which add nothing of their own.

Nothing here is invented: every statement is a count, a term of the analysis or a quoted
idea, and the sentences are fixed templates with numbers (``texts.report_texts``). The
ideas are the exports' (``exports.snapshot.workshop_snapshot``: visible, not merged away, the
merged texts noted), so the documentation and the exports cannot disagree.

The appendix numbers every idea A 1..N, by Handlungsfeld (in the order of the fields, the
ideas not yet assigned last), within a field by workshop (a process) and then by dots;
every quote in a field's section names its number ("[A 17]").
"""

from dataclasses import dataclass

from sqlalchemy import func, select, union

from ..analysis import top_terms
from ..analysis.representatives import representatives
from ..charts.palette import UNASSIGNED_COLOUR
from ..extensions import db
from ..exports.rows import PAPER, by_votes
from ..exports.snapshot import FIELD_TERMS, workshop_snapshot
from ..ideas.models import VISIBLE, Idea, Vote

TOP = 3  # ideas with the most dots per field
REPRESENTATIVE = 5  # ideas the text analysis picks per field


@dataclass(frozen=True)
class EventFacts:
    """One workshop's numbers (or the process's totals: ``title`` is then None)."""

    title: str | None
    date: object  # a date or None
    place: str
    people: int  # participants who posted an idea or gave a dot
    paper_cards: int
    ideas: int  # visible ideas (merged ones counted once)
    dots: int | None  # None while counted in secret


@dataclass(frozen=True)
class Quote:
    number: int  # in the appendix
    text: str
    votes: int | None
    workshop: str | None  # a process's report names the workshop


@dataclass(frozen=True)
class FieldSection:
    name: str
    colour: str
    description: str
    count: int
    share: float  # of all the report's ideas, 0..1
    votes: int | None
    top: tuple[Quote, ...]  # most dots first (only ideas with dots)
    representatives: tuple[Quote, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class AppendixIdea:
    number: int
    text: str
    merged: tuple[str, ...]
    votes: int | None
    paper_votes: int | None
    question: str
    source: str
    workshop: str | None


@dataclass(frozen=True)
class AppendixGroup:
    """The ideas of one field (or of none: ``field`` is None) in the appendix; for a process
    by workshop: ``parts`` is ((workshop title, ideas), ...), one part with title None for a workshop."""

    field: str | None
    colour: str
    parts: tuple[tuple[str | None, tuple[AppendixIdea, ...]], ...]

    @property
    def ideas(self):
        return tuple(idea for _title, ideas in self.parts for idea in ideas)


@dataclass(frozen=True)
class Report:
    kind: str  # "workshop" or "process"
    title: str
    subtitle: str  # the process's description, or the workshop's
    events: tuple[EventFacts, ...]  # one per workshop
    totals: EventFacts | None  # a process: the sum of its workshops
    questions: tuple[tuple[str | None, tuple[str, ...]], ...]  # (workshop title or None, questions)
    fields: tuple[FieldSection, ...]
    unassigned: int
    appendix: tuple[AppendixGroup, ...]
    charts: tuple[tuple[str, bytes], ...]  # (title, PNG)
    votes_hidden: bool

    @property
    def idea_count(self):
        return sum(len(group.ideas) for group in self.appendix)


# Reading the database ----------------------------------------------------------------------

def people_count(workshop):
    """Participants who posted an idea (any, also one hidden later) or gave a dot."""
    posted = select(Idea.participant_id.label("person")).where(
        Idea.workshop_id == workshop.id, Idea.participant_id.is_not(None), Idea.source != PAPER
    )
    voted = select(Vote.participant_id.label("person")).join(Idea, Idea.id == Vote.idea_id).where(
        Idea.workshop_id == workshop.id
    )
    people = union(posted, voted).subquery()
    return db.session.scalar(select(func.count()).select_from(people)) or 0


def paper_card_count(workshop):
    """Paper cards typed in that the room saw (also those merged into another idea)."""
    return db.session.scalar(
        select(func.count(Idea.id)).where(Idea.workshop_id == workshop.id, Idea.source == PAPER, Idea.status == VISIBLE)
    ) or 0


def _facts(workshop, snapshot):
    return EventFacts(
        title=workshop.title,
        date=workshop.event_date,
        place=workshop.place or "",
        people=people_count(workshop),
        paper_cards=paper_card_count(workshop),
        ideas=len(snapshot.ideas),
        dots=snapshot.votes,
    )


def _totals(events):
    dots = [event.dots for event in events]
    return EventFacts(
        title=None,
        date=None,
        place="",
        people=sum(event.people for event in events),
        paper_cards=sum(event.paper_cards for event in events),
        ideas=sum(event.ideas for event in events),
        dots=None if any(value is None for value in dots) else sum(dots),
    )


# Building the model ---------------------------------------------------------------------------

@dataclass
class _Field:
    """A field while the report is built: a workshop's field, or a catalogue entry's fields."""

    name: str
    colour: str
    description: str
    members: list  # [(workshop title or None, IdeaRow)]


def workshop_report(workshop, charts=()):
    """The documentation of one workshop."""
    snapshot = workshop_snapshot(workshop, with_terms=False)
    fields = [_Field(item.name, item.colour, item.description, [(None, idea) for idea in item.ideas])
              for item in snapshot.fields]
    unassigned = [(None, idea) for idea in snapshot.unassigned]
    return _report(
        kind="workshop",
        title=workshop.title,
        subtitle=workshop.description or "",
        events=(_facts(workshop, snapshot),),
        totals=None,
        questions=((None, tuple(question.text for question in snapshot.questions)),),
        fields=fields,
        unassigned=unassigned,
        titles=(None,),
        charts=charts,
        votes_hidden=snapshot.votes_hidden,
    )


def process_report(process, charts=None):
    """The documentation of a process: its workshops' ideas together, by the shared catalogue.

    ``charts``: a function (field sections, appendix groups, questions) → [(title, PNG)]
    drawn once the counts are known, or None for none."""
    workshops = list(process.workshops)
    snapshots = [workshop_snapshot(workshop, with_terms=False) for workshop in workshops]
    catalogue = {entry.id: _Field(entry.name, entry.colour, entry.description, []) for entry in process.fields}
    by_name = {entry.name.casefold(): entry.id for entry in process.fields}
    extra = {}  # fields of a workshop linked to no catalogue entry: by name
    unassigned = []
    for workshop, snapshot in zip(workshops, snapshots):
        links = {item.id: item.process_field_id for item in workshop.fields}
        for item in snapshot.fields:
            entry = links.get(item.id)
            if entry not in catalogue:
                entry = by_name.get(item.name.casefold())
            if entry in catalogue:
                target = catalogue[entry]
            else:
                target = extra.setdefault(item.name.casefold(), _Field(item.name, item.colour, item.description, []))
            target.members.extend((workshop.title, idea) for idea in item.ideas)
        unassigned.extend((workshop.title, idea) for idea in snapshot.unassigned)
    events = tuple(_facts(workshop, snapshot) for workshop, snapshot in zip(workshops, snapshots))
    return _report(
        kind="process",
        title=process.title,
        subtitle=process.description or "",
        events=events,
        totals=_totals(events),
        questions=_process_questions(workshops, snapshots),
        fields=list(catalogue.values()) + list(extra.values()),
        unassigned=unassigned,
        titles=tuple(workshop.title for workshop in workshops),
        charts=charts,
        votes_hidden=any(snapshot.votes_hidden for snapshot in snapshots),
    )


def _process_questions(workshops, snapshots):
    """Each workshop's questions; once (workshop None) when all asked the same."""
    asked = [(workshop.title, tuple(question.text for question in snapshot.questions))
             for workshop, snapshot in zip(workshops, snapshots)]
    if len({questions for _title, questions in asked}) == 1:
        return ((None, asked[0][1]),)
    return tuple(asked)


def _ordered(members, titles):
    """By workshop (in the process's order), then by dots (``by_votes``)."""
    position = {title: number for number, title in enumerate(titles)}
    result = []
    for title in sorted({title for title, _idea in members}, key=lambda title: position.get(title, len(position))):
        result.append((title, tuple(by_votes(idea for owner, idea in members if owner == title))))
    return result


def _appendix_idea(number, title, idea):
    return AppendixIdea(number, idea.text, idea.merged_texts, idea.votes, idea.paper_votes, idea.question,
                        idea.source, title)


def _report(kind, title, subtitle, events, totals, questions, fields, unassigned, titles, charts, votes_hidden):
    total = sum(len(item.members) for item in fields) + len(unassigned)
    number = 0
    appendix, sections = [], []
    for item in fields:
        parts, numbered = [], []  # numbered: [(number, workshop title, IdeaRow)]
        for owner, ideas in _ordered(item.members, titles):
            rows = []
            for idea in ideas:
                number += 1
                rows.append(_appendix_idea(number, owner, idea))
                numbered.append((number, owner, idea))
            parts.append((owner, tuple(rows)))
        appendix.append(AppendixGroup(item.name, item.colour, tuple(parts)))
        sections.append(_section(item, numbered, total, votes_hidden))
    if unassigned:
        parts = []
        for owner, ideas in _ordered(unassigned, titles):
            rows = []
            for idea in ideas:
                number += 1
                rows.append(_appendix_idea(number, owner, idea))
            parts.append((owner, tuple(rows)))
        appendix.append(AppendixGroup(None, UNASSIGNED_COLOUR, tuple(parts)))
    sections = tuple(sections)
    if callable(charts):
        charts = charts(sections, tuple(appendix), questions)
    return Report(kind, title, subtitle, events, totals, questions, sections, len(unassigned), tuple(appendix),
                  tuple(charts or ()), votes_hidden)


def _quote(number, owner, idea):
    return Quote(number, idea.text, idea.votes, owner)


def _section(item, numbered, total, votes_hidden):
    ideas = [idea for _number, _owner, idea in numbered]
    votes = None if votes_hidden or any(idea.votes is None for idea in ideas) else sum(idea.votes for idea in ideas)
    top = ()
    if votes is not None:
        ranked = sorted(numbered, key=lambda entry: (-(entry[2].votes or 0), entry[0]))
        top = tuple(_quote(*entry) for entry in ranked[:TOP] if entry[2].votes)
    # Quoted once: the ideas with the most dots are not quoted again as typical ones
    quoted = {quote.number for quote in top}
    others = [entry for entry in numbered if entry[0] not in quoted]
    picked = representatives([idea.full_text for _n, _o, idea in others], [number for number, _o, _i in others],
                             k=REPRESENTATIVE)
    return FieldSection(
        name=item.name,
        colour=item.colour,
        description=item.description or "",
        count=len(ideas),
        share=len(ideas) / total if total else 0.0,
        votes=votes,
        top=top,
        representatives=tuple(_quote(*others[index]) for index in picked),
        terms=tuple(top_terms([idea.full_text for idea in ideas], FIELD_TERMS)) if ideas else (),
    )
