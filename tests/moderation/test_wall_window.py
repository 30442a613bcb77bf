"""The wall page stays small however many ideas a hall writes, and counts like the overview.

A projector shows a few cards per column and pages through them; a page with all of a
hall's 12,000 ideas was megabytes long. The page holds the newest
``WALL_IDEAS_PER_COLUMN`` of each column; its count is still the count of every idea the
room sees, the same number the workshop overview shows.
"""

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert

from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import VISIBLE, Idea
from participation.moderation import services as moderation
from participation.workshops.services import update_workshop
from participation.workshops.wall_keys import ensure_wall_token

from helpers import make_participant, post_idea

HALL = 12_000
MAX_PAGE_BYTES = 150_000  # the page with 30 cards in each of 9 columns is about 100 KB


def _cards(html, list_id):
    match = re.search(rf'<ul class="wall-list" id="{list_id}">(.*?)</ul>', html, re.S)
    assert match, f"no column {list_id}"
    return [int(found) for found in re.findall(r'id="wall-idea-(\d+)"', match.group(1))]


@pytest.fixture
def hall(workshop):
    """``HALL`` visible ideas, one a second, spread over questions and fields; {(question
    index, field id or None): ids oldest first}."""
    questions = [question.id for question in workshop.questions]
    fields = [field.id for field in workshop.fields] + [None]
    start = utcnow() - timedelta(hours=4)
    rows, columns = [], {}
    for number in range(HALL):
        question, field = number % len(questions), fields[number % len(fields)]
        rows.append({
            "workshop_id": workshop.id, "question_id": questions[question], "field_id": field,
            "idempotency_key": f"hall-{number:05d}", "status": VISIBLE, "created_at": start + timedelta(seconds=number),
            "updated_at": start, "text": f"Idee {number}: Mitfahrbank und Glasfaser für jedes Dorf in Dithmarschen",
        })
    with write_transaction() as session:
        session.execute(insert(Idea), rows)
    ids = db.session.execute(db.select(Idea.id, Idea.question_id, Idea.field_id).order_by(Idea.created_at)).all()
    for idea_id, question_id, field_id in ids:
        columns.setdefault(("q", question_id), []).append(idea_id)
        columns.setdefault(("f", field_id), []).append(idea_id)
    return columns


@pytest.mark.parametrize("by_field", [False, True])
def test_a_hall_of_12000_ideas_gives_a_small_wall_page(app, logged_in, workshop, hall, by_field):
    response = logged_in.get(f"/w/{workshop.code}/wall" + ("?by=field" if by_field else ""))
    assert response.status_code == 200
    size = len(response.get_data())
    assert size < MAX_PAGE_BYTES, f"the wall page has {size:,} bytes"
    html = response.get_data(as_text=True)
    shown = app.config["WALL_IDEAS_PER_COLUMN"]
    if by_field:
        lists = {f"wall-list-field-{field.id}": hall["f", field.id] for field in workshop.fields}
        lists["wall-list-field-none"] = hall["f", None]
    else:
        lists = {f"wall-list-{question.id}": hall["q", question.id] for question in workshop.questions}
    for list_id, ids in lists.items():
        assert _cards(html, list_id) == ids[::-1][:shown], list_id  # the newest, newest first
    assert re.search(rf'<span id="wall-count">{HALL}</span>', html)
    highest = max(max(ids) for ids in hall.values())
    assert f'data-highest-id="{highest}"' in html and f'data-per-column="{shown}"' in html


def test_the_window_follows_the_setting(app, logged_in, workshop, hall):
    app.config["WALL_IDEAS_PER_COLUMN"] = 5
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    question = workshop.questions[0]
    assert _cards(html, f"wall-list-{question.id}") == hall["q", question.id][::-1][:5]
    assert len(re.findall(r'id="wall-idea-', html)) == 15


def test_wall_and_overview_count_the_ideas_the_room_sees(logged_in, client, workshop):
    people = [make_participant(workshop, f"person{n:02d}-") for n in range(6)]
    ideas = [post_idea(workshop, people[n], f"Idee {n}: Dorfladen mit Selbstbedienung") for n in range(5)]
    moderation.hide(ideas[0])
    moderation.merge(ideas[1], ideas[2])
    update_workshop(workshop, premoderation=True)
    post_idea(workshop, people[5], "Wartet noch auf die Moderation")

    wall = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert re.search(r'<span id="wall-count">3</span>\s*Ideen', wall)
    overview = logged_in.get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)
    assert "3 Ideen auf der Wand (dazu 3 ausgeblendet, zusammengeführt oder nicht freigegeben)" in overview
    assert logged_in.get(f"/w/{workshop.code}/wall/count").get_json()["count"] == 3

    moderation.show(ideas[0])
    assert logged_in.get(f"/w/{workshop.code}/wall/count").get_json()["count"] == 4
    assert "4 Ideen auf der Wand (dazu 2 " in logged_in.get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)


def test_the_count_is_for_those_who_may_see_the_wall(app, workshop):
    stranger = app.test_client()
    assert stranger.get(f"/w/{workshop.code}/wall/count").status_code == 403
    assert stranger.get(f"/w/{workshop.code}/wall/count?key=falsch").status_code == 403
    key = ensure_wall_token(workshop)
    response = stranger.get(f"/w/{workshop.code}/wall/count", query_string={"key": key})
    assert response.status_code == 200 and response.get_json()["count"] == 0
    assert response.headers["Cache-Control"] == "no-store"
    html = stranger.get(f"/w/{workshop.code}/wall", query_string={"key": key}).get_data(as_text=True)
    assert f'data-count-url="/w/{workshop.code}/wall/count?key={key}"' in html


def test_a_closed_workshop_shows_its_banner_on_a_fresh_wall(logged_in, workshop):
    banner = re.compile(r'<p class="wall-closed" id="wall-closed"( hidden)?>')
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert banner.search(html).group(1) == " hidden"
    update_workshop(workshop, is_open=False)
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert banner.search(html).group(1) is None
    assert "Der Workshop ist geschlossen." in html
    assert 'class="wall-layout is-closed"' in html
