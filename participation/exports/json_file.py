"""The JSON format of a whole workshop (version 2): writing it, and checking a file of it.

The document is described by ``schema/workshop-v2.schema.json``; version 2 added where each
idea came from (``source``, ``source_name``, ``author``) and which of its dots were given on
paper (``paper_votes``). Files of version 1 (``schema/workshop-v1.schema.json``) are still
checked and read: their ideas came from phones and all their dots were digital. Questions, fields and ideas
refer to each other by their position in the document, never by database id, and nothing
that a re-import changes (join code, ids, export time, measure versions) is written, so
export → import → export gives the same bytes. The run sheet (``steps``, and each idea's
``step``) and ``votes_hidden`` are written only when a workshop has them, so files of
workshops without a run sheet look as they always did; likewise the groups (``groups``, and
each idea's ``group`` number and ``promoted``) only when a workshop has groups.

The check reads the schema file itself (the small part of JSON Schema it uses), so the
documentation and the importer cannot drift apart and jsonschema stays a test-only
dependency. It reports a ``DocumentProblem`` (a kind, where, details) that the importer puts
into German words.

Pure: no Flask, no database.
"""

import json
import math
import re
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path

FORMAT = "participation-workshop"
VERSION = 2
READABLE_VERSIONS = (1, 2)
SCHEMA_DIRECTORY = Path(__file__).with_name("schema")
MAX_FILE_BYTES = 20 * 1024 * 1024
STEP_RECORD_KEYS = ("ideas", "dots", "done", "people")  # what a step leaves (``RunStep.record``)


