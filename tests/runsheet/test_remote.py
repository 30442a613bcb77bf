"""The moderator's remote: its page and actions open for the workshop's moderators and for
the holder of the current remote key, and for nobody else (404, nothing changed); the key
opens nothing but the remote; the console makes, shows once and revokes the link."""

import re

import pytest

from helpers import FakeClock, TEST_PASSWORD, csrf_token


@pytest.fixture
def clock(monkeypatch):
    from participation import limits

    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


@pytest.fixture
def run_sheet(workshop, clock):
    """Collect (10 minutes), vote (5 minutes), result."""
    from participation.phases.services import add_step

    steps = [add_step(workshop, "collect", duration_seconds=600), add_step(workshop, "vote", duration_seconds=300),
             add_step(workshop, "result")]
    return [step.id for step in steps]


@pytest.fixture
def remote_key(workshop):
    from participation.workshops.remote_keys import rotate_remote_key

    return rotate_remote_key(workshop)


def _fresh(workshop):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    db.session.rollback()
    return db.session.get(Workshop, workshop.id)


def _act(client, workshop, action, key=None, json=False, **form):
    data = {"csrf_token": csrf_token(client), **form}
    if key is not None:
        data["key"] = key
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"/fernbedienung/{workshop.code}/{action}", data=data, headers=headers)


