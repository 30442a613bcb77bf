"""The workshop as an Excel workbook, and the measures of its focus groups as another.

``workshop_xlsx``: an overview sheet (the workshop, ideas and dots per Leitfrage and per
Handlungsfeld, split into digital, Papier and gesamt, ideas per source when there are
several, frequent terms, the charts) and one sheet per Handlungsfeld with its ideas,
most dots first, plus one for the ideas not yet assigned; with a run sheet, a sheet "Ablauf"
(each step with its times and numbers) and a column "Schritt" on the idea sheets; with groups
(tables, breakout rooms) the columns "Gruppe" and "Im Plenum" on the idea sheets, a table of
ideas, promoted ideas and dots per group on the overview, and a sheet "Gruppen" with every
idea by group, the promoted ones first (a workshop without groups has none of these). While the
dots are counted in secret, their cells stay empty and a note says so. ``measures_xlsx``: one row per
Maßnahmenmerkblatt with every box of the sheet and the ideas it grew from.

Every user text goes through ``cells.set_text``, so nothing typed becomes a formula. Times
are Excel date cells in Europe/Berlin (Excel has no time zones). Pure: no Flask, no
database.
"""

import io
import math
import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..charts.specs import source_label
from ..core.timeutil import BERLIN
from .cells import set_text, xlsx_text

# The dots in three columns: given on phones, on paper (or carried over from an import), all
VOTE_KEYS = ("votes_digital", "votes_paper", "votes_total")

HEADING = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

NUMBER_FORMATS = {"number": "0", "decimal": "0.00", "time": "DD.MM.YYYY HH:MM", "date": "DD.MM.YYYY"}

SHEET_NAME_MAX = 31
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Excel keeps this name for its change history and refuses a sheet called so.
_RESERVED_SHEET_NAMES = {"history"}

CHART_WIDTH = 640  # pixels on the overview sheet; charts come larger for print
ROW_PIXELS = 20  # a default row in Excel
LINE_POINTS = 15  # one line of text in a row
MAX_ROW_POINTS = 409  # Excel's highest row


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # at most this many characters wide
    kind: str = "text"  # "text" or a key of NUMBER_FORMATS


class SheetNames:
    """Sheet names Excel accepts: at most 31 characters, none of []:*?/\\, unique.

    Two Handlungsfelder that differ only after the 31st character get " (2)" and so on,
    as do names that differ only in case (Excel ignores case).
    """

    def __init__(self):
        self.used = set(_RESERVED_SHEET_NAMES)

    def __call__(self, name, fallback):
        cleaned = " ".join(_NOT_IN_SHEET_NAME.sub(" ", xlsx_text(name)).split())
        # Excel refuses an apostrophe at either end: it quotes sheet names in formulas.
        base = cleaned[:SHEET_NAME_MAX].strip(" '") or fallback[:SHEET_NAME_MAX]
        candidate, number = base, 1
        while candidate.casefold() in self.used:
            number += 1
            suffix = f" ({number})"
            candidate = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        self.used.add(candidate.casefold())
        return candidate


def _berlin(moment):
    return moment.astimezone(BERLIN).replace(tzinfo=None)


def _put(sheet, row, column, value, kind="text", wrap=False):
    cell = sheet.cell(row, column)
    if kind == "text":
        set_text(cell, value)
    elif value is not None:
        cell.value = value
        cell.number_format = NUMBER_FORMATS[kind]
    cell.alignment = TOP_WRAPPED if wrap else TOP
    return cell


