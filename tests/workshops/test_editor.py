"""Moderators create workshops from templates and edit settings, questions and fields.

Every refused input answers 422 with a German message, keeps what was typed in the form
and leaves the stored workshop as it was.
"""

import re
import secrets
from datetime import date
from html import unescape as html_unescape

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Idea, Participant
from participation.ideas.services import submit_idea
from participation.workshops import codes
from participation.workshops.catalog import TEMPLATES
from participation.workshops.models import Field, Question, Workshop
from participation.workshops.services import create_workshop

from helpers import TEST_PASSWORD, csrf_token

BASE = "/moderation/workshops"


# --- helpers ---------------------------------------------------------------------------


def _count(model):
    db.session.rollback()  # end the test's read transaction to see what requests wrote
    return db.session.scalar(select(func.count(model.id)))


def _stored(workshop_id):
    """The workshop as the database has it now."""
    db.session.rollback()
    return db.session.get(Workshop, workshop_id)


def _snapshot(workshop_id):
    """Everything a moderator can edit, to check that a refused request changed nothing."""
    workshop = _stored(workshop_id)
    return (
        workshop.title,
        workshop.event_date,
        workshop.place,
        workshop.description,
        workshop.idea_max_length,
        workshop.is_open,
        [(question.id, question.position, question.text) for question in workshop.questions],
        [
            (field.id, field.position, field.name, field.description, list(field.keywords), field.colour)
            for field in workshop.fields
        ],
    )


def _question_texts(workshop_id):
    return [question.text for question in _stored(workshop_id).questions]


def _field_names(workshop_id):
    return [field.name for field in _stored(workshop_id).fields]


