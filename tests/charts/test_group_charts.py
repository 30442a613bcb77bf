"""Charts of group work: "Ideen je Gruppe" and "Ideen je Handlungsfeld nach Gruppe"
(stacked), only for a workshop with groups; what the specs count, what matplotlib draws,
and the PNG/SVG files for desktop and phone."""

import io
import xml.etree.ElementTree as ET

from matplotlib.colors import to_hex
from PIL import Image

from participation.charts import render
from participation.charts.render import render_chart
from participation.charts.specs import (GROUP_CHARTS, UNASSIGNED_COLOUR, chart_names, group_colour,
                                        ideas_per_field_by_group, ideas_per_group)
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts

from group_world import EXPECTED, build_group_workshop

SHOTS = "/tmp/shots-downstream"


def test_group_charts_only_for_a_workshop_with_groups(workshop):
    from helpers import make_participant, post_idea

    post_idea(workshop, make_participant(workshop, "ole"), "Mehr Bänke am Deich")
    assert not set(GROUP_CHARTS) & set(chart_names(workshop_snapshot(workshop)))
    build_group_workshop(workshop)
    assert chart_names(workshop_snapshot(workshop))[-2:] == GROUP_CHARTS


def test_ideas_per_group_counts_and_names_the_promoted(workshop):
    build_group_workshop(workshop)
    chart = ideas_per_group(workshop_snapshot(workshop), export_texts())
    assert chart.title == "Ideen je Gruppe"
    assert chart.labels == ("1 Tisch Nord", "2 Tisch Süd", "3 Online-Raum", "ohne Gruppe")
    assert chart.values == (2, 3, 1, 2)
    assert chart.value_texts == ("2", "3 (2 im Plenum)", "1", "2")
    assert chart.colours == (group_colour(1), group_colour(2), group_colour(3), UNASSIGNED_COLOUR)


def test_ideas_per_field_split_by_group(workshop):
    build_group_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    chart = ideas_per_field_by_group(snapshot, export_texts())
    assert chart.stacked and chart.part_labels == ("1 Tisch Nord", "2 Tisch Süd", "3 Online-Raum", "ohne Gruppe")
    assert len(set(chart.part_colours)) == 4
    assert len(set(chart.part_hatches[:3])) == 3  # each group its own hatch; no group: grey, plain
    # every bar's parts add up to the bar, and every idea is counted once
    assert all(sum(parts) == value for parts, value in zip(chart.parts, chart.values))
    assert sum(chart.values) == len(EXPECTED)
    mobility = chart.labels.index(next(field.name for field in snapshot.fields if "Mobilität" in field.name))
    assert chart.parts[mobility][0] == 2  # both ideas of Tisch Nord were moved there
    by_group = [sum(parts[number] for parts in chart.parts) for number in range(4)]
    assert by_group == [2, 3, 1, 2]


def test_the_drawn_stacked_chart_has_a_part_per_group_and_a_legend(workshop):
    build_group_workshop(workshop)
    chart = ideas_per_field_by_group(workshop_snapshot(workshop), export_texts())
    _figure, axes = render._bar_figure(chart)
    colours = [to_hex(bar.get_facecolor()) for bar in axes.patches]
    for colour in chart.part_colours:
        assert colour in colours
    hatched = {bar.get_hatch() for bar in axes.patches}
    assert len(hatched) >= 3  # told apart in black and white too
    assert [text.get_text() for text in axes.get_legend().get_texts()] == list(chart.part_labels)


def test_group_charts_render_as_png_and_svg_for_desktop_and_phone(workshop):
    import os

    build_group_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    os.makedirs(SHOTS, exist_ok=True)
    for build in (ideas_per_group, ideas_per_field_by_group):
        chart = build(snapshot, export_texts())
        for size in ("desktop", "phone"):
            png = render_chart(chart, "png", size)
            image = Image.open(io.BytesIO(png)).convert("RGB")
            colours = {colour for _count, colour in image.getcolors(1 << 20)}
            for hex_colour in (group_colour(1), group_colour(2)):
                assert tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)) in colours, (build, size)
            with open(f"{SHOTS}/chart-{build.__name__}-{size}.png", "wb") as file:
                file.write(png)
            ET.fromstring(render_chart(chart, "svg", size).decode())  # well-formed


def test_many_groups_wrap_the_legend(workshop):
    """Twelve tables: the legend wraps into rows instead of running off the picture."""
    from participation.groups.services import add_groups

    build_group_workshop(workshop)
    add_groups(workshop, 9)
    chart = ideas_per_field_by_group(workshop_snapshot(workshop), export_texts())
    assert len(chart.part_labels) == 13
    _figure, axes = render._bar_figure(chart)
    assert axes.get_legend()._ncols == render.LEGEND_COLUMNS
    png = render_chart(chart, "png")
    with open(f"{SHOTS}/chart-many-groups.png", "wb") as file:
        file.write(png)
    with open(f"{SHOTS}/chart-many-groups-phone.png", "wb") as file:
        file.write(render_chart(chart, "png", "phone"))
