"""The published results as a phone shows them: a table of contents and charts drawn for
a phone's width, whose smallest text is at least 12 CSS px there (issue 15, item 13)."""

import re

import pytest

from factories import build_rich_workshop
from participation.charts.render import render_chart
from participation.charts.specs import BarChart, TimelineChart
from participation.exports.services import set_results_published

QUESTIONS = (
    "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?",
    "Welche konkrete Projektidee haben wir für die Digitalstrategie im Kreis?",
    "Wie könnte uns Technologie helfen, unseren Alltag besser zu gestalten?",
)
IMAGE_WIDTH = 324  # CSS px an image gets on a 390 px phone (page and card padding)


def _smallest_text_px(svg, shown_width):
    """The smallest font size in ``svg`` in CSS px when the image is ``shown_width`` px wide."""
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert sizes, "no text in the chart"
    return min(sizes) * shown_width / view_width


@pytest.mark.parametrize("chart", [
    BarChart("Ideen je Leitfrage", QUESTIONS, (41, 52, 32), None, "Anzahl Ideen", "Noch keine Ideen"),
    BarChart("Ideen je Handlungsfeld", tuple(f"Breitband und digitale Infrastrukturen {n}" for n in range(10)),
             tuple(range(10)), ("#1f5f8b",) * 10, "Anzahl Ideen", "Noch keine Ideen"),
    TimelineChart("Ideen im Verlauf des Abends", tuple(f"19:{m:02d}" for m in range(0, 60, 5)), tuple(range(12)),
                  "Anzahl Ideen", "Uhrzeit", "Noch keine Ideen"),
], ids=["questions", "ten-fields", "timeline"])
def test_phone_charts_stay_readable_on_a_phone(chart):
    phone = render_chart(chart, "svg", size="phone").decode()
    desktop = render_chart(chart, "svg").decode()
    assert _smallest_text_px(phone, IMAGE_WIDTH) >= 12
    assert _smallest_text_px(desktop, IMAGE_WIDTH) < 8  # what phones were shown before
    for label in chart.labels if isinstance(chart, BarChart) else ():
        assert label.split()[0] in phone


def test_unknown_chart_size_is_refused():
    chart = BarChart("Titel", ("a",), (1,), None, "Anzahl", "leer")
    with pytest.raises(ValueError):
        render_chart(chart, "svg", size="poster")


def test_results_page_has_contents_and_phone_charts(app, workshop):
    build_rich_workshop(workshop)
    set_results_published(workshop, True)
    client = app.test_client()
    page = client.get(f"/w/{workshop.code}/results").get_data(as_text=True)

    contents = page[page.index('<nav class="results-toc'):page.index("</nav>", page.index('<nav class="results-toc'))]
    targets = re.findall(r'href="#([^"]+)"', contents)
    assert targets[:2] == ["charts-heading", "fields-heading"]
    fields = [target for target in targets if target.startswith("result-field-")]
    assert fields and all(f'id="{target}"' in page for target in targets)
    assert page.count("Zurück zum Inhalt") == len(fields) + 1

    for name in ("questions", "fields", "timeline", "votes"):
        assert f'<source media="(max-width: 640px)" srcset="/w/{workshop.code}/charts/{name}.svg?size=phone">' in page
        phone = client.get(f"/w/{workshop.code}/charts/{name}.svg?size=phone")
        assert phone.status_code == 200 and phone.mimetype == "image/svg+xml"
        assert _smallest_text_px(phone.get_data(as_text=True), IMAGE_WIDTH) >= 12
    assert client.get(f"/w/{workshop.code}/charts/fields.svg?size=poster").status_code == 404