def _follow(client, response):
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _log_in(client, username):
    token = csrf_token(client)
    response = client.post(
        "/moderation/login", data={"username": username, "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return csrf_token(client)  # login starts a fresh session with a new token


def _settings_data(token, **changes):
    data = {
        "title": "Gesundheit & Pflege – Werkstatt in Meldorf",
        "event_date": "2026-10-28",
        "place": "Meldorf, Bürgerhaus am Südermarkt",
        "description": "Wie können Telemedizin und Pflege-Apps älteren Menschen in Dithmarschen helfen?",
        "idea_max_length": "280",
        "is_open": "y",
        "csrf_token": token,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _add_idea(workshop, question, text="Videosprechstunde mit der Hausärztin in Meldorf", nickname="Inge"):
    """An attendee's idea for ``question``, stored the way the attendee form stores it."""
    from participation.database import write_transaction
    from participation.ideas.participants import hash_token

    with write_transaction() as session:
        participant = Participant(
            workshop_id=workshop.id, token_hash=hash_token(secrets.token_urlsafe(32)), nickname=nickname
        )
        session.add(participant)
    idea, created = submit_idea(workshop, participant, question.id, text)
    assert created
    return idea


@pytest.fixture
def other_client(app):
    """A second moderator, logged in on a client of their own; returns (client, csrf token)."""
    from participation.auth.services import create_moderator

    create_moderator("kollege-heide", TEST_PASSWORD)
    client = app.test_client()
    return client, _log_in(client, "kollege-heide")


# --- login and ownership ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/",
        f"{BASE}/new",
        f"{BASE}/{{id}}",
        f"{BASE}/{{id}}/edit",
        f"{BASE}/{{id}}/poster",
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, workshop, path):
    response = client.get(path.format(id=workshop.id))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderation/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bitte melden Sie sich an, um diese Seite zu sehen." in page


def test_anonymous_post_changes_nothing(client, workshop):
    before = _snapshot(workshop.id)
    token = csrf_token(client)
    response = client.post(f"{BASE}/{workshop.id}/settings", data=_settings_data(token))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/moderation/login")
    response = client.post(f"{BASE}/{workshop.id}/state", data={"open": "0", "csrf_token": token})
    assert response.headers["Location"].startswith("/moderation/login")
    assert _snapshot(workshop.id) == before


def test_dashboard_lists_own_workshops(logged_in, workshop):
    html = logged_in.get("/moderation/").get_data(as_text=True)
    assert "Dithmarschen Digital – Auftakt" in html
    assert workshop.code in html


def test_other_moderator_gets_404_and_changes_nothing(other_client, workshop):
    client, token = other_client
    before = _snapshot(workshop.id)
    for path in ("", "/edit", "/poster"):
        assert client.get(f"{BASE}/{workshop.id}{path}").status_code == 404, path
    question, field = workshop.questions[0], workshop.fields[0]
    posts = {
        "/settings": _settings_data(token, title="Übernommen von Heide"),
        "/state": {"open": "0", "csrf_token": token},
        "/questions": {"new-question-text": "Fremde Frage?", "csrf_token": token},
        f"/questions/{question.id}": {f"q{question.id}-text": "Geändert?", "csrf_token": token},
        f"/questions/{question.id}/delete": {"csrf_token": token},
        f"/questions/{question.id}/move": {"direction": "down", "csrf_token": token},
        "/fields": {"new-field-name": "Fremdes Feld", "new-field-colour": "#123456", "csrf_token": token},
        f"/fields/{field.id}": {f"f{field.id}-name": "Fremd", f"f{field.id}-colour": "#123456", "csrf_token": token},
        f"/fields/{field.id}/delete": {"csrf_token": token},
    }
    for path, data in posts.items():
        assert client.post(f"{BASE}/{workshop.id}{path}", data=data).status_code == 404, path
    assert _snapshot(workshop.id) == before
    dashboard = client.get("/moderation/").get_data(as_text=True)
    assert "Dithmarschen Digital – Auftakt" not in dashboard
    assert "Sie haben noch keinen Workshop angelegt." in dashboard


# --- creating from templates ------------------------------------------------------------


def _create(client, template, title=""):
    token = csrf_token(client)
    return client.post(f"{BASE}/new", data={"template": template, "title": title, "csrf_token": token})


def _only_workshop():
    db.session.rollback()
    workshops = db.session.scalars(select(Workshop)).all()
    assert len(workshops) == 1
    return workshops[0]


def _assert_valid_code(code):
    assert len(code) == codes.CODE_LENGTH == 6
    assert all(char in codes.ALPHABET for char in code)


def test_new_page_offers_all_templates_with_dithmarschen_preselected(logged_in):
    html = logged_in.get(f"{BASE}/new").get_data(as_text=True)
    for template in TEMPLATES.values():
        assert template.label in html
    assert re.search(r'<input[^>]*checked[^>]*value="dithmarschen"', html)
    assert "3 Leitfragen, 8 Handlungsfelder" in html
    assert "Gesundheit &amp; Pflege" in html


def test_create_from_dithmarschen_copies_questions_and_fields_in_order(logged_in, moderator):
    response = _create(logged_in, "dithmarschen")
    workshop = _only_workshop()
    assert response.headers["Location"] == f"{BASE}/{workshop.id}"
    page = _follow(logged_in, response)
    assert "Der Workshop „Dithmarschen Digital – Auftakt“ ist angelegt." in page

    template = TEMPLATES["dithmarschen"]
    assert workshop.title == "Dithmarschen Digital – Auftakt"
    assert workshop.owner_id == moderator.id
    assert workshop.is_open is True and workshop.idea_max_length == 500
    assert [question.text for question in workshop.questions] == [
        "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?",
        "Welche konkrete Projektidee haben wir für die Digitalstrategie im Kreis?",
        "Wie könnte uns Technologie helfen, unseren Alltag besser zu gestalten?",
    ]
    assert [question.position for question in workshop.questions] == [0, 1, 2]
    assert [field.name for field in workshop.fields] == [
        "Bildung",
        "Gesundheit & Pflege",
        "Mobilität",
        "Verwaltung & Bürgerservice",
        "Wirtschaft & Arbeit",
        "Breitband & Infrastruktur",
        "Umwelt & Energie",
        "Kultur, Freizeit & Ehrenamt",
    ]
    assert [field.position for field in workshop.fields] == list(range(8))
    for stored, original in zip(workshop.fields, template.fields):
        assert stored.keywords == list(original.keywords) and stored.keywords
        assert stored.colour == original.colour
        assert stored.description == original.description
    _assert_valid_code(workshop.code)


def test_create_from_smarte_land_regionen_with_own_title(logged_in):
    response = _create(logged_in, "smarte-land-regionen", "  Digitalstrategie Kreis Dithmarschen – Meldorf  ")
    assert response.status_code == 302
    workshop = _only_workshop()
    assert workshop.title == "Digitalstrategie Kreis Dithmarschen – Meldorf"
    assert [field.name for field in workshop.fields] == [
        "Daseinsvorsorge",
        "Wirtschaftsförderung",
        "Verwaltung",
        "Daten",
        "Breitband und digitale Infrastrukturen",
        "Kooperation und Organisation",
    ]
    assert len(workshop.questions) == 3
    _assert_valid_code(workshop.code)


def test_blank_spaces_only_title_takes_the_template_title(logged_in):
    assert _create(logged_in, "dithmarschen", "   ").status_code == 302
    assert _only_workshop().title == "Dithmarschen Digital – Auftakt"


@pytest.mark.parametrize("title", ["", "   "])
def test_blank_template_requires_a_title(logged_in, title):
    response = _create(logged_in, "blank", title)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie einen Titel ein." in html
    assert re.search(r'<input[^>]*checked[^>]*value="blank"', html)
    assert not re.search(r'<input[^>]*checked[^>]*value="dithmarschen"', html)
    assert _count(Workshop) == 0


def test_blank_template_with_title_creates_an_empty_workshop(logged_in):
    response = _create(logged_in, "blank", "Gesundheit & Pflege in Meldorf")
    assert response.status_code == 302
    workshop = _only_workshop()
    assert workshop.title == "Gesundheit & Pflege in Meldorf"
    assert workshop.questions == [] and workshop.fields == []
    _assert_valid_code(workshop.code)
    editor = logged_in.get(f"{BASE}/{workshop.id}/edit").get_data(as_text=True)
    assert "Noch keine Leitfragen." in editor and "Noch keine Handlungsfelder." in editor


def test_unknown_template_is_refused(logged_in):
    response = _create(logged_in, "gibt-es-nicht", "Werkstatt Büsum")
    assert response.status_code == 422
    assert _count(Workshop) == 0


# --- settings ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed_date", ["2026-10-28", "28.10.2026"])
def test_save_settings(logged_in, workshop, typed_date):
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/settings",
        data=_settings_data(token, event_date=typed_date, is_open=None),  # checkbox left unticked
    )
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit"
    page = _follow(logged_in, response)
    assert "Die Einstellungen sind gespeichert." in page
    assert 'value="Gesundheit &amp; Pflege – Werkstatt in Meldorf"' in page
    assert 'value="2026-10-28"' in page

    stored = _stored(workshop.id)
    assert stored.title == "Gesundheit & Pflege – Werkstatt in Meldorf"
    assert stored.event_date == date(2026, 10, 28)
    assert stored.place == "Meldorf, Bürgerhaus am Südermarkt"
    assert stored.description.startswith("Wie können Telemedizin")
    assert stored.idea_max_length == 280
    assert stored.is_open is False
    # The questions and fields are untouched by the settings form.
    assert len(stored.questions) == 3 and len(stored.fields) == 8


def test_settings_can_open_and_clear_optional_values(logged_in, workshop):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, is_open=False, event_date=date(2026, 10, 28), place="Heide")
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/settings",
        data=_settings_data(token, title="  Werkstatt Büsum  ", event_date="", place="  ", description=""),
    )
    assert response.status_code == 302
    stored = _stored(workshop.id)
    assert stored.title == "Werkstatt Büsum"
    assert stored.event_date is None and stored.place == "" and stored.description == ""
    assert stored.is_open is True


