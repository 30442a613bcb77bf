"""The CSV export read back with the csv module: exactly the visible ideas, intact, one row each."""

import csv
import io
from zoneinfo import ZoneInfo

import pytest

from participation.exports.cells import restore_csv_text
from participation.exports.csv_file import workshop_csv
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts

from factories import LONG_TEXT, RichWorkshop, build_rich_workshop
from helpers import make_participant, post_idea

BERLIN = ZoneInfo("Europe/Berlin")


def read_csv(content, delimiter=";"):
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    header, *body = rows
    return header, [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def rich(workshop):
    return build_rich_workshop(workshop)


def test_csv_holds_exactly_the_visible_ideas(workshop, rich):
    texts = export_texts()
    content = workshop_csv(workshop_snapshot(workshop), texts)
    header, rows = read_csv(content)

    assert header == [
        texts["question"], texts["field"], texts["text"], texts["merged"], texts["votes_digital"],
        texts["votes_paper"], texts["votes_total"], texts["nickname"], texts["source"], texts["time_local"],
        texts["score"], texts["terms"], texts["confirmed"],
    ]
    exported = [restore_csv_text(row[texts["text"]]) for row in rows]
    assert sorted(exported) == sorted(rich.visible)
    decoded = content.decode("utf-8-sig")
    assert rich.hidden_text not in decoded and rich.pending_text not in decoded
    # The merged idea is no row of its own, but its text is in its target's row.
    assert decoded.count(rich.merged_source_text) == 1
    target = next(row for row in rows if row[texts["text"]] == rich.merge_target_text)
    assert target[texts["merged"]] == rich.merged_source_text
    for text, dots in rich.voted.items():
        assert next(row for row in rows if row[texts["text"]] == text)[texts["votes_total"]] == str(dots)
    assert sum(int(row[texts["votes_total"]]) for row in rows) == sum(rich.voted.values())
    assert {(row[texts["votes_digital"]], row[texts["votes_paper"]]) for row in rows if row[texts["votes_total"]] == "0"} == {
        ("0", "0")}
    assert {row[texts["source"]] for row in rows} == {texts["source_phone"]}


def test_csv_keeps_umlauts_emoji_and_long_texts(workshop, rich):
    texts = export_texts()
    _, rows = read_csv(workshop_csv(workshop_snapshot(workshop), texts))
    by_text = {row[texts["text"]]: row for row in rows}
    assert "Mitfahrbank für Büsum 🚌" in by_text
    assert "Carsharing-App fürs Dorf, mit E-Autos 🚗⚡" in by_text
    assert len(by_text[LONG_TEXT][texts["text"]]) == len(LONG_TEXT) > 1000
    assert {row[texts["nickname"]] for row in rows} == {"Anna", "Björn", "Ça", "Dörte", ""}
    # The text typed with "=" is neutralised, and the reader gets it back exactly.
    formula = next(text for text in rich.visible if text.startswith("="))
    assert "'" + formula in by_text
    assert restore_csv_text("'" + formula) == formula


def test_csv_fields_times_and_decisions(workshop, rich):
    texts = export_texts()
    snapshot = workshop_snapshot(workshop)
    _, rows = read_csv(workshop_csv(snapshot, texts))
    by_text = {restore_csv_text(row[texts["text"]]): row for row in rows}
    for idea in snapshot.ideas:
        row = by_text[idea.text]
        assert row[texts["question"]] == idea.question
        assert row[texts["field"]] == (idea.field_name or texts["unassigned"])
        assert row[texts["time_local"]] == idea.created_at.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M:%S")
        assert row[texts["confirmed"]] == (texts["yes"] if idea.confirmed else texts["no"])
        assert row[texts["terms"]] == ", ".join(idea.terms)
        assert (row[texts["score"]] == "") == (idea.score is None)
    moved = by_text[rich.visible[4]]
    assert "Mobilität" in moved[texts["field"]]
    assert moved[texts["confirmed"]] == texts["yes"]
    # Rows follow the snapshot: oldest first.
    assert [restore_csv_text(row[texts["text"]]) for row in rows] == [idea.text for idea in snapshot.ideas]


def test_csv_decimal_separator_follows_the_delimiter(workshop, rich):
    texts = export_texts()
    snapshot = workshop_snapshot(workshop)
    scored = next(idea for idea in snapshot.ideas if idea.score is not None)

    _, semicolon_rows = read_csv(workshop_csv(snapshot, texts))
    _, comma_rows = read_csv(workshop_csv(snapshot, texts, delimiter=","), delimiter=",")

    assert len(semicolon_rows) == len(comma_rows) == len(rich.visible)
    german = next(row for row in semicolon_rows if row[texts["text"]] == scored.text)[texts["score"]]
    english = next(row for row in comma_rows if row[texts["text"]] == scored.text)[texts["score"]]
    assert german == f"{scored.score:.2f}".replace(".", ",")
    assert english == f"{scored.score:.2f}"
    for german_row, english_row in zip(semicolon_rows, comma_rows):
        assert german_row[texts["text"]] == english_row[texts["text"]]


def test_csv_refuses_other_delimiters(workshop):
    with pytest.raises(ValueError):
        workshop_csv(workshop_snapshot(workshop), export_texts(), delimiter="\t")


def test_csv_quotes_line_breaks_quotes_and_delimiters(workshop):
    texts = export_texts()
    awkward = 'Zeile 1; mit Semikolon\n"Zitat" und „Anführung“, Komma\nZeile 3'
    post_idea(workshop, make_participant(workshop, "eva"), awkward)
    for delimiter in (";", ","):
        content = workshop_csv(workshop_snapshot(workshop), texts, delimiter=delimiter)
        _, (row,) = read_csv(content, delimiter=delimiter)
        assert row[texts["text"]] == awkward
        assert b"\r\n" in content  # records end as RFC 4180 asks


def test_csv_of_an_empty_workshop_is_just_the_header(workshop):
    header, rows = read_csv(workshop_csv(workshop_snapshot(workshop), export_texts()))
    assert rows == [] and len(header) == 13


def test_merged_texts_of_several_ideas_share_one_cell(workshop):
    from participation.moderation.services import merge

    texts = export_texts()
    people = [make_participant(workshop, name) for name in ("eva", "finn", "gesa")]
    target = post_idea(workshop, people[0], "Dorfladen mit Café")
    for person, text in zip(people[1:], ("Dorfladen 🛒", "Ein Laden im Dorf")):
        merge(post_idea(workshop, person, text), target)
    _, (row,) = read_csv(workshop_csv(workshop_snapshot(workshop), texts))
    assert row[texts["text"]] == "Dorfladen mit Café"
    assert sorted(row[texts["merged"]].split("\n")) == ["Dorfladen 🛒", "Ein Laden im Dorf"]
    assert RichWorkshop.merged_source_text not in row.values()
