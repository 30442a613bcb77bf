"""The exports with arbitrary Unicode in every text: what is read back is what was written.

CSV: every text cell gives back the typed text through ``restore_csv_text`` (the documented
apostrophe before formula-like texts is the only change). XLSX: every text cell holds the
text without the characters XML cannot carry (``xlsx_text``), as a string, never a formula.
JSON: the file passes its own check and holds the texts unchanged; imported into the
database and exported again it gives the same bytes. The snapshots are built directly
(``fuzz.strategies.snapshots``), so only the import needs a database.
"""

import csv
import io
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from participation.exports.cells import is_formula_like, restore_csv_text, xlsx_text
from participation.exports.csv_file import workshop_csv
from participation.exports.json_file import check_document, parse_document, workshop_document, workshop_json
from participation.exports.xlsx_file import workshop_xlsx

from fuzz.strategies import FUZZ, snapshots, storable_text

FUZZ_WITH_DATABASE = settings(FUZZ, max_examples=15)  # a workshop is imported per example


@cache
def export_texts():
    """The export's words (German), from a throwaway app: the writers themselves take a dict."""
    from participation import create_app
    from participation.exports.texts import export_texts as texts

    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        return texts()


def read_csv(content, delimiter):
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    return rows[0], rows[1:]


@FUZZ
@given(snapshot=snapshots(), delimiter=st.sampled_from([";", ","]))
def test_csv_gives_back_every_text(snapshot, delimiter):
    texts = export_texts()
    header, rows = read_csv(workshop_csv(snapshot, texts, delimiter), delimiter)
    assert len(rows) == len(snapshot.ideas) and all(len(row) == len(header) for row in rows)
    for row, idea in zip(rows, snapshot.ideas):
        question, field, text, merged, digital, paper, votes, nickname, *_rest = row
        assert restore_csv_text(question) == idea.question
        assert restore_csv_text(field) == (idea.field_name or texts["unassigned"])
        assert restore_csv_text(text) == idea.text
        assert restore_csv_text(merged) == "\n".join(idea.merged_texts)
        assert int(votes) == idea.votes == int(digital) + int(paper)
        assert restore_csv_text(nickname) == (idea.nickname or "")
        for cell in (question, field, text, merged, nickname):
            assert not is_formula_like(cell), cell  # nothing a spreadsheet would evaluate


def _xlsx_cell(text):
    """What a text cell must hold: the text without XML-illegal characters; empty is None."""
    return xlsx_text(text) or None if text is not None else None


@FUZZ
@given(snapshot=snapshots())
def test_xlsx_gives_back_every_text_as_text(snapshot):
    texts = export_texts()
    book = load_workbook(io.BytesIO(workshop_xlsx(snapshot, texts)))
    groups = [(item.name, item.ideas) for item in snapshot.fields]
    if snapshot.unassigned:
        groups.append((texts["unassigned"], snapshot.unassigned))
    assert len(book.worksheets) == 1 + len(groups)
    assert len({name.casefold() for name in book.sheetnames}) == len(book.sheetnames)
    for sheet, (name, ideas) in zip(book.worksheets[1:], groups):
        assert sheet["A1"].value == _xlsx_cell(name)
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert len(rows) == len(ideas)
        for row, idea in zip(rows, ideas):
            question, text, merged, digital, paper, votes, nickname, *_rest = row
            assert question == _xlsx_cell(idea.question)
            assert text == _xlsx_cell(idea.text)
            assert merged == _xlsx_cell("\n".join(idea.merged_texts))
            assert votes == idea.votes == digital + paper
            assert nickname == _xlsx_cell(idea.nickname)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


@FUZZ
@given(snapshot=snapshots(storable_text, with_measures=True))
def test_json_passes_its_own_check_and_holds_every_text(snapshot):
    data = workshop_json(snapshot)
    document = parse_document(data)
    check_document(document)
    assert document == workshop_document(snapshot)
    assert [entry["text"] for entry in document["ideas"]] == [idea.text for idea in snapshot.ideas]
    assert [entry["nickname"] for entry in document["ideas"]] == [idea.nickname for idea in snapshot.ideas]
    assert [item["name"] for item in document["fields"]] == [item.name for item in snapshot.fields]


@FUZZ_WITH_DATABASE
@given(snapshot=snapshots(storable_text, with_measures=True))
def test_json_import_then_export_gives_the_same_bytes(app, moderator, snapshot):
    from participation.exports.importer import import_workshop
    from participation.exports.snapshot import workshop_snapshot

    data = workshop_json(snapshot)
    imported = import_workshop(parse_document(data), moderator)
    assert workshop_json(workshop_snapshot(imported)) == data