@pytest.mark.parametrize(
    "changes, message, typed",
    [
        ({"title": "   "}, "Bitte geben Sie einen Titel ein.", None),
        ({"idea_max_length": "5"}, "Bitte eine Zahl zwischen 20 und 5000.", 'value="5"'),
        ({"idea_max_length": "abc"}, "Bitte geben Sie eine Zahl ein.", 'value="abc"'),
        ({"event_date": "31.02.2026"}, "Kein gültiges Datum.", 'value="31.02.2026"'),
    ],
)
def test_invalid_settings_are_refused_and_typed_values_kept(logged_in, workshop, changes, message, typed):
    before = _snapshot(workshop.id)
    token = csrf_token(logged_in)
    data = _settings_data(token, **changes)
    response = logged_in.post(f"{BASE}/{workshop.id}/settings", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert "Bitte korrigieren Sie die markierten Angaben." in html
    assert 'aria-invalid="true"' in html
    if typed:
        assert typed in html
    # The other typed values are still in the form, not the stored ones.
    if "title" not in changes:
        assert 'value="Gesundheit &amp; Pflege – Werkstatt in Meldorf"' in html
    assert 'value="Meldorf, Bürgerhaus am Südermarkt"' in html
    assert "Wie können Telemedizin und Pflege-Apps älteren Menschen in Dithmarschen helfen?" in html
    assert _snapshot(workshop.id) == before


def test_settings_without_csrf_token_are_refused_and_input_shown_again(logged_in, workshop):
    before = _snapshot(workshop.id)
    data = _settings_data(None)
    response = logged_in.post(f"{BASE}/{workshop.id}/settings", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Sicherheits-Token fehlt" in html
    assert 'value="Gesundheit &amp; Pflege – Werkstatt in Meldorf"' in html
    assert "Wie können Telemedizin und Pflege-Apps älteren Menschen in Dithmarschen helfen?" in html
    assert f'action="{BASE}/{workshop.id}/settings"' in html
    assert _snapshot(workshop.id) == before


# --- questions --------------------------------------------------------------------------


def test_add_question(logged_in, workshop):
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/questions",
        data={"new-question-text": "  Wie kommen Sie ohne Auto von Meldorf nach Heide?  ", "csrf_token": token},
    )
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#questions"
    page = _follow(logged_in, response)
    assert "Die Frage ist hinzugefügt." in page
    assert "Wie kommen Sie ohne Auto von Meldorf nach Heide?" in page
    stored = _stored(workshop.id)
    assert stored.questions[-1].text == "Wie kommen Sie ohne Auto von Meldorf nach Heide?"
    assert [question.position for question in stored.questions] == [0, 1, 2, 3]


def test_add_first_question_to_a_blank_workshop(logged_in, moderator):
    workshop = create_workshop(moderator, "blank", "Gesundheit & Pflege")
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/questions", data={"new-question-text": "Was wünschen Sie sich?", "csrf_token": token}
    )
    assert response.status_code == 302
    assert [(q.position, q.text) for q in _stored(workshop.id).questions] == [(0, "Was wünschen Sie sich?")]


