"""BREACH (issue 23, wire): pages are compressed, so no page may carry a constant secret next
to text others choose. The CSRF token is masked with a fresh pad per response
(``core.csrf_mask``): two pages of one session never show the same token, each one is
accepted, and a forged or garbled one is refused with the usual friendly page."""

import gzip
import re

from flask_wtf.csrf import generate_csrf

from participation.core.csrf_mask import mask, unmask

from helpers import csrf_token, make_participant, post_idea

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _page_tokens(client, path):
    html = client.get(path, headers={"Accept-Encoding": "gzip"}).get_data()
    return set(TOKEN.findall(gzip.decompress(html).decode()))


def test_masking_round_trips_and_never_repeats():
    token = "ImFiYzEyMyI.aBcD-e.f_GhIj"
    masked = {mask(token) for _ in range(50)}
    assert len(masked) == 50 and all(unmask(value) == token for value in masked)
    assert all(token not in value for value in masked)
    assert unmask(token) == token  # a page from before masking still works
    assert unmask("abc~de") == "invalid" and unmask("a!c~def") == "invalid"


def test_two_pages_of_one_session_carry_different_tokens_and_both_are_accepted(app, client, workshop):
    person = make_participant(workshop, "björn")
    idea = post_idea(workshop, person, "Mitfahrbank für Büsum 🚌")
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
    page = f"/j/{workshop.code}/ideas"
    first, second = _page_tokens(client, page), _page_tokens(client, page)
    assert len(first) == 1 and len(second) == 1  # one token per page, in every form of it
    assert first != second
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    for token in first | second:
        assert raw not in token and raw not in unmask(token)  # the secret itself never shows

    # both are accepted: a dot with the first page's token, taken back with the second's
    given = client.post(f"/j/{workshop.code}/ideas/{idea.id}/vote", data={"csrf_token": first.pop()})
    assert given.status_code in (302, 303)
    taken = client.post(f"/j/{workshop.code}/ideas/{idea.id}/unvote", data={"csrf_token": second.pop()})
    assert taken.status_code in (302, 303)


def test_scripts_send_the_masked_token_in_the_header(app, client, workshop):
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
    first, second = csrf_token(client), csrf_token(client)
    assert first != second and "~" in first
    question = workshop.questions[0].id
    for number, token in enumerate((first, second)):
        response = client.post(
            f"/api/workshops/{workshop.code}/ideas", json={"question_id": question, "text": f"Idee {number} ✨"},
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 201, response.get_json()


def test_forged_and_garbled_tokens_are_refused_with_the_friendly_page(app, client, workshop):
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
    good = csrf_token(client)
    pad, _, cipher = good.partition("~")
    # the first character: all six of its bits count (the last one's low bits may be padding,
    # so changing it can leave the decoded token as it was: the same token, not a forgery)
    flipped = ("A" if cipher[0] != "A" else "B") + cipher[1:]
    other = client.application.test_client()
    foreign = csrf_token(other)  # another session's token, masked
    for bad in (f"{pad}~{flipped}", f"{pad}~{cipher[:-1]}", f"{pad[::-1]}~{cipher}", foreign, "~", "x" * 300):
        response = client.post(f"/j/{workshop.code}/ideas", data={
            "csrf_token": bad, "question_id": workshop.questions[0].id, "text": "Meine Idee bleibt im Feld",
            "idempotency_key": "k1",
        })
        assert response.status_code == 400, bad
        html = response.get_data(as_text=True)
        assert "Meine Idee bleibt im Feld" in html  # the friendly page keeps what was typed
    api = client.post(f"/api/workshops/{workshop.code}/ideas", json={"text": "x"}, headers={"X-CSRFToken": foreign})
    assert api.status_code == 400 and api.get_json()["error"] == "csrf"


def test_no_page_carries_the_unmasked_token(app, client, workshop):
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
    with client.application.test_request_context():
        from flask import session

        with client.session_transaction() as stored:
            session.update(stored)
        signed = generate_csrf()
    payload = signed.split(".")[0]  # the part of Flask-WTF's token that never changes
    for path in (f"/j/{workshop.code}", f"/j/{workshop.code}/ideas", "/api/session"):
        body = client.get(path).get_data(as_text=True)
        assert payload not in body, path
