"""Reading a CSV or XLSX file from another tool into plain rows of text.

Pure: no Flask, no database. A file that cannot be read raises ``FileRefused`` with a
``kind`` (and details) that the views put into German words, so nothing here is
translated. The format is decided by the bytes, not by the file's name: a ZIP is read as
XLSX, known binary formats are named, anything else is read as CSV.

CSV: the encoding is found by a strict order of tries (a byte order mark for UTF-8,
UTF-16 or UTF-32; UTF-16 without a mark by its zero bytes; then UTF-8, Windows-1252 and
Latin-1), the delimiter (``;``, ``,`` or tab) by which one splits the first records into
the most consistent columns; quoted cells may hold line breaks. A cell that the app's own
CSV export protected with a leading apostrophe (``'=SUMME(...)``) comes back as typed.

XLSX: the ZIP is checked before openpyxl opens it (total unpacked size, the packing ratio
of large members, the number of members, that it is a workbook at all), because a few
kilobytes of ZIP can unpack into gigabytes. Cells are read with their cached values; a
formula without one (a file written by a program that never calculated it) is flagged,
never evaluated. Sheets with the same header row are read as one table (the app's own
export has one sheet per Handlungsfeld), with the sheet's name as an extra column.

Limits: ``MAX_ROWS`` data rows (reading stops at the first row over it, so a 50,000-row
file is refused after reading 5,001), ``MAX_COLUMNS`` columns, ``MAX_CELL_CHARS``
characters in a cell (longer cells are flagged, not stored whole).
"""

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import chain, islice

MAX_ROWS = 5_000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 10_000
MAX_SHEET_ROW = 100_000  # a sheet's last row, blank rows included
HEADER_SEARCH_ROWS = 10  # the header is the fullest of a sheet's first non-blank rows
SNIFF_CHARS = 64 * 1024
SNIFF_RECORDS = 40

MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_PACKING_RATIO = 200  # XML packs 5 to 30 times; a zip bomb about 1,000 times
RATIO_CHECKED_FROM = 1024 * 1024  # small members may pack well without harm
MAX_ZIP_MEMBERS = 2_000

CSV, XLSX = "csv", "xlsx"
FORMULA, TOO_LONG = "formula", "too_long"