@pytest.mark.parametrize("text", ["", "  \r\n  "])
def test_empty_question_is_refused(logged_in, workshop, text):
    before = _snapshot(workshop.id)
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/questions", data={"new-question-text": text, "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie den Text der Frage ein." in html
    assert 'id="new-question-text-error"' in html
    assert _snapshot(workshop.id) == before


def test_too_long_question_is_refused_and_text_kept(logged_in, workshop):
    before = _snapshot(workshop.id)
    text = "Wie können Bürgerinnen und Bürger in Dithmarschen digital mitreden? " * 5  # 340 characters
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/questions", data={"new-question-text": text, "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Feld kann nicht länger als 300 Zeichen sein." in html
    assert text.strip() in html
    assert _snapshot(workshop.id) == before


def test_question_limit_counts_characters(logged_in, workshop):
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/questions", data={"new-question-text": "ü" * 300, "csrf_token": token}
    )
    assert response.status_code == 302
    assert _stored(workshop.id).questions[-1].text == "ü" * 300


def test_update_question(logged_in, workshop):
    question = workshop.questions[1]
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/questions/{question.id}",
        data={f"q{question.id}-text": " Welche Projektidee haben Sie für Meldorf? ", "csrf_token": token},
    )
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#question-{question.id}"
    assert "Die Frage ist gespeichert." in _follow(logged_in, response)
    assert _question_texts(workshop.id) == [
        "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?",
        "Welche Projektidee haben Sie für Meldorf?",
        "Wie könnte uns Technologie helfen, unseren Alltag besser zu gestalten?",
    ]


