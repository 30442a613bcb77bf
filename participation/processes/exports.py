"""The combined exports of a process: every workshop of it in one CSV, XLSX, JSON or PDF file.

Each workshop is read once with the workshop exports' own ``workshop_snapshot``, so the
combined files show exactly the ideas the workshops' own exports show (only visible ideas,
each once, with the texts merged into it; never a hidden, pending or merged-away idea as its
own row) and each writer reuses the workshop writers' rows and pieces:

* CSV: the workshop CSV's columns with "Workshop" and "Datum" (the event date) in front,
  one header, the workshops in the process's order (oldest event first). The column
  "Handlungsfeld" names the catalogue entry a workshop's field is linked to, so one field has
  one name across workshops. The columns "Schritt", "Gruppe" and "Im Plenum" are there when
  any workshop has them (empty for the others). While a workshop counts dots in secret its
  dot cells stay empty.
* XLSX: an overview sheet (the workshops, and the visible ideas per Handlungsfeld ×
  workshop with totals), a sheet "Ideen" with every idea, and a sheet per workshop.
* JSON: ``{"format": "participation-process", "version": 1, "process": {...}, "catalogue":
  [...], "workshops": [<each workshop's own JSON export document>]}``, described in
  ``schema/process-v1.schema.json``.
* PDF: a book: a title page, the contents, the counts table, then a chapter per workshop
  with its ideas per Handlungsfeld (the workshop book's idea lists).

The writers are pure (no Flask, no database): ``process_snapshot`` reads, they render.
"""

import csv
import io
import json
from dataclasses import dataclass, replace

from sqlalchemy import select

from ..exports.cells import csv_text, xlsx_text
from ..exports.csv_file import DELIMITERS
from ..exports.csv_file import _header as csv_header
from ..exports.csv_file import _row as csv_row
from ..exports.json_file import workshop_document
from ..exports.rows import WorkshopSnapshot
from ..exports.snapshot import workshop_snapshot
from ..extensions import db
from ..workshops.models import Field

FORMAT = "participation-process"
VERSION = 1
FORMATS = ("csv", "xlsx", "json", "pdf")


@dataclass(frozen=True)
class CatalogueEntry:
    id: int
    position: int
    name: str
    description: str
    keywords: tuple[str, ...]
    colour: str
    catch_all: bool


@dataclass(frozen=True)
class ProcessPart:
    """One workshop of the process: its snapshot and which catalogue entry (index into
    ``ProcessSnapshot.catalogue``) each of its fields stands for."""

    snapshot: WorkshopSnapshot
    links: dict  # workshop field id -> catalogue index

    def entry_index(self, field_id):
        return self.links.get(field_id)


@dataclass(frozen=True)
class ProcessSnapshot:
    id: int
    title: str
    description: str
    slug: str
    catalogue: tuple[CatalogueEntry, ...]
    parts: tuple[ProcessPart, ...]  # the workshops, oldest event first

    def field_name(self, part, idea):
        """The name of the idea's Handlungsfeld across the process: the catalogue entry's
        name when its field is linked, else the workshop's own field name (None: unassigned)."""
        index = part.entry_index(idea.field_id)
        return self.catalogue[index].name if index is not None else idea.field_name

    def ideas(self, part):
        """The workshop's ideas (oldest first) with the catalogue's field names."""
        return [replace(idea, field_name=self.field_name(part, idea)) if idea.field_id is not None else idea
                for idea in part.snapshot.ideas]

    @property
    def idea_count(self):
        return sum(len(part.snapshot.ideas) for part in self.parts)


