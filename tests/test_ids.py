"""Ids from URLs, forms and query strings never overflow the database."""

import pytest

from participation.core.ids import MAX_ID, parse_id

from helpers import csrf_token

HUGE = "99999999999999999999"


@pytest.mark.parametrize("raw, expected", [
    ("7", 7), (7, 7), (" 12 ", 12), (str(MAX_ID), MAX_ID),
    (str(MAX_ID + 1), None), (HUGE, None), ("0", None), ("-3", None), ("abc", None),
    ("²", None), ("1e9", None), ("", None), (None, None), (True, None), ("٣", None),
])
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected


def test_huge_ids_are_not_found_instead_of_crashing(app, logged_in, workshop):
    client = logged_in
    token = csrf_token(client)
    assert client.get(f"/moderation/workshops/{HUGE}/console").status_code == 404
    assert client.get(f"/moderation/workshops/{HUGE}/fields").status_code == 404
    assert client.get(f"/moderation/workshops/{workshop.id}/console?question={HUGE}").status_code == 200
    assert client.post(f"/moderation/workshops/{workshop.id}/ideas/{HUGE}/hide", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/j/{workshop.code}/ideas/{HUGE}/edit").status_code == 404
    assert client.get(f"/w/{workshop.code}/events.json?after={HUGE}").status_code == 200
    posted = client.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": HUGE, "text": "Mehr Bänke am Deich", "idempotency_key": "k" * 12, "csrf_token": token},
    )
    assert posted.status_code == 422 and "Mehr Bänke am Deich" in posted.get_data(as_text=True)
