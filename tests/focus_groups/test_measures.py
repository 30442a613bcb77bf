"""Measures drafted by a focus group: the sheet's boxes, linked ideas, version checks that
keep both texts, refusals of ideas from elsewhere, deletion, and the documents."""

import io
from datetime import datetime, timedelta

import pytest

from factories import build_rich_workshop
from helpers import csrf_token, form_token, make_participant, post_idea

from participation.database import write_transaction
from participation.extensions import db
from participation.focus_groups import services
from participation.measures.models import SHEET_TEXT_FIELDS, Measure
from participation.ideas.models import Idea


def _field(workshop, name="Mobilität"):
    return next(item for item in workshop.fields if item.name == name)


@pytest.fixture
def rich(workshop):
    return build_rich_workshop(workshop)


@pytest.fixture
def token(workshop, rich):
    _link, token = services.create_link(workshop, _field(workshop), datetime.now(services.BERLIN).date())
    return token


def _ideas(workshop, *texts):
    return [db.session.scalar(db.select(Idea).where(Idea.workshop_id == workshop.id, Idea.text == text)) for text in texts]


def _sheet(csrf, version=None, **values):
    data = {"csrf_token": csrf, "title": "Rufbus per App", "priority": "mittel", **values}
    if version is not None:
        data["version"] = str(version)
    return data


def _new(client, token, **values):
    page = client.get(f"/f/{token}/measures/new")
    assert page.status_code == 200
    return client.post(f"/f/{token}/measures/new", data=_sheet(form_token(page), **values))


def _stored(measure_id):
    db.session.rollback()
    return db.session.get(Measure, measure_id)


def test_a_group_drafts_a_measure_with_every_box_and_two_ideas(client, workshop, rich, token):
    bench, bus = _ideas(workshop, rich.visible[0], rich.visible[6])
    boxes = {name: f"{name}: Text mit Umlauten äöü\nzweite Zeile" for name in SHEET_TEXT_FIELDS}
    mobility, broadband = _field(workshop), _field(workshop, "Breitband & Infrastruktur")
    response = _new(client, token, field_ids=[str(mobility.id), str(broadband.id)],
                    idea_ids=[str(bench.id), str(bus.id)], **boxes)
    assert response.status_code == 302
    measure_id = int(response.headers["Location"].rsplit("/", 1)[1])
    measure = _stored(measure_id)
    assert measure.title == "Rufbus per App" and measure.priority == "mittel" and measure.version == 1
    assert measure.field_id == mobility.id
    assert {item.id for item in measure.fields} == {mobility.id, broadband.id}
    assert {idea.id for idea in measure.ideas} == {bench.id, bus.id}
    for name in SHEET_TEXT_FIELDS:
        assert getattr(measure, name) == boxes[name]

    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert "Die Maßnahme ist gespeichert." in html
    assert 'name="version" type="hidden" value="1"' in html
    assert f'id="pick-idea-{bench.id}" name="idea_ids" value="{bench.id}" aria-describedby="pick-idea-{bench.id}-meta" checked' in html
    # the idea from another field stays visible (and ticked) in the form
    assert f'id="pick-idea-{bus.id}"' in html
    group = client.get(f"/f/{token}").get_data(as_text=True)
    assert "Rufbus per App" in group and "2 verknüpfte Ideen" in group


def test_a_rejected_sheet_keeps_everything_typed(client, workshop, rich, token):
    bench, = _ideas(workshop, rich.visible[0])
    response = _new(client, token, title="   ", vision="Niemand braucht ein Auto", idea_ids=[str(bench.id)],
                    costs="x" * 10_001)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Bitte geben Sie der Maßnahme eine Bezeichnung." in html
    assert "Bitte höchstens 10000 Zeichen." in html
    assert "Niemand braucht ein Auto" in html and "x" * 10_001 in html
    assert f'value="{bench.id}" aria-describedby="pick-idea-{bench.id}-meta" checked' in html
    assert 'aria-invalid="true"' in html and 'id="title-error"' in html
    assert db.session.scalar(db.select(db.func.count(Measure.id))) == 1  # the factory's only


