"""The moderator's process pages: the list and a new process, one process's page with its
workshops, counts, chart and catalogue, the forms that change it (they keep what was typed
when they refuse it) and the way in from a workshop's overview."""

import csv
import html
import io
import re
from collections import Counter

from sqlalchemy import func, select

from helpers import csrf_token, form_token, known_hashes, TEST_PASSWORD
from participation.extensions import db
from participation.exports.services import export_file
from participation.exports.texts import export_texts
from participation.ideas.models import Idea, Vote
from participation.processes import services
from participation.processes.models import Process, ProcessField
from participation.workshops.models import Field, Workshop
from participation.workshops.services import create_workshop
from process_factories import build_process


def _page(client, process_id):
    response = client.get(f"/moderation/prozesse/{process_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _post(client, url, data, page=None):
    token = form_token(client.get(page)) if page else csrf_token(client)
    response = client.post(url, data={**data, "csrf_token": token})
    db.session.rollback()  # read what the request wrote (not this session's older snapshot)
    return response


def _other_moderator_client(app):
    from participation.auth.services import create_moderator

    with known_hashes():
        create_moderator("zweiter", TEST_PASSWORD)
    other = app.test_client()
    response = other.post("/moderation/login", data={"username": "zweiter", "password": TEST_PASSWORD,
                                                      "csrf_token": csrf_token(other)})
    assert response.status_code == 302
    return other


def test_the_list_shows_my_processes_and_creates_one(logged_in, moderator):
    world = build_process(moderator)
    page = logged_in.get("/moderation/prozesse").get_data(as_text=True)
    assert world.process.title in page and 'id="process-list"' in page
    dashboard = logged_in.get("/moderation/").get_data(as_text=True)
    assert 'href="/moderation/prozesse"' in dashboard
    response = _post(logged_in, "/moderation/prozesse/neu", {"title": "Digiscouts 2027", "description": "Drei Monate"})
    assert response.status_code == 302, response.location
    created = db.session.scalar(select(Process).where(Process.title == "Digiscouts 2027"))
    assert created is not None, response.location
    assert created.owner_id == moderator.id and response.location.endswith(f"/moderation/prozesse/{created.id}")


def test_a_new_process_without_title_keeps_what_was_typed(logged_in):
    response = _post(logged_in, "/moderation/prozesse/neu", {"title": "   ", "description": "Meine lange Beschreibung"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Meine lange Beschreibung" in page and "Bitte geben Sie dem Prozess einen Titel." in page
    assert db.session.scalar(select(func.count(Process.id))) == 0


def test_the_page_shows_workshops_counts_chart_and_catalogue(logged_in, moderator):
    world = build_process(moderator)
    page = _page(logged_in, world.process.id)
    for workshop in world.workshops:
        assert workshop.title in page
    assert "Heide" in page and "Meldorf" in page
    for entry in world.process.fields:
        assert f'id="entry-{entry.id}"' in page
    assert 'id="field-counts"' in page and 'id="trend-table"' in page
    assert f"/moderation/prozesse/{world.process.id}/export.csv" in page
    assert f"/moderation/prozesse/{world.process.id}/themen.svg" in page
    for fmt, kind in (("svg", "image/svg+xml"), ("png", "image/png")):
        chart = logged_in.get(f"/moderation/prozesse/{world.process.id}/themen.{fmt}")
        assert chart.status_code == 200 and chart.mimetype == kind
    assert b"Themen von Veranstaltung" in logged_in.get(f"/moderation/prozesse/{world.process.id}/themen.svg").data


def _exported_per_field(world):
    texts = export_texts()
    counts = Counter()
    for workshop in world.workshops:
        content = export_file(db.session.get(Workshop, workshop.id), "csv").content.decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(content), delimiter=";"):
            counts[row[texts["field"]]] += 1
    return counts


def test_the_pages_counts_per_field_equal_the_sum_of_the_workshops_exports(logged_in, moderator):
    world = build_process(moderator)
    page = _page(logged_in, world.process.id)
    table = page[page.index('id="field-counts"'):page.index("</table>", page.index('id="field-counts"'))]
    shown = {}
    for row in re.findall(r"<tr data-row=\"(\w+)\">(.*?)</tr>", table, re.S):
        kind, cells = row
        name = re.sub(r"<[^>]+>", "", re.search(r"<th scope=\"row\">(.*?)</th>", cells, re.S).group(1))
        name = html.unescape(" ".join(name.replace("nicht im Katalog", "").split()))
        total = re.findall(r"<td class=\"num total\">\s*<strong class=\"count\">(\d+)</strong>", cells)
        shown["Noch nicht zugeordnet" if kind == "none" else name] = int(total[0])
    exported = _exported_per_field(world)
    assert {name: n for name, n in shown.items() if n} == dict(exported)
    footer = page[page.index("<tfoot>"):page.index("</tfoot>")]
    assert f'<strong class="count">{sum(world.visible.values())}</strong>' in footer


def test_another_moderator_gets_404(app, moderator):
    world = build_process(moderator)
    title = world.process.title
    other = _other_moderator_client(app)
    base = f"/moderation/prozesse/{world.process.id}"
    assert other.get(base).status_code == 404
    assert other.get(f"{base}/themen.svg").status_code == 404
    token = csrf_token(other)
    assert other.post(f"{base}/einstellungen", data={"title": "Gekapert", "slug": "x", "csrf_token": token}).status_code == 404
    assert other.post(f"{base}/loeschen", data={"confirm_title": world.process.title, "csrf_token": token}).status_code == 404
    assert 'id="process-list"' not in other.get("/moderation/prozesse").get_data(as_text=True)
    assert db.session.get(Process, world.process.id).title == title


def test_settings_keep_what_was_typed_when_the_address_is_taken(logged_in, moderator):
    world = build_process(moderator)
    services.create_process(moderator, "Belegt")
    response = _post(logged_in, f"/moderation/prozesse/{world.process.id}/einstellungen",
                     {"title": "Neuer Titel bleibt stehen", "description": "Beschreibung bleibt", "public": "y",
                      "slug": "belegt"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Neuer Titel bleibt stehen" in page and "Beschreibung bleibt" in page
    assert "Diese Adresse hat schon ein anderer Prozess." in page
    assert db.session.get(Process, world.process.id).title == world.process.title
    response = _post(logged_in, f"/moderation/prozesse/{world.process.id}/einstellungen",
                     {"title": "Kreisstrategie", "description": "", "public": "y", "slug": "kreisstrategie"})
    assert response.status_code == 302
    process = db.session.get(Process, world.process.id)
    assert (process.title, process.public, process.slug) == ("Kreisstrategie", True, "kreisstrategie")


def _everything_of(workshop_id):
    """Ideas, their moderators' decisions, fields and dots of a workshop (the analysis'
    suggestions may change: the workshop learns from other decisions once it left)."""
    ideas = db.session.execute(select(Idea.id, Idea.text, Idea.status, Idea.merged_into_id, Idea.paper_votes,
                                      Idea.group_id, Idea.field_confirmed)
                               .where(Idea.workshop_id == workshop_id).order_by(Idea.id)).all()
    decisions = db.session.execute(select(Idea.id, Idea.field_id).where(
        Idea.workshop_id == workshop_id, Idea.field_confirmed.is_(True)).order_by(Idea.id)).all()
    fields = db.session.execute(select(Field.id, Field.name, Field.keywords, Field.colour)
                                .where(Field.workshop_id == workshop_id).order_by(Field.id)).all()
    votes = db.session.scalar(select(func.count(Vote.id)).join(Idea).where(Idea.workshop_id == workshop_id))
    return ideas, decisions, fields, votes


def test_taking_a_workshop_out_through_the_page_keeps_all_its_data(logged_in, moderator):
    world = build_process(moderator)
    evening = world.workshops[2]
    before = _everything_of(evening.id)
    response = _post(logged_in, f"/moderation/prozesse/{world.process.id}/workshops/{evening.id}/entfernen", {})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, evening.id).process_id is None
    assert _everything_of(evening.id) == before
    page = _page(logged_in, world.process.id)
    assert f'id="workshop-{evening.id}"' not in page
    # and back in through the form: it is offered, and joins again
    assert f'<option value="{evening.id}">' in page
    response = _post(logged_in, f"/moderation/prozesse/{world.process.id}/workshops", {"workshop_id": str(evening.id)})
    assert response.status_code == 302
    assert db.session.get(Workshop, evening.id).process_id == world.process.id


def test_adding_a_workshop_of_another_moderator_is_refused(app, logged_in, moderator):
    world = build_process(moderator)
    from participation.auth.services import create_moderator

    with known_hashes():
        stranger = create_moderator("fremde", TEST_PASSWORD)
    foreign = create_workshop(stranger, "dithmarschen", title="Fremder Workshop")
    response = _post(logged_in, f"/moderation/prozesse/{world.process.id}/workshops", {"workshop_id": str(foreign.id)})
    assert response.status_code == 422
    assert db.session.get(Workshop, foreign.id).process_id is None


def test_the_catalogue_is_edited_for_every_workshop(logged_in, moderator):
    world = build_process(moderator)
    base = f"/moderation/prozesse/{world.process.id}"
    entry = world.process.fields[0]
    response = _post(logged_in, f"{base}/katalog/{entry.id}", {
        f"e{entry.id}-name": "Mobilität & Verkehr", f"e{entry.id}-description": "Bus und Bahn",
        f"e{entry.id}-keywords": "Bus, Bahn, Rufbus", f"e{entry.id}-colour": "#0072b2"})
    assert response.status_code == 302
    names = db.session.scalars(select(Field.name).where(Field.process_field_id == entry.id)).all()
    assert names == ["Mobilität & Verkehr"] * 3
    assert db.session.get(ProcessField, entry.id).keywords == ["bus", "bahn", "rufbus"]
    # a name the catalogue has already: refused, the typed text stays
    other = world.process.fields[1]
    response = _post(logged_in, f"{base}/katalog/{entry.id}", {
        f"e{entry.id}-name": other.name, f"e{entry.id}-description": "Getippter Text bleibt",
        f"e{entry.id}-keywords": "a, b", f"e{entry.id}-colour": "#0072b2"})
    assert response.status_code == 422
    assert "Getippter Text bleibt" in response.get_data(as_text=True)
    # add, move, remove
    response = _post(logged_in, f"{base}/katalog", {"new-entry-name": "Tourismus", "new-entry-colour": "#882255",
                                                     "new-entry-keywords": "Urlaub"})
    assert response.status_code == 302
    added = db.session.scalar(select(ProcessField).where(ProcessField.name == "Tourismus"))
    assert db.session.scalar(select(func.count(Field.id)).where(Field.process_field_id == added.id)) == 3
    positions = [e.id for e in db.session.get(Process, world.process.id).fields]
    _post(logged_in, f"{base}/katalog/{added.id}/verschieben", {"direction": "up"})
    db.session.expire_all()
    assert [e.id for e in db.session.get(Process, world.process.id).fields].index(added.id) == positions.index(added.id) - 1
    fields_before, added_id = db.session.scalar(select(func.count(Field.id))), added.id
    assert _post(logged_in, f"{base}/katalog/{added_id}/entfernen", {}).status_code == 302
    assert db.session.get(ProcessField, added_id) is None
    assert db.session.scalar(select(func.count(Field.id))) == fields_before  # the workshops keep theirs
    # those fields are now offered for the catalogue again
    page = _page(logged_in, world.process.id)
    unlinked = db.session.scalars(select(Field).where(Field.name == "Tourismus")).all()
    assert all(f'id="unlinked-{field.id}"' in page for field in unlinked)
    assert _post(logged_in, f"{base}/felder/{unlinked[0].id}/uebernehmen", {}).status_code == 302
    assert db.session.scalar(select(ProcessField).where(ProcessField.name == "Tourismus")) is not None


def test_an_empty_new_entry_keeps_what_was_typed(logged_in, moderator):
    world = build_process(moderator)
    response = _post(logged_in, f"/moderation/prozesse/{world.process.id}/katalog",
                     {"new-entry-name": "", "new-entry-description": "Beschreibung ohne Namen",
                      "new-entry-colour": "#882255"})
    assert response.status_code == 422
    assert "Beschreibung ohne Namen" in response.get_data(as_text=True)


def test_deleting_needs_the_title_and_keeps_the_workshops(logged_in, moderator):
    world = build_process(moderator)
    base, title = f"/moderation/prozesse/{world.process.id}", world.process.title
    process_id = world.process.id
    before = [_everything_of(workshop.id) for workshop in world.workshops]
    response = _post(logged_in, f"{base}/loeschen", {"confirm_title": "falsch getippt"})
    assert response.status_code == 422
    assert "falsch getippt" in response.get_data(as_text=True)
    assert db.session.get(Process, world.process.id) is not None
    response = _post(logged_in, f"{base}/loeschen", {"confirm_title": title})
    assert response.status_code == 302 and response.location.endswith("/moderation/prozesse")
    assert db.session.get(Process, process_id) is None
    assert [_everything_of(workshop.id) for workshop in world.workshops] == before


def test_the_workshop_overview_names_its_process_and_joins_one(logged_in, moderator):
    world = build_process(moderator)
    page = logged_in.get(f"/moderation/workshops/{world.workshops[0].id}").get_data(as_text=True)
    assert f'href="/moderation/prozesse/{world.process.id}"' in page and 'id="workshop-process"' in page
    alone = create_workshop(moderator, "dithmarschen", title="Noch allein")
    page = logged_in.get(f"/moderation/workshops/{alone.id}").get_data(as_text=True)
    assert 'id="join-process-form"' in page and 'id="workshop-process"' not in page
    response = _post(logged_in, f"/moderation/workshops/{alone.id}/prozess", {"process_id": str(world.process.id)})
    assert response.status_code == 302
    assert db.session.get(Workshop, alone.id).process_id == world.process.id


def test_a_co_moderator_of_one_workshop_sees_the_page_but_no_forms(app, moderator):
    world = build_process(moderator)
    other = _other_moderator_client(app)
    from participation.workshops.co_moderators import invite_co_moderator

    invite_co_moderator(db.session.get(Workshop, world.workshops[1].id), "zweiter")
    page = _page(other, world.process.id)
    assert 'id="field-counts"' in page and 'id="settings-form"' not in page and 'id="delete-form"' not in page


def test_the_workshop_editor_says_which_fields_the_process_shares(app, client, moderator, logged_in):
    """A linked field is marked "Katalog" in the workshop's editor, with a note that edits
    there stay in the workshop and a link to the process page."""
    from participation.processes import services as process_services
    from participation.workshops.services import create_workshop
    from participation.workshops.structure import add_field

    workshop = create_workshop(moderator, "dithmarschen", title="Auftakt")
    process = process_services.create_process(moderator, "Kreisstrategie")
    process_services.join(process, db.session.get(Workshop, workshop.id))
    add_field(db.session.get(Workshop, workshop.id), "Nur hier")
    page = client.get(f"/moderation/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert "Kreisstrategie" in page and f"/moderation/prozesse/{process.id}#catalogue" in page
    assert page.count('<span class="badge">Katalog</span>') == 8  # the Dithmarschen fields, not "Nur hier"
