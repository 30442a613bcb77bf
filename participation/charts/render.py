"""Drawing the workshop charts (bar charts and the evening's timeline) with matplotlib.

Object API only (``Figure``, no global figure state): charts are drawn in server threads. Output is
deterministic (no dates, fixed SVG ids) so a cache can compare bytes, and readable in black
and white: every bar carries its number, colours are only a second cue. A stacked bar (dots
given on phones and on paper) hatches its paper part and has a legend.
"""

import io
from contextlib import contextmanager
import textwrap
import threading

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from . import phone  # noqa: E402
from .fonts import drawable, font_families  # noqa: E402
from .specs import BarChart, TimelineChart  # noqa: E402

FORMATS = ("svg", "png")
SIZES = ("desktop", "phone")  # phone: narrow, large type (``charts.phone``)
INK = "#1f2933"
GRID = "#c8ced6"
DEFAULT_BAR = "#1f5f8b"
LABEL_WIDTH = 30  # characters per line of a bar's label
LABEL_LINES = 3
PNG_DPI = 150
MIN_SLOTS = 8
PART_HATCHES = ("", "///")  # the parts of a stacked bar: digital plain, paper hatched
LEGEND_COLUMNS = 4  # a stacked chart's legend wraps after this many parts (groups: up to 60)


def part_hatch(chart, number):
    """The hatch of part ``number`` of a stacked chart (its own, else plain / hatched)."""
    hatches = getattr(chart, "part_hatches", ()) or PART_HATCHES
    return hatches[number % len(hatches)]


def legend_rows(chart, columns):
    return -(-len(chart.part_labels) // columns) if chart.stacked else 0
# rcParams are global: one thread at a time draws and saves with ours set
_DRAW_LOCK = threading.Lock()


def _wrapped(label):
    lines = textwrap.wrap(label, LABEL_WIDTH) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_WIDTH - 1].rstrip() + "…"
    return "\n".join(lines)


def _plain(text_artist):
    # People type "$": labels are never mathtext
    text_artist.set_parse_math(False)
    text_artist.set_text(drawable(text_artist.get_text()))
    return text_artist


plain = _plain  # for charts drawn elsewhere (the process's trend chart)


@contextmanager
def drawing():
    """Build and save a figure inside this: one drawing at a time (matplotlib's state is
    shared), our fonts, text kept as text in SVG and fixed SVG ids (the same bytes for the
    same chart, which the cache and the tests rely on)."""
    settings = {"svg.fonttype": "none", "svg.hashsalt": "participation-charts", "font.family": list(font_families())}
    with _DRAW_LOCK, matplotlib.rc_context(settings):
        yield


def figure_bytes(figure, fmt):
    """``figure`` as SVG or PNG bytes, without the date or software stamps that would make
    two drawings of one chart differ (call inside ``drawing()``)."""
    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _style(axes):
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GRID)
    axes.tick_params(colors=INK, labelsize=9)


def stacked_bars(axes, positions, chart, height, ink):
    """The parts of each bar one after the other (``chart.parts``), a colour and a hatch per
    part (the hatch tells them apart in black and white), and their legend."""
    left = [0] * len(positions)
    for number, (label, colour) in enumerate(zip(chart.part_labels, chart.part_colours)):
        widths = [parts[number] for parts in chart.parts]
        axes.barh(positions, widths, left=left, color=colour, edgecolor=ink, linewidth=0.8, height=height,
                  hatch=part_hatch(chart, number), label=drawable(label))
        left = [start + width for start, width in zip(left, widths)]


def _legend(axes, **placement):
    legend = axes.legend(frameon=False, fontsize=9, labelcolor=INK, **placement)
    for text in legend.get_texts():
        _plain(text)
    return legend


