"""JSON export and import: the schema, exactly the visible content, a byte-identical round
trip, friendly German errors for broken files (storing nothing), and ``flask import``."""

import json
import math

import jsonschema
import pytest
from sqlalchemy import func, select

from participation.exports import importer
from participation.exports.importer import WorkshopImportError, import_workshop, read_document
from participation.exports.json_cli import import_command
from participation.exports.json_file import MAX_FILE_BYTES, workshop_json, workshop_schema
from participation.exports.snapshot import workshop_snapshot
from participation.extensions import db
from participation.measures.models import SHEET_TEXT_FIELDS, Measure
from participation.ideas.models import Idea, Participant, Vote
from participation.workshops.models import Field, Question, Workshop

from factories import LONG_TEXT, build_rich_workshop

# A file as a person might keep it: written in the export's own spelling, so its import
# must export to exactly these bytes again.
SMALL = {
    "format": "participation-workshop",
    "version": 2,
    "workshop": {"title": "Zukunftswerkstatt Süderdeich", "date": "2025-03-01", "place": "Büsum",
                 "description": ""},
    "questions": ["Was fehlt in Ihrem Ort?", "Was ist schon gut?"],
    "fields": [
        {"name": "Mobilität", "description": "Bus, Bahn, Rad", "keywords": ["bus", "rad"],
         "colour": "#1b5e8c"},
    ],
    "ideas": [
        {"question": 0, "text": "Mitfahrbank 🚌", "created_at": "2025-03-01T09:15:00.000000Z",
         "nickname": "Jörg", "author": None, "source": "phone", "source_name": None, "votes": 4, "paper_votes": 1,
         "field": 0, "score": 0.4213, "terms": ["mitfahrbank"], "confirmed": False,
         "merged": [
             {"text": "Bänke zum Mitfahren", "nickname": "Hilde", "created_at": "2025-03-01T09:20:00.250000Z",
              "author": "Hilde", "source": "paper", "source_name": None},
         ]},
        {"question": 1, "text": "Der Hafen", "created_at": "2025-03-01T09:16:30.500000Z", "nickname": "Jörg",
         "author": None, "source": "phone", "source_name": None, "votes": 1, "paper_votes": 0, "field": None,
         "score": None, "terms": [], "confirmed": True, "merged": []},
        {"question": 0, "text": "Ein Dorfladen", "created_at": "2025-03-01T09:30:00.000000Z", "nickname": None,
         "author": None, "source": "import", "source_name": "padlet.csv", "votes": 2, "paper_votes": 2,
         "field": None, "score": None, "terms": [], "confirmed": False, "merged": []},
    ],
    "measures": [{"title": "Mitfahrbänke", "priority": "mittel", "field": 0, "fields": [0], "ideas": [0],
                  **{name: "" for name in SHEET_TEXT_FIELDS}}],
}


def export(workshop):
    return workshop_json(workshop_snapshot(workshop))


def small():
    return json.loads(json.dumps(SMALL))  # a fresh deep copy to break


def row_counts():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Workshop, Question, Field, Idea, Participant, Vote, Measure)]


def test_the_schema_is_valid_and_documents_every_box_of_the_sheet():
    schema = workshop_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    measure = schema["$defs"]["measure"]["properties"]
    assert set(measure) == {"title", "priority", "field", "fields", "ideas", "progress", *SHEET_TEXT_FIELDS}

    def undocumented(node, path):
        for key, item in node.get("properties", {}).items():
            if "description" not in item and "$ref" not in item:
                yield f"{path}.{key}"
            yield from undocumented(item, f"{path}.{key}")

    assert not [spot for name, item in schema["$defs"].items() for spot in undocumented(item, name)]
    assert not list(undocumented(schema, ""))


def test_export_follows_its_schema(workshop):
    build_rich_workshop(workshop)
    document = json.loads(export(workshop))
    validator = jsonschema.Draft202012Validator(workshop_schema(), format_checker=jsonschema.FormatChecker())
    validator.validate(document)