def _lines(value, width):
    """About how many lines ``value`` takes in a wrapped cell ``width`` characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    return sum(max(1, math.ceil(len(line) / max(width, 1))) for line in value.split("\n"))


def _table(sheet, heading, subheading, columns, rows):
    """``rows`` under a header in row 3: frozen header, auto filter, fitted columns."""
    _put(sheet, 1, 1, heading).font = HEADING
    _put(sheet, 2, 1, subheading)
    for number, column in enumerate(columns, start=1):
        cell = _put(sheet, 3, number, column.heading, wrap=True)
        cell.font, cell.fill = BOLD, HEADER_FILL
    widths = [max(8, min(column.width, len(column.heading) + 2)) for column in columns]
    for row_number, values in enumerate(rows, start=4):
        for number, (column, value) in enumerate(zip(columns, values), start=1):
            _put(sheet, row_number, number, value, column.kind, wrap=column.kind == "text")
            if column.kind == "text" and value:
                longest = max(len(line) for line in str(value).split("\n"))
                widths[number - 1] = max(widths[number - 1], min(column.width, longest + 2))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    # openpyxl cannot measure text, and Excel does not grow rows it did not lay out itself.
    for row_number, values in enumerate([[column.heading for column in columns], *rows], start=3):
        lines = max(_lines(value, width - 1) for value, width in zip(values, widths))
        if lines > 1:
            sheet.row_dimensions[row_number].height = min(MAX_ROW_POINTS, lines * LINE_POINTS)
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:{last}{3 + len(rows)}"


def _idea_columns(texts, with_steps=False, votes_hidden=False, with_groups=False):
    return (
        Column(texts["question"], 40),
        Column(texts["text"], 60),
        Column(texts["merged"], 40),
        *(Column(f"{texts[key]} ({texts['votes_hidden']})" if votes_hidden else texts[key], 8, "number")
          for key in VOTE_KEYS),
        Column(texts["nickname"], 20),
        Column(texts["source"], 24),
        Column(texts["time_local"], 17, "time"),
        Column(texts["score"], 9, "decimal"),
        Column(texts["terms"], 30),
        Column(texts["confirmed"], 14),
        *((Column(texts["step"], 24),) if with_steps else ()),
        *((Column(texts["group"], 24), Column(texts["promoted"], 10)) if with_groups else ()),
    )


def _idea_values(idea, texts, step_label=None, with_groups=False):
    return (
        idea.question,
        idea.text,
        "\n".join(idea.merged_texts),
        idea.digital_votes,
        idea.paper_votes if idea.votes is not None else None,
        idea.votes,
        idea.nickname,
        source_label(idea.source, idea.source_name, texts),
        _berlin(idea.created_at),
        idea.score,
        ", ".join(idea.terms),
        texts["yes"] if idea.confirmed else texts["no"],
        *((step_label(idea.step_id),) if step_label else ()),
        *((idea.group_label, texts["yes"] if idea.promoted else texts["no"]) if with_groups else ()),
    )


def _shown(votes, texts):
    """A sum of dots for the overview's tables: "verdeckt" while they are hidden."""
    return texts["votes_hidden_short"] if votes is None else votes


def _split(snapshot, ideas, texts):
    """The dots of ``ideas`` for the overview's three columns (digital, Papier, gesamt)."""
    split = snapshot.vote_split(ideas)
    return tuple(_shown(votes, texts) for votes in (split.digital, split.paper, split.total))


def _counts_table(sheet, row, columns, lines):
    """A small table on the overview sheet from ``row``; returns the next free row."""
    for number, heading in enumerate(columns, start=1):
        cell = _put(sheet, row, number, heading, wrap=True)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for values in lines:
        row += 1
        for number, value in enumerate(values, start=1):
            kind = "number" if isinstance(value, int) else "text"
            _put(sheet, row, number, value, kind, wrap=True)
    sheet.cell(row, 1).font = BOLD  # the last line is the total
    return row + 2


