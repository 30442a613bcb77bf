"""The facilitator's page (Tischmoderation) of one group, through its secret link: every
action works on the group's own ideas; the key opens its own group only (another group's
ideas, another group's page, another workshop: 404, nothing changed); a new or revoked
link stops at once; the promote limit and a refused typo fix say why in German."""

import pytest
from sqlalchemy import select

from groups.facilitator_setup import action_url, group, idea, page_url, post, two_tables
from helpers import make_participant, post_idea
from participation.extensions import db
from participation.ideas.models import HIDDEN, PENDING, VISIBLE, Idea, IdeaRevision


@pytest.fixture
def tables(workshop):
    return two_tables(workshop)


def test_the_page_lists_the_own_groups_ideas_only(client, tables):
    from participation.moderation.services import hide

    hide(idea(tables.ideas[1][0]))
    response = client.get(page_url(tables))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Bürgerbus von Tisch 1" in body and "ausgeblendet" in body
    assert "von Tisch 2" not in body
    assert 'id="promoted-count"' in body and "0 von 3 im Plenum" in body
    for idea_id in tables.ideas[1]:
        assert f'id="fidea-{idea_id}"' in body
    assert f'id="promote-{tables.ideas[1][1]}"' in body and 'aria-pressed="false"' in body
    assert f'id="promote-{tables.ideas[1][0]}"' not in body  # hidden: not for the plenary
    assert 'id="help-button"' in body
    # the group's wall, for the tablet on the table, opens with the same key
    wall = body.split('id="group-wall-link" href="')[1].split('"')[0].replace("&amp;", "&")
    assert client.get(wall).status_code == 200


def test_every_action_works_for_the_own_group(client, tables):
    key = tables.keys[0]
    first, second, third = tables.ideas[1]
    response = post(client, action_url(tables, first, "ausblenden"), key)
    assert response.status_code == 302 and response.location.endswith(f"#fidea-{first}")
    assert f"key={key}" in response.location
    assert idea(first).status == HIDDEN
    assert post(client, action_url(tables, first, "zeigen"), key).status_code == 302
    assert idea(first).status == VISIBLE

    assert post(client, action_url(tables, second, "korrigieren"), key, text="Dorfladen mit Café").status_code == 302
    assert idea(second).text == "Dorfladen mit Café"
    revisions = db.session.scalars(select(IdeaRevision.text).where(IdeaRevision.idea_id == second)).all()
    assert revisions == ["Dorfladen von Tisch 1"]

    assert post(client, action_url(tables, third, "plenum"), key).status_code == 302
    assert idea(third).promoted_at is not None
    page = client.get(page_url(tables)).get_data(as_text=True)
    assert "1 von 3 im Plenum" in page and "Die Idee geht ins Plenum." in page
    assert post(client, action_url(tables, third, "plenum/zuruecknehmen"), key).status_code == 302
    assert idea(third).promoted_at is None

    assert post(client, action_url(tables, first, "zusammenfuehren"), key, target_id=str(third)).status_code == 302
    assert idea(first).merged_into_id == third

    assert post(client, f"/gruppe/{tables.code}/1/hilfe", key).status_code == 302
    assert group(tables.group_ids[0]).help_at is not None
    page = client.get(page_url(tables)).get_data(as_text=True)
    assert "Hilfe angefragt – die Moderation kommt" in page and "zurücknehmen" in page
    assert post(client, f"/gruppe/{tables.code}/1/hilfe/zuruecknehmen", key).status_code == 302
    assert group(tables.group_ids[0]).help_at is None


def test_a_waiting_idea_can_be_approved_and_a_hidden_promoted_one_leaves_the_plenary(client, tables):
    from participation.database import write_transaction

    key = tables.keys[0]
    first = tables.ideas[1][0]
    with write_transaction():
        idea(first).status = PENDING
    assert "wartet auf Freigabe" in client.get(page_url(tables)).get_data(as_text=True)
    assert post(client, action_url(tables, first, "plenum"), key).status_code == 404  # not public yet
    post(client, action_url(tables, first, "zeigen"), key)
    assert idea(first).status == VISIBLE
    post(client, action_url(tables, first, "plenum"), key)
    post(client, action_url(tables, first, "ausblenden"), key)
    assert idea(first).status == HIDDEN and idea(first).promoted_at is None


def test_json_answers_for_the_script(client, tables):
    key = tables.keys[0]
    response = client.post(action_url(tables, tables.ideas[1][0], "plenum"), headers={"Accept": "application/json"},
                           data={"csrf_token": _token(client), "key": key})
    assert response.status_code == 200
    assert response.get_json()["promoted"] == 1 and response.get_json()["promoted_text"] == "1 von 3 im Plenum"


def _token(client):
    from helpers import csrf_token

    return csrf_token(client)


def test_the_promote_limit_says_why(client, tables):
    from participation.groups.services import set_promote_limit
    from participation.workshops.models import Workshop

    set_promote_limit(db.session.get(Workshop, tables.workshop_id), 2)
    key = tables.keys[0]
    first, second, third = tables.ideas[1]
    for idea_id in (first, second):
        assert post(client, action_url(tables, idea_id, "plenum"), key).status_code == 302
    response = post(client, action_url(tables, third, "plenum"), key)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ihre Gruppe hat schon 2 Ideen ins Plenum gegeben" in body and "2 von 2 im Plenum" in body
    assert idea(third).promoted_at is None
    answer = client.post(action_url(tables, third, "plenum"), headers={"Accept": "application/json"},
                         data={"csrf_token": _token(client), "key": key})
    assert answer.status_code == 422 and "schon 2 Ideen" in answer.get_json()["message"]