def test_update_question_with_empty_text_is_refused(logged_in, workshop):
    before = _snapshot(workshop.id)
    question = workshop.questions[0]
    token = csrf_token(logged_in)
    response = logged_in.post(
        f"{BASE}/{workshop.id}/questions/{question.id}", data={f"q{question.id}-text": " ", "csrf_token": token}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte geben Sie den Text der Frage ein." in html
    assert f'id="q{question.id}-text-error"' in html
    assert _snapshot(workshop.id) == before


def _move(client, workshop, kind, item, direction):
    token = csrf_token(client)
    return client.post(
        f"{BASE}/{workshop.id}/{kind}/{item.id}/move", data={"direction": direction, "csrf_token": token}
    )


def test_move_questions(logged_in, workshop):
    first, second, third = workshop.questions
    response = _move(logged_in, workshop, "questions", second, "up")
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#question-{second.id}"
    assert [q.id for q in _stored(workshop.id).questions] == [second.id, first.id, third.id]

    assert _move(logged_in, workshop, "questions", second, "down").status_code == 302
    assert _move(logged_in, workshop, "questions", second, "down").status_code == 302
    stored = _stored(workshop.id)
    assert [q.id for q in stored.questions] == [first.id, third.id, second.id]
    assert [q.position for q in stored.questions] == [0, 1, 2]

    # At the edges nothing moves.
    _move(logged_in, workshop, "questions", second, "down")
    _move(logged_in, workshop, "questions", first, "up")
    assert [q.id for q in _stored(workshop.id).questions] == [first.id, third.id, second.id]


def test_delete_question_without_ideas(logged_in, workshop):
    first, second, third = workshop.questions
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/questions/{second.id}/delete", data={"csrf_token": token})
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#questions"
    assert "Die Frage ist gelöscht." in _follow(logged_in, response)
    assert [q.id for q in _stored(workshop.id).questions] == [first.id, third.id]
    # Moving after a delete closes the gap in the positions.
    _move(logged_in, workshop, "questions", third, "up")
    stored = _stored(workshop.id)
    assert [(q.id, q.position) for q in stored.questions] == [(third.id, 0), (first.id, 1)]


def test_question_with_ideas_cannot_be_deleted(logged_in, workshop):
    question = workshop.questions[0]
    _add_idea(workshop, question)
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/questions/{question.id}/delete", data={"csrf_token": token})
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#question-{question.id}"
    page = _follow(logged_in, response)
    assert "Diese Frage hat schon eine Idee und kann deshalb nicht gelöscht werden." in page
    assert "flash-error" in page
    assert _count(Question) == 3
    idea = db.session.scalar(select(Idea))
    assert idea.question_id == question.id
    assert idea.text == "Videosprechstunde mit der Hausärztin in Meldorf"


def test_question_with_ideas_from_the_attendee_form_cannot_be_deleted(logged_in, attendee, workshop):
    visitor, visitor_token = attendee
    question = workshop.questions[2]
    for number, text in enumerate(["Rufbus nach Meldorf per App", "Online-Termine im Bürgerbüro Heide"]):
        response = visitor.post(
            f"/j/{workshop.code}/ideas",
            data={
                "question_id": question.id,
                "text": text,
                "idempotency_key": f"key-delete-{number}",
                "csrf_token": visitor_token,
            },
        )
        assert response.status_code == 302
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/questions/{question.id}/delete", data={"csrf_token": token})
    assert "Diese Frage hat schon 2 Ideen und kann deshalb nicht gelöscht werden." in _follow(logged_in, response)
    assert _count(Idea) == 2 and _count(Question) == 3


# --- fields -----------------------------------------------------------------------------


def _field_data(token, prefix="new-field", **changes):
    data = {
        "name": "Mobilität auf dem Land",
        "description": "Bus, Bahn und Rad zwischen Meldorf, Heide und Büsum.",
        "keywords": "Bus, Bahn; Radweg\nbus",
        "colour": "#A1B2C3",
    }
    data.update(changes)
    return {**{f"{prefix}-{key}": value for key, value in data.items()}, "csrf_token": token}


def test_add_field(logged_in, workshop):
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/fields", data=_field_data(token))
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#fields"
    page = _follow(logged_in, response)
    assert "Das Handlungsfeld ist hinzugefügt." in page
    assert "bus, bahn, radweg" in page
    field = _stored(workshop.id).fields[-1]
    assert field.name == "Mobilität auf dem Land"
    assert field.description == "Bus, Bahn und Rad zwischen Meldorf, Heide und Büsum."
    assert field.keywords == ["bus", "bahn", "radweg"]
    assert field.colour == "#a1b2c3"
    assert field.position == 8


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"colour": "rot"}, "Bitte eine Farbe wie #1f5f8b wählen."),
        ({"colour": "#12345g"}, "Bitte eine Farbe wie #1f5f8b wählen."),
        ({"name": "  "}, "Bitte geben Sie einen Namen ein."),
    ],
)
def test_invalid_field_is_refused_and_input_kept(logged_in, workshop, changes, message):
    before = _snapshot(workshop.id)
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/fields", data=_field_data(token, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    if "name" not in changes:
        assert 'value="Mobilität auf dem Land"' in html
    if "colour" in changes:
        assert f'value="{changes["colour"]}"' in html
    assert "Bus, Bahn; Radweg\r\nbus" in html or "Bus, Bahn; Radweg\nbus" in html
    assert "Bus, Bahn und Rad zwischen Meldorf, Heide und Büsum." in html
    assert _snapshot(workshop.id) == before


