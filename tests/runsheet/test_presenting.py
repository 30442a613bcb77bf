"""Gruppen stellen vor: the run-sheet step in which the groups present their promoted ideas
in turn. Starting it picks the first group with promoted ideas (however it starts),
"Nächste Gruppe"/"Vorherige Gruppe" from the remote and the console pass over groups that
promoted nothing, each change is a ``present`` event, and the wall draws the group."""

import pytest
from sqlalchemy import select

from helpers import FakeClock, csrf_token, make_participant, post_idea
from participation.events.models import Event
from participation.extensions import db
from participation.groups import services as groups
from participation.ideas.models import Idea
from participation.phases import services as phases
from participation.runsheet.defaults import default_run
from participation.workshops.models import Group, Workshop


@pytest.fixture
def clock(monkeypatch):
    from participation import limits

    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


def _fresh(workshop):
    db.session.rollback()
    return db.session.get(Workshop, workshop.id)


def _events(workshop):
    return [event.payload for event in db.session.scalars(
        select(Event).where(Event.workshop_id == workshop.id, Event.kind == "present").order_by(Event.seq))]


@pytest.fixture
def tables(workshop, clock):
    """Three tables: 1 promoted two ideas, 2 promoted nothing, 3 promoted one."""
    made = groups.add_groups(workshop, 3)
    ids = [group.id for group in made]
    promoted = {}
    for group_id, texts in zip(ids, (["Bürgerbus am Sonntag", "Radweg zur Schule"], ["Nur gesagt, nicht gegeben"],
                                     ["Dorfladen mit Café"])):
        person = make_participant(_fresh(workshop), f"p{group_id}")
        groups.join_group(person, db.session.get(Group, group_id))
        posted = []
        for text in texts:
            clock.advance(1)
            posted.append(post_idea(_fresh(workshop), person, text).id)
        promoted[group_id] = posted
    for group_id in (ids[0], ids[2]):
        for idea_id in promoted[group_id]:
            clock.advance(1)
            groups.promote(db.session.get(Group, group_id), db.session.get(Idea, idea_id))
    return ids


@pytest.fixture
def present_run(workshop, tables):
    steps = [phases.add_step(_fresh(workshop), "collect"), phases.add_step(_fresh(workshop), "present"),
             phases.add_step(_fresh(workshop), "vote")]
    return [step.id for step in steps]


def _act(client, workshop, action, key=None, json=False, **form):
    data = {"csrf_token": csrf_token(client), **form}
    if key is not None:
        data["key"] = key
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/fernbedienung/{workshop.code}/{action}", data=data, headers=headers)


def test_starting_the_step_picks_the_first_group_with_promoted_ideas(workshop, tables, present_run):
    phases.start_step(_fresh(workshop), db.session.get(phases.RunStep, present_run[0]))
    assert _fresh(workshop).presenting_group_id is None and _events(workshop) == []
    phases.next_step(_fresh(workshop))
    assert _fresh(workshop).presenting_group_id == tables[0]
    event = _events(workshop)[-1]
    assert event["group"]["name"] == "Tisch 1" and (event["position"], event["count"]) == (1, 2)
    assert [idea["text"] for idea in event["ideas"]] == ["Bürgerbus am Sonntag", "Radweg zur Schule"]
    assert all(idea["promoted"] and idea["group_id"] == tables[0] for idea in event["ideas"])
    phases.next_step(_fresh(workshop))  # on to dots: no group presents any more
    assert _fresh(workshop).presenting_group_id is None


def test_an_automatic_end_starts_the_presentation_too(workshop, tables, clock):
    phases.replace_steps(_fresh(workshop), [{"kind": "collect", "duration_seconds": 60, "auto_advance": True},
                                            {"kind": "present"}])
    phases.next_step(_fresh(workshop))
    clock.advance(61)
    assert phases.advance_due() == [workshop.id]
    assert _fresh(workshop).presenting_group_id == tables[0] and len(_events(workshop)) == 1