def test_ideas_of_another_workshop_or_hidden_ones_are_refused(client, workshop, moderator, rich, token):
    from participation.moderation.services import hide
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    foreign = post_idea(other, make_participant(other, "fremd"), "Idee aus einem anderen Kreis")
    hidden = db.session.scalar(db.select(Idea).where(Idea.text == rich.hidden_text))
    bench, = _ideas(workshop, rich.visible[0])
    for wrong in (foreign.id, hidden.id, 2**31 - 1):
        response = _new(client, token, title=f"Mit Idee {wrong}", idea_ids=[str(bench.id), str(wrong)])
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert "gehören nicht zu diesem Workshop oder werden nicht mehr angezeigt" in html
        assert f"Mit Idee {wrong}" in html
    response = _new(client, token, title="Fremdes Feld", field_ids=[str(_field(other).id)])
    assert response.status_code == 422
    assert "Bitte wählen Sie nur Handlungsfelder dieses Workshops." in response.get_data(as_text=True)
    response = _new(client, token, title="Unsinn", idea_ids=["abc"])
    assert response.status_code == 422
    assert "Diese Auswahl ist ungültig" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Measure.id))) == 1


def test_two_members_saving_the_same_measure_keep_both_texts(app, workshop, rich, token):
    first, second = app.test_client(), app.test_client()
    created = _new(first, token, description="Erste Fassung")
    url = created.headers["Location"]
    measure_id = int(url.rsplit("/", 1)[1])
    page_a, page_b = first.get(url), second.get(url)
    assert 'value="1"' in page_a.get_data(as_text=True)

    saved = first.post(url, data=_sheet(form_token(page_a), 1, description="Annas Text: Bänke an jeder Haltestelle"))
    assert saved.status_code == 302
    late = second.post(url, data=_sheet(form_token(page_b), 1, description="Björns Text: nur an Ortsausgängen",
                                        vision="Björns Vision"))
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert "Jemand aus Ihrer Gruppe hat diese Maßnahme gespeichert" in html
    assert "Björns Text: nur an Ortsausgängen" in html  # what this person typed, in the form
    assert "Björns Vision" in html
    assert "Annas Text: Bänke an jeder Haltestelle" in html  # what the colleague stored
    assert html.count('class="focus-stored"') == 2  # description and vision differ, nothing else
    assert 'name="version" type="hidden" value="2"' in html
    assert _stored(measure_id).description == "Annas Text: Bänke an jeder Haltestelle"

    # having seen both, the second person saves on top of the colleague's version
    again = second.post(url, data=_sheet(form_token(late), 2, description="Beides: Haltestellen und Ortsausgänge"))
    assert again.status_code == 302
    measure = _stored(measure_id)
    assert measure.description == "Beides: Haltestellen und Ortsausgänge" and measure.version == 3
    # a form without a version never overwrites
    blind = second.post(url, data=_sheet(form_token(late), description="ohne Version"))
    assert blind.status_code == 409
    assert _stored(measure_id).version == 3


def test_the_database_decides_between_two_simultaneous_saves(app, workshop, rich):
    """Another app server saves at the same moment: its transaction holds the row (PostgreSQL)
    or the write lock (SQLite) until it commits; the save based on the same version then finds
    the version changed and is refused, whichever server it runs on."""
    import threading
    import time
    from types import SimpleNamespace

    from sqlalchemy import update

    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    values = services.MeasureValues.of(measure)
    values.texts["notes"] = "vom zweiten Server"
    measure_id, shop = measure.id, SimpleNamespace(id=workshop.id)
    db.session.rollback()
    outcome = []

    def second_server():
        with app.app_context():
            try:
                services.update_measure(shop, measure_id, 1, values)
                outcome.append("saved")
            except services.MeasureConflict as conflict:
                outcome.append(conflict.current.values.texts["notes"])
            finally:
                db.session.remove()

    with db.engine.connect() as first_server:
        first = first_server.begin()
        first_server.execute(update(Measure).where(Measure.id == measure_id, Measure.version == 1)
                             .values(notes="vom ersten Server", version=2))
        thread = threading.Thread(target=second_server)
        thread.start()
        time.sleep(0.5)
        assert outcome == []  # waiting for the first server's transaction
        first.commit()
    thread.join(timeout=20)
    assert outcome == ["vom ersten Server"]
    assert _stored(measure_id).notes == "vom ersten Server"


def test_a_measure_deleted_while_someone_edits_it_keeps_their_text(client, workshop, rich, token):
    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    url = f"/f/{token}/measures/{measure.id}"
    page = client.get(url)
    services.delete_measure(workshop, measure.id, 1)
    response = client.post(url, data=_sheet(form_token(page), 1, title="Meine Fassung", vision="Meine Vision"))
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Diese Maßnahme wurde inzwischen gelöscht." in html
    assert 'value="Meine Fassung"' in html and "Meine Vision" in html
    assert f'action="/f/{token}/measures/new"' in html and "Als neue Maßnahme speichern" in html
    again = client.post(f"/f/{token}/measures/new", data=_sheet(form_token(response), 0, title="Meine Fassung"))
    assert again.status_code == 302
    db.session.rollback()
    assert db.session.scalar(db.select(Measure.title)) == "Meine Fassung"