def test_a_refused_typo_fix_keeps_the_typed_text(client, tables):
    key = tables.keys[0]
    first = tables.ideas[1][0]
    too_long = "Bürgerbus " * 200
    response = post(client, action_url(tables, first, "korrigieren"), key, text=too_long)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert too_long.strip() in body and 'aria-invalid="true"' in body
    assert "Zeichen" in body  # the German reason
    response = post(client, action_url(tables, first, "korrigieren"), key, text="   ")
    assert response.status_code == 422 and "Bitte" in response.get_data(as_text=True)
    assert idea(first).text == "Bürgerbus von Tisch 1"


def test_merging_stays_in_the_group(client, tables):
    key = tables.keys[0]
    mine, theirs = tables.ideas[1][0], tables.ideas[2][0]
    response = post(client, action_url(tables, mine, "zusammenfuehren"), key, target_id=str(theirs))
    assert response.status_code == 422 and "Bitte wählen Sie eine Idee Ihrer Gruppe." in response.get_data(as_text=True)
    assert idea(mine).merged_into_id is None and not idea(theirs).merged
    page = client.get(page_url(tables)).get_data(as_text=True)
    assert "von Tisch 2" not in page  # no target of another group is offered


ACTIONS = ("ausblenden", "zeigen", "korrigieren", "zusammenfuehren", "plenum", "plenum/zuruecknehmen")


def _snapshot(tables):
    db.session.rollback()
    rows = db.session.scalars(select(Idea).where(Idea.workshop_id == tables.workshop_id).order_by(Idea.id)).all()
    revisions = db.session.scalars(select(IdeaRevision.id)).all()
    help_at = [group(group_id).help_at for group_id in tables.group_ids]
    return [(row.id, row.status, row.text, row.merged_into_id, row.promoted_at) for row in rows], revisions, help_at


def test_group_twos_key_gets_404_on_every_action_on_group_ones_ideas(client, tables):
    key_two = tables.keys[1]
    before = _snapshot(tables)
    for idea_id in tables.ideas[1]:
        for action in ACTIONS:
            form = {"text": "Eingeschleust", "target_id": str(tables.ideas[1][1])}
            # through group 2's page address, and through group 1's with group 2's key
            for number in (2, 1):
                response = post(client, action_url(tables, idea_id, action, number), key_two, **form)
                assert response.status_code == 404, (action, number)
    for action in ("hilfe", "hilfe/zuruecknehmen"):
        assert post(client, f"/gruppe/{tables.code}/1/{action}", key_two).status_code == 404
    assert client.get(page_url(tables, 1, key_two)).status_code == 404
    assert _snapshot(tables) == before


def test_wrong_missing_and_other_workshops_keys_get_404(client, tables, moderator):
    from participation.groups import services
    from participation.groups.keys import rotate_facilitator_key
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Anderer Workshop")
    foreign = services.add_group(other, "Tisch 1")
    foreign_key = rotate_facilitator_key(foreign)
    for key in ("", "falsch", tables.keys[0][:-2] + "xx", foreign_key):
        assert client.get(page_url(tables, 1, key) if key else f"/gruppe/{tables.code}/1").status_code == 404
        assert post(client, action_url(tables, tables.ideas[1][0], "ausblenden"), key).status_code == 404
    assert client.get(f"/gruppe/{other.code}/1?key={tables.keys[0]}").status_code == 404
    assert client.get(f"/gruppe/{tables.code}/9?key={tables.keys[0]}").status_code == 404
    assert client.get(f"/gruppe/{other.code}/1?key={foreign_key}").status_code == 200
    assert idea(tables.ideas[1][0]).status == VISIBLE


@pytest.mark.parametrize("how", ["rotate", "revoke"])
def test_a_new_or_revoked_link_stops_the_old_key_at_once(client, tables, how):
    from participation.groups import keys

    key = tables.keys[0]
    assert client.get(page_url(tables)).status_code == 200
    change = keys.rotate_facilitator_key if how == "rotate" else keys.revoke_facilitator_key
    new_key = change(group(tables.group_ids[0]))
    assert client.get(page_url(tables, 1, key)).status_code == 404
    assert post(client, action_url(tables, tables.ideas[1][0], "plenum"), key).status_code == 404
    assert idea(tables.ideas[1][0]).promoted_at is None
    if how == "rotate":
        assert client.get(page_url(tables, 1, new_key)).status_code == 200
    assert client.get(page_url(tables, 2)).status_code == 200  # the other group's link lives on


def test_actions_need_the_csrf_token(client, tables):
    key = tables.keys[0]
    first = tables.ideas[1][0]
    for url in (action_url(tables, first, "ausblenden"), action_url(tables, first, "plenum"),
                f"/gruppe/{tables.code}/1/hilfe"):
        response = client.post(url, data={"key": key})
        assert response.status_code == 400, url
    assert idea(first).status == VISIBLE and idea(first).promoted_at is None
    assert group(tables.group_ids[0]).help_at is None


def test_a_moderator_facilitates_every_group_without_key(logged_in, tables):
    from helpers import csrf_token

    assert logged_in.get(f"/gruppe/{tables.code}/2").status_code == 200
    response = logged_in.post(action_url(tables, tables.ideas[2][0], "plenum", 2),
                              data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 302 and idea(tables.ideas[2][0]).promoted_at is not None
    # the group in the address must be the idea's
    response = logged_in.post(action_url(tables, tables.ideas[2][1], "plenum", 1),
                              data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 404


def test_the_page_speaks_english(client, tables):
    response = client.get(page_url(tables), headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Table facilitation" in body and "0 of 3 in the plenary" in body
