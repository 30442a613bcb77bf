"""Reading CSV and XLSX files into rows (pure, no app): encodings, delimiters, quoted line
breaks, the app's protected formulas, formulas without values, limits and bad files."""

import time

import pytest

from participation.imports.reading import (
    CSV,
    FORMULA,
    MAX_ROWS,
    TOO_LONG,
    XLSX,
    FileRefused,
    read_file,
)

from imports.files import mentimeter_xlsx, png, xlsx, zip_bomb_xlsx

TEXT = "Bürgerbus nach Heide – auch abends; öfter!"


def refused(content):
    with pytest.raises(FileRefused) as caught:
        read_file(content)
    return caught.value


@pytest.mark.parametrize("encoding, name", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
    ("cp1252", "Windows-1252"),
])
def test_csv_encodings_are_found(encoding, name):
    content = f"Idee;Name\r\n\"{TEXT}\";Jörg\r\n„Mehr“ Bänke – 5 €;Ünal\r\n".encode(encoding)
    reading = read_file(content)
    assert (reading.kind, reading.encoding, reading.delimiter) == (CSV, name, ";")
    table = reading.tables[0]
    assert table.headers == ("Idee", "Name")
    assert [row.cells for row in table.rows] == [(TEXT, "Jörg"), ("„Mehr“ Bänke – 5 €", "Ünal")]


def test_latin1_is_the_last_try():
    content = "Idee\nStraße\x81\n".encode("latin-1")  # 0x81 is not in Windows-1252
    reading = read_file(content)
    assert reading.encoding == "ISO-8859-1"
    assert reading.tables[0].rows[0].cells == ("Straße\x81",)


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_delimiter_is_sniffed_and_quoted_cells_keep_theirs(delimiter):
    other = "," if delimiter != "," else ";"
    lines = [["Text", "Frage", "Stimmen"], [f"Eins{other} zwei", "F1", "3"], ["Drei", "F2", ""]]
    content = "\r\n".join(delimiter.join(line) for line in lines).encode()
    table = read_file(content).tables[0]
    assert read_file(content).delimiter == delimiter
    assert [row.cells for row in table.rows] == [(f"Eins{other} zwei", "F1", "3"), ("Drei", "F2", "")]


def test_a_single_column_keeps_its_commas():
    table = read_file("Idee\nEins, zwei, drei\nVier\n".encode()).tables[0]
    assert [row.cells for row in table.rows] == [("Eins, zwei, drei",), ("Vier",)]


def test_quoted_line_breaks_stay_in_one_cell_and_rows_count_as_records():
    content = 'Text;Name\r\n"Zeile eins\r\nZeile zwei; mit Semikolon";Anna\r\nNoch eine;Bert\r\n'.encode()
    table = read_file(content).tables[0]
    assert table.rows[0].cells == ("Zeile eins\r\nZeile zwei; mit Semikolon", "Anna")
    assert [row.number for row in table.rows] == [2, 3]


def test_the_apostrophe_of_the_apps_own_export_is_undone_and_other_texts_stay():
    content = "Idee\r\n'=SUMME(A1:A9) ist ein Test\r\n'+49 Telefon\r\n'Zitat'\r\n-minus\r\n".encode()
    cells = [row.cells[0] for row in read_file(content).tables[0].rows]
    assert cells == ["=SUMME(A1:A9) ist ein Test", "+49 Telefon", "'Zitat'", "-minus"]


def test_title_rows_above_the_header_are_dropped_and_blank_rows_skipped():
    content = "Ideen vom Dorffest\n\nText;Name\nEins;A\n;\nZwei;B\n".encode()
    table = read_file(content).tables[0]
    assert table.headers == ("Text", "Name")
    assert [(row.number, row.cells) for row in table.rows] == [(4, ("Eins", "A")), (6, ("Zwei", "B"))]


def test_50000_rows_are_refused_after_reading_the_first_rows_over_the_limit():
    content = ("Text;Frage\n" + "".join(f"Idee {number};F\n" for number in range(50_000))).encode()
    started = time.perf_counter()
    problem = refused(content)
    assert (problem.kind, problem.details["limit"]) == ("too_many_rows", MAX_ROWS)
    exactly = ("Text\n" + "".join(f"Idee {number}\n" for number in range(MAX_ROWS))).encode()
    assert len(read_file(exactly).tables[0].rows) == MAX_ROWS
    assert time.perf_counter() - started < 60  # a generous bound: it is about 0.1 s


