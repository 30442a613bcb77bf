"""Workshop charts: what they count, how they draw, and that the cache draws only on change."""

import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from participation.charts.cache import ChartCache
from participation.charts.render import render_chart
from participation.charts.specs import BarChart, TimelineChart, field_questions, overview_charts, timeline
from participation.exports.rows import FieldRow, IdeaRow, QuestionRow, WorkshopSnapshot

TEXTS = {
    "chart_questions": "Ideen je Leitfrage",
    "chart_fields": "Ideen je Handlungsfeld",
    "chart_votes": "Punkte je Handlungsfeld",
    "chart_timeline": "Ideen im Verlauf des Abends",
    "chart_field_questions": "%(field)s: Ideen je Leitfrage",
    "chart_time": "Uhrzeit",
    "chart_empty": "Noch keine Ideen",
    "ideas_count": "Anzahl Ideen",
    "votes": "Punkte",
    "unassigned": "Noch nicht zugeordnet",
}
SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2026, 11, 20, 18, 2, tzinfo=timezone.utc)  # 19:02 in Berlin


def idea(number, question, field=None, votes=0, minutes=0):
    return IdeaRow(
        id=number, question_id=question, question=f"Frage {question}", text=f"Idee {number}", votes=votes,
        nickname=None, created_at=START + timedelta(minutes=minutes), field_id=field,
        field_name=None, score=None, terms=(), confirmed=False,
    )


def snapshot(ideas, field_names=("Mobilität", "Bildung & Schule")):
    questions = (QuestionRow(1, 0, "Was fehlt Ihnen im Alltag in Büsum?"), QuestionRow(2, 1, "Wovon träumen Sie 💭?"))
    fields = tuple(
        FieldRow(id=10 + n, position=n, name=name, description="", keywords=(), colour="#1d4ed8", terms=(),
                 ideas=tuple(i for i in ideas if i.field_id == 10 + n))
        for n, name in enumerate(field_names)
    )
    return WorkshopSnapshot(
        id=1, code="ABC234", title="Dithmarschen Digital", event_date=None, place="Heide", description="",
        questions=questions, fields=fields, unassigned=tuple(i for i in ideas if i.field_id is None), ideas=tuple(ideas),
    )


IDEAS = [idea(1, 1, 10, votes=3, minutes=0), idea(2, 1, 10, votes=1, minutes=4), idea(3, 2, 11, minutes=31),
         idea(4, 2, None, votes=2, minutes=33), idea(5, 1, 11, minutes=62)]


def test_overview_charts_count_ideas_and_votes():
    questions, fields, times, votes = overview_charts(snapshot(IDEAS), TEXTS)
    assert questions.values == (3, 2)
    assert fields.labels == ("Mobilität", "Bildung & Schule", "Noch nicht zugeordnet")
    assert fields.values == (2, 2, 1)
    assert votes.values == (4, 0, 2)
    assert sum(times.counts) == 5
    assert times.bins[0] == "19:00"  # Berlin time, slot start on a round minute


def test_timeline_slots_fit_the_evening():
    chart = timeline(snapshot(IDEAS), TEXTS)
    assert len(chart.bins) == len(chart.counts) <= 16
    assert chart.bins == ("19:00", "19:05", "19:10", "19:15", "19:20", "19:25", "19:30", "19:35",
                          "19:40", "19:45", "19:50", "19:55", "20:00")
    assert chart.counts[:2] == (1, 1) and chart.counts[6] == chart.counts[7] == 1 and chart.counts[-1] == 1
    days = [idea(n, 1, minutes=n * 24 * 60) for n in range(4)]
    assert "." in timeline(snapshot(days), TEXTS).bins[0]  # several days: the date is shown


def test_timeline_writes_times_the_way_the_export_language_does():
    english = {**TEXTS, "locale": "en"}
    assert timeline(snapshot(IDEAS), {**TEXTS, "locale": "de"}) == timeline(snapshot(IDEAS), TEXTS)  # German: as ever
    bins = [label.replace("\u202f", " ") for label in timeline(snapshot(IDEAS), english).bins]
    assert bins[:3] == ["7:00 PM", "7:05 PM", "7:10 PM"] and bins[-1] == "8:00 PM"
    days = [idea(n, 1, minutes=n * 24 * 60) for n in range(4)]
    assert timeline(snapshot(days), TEXTS).bins[:2] == ("20.11. 12:00", "21.11. 00:00")
    english_days = timeline(snapshot(days), english).bins
    assert [label.replace("\u202f", " ") for label in english_days[:2]] == ["11/20 12:00 PM", "11/21 12:00 AM"]
    words = _texts_of(render_chart(timeline(snapshot(days), english), "svg"))
    assert "11/20" in words and "PM" in words and "\u25a1" not in words  # no box for U+202F


