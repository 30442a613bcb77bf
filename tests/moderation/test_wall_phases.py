"""The projector wall in each step of the run sheet, as the server draws it: silent
collecting shows counts and no idea text, hidden voting shows no dots, the result ranks
ideas by dots, pause and Geschlossen show a calm screen with the next step and the QR code."""

import json
import re
from html import unescape

import pytest

from participation.extensions import db
from participation.phases import services as run
from participation.voting.services import give_vote
from participation.workshops.models import Workshop

from helpers import make_participant, post_idea


STEPS = [
    {"kind": "collect", "duration_seconds": 600, "title": "Ideen sammeln"},
    {"kind": "silent", "duration_seconds": 300},
    {"kind": "vote", "duration_seconds": 300},
    {"kind": "result"},
    {"kind": "pause", "duration_seconds": 900},
    {"kind": "closed"},
]


@pytest.fixture
def evening(workshop):
    """The workshop with a run sheet, three people and ideas in two questions."""
    run.replace_steps(workshop, STEPS)
    anna, bert, carla = (make_participant(workshop, name) for name in ("anna", "bert", "carla"))
    ideas = {
        "bus": post_idea(workshop, anna, "Bürgerbus am Wochenende", question=0),
        "wlan": post_idea(workshop, bert, "WLAN in der Bücherei", question=0),
        "kurse": post_idea(workshop, carla, "Smartphone-Kurse für Senioren", question=1),
    }
    return workshop, (anna, bert, carla), ideas


def _go_to(workshop, position):
    workshop = db.session.get(Workshop, workshop.id)
    run.start_step(workshop, workshop.steps[position])
    return db.session.get(Workshop, workshop.id)


def _wall(client, workshop):
    response = client.get(f"/w/{workshop.code}/wall")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _card_texts(html):
    html = re.sub(r"<template.*?</template>", "", html, flags=re.S)  # the script's empty card
    return [unescape(text) for text in re.findall(r'<p class="wall-text">(.*?)</p>', html, re.S)]


def _phase_data(html):
    return json.loads(unescape(re.search(r'data-phase="([^"]*)"', html).group(1)))


def test_without_a_run_sheet_the_wall_is_as_before(logged_in, workshop):
    anna = make_participant(workshop)
    post_idea(workshop, anna, "Bürgerbus am Wochenende")
    html = _wall(logged_in, workshop)
    assert re.search(r'<section class="wall-phase" id="phase" data-kind="open"[^>]*\bhidden\b', html, re.S)
    assert _card_texts(html) == ["Bürgerbus am Wochenende"]
    assert 'id="calm-screen"' not in html and 'id="silent-counts"' not in html
    assert 'id="qr-overlay"' in html


def test_collecting_shows_the_step_its_countdown_and_who_is_done(logged_in, evening):
    workshop, people, ideas = evening
    workshop = _go_to(workshop, 0)
    from participation.ideas.done import set_done

    set_done(workshop, people[0], True)
    html = _wall(logged_in, workshop)
    assert 'data-kind="collect"' in html
    title = re.search(r'id="phase-title">(.*?)</p>', html, re.S).group(1)
    assert "Ideen sammeln" in title and "Schritt 1 von 6" in title
    countdown = re.search(r'<p class="wall-countdown"[^>]*id="phase-countdown"([^>]*)>([^<]*)</p>', html, re.S)
    assert 'data-state="running"' in countdown.group(1)
    assert re.fullmatch(r"(10:00|9:5\d)", countdown.group(2))
    assert re.search(r'id="done-count"[^>]*>1 von 3 fertig</p>', html)
    assert set(_card_texts(html)) == {"Bürgerbus am Wochenende", "WLAN in der Bücherei", "Smartphone-Kurse für Senioren"}
    assert _phase_data(html)["step"]["kind"] == "collect"


def test_silent_collecting_shows_counts_per_question_and_no_idea_text(logged_in, evening):
    workshop, _people, ideas = evening
    workshop = _go_to(workshop, 1)
    html = _wall(logged_in, workshop)
    for text in ("Bürgerbus", "WLAN in der Bücherei", "Smartphone-Kurse"):
        assert text not in html
    assert 'id="wall-idea-' not in html
    counts = dict(re.findall(r'<span class="silent-count" data-question-id="(\d+)">(\d+)</span>', html))
    questions = workshop.questions
    assert counts == {str(questions[0].id): "2", str(questions[1].id): "1",
                      **{str(q.id): "0" for q in questions[2:]}}
    assert 'id="silent-counts"' in html and 'data-kind="silent"' in html
    assert re.search(r'id="done-count"[^>]*>0 von 3 fertig</p>', html)
    # grouped by Handlungsfeld, it still counts per question
    by_field = logged_in.get(f"/w/{workshop.code}/wall?by=field").get_data(as_text=True)
    assert "Bürgerbus" not in by_field and 'id="silent-counts"' in by_field


def test_a_spotlit_idea_is_not_shown_while_collecting_silently(logged_in, evening):
    workshop, _people, ideas = evening
    from participation.moderation import services as moderation

    moderation.spotlight(workshop, ideas["bus"])
    workshop = _go_to(workshop, 1)
    assert "Bürgerbus" not in _wall(logged_in, workshop)


