"""The XLSX exports read back with openpyxl: overview, one sheet per Handlungsfeld, measures."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts
from participation.exports.xlsx_file import SheetNames, measures_xlsx, workshop_xlsx

from factories import LONG_TEXT, RichWorkshop, build_rich_workshop

BERLIN = ZoneInfo("Europe/Berlin")
FORBIDDEN_IN_SHEET_NAMES = set("[]:*?/\\")


def load(content):
    return load_workbook(io.BytesIO(content))


def table(sheet):
    """Header (row 3) and the rows under it as dicts."""
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header, *body = rows
    return list(header), [dict(zip(header, row)) for row in body]


def all_values(book):
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def rich(workshop):
    return build_rich_workshop(workshop)


def test_one_sheet_per_field_with_its_ideas_by_votes(workshop, rich):
    texts = export_texts()
    snapshot = workshop_snapshot(workshop)
    book = load(workshop_xlsx(snapshot, texts))

    expected_sheets = 1 + len(snapshot.fields) + (1 if snapshot.unassigned else 0)
    assert len(book.sheetnames) == expected_sheets
    assert book.sheetnames[0] == texts["overview"]
    exported = []
    groups = [(item.name, item.ideas) for item in snapshot.fields]
    if snapshot.unassigned:
        groups.append((texts["unassigned"], snapshot.unassigned))
    for sheet, (name, ideas) in zip(book.worksheets[1:], groups):
        assert sheet["A1"].value == name
        header, rows = table(sheet)
        assert header == [
            texts["question"], texts["text"], texts["merged"], texts["votes_digital"], texts["votes_paper"],
            texts["votes_total"], texts["nickname"], texts["source"], texts["time_local"], texts["score"],
            texts["terms"], texts["confirmed"],
        ]
        assert [row[texts["text"]] for row in rows] == [idea.text for idea in ideas]
        votes = [row[texts["votes_total"]] for row in rows]
        assert votes == sorted(votes, reverse=True)
        assert sheet.freeze_panes == "A4"
        assert sheet.auto_filter.ref == f"A3:L{3 + len(rows)}"
        exported += [row[texts["text"]] for row in rows]
    assert sorted(exported) == sorted(rich.visible)
    values = all_values(book)
    assert rich.hidden_text not in values and rich.pending_text not in values


def test_idea_cells_keep_texts_times_and_merges(workshop, rich):
    texts = export_texts()
    snapshot = workshop_snapshot(workshop)
    book = load(workshop_xlsx(snapshot, texts))
    rows = {row[texts["text"]]: row for sheet in book.worksheets[1:] for row in table(sheet)[1]}
    for idea in snapshot.ideas:
        row = rows[idea.text]
        assert row[texts["question"]] == idea.question
        assert (row[texts["votes_digital"]], row[texts["votes_paper"]], row[texts["votes_total"]]) == (
            idea.votes, 0, idea.votes)
        assert row[texts["nickname"]] == idea.nickname
        shown = row[texts["time_local"]]
        assert isinstance(shown, datetime) and shown.tzinfo is None  # Excel has no time zones
        assert abs(shown - idea.created_at.astimezone(BERLIN).replace(tzinfo=None)).total_seconds() < 0.01
        assert row[texts["score"]] == (pytest.approx(idea.score) if idea.score is not None else None)
    assert rows[rich.merge_target_text][texts["merged"]] == RichWorkshop.merged_source_text
    assert RichWorkshop.merged_source_text not in rows
    assert "Carsharing-App fürs Dorf, mit E-Autos 🚗⚡" in rows
    assert rows[LONG_TEXT][texts["text"]] == LONG_TEXT
    formula = next(text for text in rich.visible if text.startswith("="))
    assert rows[formula][texts["text"]] == formula  # exact text, no apostrophe in XLSX


def test_layout_wraps_long_texts_and_fits_columns(workshop, rich):
    texts = export_texts()
    book = load(workshop_xlsx(workshop_snapshot(workshop), texts))
    for sheet in book.worksheets[1:]:
        for letter in "ABCDEFGHI":
            assert 8 <= sheet.column_dimensions[letter].width <= 60
    cell = next(row[1] for s in book.worksheets[1:] for row in s.iter_rows(min_row=4) if row[1].value == LONG_TEXT)
    sheet = cell.parent
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[cell.row].height > 100  # the long idea gets its lines
    assert cell.row >= 4 and sheet.column_dimensions["B"].width == 60


def test_overview_counts_questions_fields_terms_and_votes(workshop, rich):
    texts = export_texts()
    snapshot = workshop_snapshot(workshop)
    sheet = load(workshop_xlsx(snapshot, texts))[texts["overview"]]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0] == snapshot.title
    facts = {row[0]: row[1] for row in cells[1:5]}
    assert facts[texts["code"]] == snapshot.code
    assert facts[texts["place"]] == (snapshot.place or texts["none"])
    by_label = {row[0]: row for row in cells if row[0] is not None}

    # ideas, then dots digital / Papier / gesamt (this workshop has only phones' dots)
    for question in snapshot.questions:
        ideas = snapshot.ideas_of_question(question.id)
        votes = sum(idea.votes for idea in ideas)
        assert by_label[question.text][1:5] == [len(ideas), votes, 0, votes]
    for field in snapshot.fields:
        row = by_label[field.name]
        assert row[1:5] == [len(field.ideas), field.votes, 0, field.votes]
        assert (row[5] or "") == ", ".join(field.terms)
    unassigned = snapshot.unassigned
    votes = sum(idea.votes for idea in unassigned)
    assert by_label[texts["unassigned"]][1:5] == [len(unassigned), votes, 0, votes]
    totals = [row[1:5] for row in cells if row[0] == texts["total"]]
    dots = sum(rich.voted.values())
    assert totals == [[len(rich.visible), dots, 0, dots]] * 2  # one source only: no table of sources
    assert [row[2:5] for row in cells if row[0] == texts["question"]] == [
        [texts["votes_digital"], texts["votes_paper"], texts["votes_total"]]]
    assert any(field.terms for field in snapshot.fields)


def test_charts_are_placed_on_the_overview(workshop, rich):
    from PIL import Image

    def png(width, height):
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
        return buffer.getvalue()

    texts = export_texts()
    charts = [("Ideen je Handlungsfeld", png(1200, 600)), ("Ideen über die Zeit", png(400, 200))]
    book = load(workshop_xlsx(workshop_snapshot(workshop), texts, charts=charts))
    overview = book[texts["overview"]]
    assert len(overview._images) == 2
    values = {cell.value for row in overview.iter_rows() for cell in row}
    assert {"Ideen je Handlungsfeld", "Ideen über die Zeit"} <= values
    assert all(not sheet._images for sheet in book.worksheets[1:])


def test_sheet_names_are_valid_and_unique():
    names = SheetNames()
    long_name = "Digitale Daseinsvorsorge und Verwaltung: Teil"
    made = [
        names("Übersicht", "1"),
        names(long_name + " A", "2"),
        names(long_name + " B", "3"),
        names("Mobilität [Bus/Bahn]? *neu*: \\ok", "4"),
        names("übersicht", "5"),
        names("'Zitat'", "6"),
        names("History", "7"),
        names("[]:*?/\\", "Handlungsfeld 8"),
    ]
    for name in made:
        assert 0 < len(name) <= 31 and not set(name) & FORBIDDEN_IN_SHEET_NAMES
        assert not name.startswith("'") and not name.endswith("'")
    assert len({name.casefold() for name in made}) == len(made)
    assert made[1] == long_name[:31] and made[2].endswith(" (2)") and len(made[2]) == 31
    assert made[3] == "Mobilität Bus Bahn neu ok"
    assert made[4] == "übersicht (2)" and made[5] == "Zitat" and made[6] == "History (2)"
    assert made[7] == "Handlungsfeld 8"


def test_fields_sharing_a_long_prefix_get_sheets_of_their_own(workshop):
    from participation.workshops.structure import add_field

    prefix = "Gesundheit und Pflege im ländlichen Raum"
    add_field(workshop, prefix + " – ambulant")
    add_field(workshop, prefix + " – stationär")
    add_field(workshop, "Wohnen/Arbeiten: [neu]?")
    texts = export_texts()
    book = load(workshop_xlsx(workshop_snapshot(workshop), texts))
    assert len(book.sheetnames) == len(set(book.sheetnames)) == 1 + len(workshop.fields)
    for sheet in book.worksheets:
        assert len(sheet.title) <= 31 and not set(sheet.title) & FORBIDDEN_IN_SHEET_NAMES
    titles = {sheet["A1"].value: sheet.title for sheet in book.worksheets[1:]}
    assert titles[prefix + " – ambulant"] != titles[prefix + " – stationär"]
    assert titles["Wohnen/Arbeiten: [neu]?"] == "Wohnen Arbeiten neu"


def test_measures_xlsx_has_every_box_of_the_sheet(workshop, rich):
    texts = export_texts()
    snapshot = workshop_snapshot(workshop)
    book = load(measures_xlsx(snapshot, texts))
    sheet = book.active
    assert sheet.title == texts["measures"]
    header, (row,) = table(sheet)
    assert header == [label for _name, label, _hint in texts["sheet"]] + [texts["source_ideas"]]
    labels = {name: label for name, label, _hint in texts["sheet"]}
    (measure,) = snapshot.measures
    assert row[labels["title"]] == rich.measure_title
    assert row[labels["priority"]] == texts["priorities"]["hoch"]
    assert "Mobilität" in row[labels["fields"]]
    assert row[labels["description"]] == measure.texts["description"]
    assert row[labels["actors"]] == "Amt Büsum-Wesselburen\nSeniorenbeirat"
    assert row[labels["costs"]] == "=2+3 (nur ein Test)"
    assert row[labels["vision"]] is None  # an empty box stays empty
    sources = row[texts["source_ideas"]]
    assert rich.merge_target_text in sources and rich.visible[6] in sources
    assert RichWorkshop.merged_source_text in sources  # the target's merged text comes along
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:{sheet.cell(3, len(header)).column_letter}4"


def test_measures_without_priority_or_measures_at_all(workshop):
    from participation.database import write_transaction
    from participation.measures.models import Measure

    texts = export_texts()
    header, rows = table(load(measures_xlsx(workshop_snapshot(workshop), texts)).active)
    assert rows == [] and len(header) == len(texts["sheet"]) + 1
    with write_transaction() as session:
        session.add(Measure(workshop_id=workshop.id, title="Dorfladen"))
    _, (row,) = table(load(measures_xlsx(workshop_snapshot(workshop), texts)).active)
    labels = {name: label for name, label, _hint in texts["sheet"]}
    assert row[labels["priority"]] == texts["priority_none"]
    assert row[labels["fields"]] is None and row[texts["source_ideas"]] is None