def test_update_field(logged_in, workshop):
    field = workshop.fields[1]
    assert field.name == "Gesundheit & Pflege"
    token = csrf_token(logged_in)
    data = _field_data(
        token,
        prefix=f"f{field.id}",
        name="Gesundheit & Pflege in Meldorf",
        description="Telemedizin und Pflege zu Hause.",
        keywords="Hausarzt, Telemedizin;  Pflege-App ",
        colour="#7A1F3D",
    )
    response = logged_in.post(f"{BASE}/{workshop.id}/fields/{field.id}", data=data)
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#field-{field.id}"
    page = _follow(logged_in, response)
    assert "Das Handlungsfeld ist gespeichert." in page
    assert "hausarzt, telemedizin, pflege-app" in page
    stored = _stored(workshop.id).fields[1]
    assert stored.id == field.id
    assert stored.name == "Gesundheit & Pflege in Meldorf"
    assert stored.description == "Telemedizin und Pflege zu Hause."
    assert stored.keywords == ["hausarzt", "telemedizin", "pflege-app"]
    assert stored.colour == "#7a1f3d"
    assert stored.position == 1


def test_saving_a_field_unchanged_keeps_its_keywords(logged_in, workshop):
    field = workshop.fields[1]
    keywords = list(field.keywords)
    html = logged_in.get(f"{BASE}/{workshop.id}/edit").get_data(as_text=True)
    shown = re.search(rf'<textarea[^>]*name="f{field.id}-keywords"[^>]*>\s*([^<]*)</textarea>', html).group(1)
    assert html_unescape(shown) == ", ".join(keywords)
    token = csrf_token(logged_in)
    data = _field_data(
        token, prefix=f"f{field.id}", name=field.name, description=field.description,
        keywords=html_unescape(shown), colour=field.colour,
    )
    assert logged_in.post(f"{BASE}/{workshop.id}/fields/{field.id}", data=data).status_code == 302
    assert _stored(workshop.id).fields[1].keywords == keywords