def test_field_chart_counts_per_question():
    snap = snapshot(IDEAS)
    chart = field_questions(snap, snap.fields[1], TEXTS)
    assert chart.title == "Bildung & Schule: Ideen je Leitfrage"
    assert chart.values == (1, 1)


def _texts_of(svg_bytes):
    root = ET.fromstring(svg_bytes)
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def test_svg_keeps_labels_as_text_and_is_deterministic():
    chart = overview_charts(snapshot(IDEAS, ("Kosten: 5 $ bis 10 $", "<script>alert(1)</script>")), TEXTS)[1]
    svg = render_chart(chart, "svg")
    assert svg == render_chart(chart, "svg")
    words = _texts_of(svg)
    assert "5 $ bis 10 $" in words and "<script>alert(1)</script>" in words
    assert b"<script" not in svg  # escaped by the SVG writer


def test_png_is_an_image():
    image = Image.open(io.BytesIO(render_chart(overview_charts(snapshot(IDEAS), TEXTS)[0], "png")))
    assert image.format == "PNG" and image.width > 800


@pytest.mark.parametrize("ideas", [[], [idea(1, 1)]])
def test_empty_and_single_idea_workshops_draw(ideas):
    for chart in overview_charts(snapshot(ideas), TEXTS):
        assert render_chart(chart, "svg").startswith(b"<?xml")


def test_long_labels_are_wrapped_and_shortened():
    long_name = "Digitale Daseinsvorsorge und Teilhabe für alle Generationen in allen Ämtern und Gemeinden des Kreises"
    chart = overview_charts(snapshot(IDEAS, (long_name, "Bildung")), TEXTS)[1]
    words = _texts_of(render_chart(chart, "svg"))
    assert "Digitale Daseinsvorsorge und" in words and "…" in words


def test_unknown_format_and_non_charts_are_refused():
    with pytest.raises(ValueError):
        render_chart(overview_charts(snapshot(IDEAS), TEXTS)[0], "gif")
    with pytest.raises(TypeError):
        render_chart("Ideen", "svg")


def test_cache_draws_again_only_when_the_data_changes():
    cache = ChartCache(max_entries=3)
    drawn = []

    def draw(spec):
        drawn.append(spec)
        return repr(spec).encode()

    first = BarChart("T", ("a",), (1,), None, "n", "leer")
    assert cache.get((1, "fields", "svg", "de"), first, draw) == cache.get((1, "fields", "svg", "de"), first, draw)
    assert len(drawn) == 1
    changed = BarChart("T", ("a",), (2,), None, "n", "leer")
    cache.get((1, "fields", "svg", "de"), changed, draw)
    assert len(drawn) == 2
    for workshop_id in (2, 3, 4):  # bounded: the oldest entry goes
        cache.get((workshop_id, "fields", "svg", "de"), first, draw)
    assert len(cache) == 3
    cache.forget(4)
    assert len(cache) == 2


def test_timeline_spec_is_hashable_and_comparable():
    one, two = timeline(snapshot(IDEAS), TEXTS), timeline(snapshot(IDEAS), TEXTS)
    assert isinstance(one, TimelineChart) and one == two


def test_characters_no_font_has_become_a_box_not_a_warning():
    from participation.charts.fonts import MISSING, drawable

    assert drawable("Büsum ß € – „Zitat“") == "Büsum ß € – „Zitat“"
    assert drawable("\U000e0001x") == MISSING + "x"  # a tag character: in no font
    chart = overview_charts(snapshot(IDEAS, ("Mobilität \U000e0001", "Bildung")), TEXTS)[1]
    assert MISSING in _texts_of(render_chart(chart, "svg"))


def test_charts_and_pdfs_find_their_emoji_fonts_in_one_place():
    from participation.charts import fonts
    from participation.exports import pdf_base

    assert pdf_base.emoji_font_paths is fonts.emoji_font_paths
    for_pdfs, for_charts = fonts.emoji_font_paths(), fonts.emoji_font_paths(colour=False)
    assert set(for_charts) <= set(for_pdfs) and len(for_charts) <= 1  # outline fonts only
    assert all(path in fonts.COLOUR_EMOJI_FONT_PATHS + fonts.OUTLINE_EMOJI_FONT_PATHS for path in for_pdfs)
    assert all(path.is_file() for path in for_pdfs)
    if for_charts:  # matplotlib falls back to the same outline font the PDFs use
        assert len(fonts.font_families()) == 2