def process_snapshot(process, with_terms=False):
    """Read ``process`` and each of its workshops (``workshop_snapshot``) once."""
    catalogue = tuple(
        CatalogueEntry(entry.id, entry.position, entry.name, entry.description or "", tuple(entry.keywords or ()),
                       entry.colour, bool(entry.catch_all))
        for entry in process.fields
    )
    index_of = {entry.id: index for index, entry in enumerate(catalogue)}
    workshops = list(process.workshops)
    links = {}
    if workshops:
        rows = db.session.execute(
            select(Field.id, Field.process_field_id).where(Field.workshop_id.in_([w.id for w in workshops]))
        ).all()
        links = {field_id: index_of[entry_id] for field_id, entry_id in rows if entry_id in index_of}
    parts = []
    for workshop in workshops:
        snapshot = workshop_snapshot(workshop, with_terms=with_terms)
        own = {item.id: links[item.id] for item in snapshot.fields if item.id in links}
        parts.append(ProcessPart(snapshot, own))
    return ProcessSnapshot(process.id, process.title, process.description or "", process.slug, catalogue,
                           tuple(parts))


# --- counts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    label: str
    counts: tuple[int, ...]  # per workshop, in the process's order
    colour: str | None = None
    kind: str = "entry"  # "entry", "field" (a workshop's field not in the catalogue), "unassigned", "total"

    @property
    def total(self):
        return sum(self.counts)


def field_table(snapshot, texts):
    """Visible ideas per Handlungsfeld × workshop, counted from the export snapshots (so the
    files agree with their own rows; the process page has ``overview.field_counts``): the
    catalogue's entries in order, then workshop fields linked to no entry (by name), "Noch
    nicht zugeordnet" (only when some idea is), and the total."""
    parts = snapshot.parts
    width = len(parts)
    entries = [[0] * width for _entry in snapshot.catalogue]
    others = {}
    unassigned = [0] * width
    for column, part in enumerate(parts):
        for item in part.snapshot.fields:
            index = part.entry_index(item.id)
            if index is not None:
                entries[index][column] += len(item.ideas)
            else:
                others.setdefault(item.name, [0] * width)[column] += len(item.ideas)
        unassigned[column] = len(part.snapshot.unassigned)
    rows = [CountRow(entry.name, tuple(counts), entry.colour) for entry, counts in zip(snapshot.catalogue, entries)]
    rows += [CountRow(name, tuple(counts), None, "field") for name, counts in others.items()]
    if any(unassigned):
        rows.append(CountRow(texts["unassigned"], tuple(unassigned), None, "unassigned"))
    rows.append(CountRow(texts["total"], tuple(len(part.snapshot.ideas) for part in parts), None, "total"))
    return rows


def workshop_label(snapshot, texts):
    """"Auftakt (01.09.2026)", or the title alone for an undated workshop."""
    from ..exports.pdf_base import export_locale, local_date

    when = local_date(snapshot.event_date, export_locale(texts))
    return f"{snapshot.title} ({when})" if when else snapshot.title


# --- CSV ------------------------------------------------------------------------------------


def _no_step(_step_id):
    return ""