def test_too_long_cells_are_flagged_and_cut():
    row = read_file(("Text;Name\n" + "x" * 20_000 + ";Anna\n").encode()).tables[0].rows[0]
    assert row.flag(0) == TOO_LONG and len(row.cells[0]) == 10_000 and row.flag(1) is None


@pytest.mark.parametrize("content, kind", [
    (b"", "empty"),
    (b"\xef\xbb\xbf\r\n \r\n", "empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old_office"),
    (b"PK\x03\x04 not really a zip", "broken_xlsx"),
    (bytes(range(256)) * 20, "binary"),
    (b"\xff\xfeI\x00d\x00\x00\xd8", "bad_encoding"),  # a UTF-16 mark, then half a surrogate pair
])
def test_bad_files_are_refused_with_a_kind(content, kind):
    assert refused(content).kind == kind


def test_a_png_named_csv_is_named_as_png():
    problem = refused(png())
    assert (problem.kind, problem.details["format"]) == ("binary", "PNG")


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_it_is_unpacked():
    bomb = zip_bomb_xlsx(200)
    assert len(bomb) < 1024 * 1024  # fits under the upload limit
    started = time.perf_counter()
    assert refused(bomb).kind == "zip_bomb"
    assert time.perf_counter() - started < 30  # nothing was unpacked (about a millisecond)


def test_a_zip_that_is_no_workbook_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refused(buffer.getvalue()).kind == "not_xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office/>")
    assert refused(buffer.getvalue()).kind == "ods"


def test_xlsx_values_numbers_and_formulas_without_values():
    content = xlsx({"Ideen": [
        ("Text", "Punkte", "Name"),
        ("Radweg", 3, "Anna"),
        ("=1+2", 2.0, None),  # openpyxl writes a formula, never its value
        ("Kino", "=A2&A3", "Bert"),
    ]})
    reading = read_file(content)
    assert reading.kind == XLSX
    rows = reading.tables[0].rows
    assert [row.cells for row in rows] == [("Radweg", "3", "Anna"), ("", "2", ""), ("Kino", "", "Bert")]
    assert rows[1].flag(0) == FORMULA and rows[2].flag(1) == FORMULA and rows[0].flags == ()


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Idee"])
    cell = sheet.cell(2, 1)
    cell.value, cell.data_type = "=HYPERLINK(\"x\")", "s"
    sheet.cell(3, 1).value = "@Rathaus"
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    rows = read_file(buffer.getvalue()).tables[0].rows
    assert [row.cells for row in rows] == [("=HYPERLINK(\"x\")",), ("@Rathaus",)]
    assert all(not row.flags for row in rows)


def test_xlsx_sheets_with_the_same_header_are_one_table_with_the_sheet_name():
    header = ("Leitfrage", "Idee", "Punkte")
    content = xlsx({
        "Übersicht": [("Workshop", "Heide"), ("Datum", "heute"), (), ("Leitfrage", "Anzahl Ideen", "Punkte"),
                      ("F1", 2, 3)],
        "Mobilität": [("Mobilität",), ("Bus und Rad",), header, ("F1", "Bus", 2)],
        "Bildung": [("Bildung",), (), header, ("F1", "Schule", 1), ("F2", "VHS", 0)],
        "Leer": [],
    })
    reading = read_file(content)
    joined = next(table for table in reading.tables if table.sheet_column)
    assert joined.sheets == ("Mobilität", "Bildung")
    assert [row.cells for row in joined.rows] == [
        ("F1", "Bus", "2", "Mobilität"), ("F1", "Schule", "1", "Bildung"), ("F2", "VHS", "0", "Bildung")]
    assert [row.number for row in joined.rows] == [4, 4, 5]
    assert reading.skipped_sheets == ("Leer",)


def test_a_mentimeter_title_block_is_skipped():
    content = mentimeter_xlsx({"Was fehlt?": [("Ein Kino", 4), ("Mehr Bänke", 1)]})
    table = read_file(content).tables[0]
    assert table.headers == ("Question", "Response", "Votes")
    assert [row.cells for row in table.rows] == [("Was fehlt?", "Ein Kino", "4"), ("Was fehlt?", "Mehr Bänke", "1")]


def test_an_xlsx_over_the_row_limit_is_refused():
    content = xlsx({"Viele": [("Text",), *((f"Idee {number}",) for number in range(MAX_ROWS + 1))]})
    assert refused(content).kind == "too_many_rows"
