"""Import a workshop from the JSON export (format version 2, or an older file of version 1)
as a new workshop.

The whole file is checked (``json_file.check_document``) before anything is written, and
everything is written in one transaction: a bad file gives one German sentence saying what
is wrong and where, and stores nothing.

What the file does not hold is made up plainly: a new join code and wall link, the
importing moderator as owner, default settings, and the workshop closed, because it is a
record of an event that is over until a moderator opens it again. Authors become
participants without a usable token (one per nickname, one per idea without a nickname);
paper cards and imported rows keep their source, file name and the name written on them,
without a participant, as they were made. Digital dots come from anonymous imported voters
so every count reproduces exactly; dots given on paper go back onto their idea. A run
sheet comes back as it was (steps with their times and numbers, each idea in its step),
none of it running; dots that were hidden stay hidden until a moderator reveals them.
Groups come back with their numbers, names, topics and questions (no facilitator link),
each idea in its group and promoted as it was (in the order the ideas were posted).
"""

import math
import secrets

from flask import current_app
from flask_babel import gettext as _, ngettext
from sqlalchemy import insert

from ..database import write_transaction
from ..ideas.models import PHONE, VISIBLE, Idea, Participant, Vote
from ..measures.models import SHEET_TEXT_FIELDS, Measure, MeasureMilestone
from ..workshops.models import Field, Group, Question, RunStep, Workshop
from ..workshops.services import unused_code
from ..workshops.wall_keys import new_wall_salt
from .json_file import DocumentProblem, check_document, parse_date, parse_document, parse_timestamp


