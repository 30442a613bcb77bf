"""The idea map: matplotlib's object API to SVG text, for any number of points."""

import math
import random
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from participation.charts.ideas_map import _draw as _draw_figure
from participation.charts.ideas_map import ideas_map_png, ideas_map_svg
from participation.charts.palette import FIELD_PALETTE, UNASSIGNED_COLOUR

REPO_ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
TITLE = "Ideen nach Ähnlichkeit, gefärbt nach Handlungsfeld"
UNASSIGNED = "Noch nicht zugeordnet"
LEGEND = "Handlungsfeld"
FIELDS = [
    ("Mobilität", "#c2410c"),
    ("Breitband & Infrastruktur", "#0f766e"),
    ("Gesundheit & Pflege", "#9f1239"),
    ("Bildung", "#1d4ed8"),
]


def _draw(points):
    return ideas_map_svg(points, title=TITLE, unassigned_label=UNASSIGNED, legend_title=LEGEND)


def _undated(svg):
    """The SVG without its creation time (matplotlib's metadata)."""
    return re.sub(r"<dc:date>[^<]*</dc:date>", "", svg)


def _parse(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    texts = ["".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")]
    return root, texts


def _split(texts):
    """(names written on the map, legend entries) of the SVG's texts."""
    if LEGEND not in texts:
        return [text for text in texts if text != TITLE], []
    legend_at = texts.index(LEGEND)
    return [text for text in texts[:legend_at] if text != TITLE], texts[legend_at + 1:]


def _markers(root):
    """Number of scatter markers: matplotlib draws them as <use> of one path."""
    return len(list(root.iter(f"{SVG}use")))


def test_no_points():
    svg = _draw([])
    assert isinstance(svg, str)
    root, texts = _parse(svg)
    assert texts == [TITLE]  # no legend without ideas
    assert _markers(root) == 0


def test_one_point():
    root, texts = _parse(_draw([(0.25, -0.5, "#c2410c", "Mobilität")]))
    assert TITLE in texts
    assert _split(texts) == (["Mobilität"], ["Mobilität (1)"])
    assert "#c2410c" in ET.tostring(root, encoding="unicode")


def test_many_points_with_unassigned_ones():
    points = [
        (math.cos(n / 7), math.sin(n / 3), *(FIELDS[n % 5] if n % 5 < 4 else (None, None))[::-1])
        for n in range(200)
    ]
    points = [(x, y, colour or "#123456", name) for x, y, colour, name in points]
    svg = _draw(points)
    root, texts = _parse(svg)
    labels, legend = _split(texts)
    # each field once in the legend with its count, in order of first appearance; the unassigned grey
    assert legend == ["Mobilität (40)", "Breitband & Infrastruktur (40)", "Gesundheit & Pflege (40)",
                      "Bildung (40)", f"{UNASSIGNED} (40)"]
    assert sorted(labels) == sorted(name for name, _colour in FIELDS)  # unassigned ideas get no name
    for _, colour in FIELDS:
        assert colour in svg
    assert UNASSIGNED_COLOUR in svg
    assert "#123456" not in svg  # an unassigned idea is grey whatever colour it came with


def test_only_unassigned_points():
    root, texts = _parse(_draw([(0.0, 0.0, "#6b7280", None), (1.0, 1.0, "#6b7280", None), (0.5, 0.2, "#6b7280", None)]))
    assert _split(texts) == ([], [f"{UNASSIGNED} (3)"])


def test_identical_points_and_a_single_coordinate():
    for points in ([(0.0, 0.0, "#c2410c", "Mobilität")] * 5, [(3.0, 3.0, "#c2410c", "Mobilität"), (3.0, 3.0, "#6b7280", None)]):
        _, texts = _parse(_draw(points))
        assert "Mobilität" in _split(texts)[0]


# DejaVu Sans has no emoji: matplotlib warns while measuring; the SVG keeps them as text.
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font:UserWarning")
@pytest.mark.parametrize("name", [
    "<script>x</script>",
    "Kultur, Freizeit & Ehrenamt",
    'Ärzte "vor Ort" 🩺',
    "Budget: 5 $ bis 10 $",
    "Kosten $x^$ und \\frac",
    "Unter_strich {geschweift} %d %(name)s",
])
def test_labels_stay_the_text_people_typed(name):
    svg = _draw([(0.1, 0.2, "#1d4ed8", name), (0.3, 0.1, "#6b7280", None)])
    root, texts = _parse(svg)
    labels, legend = _split(texts)
    assert f"{name} (1)" in legend
    assert labels == [name if len(name) <= 30 else name[:29].rstrip() + "…"]
    assert not [element for element in root.iter() if element.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert "<script>" not in svg


def test_title_and_legend_title_are_plain_text_too():
    _, texts = _parse(ideas_map_svg([(0.0, 1.0, "#1d4ed8", "Bildung"), (0.0, 0.0, "#000000", None)],
                                    title="Karte $a^$", unassigned_label="ohne $", legend_title="Feld $^$"))
    assert texts == ["Bildung", "Karte $a^$", "Feld $^$", "Bildung (1)", "ohne $ (1)"]


def test_same_points_give_the_same_svg():
    points = [(n / 10, (n * 7 % 11) / 10, *FIELDS[n % 4][::-1]) for n in range(30)]
    assert _undated(_draw(points)) == _undated(_draw(list(points)))


def test_safe_to_draw_from_several_threads():
    points = [(n / 10, (n * 3 % 7) / 10, *FIELDS[n % 4][::-1]) for n in range(40)]
    expected = _undated(_draw(points))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: _undated(_draw(points)), range(8)))
    assert all(result == expected for result in results)


def test_pyplot_is_never_imported():
    """pyplot keeps global figure state and picks a GUI backend: not for a web server."""
    code = (
        "import sys\n"
        "from participation.charts.ideas_map import ideas_map_svg\n"
        "svg = ideas_map_svg([(0.0, 0.0, '#1d4ed8', 'Bildung'), (1.0, 1.0, '#6b7280', None)], 'T', 'U', 'L')\n"
        "assert svg.lstrip().startswith('<?xml')\n"
        "print(sorted(name for name in sys.modules if name == 'matplotlib.pyplot' or name.startswith('matplotlib.pyplot.')))\n"
        "import matplotlib\n"
        "print(matplotlib.get_backend().lower())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    modules, backend = result.stdout.splitlines()[-2:]
    assert modules == "[]"
    assert backend == "agg"


# --- readable: names on the map, a shape per field ------------------------------------------

TEN_FIELDS = [(f"Handlungsfeld {n}", FIELD_PALETTE[n]) for n in range(10)]


def _crowded_points(count=300):
    """Ten fields whose ideas lie close together (names would collide), some unassigned."""
    chance = random.Random(12)
    centres = [(n % 4 * 0.3, n // 4 * 0.25) for n in range(10)]
    points = []
    for number in range(count):
        if number % 9 == 0:
            points.append((chance.uniform(-0.5, 1.5), chance.uniform(-0.5, 1.0), UNASSIGNED_COLOUR, None))
            continue
        field = number % 10
        x, y = centres[field]
        points.append((chance.gauss(x, 0.08), chance.gauss(y, 0.08), *TEN_FIELDS[field][::-1]))
    return points


def test_every_field_is_named_at_the_middle_of_its_ideas_without_overlaps():
    points = _crowded_points()
    figure = _draw_figure(points, TITLE, UNASSIGNED, LEGEND, TEN_FIELDS)
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    labels = {text.get_text(): text for text in axes.texts}
    assert sorted(labels) == sorted(name for name, _colour in TEN_FIELDS)
    for name, text in labels.items():
        mine = [(x, y) for x, y, _colour, field in points if field == name]
        assert text.xy == (statistics.median(p[0] for p in mine), statistics.median(p[1] for p in mine))
        assert text.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0)  # the halo
    boxes = [text.get_window_extent(renderer) for text in labels.values()]
    overlapping = [(a, b) for index, a in enumerate(boxes) for b in boxes[index + 1:] if a.overlaps(b)]
    assert not overlapping


def _marker_shapes(svg):
    """The distinct marker outlines of the map's scatter plots (not the legend's)."""
    root = ET.fromstring(svg)
    return {
        path.get("d") for group in root.iter(f"{SVG}g") if (group.get("id") or "").startswith("PathCollection")
        for defs in group.iter(f"{SVG}defs") for path in defs.iter(f"{SVG}path")
    }


def test_each_field_has_a_marker_shape_of_its_own():
    points = [(n * 0.1, (n * 7 % 12) * 0.1, FIELD_PALETTE[n % 12], f"Feld {n % 12}") for n in range(48)]
    assert len(_marker_shapes(_draw(points))) == 12
    assert len(_marker_shapes(_draw(points[:3]))) == 3


def test_a_field_keeps_its_shape_when_the_fields_before_it_have_no_ideas():
    fields = [("Mobilität", FIELD_PALETTE[0]), ("Bildung", FIELD_PALETTE[1]), ("Pflege", FIELD_PALETTE[2])]
    only_care = [(0.0, 0.0, FIELD_PALETTE[2], "Pflege"), (1.0, 1.0, FIELD_PALETTE[2], "Pflege")]
    all_three = [*only_care, (0.5, 0.5, FIELD_PALETTE[0], "Mobilität"), (0.2, 0.5, FIELD_PALETTE[1], "Bildung")]
    alone = _marker_shapes(ideas_map_svg(only_care, TITLE, UNASSIGNED, LEGEND, fields=fields))
    together = _marker_shapes(ideas_map_svg(all_three, TITLE, UNASSIGNED, LEGEND, fields=fields))
    assert len(alone) == 1 and alone < together
    _, texts = _parse(ideas_map_svg(all_three, TITLE, UNASSIGNED, LEGEND, fields=list(reversed(fields))))
    assert _split(texts)[1] == ["Pflege (2)", "Bildung (1)", "Mobilität (1)"]  # the workshop's order


def test_the_map_as_png():
    png = ideas_map_png(_crowded_points(), TITLE, UNASSIGNED, LEGEND, fields=TEN_FIELDS)
    assert png.startswith(b"\x89PNG")
