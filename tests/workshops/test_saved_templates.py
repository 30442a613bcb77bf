"""A moderator's own templates: saved from a workshop, downloaded as a JSON file, imported
on another installation, and a workshop created from them has the same questions, fields
(keywords!) and run sheet. Bad files are refused with a message and store nothing; another
moderator's templates answer 404."""

import io
import json

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.auth.services import create_moderator
from participation.extensions import db
from participation.phases.services import replace_steps
from participation.workshops import saved_templates
from participation.workshops.models import SavedTemplate, Workshop
from participation.workshops.services import create_workshop
from participation.workshops.structure import add_field, update_field

from helpers import TEST_PASSWORD, csrf_token

BASE = "/moderation/templates"


def _login(client, username):
    token = csrf_token(client)
    response = client.post("/moderation/login", data={"username": username, "password": TEST_PASSWORD,
                                                       "csrf_token": token})
    assert response.status_code == 302
    return client


def _shape(workshop):
    """What a template carries, with question ids as positions."""
    positions = {question.id: index for index, question in enumerate(workshop.questions)}
    return (
        [question.text for question in workshop.questions],
        [(field.name, field.description, list(field.keywords), field.colour, bool(field.catch_all))
         for field in workshop.fields],
        [(step.kind, sorted(positions[qid] for qid in step.question_ids), step.duration_seconds,
          bool(step.auto_advance), step.title) for step in workshop.steps],
    )


@pytest.fixture
def prepared(app, moderator):
    """A workshop changed by its moderator: a keyword, a catch-all field, its own run sheet."""
    workshop = create_workshop(moderator, "dithmarschen", title="Heide 2027")
    first = workshop.fields[0]
    update_field(first, first.name, "Eigene Beschreibung", ["schulbus", "tablet-klasse"], "#0072b2")
    add_field(workshop, "Sonstiges", "Alles andere", ["sonstiges"], "#1a1a1a", catch_all=True)
    replace_steps(workshop, [
        {"kind": "silent", "question_positions": [1], "duration_seconds": 90, "auto_advance": True,
         "title": "Still für sich"},
        {"kind": "collect", "question_positions": [0, 2], "duration_seconds": 420, "title": "Offen"},
        {"kind": "vote", "duration_seconds": 300},
        {"kind": "result"},
    ])
    db.session.refresh(workshop)
    return workshop


def _save(client, workshop, name="Meine Heide-Vorlage", description="Für Auftakte im Kreis"):
    return client.post(f"/moderation/workshops/{workshop.id}/save-template",
                       data={"name": name, "description": description, "csrf_token": csrf_token(client)})


def _import(client, content, filename="vorlage.json"):
    data = {"csrf_token": csrf_token(client), "file": (io.BytesIO(content), filename)}
    return client.post(f"{BASE}/import", data=data, content_type="multipart/form-data")