def test_the_remote_moves_next_and_back_skipping_a_group_without_promoted_ideas(client, workshop, tables,
                                                                                   present_run):
    from participation.workshops.remote_keys import rotate_remote_key

    key = rotate_remote_key(_fresh(workshop))
    refused = _act(client, workshop, "group_next", key, json=True)
    assert refused.status_code == 409 and "Gruppen stellen vor" in refused.get_json()["message"]
    phases.start_step(_fresh(workshop), db.session.get(phases.RunStep, present_run[1]))
    page = client.get(f"/fernbedienung/{workshop.code}?key={key}").get_data(as_text=True)
    assert "Gruppe 1 von 2: Tisch 1" in page and "Nächste Gruppe" in page and "Vorherige Gruppe" in page

    answer = _act(client, workshop, "group_next", key, json=True)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["message"] == "Gruppe 2 von 2 stellt vor: Tisch 3."
    assert body["presenting"] == {"group": {"id": tables[2], "number": 3, "name": "Tisch 3"}, "position": 2,
                                  "count": 2}
    assert _fresh(workshop).presenting_group_id == tables[2]  # Tisch 2 promoted nothing: passed over
    assert [idea["text"] for idea in _events(workshop)[-1]["ideas"]] == ["Dorfladen mit Café"]

    last = _act(client, workshop, "group_next", key, json=True)
    assert last.status_code == 409 and last.get_json()["message"] == "Das war die letzte Gruppe."
    assert _act(client, workshop, "group_previous", key).status_code == 302
    assert _fresh(workshop).presenting_group_id == tables[0]
    first = _act(client, workshop, "group_previous", key, json=True)
    assert first.get_json()["message"] == "Das ist die erste Gruppe."
    assert [event["group"]["id"] for event in _events(workshop)] == [tables[0], tables[2], tables[0]]


def test_a_wrong_key_moves_nothing(client, workshop, tables, present_run):
    from participation.workshops.remote_keys import rotate_remote_key

    rotate_remote_key(_fresh(workshop))
    phases.start_step(_fresh(workshop), db.session.get(phases.RunStep, present_run[1]))
    assert _act(client, workshop, "group_next", "falsch").status_code == 404
    assert _act(client, workshop, "group_next").status_code == 404
    assert _fresh(workshop).presenting_group_id == tables[0] and len(_events(workshop)) == 1


def test_without_promoted_ideas_nobody_presents_and_the_wall_says_so(logged_in, workshop, clock):
    groups.add_groups(workshop, 2)
    phases.replace_steps(_fresh(workshop), [{"kind": "present"}])
    phases.next_step(_fresh(workshop))
    assert _fresh(workshop).presenting_group_id is None
    assert _events(workshop) == [{"group": None, "ideas": [], "position": None, "count": 0}]
    answer = logged_in.post(f"/moderation/workshops/{workshop.id}/ablauf/group_next",
                            data={"csrf_token": csrf_token(logged_in)}, headers={"Accept": "application/json"})
    assert answer.status_code == 409
    assert answer.get_json()["message"] == "Noch hat keine Gruppe Ideen ins Plenum gegeben."
    wall = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert 'id="wall-present"' in wall and "Noch hat keine Gruppe Ideen ins Plenum gegeben." in wall


def test_the_wall_draws_the_presenting_group_and_leaves_it_after_the_step(logged_in, workshop, tables, present_run):
    wall = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert '<section class="wall-present" id="wall-present"' in wall and "js/wall-present.js" in wall
    assert 'id="wall-present-ideas" data-count="0"' in wall
    phases.start_step(_fresh(workshop), db.session.get(phases.RunStep, present_run[1]))
    wall = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    section = wall[wall.index('id="wall-present"'):wall.index("wall-present-card-template")]
    assert "hidden>" not in section.split("\n")[0]
    assert "Gruppe 1 von 2" in section and "Tisch 1" in section
    assert "Bürgerbus am Sonntag" in section and "Radweg zur Schule" in section and "Dorfladen" not in section
    assert "Gruppen stellen vor" in wall  # the phase bar names the step
    phases.next_step(_fresh(workshop))
    wall = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert 'data-count="0"' in wall and "Gruppe 1 von 2" not in wall


def test_the_console_panel_moves_the_groups(logged_in, workshop, tables, present_run):
    phases.start_step(_fresh(workshop), db.session.get(phases.RunStep, present_run[1]))
    panel = logged_in.get(f"/moderation/workshops/{workshop.id}/console?partial=runsheet").get_data(as_text=True)
    assert "Gruppe 1 von 2 stellt vor: Tisch 1." in panel
    assert "/ablauf/group_next" in panel and "/ablauf/group_previous" in panel
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/ablauf/group_next",
                              data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 302 and _fresh(workshop).presenting_group_id == tables[2]


def test_phones_may_neither_post_nor_vote_and_read_what_happens(client, workshop, tables, present_run):
    from participation.phases.phase import phase_of

    phases.start_step(_fresh(workshop), db.session.get(phases.RunStep, present_run[1]))
    phase = phase_of(_fresh(workshop))
    assert not phase.may_post(workshop.questions[0].id) and not phase.may_vote()
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert "Die Gruppen stellen ihre Ergebnisse vor." in page


def test_the_default_run_of_a_workshop_with_groups_has_the_presentation(workshop, tables):
    kinds = [step["kind"] for step in default_run(_fresh(workshop))]
    assert kinds[-3:] == ["present", "vote", "result"]