def test_export_holds_exactly_the_visible_content(workshop):
    rich = build_rich_workshop(workshop)
    data = export(workshop)
    document = json.loads(data)
    assert (document["format"], document["version"]) == ("participation-workshop", 2)
    assert document["workshop"]["title"] == workshop.title
    assert document["questions"] == [question.text for question in workshop.questions]
    assert [item["name"] for item in document["fields"]] == [item.name for item in workshop.fields]

    ideas = document["ideas"]
    assert sorted(idea["text"] for idea in ideas) == sorted(rich.visible)
    assert rich.hidden_text.encode() not in data and rich.pending_text.encode() not in data
    assert "Mitfahrbank für Büsum 🚌".encode() in data and b"\\u" not in data  # umlauts and emoji as typed
    assert LONG_TEXT in [idea["text"] for idea in ideas]
    by_text = {idea["text"]: idea for idea in ideas}
    assert {text: by_text[text]["votes"] for text in rich.voted} == rich.voted
    target = by_text[rich.merge_target_text]
    merged = [(item["text"], item["nickname"]) for item in target["merged"]]
    assert merged == [(rich.merged_source_text, "Björn")]
    assert by_text["WLAN"]["nickname"] is None

    mobility = next(index for index, item in enumerate(document["fields"]) if "Mobilität" in item["name"])
    decided = by_text[rich.visible[4]]
    assert (decided["field"], decided["confirmed"]) == (mobility, True)
    assert (decided["score"], decided["terms"]) == (None, [])  # a moderator's decision has no score

    (measure,) = document["measures"]
    assert (measure["title"], measure["priority"], measure["field"], measure["fields"]) == (
        rich.measure_title, "hoch", mobility, [mobility])
    assert sorted(ideas[position]["text"] for position in measure["ideas"]) == sorted(
        [rich.merge_target_text, rich.visible[6]])
    assert measure["costs"] == "=2+3 (nur ein Test)"

    def keys(node):
        if isinstance(node, dict):
            yield from node
            node = list(node.values())
        for item in node if isinstance(node, list) else ():
            yield from keys(item)

    assert not set(keys(document)) & {"id", "code", "wall_token", "exported_at"}
    assert workshop.code.encode() not in data


def test_export_import_export_is_identical(workshop, moderator):
    build_rich_workshop(workshop)
    data = export(workshop)
    copied = import_workshop(read_document(data), moderator)
    assert copied.id != workshop.id and copied.code != workshop.code
    assert (copied.owner_id, copied.is_open) == (moderator.id, False)
    assert copied.idea_max_length >= len(LONG_TEXT)
    assert export(copied) == data


def test_a_written_file_imports_and_exports_to_the_same_bytes(app, moderator):
    jsonschema.validate(SMALL, workshop_schema())
    data = (json.dumps(SMALL, ensure_ascii=False, indent=2) + "\n").encode()
    copied = import_workshop(read_document(data), moderator)
    assert export(copied) == data


def test_imported_people_are_nobody_and_their_dots_stay_within_the_rules(app, moderator):
    copied = import_workshop(small(), moderator)
    people = db.session.scalars(select(Participant).where(Participant.workshop_id == copied.id)).all()
    hashes = [person.token_hash for person in people]
    assert len(set(hashes)) == len(hashes) and all(len(value) == 64 for value in hashes)
    authors = {person.id for person in people if person.nickname == "Jörg"}
    assert len(authors) == 1  # both of Jörg's ideas, one person
    votes = db.session.scalars(select(Vote).join(Idea).where(Idea.workshop_id == copied.id)).all()
    assert len(votes) == 4  # the digital dots: 3 + 1; the paper ones stay numbers on their ideas
    per_voter = {}
    for vote in votes:
        per_voter[vote.participant_id] = per_voter.get(vote.participant_id, 0) + 1
    assert max(per_voter.values()) <= copied.dots_per_participant
    assert not authors & set(per_voter)
    imported = db.session.scalars(select(Idea).where(Idea.workshop_id == copied.id))
    ideas = {idea.text: idea for idea in imported}
    merged, target = ideas["Bänke zum Mitfahren"], ideas["Mitfahrbank 🚌"]
    assert (merged.merged_into_id, merged.question_id) == (target.id, target.question_id)
    # a paper card and an imported row have no phone behind them, only the name written on them
    assert (merged.participant_id, merged.source, merged.author, merged.nickname) == (None, "paper", "Hilde", "Hilde")
    shop = ideas["Ein Dorfladen"]
    assert (shop.participant_id, shop.source, shop.source_name, shop.paper_votes) == (None, "import", "padlet.csv", 2)
    assert (target.paper_votes, ideas["Der Hafen"].paper_votes) == (1, 0)


