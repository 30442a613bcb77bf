"""What the workshop charts show, computed from an export snapshot (pure, no drawing).

A spec is a frozen dataclass: equal data gives an equal spec, which is what the chart
cache compares. Words come in as a dict (``texts``) so this module needs no Flask; times
are written the way ``texts["locale"]`` writes them (German when it is not given).
"""

from dataclasses import dataclass
from datetime import timedelta

from babel.dates import format_skeleton, format_time

from ..core.timeutil import BERLIN
from .palette import FIELD_PALETTE

DEFAULT_LOCALE = "de"
UNASSIGNED_COLOUR = "#6b7280"
# Bin widths for the timeline, in minutes: the first that gives at most MAX_BINS bins
BIN_MINUTES = (1, 2, 5, 10, 15, 30, 60, 120, 240, 720, 1440)
MAX_BINS = 16

CHART_NAMES = ("questions", "fields", "timeline", "votes")
STEPS_CHART = "steps"  # only for a workshop whose run sheet ran
SOURCES_CHART = "sources"  # only when ideas came from more than one place
GROUPS_CHART = "groups"  # these two only for a workshop with groups (tables, breakout rooms)
GROUP_FIELDS_CHART = "group_fields"
GROUP_CHARTS = (GROUPS_CHART, GROUP_FIELDS_CHART)
# The parts of "Ideen je Handlungsfeld nach Gruppe": a colour and a hatch per group, so that
# neighbours differ in black and white as well; ideas of no group grey and plain
GROUP_HATCHES = ("", "///", "...", "\\\\", "xx", "++", "oo", "--")
# Dots given on phones and on paper, stacked: the palette's first two colours (blue, orange),
# apart for every kind of colour vision; the paper part is hatched as well
VOTE_PART_COLOURS = (FIELD_PALETTE[0], FIELD_PALETTE[1])
SOURCE_ORDER = ("phone", "paper", "import")  # ``ideas.models.IDEA_SOURCES``
SOURCE_COLOURS = dict(zip(SOURCE_ORDER, FIELD_PALETTE[:3]))
STEP_COLOUR = "#1f5f8b"  # the charts' default bar
NO_STEP_COLOUR = UNASSIGNED_COLOUR


@dataclass(frozen=True)
class BarChart:
    title: str
    labels: tuple[str, ...]
    values: tuple[int, ...]
    colours: tuple[str, ...] | None
    value_label: str
    empty_text: str
    # Stacked bars: each value split into parts (one tuple per bar, in the order of
    # ``part_labels``), drawn in ``part_colours`` with a legend; empty: one plain bar per value
    part_labels: tuple[str, ...] = ()
    parts: tuple[tuple[int, ...], ...] = ()
    part_colours: tuple[str, ...] = ()
    value_texts: tuple[str, ...] = ()  # written beside each bar instead of its bare value
    part_hatches: tuple[str, ...] = ()  # one per part; empty: the renderer's (plain, hatched)

    @property
    def stacked(self):
        return bool(self.part_labels)


@dataclass(frozen=True)
class TimelineChart:
    title: str
    bins: tuple[str, ...]  # "19:05", "7:05 PM" (Europe/Berlin), one per bin
    counts: tuple[int, ...]
    value_label: str
    time_label: str
    empty_text: str


def _field_bars(snapshot, texts, value):
    labels, values, colours = [], [], []
    for field in snapshot.fields:
        labels.append(field.name)
        values.append(value(field.ideas))
        colours.append(field.colour)
    if snapshot.unassigned:
        labels.append(texts["unassigned"])
        values.append(value(snapshot.unassigned))
        colours.append(UNASSIGNED_COLOUR)
    return tuple(labels), tuple(values), tuple(colours)


def ideas_per_question(snapshot, texts):
    labels = tuple(question.text for question in snapshot.questions)
    values = tuple(len(snapshot.ideas_of_question(question.id)) for question in snapshot.questions)
    return BarChart(texts["chart_questions"], labels, values, None, texts["ideas_count"], texts["chart_empty"])


def ideas_per_field(snapshot, texts):
    labels, values, colours = _field_bars(snapshot, texts, len)
    return BarChart(texts["chart_fields"], labels, values, colours, texts["ideas_count"], texts["chart_empty"])


