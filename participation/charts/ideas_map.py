"""The 2-D map of a workshop's ideas, coloured by Handlungsfeld.

Readable without the legend: each field's name is written at the middle of its ideas (on a
light box, nudged apart where two names would overlap), each field has a marker shape of
its own besides its colour, and the legend says how many ideas each field holds.
"""

import io
import statistics
import threading

import matplotlib

matplotlib.use("Agg")  # no display; must come before any backend is touched
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from .palette import UNASSIGNED_COLOUR, UNASSIGNED_MARKER, field_marker  # noqa: E402

INK = "#111111"
LABEL_CHARACTERS = 30  # longer field names are shortened on the map (the legend has them whole)
# rc_context changes matplotlib's global rcParams: without the lock, one thread leaving it
# restores the defaults while another is still writing (random ids, text drawn as paths).
_SVG_SETTINGS_LOCK = threading.Lock()


def ideas_map_svg(points, title, unassigned_label, legend_title, fields=None):
    """``points``: (x, y, colour, field name or None) per idea. Returns SVG text.

    ``fields``: the workshop's (name, colour) in their order, so a field keeps its marker
    shape however its ideas move; without it, fields count in order of first appearance.

    Text in the SVG is set with ``svg.fonttype = none`` so labels stay text (searchable,
    crisp) and any markup in a field name is escaped by matplotlib's SVG writer.
    """
    figure = _draw(points, title, unassigned_label, legend_title, fields)
    buffer = io.StringIO()
    with _SVG_SETTINGS_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "participation"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def ideas_map_png(points, title, unassigned_label, legend_title, fields=None, dpi=150):
    """The same map as PNG bytes (for print)."""
    figure = _draw(points, title, unassigned_label, legend_title, fields)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _groups(points, fields):
    """{name: (colour, marker, [(x, y)])} in field order, then the unassigned ideas under None."""
    order = [name for name, _colour in fields or ()]
    colours = dict(fields or ())
    groups = {}
    for x, y, colour, name in points:
        if name is not None and name not in colours:
            colours[name] = colour
            order.append(name)
        groups.setdefault(name, []).append((x, y))
    result = {
        name: (colours[name], field_marker(index), groups[name])
        for index, name in enumerate(order) if name in groups
    }
    if None in groups:
        result[None] = (UNASSIGNED_COLOUR, UNASSIGNED_MARKER, groups[None])
    return result


def _draw(points, title, unassigned_label, legend_title, fields):
    figure = Figure(figsize=(9, 7.5), dpi=100)
    FigureCanvasAgg(figure)  # measures the labels so they can be moved apart
    axes = figure.add_subplot()
    groups = _groups(points, fields)
    size = 46 if len(points) <= 150 else 30  # many ideas: smaller marks, fewer overlaps
    if None in groups:  # underneath: the fields' marks stay visible on top
        _colour, _marker, where = groups[None]
        axes.scatter(*zip(*where), c=UNASSIGNED_COLOUR, marker="o", s=size * 0.45, linewidths=0, alpha=0.7)
    for name, (colour, marker, where) in groups.items():
        if name is not None:
            axes.scatter(*zip(*where), c=colour, marker=marker, s=size, edgecolors=INK, linewidths=0.5, alpha=0.9)
    # Labels are text people typed: "5 $ bis 10 $" is no mathtext (garbled, or a
    # ValueError for "$x^$"). Set per text, as rcParams are shared by all threads.
    axes.set_title(title, fontsize=13, parse_math=False)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.margins(0.08)
    for spine in axes.spines.values():
        spine.set_color("#9aa4b1")
    _field_labels(figure, axes, groups)
    if groups:
        _legend(axes, groups, unassigned_label, legend_title)
    figure.tight_layout()
    return figure


def _field_labels(figure, axes, groups):
    """Each field's name at the median of its ideas, moved up or down until it overlaps
    no name placed before it."""
    renderer = figure.canvas.get_renderer()
    placed = []
    for name, (colour, _marker, where) in groups.items():
        if name is None:
            continue
        x = statistics.median(point[0] for point in where)
        y = statistics.median(point[1] for point in where)
        label = name if len(name) <= LABEL_CHARACTERS else name[:LABEL_CHARACTERS - 1].rstrip() + "…"
        text = axes.annotate(
            label, (x, y), xytext=(0, 0), textcoords="offset points", ha="center", va="center",
            fontsize=10, fontweight="bold", color=INK, parse_math=False, annotation_clip=False,
            # A light box as the halo: path effects would turn the SVG's text into outlines
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.78},
        )
        for offset in (0, 12, -12, 24, -24, 36, -36, 48, -48):
            text.set_position((0, offset))
            box = text.get_window_extent(renderer).expanded(1.05, 1.15)
            if not any(box.overlaps(other) for other in placed):
                break
        placed.append(box)


def _legend(axes, groups, unassigned_label, legend_title):
    handles = [
        Line2D([0], [0], marker=marker if name is not None else "o", linestyle="",
               markerfacecolor=colour, markeredgecolor=INK if name is not None else colour,
               markersize=8 if name is not None else 6, label=f"{name or unassigned_label} ({len(where)})")
        for name, (colour, marker, where) in groups.items()
    ]
    # Below the map, so the map keeps the whole width however long the names are
    legend = axes.legend(handles=handles, title=legend_title, loc="upper center", bbox_to_anchor=(0.5, -0.02),
                         ncols=2 if len(handles) > 4 else 1, frameon=False, fontsize=9)
    for text in (legend.get_title(), *legend.get_texts()):
        text.set_parse_math(False)