def _set(path, value):
    def change(document):
        *parents, last = path
        for part in parents:
            document = document[part]
        document[last] = value
    return change


def _drop(path):
    def change(document):
        *parents, last = path
        for part in parents:
            document = document[part]
        del document[last]
    return change


# (what is broken, change to the small file, words the message must contain, jsonschema agrees)
BROKEN = [
    ("wrong version", _set(["version"], 3), "Version 3", True),
    ("unknown source", _set(["ideas", 0, "source"], "fax"), "„ideas[0].source“ ist nur einer dieser Werte", True),
    ("more paper dots than dots", _set(["ideas", 1, "paper_votes"], 2),
     "„ideas[1].paper_votes“ stehen 2 Punkte auf Papier, die Idee hat aber nur 1 Punkte", False),
    ("no format", _drop(["format"]), "keine Workshop-Datei", True),
    ("not an object", lambda document: ["Mitfahrbank"], "keine Workshop-Datei", True),
    ("missing key", _drop(["ideas", 1, "text"]), "„ideas[1]“ fehlt der Eintrag „text“", True),
    ("missing list", _drop(["measures"]), "obersten Ebene fehlt der Eintrag „measures“", True),
    ("unknown key", _set(["ideas", 0, "likes"], 3), "„likes“ unbekannt", True),
    ("missing question", _set(["ideas", 1, "question"], 2), "die Datei enthält aber nur 2 Leitfragen", False),
    ("missing field", _set(["measures", 0, "fields"], [0, 5]),
     "„measures[0].fields[1]“ steht die Position 5, die Datei enthält aber nur 1 Handlungsfeld (", False),
    ("missing idea", _set(["measures", 0, "ideas"], [3]), "nur 3 Ideen", False),
    ("oversized text", _set(["ideas", 0, "text"], "x" * 5001),
     "5001 Zeichen lang, erlaubt sind höchstens 5000", True),
    ("oversized nickname", _set(["ideas", 0, "merged", 0, "nickname"], "N" * 41), "merged[0].nickname", True),
    ("empty text", _set(["ideas", 0, "text"], ""), "nicht leer", True),
    ("text is a number", _set(["questions", 0], 7), "wird ein Text erwartet", True),
    ("votes as words", _set(["ideas", 0, "votes"], "drei"), "ganze Zahl", True),
    ("negative votes", _set(["ideas", 0, "votes"], -1), "mindestens 0", True),
    ("true as a position", _set(["ideas", 0, "question"], True), "ganze Zahl", True),
    ("unknown priority", _set(["measures", 0, "priority"], "sehr hoch"), "„measures[0].priority“", True),
    ("bad colour", _set(["fields", 0, "colour"], "rot"), "„rot“ nicht die erwartete Form", True),
    ("repeated field", _set(["measures", 0, "fields"], [0, 0]), "doppelt", True),
    ("NUL in a text", _set(["ideas", 0, "text"], "a\x00b"), "Nullzeichen", False),
    ("half an emoji", _set(["ideas", 0, "merged", 0, "text"], "Bus \ud83d"),
     "„ideas[0].merged[0].text“ enthält", False),
    ("time without zone", _set(["ideas", 0, "created_at"], "2025-03-01T09:15:00"), "Zeitzone", False),
    ("not a date", _set(["workshop", "date"], "01.03.2025"), "JJJJ-MM-TT", False),
]