def test_hidden_voting_has_no_dot_counts_in_the_page(logged_in, evening):
    workshop, (anna, bert, carla), ideas = evening
    workshop = _go_to(workshop, 2)
    give_vote(anna, ideas["wlan"])
    give_vote(carla, ideas["wlan"])
    html = _wall(logged_in, workshop)
    cards = re.search(r'<div class="wall-columns.*?<div class="wall-footer">', html, re.S).group(0)
    assert len(re.findall(r'<li class="wall-card"', cards)) == 3
    for leak in ("wall-votes", "data-votes", "Punkt", "●", "None", "null", ">0<", ">2<"):
        assert leak not in cards, leak
    template = re.search(r'<template id="wall-card-template">.*?</template>', html, re.S).group(0)
    assert re.search(r'<span class="wall-votes" hidden></span>', template)  # empty, filled by the script
    assert "Punkte werden verdeckt gezählt" in html
    assert not re.search(r'id="votes-hidden-note"[^>]*hidden', html)
    assert re.search(r'id="done-count"[^>]*hidden', html)  # not a collecting step
    assert _phase_data(html)["votes_hidden"] is True


def test_result_ranks_ideas_by_dots_within_each_column(logged_in, evening):
    workshop, (anna, bert, carla), ideas = evening
    workshop = _go_to(workshop, 2)
    give_vote(anna, ideas["wlan"])
    give_vote(carla, ideas["wlan"])
    give_vote(bert, ideas["bus"])
    workshop = _go_to(workshop, 3)
    html = _wall(logged_in, workshop)
    column = re.search(rf'id="wall-list-{workshop.questions[0].id}".*?</ul>', html, re.S).group(0)
    assert _card_texts(column) == ["WLAN in der Bücherei", "Bürgerbus am Wochenende"]
    assert re.findall(r'data-votes="(\d+)"', column) == ["2", "1"]
    assert "mode-ranked" in html
    assert re.search(r'id="votes-hidden-note"[^>]*hidden', html)


def test_result_window_keeps_the_most_dotted_ideas(app, logged_in, evening):
    workshop, (anna, bert, carla), ideas = evening
    app.config["WALL_IDEAS_PER_COLUMN"] = 1
    workshop = _go_to(workshop, 2)
    give_vote(bert, ideas["bus"])  # the oldest idea, beyond the newest-first window of one
    workshop = _go_to(workshop, 3)
    column = re.search(rf'id="wall-list-{workshop.questions[0].id}".*?</ul>', _wall(logged_in, workshop), re.S)
    assert _card_texts(column.group(0)) == ["Bürgerbus am Wochenende"]


@pytest.mark.parametrize("position, name, following", [(4, "Pause", "Geschlossen"), (5, "Geschlossen", None)])
def test_pause_and_closed_show_a_calm_screen_with_the_qr_code(logged_in, evening, position, name, following):
    workshop, _people, _ideas = evening
    workshop = _go_to(workshop, position)
    html = _wall(logged_in, workshop)
    calm = re.search(r'<section class="wall-calm" id="calm-screen".*?</section>', html, re.S)
    assert calm, "no calm screen"
    calm = calm.group(0)
    assert f'<h2 id="calm-heading">{name}</h2>' in calm
    assert f'<img src="/w/{workshop.code}/qr.svg"' in calm
    assert f"http://localhost/j/{workshop.code}" in calm and workshop.code in calm
    if following:
        assert re.search(rf"Als Nächstes:\s*<strong>{following}</strong>", calm)
    else:
        assert re.search(r'id="calm-next" hidden>', calm)
    assert 'id="wall-idea-' not in html and "Bürgerbus" not in html
    assert f'data-kind="{STEPS[position]["kind"]}"' in html


def test_the_wall_speaks_english(logged_in, evening):
    workshop, _people, _ideas = evening
    workshop = _go_to(workshop, 2)
    logged_in.set_cookie("lang", "en")
    html = _wall(logged_in, workshop)
    assert "Dots are counted in secret" in html
    assert "Step 3 of 6" in html and ">Dot voting<" in html


def test_wall_count_gives_the_counts_per_question(logged_in, evening):
    workshop, _people, _ideas = evening
    body = logged_in.get(f"/w/{workshop.code}/wall/count").get_json()
    assert body["count"] == 3
    assert body["questions"] == {str(workshop.questions[0].id): 2, str(workshop.questions[1].id): 1,
                                 **{str(q.id): 0 for q in workshop.questions[2:]}}


def test_wall_count_names_the_newest_idea_it_counted(logged_in, evening):
    # a wall that recounts must not count again the news of an idea already in the answer
    workshop, _people, ideas = evening
    body = logged_in.get(f"/w/{workshop.code}/wall/count").get_json()
    assert body["highest_id"] == max(idea.id for idea in ideas.values())


def test_the_walls_stream_leaves_out_the_spotlight_while_collecting_silently():
    from participation.events.hub import EventRecord
    from participation.live.views import Audience

    record = EventRecord(1, 7, "spotlight", {"idea": {"id": 3, "text": "Bürgerbus am Wochenende"}})
    assert Audience("wall", True, silent=True).present(record) == {"seq": 7, "kind": "noop"}
    assert Audience("wall", True).present(record)["idea"]["text"] == "Bürgerbus am Wochenende"
