"""Drawing the process's trend chart (``trend.TrendChart``) and handing it out as a file.

Lines of the share (%) of each Handlungsfeld from event to event, in the field's colour,
with a marker shape and a line style of its own (they read in black and white), and the
numbers in a table beside the chart on the page. Drawn the way ``charts.render`` draws the
workshop charts (object API, fixed SVG ids, the same fonts and lock), cached until the
counts change.
"""

import textwrap

import matplotlib
from flask_babel import get_locale
from flask_babel import gettext as _

from ..charts.cache import ChartCache
from ..charts.fonts import drawable
from ..charts.render import GRID, INK, drawing, figure_bytes, plain
from .overview import field_counts
from .trend import trend_chart

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

MIMETYPES = {"svg": "image/svg+xml", "png": "image/png"}
# Its own cache, keyed by process id (the workshop charts' cache is keyed by workshop id,
# and the retention job looks those ids up as workshops)
trend_cache = ChartCache(max_entries=64)
LEGEND_COLUMNS = 3


def trend_texts():
    return {
        "title": _("Themen von Veranstaltung zu Veranstaltung"),
        "value_label": _("Anteil der Ideen der Veranstaltung (in Prozent)"),
        "empty_text": _("Noch keine Ideen in den Workshops des Prozesses."),
        "no_field": _("ohne Handlungsfeld"),
    }


_plain = plain  # "$" typed in a name is never mathtext


def _figure(chart):
    rows = -(-len(chart.series) // LEGEND_COLUMNS)
    figure = Figure(figsize=(8, 3.6 + 0.28 * rows), dpi=100)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GRID)
    axes.tick_params(colors=INK, labelsize=9)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    positions = list(range(len(chart.events)))
    has_ideas = any(any(value for value in series.counts) for series in chart.series)
    for series in chart.series:
        values = [float("nan") if value is None else value for value in series.shares]
        axes.plot(positions, values, color=series.colour, marker=series.marker, linestyle=series.line_style,
                  linewidth=2, markersize=7, markeredgecolor=INK, markeredgewidth=0.8, label=drawable(series.name))
    axes.set_xticks(positions)
    axes.set_xticklabels([drawable("\n".join(textwrap.wrap(label, 22)[:3])) for label in chart.events])
    for label in axes.get_xticklabels():
        _plain(label)
    axes.set_xlim(-0.4, max(len(chart.events) - 0.6, 0.4))
    top = max((value for series in chart.series for value in series.shares if value is not None), default=0)
    axes.set_ylim(0, max(10, min(100, top * 1.15)))
    _plain(axes.set_ylabel(chart.value_label, color=INK, fontsize=9))
    if has_ideas:
        legend = axes.legend(frameon=False, fontsize=9, labelcolor=INK, loc="upper left",
                             bbox_to_anchor=(0, -0.18), ncols=LEGEND_COLUMNS, handlelength=3)
        for text in legend.get_texts():
            _plain(text)
    else:
        _plain(axes.text(0.5, 0.5, chart.empty_text, transform=axes.transAxes, ha="center", va="center", color=INK))
    _plain(axes.set_title(chart.title, loc="left", fontsize=12, color=INK, fontweight="bold"))
    return figure


def render_trend(chart, fmt="svg"):
    if fmt not in MIMETYPES:
        raise ValueError(f"unknown chart format {fmt!r}")
    with drawing():
        figure = _figure(chart)
        figure.tight_layout()
        return figure_bytes(figure, fmt)


def process_trend(process, counts=None):
    """The spec of ``process``'s trend chart (from ``counts`` when the caller has them)."""
    return trend_chart(counts or field_counts(process), trend_texts())


def trend_file(process, fmt, counts=None):
    """(bytes, mimetype, file name) of the trend chart, drawn again only when it changed."""
    spec = process_trend(process, counts)
    key = (process.id, "trend", fmt, str(get_locale() or "de"))
    content = trend_cache.get(key, spec, lambda s: render_trend(s, fmt))
    return content, MIMETYPES[fmt], f"{process.slug}-themen-verlauf.{fmt}"
