"""The moderator's overview of all groups: its numbers against the database under a
scripted small load, help requests answered, the message to every group wall (sent,
cleared, refused as typed), and who may see and use it."""

import re
from html import unescape

import pytest

from groups.grid_load import counted_from_the_database, fresh, scripted_evening
from helpers import TEST_PASSWORD, csrf_token, form_token
from participation.extensions import db
from participation.groups import services
from participation.workshops.models import Group

KEYS = ("ideas", "pending", "people", "done", "promoted")


def _stored(workshop):
    db.session.rollback()  # see what the requests committed
    return fresh(workshop)


def _grid_url(workshop, suffix=""):
    return f"/moderation/workshops/{workshop.id}/gruppen/uebersicht{suffix}"


def _cell(html, row_id, name):
    row = re.search(rf'<tr id="group-row-{row_id}".*?</tr>', html, re.S).group(0)
    return unescape(re.search(rf'<td class="{name}"[^>]*>(.*?)</td>', row, re.S).group(1)).strip()


def test_the_numbers_match_the_database_after_a_scripted_evening(logged_in, workshop):
    groups = scripted_evening(workshop)
    expected = counted_from_the_database(workshop)
    assert sum(row["people"] for row in expected.values()) == 30 and expected[None]["people"] == 5
    assert all(expected[group.id]["done"] for group in groups)  # every group has someone done
    assert sum(row["promoted"] for row in expected.values()) == 6  # 2 + 3 + 1, by the group numbers
    assert sum(row["pending"] for row in expected.values()) > 0  # some hidden

    body = logged_in.get(_grid_url(workshop, ".json")).get_json()
    assert body["collecting"] is True and body["limit"] == 3
    assert {row["id"]: {key: row[key] for key in KEYS} for row in body["groups"]} == expected
    assert [row["id"] for row in body["groups"]] == [group.id for group in groups] + [None]
    assert all(row["last_ms"] for row in body["groups"])

    html = logged_in.get(_grid_url(workshop)).get_data(as_text=True)
    for group in groups:
        numbers = expected[group.id]
        assert _cell(html, group.id, "g-ideas") == str(numbers["ideas"])
        assert _cell(html, group.id, "g-people") == str(numbers["people"])
        assert _cell(html, group.id, "g-done") == str(numbers["done"])
        assert _cell(html, group.id, "g-promoted") == f"{numbers['promoted']} von 3"
        assert _cell(html, group.id, "g-last") == "gerade eben"
    assert _cell(html, "none", "g-people") == "5"
    assert _cell(html, "none", "g-ideas") == str(expected[None]["ideas"])


def test_done_counts_only_while_a_collecting_step_runs(logged_in, workshop):
    services.add_groups(workshop, 2)
    body = logged_in.get(_grid_url(workshop, ".json")).get_json()
    assert [row["done"] for row in body["groups"]] == [None, None, None] and body["collecting"] is False
    html = logged_in.get(_grid_url(workshop)).get_data(as_text=True)
    assert _cell(html, "none", "g-done") == "–"
    assert "Ohne Gruppe" in html and _cell(html, "none", "g-last") == "noch nichts"


def test_help_shows_and_the_moderator_clears_it(logged_in, workshop):
    first, second = services.add_groups(workshop, 2)
    services.raise_help(db.session.get(Group, second.id))
    html = logged_in.get(_grid_url(workshop)).get_data(as_text=True)
    row = re.search(rf'<tr id="group-row-{second.id}".*?</tr>', html, re.S).group(0)
    assert "g-asks" in row and "Hilfe!" in row
    assert re.search(r'<div id="help-strip" class="help-strip">', html)
    assert "g-asks" not in re.search(rf'<tr id="group-row-{first.id}".*?</tr>', html, re.S).group(0)
    body = logged_in.get(_grid_url(workshop, ".json")).get_json()
    assert [row["help"] for row in body["groups"]] == [False, True, False]

    token = form_token(logged_in.get(_grid_url(workshop)))
    url = f"/moderation/workshops/{workshop.id}/gruppen/{second.id}/hilfe-erledigt"
    response = logged_in.post(url, data={"csrf_token": token})
    assert response.status_code == 302 and response.location.endswith(_grid_url(workshop))
    db.session.rollback()
    assert db.session.get(Group, second.id).help_at is None
    page = logged_in.get(_grid_url(workshop)).get_data(as_text=True)
    assert "ist erledigt" in page and 'id="help-strip" class="help-strip" hidden' in page

    services.raise_help(db.session.get(Group, first.id))
    answer = logged_in.post(f"/moderation/workshops/{workshop.id}/gruppen/{first.id}/hilfe-erledigt",
                            data={"csrf_token": token}, headers={"Accept": "application/json"})
    assert answer.status_code == 200 and not any(row["help"] for row in answer.get_json()["groups"])