@pytest.mark.parametrize(
    "change, words, schema_agrees", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_a_broken_file_gives_a_message_and_stores_nothing(app, moderator, change, words, schema_agrees):
    document = small()
    document = change(document) or document
    if schema_agrees:  # the hand-made check and the published schema agree
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, workshop_schema())
    before = row_counts()
    with pytest.raises(WorkshopImportError) as caught:
        import_workshop(document, moderator)
    assert words in caught.value.message
    assert caught.value.message.startswith(("Die Workshop-Datei", "Das ist keine Workshop-Datei"))
    assert row_counts() == before


@pytest.mark.parametrize("data, words", [
    (b"Das ist kein JSON", "kein gültiges JSON (Zeile 1, Spalte 1)"),
    (b"\xff\xfe{\x00}\x00", "keine UTF-8-Textdatei"),
    (json.dumps({**SMALL, "ideas": [{**SMALL["ideas"][0], "score": math.nan}]}).encode(),
     "kein gültiges JSON"),
    (b"[" * 100000 + b"]" * 100000, "kein gültiges JSON"),
    (b" " * (MAX_FILE_BYTES + 1), "höchstens 20 MB"),
])
def test_a_file_that_is_not_json_gives_a_german_message(app, data, words):
    with pytest.raises(WorkshopImportError) as caught:
        read_document(data)
    assert words in caught.value.message


def test_a_failure_while_writing_stores_nothing(app, moderator, monkeypatch):
    def broken_measure(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_measure", broken_measure)
    before = row_counts()
    with pytest.raises(RuntimeError):
        import_workshop(small(), moderator)
    assert row_counts() == before


def test_flask_import_prints_the_new_code_and_title(runner, moderator, tmp_path):
    path = tmp_path / "workshop.json"
    path.write_text(json.dumps(SMALL, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(import_command, [str(path), "--owner", "moderatorin"])
    assert result.exit_code == 0, result.output
    copied = db.session.scalar(select(Workshop).where(Workshop.title == SMALL["workshop"]["title"]))
    assert copied.owner_id == moderator.id
    assert copied.code in result.output and "„Zukunftswerkstatt Süderdeich“" in result.output


def test_flask_import_refuses_a_broken_file_or_an_unknown_owner(runner, moderator, tmp_path):
    path = tmp_path / "workshop.json"
    path.write_text(json.dumps({**SMALL, "version": 3}), encoding="utf-8")
    before = row_counts()
    result = runner.invoke(import_command, [str(path), "--owner", "moderatorin"])
    assert result.exit_code == 1 and "Version 3" in result.output
    result = runner.invoke(import_command, [str(path), "--owner", "niemand"])
    assert result.exit_code == 1 and "„niemand“" in result.output
    assert row_counts() == before


def test_what_became_of_a_measure_survives_the_round_trip(app, moderator):
    """Issue 22: a measure's stage, reason, public update, switch and milestones are in the
    file and come back on import; a measure with nothing told has no "progress" at all."""
    document = small()
    document["measures"].append({**document["measures"][0], "title": "Rufbus"})
    document["measures"][0]["progress"] = {
        "stage": "verworfen", "reason": "Kein Träger gefunden", "public_update": "Wir suchen weiter.",
        "public": True, "checkpoints": [{"title": "Träger anfragen", "done_on": "2026-11-02"},
                                        {"title": "Förderantrag", "done_on": None}]}
    jsonschema.validate(document, workshop_schema())
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
    copied = import_workshop(read_document(data), moderator)
    measures = db.session.scalars(select(Measure).where(Measure.workshop_id == copied.id).order_by(Measure.id)).all()
    assert (measures[0].stage, measures[0].stage_reason, measures[0].is_public) == ("verworfen", "Kein Träger gefunden", True)
    assert [(item.title, str(item.done_on)) for item in measures[0].checkpoints] == [
        ("Träger anfragen", "2026-11-02"), ("Förderantrag", "None")]
    assert (measures[1].stage, measures[1].checkpoints) == ("idee", [])
    assert export(copied) == data
    broken = json.loads(data)
    broken["measures"][0]["progress"]["stage"] = "vielleicht"
    before = row_counts()
    with pytest.raises(WorkshopImportError):
        import_workshop(read_document(json.dumps(broken).encode()), moderator)
    assert row_counts() == before  # nothing stored
