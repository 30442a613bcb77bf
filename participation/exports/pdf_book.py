"""The "Fokusgruppen-Mappe": one PDF to print for the focus groups after a workshop.

Cover, table of contents, an overview with the workshop charts, the run of the evening
(only with a run sheet), then one chapter per
Handlungsfeld (description, frequent terms, its chart, its ideas by votes and a blank
Maßnahmenmerkblatt to fill in by hand), an appendix with the ideas not yet assigned, and
(only with groups) a chapter "Ideen der Gruppen": per group its ideas, the ones it promoted
to the plenary first and marked "IM PLENUM", then the ideas of no group.
Pure: takes a ``WorkshopSnapshot`` and the translated words, returns bytes; dates are
written as ``texts["locale"]`` writes them.
"""

import io
import math

from fpdf.enums import XPos, YPos
from PIL import Image

from .pdf_base import FAMILY, LINE, MARGIN_Y, MUTED, BasePDF, export_locale, local_date, sheet_rows
from .pdf_ideas import idea_list, votes_text
from .pdf_steps import run_sheet_section

CONTENTS_ROW = 7  # mm per line of the table of contents
CONTENTS_HEADING = 16  # mm the heading "Inhalt" takes on the first contents page
# Height (mm) of the empty area under each box of the blank sheet; one line boxes are low
BLANK_BOX = {"title": 12, "description": 42, "location": 13, "sponsor": 13, "period": 18, "status": 18,
             "milestones": 32, "technical": 24, "actors": 24, "indicators": 24, "notes": 30}
BLANK_BOX_DEFAULT = 22


def focus_book_pdf(snapshot, texts, charts=None):
    """The book as PDF bytes; ``charts`` is [(title, png bytes)], drawn here when None."""
    if charts is None:
        charts = overview_chart_images(snapshot, texts)
    pdf = BasePDF(texts, f"{texts['book_title']} · {snapshot.title}", bare_pages=1)
    _cover(pdf, snapshot, texts)
    pdf.add_page()
    # Reserves this page and the next ones; leaves us on a fresh page for the overview
    pdf.insert_toc_placeholder(lambda doc, outline: _contents(doc, outline, texts),
                               pages=contents_pages(_contents_entries(snapshot)))
    _overview(pdf, charts, texts)
    if snapshot.ran_steps:
        run_sheet_section(pdf, snapshot, texts, _chapter_start)
    for field in snapshot.fields:
        _field_chapter(pdf, snapshot, field, texts)
    if snapshot.unassigned:
        _chapter_start(pdf, texts["unassigned"])
        pdf.paragraph(texts["unassigned_intro"], muted=True)
        pdf.ln(2)
        idea_list(pdf, snapshot.unassigned, texts)
    if snapshot.has_groups:
        _groups_chapter(pdf, snapshot, texts)
    return pdf.to_bytes()


def _groups_chapter(pdf, snapshot, texts):
    _chapter_start(pdf, texts["groups_title"])
    pdf.paragraph(texts["groups_intro"], muted=True)
    for group in snapshot.groups:
        _chapter_start(pdf, texts["group_heading"] % {"number": group.number, "name": group.name}, level=1)
        if group.topic:
            pdf.label_line(texts["group_topic"], group.topic)
        pdf.label_line(texts["ideas_count"], str(len(group.ideas)))
        pdf.label_line(texts["promoted_count"], str(len(group.promoted)))
        pdf.ln(2)
        if group.ideas:
            idea_list(pdf, group.ideas, texts, show_group=False)
        else:
            pdf.paragraph(texts["group_no_ideas"], muted=True)
    ungrouped = snapshot.ungrouped
    if ungrouped:
        _chapter_start(pdf, texts["no_group"], level=1)
        pdf.paragraph(texts["no_group_intro"], muted=True)
        pdf.ln(2)
        idea_list(pdf, ungrouped, texts, show_group=False)


def overview_chart_images(snapshot, texts):
    # Imported here: drawing pulls in matplotlib's renderer, not needed when charts are given
    from ..charts.render import render_chart
    from ..charts.specs import overview_charts

    return [(spec.title, render_chart(spec, "png")) for spec in overview_charts(snapshot, texts)]


def _field_chart_image(snapshot, field, texts):
    from ..charts.render import render_chart  # matplotlib, as above
    from ..charts.specs import field_questions

    return render_chart(field_questions(snapshot, field, texts), "png")


# Table of contents ---------------------------------------------------------------------

