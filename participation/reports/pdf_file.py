"""The documentation as PDF, drawn with the exports' page furniture (``exports.pdf_base``:
A4, DejaVu with emoji fallback, running title, "Seite n von m"): cover, contents, facts,
guiding questions, charts, a section per Handlungsfeld, the numbered appendix.

Pure: lays out a ``content.Report`` with the translated words, returns bytes.
"""

from fpdf.enums import XPos, YPos

from ..exports.pdf_base import FAMILY, LINE, MUTED, RULE, BasePDF, colour_tuple
from ..exports.pdf_book import _contents, _image, contents_pages
from . import layout

NUMBER_WIDTH = 16  # mm for "A 123" left of an appendix idea
TABLE_LINE = 5
SURE_FIT = 0.9  # share of a line a text may measure and still be drawn as one cell (emoji fallback widths)


def report_pdf(report, texts):
    pdf = BasePDF(texts, f"{texts['report_title']} · {report.title}", bare_pages=1)
    _cover(pdf, report, texts)
    pdf.add_page()
    pdf.insert_toc_placeholder(lambda doc, outline: _contents(doc, outline, texts),
                               pages=contents_pages(_contents_entries(report)))
    _section(pdf, texts["facts"], new_page=False)
    _facts(pdf, report, texts)
    _section(pdf, texts["questions"], new_page=False)
    _questions(pdf, report, texts)
    if report.charts:
        _section(pdf, texts["charts"])
        for title, png in report.charts:
            _image(pdf, png, title)
    _section(pdf, texts["field_sections"])
    pdf.paragraph(texts["field_sections_intro"], size=9, muted=True)
    pdf.ln(2)
    for number, section in enumerate(report.fields):
        _field(pdf, report, section, texts, first=number == 0)
    _section(pdf, texts["appendix"])
    pdf.paragraph(texts["appendix_intro"], size=9, muted=True)
    for group in report.appendix:
        _appendix_group(pdf, group, texts)
    return pdf.to_bytes()


def _contents_entries(report):
    """Lines of the contents: must match the sections started below."""
    return 4 + (1 if report.charts else 0) + len(report.fields) + len(report.appendix)


def _section(pdf, title, level=0, accent=None, new_page=True):
    title = " ".join(pdf.clean(title).split())
    if level == 0 and new_page:
        pdf.add_page()
    elif pdf.will_page_break(50):
        pdf.add_page()
    pdf.start_section(title, level=level)
    space = 0 if level == 0 and new_page else 4
    pdf.heading(title, size=18 if level == 0 else 14, accent=accent, space_before=space)


def _cover(pdf, report, texts):
    pdf.add_page()
    pdf.set_y(55)
    pdf.paragraph(texts["report_of_process" if report.kind == "process" else "report_of_workshop"], size=14,
                  muted=True)
    pdf.ln(3)
    pdf.heading(report.title, size=24)
    for line in layout.when_where(texts, report):
        pdf.paragraph(line, size=12, height=6.5)
    pdf.ln(6)
    pdf.paragraph(report.subtitle)


def _facts(pdf, report, texts):
    header, rows = layout.facts_rows(texts, report)
    first = 0.34 if len(header) > 2 else 0.5
    widths = [pdf.epw * first] + [pdf.epw * (1 - first) / (len(header) - 1)] * (len(header) - 1)
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 9)
        pdf.set_draw_color(*RULE)
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=TABLE_LINE,
                       first_row_as_headings=True, borders_layout="HORIZONTAL_LINES") as table:
            for values in [header, *rows]:
                row = table.row()
                for number, value in enumerate(values):
                    row.cell(pdf.clean(value), align="LEFT" if number == 0 else "RIGHT")
    pdf.ln(3)
    if report.unassigned:
        pdf.paragraph(texts["unassigned_count"] % {"count": report.unassigned}, size=9, muted=True)
        pdf.ln(2)


def _questions(pdf, report, texts):
    for title, questions in report.questions:
        if title is None and report.kind == "process":
            title = texts["all_workshops"]
        if title is not None:
            pdf.paragraph(title, bold=True, height=LINE)
        if not questions:
            pdf.paragraph(texts["no_questions"], muted=True)
        for number, question in enumerate(questions, start=1):
            pdf.paragraph(f"{number}. {question}", indent=4, height=LINE)
        pdf.ln(2)


def _field(pdf, report, section, texts, first):
    # A section starts on a new page when it would not fit the rest of this one (but fits a page)
    height = _field_height(pdf, report, section, texts)
    if not first and pdf.will_page_break(height) and height < pdf.h - pdf.t_margin - pdf.b_margin:
        pdf.add_page()
    _section(pdf, section.name, level=1, accent=section.colour)
    if section.description:
        pdf.paragraph(section.description, size=9, muted=True, height=4.5)
        pdf.ln(1.5)
    pdf.paragraph(layout.field_sentence(texts, section, report.idea_count), height=LINE)
    _share_bar(pdf, section)
    if section.terms:
        pdf.label_line(texts["key_terms"], ", ".join(section.terms))
    if not section.count:
        pdf.ln(3)
        return
    process = report.kind == "process"
    _subheading(pdf, texts["top_ideas"])
    if section.votes is None:
        pdf.paragraph(texts["votes_hidden"], muted=True)
    elif not section.top:
        pdf.paragraph(texts["no_votes"], muted=True)
    for quote in section.top:
        _bullet(pdf, layout.quote_line(texts, quote, True, process))
    _subheading(pdf, texts["representative_ideas"])
    pdf.paragraph(texts["representative_intro"], size=8, muted=True, height=4)
    pdf.ln(1)
    for quote in section.representatives:
        _bullet(pdf, layout.quote_line(texts, quote, False, process))
    pdf.ln(4)