def test_save_download_import_on_another_installation_and_create(prepared, logged_in, tmp_path, monkeypatch):
    expected = _shape(prepared)
    page = logged_in.get(f"/moderation/workshops/{prepared.id}/save-template").get_data(as_text=True)
    assert 'value="Heide 2027"' in page
    response = _save(logged_in, prepared)
    assert response.status_code == 302 and response.location.endswith(BASE)
    db.session.rollback()
    saved = db.session.scalars(select(SavedTemplate)).one()
    listing = logged_in.get(BASE).get_data(as_text=True)
    assert "Meine Heide-Vorlage" in listing and "4 Schritte im Ablauf" in listing

    download = logged_in.get(f"{BASE}/{saved.id}.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.headers["Content-Disposition"].endswith('vorlage-meine-heide-vorlage.json"')
    document = json.loads(download.data)
    assert document["format"] == "participation-template" and document["version"] == 1
    assert document["name"] == "Meine Heide-Vorlage" and document["description"] == "Für Auftakte im Kreis"
    assert "ideas" not in document and prepared.code not in download.get_data(as_text=True)

    # another installation: its own database, its own moderator
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "other-instance"))
    other = create_app({"TESTING": True, "SECRET_KEY": "other-secret", "ANALYSIS_IN_BACKGROUND": False,
                        "RUN_SHEET_TICK_SECONDS": 0,
                        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other.sqlite'}"})
    other.test_client_class = type(logged_in)  # every request in an app context of its own
    with other.app_context():
        db.create_all()
        create_moderator("anderswo", TEST_PASSWORD)
        client = _login(other.test_client(), "anderswo")
        response = _import(client, download.data, "vorlage-meine-heide-vorlage.json")
        assert response.status_code == 302, response.get_data(as_text=True)
        db.session.rollback()
        imported = db.session.scalars(select(SavedTemplate)).one()
        new_page = client.get("/moderation/workshops/new").get_data(as_text=True)
        assert "Meine Vorlagen" in new_page and "Meine Heide-Vorlage" in new_page
        assert "Still sammeln 1,5 Min. → Sammeln 7 Min. → Punkten 5 Min. → Ergebnis" in new_page
        response = client.post("/moderation/workshops/new", data={
            "template": f"saved-{imported.id}", "title": "", "csrf_token": csrf_token(client)})
        assert response.status_code == 302
        db.session.rollback()
        workshop = db.session.scalars(select(Workshop)).one()
        assert workshop.title == "Meine Heide-Vorlage" and workshop.description == "Für Auftakte im Kreis"
        assert _shape(workshop) == expected
        assert workshop.fields[0].keywords == ["schulbus", "tablet-klasse"]
        assert workshop.fields[-1].catch_all is True
        assert workshop.current_step_id is None
        db.session.remove()
        db.engine.dispose()


def test_the_catalogue_templates_are_offered_with_their_run_sheets(logged_in):
    page = logged_in.get("/moderation/workshops/new").get_data(as_text=True)
    for label in ("KGSt-Seminar", "Digiscouts-Ideensprint", "SWOT-Analyse", "1-2-4-Alle", "Leer"):
        assert label in page
    assert "Sammeln 10 Min. → Sammeln 10 Min. → Sammeln 10 Min. → Punkten 5 Min. → Ergebnis" in page
    assert "Ohne Ablauf" in page
    assert "Meine Vorlagen" not in page.split("<form")[1]  # no own templates yet: no group heading


def test_saving_needs_a_name_and_keeps_what_was_typed(prepared, logged_in):
    response = _save(logged_in, prepared, name="  ", description="Beschreibung bleibt")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte geben Sie der Vorlage einen Namen." in page and "Beschreibung bleibt" in page
    assert db.session.scalar(select(func.count(SavedTemplate.id))) == 0


def _document(**changes):
    document = {"format": "participation-template", "version": 1, "name": "Vorlage", "description": "",
                "questions": ["Frage eins?"],
                "fields": [{"name": "Feld", "description": "", "keywords": ["bus"], "colour": "#0072b2",
                            "catch_all": False}],
                "steps": [{"kind": "collect", "question_positions": [0], "duration_seconds": 600,
                           "auto_advance": False, "title": ""}]}
    document.update(changes)
    return json.dumps(document).encode()


BAD_FILES = [
    (b"", "Bitte wählen Sie eine Vorlagen-Datei"),
    (b"kein json {", "keine JSON-Datei"),
    (b"\xff\xfe\x00", "keine JSON-Datei"),
    (json.dumps([1, 2]).encode(), "keine Workshop-Vorlage dieser App"),
    (_document(format="etwas-anderes"), "keine Workshop-Vorlage dieser App"),
    (_document(version=2), "Version (2)"),
    (b" " * (200 * 1024 + 1), "zu groß"),
    (_document(questions=[f"Frage {n}?" for n in range(21)]), "zu viele Leitfragen"),
    (_document(fields=[{"name": f"F{n}", "colour": "#0072b2"} for n in range(31)]), "zu viele Handlungsfelder"),
    (_document(steps=[{"kind": "pause"}] * 41), "zu viele Schritte"),
    (_document(questions=["x" * 301]), "Leitfrage 1 ist zu lang"),
    (_document(name="n" * 121), "Der Name der Vorlage ist zu lang"),
    (_document(name=""), "Der Name der Vorlage fehlt"),
    (_document(questions="Frage?"), "Die Leitfragen: Hier wird eine Liste erwartet."),
    (_document(fields=[{"name": "F", "colour": "rot"}]), "keine gültige Farbe"),
    (_document(fields=[{"name": "F", "colour": "#0072b2", "keywords": ["k" * 81]}]), "Schlagwort"),
    (_document(steps=[{"kind": "tanzen"}]), "keine bekannte Art"),
    (_document(steps=[{"kind": "collect", "question_positions": [1]}]), "Leitfrage, die es in der Vorlage nicht gibt"),
    (_document(steps=[{"kind": "collect", "duration_seconds": 99999}]), "zwischen 1 Sekunde und 6 Stunden"),
    (_document(steps=[{"kind": "collect", "duration_seconds": "600"}]), "zwischen 1 Sekunde und 6 Stunden"),
    (_document(steps=[{"kind": "vote", "title": "t" * 121}]), "zu lang"),
]


@pytest.mark.parametrize("content, message", BAD_FILES, ids=range(len(BAD_FILES)))
def test_bad_files_are_refused_with_a_message_and_store_nothing(logged_in, content, message):
    response = _import(logged_in, content)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nichts importiert:" in page and message in page, page[page.find("Nichts"):][:300]
    assert 'role="alert"' in page
    db.session.rollback()
    assert db.session.scalar(select(func.count(SavedTemplate.id))) == 0


def test_nul_and_lone_surrogates_in_a_file_are_dropped_and_the_workshop_can_be_created(logged_in):
    content = (b'{"format": "participation-template", "version": 1, "name": "Na\\u0000me\\ud800",'
               b' "questions": ["Fra\\u0000ge?"], "fields": [{"name": "F\\udfffeld", "colour": "#0072b2",'
               b' "keywords": ["b\\u0000us"]}], "steps": [{"kind": "collect", "title": "\\u0000"}]}')
    assert _import(logged_in, content).status_code == 302
    db.session.rollback()
    saved = db.session.scalars(select(SavedTemplate)).one()
    assert saved.name == "Name"
    response = logged_in.post("/moderation/workshops/new", data={
        "template": f"saved-{saved.id}", "title": "", "csrf_token": csrf_token(logged_in)})
    assert response.status_code == 302
    db.session.rollback()
    workshop = db.session.scalars(select(Workshop)).one()
    assert [q.text for q in workshop.questions] == ["Frage?"]
    assert (workshop.fields[0].name, workshop.fields[0].keywords) == ("Feld", ["bus"])


def test_an_import_without_a_file_is_refused(logged_in):
    response = logged_in.post(f"{BASE}/import", data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 422
    assert "Bitte wählen Sie eine Vorlagen-Datei" in response.get_data(as_text=True)


def test_a_good_file_with_extra_spaces_and_repeated_keywords_is_cleaned(logged_in):
    content = _document(name="  Saubere Vorlage ", fields=[
        {"name": " Feld ", "colour": "#0072B2", "keywords": [" Bus ", "bus", "Bahn  Hof"]}])
    assert _import(logged_in, content).status_code == 302
    db.session.rollback()
    saved = db.session.scalars(select(SavedTemplate)).one()
    assert saved.name == "Saubere Vorlage"
    assert saved.payload["fields"] == [{"name": "Feld", "description": "", "keywords": ["bus", "bahn hof"],
                                        "colour": "#0072b2", "catch_all": False}]


def test_another_moderator_cannot_see_download_use_or_delete_my_templates(app, prepared, logged_in):
    _save(logged_in, prepared, name="Geheime Vorlage Anna")
    db.session.rollback()
    saved = db.session.scalars(select(SavedTemplate)).one()
    create_moderator("bert", TEST_PASSWORD)
    other = _login(app.test_client(), "bert")
    assert "Geheime Vorlage Anna" not in other.get(BASE).get_data(as_text=True)
    assert "Geheime Vorlage Anna" not in other.get("/moderation/workshops/new").get_data(as_text=True)
    assert other.get(f"{BASE}/{saved.id}.json").status_code == 404
    assert other.post(f"{BASE}/{saved.id}/delete", data={"csrf_token": csrf_token(other)}).status_code == 404
    response = other.post("/moderation/workshops/new", data={"template": f"saved-{saved.id}", "title": "",
                                                             "csrf_token": csrf_token(other)})
    assert response.status_code == 422  # not a choice offered to bert
    assert other.get(f"/moderation/workshops/{prepared.id}/save-template").status_code == 404
    db.session.rollback()
    assert db.session.scalar(select(func.count(SavedTemplate.id))) == 1
    assert db.session.scalar(select(func.count(Workshop.id))) == 1
    assert logged_in.get(f"{BASE}/{saved.id + 1000}.json").status_code == 404


def test_admins_see_their_own_templates_only(app, prepared, logged_in):
    from participation.auth.models import ADMIN

    _save(logged_in, prepared, name="Annas Vorlage")
    create_moderator("ada", TEST_PASSWORD, role=ADMIN)
    admin = _login(app.test_client(), "ada")
    assert "Annas Vorlage" not in admin.get(BASE).get_data(as_text=True)
    db.session.rollback()
    saved = db.session.scalars(select(SavedTemplate)).one()
    assert admin.get(f"{BASE}/{saved.id}.json").status_code == 404


def test_delete_removes_the_template(prepared, logged_in):
    _save(logged_in, prepared)
    db.session.rollback()
    saved = db.session.scalars(select(SavedTemplate)).one()
    response = logged_in.post(f"{BASE}/{saved.id}/delete", data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 302
    assert "ist gelöscht" in logged_in.get(BASE).get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count(SavedTemplate.id))) == 0


def test_templates_go_with_the_account(app, prepared, moderator):
    saved_templates.save_workshop_as_template(moderator, prepared, "Weg damit")
    from participation.auth.models import Moderator

    db.session.execute(db.delete(Workshop))
    db.session.execute(db.delete(Moderator).where(Moderator.id == moderator.id))
    db.session.commit()
    assert db.session.scalar(select(func.count(SavedTemplate.id))) == 0


def test_a_template_never_holds_ideas(app, prepared, moderator):
    from helpers import make_participant, post_idea

    post_idea(prepared, make_participant(prepared), "Geheime Idee aus Heide")
    saved = saved_templates.save_workshop_as_template(moderator, prepared, "Ohne Ideen")
    assert "Geheime Idee" not in json.dumps(saved_templates.document_of(saved))
