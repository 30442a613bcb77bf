"""Attendees join, post, see, edit and delete their ideas; every bad input is refused kindly."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Idea, Participant
from participation.workshops.services import create_workshop, set_open

from helpers import csrf_token


def _post(client, workshop, token, text, question=None, key="key-aaaaaaaa1", **extra):
    question_id = question if question is not None else workshop.questions[0].id
    data = {"question_id": question_id, "text": text, "idempotency_key": key, "csrf_token": token, **extra}
    return client.post(f"/j/{workshop.code}/ideas", data=data)


def _count(model=Idea):
    db.session.rollback()  # end the test's read transaction to see what requests wrote
    return db.session.scalar(select(func.count(model.id)))


def test_join_page_shows_workshop_and_questions(client, workshop):
    page = client.get(f"/j/{workshop.code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dithmarschen Digital – Auftakt" in html
    assert "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?" in html


def test_join_code_is_case_insensitive(client, workshop):
    assert client.get(f"/j/{workshop.code.lower()}").status_code == 200


def test_joining_sets_an_http_only_cookie_and_stores_only_a_hash(client, workshop):
    token = csrf_token(client)
    response = client.post(f"/j/{workshop.code}", data={"nickname": "  Jan   aus Heide ", "csrf_token": token})
    assert response.status_code == 302
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("participant="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    raw = cookie.split(";")[0].split("=", 1)[1]
    db.session.rollback()
    participant = db.session.scalar(select(Participant))
    assert participant.nickname == "Jan aus Heide"
    assert participant.token_hash != raw and len(participant.token_hash) == 64


def test_post_idea_with_umlauts_and_emoji_shows_under_my_ideas(attendee, workshop):
    client, token = attendee
    response = _post(client, workshop, token, "  Kostenloses WLAN am Marktplatz in Heide – für alle! 📶  ")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kostenloses WLAN am Marktplatz in Heide – für alle! 📶" in page
    assert ">Danke! Ihre Idee ist gespeichert.<" in page  # the flash
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    assert idea.text == "Kostenloses WLAN am Marktplatz in Heide – für alle! 📶"
    assert idea.nickname == "Inge"


def test_double_submit_stores_the_idea_once(attendee, workshop):
    client, token = attendee
    first = _post(client, workshop, token, "Rufbus auch am Wochenende", key="double-tap-123")
    second = _post(client, workshop, token, "Rufbus auch am Wochenende", key="double-tap-123")
    assert first.status_code == second.status_code == 302
    assert _count() == 1
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "nicht doppelt angelegt" in page


def test_each_rendered_form_has_its_own_key(attendee, workshop):
    client, _ = attendee
    html = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    import re

    keys = re.findall(r'name="idempotency_key" value="([^"]+)"', html)
    assert len(keys) == len(workshop.questions) == len(set(keys))


def test_posting_without_join_creates_a_participant(client, workshop):
    token = csrf_token(client)
    assert _post(client, workshop, token, "Schul-App für alle Schulen").status_code == 302
    assert _count(Participant) == 1 and db.session.scalar(select(Participant)).nickname is None


def test_empty_idea_is_refused(attendee, workshop):
    client, token = attendee
    response = _post(client, workshop, token, "   \n  ")
    assert response.status_code == 422
    assert "Bitte schreiben Sie Ihre Idee" in response.get_data(as_text=True)
    assert _count() == 0


def test_too_long_idea_is_refused_and_the_text_kept(attendee, workshop):
    client, token = attendee
    text = "Glasfaser für jedes Dorf in Dithmarschen, " * 20  # 840 characters
    response = _post(client, workshop, token, text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "höchstens 500" in html
    assert text.strip() in html  # what was typed is still in the form
    assert 'aria-invalid="true"' in html
    assert _count() == 0


def test_limit_counts_characters_not_bytes(attendee, workshop):
    client, token = attendee
    assert _post(client, workshop, token, "ü" * 500).status_code == 302
    assert _post(client, workshop, token, "ü" * 501, key="key-bbbbbbbb2").status_code == 422


def test_workshop_specific_limit(attendee, workshop):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, idea_max_length=40)
    client, token = attendee
    response = _post(client, workshop, token, "Ein Bürgerbus, der auch abends nach Büsum fährt")
    assert response.status_code == 422 and "höchstens 40" in response.get_data(as_text=True)


def test_closed_workshop_refuses_and_keeps_text(attendee, workshop):
    set_open(workshop, False)
    client, token = attendee
    response = _post(client, workshop, token, "Carsharing am Bahnhof Meldorf")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nimmt gerade keine Ideen an" in html
    assert "Carsharing am Bahnhof Meldorf" in html
    assert _count() == 0


def test_closed_workshop_without_participant_creates_nothing(client, workshop):
    set_open(workshop, False)
    token = csrf_token(client)
    assert _post(client, workshop, token, "Ideenbox").status_code == 422
    assert _count(Participant) == 0


def test_question_of_another_workshop_is_refused_and_text_kept(attendee, workshop, moderator):
    other = create_workshop(moderator, "smarte-land-regionen")
    client, token = attendee
    response = _post(client, workshop, token, "Digitale Bürgerdienste", question=other.questions[0].id)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Diese Frage gehört nicht zu diesem Workshop" in html
    assert "Digitale Bürgerdienste" in html
    assert "Zu welcher Frage gehört Ihre Idee?" in html
    assert _count() == 0


def test_garbage_question_id_is_refused(attendee, workshop):
    client, token = attendee
    assert _post(client, workshop, token, "Idee", question="abc").status_code == 422
    assert _count() == 0


def test_missing_csrf_token_is_refused_and_text_kept(attendee, workshop):
    client, _ = attendee
    response = client.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[0].id, "text": "Mitfahrbank in Wesselburen", "idempotency_key": "k" * 10},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Sicherheits-Token" in html
    assert "Mitfahrbank in Wesselburen" in html
    assert 'name="csrf_token"' in html  # a fresh token to send it again
    assert _count() == 0


def test_unknown_code_gets_a_friendly_page_with_the_code_kept(client):
    response = client.get("/j/ZZZZZZ")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Zu diesem Code gibt es keinen Workshop" in html and 'value="ZZZZZZ"' in html


def test_start_page_code_entry(client, workshop):
    response = client.get("/join", query_string={"code": f" {workshop.code.lower()[:3]}-{workshop.code[3:]} "})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{workshop.code}")
    invalid = client.get("/join", query_string={"code": "O0I1L"})
    assert invalid.status_code == 400 and "kein gültiger Code" in invalid.get_data(as_text=True)
    assert client.get("/join", query_string={"code": ""}).status_code == 400
    unknown = client.get("/join", query_string={"code": "ZZZZZZ"})
    assert unknown.status_code == 404 and 'value="ZZZZZZ"' in unknown.get_data(as_text=True)


def test_edit_own_idea(attendee, workshop):
    client, token = attendee
    _post(client, workshop, token, "Schul-App mit Vertretungsplan")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    url = f"/j/{workshop.code}/ideas/{idea.id}/edit"
    assert "Schul-App mit Vertretungsplan" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"text": "Schul-App mit Vertretungsplan und Elternbriefen", "csrf_token": token})
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Idea, idea.id).text == "Schul-App mit Vertretungsplan und Elternbriefen"


def test_edit_refuses_bad_text_and_keeps_it(attendee, workshop):
    client, token = attendee
    _post(client, workshop, token, "Telemedizin in der Hausarztpraxis")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    url = f"/j/{workshop.code}/ideas/{idea.id}/edit"
    too_long = "ä" * 501
    response = client.post(url, data={"text": too_long, "csrf_token": token})
    assert response.status_code == 422 and too_long in response.get_data(as_text=True)
    assert client.post(url, data={"text": "", "csrf_token": token}).status_code == 422
    db.session.rollback()
    assert db.session.get(Idea, idea.id).text == "Telemedizin in der Hausarztpraxis"


def test_delete_own_idea_after_confirmation(attendee, workshop):
    client, token = attendee
    _post(client, workshop, token, "Digitale Sprechstunde im Rathaus")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    url = f"/j/{workshop.code}/ideas/{idea.id}/delete"
    assert "wirklich löschen" in client.get(url).get_data(as_text=True)
    assert _count() == 1
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    assert _count() == 0


def test_no_edit_or_delete_when_closed(attendee, workshop):
    client, token = attendee
    _post(client, workshop, token, "E-Rezept auf dem Land")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    set_open(workshop, False)
    edit = client.post(f"/j/{workshop.code}/ideas/{idea.id}/edit", data={"text": "geändert", "csrf_token": token})
    delete = client.post(f"/j/{workshop.code}/ideas/{idea.id}/delete", data={"csrf_token": token})
    assert edit.status_code == delete.status_code == 422
    db.session.rollback()
    assert db.session.get(Idea, idea.id).text == "E-Rezept auf dem Land"


def test_other_peoples_ideas_cannot_be_edited_or_deleted(app, attendee, workshop):
    client, token = attendee
    _post(client, workshop, token, "Co-Working-Space in Brunsbüttel")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    stranger = app.test_client()
    stranger_token = csrf_token(stranger)
    stranger.post(f"/j/{workshop.code}", data={"csrf_token": stranger_token})
    for action in ("edit", "delete"):
        url = f"/j/{workshop.code}/ideas/{idea.id}/{action}"
        assert stranger.get(url).status_code == 404
        assert stranger.post(url, data={"text": "gekapert", "csrf_token": stranger_token}).status_code == 404
    db.session.rollback()
    assert db.session.get(Idea, idea.id).text == "Co-Working-Space in Brunsbüttel"


def test_idea_of_one_workshop_is_not_reachable_through_another_code(attendee, workshop, moderator):
    client, token = attendee
    _post(client, workshop, token, "Ladesäulen am Hafen Büsum")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    other = create_workshop(moderator, "dithmarschen", "Zweiter Workshop")
    assert client.get(f"/j/{other.code}/ideas/{idea.id}/edit").status_code == 404


def test_control_characters_are_removed_and_text_shown_as_text(attendee, workshop):
    client, token = attendee
    _post(client, workshop, token, "<script>alert(1)</script>\x00\x07 Bürgerbüro\r\nonline")
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    assert idea.text == "<script>alert(1)</script> Bürgerbüro\nonline"
    html = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_ip_address_or_user_agent_is_stored(app, client, workshop, database_url):
    headers = {"User-Agent": "Mozilla/5.0 (Fingerprint-Handy 4711)", "X-Forwarded-For": "203.0.113.77"}
    token = csrf_token(client)
    client.post(f"/j/{workshop.code}", data={"nickname": "Anonym", "csrf_token": token},
                headers=headers, environ_base={"REMOTE_ADDR": "198.51.100.23"})
    _post(client, workshop, token, "Mehr Radwege zwischen Heide und Meldorf",
          headers=headers, environ_base={"REMOTE_ADDR": "198.51.100.23"})
    assert _count() == 1
    dump = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()):
            dump.append(" ".join(str(value) for value in row))
    everything = "\n".join(dump)
    for secret in ("198.51.100.23", "203.0.113.77", "Fingerprint-Handy", "Mozilla"):
        assert secret not in everything