class WorkshopImportError(Exception):
    """A file that cannot be imported; ``message`` says why, in German, for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def read_document(data):
    """The document in the bytes of a file (checked by ``import_workshop``), or ``WorkshopImportError``."""
    try:
        return parse_document(data)
    except DocumentProblem as problem:
        raise WorkshopImportError(describe(problem)) from None


# --- the problems of a file in German words -------------------------------------------------


def _type_names():
    return {
        "object": _("ein Objekt { … }"),
        "array": _("eine Liste [ … ]"),
        "string": _("ein Text"),
        "integer": _("eine ganze Zahl"),
        "number": _("eine Zahl"),
        "boolean": _("true oder false"),
        "null": "null",
    }


def _whole_file_message(problem):
    details = problem.details
    if problem.kind == "too_large":
        return _("Die Datei ist zu groß: Erlaubt sind höchstens %(limit)d MB.", **details)
    if problem.kind == "not_utf8":
        return _("Die Datei ist keine UTF-8-Textdatei und damit keine Workshop-Datei.")
    if problem.kind == "not_json" and details["line"] is None:
        return _("Die Datei ist kein gültiges JSON. Bitte wählen Sie eine Datei, die mit dem JSON-Export "
                 "dieser App erstellt wurde.")
    if problem.kind == "not_json":
        return _("Die Datei ist kein gültiges JSON (Zeile %(line)d, Spalte %(column)d). Bitte wählen Sie "
                 "eine Datei, die mit dem JSON-Export dieser App erstellt wurde.", **details)
    if problem.kind == "not_workshop":
        return _("Das ist keine Workshop-Datei dieser App: Die Kennung „format“: „%(format)s“ fehlt.",
                 **details)
    if problem.kind == "version":
        return _("Die Workshop-Datei hat die Version %(version)d; diese App liest die Versionen 1 bis "
                 "%(known)d. Bitte importieren Sie sie mit einer passenden Version der App.", **details)
    return None


def _spot_message(problem):
    """What is wrong at one spot, as the rest of a sentence starting with "Bei „…“"."""
    details = dict(problem.details)
    if problem.kind == "type":
        details["expected"] = _(" oder ").join(_type_names()[name] for name in details["expected"])
    if problem.kind == "reference":
        count = details["count"]
        details["entries"] = {
            "questions": ngettext("%(num)d Leitfrage", "%(num)d Leitfragen", count),
            "fields": ngettext("%(num)d Handlungsfeld", "%(num)d Handlungsfelder", count),
            "ideas": ngettext("%(num)d Idee", "%(num)d Ideen", count),
            "steps": ngettext("%(num)d Schritt", "%(num)d Schritte", count),
        }[details["target"]]
    messages = {
        "const": _("muss %(value)s stehen"),
        "enum": _("ist nur einer dieser Werte erlaubt: %(allowed)s"),
        "type": _("wird %(expected)s erwartet"),
        "not_finite": _("steht keine endliche Zahl"),
        "minimum": _("muss die Zahl mindestens %(minimum)s sein"),
        "maximum": _("darf die Zahl höchstens %(maximum)s sein"),
        "max_items": _("stehen %(count)d Einträge, erlaubt sind höchstens %(limit)d"),
        "repeated": _("kommt ein Eintrag doppelt vor"),
        "missing": _("fehlt der Eintrag „%(key)s“"),
        "unknown": _("ist der Eintrag „%(key)s“ unbekannt"),
        "bad_character": _("enthält der Text ein Zeichen, das sich nicht speichern lässt (ein Nullzeichen "
                           "oder ein unvollständiges Unicode-Zeichen)"),
        "empty": _("darf der Text nicht leer sein"),
        "too_long": _("ist der Text %(length)d Zeichen lang, erlaubt sind höchstens %(limit)d"),
        "pattern": _("hat „%(value)s“ nicht die erwartete Form"),
        "date": _("steht kein gültiges Datum (erwartet: JJJJ-MM-TT)"),
        "timestamp": _("steht kein gültiger Zeitpunkt mit Zeitzone (z. B. 2025-03-01T09:15:00Z)"),
        "reference": _("steht die Position %(position)d, die Datei enthält aber nur %(entries)s "
                       "(Positionen zählen ab 0)"),
        "paper_votes": _("stehen %(paper)d Punkte auf Papier, die Idee hat aber nur %(votes)d Punkte "
                         "insgesamt"),
        "group": _("steht die Gruppe %(number)d, die es unter „groups“ nicht gibt"),
        "group_repeated": _("kommt die Gruppennummer %(number)d doppelt vor"),
    }
    return messages[problem.kind] % details


def describe(problem):
    """One German sentence for a ``DocumentProblem``."""
    message = _whole_file_message(problem)
    if message is not None:
        return message
    spot = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in problem.path).lstrip(".")
    if not spot:
        return _("Die Workshop-Datei ist fehlerhaft: Auf der obersten Ebene %(problem)s.",
                 problem=_spot_message(problem))
    return _("Die Workshop-Datei ist fehlerhaft: Bei „%(spot)s“ %(problem)s.", spot=spot,
             problem=_spot_message(problem))


# --- writing ---------------------------------------------------------------------------------


def import_workshop(document, owner):
    """Create a new workshop owned by ``owner`` from ``document``; returns it committed."""
    try:
        check_document(document)
    except DocumentProblem as problem:
        raise WorkshopImportError(describe(problem)) from None
    entries = document["ideas"]
    texts = [entry["text"] for entry in entries]
    texts += [item["text"] for entry in entries for item in entry["merged"]]
    with write_transaction() as session:
        workshop = _new_workshop(session, document, owner, longest=max(map(len, texts), default=0))
        session.add(workshop)
        session.flush()
        _add_steps(session, workshop, document)
        groups = _add_groups(session, workshop, document)
        authors = _Authors(workshop)
        ideas = [_idea(workshop, entry, authors, steps=workshop.steps, groups=groups) for entry in entries]
        session.add_all(ideas)
        session.flush()  # the targets need ids before the ideas merged into them
        for idea, entry in zip(ideas, entries):
            session.add_all(_idea(workshop, item, authors, merged_into=idea) for item in entry["merged"])
        session.flush()
        _add_votes(session, workshop, ideas, [(entry["votes"] or 0) - _paper_votes(entry) for entry in entries])
        for entry in document["measures"]:
            session.add(_measure(workshop, entry, ideas))
    return workshop


def _new_workshop(session, document, owner, longest):
    about = document["workshop"]
    workshop = Workshop(
        code=unused_code(session),
        wall_salt=new_wall_salt(),
        title=about["title"],
        event_date=parse_date(about["date"]) if about["date"] else None,
        place=about["place"],
        description=about["description"],
        owner_id=owner.id if owner else None,
        # Long imported ideas must stay editable; the schema caps texts at the settings' maximum.
        idea_max_length=max(current_app.config["IDEA_MAX_LENGTH_DEFAULT"], longest),
        is_open=False,
        votes_hidden=bool(about.get("votes_hidden")),
    )
    workshop.questions = [
        Question(position=index, text=text) for index, text in enumerate(document["questions"])
    ]
    workshop.fields = [
        Field(position=index, name=item["name"], description=item["description"],
              keywords=list(item["keywords"]), colour=item["colour"])
        for index, item in enumerate(document["fields"])
    ]
    return workshop


def _add_steps(session, workshop, document):
    """The run sheet of the file (question ids exist once the questions are flushed)."""
    workshop.steps = [
        _step(position, entry, workshop.questions) for position, entry in enumerate(document.get("steps", ()))
    ]
    session.flush()


def _add_groups(session, workshop, document):
    """The groups of the file, by number; the promote limit raised to what a group promoted."""
    groups = {}
    for entry in document.get("groups", ()):
        question = entry["question"]
        group = Group(workshop_id=workshop.id, number=entry["number"], name=entry["name"], topic=entry["topic"],
                      question_id=workshop.questions[question].id if question is not None else None)
        session.add(group)
        groups[group.number] = group
    session.flush()
    promoted = {}
    for entry in document["ideas"]:
        if entry.get("promoted") and entry.get("group") is not None:
            promoted[entry["group"]] = promoted.get(entry["group"], 0) + 1
    if promoted and max(promoted.values()) > (workshop.group_promote_limit or 0):
        workshop.group_promote_limit = max(promoted.values())
    return groups


def _unusable_token_hash():
    # Random, not the hash of any token: no cookie can ever match an imported participant.
    return secrets.token_hex(32)


class _Authors:
    """One participant per nickname (as the room knew them), one per idea without a nickname."""

    def __init__(self, workshop):
        self.workshop = workshop
        self.by_nickname = {}
        self.keys = 0

    def of(self, nickname, created_at):
        participant = self.by_nickname.get(nickname) if nickname is not None else None
        if participant is None:
            participant = Participant(workshop_id=self.workshop.id, token_hash=_unusable_token_hash(),
                                      nickname=nickname, created_at=created_at)
            if nickname is not None:
                self.by_nickname[nickname] = participant
        participant.created_at = min(participant.created_at, created_at)
        return participant

    def next_key(self):
        self.keys += 1
        return f"import-{self.keys}"


def _step(position, entry, questions):
    """A step of the imported run sheet with its times and numbers; none is running."""
    record = entry["record"]
    return RunStep(
        position=position,
        kind=entry["kind"],
        title=entry["title"],
        question_ids=[questions[index].id for index in entry["questions"]],
        duration_seconds=entry["duration_seconds"],
        auto_advance=entry["auto_advance"],
        started_at=parse_timestamp(entry["started_at"]) if entry["started_at"] else None,
        ended_at=parse_timestamp(entry["ended_at"]) if entry["ended_at"] else None,
        record=dict(record) if record is not None else None,
    )


def _paper_votes(entry):
    return entry.get("paper_votes") or 0  # none in version 1 files: every dot was digital


def _idea(workshop, entry, authors, merged_into=None, steps=(), groups=None):
    created_at = parse_timestamp(entry["created_at"])
    source = entry.get("source", PHONE)
    idea = Idea(
        workshop_id=workshop.id,
        idempotency_key=authors.next_key(),
        text=entry["text"],
        status=VISIBLE,
        source=source,
        source_name=entry.get("source_name"),
        # the card's or row's own key: importing the same file again adds nothing after a restore
        source_key=entry.get("source_key"),
        # a paper card or an imported row has no phone behind it: its name is the one written on it
        author=entry.get("author") if source == PHONE else entry.get("author") or entry["nickname"],
        created_at=created_at,
        updated_at=created_at,
    )
    if source == PHONE:
        idea.participant = authors.of(entry["nickname"], created_at)
    if merged_into is not None:
        # The file keeps only the texts of merged ideas: they join their target's question.
        idea.question_id, idea.merged_into_id = merged_into.question_id, merged_into.id
        return idea
    idea.question_id = workshop.questions[entry["question"]].id
    idea.paper_votes = _paper_votes(entry)  # with the paper dots of the ideas merged into it
    if entry.get("step") is not None:
        idea.step_id = steps[entry["step"]].id
    if groups and entry.get("group") is not None:
        idea.group_id = groups[entry["group"]].id
        if entry.get("promoted"):
            idea.promoted_at = created_at
    idea.field_confirmed = entry["confirmed"]
    if entry["field"] is not None:
        idea.field_id = workshop.fields[entry["field"]].id
        idea.field_score = entry["score"]
        idea.field_terms = list(entry["terms"])
    return idea


def _add_votes(session, workshop, ideas, votes):
    """Dots from anonymous imported voters: one per voter and idea, all on the target idea.

    Votes are dealt round-robin to the fewest voters that can hold them, so no voter gives
    two dots to one idea (counts reproduce exactly) nor more dots than the workshop allows.
    """
    total = sum(votes)
    if not total:
        return
    dots = workshop.dots_per_participant or 1
    first = min(idea.created_at for idea in ideas)
    voters = [
        Participant(workshop_id=workshop.id, token_hash=_unusable_token_hash(), nickname=None,
                    created_at=first)
        for _voter in range(max(max(votes), math.ceil(total / dots)))
    ]
    session.add_all(voters)
    session.flush()
    rows, number = [], 0
    for idea, count in zip(ideas, votes):
        for _dot in range(count):
            rows.append({"idea_id": idea.id, "participant_id": voters[number % len(voters)].id,
                         "created_at": idea.created_at})
            number += 1
    session.execute(insert(Vote), rows)


def _measure(workshop, entry, ideas):
    measure = Measure(
        workshop_id=workshop.id,
        field_id=workshop.fields[entry["field"]].id if entry["field"] is not None else None,
        title=entry["title"],
        priority=entry["priority"],
        **{name: entry[name] for name in SHEET_TEXT_FIELDS},
    )
    measure.fields = [workshop.fields[position] for position in entry["fields"]]
    measure.ideas = [ideas[position] for position in entry["ideas"]]
    progress = entry.get("progress")
    if progress is not None:
        measure.stage, measure.stage_reason = progress["stage"], progress["reason"]
        measure.public_update, measure.is_public = progress["public_update"], progress["public"]
        measure.checkpoints = [
            MeasureMilestone(position=position, title=item["title"],
                             done_on=parse_date(item["done_on"]) if item["done_on"] else None)
            for position, item in enumerate(progress["checkpoints"])
        ]
    return measure