def test_the_key_opens_the_page_and_drives_the_run_sheet(client, workshop, run_sheet, remote_key, clock):
    page = client.get(f"/fernbedienung/{workshop.code}?key={remote_key}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert f'name="key" value="{remote_key}"' in html
    assert "Weiter" in html and "Zur Moderation" not in html

    response = _act(client, workshop, "next", remote_key, expected="0")
    assert response.status_code == 302
    assert response.location.endswith(f"/fernbedienung/{workshop.code}?key={remote_key}")
    assert _fresh(workshop).current_step_id == run_sheet[0]

    page = client.get(response.location).get_data(as_text=True)
    assert "Weiter mit Schritt 1" in page  # the flashed message
    assert "Schritt 1 von 3" in page and "10:00" in page and "Danach: Punkten" in page

    answer = _act(client, workshop, "plus", remote_key, json=True)
    assert answer.status_code == 200 and answer.is_json
    body = answer.get_json()
    assert body["message"] == "Eine Minute mehr."
    assert body["phase"]["step"]["id"] == run_sheet[0] and body["done"]["present"] == 0 and body["now"]
    step = body["phase"]["step"]
    assert step["ends_at"] - step["started_at"] == 660_000

    assert _act(client, workshop, "pause", remote_key, json=True).get_json()["phase"]["step"]["paused_remaining"] == 660
    page = client.get(f"/fernbedienung/{workshop.code}?key={remote_key}").get_data(as_text=True)
    assert "11:00" in page and "Zeit fortsetzen" in page and "/resume" in page


def test_a_refused_action_answers_409_with_the_phase(client, workshop, run_sheet, remote_key):
    answer = _act(client, workshop, "pause", remote_key, json=True)
    assert answer.status_code == 409
    assert answer.get_json()["message"] == "Gerade läuft keine Zeit, die man anhalten könnte."
    assert answer.get_json()["phase"]["step"] is None


def test_the_qr_button_remembers_what_the_wall_shows(client, workshop, remote_key):
    assert _act(client, workshop, "qr", remote_key, show="1").status_code == 302
    page = client.get(f"/fernbedienung/{workshop.code}?key={remote_key}").get_data(as_text=True)
    assert "QR-Code auf der Wand ausblenden" in page and 'name="show" value="0"' in page
    _act(client, workshop, "qr", remote_key, show="0")
    page = client.get(f"/fernbedienung/{workshop.code}?key={remote_key}").get_data(as_text=True)
    assert "QR-Code auf der Wand zeigen" in page


def test_the_moderator_needs_no_key(logged_in, workshop, run_sheet):
    page = logged_in.get(f"/fernbedienung/{workshop.code}")
    assert page.status_code == 200 and "Zur Moderation" in page.get_data(as_text=True)
    response = _act(logged_in, workshop, "next", expected="0")
    assert response.location.endswith(f"/fernbedienung/{workshop.code}")
    assert _fresh(workshop).current_step_id == run_sheet[0]


def _other_workshop():
    from participation.auth.services import create_moderator
    from participation.workshops.remote_keys import rotate_remote_key
    from participation.workshops.services import create_workshop

    other = create_workshop(create_moderator("andere", TEST_PASSWORD), "dithmarschen")
    return other, rotate_remote_key(other)


def _refused(client, workshop, run_sheet, key):
    """Page and every kind of action answer 404 and change nothing."""
    from participation.events.log import latest_seq

    query = f"?key={key}" if key is not None else ""
    assert client.get(f"/fernbedienung/{workshop.code}{query}").status_code == 404
    seq = latest_seq(workshop.id)
    for action, form in (("next", {"expected": "0"}), ("start", {"step_id": str(run_sheet[1])}), ("plus", {}),
                         ("reveal", {}), ("qr", {"show": "1"}), ("end", {})):
        assert _act(client, workshop, action, key, **form).status_code == 404, action
        assert _act(client, workshop, action, key, json=True, **form).status_code == 404, action
    assert latest_seq(workshop.id) == seq
    assert _fresh(workshop).current_step_id is None


def test_no_key_a_wrong_key_or_another_workshops_key_answers_404(client, workshop, run_sheet, remote_key):
    _other, other_key = _other_workshop()
    for key in (None, "", "falsch", remote_key[:-1] + ("A" if remote_key[-1] != "A" else "B"), other_key):
        _refused(client, workshop, run_sheet, key)


def test_the_wall_key_is_no_remote_key(client, workshop, run_sheet):
    from participation.workshops.wall_keys import ensure_wall_token

    _refused(client, workshop, run_sheet, ensure_wall_token(workshop))


def test_a_revoked_or_replaced_key_stops_at_once(client, logged_in, workshop, run_sheet, remote_key):
    moderator = logged_in
    anonymous = moderator.application.test_client()
    assert anonymous.get(f"/fernbedienung/{workshop.code}?key={remote_key}").status_code == 200

    made = moderator.post(f"/moderation/workshops/{workshop.id}/fernbedienung/neu",
                          data={"csrf_token": csrf_token(moderator)})
    new_key = re.search(r"key=([A-Za-z0-9_-]+)", made.get_data(as_text=True)).group(1)
    assert new_key != remote_key
    _refused(anonymous, workshop, run_sheet, remote_key)
    assert anonymous.get(f"/fernbedienung/{workshop.code}?key={new_key}").status_code == 200

    revoked = moderator.post(f"/moderation/workshops/{workshop.id}/fernbedienung/widerrufen",
                             data={"csrf_token": csrf_token(moderator)})
    assert revoked.status_code == 302 and revoked.location.endswith(f"/moderation/workshops/{workshop.id}/console")
    assert _fresh(workshop).remote_salt is None
    _refused(anonymous, workshop, run_sheet, new_key)


def test_the_key_holder_opens_nothing_else(client, workshop, run_sheet, remote_key):
    prefix = f"/moderation/workshops/{workshop.id}"
    for url in (f"{prefix}/console", prefix, f"{prefix}/edit", f"{prefix}/fernbedienung/neu"):
        response = client.get(f"{url}?key={remote_key}")
        assert response.status_code in (302, 404, 405), url
        assert response.status_code != 302 or "/moderation/login" in response.location
    token = csrf_token(client)
    for action in ("next", "plus"):
        response = client.post(f"{prefix}/ablauf/{action}?key={remote_key}", data={"csrf_token": token,
                                                                                 "key": remote_key})
        assert response.status_code == 302 and "/moderation/login" in response.location
    for url in (f"{prefix}/fernbedienung/neu", f"{prefix}/fernbedienung/widerrufen"):
        response = client.post(url, data={"csrf_token": token, "key": remote_key})
        assert response.status_code == 302 and "/moderation/login" in response.location
    assert _fresh(workshop).current_step_id is None and _fresh(workshop).remote_salt


def test_actions_need_the_csrf_token(client, workshop, run_sheet, remote_key):
    response = client.post(f"/fernbedienung/{workshop.code}/next", data={"key": remote_key, "expected": "0"})
    assert response.status_code == 400
    response = client.post(f"/fernbedienung/{workshop.code}/next", data={"key": remote_key, "expected": "0"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert _fresh(workshop).current_step_id is None


def test_the_console_makes_the_link_shows_it_once_and_revokes_it(logged_in, workshop):
    console = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert "Es gibt keinen Fernbedienungs-Link." in console and "Fernbedienungs-Link erzeugen" in console
    assert "/fernbedienung/widerrufen" not in console

    made = logged_in.post(f"/moderation/workshops/{workshop.id}/fernbedienung/neu",
                          data={"csrf_token": csrf_token(logged_in)})
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    html = made.get_data(as_text=True)
    from participation.workshops.remote_keys import remote_key_of

    key = remote_key_of(_fresh(workshop))
    assert html.count(key) == 1  # in the link to copy; the QR code draws it
    assert '<svg class="remote-link-qr" role="img"' in html and "nur jetzt angezeigt" in html

    console = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert key not in console
    assert "Es gibt einen Fernbedienungs-Link." in console and "/fernbedienung/widerrufen" in console


def test_another_moderator_gets_404(client, workshop, run_sheet, remote_key):
    from participation.auth.services import create_moderator

    create_moderator("fremd", TEST_PASSWORD)
    token = csrf_token(client)
    client.post("/moderation/login", data={"username": "fremd", "password": TEST_PASSWORD, "csrf_token": token})
    _refused(client, workshop, run_sheet, None)
    token = csrf_token(client)
    for url in ("neu", "widerrufen"):
        response = client.post(f"/moderation/workshops/{workshop.id}/fernbedienung/{url}", data={"csrf_token": token})
        assert response.status_code == 404
    assert _fresh(workshop).remote_salt