def _bar_figure(chart):
    rows = max(len(chart.labels), 1)
    figure = Figure(figsize=(8, 1.2 + 0.55 * rows + 0.3 * legend_rows(chart, LEGEND_COLUMNS)), dpi=100)
    axes = figure.add_subplot()
    _style(axes)
    positions = list(range(len(chart.labels)))
    colours = list(chart.colours) if chart.colours else [DEFAULT_BAR] * len(chart.values)
    if chart.stacked:
        stacked_bars(axes, positions, chart, 0.62, INK)
        _legend(axes, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(len(chart.part_labels), LEGEND_COLUMNS),
                borderaxespad=0.2)
    else:
        axes.barh(positions, chart.values, color=colours, edgecolor=INK, linewidth=0.8, height=0.62)
    axes.set_yticks(positions)
    axes.set_yticklabels([drawable(_wrapped(label)) for label in chart.labels])
    for label in axes.get_yticklabels():
        _plain(label)
    axes.invert_yaxis()  # first item on top, as read
    top = max(chart.values, default=0)
    axes.set_xlim(0, max(top * 1.15, 1))
    axes.xaxis.get_major_locator().set_params(integer=True)
    value_texts = chart.value_texts or [f"{value}" for value in chart.values]
    for position, value, text in zip(positions, chart.values, value_texts):
        _plain(axes.text(value + top * 0.01 + 0.02, position, text, va="center", ha="left", fontsize=9, color=INK))
    _plain(axes.set_xlabel(chart.value_label, color=INK, fontsize=9))
    if not chart.labels:
        axes.set_yticks([])
        _plain(axes.text(0.5, 0.5, chart.empty_text, transform=axes.transAxes, ha="center", va="center", color=INK))
    return figure, axes


def _timeline_figure(chart):
    figure = Figure(figsize=(8, 3.4), dpi=100)
    axes = figure.add_subplot()
    _style(axes)
    positions = list(range(len(chart.bins)))
    axes.bar(positions, chart.counts, width=0.8, color=DEFAULT_BAR, edgecolor=INK, linewidth=0.6)
    axes.set_xlim(-0.6, max(len(chart.bins), MIN_SLOTS) - 0.4)  # one slot is no wall-wide bar
    step = max(1, len(chart.bins) // 10)
    axes.set_xticks(positions[::step])
    axes.set_xticklabels(chart.bins[::step])
    axes.yaxis.get_major_locator().set_params(integer=True)
    _plain(axes.set_xlabel(chart.time_label, color=INK, fontsize=9))
    _plain(axes.set_ylabel(chart.value_label, color=INK, fontsize=9))
    if not chart.bins:
        axes.set_xticks([])
        _plain(axes.text(0.5, 0.5, chart.empty_text, transform=axes.transAxes, ha="center", va="center", color=INK))
    return figure, axes


def _figure(chart, size):
    bar = isinstance(chart, BarChart)
    if size == "phone":
        if bar:
            return phone.bar_figure(chart, _style, _plain, INK, DEFAULT_BAR)
        return phone.timeline_figure(chart, _style, _plain, INK, DEFAULT_BAR, MIN_SLOTS)
    return _bar_figure(chart) if bar else _timeline_figure(chart)


def render_chart(chart, fmt="svg", size="desktop"):
    """``chart`` (a spec from ``charts.specs``) as SVG or PNG bytes, for a page or export
    (``size="desktop"``) or a phone's screen (``"phone"``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    if size not in SIZES:
        raise ValueError(f"unknown chart size {size!r}")
    if not isinstance(chart, (BarChart, TimelineChart)):
        raise TypeError(f"not a chart: {chart!r}")
    with drawing():
        figure, axes = _figure(chart, size)
        if size != "phone":  # the phone's charts are laid out, titles included, by ``charts.phone``
            # a stacked chart's legend sits between the title and the bars
            _plain(axes.set_title(chart.title, loc="left", fontsize=12, color=INK, fontweight="bold",
                                  pad=6 + 18 * legend_rows(chart, LEGEND_COLUMNS) if getattr(chart, "stacked", False) else 6))
            figure.tight_layout()
        return figure_bytes(figure, fmt)
