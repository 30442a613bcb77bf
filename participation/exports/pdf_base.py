"""What every PDF of the exports shares: A4 pages, fonts, running header and footer, and the
few text helpers the book and the measure sheet are drawn with.

Pure (no Flask): writers hand in the translated words, and with them the language
(``texts["locale"]``) dates are written in. Everything people typed goes through
``printable`` and is drawn as plain text, never as markup. The pages read in black and white:
dark text, tick boxes as glyphs (☐/☒, also in the text layer), colour only as an accent.
"""

import math
import unicodedata
from datetime import datetime, timezone
from functools import lru_cache

from babel.dates import format_date, format_time
from fpdf import FPDF
from fpdf.enums import XPos, YPos

# The font files are found where the charts find theirs: colour emoji first (all of
# Unicode's emoji), an outline font (Symbola) as the black-and-white second choice.
from ..charts.fonts import DEJAVU_DIR, emoji_font_paths
from ..core.timeutil import BERLIN

DEFAULT_LOCALE = "de"  # the exports' language when ``texts`` names none
FAMILY = "dejavu"
PLACEHOLDER = "\ufffd"  # shown for a character no font can draw: visible, and honest about it
# Page total, filled in when the document closes. A Unicode noncharacter, which ``printable``
# never lets through, so a person typing "{nb}" does not get the page count.
TOTAL_PAGES = "\ufdd0nb\ufdd0"
# Zero-width helpers (emoji joiners, variation selectors) are dropped when no font has them
SILENT = ("Cf", "Mn", "Me")

# Boxes of the Maßnahmenmerkblatt that seed 004 prints next to each other
SIDE_BY_SIDE = {"period": "status", "costs": "financing"}

INK = (31, 41, 51)
MUTED = (75, 85, 99)  # still dark enough to read on a photocopy
RULE = (156, 163, 175)
MARGIN = 18
MARGIN_Y = MARGIN + 4  # top and bottom: room for the running header and the page numbers
LINE = 5.2  # mm per line of body text


def export_locale(texts):
    """The language of the export's words (``texts["locale"]``): its dates follow it."""
    return texts.get("locale") or DEFAULT_LOCALE


def local_date(value, locale=DEFAULT_LOCALE):
    """A calendar date as ``locale`` writes it ("05.03.2025", "Mar 5, 2025"); "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _berlin(value).date()
    return format_date(value, "medium", locale=locale)


def local_date_time(value, locale=DEFAULT_LOCALE):
    """A stored UTC timestamp as date and time in Berlin ("28.10.2021 19:05",
    "Oct 28, 2021 7:05 PM"); "" for none."""
    if value is None:
        return ""
    moment = _berlin(value)
    # Date and time side by side, not the locale's datetime pattern: German's adds a comma
    # ("28.10.2021, 19:05") that the sheets never had.
    return f"{format_date(moment.date(), 'medium', locale=locale)} {format_time(moment, 'short', locale=locale)}"


def _berlin(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # stored naive in UTC (SQLite)
    return moment.astimezone(BERLIN)


# Direction marks, embeddings, overrides and isolates: removed (texts stored since the
# app cleans typed text have none; older ones may).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text, covered=None):
    """``text`` as it can be drawn: line breaks unified, control and bidi characters removed, and,
    if ``covered`` (a set of code points) is given, characters no font has replaced."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    kept = []
    for char in text:
        if char == "\n":
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category == "Cc" or char in BIDI_CONTROLS:
            continue  # NUL, BEL, escape sequences: nothing a reader could see; no direction tricks
        if category == "Cs" or _noncharacter(ord(char)):
            kept.append(PLACEHOLDER)  # not text at all (and not allowed in XML)
        elif covered is None or ord(char) in covered:
            kept.append(char)
        elif category not in SILENT:
            kept.append(PLACEHOLDER)
    return "".join(kept)


def _noncharacter(point):
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