def format_timestamp(moment):
    """UTC with microseconds and a ``Z``: one spelling per instant, so re-exports match."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def workshop_document(snapshot):
    """The export of ``snapshot`` as plain dicts and lists, keys in the documented order."""
    question_refs = {question.id: index for index, question in enumerate(snapshot.questions)}
    field_refs = {item.id: index for index, item in enumerate(snapshot.fields)}
    idea_refs = {idea.id: index for index, idea in enumerate(snapshot.ideas)}
    step_refs = {step.id: index for index, step in enumerate(snapshot.steps)}
    with_groups = bool(getattr(snapshot, "groups", ()))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "workshop": {
            "title": snapshot.title,
            "date": snapshot.event_date.isoformat() if snapshot.event_date else None,
            "place": snapshot.place,
            "description": snapshot.description,
        },
        "questions": [question.text for question in snapshot.questions],
        "fields": [
            {
                "name": item.name,
                "description": item.description,
                "keywords": list(item.keywords),
                "colour": item.colour,
            }
            for item in snapshot.fields
        ],
        "ideas": [_idea(idea, question_refs, field_refs, step_refs, with_groups) for idea in snapshot.ideas],
        "measures": [_measure(measure, field_refs, idea_refs) for measure in snapshot.measures],
    }
    if snapshot.votes_hidden:
        # the dots are counted in secret: every idea's "votes" is null until the reveal
        document["workshop"]["votes_hidden"] = True
    if snapshot.steps:
        document["steps"] = [_step(step, question_refs) for step in snapshot.steps]
    if with_groups:
        document["groups"] = [
            {"number": group.number, "name": group.name, "topic": group.topic,
             "question": question_refs.get(group.question_id)}
            for group in snapshot.groups
        ]
    return document


def _optional_timestamp(moment):
    return format_timestamp(moment) if moment is not None else None


def _step(step, question_refs):
    record = step.record
    return {
        "kind": step.kind,
        "title": step.title,
        "questions": sorted(question_refs[question_id] for question_id in step.question_ids
                            if question_id in question_refs),
        "duration_seconds": step.duration_seconds,
        "auto_advance": step.auto_advance,
        "started_at": _optional_timestamp(step.started_at),
        "ended_at": _optional_timestamp(step.ended_at),
        "record": ({key: int(record.get(key) or 0) for key in STEP_RECORD_KEYS} if record else None),
    }


def _key_of(idea):
    """A card's or an imported row's own key, only where there is one (phones' ideas have
    none): restored, the same file imported again still adds nothing."""
    return {"source_key": idea.source_key} if idea.source_key else {}


def _idea(idea, question_refs, field_refs, step_refs, with_groups=False):
    field = field_refs.get(idea.field_id)
    document = {
        "question": question_refs[idea.question_id],
        "text": idea.text,
        "created_at": format_timestamp(idea.created_at),
        "nickname": idea.nickname,
        "author": idea.author,
        "source": idea.source,
        "source_name": idea.source_name,
        "votes": idea.votes,
        "paper_votes": idea.paper_votes if idea.votes is not None else None,
        "field": field,
        # A score or terms without a field would not survive the round trip: the snapshot
        # drops them for unassigned ideas, and so does the document.
        "score": idea.score if field is not None else None,
        "terms": list(idea.terms) if field is not None else [],
        "confirmed": idea.confirmed,
        "merged": [
            {"text": item.text, "nickname": item.nickname, "created_at": format_timestamp(item.created_at),
             "author": item.author, "source": item.source, "source_name": item.source_name,
             **_key_of(item)}
            for item in idea.merged
        ],
        **_key_of(idea),
    }
    if step_refs:
        document["step"] = step_refs.get(idea.step_id)
    if with_groups:
        document["group"] = idea.group_number if idea.group_id is not None else None
        document["promoted"] = idea.promoted
    return document


def _measure(measure, field_refs, idea_refs):
    document = {
        "title": measure.title,
        "priority": measure.priority,
        "field": field_refs.get(measure.field_id),
        "fields": sorted(field_refs[field_id] for field_id in measure.field_ids if field_id in field_refs),
        # Positions ascending rather than the snapshot's by-votes order: one spelling, whatever
        # the tie-breaks of a later snapshot.
        "ideas": sorted(idea_refs[idea.id] for idea in measure.ideas if idea.id in idea_refs),
    }
    document.update(measure.texts)  # the boxes of the sheet, in the sheet's order
    if measure.progress is not None:
        progress = dict(measure.progress)
        progress["checkpoints"] = [{"title": item["title"], "done_on": _day(item["done_on"])}
                                   for item in progress["checkpoints"]]
        document["progress"] = progress
    return document


def _day(value):
    return value.isoformat() if value is not None else None


def workshop_json(snapshot):
    """The document as UTF-8 bytes: readable umlauts and emoji, indented, ending in a newline."""
    text = json.dumps(workshop_document(snapshot), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


# --- reading and checking a file --------------------------------------------------------------


class DocumentProblem(ValueError):
    """What is wrong with a file: ``kind`` (see the importer's messages), ``path`` (keys and
    list positions leading to the spot, empty for the whole file) and ``details``."""

    def __init__(self, kind, path=(), **details):
        super().__init__(kind, tuple(path), details)
        self.kind, self.path, self.details = kind, tuple(path), details


def parse_document(data):
    """The document in the bytes ``data`` (JSON, UTF-8), not yet checked."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentProblem("too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        text = data.decode("utf-8-sig")  # tolerate the byte order mark some Windows editors add
    except UnicodeDecodeError:
        raise DocumentProblem("not_utf8") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise DocumentProblem("not_json", line=error.lineno, column=error.colno) from None
    except (RecursionError, ValueError):
        raise DocumentProblem("not_json", line=None, column=None) from None  # NaN, or nested too deep


def _reject_constant(name):
    # NaN and Infinity are not JSON; Python would accept them and a later export would fail.
    raise ValueError(name)


def check_document(document):
    """Raise ``DocumentProblem`` unless ``document`` is a complete, consistent file of a
    version this app reads (``READABLE_VERSIONS``)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DocumentProblem("not_workshop", format=FORMAT)
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version not in READABLE_VERSIONS:
        raise DocumentProblem("version", version=version, known=VERSION)
    # a version that is no whole number at all is reported by the newest schema ("muss 2 stehen")
    schema = workshop_schema(version if type(version) is int else VERSION)
    _check(document, schema, schema, ())
    _check_references(document)
    _check_paper_votes(document)


@cache
def workshop_schema(version=VERSION):
    return json.loads((SCHEMA_DIRECTORY / f"workshop-v{version}.schema.json").read_text(encoding="utf-8"))


def _has_type(value, name):
    if isinstance(value, bool):  # bool is an int in Python, never in JSON
        return name == "boolean"
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
             "null": type(None)}
    return isinstance(value, kinds.get(name, ()))


def _same(value, expected):
    return type(value) is type(expected) and value == expected  # 1 is not true, 1.0 is not 1


def _check(value, schema, root, path):
    """Check ``value`` against the subset of JSON Schema the format file uses."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        _check(value, target, root, path)
    if "const" in schema and not _same(value, schema["const"]):
        raise DocumentProblem("const", path, value=json.dumps(schema["const"]))
    if "enum" in schema and not any(_same(value, item) for item in schema["enum"]):
        raise DocumentProblem("enum", path, allowed=", ".join(json.dumps(item) for item in schema["enum"]))
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types
    if types and not any(_has_type(value, name) for name in types):
        raise DocumentProblem("type", path, expected=tuple(types))
    if isinstance(value, str):
        _check_string(value, schema, path)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise DocumentProblem("not_finite", path)
        if value < schema.get("minimum", -math.inf):
            raise DocumentProblem("minimum", path, minimum=schema["minimum"])
        if value > schema.get("maximum", math.inf):
            raise DocumentProblem("maximum", path, maximum=schema["maximum"])
    elif isinstance(value, list):
        if len(value) > schema.get("maxItems", math.inf):
            raise DocumentProblem("max_items", path, count=len(value), limit=schema["maxItems"])
        if schema.get("uniqueItems") and _has_repeats(value):
            raise DocumentProblem("repeated", path)
        for index, item in enumerate(value):
            _check(item, schema.get("items", {}), root, (*path, index))
    elif isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                raise DocumentProblem("missing", path, key=key)
        for key, item in value.items():
            if key not in properties and schema.get("additionalProperties") is False:
                raise DocumentProblem("unknown", path, key=key)
            _check(item, properties.get(key, {}), root, (*path, key))


def _has_repeats(items):
    spellings = [json.dumps(item, sort_keys=True) for item in items]
    return len(set(spellings)) < len(spellings)


def _check_string(value, schema, path):
    # NUL and lone surrogates (half an emoji, "\ud83d") are valid JSON, yet no database takes them.
    if "\x00" in value or not _encodable(value):
        raise DocumentProblem("bad_character", path)
    if len(value) < schema.get("minLength", 0):
        raise DocumentProblem("empty", path)
    if len(value) > schema.get("maxLength", math.inf):
        raise DocumentProblem("too_long", path, length=len(value), limit=schema["maxLength"])
    if "pattern" in schema and not re.search(schema["pattern"], value):
        raise DocumentProblem("pattern", path, value=value[:40])
    if schema.get("format") == "date" and parse_date(value) is None:
        raise DocumentProblem("date", path)
    if schema.get("format") == "date-time" and parse_timestamp(value) is None:
        raise DocumentProblem("timestamp", path)


def _encodable(value):
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_date(value):
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def parse_timestamp(value):
    """An ISO 8601 time with a zone as aware UTC, or None (a time without a zone is ambiguous)."""
    try:
        moment = datetime.fromisoformat(value)
        return moment.astimezone(timezone.utc) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


def _check_paper_votes(document):
    """An idea's paper dots are part of its dots: never more than all of them."""
    for index, idea in enumerate(document["ideas"]):
        paper, votes = idea.get("paper_votes"), idea["votes"]
        if paper is not None and votes is not None and paper > votes:
            raise DocumentProblem("paper_votes", ("ideas", index, "paper_votes"), paper=paper, votes=votes)


def _check_references(document):
    """Every position in the file must point at an entry that exists."""

    def check(position, target, path):
        entries = document.get(target, ())
        if position is not None and position >= len(entries):
            raise DocumentProblem("reference", path, position=position, count=len(entries), target=target)

    group_numbers = set()
    for index, group in enumerate(document.get("groups", ())):
        if group["number"] in group_numbers:
            raise DocumentProblem("group_repeated", ("groups", index, "number"), number=group["number"])
        group_numbers.add(group["number"])
    for index, idea in enumerate(document["ideas"]):
        check(idea["question"], "questions", ("ideas", index, "question"))
        check(idea["field"], "fields", ("ideas", index, "field"))
        if "step" in idea:
            check(idea["step"], "steps", ("ideas", index, "step"))
        if idea.get("group") is not None and idea["group"] not in group_numbers:
            raise DocumentProblem("group", ("ideas", index, "group"), number=idea["group"])
    for index, group in enumerate(document.get("groups", ())):
        check(group["question"], "questions", ("groups", index, "question"))
    for index, step in enumerate(document.get("steps", ())):
        for number, position in enumerate(step["questions"]):
            check(position, "questions", ("steps", index, "questions", number))
    for index, measure in enumerate(document["measures"]):
        check(measure["field"], "fields", ("measures", index, "field"))
        for number, position in enumerate(measure["fields"]):
            check(position, "fields", ("measures", index, "fields", number))
        for number, position in enumerate(measure["ideas"]):
            check(position, "ideas", ("measures", index, "ideas", number))
