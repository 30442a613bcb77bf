"""The process page's counts (``processes.overview.field_counts``) equal the sum of the
workshops' own exports: every visible idea once, in its Handlungsfeld, with its dots."""

import csv
import io
from collections import Counter

from sqlalchemy import select

from participation.extensions import db
from participation.exports.services import export_file
from participation.exports.texts import export_texts
from participation.ideas.models import Idea
from participation.processes import services
from participation.processes.overview import NO_FIELD, field_counts
from participation.workshops.models import Workshop
from process_factories import build_process


def exported_rows(workshop):
    """The rows of the workshop's CSV export, read back as a spreadsheet would."""
    content = export_file(db.session.get(Workshop, workshop.id), "csv").content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content), delimiter=";"))


def exported_counts(world):
    """Ideas and dots per Handlungsfeld name, summed over the workshops' CSV files; and per
    workshop."""
    texts = export_texts()
    ideas, dots, per_workshop = Counter(), Counter(), Counter()
    for workshop in world.workshops:
        for row in exported_rows(workshop):
            ideas[row[texts["field"]]] += 1
            dots[row[texts["field"]]] += int(row[texts["votes_total"]] or 0)
            per_workshop[workshop.title] += 1
    return ideas, dots, per_workshop, texts["unassigned"]


def test_counts_per_field_equal_the_sum_of_the_workshops_exports(moderator):
    world = build_process(moderator)
    counts = field_counts(world.process)
    ideas, dots, per_workshop, unassigned = exported_counts(world)
    shown = {row.name if row.kind != NO_FIELD else unassigned: row.total.ideas for row in counts.rows}
    assert {name: n for name, n in shown.items() if n} == dict(ideas)
    assert {row.name if row.kind != NO_FIELD else unassigned: row.total.dots for row in counts.rows
            if row.total.dots} == {name: n for name, n in dots.items() if n}
    assert [cell.ideas for cell in counts.totals] == [per_workshop[w.title] for w in world.workshops]
    assert [cell.ideas for cell in counts.totals] == [world.visible[w.title] for w in world.workshops]
    assert counts.total.ideas == sum(world.visible.values())
    assert sum(dots.values()) > 0


def test_sources_groups_and_row_totals_add_up(moderator):
    world = build_process(moderator)
    counts = field_counts(world.process)
    evening = [column.title for column in counts.workshops].index("Zweiter Abend")
    assert counts.totals[evening].paper == world.paper["Zweiter Abend"]
    for row in counts.rows:
        assert row.total.ideas == sum(cell.ideas for cell in row.cells)
        for cell in row.cells:
            assert cell.phone + cell.paper + cell.imported == cell.ideas
            assert sum(cell.groups.values()) <= cell.ideas
    groups = counts.totals[evening].groups
    assert sorted(groups) == ["Tisch 1", "Tisch 2"]
    # the evening's phone ideas all came from people at a table
    assert sum(groups.values()) == counts.totals[evening].phone


def test_hidden_pending_and_merged_ideas_are_not_counted(moderator):
    world = build_process(moderator)
    kickoff = world.workshops[0]
    all_ideas = db.session.scalar(select(db.func.count(Idea.id)).where(Idea.workshop_id == kickoff.id))
    counts = field_counts(world.process)
    assert counts.totals[0].ideas == world.visible[kickoff.title] < all_ideas


def test_a_workshop_that_left_is_no_longer_counted(moderator):
    world = build_process(moderator)
    services.leave(db.session.get(Workshop, world.workshops[1].id))
    counts = field_counts(world.process)
    assert [column.title for column in counts.workshops] == ["Auftakt Dithmarschen Digital", "Zweiter Abend"]
    assert counts.total.ideas == sum(world.visible.values()) - world.visible["Online-Phase"]


def _bulk_ideas(workshop, count, participants):
    """``count`` visible ideas in ``workshop``, spread over its fields, sources and dots
    (plain inserts: a scale test, not a test of posting)."""
    from participation.database import write_transaction
    from participation.ideas.models import Vote

    fields = [field.id for field in workshop.fields] + [None]
    question = workshop.questions[0].id
    with write_transaction() as session:
        ideas = [Idea(workshop_id=workshop.id, question_id=question, idempotency_key=f"bulk-{workshop.id}-{n}",
                      text=f"Idee Nummer {n}", field_id=fields[n % len(fields)],
                      source=("phone", "paper", "import")[n % 3], paper_votes=n % 2,
                      participant_id=participants[0].id if n % 3 == 0 else None,
                      source_key=None if n % 3 == 0 else f"bulk-{n}")
                 for n in range(count)]
        session.add_all(ideas)
        session.flush()
        session.add_all(Vote(idea_id=idea.id, participant_id=voter.id)
                        for idea in ideas[::4] for voter in participants[1:])
    return count


def test_thousands_of_ideas_are_counted_in_a_few_queries(moderator):
    """Counting does not look at ideas one by one: the number of SQL statements does not
    grow with the ideas (2,100 here), and every idea is counted once."""
    from sqlalchemy import event

    from helpers import make_participant
    from participation.workshops.services import create_workshop

    process = services.create_process(moderator, "Großer Prozess")
    total = 0
    for number in range(3):
        workshop = create_workshop(moderator, "dithmarschen", title=f"Abend {number + 1}")
        services.join(process, db.session.get(Workshop, workshop.id))
        people = [make_participant(workshop, f"p{number}x{n}") for n in range(4)]
        total += _bulk_ideas(db.session.get(Workshop, workshop.id), 700, people)
    db.session.expire_all()
    process = db.session.get(type(process), process.id)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        counts = field_counts(process)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert counts.total.ideas == total == 2100
    assert (counts.total.phone, counts.total.paper, counts.total.imported) == (702, 699, 699)
    assert counts.total.dots == 3 * (175 * 3 + 350)  # three voters on every fourth idea, paper dots on every second
    assert len(statements) <= 2 + 5 * 3  # workshops, catalogue; per workshop: fields, groups, ideas, 2 x dots


def test_the_trend_chart_gives_each_events_shares_in_event_order(moderator):
    from participation.processes.charts import render_trend
    from participation.processes.trend import trend_chart

    world = build_process(moderator)
    texts = {"title": "Themen", "value_label": "%", "empty_text": "leer", "no_field": "ohne Handlungsfeld"}
    chart = trend_chart(field_counts(world.process), texts)
    assert [event.split(" (")[0] for event in chart.events] == [w.title for w in world.workshops]
    for number, workshop in enumerate(world.workshops):
        assert sum(series.counts[number] for series in chart.series) == world.visible[workshop.title]
        assert abs(sum(series.shares[number] for series in chart.series) - 100) < 0.6
    # every line has its own marker and a line style, so it reads without colour
    assert len({(series.marker, series.line_style) for series in chart.series}) == len(chart.series)
    assert chart == trend_chart(field_counts(world.process), texts)  # equal data: an equal spec (the cache)
    assert render_trend(chart, "svg").startswith(b"<?xml")
    assert render_trend(chart, "png")[:8] == b"\x89PNG\r\n\x1a\n"
