"""One measure (Maßnahme) as a document: a filled Maßnahmenmerkblatt as PDF, laid out like
seed 004, and the same sheet as DOCX for editing in Word.

Both follow ``texts["sheet"]`` (the sheet's boxes in order), tick the chosen priority and
Handlungsfelder among all of the workshop's, and end with the ideas the measure grew from.
Pure: takes a ``WorkshopSnapshot`` and one of its ``MeasureRow``s, returns bytes; dates are
written as ``texts["locale"]`` writes them.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from fpdf.enums import XPos, YPos

from .pdf_base import (
    FAMILY,
    LINE,
    MUTED,
    BasePDF,
    export_locale,
    local_date,
    local_date_time,
    printable,
    sheet_rows,
)
from .pdf_ideas import idea_votes

# German offices print on A4; python-docx's default template is US Letter.
A4_WIDTH, A4_HEIGHT = Mm(210), Mm(297)
DOCX_MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(25), "right": Mm(20)}  # DIN 5008-like
PAD = 2.5  # mm between a box's frame and its text
PAIR_MAX_LINES = 14  # longer texts get a full-width box instead of half of a row


def _ticks(snapshot, measure, name, texts):
    """(label, ticked) for the tick boxes of ``name`` ("fields" or "priority")."""
    if name == "fields":
        return [(field.name, field.id in measure.field_ids) for field in snapshot.fields]
    return [(label, key == measure.priority) for key, label in texts["priorities"].items()]


def _content(measure, name):
    return measure.title if name == "title" else measure.texts.get(name) or ""


def _when_where(snapshot, texts):
    """"Dithmarschen Digital · Heide · 05.03.2025" (the date as the locale writes it)."""
    parts = [snapshot.title, snapshot.place, local_date(snapshot.event_date, export_locale(texts))]
    return " · ".join(part for part in parts if part)


def _stamp(snapshot, measure, texts):
    """"Fassung 3, Stand 28.10.2021 19:05" in Berlin time, and where the measure comes from."""
    date = local_date_time(measure.updated_at, export_locale(texts))
    lines = [texts["measure_version"] % {"version": measure.version, "date": date}]
    if measure.field_name:
        lines.insert(0, texts["measure_origin"] % {"field": measure.field_name})
    return lines


def _idea_line(idea, texts):
    return f"{idea.text} ({texts['votes']}: {idea_votes(idea, texts)})"


# PDF -------------------------------------------------------------------------------------

def measure_pdf(snapshot, measure_row, texts):
    """The filled sheet as PDF bytes."""
    pdf = BasePDF(texts, f"{texts['sheet_title']}: {measure_row.title}")
    pdf.add_page()
    pdf.heading(texts["sheet_title"], size=18)
    pdf.paragraph(_when_where(snapshot, texts), size=11)
    for line in _stamp(snapshot, measure_row, texts):
        pdf.paragraph(line, size=9, muted=True)
    pdf.ln(4)
    for row in sheet_rows(texts["sheet"]):
        if len(row) == 2 and all(_fits_half(pdf, _content(measure_row, entry[0])) for entry in row):
            _pair_box(pdf, [(entry[1], _content(measure_row, entry[0])) for entry in row], texts)
            continue
        for name, label, _hint in row:
            if name in ("fields", "priority"):
                _tick_box(pdf, label, _ticks(snapshot, measure_row, name, texts),
                          texts["priority_none"] if name == "priority" and not measure_row.priority else "")
            else:
                _text_box(pdf, label, _content(measure_row, name), texts, bold=name == "title")
    _source_ideas(pdf, measure_row, texts)
    return pdf.to_bytes()


def _fits_half(pdf, text):
    pdf.set_font(FAMILY, "", 10)
    return pdf.estimate_lines(pdf.clean(text), pdf.epw / 2 - 2 * PAD) <= PAIR_MAX_LINES


def _box_height(pdf, text, width, bold=False):
    pdf.set_font(FAMILY, "B" if bold else "", 10)
    return LINE + 1 + pdf.estimate_lines(text, width) * LINE + 2 * PAD


def _frame(pdf, left, top, width, bottom, page):
    # A frame only where the box stayed on one page; a box longer than a page just flows
    if pdf.page == page:
        with pdf.local_context():
            pdf.set_draw_color(*MUTED)
            pdf.rect(left, top, width, bottom - top)


def _write_box(pdf, left, top, width, label, text, texts, bold=False):
    """Label and text inside the box at ``left``/``top``; returns the text's bottom."""
    with pdf.local_context():
        pdf.set_xy(left + PAD, top + PAD)
        pdf.set_font(FAMILY, "B", 9)
        pdf.multi_cell(width - 2 * PAD, 4.5, pdf.clean(label), new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
        pdf.ln(1)
        pdf.set_x(left + PAD)
        if text.strip():
            pdf.set_font(FAMILY, "B" if bold else "", 12 if bold else 10)
            pdf.multi_cell(width - 2 * PAD, LINE + (1 if bold else 0), pdf.clean(text),
                           new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
        else:
            pdf.set_font(FAMILY, "", 9)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(width - 2 * PAD, LINE, pdf.clean(texts["empty_box"]),
                           new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
        return pdf.get_y() + PAD


def _start_box(pdf, height):
    """Start a box on a new page if it would be cut but fits on one; return its top."""
    if pdf.will_page_break(height) and height < pdf.h - pdf.t_margin - pdf.b_margin:
        pdf.add_page()
    return pdf.get_y()


def _text_box(pdf, label, text, texts, bold=False):
    top = _start_box(pdf, _box_height(pdf, pdf.clean(text), pdf.epw - 2 * PAD, bold))
    page = pdf.page
    bottom = _write_box(pdf, pdf.l_margin, top, pdf.epw, label, text, texts, bold)
    _frame(pdf, pdf.l_margin, top, pdf.epw, bottom, page)
    pdf.set_xy(pdf.l_margin, bottom + 2)


def _pair_box(pdf, columns, texts):
    """Two boxes side by side, equally high (like Durchführungszeitraum | Planungsstand)."""
    width = pdf.epw / 2
    height = max(_box_height(pdf, pdf.clean(text), width - 2 * PAD) for _label, text in columns)
    top = _start_box(pdf, height + 2 * LINE)
    page = pdf.page
    pdf.set_auto_page_break(False)  # both fit (checked above): keep them on this page
    bottoms = [_write_box(pdf, pdf.l_margin + number * width, top, width, label, text, texts)
               for number, (label, text) in enumerate(columns)]
    pdf.set_auto_page_break(True, margin=pdf.b_margin)
    bottom = max(bottoms)
    for number in range(2):
        _frame(pdf, pdf.l_margin + number * width, top, width, bottom, page)
    pdf.set_xy(pdf.l_margin, bottom + 2)


def _tick_box(pdf, label, options, note):
    top = _start_box(pdf, 10 + LINE * (1 + len(options) // 4))
    page = pdf.page
    with pdf.local_context():
        pdf.set_xy(pdf.l_margin + PAD, top + PAD)
        pdf.set_font(FAMILY, "B", 9)
        pdf.multi_cell(pdf.epw - 2 * PAD, 4.5, pdf.clean(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                       align="L")
    pdf.ln(1)
    pdf.tick_boxes(options, indent=PAD)
    if note:
        pdf.paragraph(f"({note})", size=9, muted=True, indent=PAD)
    bottom = pdf.get_y() + 0.5
    _frame(pdf, pdf.l_margin, top, pdf.epw, bottom, page)
    pdf.set_xy(pdf.l_margin, bottom + 2)


def _source_ideas(pdf, measure, texts):
    pdf.heading(texts["source_ideas"], size=13, space_before=4)
    if not measure.ideas:
        pdf.paragraph(texts["no_source_ideas"], muted=True)
    for idea in measure.ideas:
        text = pdf.clean(_idea_line(idea, texts))
        pdf.set_font(FAMILY, "", 10)
        if pdf.will_page_break(pdf.estimate_lines(text, pdf.epw - 6) * LINE + 5 * len(idea.merged)):
            pdf.add_page()
        pdf.cell(6, LINE, "•", align="C")
        pdf.multi_cell(pdf.epw - 6, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        for item in idea.merged:
            pdf.paragraph(f"+ {texts['merged']}: {item.text}", size=9, indent=6)
        pdf.ln(1.5)


# DOCX ------------------------------------------------------------------------------------

def measure_docx(snapshot, measure_row, texts):
    """The sheet as an editable Word document (bytes): a heading per box, a paragraph per
    line, tables for priority and Handlungsfelder, the source ideas as a list."""
    document = Document()
    _a4_portrait(document)
    properties = document.core_properties
    properties.title = _plain(f"{texts['sheet_title']}: {measure_row.title}")
    properties.subject = _plain(snapshot.title)
    properties.author = ""  # the template's default would name the library
    properties.comments = ""
    properties.revision = max(1, measure_row.version)
    properties.created = measure_row.created_at
    properties.modified = measure_row.updated_at

    document.add_heading(_plain(texts["sheet_title"]), level=0)
    document.add_paragraph(_plain(_when_where(snapshot, texts)))
    for line in _stamp(snapshot, measure_row, texts):
        document.add_paragraph(_plain(line)).runs[0].font.size = Pt(9)

    for name, label, _hint in texts["sheet"]:
        document.add_heading(_plain(label), level=2)
        if name in ("fields", "priority"):
            _tick_table(document, _ticks(snapshot, measure_row, name, texts))
            if name == "priority" and not measure_row.priority:
                document.add_paragraph(_plain(f"({texts['priority_none']})"))
            continue
        lines = [line for line in _plain(_content(measure_row, name)).split("\n") if line.strip()]
        for line in lines or [""]:
            document.add_paragraph(line)

    document.add_heading(_plain(texts["source_ideas"]), level=2)
    if not measure_row.ideas:
        document.add_paragraph(_plain(texts["no_source_ideas"]))
    for idea in measure_row.ideas:
        document.add_paragraph(_plain(_idea_line(idea, texts)), style="List Bullet")
        for item in idea.merged:
            document.add_paragraph(_plain(f"+ {texts['merged']}: {item.text}"), style="List Bullet 2")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _a4_portrait(document):
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        section.top_margin, section.bottom_margin = DOCX_MARGINS["top"], DOCX_MARGINS["bottom"]
        section.left_margin, section.right_margin = DOCX_MARGINS["left"], DOCX_MARGINS["right"]


def _plain(text):
    # XML (and so Word) cannot hold control characters or noncharacters
    return printable(text)


def _tick_table(document, options):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, ticked in options:
        cells = table.add_row().cells
        cells[0].text = _plain(label)
        cells[1].text = "☒" if ticked else "☐"
