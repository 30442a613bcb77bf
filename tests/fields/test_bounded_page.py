"""The Handlungsfelder page of a big workshop draws a page of rows, the rest on demand
through a "more" link that works without JavaScript (issue 23: nothing unbounded)."""

import re
from datetime import timedelta

from sqlalchemy import insert

from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import VISIBLE, Idea


def _many(workshop, count):
    start = utcnow() - timedelta(hours=2)
    rows = [{"workshop_id": workshop.id, "question_id": workshop.questions[0].id, "status": VISIBLE,
             "idempotency_key": f"many-{number:05d}", "created_at": start + timedelta(seconds=number),
             "updated_at": start, "text": f"Idee {number}: Radweg nach Heide und Glasfaser"} for number in range(count)]
    with write_transaction() as session:
        session.execute(insert(Idea), rows)
    return db.session.scalars(db.select(Idea.id).where(Idea.workshop_id == workshop.id)).all()


def _row_ids(page):
    return [int(found) for found in re.findall(r'<li[^>]*id="idea-(\d+)"', page)]


def test_a_small_workshop_shows_every_row_and_no_more_link(app, logged_in, workshop):
    ids = _many(workshop, 40)
    page = logged_in.get(f"/moderation/workshops/{workshop.id}/fields").get_data(as_text=True)
    assert sorted(_row_ids(page)) == sorted(ids)
    assert "zeige=" not in page and 'data-cut="1"' not in page


def test_a_big_workshop_shows_a_page_and_the_rest_on_demand(app, logged_in, workshop):
    app.config["FIELDS_ROWS_SHOWN"] = 25
    ids = _many(workshop, 60)
    base = f"/moderation/workshops/{workshop.id}/fields"
    page = logged_in.get(base).get_data(as_text=True)
    first = _row_ids(page)
    assert len(first) == 25 and 'data-cut="1"' in page
    assert "25 von 60 Ideen angezeigt" in page
    more = re.search(r'<p class="sort-more"><a href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "zeige=50" in more
    page = logged_in.get(more).get_data(as_text=True)
    second = _row_ids(page)
    assert second[:25] == first and len(second) == 50
    page = logged_in.get(f"{base}?zeige=75").get_data(as_text=True)
    assert sorted(_row_ids(page)) == sorted(ids) and "sort-more" not in page
    # filters still cover every idea: a search finds a row beyond the first page
    hit = logged_in.get(f"{base}?q=Idee+59:").get_data(as_text=True)
    assert len(_row_ids(hit)) == 1
    # nonsense asks for the first page; a huge number for the most a page draws
    assert len(_row_ids(logged_in.get(f"{base}?zeige=abc").get_data(as_text=True))) == 25
    assert len(_row_ids(logged_in.get(f"{base}?zeige=99999999").get_data(as_text=True))) == 60


def test_the_analysis_locks_do_not_grow_with_the_workshops():
    from participation.fields import services

    locks = {id(services._workshop_lock(workshop_id)) for workshop_id in range(1, 10_000)}
    assert len(locks) == len(services._RUNNING) <= 64
    assert services._workshop_lock(7) is services._workshop_lock(7)


def test_the_map_of_a_big_workshop_shows_a_sample(app, workshop, monkeypatch):
    from participation.fields import services

    from bench.workshop_set import WORKSHOP_SET

    with write_transaction() as session:  # texts that differ (the projection needs variety)
        session.execute(insert(Idea), [
            {"workshop_id": workshop.id, "question_id": workshop.questions[0].id, "status": VISIBLE,
             "idempotency_key": f"map-{number}", "text": text, "created_at": utcnow(), "updated_at": utcnow()}
            for number, (_field, text) in enumerate(WORKSHOP_SET[:50])])
    ids = db.session.scalars(db.select(Idea.id).where(Idea.workshop_id == workshop.id)).all()
    assert len(services.map_points(workshop)) == 50
    points = services.map_points(workshop, most=20)
    assert len(points) == 20
    monkeypatch.setattr(services, "MAP_MOST_POINTS", 10)
    assert len(services.map_points(workshop)) == 10 and len(ids) == 50