# The first bytes of files that are surely no table: named in the message.
_BINARY_SIGNATURES = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"RIFF", "RIFF"),
    (b"\x1f\x8b", "GZIP"),
    (b"7z\xbc\xaf", "7Z"),
    (b"Rar!", "RAR"),
    (b"\x7fELF", "ELF"),
    (b"MZ", "EXE"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, .doc, and password-protected .xlsx
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The app's CSV export puts an apostrophe before a text that starts like a formula
# (participation/exports/cells.py, a package of this layer, so the rule is repeated here).
_FORMULA_START = frozenset("=+-@\t\r")
_INVISIBLE_START = (
    " \n\u00a0\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)


class FileRefused(Exception):
    """A file that cannot be read; ``kind`` names why, ``details`` fill the message."""

    def __init__(self, kind, **details):
        super().__init__(kind, details)
        self.kind = kind
        self.details = details


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it (a CSV's first record is row 1)
    cells: tuple  # str per column, "" for an empty cell
    sheet: str | None = None
    flags: tuple = ()  # (column, FORMULA or TOO_LONG) for cells that hold no usable text

    def flag(self, column):
        return next((kind for index, kind in self.flags if index == column), None)

    def cell(self, column):
        return self.cells[column] if column is not None and 0 <= column < len(self.cells) else ""


@dataclass(frozen=True)
class Table:
    """One table of the file: a header row and the non-blank rows under it."""

    header: Row
    rows: tuple
    sheets: tuple = ()  # the XLSX sheets it was read from
    sheet_column: bool = False  # the last column holds the sheet's name (not in the file)

    @property
    def headers(self):
        return self.header.cells

    @property
    def width(self):
        return len(self.header.cells)


@dataclass(frozen=True)
class Reading:
    kind: str  # CSV or XLSX
    tables: tuple  # at least one
    encoding: str | None = None  # CSV: what the bytes were read as
    delimiter: str | None = None  # CSV
    skipped_sheets: tuple = ()  # XLSX sheets without rows
    cut_columns: bool = False  # the file had more than MAX_COLUMNS columns
    row_count: int = 0
    extra: dict = field(default_factory=dict)


def read_file(content):
    """The tables in ``content`` (the bytes of an uploaded file), or ``FileRefused``."""
    if not content or not content.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise FileRefused("empty")
    if content.startswith(_ZIP):
        return _read_xlsx(content)
    if content.startswith(_OLE):
        raise FileRefused("old_office")
    for signature, name in _BINARY_SIGNATURES:
        if content.startswith(signature):
            raise FileRefused("binary", format=name)
    return _read_csv(content)


# --- CSV ---------------------------------------------------------------------------------


def decode(content):
    """``(text, encoding name)``; the first try that works, strictly in this order."""
    for bom, codec, name in (
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if content.startswith(bom):
            try:
                return content.decode(codec), name
            except UnicodeDecodeError:
                raise FileRefused("bad_encoding", encoding=name) from None
    sample = content[:4096]
    if b"\x00" in sample:
        codec = _utf16_without_bom(sample)
        if codec is None:
            raise FileRefused("binary", format="")
        try:
            return content.decode(codec), "UTF-16"
        except UnicodeDecodeError:
            raise FileRefused("binary", format="") from None
    for codec, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return content.decode(codec), name
        except UnicodeDecodeError:
            pass
    return content.decode("latin-1"), "ISO-8859-1"


def _utf16_without_bom(sample):
    """UTF-16 text of Latin letters has a zero byte in every other place."""
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def restore_text(cell):
    """A CSV cell without the apostrophe the app's export put before a formula-like text."""
    if cell.startswith("'") and cell[1:].lstrip("'").lstrip(_INVISIBLE_START)[:1] in _FORMULA_START:
        return cell[1:]
    return cell


def sniff_delimiter(text):
    """``;``, ``,`` or tab: the one that splits the first records into the same number of
    columns (more than one) most often, then into the most columns. A file of one column
    keeps the commas inside its texts, and a title line above the header does not count."""
    sample = text[:SNIFF_CHARS]
    best, best_score = ";", None
    for delimiter in (";", ",", "\t"):
        try:
            records = list(islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), SNIFF_RECORDS + 1))
        except csv.Error:
            continue
        if len(text) > SNIFF_CHARS and len(records) > 1:
            records = records[:-1]  # cut off in the middle
        widths = [len(record) for record in records if any(cell.strip() for cell in record)]
        if not widths:
            continue
        usual = max(set(widths), key=lambda width: (widths.count(width), width))
        consistent = widths.count(usual) / len(widths)
        score = (usual > 1 and consistent >= 0.7, round(consistent, 1), usual)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(content):
    text, encoding = decode(content)
    text = text.lstrip("\ufeff")
    if len(_CONTROL.findall(text[:SNIFF_CHARS])) > max(3, len(text[:SNIFF_CHARS]) // 100):
        raise FileRefused("binary", format="")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    state = _Counter()

    def records():
        number = 0
        try:
            for record in reader:
                number += 1
                yield _text_row(number, record, state)
        except csv.Error as error:
            raise FileRefused("broken_csv", row=number + 1, reason=str(error)) from None

    table = _table(records(), state)
    if table is None:
        raise FileRefused("empty")
    return Reading(CSV, (table,), encoding=encoding, delimiter=delimiter, cut_columns=state.cut_columns,
                   row_count=state.rows)


def _text_row(number, record, state):
    if len(record) > MAX_COLUMNS:
        if any(cell.strip() for cell in record[MAX_COLUMNS:]):
            state.cut_columns = True
        record = record[:MAX_COLUMNS]
    cells, flags = [], []
    for column, cell in enumerate(record):
        cell = restore_text(cell.replace("\x00", ""))
        if len(cell) > MAX_CELL_CHARS:
            flags.append((column, TOO_LONG))
            cell = cell[:MAX_CELL_CHARS]
        cells.append(cell)
    return Row(number, tuple(cells), flags=tuple(flags))


# --- the rows of one sheet into a table --------------------------------------------------


class _Counter:
    """Data rows read from the whole file, so the limit holds across sheets."""

    def __init__(self):
        self.rows = 0
        self.cut_columns = False


def _filled(row):
    return sum(1 for cell in row.cells if cell.strip()) + sum(1 for index, _kind in row.flags if not row.cells[index])


def _table(records, state, sheet=None):
    """The header (the fullest of the first non-blank rows; rows above it, such as a
    title, are dropped) and the non-blank rows under it; None for a sheet without rows."""
    first = []
    for row in records:
        if _filled(row):
            first.append(row)
            if len(first) == HEADER_SEARCH_ROWS:
                break
    if not first:
        return None
    fullest = max(_filled(row) for row in first)
    position = next(index for index, row in enumerate(first) if _filled(row) == fullest)
    header, rows = first[position], []
    for row in chain(first[position + 1:], records):  # a generator: stops at the limit
        if not _filled(row):
            continue
        state.rows += 1
        if state.rows > MAX_ROWS:
            raise FileRefused("too_many_rows", limit=MAX_ROWS, sheet=sheet)
        rows.append(row)
    if not rows:
        return None
    width = max(_last_filled(header), *(_last_filled(row) for row in rows))
    return Table(_padded(header, width), tuple(_padded(row, width) for row in rows), sheets=(sheet,) if sheet else ())


def _last_filled(row):
    """The number of columns up to the last one with content (or a flagged cell)."""
    filled = [index + 1 for index, cell in enumerate(row.cells) if cell.strip()]
    return max((*filled, *(index + 1 for index, _kind in row.flags)), default=0)


def _padded(row, width):
    cells = tuple(row.cells[:width]) + ("",) * (width - len(row.cells))
    return Row(row.number, cells, row.sheet, tuple(flag for flag in row.flags if flag[0] < width))


# --- XLSX --------------------------------------------------------------------------------


def check_zip(content):
    """Refuse a ZIP that is no workbook or that would unpack into absurd sizes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise FileRefused("broken_xlsx") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileRefused("zip_bomb")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused("zip_bomb")
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_PACKING_RATIO * max(member.compress_size, 1):
            raise FileRefused("zip_bomb")
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            raise FileRefused("ods")
        raise FileRefused("not_xlsx")


def _read_xlsx(content):
    check_zip(content)
    from openpyxl import load_workbook  # openpyxl loads slowly; only XLSX files need it

    try:
        with warnings.catch_warnings():
            # files of other tools bring styles and extensions openpyxl mentions and ignores
            warnings.simplefilter("ignore")
            values_book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            formula_book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            return _read_books(values_book, formula_book)
    except FileRefused:
        raise
    except Exception:  # any failure of the parser on a damaged or hostile file
        raise FileRefused("broken_xlsx") from None


def _read_books(values_book, formula_book):
    state, tables, skipped = _Counter(), [], []
    try:
        for values_sheet, formula_sheet in zip(values_book.worksheets, formula_book.worksheets):
            for sheet in (values_sheet, formula_sheet):
                sheet.reset_dimensions()  # some tools write wrong ones; read what is there
            table = _table(_sheet_rows(values_sheet, formula_sheet, state), state, values_sheet.title)
            if table is None:
                skipped.append(values_sheet.title)
            else:
                tables.append(table)
    finally:
        values_book.close()
        formula_book.close()
    if not tables:
        raise FileRefused("empty")
    return Reading(XLSX, _joined(tables), skipped_sheets=tuple(skipped), cut_columns=state.cut_columns,
                   row_count=state.rows)


def _sheet_rows(values_sheet, formula_sheet, state):
    name = values_sheet.title
    values = values_sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    formulas = formula_sheet.iter_rows(max_col=MAX_COLUMNS + 1)
    for number, (row_values, row_cells) in enumerate(zip(values, formulas), start=1):
        if number > MAX_SHEET_ROW:
            raise FileRefused("sheet_too_long", sheet=name, limit=MAX_SHEET_ROW)
        if len(row_values) > MAX_COLUMNS:
            if row_values[MAX_COLUMNS] not in (None, ""):
                state.cut_columns = True
            row_values = row_values[:MAX_COLUMNS]
        cells, flags = [], []
        for column, value in enumerate(row_values):
            formula = row_cells[column] if column < len(row_cells) else None
            if value is None and getattr(formula, "data_type", None) == "f":
                flags.append((column, FORMULA))
            text = cell_text(value)
            if len(text) > MAX_CELL_CHARS:
                flags.append((column, TOO_LONG))
                text = text[:MAX_CELL_CHARS]
            cells.append(text)
        yield Row(number, tuple(cells), name, tuple(flags))


def cell_text(value):
    """A cell's value as the text a spreadsheet shows (numbers without a needless ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).replace("\x00", "")


def _signature(table):
    return tuple(" ".join(cell.casefold().split()) for cell in table.headers)


def _joined(tables):
    """Sheets with the same header row as one table (in sheet order), the sheet's name in
    an extra last column; then the other tables."""
    groups = {}
    for table in tables:
        groups.setdefault(_signature(table), []).append(table)
    joined = []
    for group in groups.values():
        if len(group) == 1:
            joined.append(group[0])
            continue
        width = max(table.width for table in group)
        header = _padded(group[0].header, width)
        header = Row(header.number, (*header.cells, ""), header.sheet, header.flags)
        rows = tuple(
            Row(row.number, (*_padded(row, width).cells, row.sheet or ""), row.sheet, _padded(row, width).flags)
            for table in group for row in table.rows
        )
        joined.append(Table(header, rows, sheets=tuple(sheet for table in group for sheet in table.sheets),
                            sheet_column=True))
    return tuple(joined)
