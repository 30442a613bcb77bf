"""The offline queue's server side: the service worker's script, a phone's queue report
(POST /j/<code>/warteschlange), the console's line about waiting phones, and the contract
the phone's queue relies on (a resent idea with its key is stored once)."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Idea, Participant
from participation.workshops.services import create_workshop, set_open

from helpers import csrf_token


def _report(client, workshop, waiting, token):
    return client.post(f"/j/{workshop.code}/warteschlange", json={"waiting": waiting}, headers={"X-CSRFToken": token})


def _console_line(client, workshop):
    return client.get(f"/moderation/workshops/{workshop.id}/warteschlange").get_data(as_text=True)


def test_the_service_worker_is_served_fresh_as_a_script(client):
    response = client.get("/j/sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response.headers  # its own scope /j/ is enough
    body = response.get_data(as_text=True)
    assert "PHONE_PAGE" in body and "respondWith" in body
    assert "http://" not in body and "https://" not in body  # nothing from another host


def test_pages_allow_only_our_own_workers(client, workshop):
    policy = client.get(f"/j/{workshop.code}").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy


def test_the_phone_page_carries_what_the_queue_needs(attendee, workshop):
    client, _ = attendee
    html = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert 'id="offline-queue"' in html and "hidden" in html
    assert f'data-queue-url="/j/{workshop.code}/warteschlange"' in html
    assert f'data-api-ideas-url="/api/workshops/{workshop.code}/ideas"' in html
    assert 'data-service-worker="/j/sw.js"' in html


def test_a_phone_reports_its_queue_and_the_console_counts_it(attendee, workshop, logged_in):
    client, _ = attendee
    token = csrf_token(client)  # the login began a new session
    response = _report(client, workshop, 3, token)
    assert response.status_code == 200
    assert response.get_json() == {"waiting": 3}
    assert response.headers["Cache-Control"] == "no-store"
    db.session.rollback()  # read what the request committed
    participant = db.session.scalar(select(Participant).where(Participant.workshop_id == workshop.id))
    assert participant.queue_waiting == 3 and participant.queue_reported_at is not None

    moderator = client  # ``logged_in`` is the same client: attendee and moderator at once
    line = _console_line(moderator, workshop)
    assert "1 Handy meldet wartende Einträge (3)" in line
    console = moderator.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert "1 Handy meldet wartende Einträge (3)" in console

    assert _report(client, workshop, 0, token).status_code == 200  # everything sent
    assert "wartende" not in _console_line(moderator, workshop)


def test_a_report_needs_the_participant_and_a_sound_number(client, workshop, attendee):
    stranger = client.application.test_client()
    token = csrf_token(stranger)
    refused = _report(stranger, workshop, 2, token)
    assert refused.status_code == 403
    assert "zuerst bei" in refused.get_json()["message"]

    joined, token = attendee
    for bad in (-1, "3", True, 2.5, None):
        response = _report(joined, workshop, bad, token)
        assert response.status_code == 422, bad
        assert response.get_json()["field"] == "waiting"
    broken = joined.post(f"/j/{workshop.code}/warteschlange", data="{", content_type="application/json",
                         headers={"X-CSRFToken": token})
    assert broken.status_code == 400
    unknown = joined.post("/j/KEINCODE/warteschlange", json={"waiting": 1}, headers={"X-CSRFToken": token})
    assert unknown.status_code == 404


def test_a_report_without_csrf_token_changes_nothing(attendee, workshop):
    client, _ = attendee
    response = client.post(f"/j/{workshop.code}/warteschlange", json={"waiting": 5})
    assert response.status_code == 400
    assert db.session.scalar(select(func.max(Participant.queue_waiting))) in (None, 0)


def test_reports_are_rate_limited(attendee, workshop, app):
    app.config["QUEUE_REPORT_RATE_LIMIT"] = 2
    client, token = attendee
    assert _report(client, workshop, 1, token).status_code == 200
    assert _report(client, workshop, 1, token).status_code == 200
    limited = _report(client, workshop, 1, token)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_a_huge_number_is_cut(attendee, workshop):
    client, token = attendee
    assert _report(client, workshop, 10**9, token).get_json() == {"waiting": 1000}


def test_another_moderators_console_line_is_not_found(client, workshop, moderator, logged_in):
    from participation.auth.services import create_moderator

    other = create_workshop(create_moderator("andere", "anderes-passwort-123"), "dithmarschen")
    assert logged_in.get(f"/moderation/workshops/{other.id}/warteschlange").status_code == 404
    assert logged_in.get(f"/moderation/workshops/{workshop.id}/warteschlange").status_code == 200


def test_a_resent_idea_is_stored_once_and_a_closed_workshop_refuses_in_german(attendee, workshop):
    """What the queue relies on when it sends again after a lost answer."""
    client, token = attendee
    body = {"question_id": workshop.questions[0].id, "text": "Mitfahrbank in Wesselburen",
            "idempotency_key": "phone-Abc_123-xyz"}
    first = client.post(f"/api/workshops/{workshop.code}/ideas", json=body, headers={"X-CSRFToken": token})
    again = client.post(f"/api/workshops/{workshop.code}/ideas", json=body, headers={"X-CSRFToken": token})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["idea"]["id"] == again.get_json()["idea"]["id"]
    db.session.rollback()  # read what the requests committed
    assert db.session.scalar(select(func.count(Idea.id)).where(Idea.workshop_id == workshop.id)) == 1

    set_open(workshop, False)
    closed = client.post(f"/api/workshops/{workshop.code}/ideas", headers={"X-CSRFToken": token},
                         json={**body, "idempotency_key": "phone-second-key"})
    assert closed.status_code == 409
    assert "nimmt gerade keine Ideen an" in closed.get_json()["message"]