def test_update_keeps_links_to_ideas_hidden_since(app, workshop, rich):
    from participation.moderation.services import hide

    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    bench, bus = sorted(measure.ideas, key=lambda idea: idea.id)
    hide(bus)
    values = services.MeasureValues.of(measure)
    values.idea_ids = (bench.id,)  # the form no longer offers the hidden idea
    services.update_measure(workshop, measure.id, measure.version, values)
    assert {idea.id for idea in _stored(measure.id).ideas} == {bench.id, bus.id}
    values.idea_ids = ()
    services.update_measure(workshop, measure.id, 2, values)
    assert {idea.id for idea in _stored(measure.id).ideas} == {bus.id}
    with pytest.raises(services.MeasureConflict) as conflict:
        services.update_measure(workshop, measure.id, 2, values)
    assert conflict.value.current.version == 3
    with pytest.raises(services.MeasureGone):
        services.update_measure(workshop, 999, 1, values)


def test_a_double_submit_stores_one_measure(client, workshop, rich, token):
    page = client.get(f"/f/{token}/measures/new")
    data = _sheet(form_token(page), title="Doppelt geklickt", description="Gleicher Text")
    first = client.post(f"/f/{token}/measures/new", data=data)
    second = client.post(f"/f/{token}/measures/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert "nicht doppelt angelegt" in client.get(second.headers["Location"]).get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Measure.id)).where(Measure.title == "Doppelt geklickt")) == 1


def test_a_group_reaches_only_measures_of_its_own_field(client, workshop, rich, token):
    other_field = _field(workshop, "Bildung")
    other, _created = services.create_measure(workshop, other_field, services.MeasureValues("Tablets für Schulen", {}))
    for path in (f"/f/{token}/measures/{other.id}", f"/f/{token}/measures/{other.id}.pdf",
                 f"/f/{token}/measures/{other.id}/delete"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Tablets für Schulen" not in response.get_data(as_text=True)
    response = client.post(f"/f/{token}/measures/{other.id}", data=_sheet(csrf_token(client), 1))
    assert response.status_code == 404
    assert "Tablets für Schulen" not in client.get(f"/f/{token}").get_data(as_text=True)
    assert _stored(other.id).title == "Tablets für Schulen"


def test_deleting_needs_the_current_version(app, workshop, rich, token):
    client = app.test_client()
    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    url = f"/f/{token}/measures/{measure.id}/delete"
    page = client.get(url)
    assert page.status_code == 200 and "Endgültig löschen" in page.get_data(as_text=True)
    services.update_measure(workshop, measure.id, 1, services.MeasureValues.of(measure))  # a colleague saves
    stale = client.post(url, data={"csrf_token": form_token(page), "version": "1"})
    assert stale.status_code == 409
    assert "inzwischen geändert" in stale.get_data(as_text=True)
    assert _stored(measure.id) is not None
    gone = client.post(url, data={"csrf_token": form_token(stale), "version": "2"})
    assert gone.status_code == 302
    assert _stored(measure.id) is None
    assert "ist gelöscht" in client.get(gone.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Idea.id))) > 0  # the ideas stay