def test_help_done_for_a_group_of_another_workshop_is_404(logged_in, workshop, moderator):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Zweiter Abend")
    foreign = services.add_group(other, "Fremder Tisch")
    services.raise_help(foreign)
    token = csrf_token(logged_in)
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/gruppen/{foreign.id}/hilfe-erledigt",
                              data={"csrf_token": token})
    assert response.status_code == 404
    db.session.rollback()
    assert db.session.get(Group, foreign.id).help_at is not None


def test_the_message_is_sent_replaced_by_a_quick_one_and_cleared(logged_in, workshop):
    services.add_groups(workshop, 2)
    token = csrf_token(logged_in)
    url = f"/moderation/workshops/{workshop.id}/gruppen/nachricht"
    response = logged_in.post(url, data={"csrf_token": token, "message": "  Bitte Ergebnisse aufschreiben ",
                                         "action": "send"})
    assert response.status_code == 302
    assert _stored(workshop).group_message == "Bitte Ergebnisse aufschreiben"
    html = logged_in.get(_grid_url(workshop)).get_data(as_text=True)
    assert re.search(r'class="current-text">Bitte Ergebnisse aufschreiben<', html)
    assert "Noch 5 Minuten" in html and "Bitte zum Ende kommen" in html and ">Pause<" in html

    logged_in.post(url, data={"csrf_token": token, "message": "", "quick": "Noch 5 Minuten"})
    assert _stored(workshop).group_message == "Noch 5 Minuten"
    assert logged_in.get(_grid_url(workshop, ".json")).get_json()["message"]["text"] == "Noch 5 Minuten"

    logged_in.post(url, data={"csrf_token": token, "message": "egal", "action": "clear"})
    assert _stored(workshop).group_message is None
    html = logged_in.get(_grid_url(workshop)).get_data(as_text=True)
    assert 'id="group-message-clear" hidden' in html


@pytest.mark.parametrize("typed, error", [
    ("   ", "Bitte schreiben Sie eine Nachricht."),
    ("Lang " * 50, "Höchstens 200 Zeichen."),
])
def test_a_refused_message_keeps_what_was_typed_and_the_old_message(logged_in, workshop, typed, error):
    services.send_group_message(workshop, "Noch 10 Minuten")
    token = csrf_token(logged_in)
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/gruppen/nachricht",
                              data={"csrf_token": token, "message": typed, "action": "send"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert error in html and 'aria-invalid="true"' in html
    assert f'value="{typed}"' in html
    assert _stored(workshop).group_message == "Noch 10 Minuten"


def test_without_a_csrf_token_nothing_changes(logged_in, workshop):
    group = services.add_group(workshop, "Tisch am Fenster")
    services.raise_help(group)
    refused = logged_in.post(f"/moderation/workshops/{workshop.id}/gruppen/nachricht",
                             data={"message": "Eingeschleust", "action": "send"})
    assert refused.status_code == 400
    refused = logged_in.post(f"/moderation/workshops/{workshop.id}/gruppen/{group.id}/hilfe-erledigt", data={})
    assert refused.status_code == 400
    db.session.rollback()
    assert _stored(workshop).group_message is None and db.session.get(Group, group.id).help_at is not None


def test_only_the_workshops_moderators_see_the_overview(client, workshop, app):
    from participation.auth.services import create_moderator

    group = services.add_group(workshop, "Tisch am Fenster")
    for suffix in ("", ".json"):
        response = client.get(_grid_url(workshop, suffix))
        assert response.status_code == 302 and "/moderation/login" in response.location
    create_moderator("andere", TEST_PASSWORD)
    token = csrf_token(client)
    client.post("/moderation/login", data={"username": "andere", "password": TEST_PASSWORD, "csrf_token": token})
    token = csrf_token(client)
    for suffix in ("", ".json"):
        assert client.get(_grid_url(workshop, suffix)).status_code == 404
    assert client.post(f"/moderation/workshops/{workshop.id}/gruppen/nachricht",
                       data={"csrf_token": token, "message": "Fremd"}).status_code == 404
    assert client.post(f"/moderation/workshops/{workshop.id}/gruppen/{group.id}/hilfe-erledigt",
                       data={"csrf_token": token}).status_code == 404


def test_the_json_carries_no_facilitator_secret(logged_in, workshop):
    from participation.groups.keys import rotate_facilitator_key

    group = services.add_group(workshop, "Tisch am Fenster")
    key = rotate_facilitator_key(group)
    body = logged_in.get(_grid_url(workshop, ".json")).get_data(as_text=True)
    assert key not in body and "salt" not in body
    assert key not in logged_in.get(_grid_url(workshop)).get_data(as_text=True)
