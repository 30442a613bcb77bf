"""Uploading, previewing and importing files through the pages: other tools' layouts, the
app's own exports, every bad file, repeats, and the preview keeping the chosen columns."""

import html
import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import IMPORT, Idea
from participation.imports.models import PendingImport

from helpers import csrf_token
from imports.conftest import form_values, preview_url
from imports.files import mentimeter_xlsx, padlet_csv, png, xlsx, zip_bomb_xlsx


def ideas_of(workshop):
    db.session.rollback()
    return db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()


def pending_count():
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(PendingImport))


def page_text(response):
    """The words of a page, without tags."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()))


def import_with(client, url, values, action="import"):
    return client.post(url, data={**values, "action": action, "csrf_token": csrf_token(client)})


def test_the_upload_page_explains_the_files_it_takes(logged_in, workshop):
    response = logged_in.get(f"/moderation/workshops/{workshop.id}/import")
    assert response.status_code == 200
    text = page_text(response)
    assert "Ideen importieren" in text and "5.000 Zeilen" in text
    assert 'enctype="multipart/form-data"' in response.get_data(as_text=True)


def test_a_padlet_csv_is_imported_with_authors_votes_and_fields(logged_in, workshop, upload):
    mobility = next(item for item in workshop.fields if "Mobilität" in item.name)
    posts = [
        ("Bus", "Rufbus am Abend,\nauch am Wochenende", "Anna", mobility.name.upper(), 4),
        ("", "Glasfaser für Süderdeich", "Bert", "Unbekanntes Feld", 0),
        ("", "Dorfladen mit Café", "", "", ""),
    ]
    url = preview_url(upload(workshop, "padlet-dorf.csv", padlet_csv(posts)))
    page = logged_in.get(url)
    text = page_text(page)
    values = form_values(page.get_data(as_text=True))
    # the guess: Body is the text, Author the name, Section the field, Upvotes the votes
    assert values == {"text": "1", "question": f"q{workshop.questions[0].id}", "author": "3", "votes": "6",
                      "category": "5"}
    assert "Das Handlungsfeld „Unbekanntes Feld“ gibt es in diesem Workshop nicht" in text
    assert "3 bereit zum Import" in text and "Keine Probleme gefunden." in text

    response = import_with(logged_in, url, {**values, "question": f"q{workshop.questions[1].id}"})
    assert response.status_code == 302 and response.location.endswith(f"/moderation/workshops/{workshop.id}/console")
    ideas = ideas_of(workshop)
    assert [(idea.text, idea.author, idea.paper_votes) for idea in ideas] == [
        ("Rufbus am Abend,\nauch am Wochenende", "Anna", 4),
        ("Glasfaser für Süderdeich", "Bert", 0),
        ("Dorfladen mit Café", None, 0),
    ]
    # the file's field is the moderator's decision; the others are left to the analysis
    assert [(idea.field_id == mobility.id, idea.field_confirmed) for idea in ideas] == [
        (True, True), (False, False), (False, False)]
    assert {(idea.source, idea.source_name, idea.question_id, idea.status) for idea in ideas} == {
        (IMPORT, "padlet-dorf.csv", workshop.questions[1].id, "visible")}
    assert pending_count() == 0
    console = logged_in.get(response.location)
    assert "3 Ideen aus „padlet-dorf.csv“ importiert." in page_text(console)


def test_a_mentimeter_xlsx_goes_to_the_questions_it_names(logged_in, workshop, upload):
    first, second = workshop.questions[0].text, workshop.questions[2].text
    content = mentimeter_xlsx({
        first: [("Ein Kino im Dorf", 5), ("Mehr Bänke", 1)],
        f"  {second.upper()}  ": [("Schnelles WLAN im Rathaus", 2)],
    })
    url = preview_url(upload(workshop, "Mentimeter Ergebnisse.xlsx", content))
    page = logged_in.get(url)
    values = form_values(page.get_data(as_text=True))
    assert values == {"text": "1", "question": "c0", "author": "", "votes": "2", "category": ""}
    assert import_with(logged_in, url, values).status_code == 302
    stored = [(idea.question_id, idea.text, idea.paper_votes) for idea in ideas_of(workshop)]
    assert stored == [(workshop.questions[0].id, "Ein Kino im Dorf", 5), (workshop.questions[0].id, "Mehr Bänke", 1),
                      (workshop.questions[2].id, "Schnelles WLAN im Rathaus", 2)]


def test_a_second_import_of_the_same_file_adds_nothing(logged_in, workshop, upload):
    content = "Idee;Punkte\r\nEins;1\r\nZwei;2\r\nDrei;\r\n".encode("utf-8-sig")
    url = preview_url(upload(workshop, "ideen.csv", content))
    values = form_values(logged_in.get(url).get_data(as_text=True))
    assert import_with(logged_in, url, values).status_code == 302
    assert len(ideas_of(workshop)) == 3

    url = preview_url(upload(workshop, "ideen-nochmal.csv", content))
    page = logged_in.get(url)
    assert "Diese Datei wurde schon importiert: 3 Zeilen sind schon vorhanden" in page_text(page)
    response = import_with(logged_in, url, form_values(page.get_data(as_text=True)))
    assert response.status_code == 302
    assert len(ideas_of(workshop)) == 3
    flashed = page_text(logged_in.get(response.location))
    assert "Diese Datei wurde schon importiert: 0 neue Ideen, 3 schon vorhanden." in flashed


def test_problems_are_listed_by_row_and_stop_the_import_unless_skipped(logged_in, workshop, upload):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, idea_max_length=40)
    rows = ["Frage;Text;Stimmen", "1;Gut;2", "1;;1", f"2;{'x' * 41};0", "Wie wird das Wetter?;Sonne;1", "3;Rad;viele"]
    url = preview_url(upload(workshop, "probleme.csv", "\r\n".join(rows).encode()))
    page = logged_in.get(url)
    text = page_text(page)
    assert "Kein Text: Zeile 3" in text
    assert "Text zu lang (erlaubt sind höchstens 40 Zeichen): Zeile 4 (41 Zeichen)" in text
    assert "Die Frage „Wie wird das Wetter?“ gibt es in diesem Workshop nicht: Zeile 5" in text
    assert "Punkte sind keine ganze Zahl von 0 bis 10.000: Zeile 6 („viele“)" in text
    assert "5 Zeilen: 1 bereit zum Import, 4 mit Problemen." in text

    values = form_values(page.get_data(as_text=True))
    assert values["question"] == "c0" and values["votes"] == "2"
    refused = import_with(logged_in, url, values)
    assert refused.status_code == 422
    assert "Nichts importiert: 4 Zeilen haben Probleme" in page_text(refused)
    assert ideas_of(workshop) == []

    response = import_with(logged_in, url, {**values, "skip": "1"})
    assert response.status_code == 302
    assert [(idea.text, idea.paper_votes, idea.question_id) for idea in ideas_of(workshop)] == [
        ("Gut", 2, workshop.questions[0].id)]
    assert "1 Idee aus „probleme.csv“ importiert, 4 Zeilen mit Problemen übersprungen." in page_text(
        logged_in.get(response.location))


def test_formulas_without_values_are_problems_and_text_formulas_stay_text(logged_in, workshop, upload):
    content = xlsx({"Ideen": [("Idee", "Name"), ("=1+2", "Anna"), ("Gute Idee", "=B1"), ("'=Rathaus", "Bert")]})
    url = preview_url(upload(workshop, "formeln.xlsx", content))
    page = logged_in.get(url)
    assert "Formel ohne berechneten Wert" in page_text(page) and "Zeilen 2, 3" in page_text(page)
    values = form_values(page.get_data(as_text=True))
    assert import_with(logged_in, url, values).status_code == 422
    assert ideas_of(workshop) == []

    csv_file = "Idee\r\n'=SUMME(A1:A2) als Text\r\n@Rathaus erreichbar machen\r\n".encode()
    url = preview_url(upload(workshop, "formeln.csv", csv_file))
    assert import_with(logged_in, url, form_values(logged_in.get(url).get_data(as_text=True))).status_code == 302
    assert [idea.text for idea in ideas_of(workshop)] == ["=SUMME(A1:A2) als Text", "@Rathaus erreichbar machen"]


def test_the_preview_keeps_the_chosen_columns_when_it_refuses(logged_in, workshop, upload):
    content = "Nr;Beschreibung;Wer;Wie viele\r\n1;Eins;Anna;2\r\n2;Zwei;Bert;x\r\n".encode()
    url = preview_url(upload(workshop, "ohne-textspalte.csv", content))
    page = logged_in.get(url)
    assert "Bitte wählen Sie oben die Spalte mit dem Text der Ideen." in page_text(page)
    assert form_values(page.get_data(as_text=True))["text"] == ""

    refused = import_with(logged_in, url, {"text": "", "question": f"q{workshop.questions[2].id}", "author": "2",
                                           "votes": "3", "category": ""})
    assert refused.status_code == 422
    assert "Bitte wählen Sie die Spalte mit dem Text der Ideen." in page_text(refused)
    assert form_values(refused.get_data(as_text=True)) == {
        "text": "", "question": f"q{workshop.questions[2].id}", "author": "2", "votes": "3", "category": ""}

    chosen = {"text": "1", "question": f"q{workshop.questions[2].id}", "author": "2", "votes": "3", "category": ""}
    refused = import_with(logged_in, url, chosen)
    assert refused.status_code == 422
    assert form_values(refused.get_data(as_text=True)) == chosen
    refused = import_with(logged_in, url, {**chosen, "author": "1"})
    assert "jede Spalte hat nur eine Bedeutung" in page_text(refused)
    assert ideas_of(workshop) == []

    updated = import_with(logged_in, url, {**chosen, "skip": "1"}, action="preview")
    assert updated.status_code == 200
    assert form_values(updated.get_data(as_text=True)) == {**chosen, "skip": "1"}
    assert "1 bereit zum Import, 1 mit Problemen" in page_text(updated)
    updated = import_with(logged_in, url, {**chosen, "votes": ""}, action="preview")
    assert form_values(updated.get_data(as_text=True)) == {**chosen, "votes": ""}
    assert "2 bereit zum Import" in page_text(updated) and "Keine Probleme gefunden." in page_text(updated)
    assert ideas_of(workshop) == []


@pytest.mark.parametrize("name, content, message", [
    ("leer.csv", b"", "Die Datei ist leer"),
    ("bild.csv", png(), "keine Tabelle, sondern eine PNG-Datei"),
    ("binaer.csv", bytes(range(256)) * 40, "keine Textdatei (sie enthält Binärdaten)"),
    ("bombe.xlsx", zip_bomb_xlsx(200), "Entpackt wäre sie unverhältnismäßig groß"),
    ("kaputt.xlsx", b"PK\x03\x04" + b"\x00" * 200, "Die Excel-Datei ist beschädigt"),
    ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "alte Excel-Datei (.xls)"),
    ("viele.csv", ("Text\n" + "".join(f"Idee {n}\n" for n in range(50_000))).encode(),
     "Die Datei hat mehr als 5.000 Zeilen"),
])
def test_bad_files_get_a_german_message_and_store_nothing(logged_in, workshop, upload, name, content, message):
    response = upload(workshop, name, content)
    assert response.status_code == 422
    text = page_text(response)
    assert "Nichts gespeichert: " in text and message in text
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert pending_count() == 0 and ideas_of(workshop) == []


def test_no_file_and_a_file_over_the_size_limit_get_a_message(logged_in, workshop, upload, app):
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/import",
                              data={"csrf_token": csrf_token(logged_in)}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Bitte wählen Sie eine CSV- oder Excel-Datei" in page_text(response)
    too_big = b"Text\n" + b"x" * app.config["MAX_CONTENT_LENGTH"]
    response = upload(workshop, "riesig.csv", too_big)
    assert response.status_code == 413
    assert "Die Datei ist zu groß. Erlaubt sind höchstens 1 MB" in page_text(response)
    assert pending_count() == 0


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_encodings_and_delimiters_arrive_intact(logged_in, workshop, upload, encoding, delimiter):
    content = delimiter.join(["Idee", "Name"]) + "\r\n" + delimiter.join(['"Straße, Brücke; Ölmühle"', "Jürgen"])
    url = preview_url(upload(workshop, "umlaute.csv", content.encode(encoding)))
    values = form_values(logged_in.get(url).get_data(as_text=True))
    assert import_with(logged_in, url, values).status_code == 302
    assert [(idea.text, idea.author) for idea in ideas_of(workshop)] == [("Straße, Brücke; Ölmühle", "Jürgen")]


def test_an_upload_belongs_to_its_moderator_and_workshop(logged_in, workshop, upload, app):
    from participation.auth.services import create_moderator
    from participation.workshops.services import create_workshop

    url = preview_url(upload(workshop, "ideen.csv", b"Idee\nEins\n"))
    other = create_workshop(create_moderator("andere", "ein-langes-passwort-42"), "dithmarschen")
    token = url.rsplit("/", 1)[1]
    assert logged_in.get(f"/moderation/workshops/{other.id}/import/{token}").status_code == 404
    assert logged_in.get(url.replace(token, "x" + token[1:])).status_code == 404


def test_old_uploads_are_purged_on_the_next_upload(logged_in, workshop, upload, monkeypatch):
    from participation import limits

    url = preview_url(upload(workshop, "alt.csv", b"Idee\nEins\n"))
    now = limits.clock()
    monkeypatch.setattr(limits, "clock", lambda: now + 7 * 3600)
    assert logged_in.get(url).status_code == 404  # expired
    preview_url(upload(workshop, "neu.csv", b"Idee\nZwei\n"))
    db.session.rollback()
    assert db.session.scalars(select(PendingImport.file_name)).all() == ["neu.csv"]


def test_the_console_links_to_the_import(logged_in, workshop):
    page = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert f'href="/moderation/workshops/{workshop.id}/import"' in page