def test_measure_forms_need_the_csrf_token_and_keep_the_text(client, workshop, rich, token):
    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    response = client.post(f"/f/{token}/measures/new", data={"title": "Ohne Token", "description": "Mein langer Text"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Mein langer Text</textarea>" in html and "Ohne Token</textarea>" in html
    response = client.post(f"/f/{token}/measures/{measure.id}", data=_sheet("falsch", 1, description="Änderung"))
    assert response.status_code == 400
    assert client.post(f"/f/{token}/measures/{measure.id}/delete", data={"version": "1"}).status_code == 400
    measure = _stored(measure.id)
    assert measure is not None and measure.version == 1
    assert db.session.scalar(db.select(db.func.count(Measure.id))) == 1


# --- documents -------------------------------------------------------------------------------


def test_downloads_hand_the_writers_the_measure_of_the_snapshot(logged_in, monkeypatch, workshop, rich, token):
    """The wiring, independent of the writers: which row, which words, which file."""
    import sys
    import types

    calls = []

    def writer(kind):
        def write(snapshot, measure_row, texts):
            calls.append((kind, snapshot.id, measure_row, texts["sheet_title"]))
            return f"{kind} bytes".encode()
        return write

    fake = types.ModuleType("participation.exports.measure_docs")
    fake.measure_pdf, fake.measure_docx = writer("pdf"), writer("docx")
    monkeypatch.setitem(sys.modules, "participation.exports.measure_docs", fake)
    import participation.exports as exports_package
    monkeypatch.setattr(exports_package, "measure_docs", fake, raising=False)

    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    for base in (f"/f/{token}/measures/{measure.id}", f"/moderation/workshops/{workshop.id}/measures/{measure.id}"):
        for kind, mimetype in (("pdf", "application/pdf"), ("docx", "wordprocessingml.document")):
            response = logged_in.get(f"{base}.{kind}")
            assert response.status_code == 200
            assert response.data == f"{kind} bytes".encode()
            assert mimetype in response.mimetype
            disposition = response.headers["Content-Disposition"]
            assert disposition.startswith("attachment;")
            assert f"{workshop.code}-massnahme-{measure.id}-mitfahrbaenke-in-allen-ortsteilen-der-ma.{kind}" in disposition
            assert response.headers["Cache-Control"] == "no-store"
    assert [call[0] for call in calls] == ["pdf", "docx", "pdf", "docx"]
    for _kind, snapshot_id, row, title in calls:
        assert snapshot_id == workshop.id and title == "Maßnahmenmerkblatt"
        assert row.id == measure.id and row.title == rich.measure_title
        assert {idea.text for idea in row.ideas} == {rich.visible[0], rich.visible[6]}


def test_group_and_moderator_download_a_measure_as_pdf_and_docx(logged_in, workshop, rich, token):
    from docx import Document
    from pypdf import PdfReader

    measure = db.session.scalar(db.select(Measure).where(Measure.title == rich.measure_title))
    paths = (f"/f/{token}/measures/{measure.id}", f"/moderation/workshops/{workshop.id}/measures/{measure.id}")
    for base in paths:
        pdf = logged_in.get(f"{base}.pdf")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert "attachment" in pdf.headers["Content-Disposition"]
        assert pdf.headers["Cache-Control"] == "no-store"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
        assert "Mitfahrbänke in allen Ortsteilen" in " ".join(text.split())
        docx = logged_in.get(f"{base}.docx")
        assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
        document = Document(io.BytesIO(docx.data))
        words = "\n".join(p.text for p in document.paragraphs) + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells)
        assert rich.measure_title in words and "Seniorenbeirat" in words


def test_moderator_downloads_all_measures_as_xlsx(logged_in, workshop, rich, token):
    from openpyxl import load_workbook

    response = logged_in.get(f"/moderation/workshops/{workshop.id}/measures.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    cells = [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    assert any(rich.measure_title in cell for cell in cells)


def test_a_link_does_not_tell_whether_a_measure_exists_elsewhere(app, client, moderator, workshop, rich, token):
    """An id that never existed and another workshop's measure get the same 404 on every route."""
    import re

    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen", title="Anderer Workshop")
    _link, other_token = services.create_link(other, _field(other), datetime.now(services.BERLIN).date())
    created = _new(app.test_client(), other_token, title="Fremde Maßnahme")
    foreign_id = int(created.headers["Location"].rsplit("/", 1)[1])
    db.session.rollback()
    never = (db.session.scalar(db.select(db.func.max(Measure.id))) or 0) + 1000
    csrf = form_token(client.get(f"/f/{token}/measures/new"))

    def answers(measure_id):
        base = f"/f/{token}/measures/{measure_id}"
        responses = [client.get(base), client.post(base, data=_sheet(csrf, 1, title="Versuch")),
                     client.get(f"{base}/delete"), client.post(f"{base}/delete", data={"csrf_token": csrf, "version": "1"}),
                     client.get(f"{base}.pdf")]
        return [(response.status_code, re.sub(r'nonce="[^"]+"|value="[^"]{40,}"', "",
                                              response.get_data(as_text=True).replace(f"/measures/{measure_id}", "/measures/ID")))
                for response in responses]

    foreign, missing = answers(foreign_id), answers(never)
    assert [status for status, _html in foreign] == [404] * 5
    assert foreign == missing
    assert _stored(foreign_id).title == "Fremde Maßnahme"