class BasePDF(FPDF):
    """A4 portrait with DejaVu Sans (+ emoji fallback), "Seite n von m" in the footer and a
    running title in the header; the first ``bare_pages`` pages (a cover) have neither."""

    def __init__(self, texts, running_title, bare_pages=0):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.texts = texts
        self.bare_pages = bare_pages
        self.set_margins(MARGIN, MARGIN_Y, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN_Y)
        self.alias_nb_pages(TOTAL_PAGES)
        self.add_font(FAMILY, "", DEJAVU_DIR / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", DEJAVU_DIR / "DejaVuSans-Bold.ttf")
        covered = set(self.fonts[FAMILY].cmap) & set(self.fonts[FAMILY + "B"].cmap)
        fallbacks = []
        for number, path in enumerate(emoji_font_paths()):
            name = f"emoji{number}"
            self.add_font(name, "", path)
            fallbacks.append(name)
            covered |= set(self.fonts[name].cmap)
        if fallbacks:
            # exact_match=False: emoji in bold headings use the (regular-only) emoji font too
            self.set_fallback_fonts(fallbacks, exact_match=False)
        self.covered = frozenset(covered)
        self.running_title = self.clean(running_title)
        self.set_title(self.running_title)
        self.set_creator("participation")
        self.set_font(FAMILY, size=10)
        self.set_text_color(*INK)

    def clean(self, text):
        return printable(text, self.covered)

    # Page furniture ---------------------------------------------------------------------

    def header(self):
        if self.page_no() <= self.bare_pages:
            return
        with self.local_context():
            self.set_font(FAMILY, size=8)
            self.set_text_color(*MUTED)
            self.set_xy(self.l_margin, 9)
            self.cell(self.epw, 5, self.running_title, align="L")
            self.set_draw_color(*RULE)
            self.line(self.l_margin, 15, self.w - self.r_margin, 15)
        self.set_y(self.t_margin)

    def footer(self):
        if self.page_no() <= self.bare_pages:
            return
        with self.local_context():
            self.set_font(FAMILY, size=8)
            self.set_text_color(*MUTED)
            self.set_xy(self.l_margin, self.h - 13)
            label = self.texts["page_of"] % {"page": self.page_no(), "pages": TOTAL_PAGES}
            self.cell(self.epw, 5, label, align="C")

    # Text helpers -----------------------------------------------------------------------

    def heading(self, text, size=16, accent=None, space_before=0):
        """A bold heading; ``accent`` (a field's colour) as a stripe left of it."""
        if space_before:
            self.ln(space_before)
        height = size * 0.5
        if self.will_page_break(height * 2 + LINE * 3):
            self.add_page()  # no heading alone at the foot of a page
        top = self.get_y()
        with self.local_context():
            self.set_font(FAMILY, "B", size)
            if accent:
                self.set_fill_color(*colour_tuple(accent))
                self.rect(self.l_margin - 5, top + 0.5, 2.2, height, style="F")
            self.multi_cell(self.epw, height, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                            align="L")
        self.ln(1.5)

    def paragraph(self, text, size=10, bold=False, muted=False, indent=0, height=None):
        if not text:
            return
        with self.local_context():
            self.set_font(FAMILY, "B" if bold else "", size)
            if muted:
                self.set_text_color(*MUTED)
            self.set_x(self.l_margin + indent)
            self.multi_cell(self.epw - indent, height or size * 0.5, self.clean(text),
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def label_line(self, label, value, size=10):
        """"Label: value" with the label in bold, wrapping as one paragraph."""
        with self.local_context():
            self.set_font(FAMILY, "B", size)
            self.write(size * 0.5, self.clean(label) + ": ")
            self.set_font(FAMILY, "", size)
            self.write(size * 0.5, self.clean(value))
        self.ln(size * 0.5 + 1)

    def tick_boxes(self, options, size=10, indent=0):
        """Tick boxes in a row, wrapping: [(label, ticked)], drawn as ☒/☐ glyphs so the
        state survives photocopies and is in the text layer."""
        left = self.l_margin + indent
        self.set_x(left)
        with self.local_context():
            self.set_font(FAMILY, "", size)
            for label, ticked in options:
                piece = self.fit_line(f"{'☒' if ticked else '☐'} {self.clean(label)}", self.epw - 2 * indent - 7)
                width = self.get_string_width(piece) + 7
                if self.get_x() + width > self.w - self.r_margin - indent and self.get_x() > left + 1:
                    self.ln(size * 0.55 + 1)
                    self.set_x(left)
                self.cell(width, size * 0.55, piece)
        self.ln(size * 0.55 + 2)

    def fit_line(self, text, width):
        """``text`` on one line of ``width`` mm in the current font, cut with "…" if longer."""
        text = " ".join(text.split())
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def estimate_lines(self, text, width):
        """About how many lines ``text`` wraps to in the current font. fpdf2's exact dry run
        costs as much as drawing; this only decides whether a block still fits the page."""
        return sum(max(1, math.ceil(self.get_string_width(line) / (width - 3))) for line in text.split("\n"))

    def rule(self, gap=2):
        with self.local_context():
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(gap)

    def to_bytes(self):
        try:
            return bytes(self.output())
        finally:
            self.close_fonts()

    def close_fonts(self):
        # fontTools reads the font files lazily and keeps them open until closed
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()


def sheet_rows(sheet):
    """The sheet's boxes in order, grouped into rows: the pairs seed 004 prints side by side
    (period | status, costs | financing) share a row, every other box has its own."""
    rows, pending = [], {}
    for entry in sheet:
        name = entry[0]
        if name in SIDE_BY_SIDE:
            pending[SIDE_BY_SIDE[name]] = entry
        elif name in pending:
            rows.append((pending.pop(name), entry))
        else:
            rows.append((entry,))
    return rows + [(entry,) for entry in pending.values()]


def colour_tuple(value, default=(107, 114, 128)):
    """"#1f5f8b" → (31, 95, 139); anything else → grey (colours come from the database)."""
    value = str(value or "").lstrip("#")
    if len(value) != 6:
        return default
    try:
        return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return default


@lru_cache(maxsize=1)
def _covered():
    pdf = BasePDF({"page_of": "%(page)s/%(pages)s"}, "")
    pdf.close_fonts()
    return pdf.covered


def missing_glyphs(text):
    """The characters of ``text`` no font of ours can draw (tests skip emoji checks on these)."""
    covered = _covered()
    return "".join(char for char in text if not char.isspace() and ord(char) not in covered)