def _field_height(pdf, report, section, texts):
    """About how tall the section of ``section`` is drawn (mm)."""
    process = report.kind == "process"
    pdf.set_font(FAMILY, "", 9)
    height = 30 + pdf.estimate_lines(pdf.clean(section.description), pdf.epw) * 4.5
    pdf.set_font(FAMILY, "", 10)
    height += pdf.estimate_lines(pdf.clean(", ".join(section.terms)), pdf.epw - 40) * LINE
    if section.count:
        height += 2 * (LINE * 2 + 3) + 9
        for quote in (*section.top, *section.representatives):
            line = pdf.clean(layout.quote_line(texts, quote, True, process))
            height += pdf.estimate_lines(line, pdf.epw - 6) * LINE + 1
    return height


def _share_bar(pdf, section):
    """The field's share of all ideas as a thin bar (the number is in the sentence above)."""
    top = pdf.get_y() + 1
    width = pdf.epw * 0.5
    with pdf.local_context():
        pdf.set_fill_color(229, 231, 235)
        pdf.rect(pdf.l_margin, top, width, 2.2, style="F")
        pdf.set_fill_color(*colour_tuple(section.colour))
        if section.share > 0:
            pdf.rect(pdf.l_margin, top, max(0.6, width * section.share), 2.2, style="F")
    pdf.set_y(top + 5)


def _subheading(pdf, text):
    if pdf.will_page_break(LINE * 4):
        pdf.add_page()
    pdf.ln(1.5)
    pdf.paragraph(text, size=10.5, bold=True, height=LINE + 0.5)
    pdf.ln(0.5)


def _bullet(pdf, text):
    text = pdf.clean(text)
    pdf.set_font(FAMILY, "", 10)
    if pdf.will_page_break(pdf.estimate_lines(text, pdf.epw - 6) * LINE):
        pdf.add_page()
    pdf.cell(6, LINE, "•", align="C")
    _text(pdf, pdf.epw - 6, LINE, text)
    pdf.set_x(pdf.l_margin)
    pdf.ln(1)


def _appendix_group(pdf, group, texts):
    _section(pdf, texts["appendix_field"] % {"field": layout.group_heading(texts, group)}, level=1,
             accent=group.colour)
    if not group.ideas:
        pdf.paragraph(texts["no_ideas_here"], muted=True)
    for title, ideas in group.parts:
        if title is not None:
            if pdf.will_page_break(LINE * 6):
                pdf.add_page()
            pdf.ln(1)
            pdf.paragraph(title, size=10.5, bold=True, height=LINE + 0.5)
            pdf.rule(2)
        for idea in ideas:
            _appendix_idea(pdf, idea, texts)


def _appendix_idea(pdf, idea, texts):
    width = pdf.epw - NUMBER_WIDTH
    body = pdf.clean(idea.text)
    merged = [pdf.clean(line) for line in layout.merged_lines(texts, idea)]
    details = pdf.clean(layout.idea_details(texts, idea))
    pdf.set_font(FAMILY, "", 10)
    height = pdf.estimate_lines(body, width) * LINE + len(merged) * 2 * 4.6 + 4.2 * 2
    if pdf.will_page_break(height) and pdf.get_y() > pdf.t_margin + 0.01:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(NUMBER_WIDTH, LINE, layout.number(texts, idea.number))
    pdf.set_font(FAMILY, "", 10)
    pdf.set_xy(pdf.l_margin + NUMBER_WIDTH, top)
    _text(pdf, width, LINE, body)
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 9)
        for line in merged:
            pdf.set_x(pdf.l_margin + NUMBER_WIDTH)
            _text(pdf, width, 4.6, line)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.set_x(pdf.l_margin + NUMBER_WIDTH)
        _text(pdf, width, 4.2, details)
    pdf.set_x(pdf.l_margin)
    pdf.ln(2)


def _text(pdf, width, height, text):
    """``text`` from the current position, wrapped in ``width``; a line that surely fits is
    drawn as one cell (fpdf2's line breaking costs time quadratic in a line's length, which
    adds up over thousands of ideas)."""
    if "\n" not in text and pdf.get_string_width(text) < (width - 2 * pdf.c_margin) * SURE_FIT:
        pdf.cell(width, height, text, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
    else:
        pdf.multi_cell(width, height, text, new_x=XPos.LEFT, new_y=YPos.NEXT, align="L")
