"""The documentation as an editable Word document: Word's own styles (Title, Heading 1–3,
List Number, List Bullet, Table Grid), a table of contents field Word fills in, the charts
as pictures and the appendix with its numbers A 1..N.

Pure: lays out a ``content.Report`` with the translated words, returns bytes.
"""

import io

from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from ..exports.measure_docs import _a4_portrait
from ..exports.pdf_base import colour_tuple, printable
from . import layout

MUTED = RGBColor(0x4B, 0x55, 0x63)
CHART_WIDTH = Mm(150)


def _plain(text):
    return printable(text)  # XML cannot hold control characters


def report_docx(report, texts):
    document = Document()
    _a4_portrait(document)
    properties = document.core_properties
    properties.title = _plain(f"{texts['report_title']}: {report.title}")
    properties.subject = _plain(report.title)
    properties.author = ""
    properties.comments = ""
    _cover(document, report, texts)
    _contents(document, texts)
    _facts(document, report, texts)
    _questions(document, report, texts)
    if report.charts:
        document.add_heading(_plain(texts["charts"]), level=1)
        for title, png in report.charts:
            document.add_picture(io.BytesIO(png), width=CHART_WIDTH)
            document.add_paragraph(_plain(title), style="Caption")
    _fields(document, report, texts)
    _appendix(document, report, texts)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _muted(paragraph, text, size=9):
    run = paragraph.add_run(_plain(text))
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    return run


def _cover(document, report, texts):
    kind = texts["report_of_process" if report.kind == "process" else "report_of_workshop"]
    _muted(document.add_paragraph(), kind, size=12)
    document.add_heading(_plain(report.title), level=0)
    for line in layout.when_where(texts, report):
        document.add_paragraph(_plain(line))
    if report.subtitle:
        document.add_paragraph(_plain(report.subtitle))
    _page_break(document)


def _contents(document, texts):
    """A TOC field (headings 1–2): Word fills it in when the document is opened (or with F9)."""
    title = document.add_paragraph().add_run(_plain(texts["contents"]))  # not a heading: not in the contents
    title.bold = True
    title.font.size = Pt(16)
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _plain(texts["toc_note"])
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)
    # Ask Word to update the fields (the contents) when it opens the file
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    _page_break(document)


def _facts(document, report, texts):
    document.add_heading(_plain(texts["facts"]), level=1)
    header, rows = layout.facts_rows(texts, report)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(_plain(text)).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = _plain(text)
    if report.unassigned:
        document.add_paragraph()
        document.add_paragraph(_plain(texts["unassigned_count"] % {"count": report.unassigned}))


def _questions(document, report, texts):
    document.add_heading(_plain(texts["questions"]), level=1)
    for title, questions in report.questions:
        if title is None and report.kind == "process":
            title = texts["all_workshops"]
        if title is not None:
            document.add_heading(_plain(title), level=3)
        if not questions:
            document.add_paragraph(_plain(texts["no_questions"]))
        for question in questions:
            document.add_paragraph(_plain(question), style="List Number")


def _fields(document, report, texts):
    _page_break(document)
    document.add_heading(_plain(texts["field_sections"]), level=1)
    _muted(document.add_paragraph(), texts["field_sections_intro"], size=10)
    process = report.kind == "process"
    for section in report.fields:
        heading = document.add_heading(_plain(section.name), level=2)
        heading.runs[0].font.color.rgb = RGBColor(*colour_tuple(section.colour))
        if section.description:
            _muted(document.add_paragraph(), section.description, size=10)
        document.add_paragraph(_plain(layout.field_sentence(texts, section, report.idea_count)))
        if section.terms:
            paragraph = document.add_paragraph()
            paragraph.add_run(_plain(texts["key_terms"] + ": ")).bold = True
            paragraph.add_run(_plain(", ".join(section.terms)))
        if not section.count:
            continue
        document.add_heading(_plain(texts["top_ideas"]), level=3)
        if section.votes is None:
            document.add_paragraph(_plain(texts["votes_hidden"]))
        elif not section.top:
            document.add_paragraph(_plain(texts["no_votes"]))
        for quote in section.top:
            document.add_paragraph(_plain(layout.quote_line(texts, quote, True, process)), style="List Bullet")
        document.add_heading(_plain(texts["representative_ideas"]), level=3)
        _muted(document.add_paragraph(), texts["representative_intro"])
        for quote in section.representatives:
            document.add_paragraph(_plain(layout.quote_line(texts, quote, False, process)), style="List Bullet")


def _appendix(document, report, texts):
    _page_break(document)
    document.add_heading(_plain(texts["appendix"]), level=1)
    _muted(document.add_paragraph(), texts["appendix_intro"], size=10)
    styles = _appendix_styles(document)
    for group in report.appendix:
        document.add_heading(_plain(texts["appendix_field"] % {"field": layout.group_heading(texts, group)}), level=2)
        if not group.ideas:
            document.add_paragraph(_plain(texts["no_ideas_here"]))
        for title, ideas in group.parts:
            if title is not None:
                document.add_heading(_plain(title), level=3)
            body = document.element.body
            for idea in ideas:
                for element in _appendix_idea(idea, texts, styles):
                    body.sectPr.addprevious(element)


def _appendix_styles(document):
    """Paragraph styles of the appendix (editable in Word like any style): the idea with its
    number, a text merged into it, its details line. Returns their style ids."""
    styles = document.styles
    made = {}
    for key, name, size, muted, keep in (("idea", "Anhang Idee", 10, False, True),
                                         ("merged", "Anhang zusammengeführt", 9, False, True),
                                         ("details", "Anhang Details", 8, True, False)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
        form = style.paragraph_format
        form.left_indent = Mm(16)
        form.space_after = Pt(0 if keep else 6)
        form.keep_with_next = keep
        if key == "idea":
            form.first_line_indent = Mm(-16)
            form.tab_stops.add_tab_stop(Mm(16))
        style.font.size = Pt(size)
        if muted:
            style.font.color.rgb = MUTED
        made[key] = style.style_id
    return made


def _paragraph(style_id, *runs):
    """A paragraph as XML: (text, bold) runs; a run's text may begin with a tab."""
    pieces = []
    for text, bold in runs:
        tab = "<w:tab/>" if text.startswith("\t") else ""
        text = escape(text.lstrip("\t"))
        pieces.append(f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}{tab}<w:t xml:space="preserve">{text}</w:t></w:r>')
    return parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>{"".join(pieces)}</w:p>')


def _appendix_idea(idea, texts, styles):
    """The idea's paragraphs, built as XML: thousands of ideas would take python-docx's
    per-property calls tens of seconds."""
    yield _paragraph(styles["idea"], (_plain(layout.number(texts, idea.number)), True), ("\t" + _plain(idea.text), False))
    for line in layout.merged_lines(texts, idea):
        yield _paragraph(styles["merged"], (_plain(line), False))
    yield _paragraph(styles["details"], (_plain(layout.idea_details(texts, idea)), False))