def _overview(sheet, snapshot, texts):
    _put(sheet, 1, 1, snapshot.title).font = HEADING
    facts = (
        (texts["date"], snapshot.event_date, "date" if snapshot.event_date else "text"),
        (texts["place"], snapshot.place, "text"),
        (texts["code"], snapshot.code, "text"),
        (texts["description"], snapshot.description, "text"),
    )
    row = 2
    for label, value, kind in facts:
        _put(sheet, row, 1, label).font = BOLD
        _put(sheet, row, 2, value if value else texts["none"], kind if value else "text")
        row += 1
    _put(sheet, row, 1, texts["timezone_note"])
    if snapshot.votes_hidden:
        row += 1
        _put(sheet, row, 1, f"{texts['votes']}: {texts['votes_hidden']}").font = BOLD
    row += 2

    vote_headings = tuple(texts[key] for key in VOTE_KEYS)
    questions = [
        (question.text, len(ideas), *_split(snapshot, ideas, texts))
        for question in snapshot.questions
        for ideas in [snapshot.ideas_of_question(question.id)]
    ]
    questions.append((texts["total"], len(snapshot.ideas), *_split(snapshot, snapshot.ideas, texts)))
    row = _counts_table(sheet, row, (texts["question"], texts["ideas_count"], *vote_headings), questions)

    fields = [(item.name, len(item.ideas), *_split(snapshot, item.ideas, texts), ", ".join(item.terms))
              for item in snapshot.fields]
    fields.append((texts["unassigned"], len(snapshot.unassigned), *_split(snapshot, snapshot.unassigned, texts), ""))
    fields.append((texts["total"], len(snapshot.ideas), *_split(snapshot, snapshot.ideas, texts), ""))
    headings = (texts["field"], texts["ideas_count"], *vote_headings, texts["top_terms"])
    row = _counts_table(sheet, row, headings, fields)

    sources = _sources(snapshot, texts)
    if len(sources) > 1:  # only when ideas came from more than one place
        sources.append((texts["total"], len(snapshot.ideas), *_split(snapshot, snapshot.ideas, texts)))
        row = _counts_table(sheet, row, (texts["source"], texts["ideas_count"], *vote_headings), sources)

    if snapshot.has_groups:
        row = _counts_table(sheet, row, (texts["group"], texts["ideas_count"], texts["promoted_count"], *vote_headings),
                            _groups(snapshot, texts))

    for letter, width in zip("ABCDEF", (50, 14, 10, 10, 10, 60)):
        sheet.column_dimensions[letter].width = width
    return row


def _sources(snapshot, texts):
    """Ideas and dots per source ("Handy", "Papier", "Import: ideen.xlsx"), in first-seen order."""
    groups = {}
    for idea in snapshot.ideas:
        groups.setdefault(source_label(idea.source, idea.source_name, texts), []).append(idea)
    return [(label, len(ideas), *_split(snapshot, ideas, texts)) for label, ideas in groups.items()]


def _groups(snapshot, texts):
    """Ideas, promoted ideas and dots per group, "ohne Gruppe" and the total last."""
    lines = [(group.label, len(group.ideas), len(group.promoted), *_split(snapshot, group.ideas, texts))
             for group in snapshot.groups]
    ungrouped = snapshot.ungrouped
    if ungrouped:
        lines.append((texts["no_group"], len(ungrouped), 0, *_split(snapshot, ungrouped, texts)))
    promoted = sum(len(group.promoted) for group in snapshot.groups)
    lines.append((texts["total"], len(snapshot.ideas), promoted, *_split(snapshot, snapshot.ideas, texts)))
    return lines


def _place_charts(sheet, row, charts):
    """The charts one below the other from ``row``, scaled to a readable width."""
    for title, png in charts:
        _put(sheet, row, 1, title).font = BOLD
        image = Image(io.BytesIO(png))
        if image.width > CHART_WIDTH:
            image.height = round(image.height * CHART_WIDTH / image.width)
            image.width = CHART_WIDTH
        image.anchor = f"A{row + 1}"
        sheet.add_image(image)
        row += math.ceil(image.height / ROW_PIXELS) + 3


