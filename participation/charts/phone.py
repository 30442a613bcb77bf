"""The workshop charts drawn for a phone: narrow, large type, labels above their bars.

The desktop charts are 8 inches wide; a 390 px phone shows them at less than half size,
and their 9 pt labels shrink to about 5 px. These are 3.6 inches wide (about the width a
phone gives an image) with 11 pt text, so labels stay at 13 CSS px or more, and a bar's
label (a long question, a field's name) gets the full width above the bar instead of a
column beside it. Called by ``render`` with the same specs; no Flask here either.
"""

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .fonts import drawable

WIDTH = 3.6  # inches
FONT = 11  # points; at 3.6 in shown 320-360 px wide: 13-15 CSS px
TITLE_FONT = 13
LABEL_WIDTH = 34  # characters per line of a label above its bar
LABEL_LINES = 3
LINE = 0.2  # inches per line of label text
BAR = 0.26  # inches: a bar's thickness
GAP = 0.14  # inches between a bar and the next label
TITLE_WIDTH = 30  # characters per line of the title
BOTTOM = 0.6  # inches below the last bar (the axis and its label)
LEGEND = 0.34  # inches under the title for a stacked chart's legend
PART_HATCHES = ("", "///")  # as ``render.PART_HATCHES``: digital plain, paper hatched
LEGEND_COLUMNS = 2  # a legend of more parts (groups) wraps into rows of two
LEGEND_ROW = 0.24  # inches for each further row of the legend


def _hatch(chart, number):
    hatches = getattr(chart, "part_hatches", ()) or PART_HATCHES
    return hatches[number % len(hatches)]


def _legend_columns(chart):
    return len(chart.part_labels) if len(chart.part_labels) <= LEGEND_COLUMNS else LEGEND_COLUMNS


def _wrapped_lines(label):
    lines = textwrap.wrap(label, LABEL_WIDTH) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_WIDTH - 1].rstrip() + "…"
    return lines


def _title(figure, chart, plain, ink, height):
    """The title across the whole width, top left (``title_height`` inches)."""
    lines = textwrap.wrap(chart.title, TITLE_WIDTH) or [""]
    plain(figure.text(0.12 / WIDTH, 1 - 0.1 / height, "\n".join(lines), va="top", ha="left",
                      fontsize=TITLE_FONT, fontweight="bold", color=ink))


def title_height(chart):
    """Inches above the plot: the title's lines and some air."""
    return 0.3 + 0.24 * len(textwrap.wrap(chart.title, TITLE_WIDTH) or [""])


def bar_figure(chart, style, plain, ink, default_bar):
    """A horizontal bar per label, its label on the line(s) above; y runs in inches."""
    labels = [_wrapped_lines(drawable(label)) for label in chart.labels]
    rows = sum(len(lines) * LINE + BAR + GAP for lines in labels) or 0.8
    stacked = getattr(chart, "stacked", False)
    legend = LEGEND + LEGEND_ROW * (-(-len(chart.part_labels) // _legend_columns(chart)) - 1) if stacked else 0
    height = title_height(chart) + legend + rows + BOTTOM
    figure = Figure(figsize=(WIDTH, height), dpi=100)
    _title(figure, chart, plain, ink, height)
    left, right = 0.12, 0.15
    axes = figure.add_axes((left / WIDTH, BOTTOM / height, (WIDTH - left - right) / WIDTH, rows / height))
    style(axes)
    axes.tick_params(labelsize=FONT)
    axes.set_ylim(rows, 0)  # first item on top, as read
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    top = max(chart.values, default=0)
    axes.set_xlim(0, max(top * 1.18, 1))  # room for the number beside the longest bar
    axes.xaxis.get_major_locator().set_params(integer=True, nbins=4)
    colours = list(chart.colours) if chart.colours else [default_bar] * len(chart.values)
    y = 0.0
    for number, (lines, value, colour) in enumerate(zip(labels, chart.values, colours)):
        plain(axes.text(0, y, "\n".join(lines), va="top", ha="left", fontsize=FONT, color=ink, linespacing=1.1))
        y += len(lines) * LINE
        if stacked:
            _stacked_bar(axes, chart, number, y + BAR / 2, ink)
        else:
            axes.barh(y + BAR / 2, value, height=BAR, color=colour, edgecolor=ink, linewidth=0.8)
        # the number beside the bar, outside the axes if need be (clip off): never on the colour
        plain(axes.annotate(f"{value}", (value, y + BAR / 2), xytext=(4, 0), textcoords="offset points",
                            va="center", ha="left", fontsize=FONT, color=ink, annotation_clip=False))
        y += BAR + GAP
    plain(axes.set_xlabel(chart.value_label, color=ink, fontsize=FONT))
    if not chart.labels:
        plain(axes.text(0.5, 0.5, chart.empty_text, transform=axes.transAxes, ha="center", va="center",
                        color=ink, fontsize=FONT))
    if stacked:  # under the title, across the width
        handles = [Patch(facecolor=colour, edgecolor=ink, linewidth=0.8, hatch=_hatch(chart, number),
                         label=drawable(label))
                   for number, (label, colour) in enumerate(zip(chart.part_labels, chart.part_colours))]
        placed = figure.legend(handles=handles, loc="upper left", ncols=_legend_columns(chart), frameon=False,
                               fontsize=FONT - 1, labelcolor=ink, borderaxespad=0, handlelength=1.4,
                               bbox_to_anchor=(left / WIDTH, 1 - title_height(chart) / height))
        for text in placed.get_texts():
            plain(text)
    return figure, axes


def _stacked_bar(axes, chart, number, y, ink):
    """One bar in its parts (``chart.parts[number]``), one after the other."""
    start = 0
    for part, (width, colour) in enumerate(zip(chart.parts[number], chart.part_colours)):
        axes.barh(y, width, left=start, height=BAR, color=colour, edgecolor=ink, linewidth=0.8,
                  hatch=_hatch(chart, part))
        start += width


def timeline_figure(chart, style, plain, ink, default_bar, min_slots):
    height = 2.8 + title_height(chart)
    figure = Figure(figsize=(WIDTH, height), dpi=100)
    _title(figure, chart, plain, ink, height)
    axes = figure.add_subplot()
    style(axes)
    axes.tick_params(labelsize=FONT)
    positions = list(range(len(chart.bins)))
    axes.bar(positions, chart.counts, width=0.8, color=default_bar, edgecolor=ink, linewidth=0.6)
    axes.set_xlim(-0.6, max(len(chart.bins), min_slots) - 0.4)
    step = max(1, -(-len(chart.bins) // 4))  # at most four times under the axis: "19:05" at 11 pt
    axes.set_xticks(positions[::step])
    axes.set_xticklabels(chart.bins[::step])
    axes.yaxis.get_major_locator().set_params(integer=True, nbins=4)
    plain(axes.set_xlabel(chart.time_label, color=ink, fontsize=FONT))
    plain(axes.set_ylabel(chart.value_label, color=ink, fontsize=FONT))
    if not chart.bins:
        axes.set_xticks([])
        plain(axes.text(0.5, 0.5, chart.empty_text, transform=axes.transAxes, ha="center", va="center",
                        color=ink, fontsize=FONT))
    figure.tight_layout(rect=(0, 0, 1, 1 - title_height(chart) / height))
    return figure, axes