def votes_per_field(snapshot, texts):
    if getattr(snapshot, "votes_hidden", False):
        # counted in secret until the reveal: no bar may hint at the leaders
        return BarChart(texts["chart_votes"], (), (), None, texts["votes"], texts["votes_hidden"])
    labels, values, colours = _field_bars(snapshot, texts, lambda ideas: sum(idea.votes for idea in ideas))
    if not any(idea.paper_votes for idea in snapshot.ideas):
        return BarChart(texts["chart_votes"], labels, values, colours, texts["votes"], texts["chart_empty"])
    # Some dots were given on paper: each field's bar in two parts, digital and paper
    _labels, paper, _colours = _field_bars(snapshot, texts, lambda ideas: sum(idea.paper_votes or 0 for idea in ideas))
    parts = tuple((total - on_paper, on_paper) for total, on_paper in zip(values, paper))
    value_texts = tuple(
        texts["votes_split"] % {"total": total, "digital": digital, "paper": on_paper} if on_paper else str(total)
        for total, (digital, on_paper) in zip(values, parts)
    )
    return BarChart(texts["chart_votes"], labels, values, None, texts["votes_total"], texts["chart_empty"],
                    part_labels=(texts["votes_digital"], texts["votes_paper"]), parts=parts,
                    part_colours=VOTE_PART_COLOURS, value_texts=value_texts)


def ideas_per_source(snapshot, texts):
    """Where the ideas came from: phones, paper cards, each imported file (a bar each)."""
    sources = sorted({(idea.source, idea.source_name or "") for idea in snapshot.ideas},
                     key=lambda source: (SOURCE_ORDER.index(source[0]) if source[0] in SOURCE_ORDER else 9, source[1]))
    labels = tuple(source_label(source, name, texts) for source, name in sources)
    values = tuple(sum(1 for idea in snapshot.ideas if (idea.source, idea.source_name or "") == source)
                   for source in sources)
    colours = tuple(SOURCE_COLOURS.get(source, UNASSIGNED_COLOUR) for source, _name in sources)
    return BarChart(texts["chart_sources"], labels, values, colours, texts["ideas_count"], texts["chart_empty"])


def source_label(source, source_name, texts):
    """Where an idea came from in the words of the exports and charts: "Handy", "Papier",
    "Import: ideen.xlsx" (``texts`` from ``exports.texts``)."""
    if source == "paper":
        return texts["source_paper"]
    if source == "import":
        return texts["source_import"] % {"name": source_name} if source_name else texts["source_import_unnamed"]
    return texts["source_phone"]


def source_count(snapshot):
    """How many different sources (phones, paper, each imported file) the ideas came from."""
    return len({(idea.source, idea.source_name or "") for idea in snapshot.ideas})


def group_colour(number):
    """A group's colour in the charts: the palette in the order of the group numbers."""
    return FIELD_PALETTE[(number - 1) % len(FIELD_PALETTE)]


def ideas_per_group(snapshot, texts):
    """Ideas per group (table, breakout room), "ohne Gruppe" last when there are any;
    beside each bar how many of them the group promoted to the plenary."""
    groups = getattr(snapshot, "groups", ())
    labels = [group.label for group in groups]
    values = [len(group.ideas) for group in groups]
    promoted = [len(group.promoted) for group in groups]
    colours = [group_colour(group.number) for group in groups]
    ungrouped = sum(1 for idea in snapshot.ideas if idea.group_id is None)
    if ungrouped:
        labels.append(texts["no_group"])
        values.append(ungrouped)
        promoted.append(0)
        colours.append(UNASSIGNED_COLOUR)
    value_texts = tuple(texts["promoted_split"] % {"total": value, "promoted": count} if count else str(value)
                        for value, count in zip(values, promoted))
    return BarChart(texts["chart_groups"], tuple(labels), tuple(values), tuple(colours), texts["ideas_count"],
                    texts["chart_empty"], value_texts=value_texts)


def ideas_per_field_by_group(snapshot, texts):
    """Ideas per Handlungsfeld (and not yet assigned), each bar split by group (stacked)."""
    groups = getattr(snapshot, "groups", ())
    keys = [group.id for group in groups]
    part_labels = [group.label for group in groups]
    part_colours = [group_colour(group.number) for group in groups]
    hatches = [GROUP_HATCHES[number % len(GROUP_HATCHES)] for number in range(len(groups))]
    if any(idea.group_id is None for idea in snapshot.ideas):
        keys.append(None)
        part_labels.append(texts["no_group"])
        part_colours.append(UNASSIGNED_COLOUR)
        hatches.append("")
    labels, values, _colours = _field_bars(snapshot, texts, len)
    buckets = [field.ideas for field in snapshot.fields] + ([snapshot.unassigned] if snapshot.unassigned else [])
    parts = tuple(tuple(sum(1 for idea in ideas if idea.group_id == key) for key in keys) for ideas in buckets)
    return BarChart(texts["chart_group_fields"], labels, values, None, texts["ideas_count"], texts["chart_empty"],
                    part_labels=tuple(part_labels), parts=parts, part_colours=tuple(part_colours),
                    part_hatches=tuple(hatches))