def _save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workshop_xlsx(snapshot, texts, charts=None):
    """The workshop's overview and one sheet per Handlungsfeld as XLSX bytes.

    ``charts``: (title, PNG bytes) pairs placed under the tables of the overview sheet.
    """
    book = Workbook()
    book.properties.title = xlsx_text(snapshot.title)
    book.properties.creator = "participation"
    names = SheetNames()
    overview = book.active
    overview.title = names(texts["overview"], "1")
    next_row = _overview(overview, snapshot, texts)
    _place_charts(overview, next_row, charts or ())

    with_steps = snapshot.ran_steps
    step_label = snapshot.step_label if with_steps else None
    with_groups = snapshot.has_groups
    columns = _idea_columns(texts, with_steps, snapshot.votes_hidden, with_groups)
    groups = [(item.name, item.description, item.ideas) for item in snapshot.fields]
    if snapshot.unassigned:
        groups.append((texts["unassigned"], "", snapshot.unassigned))
    for position, (name, description, ideas) in enumerate(groups, start=1):
        sheet = book.create_sheet(names(name, f"{texts['field']} {position}"))
        _table(sheet, name, description, columns,
               [_idea_values(idea, texts, step_label, with_groups) for idea in ideas])
    if with_groups:
        by_group = [idea for group in snapshot.groups for idea in group.ideas] + list(snapshot.ungrouped)
        sheet = book.create_sheet(names(texts["groups"], "Gruppen"))
        _table(sheet, texts["groups_title"], texts["groups_intro"], columns,
               [_idea_values(idea, texts, step_label, with_groups) for idea in by_group])
    if with_steps:
        _run_sheet(book.create_sheet(names(texts["run_sheet"], "Ablauf")), snapshot, texts)
    return _save(book)


def _run_sheet(sheet, snapshot, texts):
    """The sheet "Ablauf": the steps in order, with their times and what each left."""
    columns = (
        Column(texts["step"], 6, "number"),
        Column(texts["step_kind"], 16),
        Column(texts["step_title"], 30),
        Column(texts["step_questions"], 50),
        Column(texts["step_duration"], 12, "decimal"),
        Column(texts["step_started"], 17, "time"),
        Column(texts["step_ended"], 17, "time"),
        Column(texts["step_ideas"], 10, "number"),
        Column(texts["step_dots"], 10, "number"),
        Column(texts["step_done"], 10, "number"),
        Column(texts["step_people"], 10, "number"),
    )
    rows = [
        (
            step.position,
            step.kind_label,
            step.title,
            "\n".join(step.questions) if step.questions else texts["all_questions"],
            step.duration_seconds / 60 if step.duration_seconds else None,
            _berlin(step.started_at) if step.started_at else None,
            _berlin(step.ended_at) if step.ended_at else None,
            step.number("ideas"),
            step.number("dots"),
            step.number("done"),
            step.number("people"),
        )
        for step in snapshot.steps
    ]
    _table(sheet, texts["run_sheet_title"], f"{snapshot.title} · {texts['timezone_note']}", columns, rows)


def _measure_value(measure, name, texts):
    if name == "title":
        return measure.title
    if name == "fields":
        return "\n".join(measure.field_names or ((measure.field_name,) if measure.field_name else ()))
    if name == "priority":
        return texts["priorities"].get(measure.priority, texts["priority_none"])
    return measure.texts.get(name, "")


def _source_ideas(measure):
    # One bullet per idea, so several multi-line ideas stay apart in one cell.
    return "\n".join(f"• {idea.full_text}" for idea in measure.ideas)


def measures_xlsx(snapshot, texts):
    """Every measure of the workshop as one row with all boxes of the sheet, as XLSX bytes."""
    book = Workbook()
    book.properties.title = xlsx_text(f"{texts['measures']}: {snapshot.title}")
    book.properties.creator = "participation"
    sheet = book.active
    sheet.title = SheetNames()(texts["measures"], "1")
    widths = {"title": 30, "priority": 14, "fields": 24}
    columns = [Column(label, widths.get(name, 40)) for name, label, _hint in texts["sheet"]]
    columns.append(Column(texts["source_ideas"], 60))
    rows = [
        [*(_measure_value(measure, name, texts) for name, _label, _hint in texts["sheet"]), _source_ideas(measure)]
        for measure in snapshot.measures
    ]
    _table(sheet, texts["sheet_title"], snapshot.title, columns, rows)
    return _save(book)