def process_csv(snapshot, texts, delimiter=";"):
    """Every workshop's exported ideas in one table, the workshops in the process's order."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}, not {delimiter!r}")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quotechar='"', lineterminator="\r\n")
    with_steps = any(part.snapshot.ran_steps for part in snapshot.parts)
    with_groups = any(part.snapshot.has_groups for part in snapshot.parts)
    header = [texts["workshop"], texts["date"], *csv_header(texts, with_steps, False, with_groups)]
    writer.writerow([csv_text(heading) for heading in header])
    for part in snapshot.parts:
        workshop = part.snapshot
        step_label = (workshop.step_label if workshop.ran_steps else _no_step) if with_steps else None
        lead = [csv_text(workshop.title), workshop.event_date.isoformat() if workshop.event_date else ""]
        for idea in snapshot.ideas(part):
            row = csv_row(idea, texts, delimiter, step_label, with_groups)
            if with_groups and not workshop.has_groups:
                row[-2:] = ["", ""]  # no groups that evening: neither a group nor "nein"
            writer.writerow(lead + row)
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX -----------------------------------------------------------------------------------


def process_xlsx(snapshot, texts):
    """The overview (workshops; ideas per Handlungsfeld × workshop), "Ideen" and a sheet per workshop."""
    from openpyxl import Workbook

    from ..exports import xlsx_file as sheets

    book = Workbook()
    book.properties.title = xlsx_text(snapshot.title)
    book.properties.creator = "participation"
    names = sheets.SheetNames()
    overview = book.active
    overview.title = names(texts["overview"], "1")
    _xlsx_overview(overview, snapshot, texts, sheets)

    with_steps = any(part.snapshot.ran_steps for part in snapshot.parts)
    with_groups = any(part.snapshot.has_groups for part in snapshot.parts)
    columns = (
        sheets.Column(texts["workshop"], 30),
        sheets.Column(texts["date"], 11, "date"),
        sheets.Column(texts["field"], 30),
        *sheets._idea_columns(texts, with_steps, False, with_groups),
    )
    rows = []
    for part in snapshot.parts:
        workshop = part.snapshot
        step_label = (workshop.step_label if workshop.ran_steps else _no_step) if with_steps else None
        for idea in snapshot.ideas(part):
            values = list(sheets._idea_values(idea, texts, step_label, with_groups))
            if with_groups and not workshop.has_groups:
                values[-2:] = [None, None]
            rows.append((workshop.title, workshop.event_date, idea.field_name or texts["unassigned"], *values))
    sheets._table(book.create_sheet(names(texts["ideas"], "Ideen")), snapshot.title, texts["timezone_note"],
                  columns, rows)

    for number, part in enumerate(snapshot.parts, start=1):
        workshop = part.snapshot
        step_label = workshop.step_label if workshop.ran_steps else None
        own = (sheets.Column(texts["field"], 30),
               *sheets._idea_columns(texts, workshop.ran_steps, workshop.votes_hidden, workshop.has_groups))
        own_rows = [(idea.field_name or texts["unassigned"],
                     *sheets._idea_values(idea, texts, step_label, workshop.has_groups))
                    for idea in snapshot.ideas(part)]
        subtitle = " · ".join(bit for bit in (workshop_label(workshop, texts), workshop.place) if bit)
        sheets._table(book.create_sheet(names(workshop.title, f"{texts['workshop']} {number}")), workshop.title,
                      subtitle, own, own_rows)
    return sheets._save(book)


def _xlsx_overview(sheet, snapshot, texts, sheets):
    sheets._put(sheet, 1, 1, snapshot.title).font = sheets.HEADING
    sheets._put(sheet, 2, 1, snapshot.description or texts["none"], wrap=True)
    row = 4
    lines = [(workshop_label(part.snapshot, texts), part.snapshot.place or texts["none"], len(part.snapshot.ideas),
              sheets._shown(part.snapshot.votes, texts))
             for part in snapshot.parts]
    votes = [part.snapshot.votes for part in snapshot.parts]
    lines.append((texts["total"], "", snapshot.idea_count, "" if None in votes else sum(votes)))
    row = sheets._counts_table(sheet, row, (texts["workshop"], texts["place"], texts["ideas_count"],
                                            texts["votes_total"]), lines)
    sheets._put(sheet, row, 1, texts["process_counts"]).font = sheets.BOLD
    counts = [(line.label, *line.counts, line.total) for line in field_table(snapshot, texts)]
    headings = (texts["field"], *(part.snapshot.title for part in snapshot.parts), texts["total"])
    sheets._counts_table(sheet, row + 1, headings, counts)
    sheet.column_dimensions["A"].width = 45
    for number in range(2, len(headings) + 1):
        sheet.column_dimensions[sheets.get_column_letter(number)].width = 16


# --- JSON -----------------------------------------------------------------------------------


def process_document(snapshot):
    """The process as plain dicts and lists (``schema/process-v1.schema.json``)."""
    field_positions = [{item.id: index for index, item in enumerate(part.snapshot.fields)} for part in snapshot.parts]
    catalogue = []
    for index, entry in enumerate(snapshot.catalogue):
        fields = []
        for part, positions in zip(snapshot.parts, field_positions):
            linked = [positions[field_id] for field_id, entry_index in part.links.items() if entry_index == index]
            fields.append(min(linked) if linked else None)
        catalogue.append({
            "name": entry.name,
            "description": entry.description,
            "keywords": list(entry.keywords),
            "colour": entry.colour,
            "catch_all": entry.catch_all,
            "workshop_fields": fields,
        })
    return {
        "format": FORMAT,
        "version": VERSION,
        "process": {"title": snapshot.title, "description": snapshot.description, "slug": snapshot.slug},
        "catalogue": catalogue,
        "workshops": [workshop_document(part.snapshot) for part in snapshot.parts],
    }


def process_json(snapshot):
    text = json.dumps(process_document(snapshot), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


# --- PDF ------------------------------------------------------------------------------------


def process_pdf(snapshot, texts):
    """The process book: title page, contents, counts table, a chapter per workshop."""
    from ..exports.pdf_book import _chapter_start, _contents, contents_pages
    from ..exports.pdf_base import BasePDF

    pdf = BasePDF(texts, f"{texts['process_book']} · {snapshot.title}", bare_pages=1)
    _pdf_cover(pdf, snapshot, texts)
    pdf.add_page()
    pdf.insert_toc_placeholder(lambda doc, outline: _contents(doc, outline, texts),
                               pages=contents_pages(_pdf_entries(snapshot)))
    _chapter_start(pdf, texts["process_counts"], new_page=False)
    _pdf_counts(pdf, snapshot, texts)
    for part in snapshot.parts:
        _pdf_workshop(pdf, snapshot, part, texts, _chapter_start)
    return pdf.to_bytes()


def _pdf_entries(snapshot):
    """Lines of the contents: must match the sections ``process_pdf`` starts."""
    entries = 1
    for part in snapshot.parts:
        entries += 1 + sum(1 for item in part.snapshot.fields if item.ideas) + (1 if part.snapshot.unassigned else 0)
    return entries


def _when_where(workshop, texts):
    from ..exports.pdf_base import export_locale, local_date

    return " · ".join(bit for bit in (local_date(workshop.event_date, export_locale(texts)), workshop.place) if bit)


def _pdf_cover(pdf, snapshot, texts):
    pdf.add_page()
    pdf.set_y(55)
    pdf.paragraph(texts["process_book"], size=14, muted=True)
    pdf.ln(3)
    pdf.heading(snapshot.title, size=24)
    pdf.paragraph(snapshot.description)
    pdf.ln(6)
    pdf.rule(4)
    pdf.label_line(texts["workshops"], str(len(snapshot.parts)), size=11)
    pdf.label_line(texts["ideas_count"], str(snapshot.idea_count), size=11)
    pdf.label_line(texts["fields"], str(len(snapshot.catalogue)), size=11)
    pdf.ln(4)
    for number, part in enumerate(snapshot.parts, start=1):
        workshop = part.snapshot
        details = " · ".join(bit for bit in (_when_where(workshop, texts),
                                            texts["process_ideas"] % {"count": len(workshop.ideas)}) if bit)
        pdf.paragraph(f"{number}. {workshop.title}", size=11, bold=True)
        pdf.paragraph(details, size=10, muted=True, indent=5)
        pdf.ln(1)


def _pdf_counts(pdf, snapshot, texts):
    from fpdf.fonts import FontFace

    from ..exports.pdf_base import FAMILY

    rows = field_table(snapshot, texts)
    count = len(snapshot.parts)
    label_width = 58 if count <= 4 else 44
    other = (pdf.epw - label_width) / (count + 1)
    pdf.paragraph(texts["process_counts_intro"], size=9, muted=True)
    pdf.ln(2)
    with pdf.local_context():
        pdf.set_font(FAMILY, "", 9 if count <= 5 else 7)
        headings = [texts["field"], *(workshop_label(part.snapshot, texts) for part in snapshot.parts), texts["total"]]
        with pdf.table(col_widths=(label_width, *([other] * (count + 1))), text_align=("LEFT", *(["RIGHT"] * (count + 1))),
                       headings_style=FontFace(emphasis="BOLD", fill_color=(229, 231, 235)),
                       line_height=4.6, padding=1.2, first_row_as_headings=True) as table:
            heading_row = table.row()
            for heading in headings:
                heading_row.cell(pdf.clean(heading))
            for line in rows:
                bold = line.kind == "total"
                style = FontFace(emphasis="BOLD") if bold else None
                cells = table.row()
                label = line.label if line.kind != "field" else f"{line.label} *"
                cells.cell(pdf.clean(label), style=style)
                for value in (*line.counts, line.total):
                    cells.cell(str(value), style=style)
    if any(line.kind == "field" for line in rows):
        pdf.ln(2)
        pdf.paragraph(texts["process_not_in_catalogue"], size=8, muted=True)


def _pdf_workshop(pdf, snapshot, part, texts, chapter_start):
    workshop = part.snapshot
    chapter_start(pdf, workshop.title)
    pdf.paragraph(_when_where(workshop, texts), size=11)
    pdf.paragraph(workshop.description, size=10, muted=True)
    pdf.ln(2)
    pdf.label_line(texts["ideas_count"], str(len(workshop.ideas)))
    split = workshop.vote_split(workshop.ideas)
    pdf.label_line(texts["votes"], texts["votes_hidden"] if split.total is None else str(split.total))
    pdf.ln(1)
    for item in workshop.fields:
        if not item.ideas:
            continue
        index = part.entry_index(item.id)
        name = snapshot.catalogue[index].name if index is not None else item.name
        chapter_start(pdf, f"{name} ({len(item.ideas)})", level=1, accent=item.colour)
        _idea_list(pdf, item.ideas, texts)
    if workshop.unassigned:
        chapter_start(pdf, f"{texts['unassigned']} ({len(workshop.unassigned)})", level=1)
        _idea_list(pdf, workshop.unassigned, texts)


# The ideas as the workshop book lists them (``exports.pdf_ideas``: number, text, merged texts,
# details line; one block never split over a page), drawn line by line: fpdf2's multi_cell
# measures each line again for every character it adds, which made the 2,000 ideas of a
# process take about 15 seconds; wrapping here with the font's widths takes a fraction.


def _idea_list(pdf, ideas, texts):
    from ..exports.pdf_base import FAMILY

    widths = pdf.fonts[FAMILY].cw
    for number, idea in enumerate(ideas, start=1):
        _idea(pdf, number, idea, texts, widths)


def _idea_details(idea, texts):
    from ..charts.specs import source_label
    from ..exports.pdf_ideas import idea_votes
    from ..exports.rows import PHONE

    meta = [f"{texts['votes']}: {idea_votes(idea, texts)}", f"{texts['question']}: {idea.question}"]
    if idea.source != PHONE:
        meta.append(f"{texts['source']}: {source_label(idea.source, idea.source_name, texts)}")
    if idea.group_id is not None:
        meta.append(f"{texts['group']}: {idea.group_label}")
    if idea.nickname:
        meta.append(texts["by_nickname"] % {"nickname": idea.nickname})
    if idea.promoted:
        meta.insert(0, texts["promoted"].upper())
    return " · ".join(meta)


def wrap_lines(text, width, size, widths, k):
    """``text`` broken into lines of at most ``width`` mm at ``size`` pt (``widths``: the
    font's character widths in 1/1000 em; ``k``: points per mm); words longer than a line
    are cut."""
    scale = size * 0.001 / k
    space = widths[32] * scale
    lines = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            wide = sum(widths[ord(char)] for char in word) * scale
            if line and used + space + wide <= width:
                line, used = f"{line} {word}", used + space + wide
                continue
            if line:
                lines.append(line)
            while wide > width and len(word) > 1:
                cut, taken = 0, 0.0
                while cut < len(word) and taken + widths[ord(word[cut])] * scale <= width:
                    taken += widths[ord(word[cut])] * scale
                    cut += 1
                cut = max(cut, 1)
                lines.append(word[:cut])
                word = word[cut:]
                wide = sum(widths[ord(char)] for char in word) * scale
            line, used = word, wide
        lines.append(line)
    return lines


def _idea(pdf, number, idea, texts, widths):
    from fpdf.enums import XPos, YPos

    from ..exports.pdf_base import FAMILY, LINE, MUTED
    from ..exports.pdf_ideas import MERGED_LINE, META_LINE, NUMBER_WIDTH

    width = pdf.epw - NUMBER_WIDTH
    room = width - 1.5  # the widths here leave out kerning: a little air
    blocks = [(wrap_lines(pdf.clean(idea.text), room, 10, widths, pdf.k), 10, LINE, False)]
    for item in idea.merged:
        blocks.append((wrap_lines(pdf.clean(f"+ {texts['merged']}: {item.text}"), room, 9, widths, pdf.k),
                       9, MERGED_LINE, False))
    blocks.append((wrap_lines(pdf.clean(_idea_details(idea, texts)), room, 8, widths, pdf.k), 8, META_LINE, True))
    height = sum(len(lines) * line_height for lines, _size, line_height, _muted in blocks)
    if pdf.get_y() + height > pdf.page_break_trigger and pdf.get_y() > pdf.t_margin + 0.01:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(NUMBER_WIDTH, LINE, f"{number}.")
    pdf.set_xy(pdf.l_margin + NUMBER_WIDTH, top)
    with pdf.local_context():
        for lines, size, line_height, muted in blocks:
            pdf.set_font(FAMILY, "", size)
            if muted:
                pdf.set_text_color(*MUTED)
            for line in lines:
                pdf.set_x(pdf.l_margin + NUMBER_WIDTH)
                pdf.cell(width, line_height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2.5)


# --- the file -------------------------------------------------------------------------------


def process_texts():
    """The exports' words and the few of the process files."""
    from flask_babel import gettext as _

    from ..exports.texts import export_texts

    texts = export_texts()
    texts.update({
        "process_book": _("Beteiligungsprozess"),
        "workshops": _("Workshops"),
        "process_ideas": _("%(count)s Ideen", count="%(count)s"),
        "process_counts": _("Ideen je Handlungsfeld und Workshop"),
        "process_counts_intro": _("Sichtbare Ideen; ausgeblendete, noch nicht freigegebene und zusammengeführte "
                                  "Ideen zählen nicht mit."),
        "process_not_in_catalogue": _("* Handlungsfeld eines Workshops, das nicht im Katalog des Prozesses steht."),
    })
    return texts


def process_export(process, fmt, delimiter=";"):
    """The whole process in ``fmt`` (one of FORMATS) as an ``ExportFile``."""
    from ..exports.services import MIMETYPES, ExportFile

    if fmt not in FORMATS:
        raise KeyError(fmt)
    texts = process_texts()
    snapshot = process_snapshot(process)
    if fmt == "csv":
        content = process_csv(snapshot, texts, delimiter)
    elif fmt == "xlsx":
        content = process_xlsx(snapshot, texts)
    elif fmt == "json":
        content = process_json(snapshot)
    else:
        content = process_pdf(snapshot, texts)
    return ExportFile(content, MIMETYPES[fmt], file_name(process, fmt))


def file_name(process, extension):
    return f"{process.slug}-prozess.{extension}"

