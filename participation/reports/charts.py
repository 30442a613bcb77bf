"""The documentation's charts: ideas per Handlungsfeld and per guiding question, drawn as the
exports draw theirs (a workshop's come from the exports' chart cache)."""

from collections import Counter

from flask_babel import get_locale

from ..charts.cache import chart_cache
from ..charts.palette import UNASSIGNED_COLOUR
from ..charts.render import render_chart
from ..charts.specs import BarChart, ideas_per_field, ideas_per_question

NAMES = ("fields", "questions")


def workshop_charts(workshop, snapshot, texts):
    """(title, PNG) of "Ideen je Handlungsfeld" and "Ideen je Leitfrage", cached like the exports'."""
    locale = str(get_locale() or "de")
    specs = (ideas_per_field(snapshot, texts), ideas_per_question(snapshot, texts))
    return [(spec.title, chart_cache.get((workshop.id, name, "png", locale), spec, lambda s: render_chart(s, "png")))
            for name, spec in zip(NAMES, specs)]


def process_charts(process, texts):
    """A function for ``content.process_report``: the charts over all of a process's
    workshops (cached under ("process", id, ...): drawn again only when their data changed)."""
    locale = str(get_locale() or "de")

    def draw(sections, appendix, questions):
        labels = [section.name for section in sections]
        values = [section.count for section in sections]
        colours = [section.colour for section in sections]
        unassigned = sum(len(group.ideas) for group in appendix if group.field is None)
        if unassigned:
            labels.append(texts["unassigned"])
            values.append(unassigned)
            colours.append(UNASSIGNED_COLOUR)
        fields = BarChart(texts["chart_fields"], tuple(labels), tuple(values), tuple(colours), texts["ideas_count"],
                          texts["chart_empty"])
        # the same question asked at several workshops is one bar
        asked = list(dict.fromkeys(text for _title, texts_ in questions for text in texts_))
        counts = Counter(idea.question for group in appendix for idea in group.ideas)
        per_question = BarChart(texts["chart_questions"], tuple(asked), tuple(counts[text] for text in asked), None,
                                texts["ideas_count"], texts["chart_empty"])
        return [(chart.title, chart_cache.get(("process", process.id, name, "png", locale), chart,
                                              lambda spec: render_chart(spec, "png")))
                for name, chart in zip(NAMES, (fields, per_question))]

    return draw
