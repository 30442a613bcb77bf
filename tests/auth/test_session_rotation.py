"""At login the session starts anew: nothing from before, not even its CSRF token, carries over."""

from helpers import TEST_PASSWORD, csrf_token


def _session_cookie(response):
    return next((header.split(";")[0] for header in response.headers.getlist("Set-Cookie")
                 if header.startswith("session=")), None)


def test_login_issues_a_new_session_and_invalidates_the_old_token(client, moderator, workshop):
    before = csrf_token(client)
    response = client.post("/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD,
                                                      "csrf_token": before})
    assert response.status_code == 302
    assert _session_cookie(response) is not None
    # A token an attacker planted or read before the login is worthless afterwards.
    stale = client.post(f"/moderation/workshops/{workshop.id}/state", data={"open": "0", "csrf_token": before})
    assert stale.status_code == 400
    fresh = client.post(f"/moderation/workshops/{workshop.id}/state",
                        data={"open": "0", "csrf_token": csrf_token(client)})
    assert fresh.status_code == 302
