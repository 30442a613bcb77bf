"""The 2-D map of a workshop's ideas, coloured by Handlungsfeld."""

import io
import threading

import matplotlib

matplotlib.use("Agg")  # no display; must come before any backend is touched
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

UNASSIGNED_COLOUR = "#6b7280"
# rc_context changes matplotlib's global rcParams: without the lock, one thread leaving it
# restores the defaults while another is still writing (random ids, text drawn as paths).
_SVG_SETTINGS_LOCK = threading.Lock()


def ideas_map_svg(points, title, unassigned_label, legend_title):
    """``points``: (x, y, colour, field name or None) per idea. Returns SVG text.

    Text in the SVG is set with ``svg.fonttype = none`` so labels stay text (searchable,
    crisp) and any markup in a field name is escaped by matplotlib's SVG writer.
    """
    figure = Figure(figsize=(8, 5.5), dpi=100)
    axes = figure.add_subplot()
    legend = {}
    for x, y, colour, name in points:
        label = name or unassigned_label
        legend.setdefault(label, colour if name else UNASSIGNED_COLOUR)
    if points:
        axes.scatter(
            [p[0] for p in points], [p[1] for p in points],
            c=[p[2] if p[3] else UNASSIGNED_COLOUR for p in points],
            s=46, edgecolors="#111111", linewidths=0.6,
        )
    # Labels are text people typed: "5 $ bis 10 $" is no mathtext (garbled, or a
    # ValueError for "$x^$"). Set per text, as rcParams are shared by all threads.
    axes.set_title(title, fontsize=13, parse_math=False)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_color("#9aa4b1")
    if legend:
        handles = [
            Line2D([0], [0], marker="o", linestyle="", markerfacecolor=colour, markeredgecolor="#111111", markersize=8, label=label)
            for label, colour in legend.items()
        ]
        legend_box = axes.legend(handles=handles, title=legend_title, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=9)
        for text in (legend_box.get_title(), *legend_box.get_texts()):
            text.set_parse_math(False)
    figure.tight_layout()
    buffer = io.StringIO()
    with _SVG_SETTINGS_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "participation"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()
