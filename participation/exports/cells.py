"""Keeps the texts people typed from turning into formulas in a spreadsheet (CSV and XLSX).

Anyone in the room can post an idea, so a text such as ``=HYPERLINK("https://evil.example";
"Klick")`` or the DDE trick ``=cmd|' /C calc'!A0`` must reach the moderator's spreadsheet
as the words they are. Excel, LibreOffice and Google Sheets take a cell for a formula when
it starts with ``=``, ``+``, ``-`` or ``@``; a leading tab or carriage return hides such a
start from naive checks, and some programs skip leading blanks. So a text is
"formula-like" when its first character after spaces and line breaks is one of these.

The scheme differs by format, because only XLSX knows cell types:

* CSV: a formula-like text gets one leading apostrophe (OWASP's advice). Spreadsheets
  show the apostrophe; that is the price of a CSV that is safe to double-click, and the
  XLSX export is the one to open when exact texts matter. A text that already starts
  with apostrophes before a formula-like rest gets one more, so ``restore_csv_text``
  gives back exactly what was typed, for every text.
* XLSX: the exact text, stored as a string cell (openpyxl would otherwise make any text
  starting with "=" a formula and "#N/A" an error value), and formula-like texts get
  Excel's "quotePrefix" style: the cell stays text even after someone edits it and
  presses Enter, and Excel shows no apostrophe.
"""

import re

FORMULA_STARTS = frozenset("=+-@\t\r")

# Characters XML 1.0 cannot carry (XLSX is XML); openpyxl refuses the control characters
# with an exception, and would write the others into a file Excel then calls damaged.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

XLSX_MAX_TEXT = 32767  # Excel's limit for one cell


# Skipped before the first character like spaces: invisible characters and direction
# controls that a program might drop (typed texts are stored without them; older ones
# may hold them).
_INVISIBLE_START = (
    " \n\u00a0\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def is_formula_like(text):
    """Would a spreadsheet read ``text`` as a formula (or be tricked into it)?"""
    return (text or "").lstrip(_INVISIBLE_START)[:1] in FORMULA_STARTS


def csv_text(text):
    """``text`` as a CSV cell that no spreadsheet evaluates (None → empty)."""
    if text is None:
        return ""
    text = str(text)
    if is_formula_like(text.lstrip("'")):
        return "'" + text
    return text


def restore_csv_text(cell):
    """The text a CSV cell was made from: undoes ``csv_text`` exactly."""
    if cell.startswith("'") and is_formula_like(cell[1:].lstrip("'")):
        return cell[1:]
    return cell


def xlsx_text(text):
    """``text`` as XLSX can hold it: without characters XML forbids, within Excel's limit."""
    return _NOT_IN_XML.sub("", str(text))[:XLSX_MAX_TEXT]


def set_text(cell, text):
    """Put ``text`` into an openpyxl ``cell`` as a string, never as a formula or error.

    Assigning the value first lets openpyxl guess a type; the guess is then overruled.
    """
    text = xlsx_text(text) if text is not None else ""
    if not text:
        cell.value = None  # an empty inline string is not valid in every reader
        return cell
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell
