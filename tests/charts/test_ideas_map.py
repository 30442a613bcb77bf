"""The idea map: matplotlib's object API to SVG text, for any number of points."""

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from participation.charts.ideas_map import UNASSIGNED_COLOUR, ideas_map_svg

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
    assert texts == [TITLE, LEGEND, "Mobilität"]
    assert "#c2410c" in ET.tostring(root, encoding="unicode")


def test_many_points_with_unassigned_ones():
    points = [
        (math.cos(n / 7), math.sin(n / 3), *(FIELDS[n % 5] if n % 5 < 4 else (None, None))[::-1])
        for n in range(200)
    ]
    points = [(x, y, colour or "#123456", name) for x, y, colour, name in points]
    svg = _draw(points)
    root, texts = _parse(svg)
    assert texts[:2] == [TITLE, LEGEND]
    # each field once in the legend, in order of first appearance; the unassigned grey
    assert texts[2:] == ["Mobilität", "Breitband & Infrastruktur", "Gesundheit & Pflege", "Bildung", UNASSIGNED]
    for _, colour in FIELDS:
        assert colour in svg
    assert UNASSIGNED_COLOUR in svg
    assert "#123456" not in svg  # an unassigned idea is grey whatever colour it came with


def test_only_unassigned_points():
    root, texts = _parse(_draw([(0.0, 0.0, "#6b7280", None), (1.0, 1.0, "#6b7280", None), (0.5, 0.2, "#6b7280", None)]))
    assert texts == [TITLE, LEGEND, UNASSIGNED]


def test_identical_points_and_a_single_coordinate():
    for points in ([(0.0, 0.0, "#c2410c", "Mobilität")] * 5, [(3.0, 3.0, "#c2410c", "Mobilität"), (3.0, 3.0, "#6b7280", None)]):
        _, texts = _parse(_draw(points))
        assert "Mobilität" in texts


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
    assert name in texts
    assert not [element for element in root.iter() if element.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert "<script>" not in svg


def test_title_and_legend_title_are_plain_text_too():
    _, texts = _parse(ideas_map_svg([(0.0, 1.0, "#1d4ed8", "Bildung")], title="Karte $a^$", unassigned_label="ohne $", legend_title="Feld $^$"))
    assert texts[:2] == ["Karte $a^$", "Feld $^$"]


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
