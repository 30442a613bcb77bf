"""Dots given on phones and on paper as stacked bars, and "Ideen nach Quelle": what the specs
count, what matplotlib draws (the figure's bars and legend), and the PNG/SVG files."""

import io
import xml.etree.ElementTree as ET
from dataclasses import replace

from matplotlib.colors import to_hex
from PIL import Image

from participation.charts import render
from participation.charts.render import render_chart
from participation.charts.specs import (SOURCES_CHART, VOTE_PART_COLOURS, chart_names, ideas_per_source,
                                        votes_per_field)

from charts.test_workshop_charts import TEXTS as BASE_TEXTS, idea, snapshot

TEXTS = {
    **BASE_TEXTS,
    "votes_digital": "Punkte digital", "votes_paper": "Punkte Papier", "votes_total": "Punkte gesamt",
    "votes_split": "%(total)s (%(digital)s digital, %(paper)s Papier)", "votes_hidden": "Punkte verdeckt",
    "chart_sources": "Ideen nach Quelle", "source_phone": "Handy", "source_paper": "Papier",
    "source_import": "Import: %(name)s", "source_import_unnamed": "Import",
}
MIXED = [
    replace(idea(1, 1, 10, votes=3), paper_votes=1),  # a phone idea: 2 digital + 1 sticker dot
    idea(2, 1, 10, votes=2),
    replace(idea(3, 2, 11, votes=5), paper_votes=5, source="paper"),
    replace(idea(4, 2, None, votes=4), paper_votes=4, source="import", source_name="ideen.xlsx"),
]
PHONES_ONLY = [idea(1, 1, 10, votes=3), idea(2, 2, 11, votes=1)]


def test_the_dots_chart_is_stacked_when_paper_dots_exist():
    chart = votes_per_field(snapshot(MIXED), TEXTS)
    assert chart.stacked
    assert chart.labels == ("Mobilität", "Bildung & Schule", "Noch nicht zugeordnet")
    assert chart.values == (5, 5, 4)
    assert chart.parts == ((4, 1), (0, 5), (0, 4))
    assert chart.part_labels == ("Punkte digital", "Punkte Papier")
    assert chart.part_colours == VOTE_PART_COLOURS and len(set(VOTE_PART_COLOURS)) == 2
    assert chart.value_texts == ("5 (4 digital, 1 Papier)", "5 (0 digital, 5 Papier)", "4 (0 digital, 4 Papier)")


def test_without_paper_dots_the_dots_chart_is_as_before():
    chart = votes_per_field(snapshot(PHONES_ONLY), TEXTS)
    assert not chart.stacked and chart.parts == () and chart.values == (3, 1)
    assert chart.value_label == "Punkte"
    hidden = votes_per_field(replace(snapshot(MIXED), votes_hidden=True), TEXTS)
    assert (hidden.labels, hidden.stacked) == ((), False)  # nothing hints at the leaders


def test_the_drawn_figure_has_both_parts_and_a_legend():
    chart = votes_per_field(snapshot(MIXED), TEXTS)
    figure, axes = render._bar_figure(chart)
    bars = [patch for patch in axes.patches]
    digital = [bar for bar in bars if to_hex(bar.get_facecolor()) == VOTE_PART_COLOURS[0]]
    paper = [bar for bar in bars if to_hex(bar.get_facecolor()) == VOTE_PART_COLOURS[1]]
    assert [bar.get_width() for bar in digital] == [4, 0, 0]
    assert [bar.get_width() for bar in paper] == [1, 5, 4]
    assert [bar.get_x() for bar in paper] == [4, 0, 0]  # each paper part starts where its digital part ends
    assert all(bar.get_hatch() for bar in paper) and not any(bar.get_hatch() for bar in digital)
    legend = axes.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["Punkte digital", "Punkte Papier"]
    texts = [text.get_text() for text in axes.texts]
    assert "5 (4 digital, 1 Papier)" in texts


def test_stacked_charts_render_as_png_and_svg_for_desktop_and_phone(tmp_path):
    chart = votes_per_field(snapshot(MIXED), TEXTS)
    for size in ("desktop", "phone"):
        png = render_chart(chart, "png", size)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        colours = {colour for _count, colour in image.getcolors(1 << 20)}
        for hex_colour in VOTE_PART_COLOURS:
            rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
            assert rgb in colours, (size, hex_colour)
        (tmp_path / f"votes-{size}.png").write_bytes(png)
        svg = render_chart(chart, "svg", size).decode()
        ET.fromstring(svg)  # well-formed
        assert "Punkte digital" in svg and "Punkte Papier" in svg
        assert render_chart(chart, "svg", size).decode() == svg  # deterministic for the cache


def test_ideas_by_source_shows_each_source_once_in_order():
    chart = ideas_per_source(snapshot(MIXED), TEXTS)
    assert chart.title == "Ideen nach Quelle"
    assert chart.labels == ("Handy", "Papier", "Import: ideen.xlsx")
    assert chart.values == (2, 1, 1)
    assert len(set(chart.colours)) == 3
    svg = render_chart(chart, "svg").decode()
    assert "Import: ideen.xlsx" in "".join(ET.fromstring(svg).itertext())


def test_the_sources_chart_is_listed_only_for_more_than_one_source():
    assert SOURCES_CHART in chart_names(snapshot(MIXED))
    assert SOURCES_CHART not in chart_names(snapshot(PHONES_ONLY))
    only_paper = [replace(item, source="paper") for item in PHONES_ONLY]
    assert SOURCES_CHART not in chart_names(snapshot(only_paper))
    two_files = [replace(PHONES_ONLY[0], source="import", source_name="a.csv"),
                 replace(PHONES_ONLY[1], source="import", source_name="b.xlsx")]
    assert SOURCES_CHART in chart_names(snapshot(two_files))
