"""The chart "Themen von Veranstaltung zu Veranstaltung" as data (pure: no Flask, no drawing).

For each Handlungsfeld the share (%) of a workshop's visible ideas it got, workshop by
workshop in event order: which themes grew and which shrank. Built from
``overview.FieldCounts``; a frozen spec, so the chart cache redraws only when it changes.
"""

from dataclasses import dataclass

from ..charts.palette import field_marker

# Line styles in turn, so that lines of similar grey still differ in black and white
LINE_STYLES = ("solid", "dashed", "dashdot", "dotted")


@dataclass(frozen=True)
class TrendSeries:
    name: str
    colour: str
    marker: str
    line_style: str
    shares: tuple  # percent per event, one decimal (None: the event has no ideas)
    counts: tuple  # ideas per event


@dataclass(frozen=True)
class TrendChart:
    title: str
    events: tuple  # the workshops' labels, in event order
    series: tuple  # TrendSeries, in the catalogue's order
    value_label: str
    empty_text: str


def share(part, whole):
    return None if not whole else round(100 * part / whole, 1)


def trend_chart(counts, texts):
    """``counts`` (``FieldCounts``) as a ``TrendChart``; ``texts``: title, value_label,
    empty_text, no_field (the name of the row of ideas in no Handlungsfeld)."""
    series = []
    for number, row in enumerate(counts.rows):
        series.append(TrendSeries(
            name=row.name or texts["no_field"],
            colour=row.colour,
            marker=field_marker(number),
            line_style=LINE_STYLES[number % len(LINE_STYLES)],
            shares=tuple(share(cell.ideas, total.ideas) for cell, total in zip(row.cells, counts.totals)),
            counts=tuple(cell.ideas for cell in row.cells),
        ))
    return TrendChart(
        title=texts["title"],
        events=tuple(event_label(column) for column in counts.workshops),
        series=tuple(series),
        value_label=texts["value_label"],
        empty_text=texts["empty_text"],
    )


def event_label(column):
    """"Auftakt (01.09.2026)": the workshop's title and its date, when it has one."""
    if column.event_date is None:
        return column.title
    return f"{column.title} ({column.event_date:%d.%m.%Y})"