def _contents_entries(snapshot):
    """How many lines the contents will have: must match the sections started below."""
    entries = 1 + (1 if snapshot.ran_steps else 0)  # overview, the run of the evening
    for field in snapshot.fields:
        entries += 2 + (1 if field.ideas else 0)  # chapter, ideas, blank sheet
    entries += 1 if snapshot.unassigned else 0
    if snapshot.has_groups:  # the chapter, a heading per group, "ohne Gruppe"
        entries += 1 + len(snapshot.groups) + (1 if snapshot.ungrouped else 0)
    return entries


def _rows_per_page(first):
    usable = 297 - 2 * (MARGIN_Y)
    return int((usable - (CONTENTS_HEADING if first else 0)) // CONTENTS_ROW)


def contents_pages(entries):
    """Pages to reserve for ``entries`` lines; fpdf2 needs the number before the chapters."""
    first = _rows_per_page(True)
    return 1 if entries <= first else 1 + math.ceil((entries - first) / _rows_per_page(False))


def _contents(pdf, outline, texts):
    # Breaks are placed by counting rows, so the contents always fill exactly the pages
    # reserved above (fpdf2 refuses any other number).
    pdf.set_auto_page_break(False)
    pdf.set_font(FAMILY, "B", 18)
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.cell(pdf.epw, 9, pdf.clean(texts["contents"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_y(pdf.t_margin + CONTENTS_HEADING)
    room = _rows_per_page(True)
    for section in outline:
        if room == 0:
            pdf.add_page()
            room = _rows_per_page(False)
        _contents_row(pdf, section)
        room -= 1
    pdf.set_auto_page_break(True, margin=MARGIN_Y)


def _contents_row(pdf, section):
    indent = 7 * section.level
    pdf.set_font(FAMILY, "B" if section.level == 0 else "", 11 if section.level == 0 else 10)
    number = str(section.page_number)
    number_width = pdf.get_string_width(number) + 2
    name = pdf.fit_line(section.name, pdf.epw - indent - number_width - 12)
    link = pdf.add_link(page=section.page_number)
    top = pdf.get_y()
    pdf.set_x(pdf.l_margin + indent)
    pdf.cell(pdf.get_string_width(name) + 2, CONTENTS_ROW, name, link=link)
    leader_start = pdf.get_x() + 1
    right = pdf.w - pdf.r_margin
    with pdf.local_context():
        pdf.set_draw_color(*MUTED)
        pdf.set_dash_pattern(dash=0.3, gap=1.2)
        pdf.line(leader_start, top + CONTENTS_ROW * 0.7, right - number_width - 1, top + CONTENTS_ROW * 0.7)
    pdf.set_xy(right - number_width, top)
    pdf.cell(number_width, CONTENTS_ROW, number, align="R", link=link)
    pdf.set_xy(pdf.l_margin, top + CONTENTS_ROW)


# Chapters ------------------------------------------------------------------------------

def _chapter_start(pdf, title, level=0, accent=None, new_page=True):
    """A page (for chapters) or a heading that never stands alone, entered in the contents."""
    title = " ".join(pdf.clean(title).split())
    if level == 0 and new_page:
        pdf.add_page()
    elif pdf.will_page_break(60):
        pdf.add_page()
    pdf.start_section(title, level=level)
    pdf.heading(title, size=18 if level == 0 else 13, accent=accent, space_before=0 if level == 0 else 3)


def _cover(pdf, snapshot, texts):
    pdf.add_page()
    pdf.set_y(55)
    pdf.paragraph(texts["book_title"], size=14, muted=True)
    pdf.ln(3)
    pdf.heading(snapshot.title, size=24)
    when_where = [local_date(snapshot.event_date, export_locale(texts)), snapshot.place]
    pdf.paragraph(" · ".join(part for part in when_where if part), size=12)
    pdf.ln(6)
    pdf.paragraph(snapshot.description)
    pdf.ln(6)
    pdf.rule(4)
    pdf.label_line(texts["ideas_count"], str(len(snapshot.ideas)), size=11)
    pdf.label_line(texts["votes"], _votes(snapshot, snapshot.ideas, texts), size=11)
    pdf.label_line(texts["fields"], str(len(snapshot.fields)), size=11)
    pdf.label_line(texts["unassigned"], str(len(snapshot.unassigned)), size=11)
    if snapshot.questions:
        pdf.ln(4)
        pdf.paragraph(texts["questions"], size=11, bold=True)
        for number, question in enumerate(snapshot.questions, start=1):
            pdf.paragraph(f"{number}. {question.text}", indent=4, height=LINE)


def _votes(snapshot, ideas, texts):
    """The dots of ``ideas`` together, split ("3 (2 digital, 1 Papier)") when some were
    given on paper; the note while they are counted in secret."""
    split = snapshot.vote_split(ideas)
    return texts["votes_hidden"] if split.total is None else votes_text(split.total, split.paper, texts)


def _overview(pdf, charts, texts):
    _chapter_start(pdf, texts["overview"], new_page=False)
    for title, png in charts:
        _image(pdf, png, title)


def _image(pdf, png, title):
    """A chart at full text width, smaller if taller than a page; never split."""
    width_px, height_px = Image.open(io.BytesIO(png)).size
    width = pdf.epw
    height = width * height_px / width_px
    most = pdf.h - pdf.t_margin - pdf.b_margin - 6
    if height > most:
        width, height = width * most / height, most
    if pdf.will_page_break(height + 4):
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, y=top, w=width, h=height, alt_text=pdf.clean(title))
    pdf.set_y(top + height + 4)


def _field_chapter(pdf, snapshot, field, texts):
    _chapter_start(pdf, field.name, accent=field.colour)
    pdf.paragraph(field.description)
    pdf.ln(2)
    pdf.label_line(texts["ideas_count"], str(len(field.ideas)))
    pdf.label_line(texts["votes"], _votes(snapshot, field.ideas, texts))
    if field.terms:
        pdf.label_line(texts["top_terms"], ", ".join(field.terms))
    pdf.ln(2)
    if field.ideas:
        _image(pdf, _field_chart_image(snapshot, field, texts),
               texts["chart_field_questions"] % {"field": field.name})
        _chapter_start(pdf, texts["ideas_heading"] % {"count": len(field.ideas)}, level=1)
        pdf.paragraph(texts["votes_hidden"] if snapshot.votes_hidden else texts["ideas_by_votes"], size=9, muted=True)
        pdf.ln(2)
        idea_list(pdf, field.ideas, texts)
    else:
        pdf.paragraph(texts["field_no_ideas"], bold=True)
    _blank_sheet(pdf, snapshot, field, texts)


# Blank measure sheet ---------------------------------------------------------------------

def _blank_sheet(pdf, snapshot, field, texts):
    pdf.add_page()
    _chapter_start(pdf, texts["blank_sheet"], level=1)
    pdf.paragraph(texts["focus_group"] % {"field": field.name}, bold=True)
    pdf.paragraph(texts["blank_sheet_intro"], size=9, muted=True)
    pdf.ln(3)
    for row in sheet_rows(texts["sheet"]):
        name = row[0][0]
        if name in ("fields", "priority"):
            if pdf.will_page_break(20):
                pdf.add_page()
            _box_label(pdf, row[0][1], row[0][2])
            if name == "fields":
                pdf.tick_boxes([(item.name, False) for item in snapshot.fields])
            else:
                pdf.tick_boxes([(word, False) for word in texts["priorities"].values()])
            continue
        box = max(BLANK_BOX.get(entry[0], BLANK_BOX_DEFAULT) for entry in row)
        if pdf.will_page_break(box + 14):
            pdf.add_page()
        _blank_boxes(pdf, row, box)


def _blank_boxes(pdf, row, height):
    """One box, or two side by side: label, hint, and an empty frame to write in."""
    if len(row) == 1:
        _box_label(pdf, row[0][1], row[0][2])
        top = pdf.get_y()
        with pdf.local_context():
            pdf.set_draw_color(*MUTED)
            pdf.rect(pdf.l_margin, top, pdf.epw, height)
        pdf.set_xy(pdf.l_margin, top + height + 3)
        return
    gap = 6
    width = (pdf.epw - gap) / 2
    top = pdf.get_y()
    for column, (_name, label, hint) in enumerate(row):
        left = pdf.l_margin + column * (width + gap)
        with pdf.local_context():
            pdf.set_xy(left, top)
            pdf.set_font(FAMILY, "B", 10)
            pdf.cell(width, LINE, pdf.fit_line(pdf.clean(label), width))
            pdf.set_xy(left, top + LINE)
            pdf.set_font(FAMILY, "", 8)
            pdf.set_text_color(*MUTED)
            pdf.cell(width, 4, pdf.fit_line(pdf.clean(hint), width))
            pdf.set_draw_color(*MUTED)
            pdf.rect(left, top + LINE + 4.8, width, height)
    pdf.set_xy(pdf.l_margin, top + LINE + 4.8 + height + 3)


def _box_label(pdf, label, hint):
    """The box's label in bold with its hint after it, smaller."""
    with pdf.local_context():
        pdf.set_font(FAMILY, "B", 10)
        pdf.write(LINE, pdf.clean(label) + "  ")
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*MUTED)
        pdf.write(LINE, pdf.clean(hint))
    pdf.ln(LINE + 0.8)