def test_update_field_with_bad_colour_is_refused(logged_in, workshop):
    before = _snapshot(workshop.id)
    field = workshop.fields[0]
    token = csrf_token(logged_in)
    data = _field_data(token, prefix=f"f{field.id}", name="Bildung für alle", colour="blau")
    response = logged_in.post(f"{BASE}/{workshop.id}/fields/{field.id}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte eine Farbe wie #1f5f8b wählen." in html
    assert 'value="Bildung für alle"' in html and 'value="blau"' in html
    assert _snapshot(workshop.id) == before


def test_move_fields(logged_in, workshop):
    ids = [field.id for field in workshop.fields]
    mobility = workshop.fields[2]
    response = _move(logged_in, workshop, "fields", mobility, "down")
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#field-{mobility.id}"
    expected = ids[:2] + [ids[3], ids[2]] + ids[4:]
    stored = _stored(workshop.id)
    assert [field.id for field in stored.fields] == expected
    assert [field.position for field in stored.fields] == list(range(8))
    _move(logged_in, workshop, "fields", mobility, "up")
    _move(logged_in, workshop, "fields", mobility, "up")
    assert _field_names(workshop.id)[:3] == ["Bildung", "Mobilität", "Gesundheit & Pflege"]


def test_delete_field(logged_in, workshop):
    field = workshop.fields[1]
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/fields/{field.id}/delete", data={"csrf_token": token})
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#fields"
    assert "Das Handlungsfeld ist gelöscht." in _follow(logged_in, response)
    names = _field_names(workshop.id)
    assert "Gesundheit & Pflege" not in names and len(names) == 7
    assert _count(Field) == 7


# --- open / closed ----------------------------------------------------------------------


def test_close_and_reopen(logged_in, workshop):
    token = csrf_token(logged_in)
    response = logged_in.post(f"{BASE}/{workshop.id}/state", data={"open": "0", "csrf_token": token})
    assert response.headers["Location"] == f"{BASE}/{workshop.id}"
    page = _follow(logged_in, response)
    assert "Der Workshop ist jetzt geschlossen." in page
    assert "Einreichen öffnen" in page
    assert _stored(workshop.id).is_open is False

    response = logged_in.post(f"{BASE}/{workshop.id}/state", data={"open": "1", "csrf_token": token})
    page = _follow(logged_in, response)
    assert "Der Workshop ist jetzt geöffnet." in page
    assert "Einreichen beenden (schließen)" in page
    assert _stored(workshop.id).is_open is True


def test_overview_counts_ideas(logged_in, workshop):
    assert "0 Ideen" in logged_in.get(f"{BASE}/{workshop.id}").get_data(as_text=True)
    _add_idea(workshop, workshop.questions[0])
    assert re.search(r"·\s*1 Idee auf der Wand\s*<", logged_in.get(f"{BASE}/{workshop.id}").get_data(as_text=True))


# --- items of another workshop ----------------------------------------------------------


def test_items_of_another_workshop_give_404(logged_in, workshop, moderator):
    other = create_workshop(moderator, "smarte-land-regionen")
    before, before_other = _snapshot(workshop.id), _snapshot(other.id)
    question, field = other.questions[0], other.fields[0]
    token = csrf_token(logged_in)
    posts = {
        f"/questions/{question.id}": {f"q{question.id}-text": "Gekapert?", "csrf_token": token},
        f"/questions/{question.id}/delete": {"csrf_token": token},
        f"/questions/{question.id}/move": {"direction": "down", "csrf_token": token},
        f"/fields/{field.id}": _field_data(token, prefix=f"f{field.id}"),
        f"/fields/{field.id}/delete": {"csrf_token": token},
        f"/fields/{field.id}/move": {"direction": "down", "csrf_token": token},
        "/questions/999999": {"q999999-text": "Gibt es nicht", "csrf_token": token},
        "/fields/999999/delete": {"csrf_token": token},
    }
    for path, data in posts.items():
        response = logged_in.post(f"{BASE}/{workshop.id}{path}", data=data)
        assert response.status_code == 404, path
        assert "Diese Seite gibt es nicht." in response.get_data(as_text=True)
    assert _snapshot(workshop.id) == before
    assert _snapshot(other.id) == before_other


def test_unknown_workshop_gives_404(logged_in):
    assert logged_in.get(f"{BASE}/999999/edit").status_code == 404


def test_catch_all_mark_is_added_saved_and_removed(logged_in, workshop):
    token = csrf_token(logged_in)
    data = _field_data(token, name="Offene Punkte", catch_all="y")
    assert logged_in.post(f"{BASE}/{workshop.id}/fields", data=data).status_code == 302
    field = _stored(workshop.id).fields[-1]
    assert field.name == "Offene Punkte" and field.catch_all is True
    html = logged_in.get(f"{BASE}/{workshop.id}/edit").get_data(as_text=True)
    assert re.search(rf'<input[^>]*checked[^>]*name="f{field.id}-catch_all"|<input[^>]*name="f{field.id}-catch_all"[^>]*checked', html)
    assert "Sammelfeld („Sonstiges“)" in html
    data = _field_data(token, prefix=f"f{field.id}", name="Offene Punkte")  # box not ticked
    assert logged_in.post(f"{BASE}/{workshop.id}/fields/{field.id}", data=data).status_code == 302
    assert _stored(workshop.id).fields[-1].catch_all is False
    assert all(not other.catch_all for other in _stored(workshop.id).fields)