def ideas_per_step(snapshot, texts):
    """Which step of the run sheet produced which ideas ("2 Still sammeln": 14); ideas
    posted outside any step (before the run sheet, or in a deleted step) in a last bar."""
    steps = getattr(snapshot, "steps", ())
    labels = [step.label for step in steps]
    values = [sum(1 for idea in snapshot.ideas if idea.step_id == step.id) for step in steps]
    colours = None
    known = {step.id for step in steps}
    outside = sum(1 for idea in snapshot.ideas if idea.step_id not in known)
    if outside:
        labels.append(texts["no_step"])
        values.append(outside)
        colours = (STEP_COLOUR,) * len(steps) + (NO_STEP_COLOUR,)
    return BarChart(texts["chart_steps"], tuple(labels), tuple(values), colours, texts["ideas_count"],
                    texts["chart_empty"])


def timeline(snapshot, texts):
    """Ideas per time slot of the evening, in Berlin time; the slot width fits the span."""
    times = sorted(idea.created_at.astimezone(BERLIN) for idea in snapshot.ideas)
    bins, counts = (), ()
    if times:
        span = (times[-1] - times[0]).total_seconds() / 60
        minutes = next((width for width in BIN_MINUTES if span / width < MAX_BINS), BIN_MINUTES[-1])
        start = times[0].replace(second=0, microsecond=0)
        start -= timedelta(minutes=(start.hour * 60 + start.minute) % minutes)
        slots = int((times[-1] - start).total_seconds() // (minutes * 60)) + 1
        tally = [0] * slots
        for moment in times:
            tally[int((moment - start).total_seconds() // (minutes * 60))] += 1
        locale = texts.get("locale") or DEFAULT_LOCALE
        bins = tuple(slot_label(start + timedelta(minutes=minutes * i), locale, with_day=span >= 24 * 60)
                     for i in range(slots))
        counts = tuple(tally)
    return TimelineChart(texts["chart_timeline"], bins, counts, texts["ideas_count"], texts["chart_time"], texts["chart_empty"])


def slot_label(moment, locale=DEFAULT_LOCALE, with_day=False):
    """A time slot's start in Berlin as ``locale`` writes it: "19:05" or "7:05 PM"; with the
    day for workshops longer than a day ("28.10. 19:05", "10/28 7:05 PM")."""
    time = format_time(moment, "short", tzinfo=BERLIN, locale=locale)
    if not with_day:
        return time
    return f"{format_skeleton('MMdd', moment, tzinfo=BERLIN, locale=locale)} {time}"


def field_questions(snapshot, field, texts):
    """For one Handlungsfeld's chapter: its ideas per guiding question."""
    labels = tuple(question.text for question in snapshot.questions)
    values = tuple(sum(1 for idea in field.ideas if idea.question_id == question.id) for question in snapshot.questions)
    title = texts["chart_field_questions"] % {"field": field.name}
    colours = (field.colour,) * len(labels)
    return BarChart(title, labels, values, colours, texts["ideas_count"], texts["chart_empty"])


BUILDERS = {
    "questions": ideas_per_question,
    "fields": ideas_per_field,
    "timeline": timeline,
    "votes": votes_per_field,
    STEPS_CHART: ideas_per_step,
    SOURCES_CHART: ideas_per_source,
    GROUPS_CHART: ideas_per_group,
    GROUP_FIELDS_CHART: ideas_per_field_by_group,
}


def workshop_chart(snapshot, name, texts):
    return BUILDERS[name](snapshot, texts)


def chart_names(snapshot):
    """The charts a workshop's pages and exports show, in their order: the four overview
    charts, "Ideen je Schritt" when it has a run sheet, and "Ideen nach Quelle" when its
    ideas came from more than one place (phones, paper cards, imported files); "Ideen je
    Gruppe" and "Ideen je Handlungsfeld nach Gruppe" when it has groups."""
    return (CHART_NAMES + ((STEPS_CHART,) if getattr(snapshot, "ran_steps", False) else ())
            + ((SOURCES_CHART,) if source_count(snapshot) > 1 else ())
            + (GROUP_CHARTS if getattr(snapshot, "groups", ()) else ()))


def overview_charts(snapshot, texts):
    """The workshop charts (``chart_names``), in the order pages and exports show them."""
    return [BUILDERS[name](snapshot, texts) for name in chart_names(snapshot)]
