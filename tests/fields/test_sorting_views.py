"""The Handlungsfelder page, its forms, the idea map, the field colours and the wall by field."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from participation.auth.services import create_moderator
from participation.charts.palette import contrast_ratio, text_colour_on
from participation.database import write_transaction
from participation.extensions import db
from participation.ideas.models import VISIBLE, Idea
from participation.moderation import services as moderation
from participation.fields import services as sorting
from participation.workshops.models import Field, Workshop
from participation.workshops.services import create_workshop
from participation.workshops.structure import add_field
from participation.workshops.wall_keys import ensure_wall_token

from helpers import TEST_PASSWORD, csrf_token

BUS = "Mitfahrbank in Albersdorf 🚌"
GLASFASER = "Glasfaser fürs Dorf"
TELEMEDIZIN = "Telemedizin beim Hausarzt"
SCHUL_APP = "Schul-App für Elternbriefe"
HUNDEWIESE = ("Hundewiese mit Zaun am Ortsrand", "Hundekotbeutel-Spender an der Hundewiese 🐕", "Hundewiese für große Hunde")
STORCH = ("Storchennest mit Kamera", "Storchennest live gucken", "Störche beobachten am Storchennest in Bergenhusen")
SVG = "{http://www.w3.org/2000/svg}"


# --- helpers -----------------------------------------------------------------------------


def _insert(workshop, texts, question=0):
    with write_transaction() as session:
        ideas = [
            Idea(
                workshop_id=workshop.id,
                question_id=workshop.questions[question].id,
                idempotency_key=f"insert-{index:04d}-{abs(hash(text)) % 10**8}",
                text=text,
                status=VISIBLE,
            )
            for index, text in enumerate(texts)
        ]
        session.add_all(ideas)
    return ideas


def _field(workshop, name):
    return next(field for field in workshop.fields if field.name == name)


def _reload(obj):
    db.session.rollback()
    return db.session.get(type(obj), obj.id)


def _url(workshop, action=""):
    base = f"/moderation/workshops/{workshop.id}/fields"
    return f"{base}/{action}" if action else base


def _state(workshop):
    db.session.rollback()
    ideas = db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
    fields = db.session.scalars(select(Field).where(Field.workshop_id == workshop.id).order_by(Field.id)).all()
    return (
        {i.id: (i.field_id, i.field_score, list(i.field_terms), i.field_confirmed) for i in ideas},
        [(f.id, f.name, list(f.keywords), f.colour) for f in fields],
        db.session.get(Workshop, workshop.id).discovery_k,
    )


def _follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _flashes(page):
    return [(category, html.unescape(text)) for category, text in re.findall(r'<p class="flash flash-(\w+)">(.*?)</p>', page, re.S)]


def _moved(page, idea_id):
    """The confirmation shown in the row of the moved idea (where the page lands)."""
    row = re.search(rf'<li class="sort-row[^"]*" id="idea-{idea_id}".*?</li>', page, re.S)
    assert row, idea_id
    found = re.search(r'<p class="sort-moved" role="status">(.*?)</p>', row.group(0), re.S)
    return html.unescape(found.group(1)) if found else None


def _sections(page):
    """{field id or "none": [idea ids]} of the rows on the Handlungsfelder page, in page order."""
    sections = {}
    for idea_id, key in re.findall(r'<li class="sort-row[^"]*" id="idea-(\d+)"[^>]*?data-field-id="(\d+|none)"', page, re.S):
        sections.setdefault(key, []).append(int(idea_id))
    return sections


@pytest.fixture
def mod(logged_in):
    return logged_in, csrf_token(logged_in)


@pytest.fixture
def sorted_ideas(workshop):
    ideas = _insert(workshop, [BUS, GLASFASER, TELEMEDIZIN, SCHUL_APP, *HUNDEWIESE, *STORCH])
    sorting.run_analysis(workshop)
    db.session.rollback()
    return {idea.text: db.session.get(Idea, idea.id) for idea in ideas}


@pytest.fixture
def other_workshop(moderator):
    return create_workshop(moderator, "dithmarschen", "Zweiter Abend")


# --- who may use the page ----------------------------------------------------------------


def _every_route(workshop, idea, field):
    group = {"idea_id": [str(idea.id)], "term": ["Hundewiese"]}
    return [
        ("get", _url(workshop), {}),
        ("post", _url(workshop, "run"), {}),
        ("post", _url(workshop, f"ideas/{idea.id}/move"), {"field_id": str(field.id)}),
        ("post", _url(workshop, f"ideas/{idea.id}/release"), {}),
        ("post", _url(workshop, "proposals/adopt"), {**group, "name": "Gekapert 😈"}),
        ("post", _url(workshop, "proposals/merge"), {**group, "field_id": str(field.id)}),
        ("post", _url(workshop, "discovery"), {"k": "5"}),
        ("get", _url(workshop, "map.svg"), {}),
    ]


def _request(client, method, url, data, token):
    if method == "get":
        return client.get(url)
    return client.post(url, data={**data, "csrf_token": token})


def test_every_sorting_route_needs_a_login(client, workshop, sorted_ideas):
    idea = sorted_ideas[HUNDEWIESE[0]]
    before = _state(workshop)
    token = csrf_token(client)
    for method, url, data in _every_route(workshop, idea, workshop.fields[0]):
        response = _request(client, method, url, data, token)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/moderation/login?next="), url
    assert _state(workshop) == before


def test_other_moderators_get_404_on_every_sorting_route(app, workshop, sorted_ideas):
    idea = sorted_ideas[HUNDEWIESE[0]]
    before = _state(workshop)
    create_moderator("zweite-moderatorin", TEST_PASSWORD)
    other = app.test_client()
    login = other.post(
        "/moderation/login",
        data={"username": "zweite-moderatorin", "password": TEST_PASSWORD, "csrf_token": csrf_token(other)},
    )
    assert login.status_code == 302
    token = csrf_token(other)
    for method, url, data in _every_route(workshop, idea, workshop.fields[0]):
        assert _request(other, method, url, data, token).status_code == 404, url
    assert _state(workshop) == before


def test_unknown_workshop_is_404(mod):
    client, token = mod
    assert client.get("/moderation/workshops/99999/fields").status_code == 404
    assert client.post("/moderation/workshops/99999/fields/run", data={"csrf_token": token}).status_code == 404
    assert client.get("/moderation/workshops/99999/fields/map.svg").status_code == 404


def test_forms_need_the_csrf_token(mod, workshop, sorted_ideas):
    client, _ = mod
    before = _state(workshop)
    idea = sorted_ideas[BUS]
    response = client.post(_url(workshop, f"ideas/{idea.id}/move"), data={"field_id": str(workshop.fields[0].id)})
    assert response.status_code == 400
    assert client.post(_url(workshop, "discovery"), data={"k": "3"}).status_code == 400
    assert _state(workshop) == before


# --- the page ------------------------------------------------------------------------------


def test_page_lists_fields_ideas_unassigned_proposals_and_map(mod, workshop, sorted_ideas):
    client, _ = mod
    sorting.move_idea(sorted_ideas[TELEMEDIZIN], _field(workshop, "Bildung"))
    response = client.get(_url(workshop))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = html.unescape(page)

    assert "Handlungsfelder: Dithmarschen Digital – Auftakt" in text
    sections = _sections(page)
    # in field order, then the unassigned
    assert list(sections) == [str(field.id) for field in workshop.fields if str(field.id) in sections] + ["none"]
    ids = {t: idea.id for t, idea in sorted_ideas.items()}
    assert sections[str(_field(workshop, "Mobilität").id)] == [ids[BUS]]
    assert sections[str(_field(workshop, "Breitband & Infrastruktur").id)] == [ids[GLASFASER]]
    assert sections[str(_field(workshop, "Bildung").id)] == [ids[TELEMEDIZIN], ids[SCHUL_APP]]  # confirmed first
    assert len(sections) == 3 + 1  # fields with ideas, then the unassigned
    assert sorted(sections["none"]) == sorted(ids[t] for t in (*HUNDEWIESE, *STORCH))
    for field in workshop.fields:
        assert f"{field.name} (" in text
    assert "Noch nicht zugeordnet (6)" in text
    assert "Bildung (2)" in text

    # scores, matching terms and the moderator's decisions
    glasfaser = sorted_ideas[GLASFASER]
    # (the score is shown as a word: see tests/fields/test_board.py)
    assert "passende Begriffe: " + ", ".join(glasfaser.field_terms) in text
    assert re.search(rf'id="idea-{ids[TELEMEDIZIN]}"[^>]*data-level="decided"', page)
    assert "von Ihnen entschieden" in text
    assert "Zuordnung wieder der Analyse überlassen" in text
    assert BUS in text and "Hundekotbeutel-Spender an der Hundewiese 🐕" in text

    # every idea can be moved without JavaScript
    assert len(re.findall(r'<form method="post" action="[^"]*/ideas/\d+/move" class="move-form">', page)) == len(sorted_ideas)
    assert f'<label for="move-{ids[BUS]}" class="visually-hidden">Verschieben nach</label>' in page

    # proposals, each with an adopt and a merge form carrying its ideas and terms
    assert "Vorschläge für neue Handlungsfelder" in text
    adopt_forms = re.findall(r'<form method="post" action="([^"]*/proposals/adopt)" class="actions">(.*?)</form>', page, re.S)
    merge_forms = re.findall(r'<form method="post" action="([^"]*/proposals/merge)" class="actions">(.*?)</form>', page, re.S)
    assert len(adopt_forms) == len(merge_forms) >= 2
    hunde_form = next(body for _, body in adopt_forms if f'name="idea_id" value="{ids[HUNDEWIESE[0]]}"' in body)
    for t in HUNDEWIESE:
        assert f'name="idea_id" value="{ids[t]}"' in hunde_form
    assert 'name="term" value="Hundewiese"' in hunde_form
    assert re.search(r'<input id="adopt-\d+" name="name" value="[^"]*Hundewiese', hunde_form)
    assert "Als Handlungsfeld übernehmen" in text and "Zusammenführen" in text
    assert 'id="discovery-k"' in page

    # the map
    assert f'<img class="ideas-map" src="{_url(workshop, "map.svg")}"' in page
    assert f'href="/w/{workshop.code}/fields.css"' in page
    assert f"/w/{workshop.code}/wall?by=field" in page


def test_page_without_unassigned_ideas_has_no_proposals(mod, workshop):
    client, _ = mod
    _insert(workshop, [BUS, GLASFASER])
    sorting.run_analysis(workshop)
    text = html.unescape(client.get(_url(workshop)).get_data(as_text=True))
    assert "Zurzeit keine Vorschläge: Es gibt zu wenige Ideen ohne Handlungsfeld." in text
    assert "Noch nicht zugeordnet (0)" in text


def test_page_escapes_idea_texts_and_field_names(mod, workshop):
    client, _ = mod
    field = add_field(workshop, "<script>x</script>", keywords=["skript"])
    idea, = _insert(workshop, ['<img src=x onerror="alert(1)"> Skript für alle'])
    sorting.move_idea(idea, field)
    page = client.get(_url(workshop)).get_data(as_text=True)
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<img src=x" not in page


# --- moving and releasing ------------------------------------------------------------------


def test_move_to_another_field_sticks_through_a_re_run(mod, workshop, sorted_ideas):
    client, token = mod
    bus = sorted_ideas[BUS]
    umwelt = _field(workshop, "Umwelt & Energie")
    response = client.post(_url(workshop, f"ideas/{bus.id}/move"), data={"field_id": str(umwelt.id), "csrf_token": token})
    assert response.headers["Location"].endswith(f"?moved={bus.id}#idea-{bus.id}")
    page = _follow(client, response)
    assert _moved(page, bus.id) == f"„{BUS}“ ist jetzt in „Umwelt & Energie“."
    assert _flashes(page) == []  # shown in the row, where the page lands, not on top
    assert bus.id in _sections(page)[str(umwelt.id)]
    idea = _reload(bus)
    assert (idea.field_id, idea.field_confirmed) == (umwelt.id, True)

    page = _follow(client, client.post(_url(workshop, "run"), data={"csrf_token": token}))
    assert _reload(bus).field_id == umwelt.id
    assert bus.id in _sections(page)[str(umwelt.id)]


def test_move_to_noch_nicht_zugeordnet(mod, workshop, sorted_ideas):
    client, token = mod
    glasfaser = sorted_ideas[GLASFASER]
    page = _follow(client, client.post(_url(workshop, f"ideas/{glasfaser.id}/move"), data={"field_id": "", "csrf_token": token}))
    assert _moved(page, glasfaser.id) == f"„{GLASFASER}“ ist jetzt in „Noch nicht zugeordnet“."
    assert glasfaser.id in _sections(page)["none"]
    idea = _reload(glasfaser)
    assert (idea.field_id, idea.field_confirmed) == (None, True)


def test_move_flash_shortens_a_long_idea(mod, workshop):
    client, token = mod
    long_text = "Glasfaser " + "bis in jedes Dorf, " * 20
    idea, = _insert(workshop, [long_text])
    page = _follow(client, client.post(_url(workshop, f"ideas/{idea.id}/move"), data={"field_id": "", "csrf_token": token}))
    assert _moved(page, idea.id) == f"„{long_text[:60]}“ ist jetzt in „Noch nicht zugeordnet“."


@pytest.mark.parametrize("value", ["foreign", "99999", "abc", "²", "-1", "99999999999999999999"])
def test_move_to_a_field_that_is_not_this_workshops_is_refused(mod, workshop, other_workshop, sorted_ideas, value):
    client, token = mod
    bus = sorted_ideas[BUS]
    before = _state(workshop)
    field_id = str(other_workshop.fields[0].id) if value == "foreign" else value
    response = client.post(_url(workshop, f"ideas/{bus.id}/move"), data={"field_id": field_id, "csrf_token": token})
    page = _follow(client, response)
    assert ("error", "Bitte wählen Sie ein Handlungsfeld dieses Workshops.") in _flashes(page)
    assert _state(workshop) == before


def test_moving_or_releasing_an_idea_of_another_workshop_is_404(mod, workshop, other_workshop, sorted_ideas):
    client, token = mod
    foreign, = _insert(other_workshop, ["Glasfaser für Lunden"])
    sorting.run_analysis(other_workshop)
    foreign_before = _state(other_workshop)
    before = _state(workshop)
    field = workshop.fields[0]
    assert client.post(_url(workshop, f"ideas/{foreign.id}/move"), data={"field_id": str(field.id), "csrf_token": token}).status_code == 404
    assert client.post(_url(workshop, f"ideas/{foreign.id}/release"), data={"csrf_token": token}).status_code == 404
    assert client.post(_url(workshop, "ideas/99999/move"), data={"field_id": "", "csrf_token": token}).status_code == 404
    assert _state(workshop) == before and _state(other_workshop) == foreign_before


def test_release_gives_the_idea_back_to_the_analysis(mod, workshop, sorted_ideas):
    client, token = mod
    bus = sorted_ideas[BUS]
    bildung = _field(workshop, "Bildung")
    client.post(_url(workshop, f"ideas/{bus.id}/move"), data={"field_id": str(bildung.id), "csrf_token": token})
    response = client.post(_url(workshop, f"ideas/{bus.id}/release"), data={"csrf_token": token})
    assert response.headers["Location"].endswith(f"?moved={bus.id}#idea-{bus.id}")
    page = _follow(client, response)
    assert _moved(page, bus.id) == "Die Analyse ordnet diese Idee wieder selbst zu."
    idea = _reload(bus)
    assert (idea.field_id, idea.field_confirmed) == (_field(workshop, "Mobilität").id, False)
    assert bus.id in _sections(page)[str(idea.field_id)]


def test_run_reports_how_many_ideas_changed_field(mod, workshop, sorted_ideas):
    client, token = mod
    page = _follow(client, client.post(_url(workshop, "run"), data={"csrf_token": token}))
    assert ("message", "Die Analyse ist neu berechnet; 0 Ideen haben das Handlungsfeld gewechselt. "
            "Ihre eigenen Zuordnungen bleiben, wie sie sind.") in _flashes(page)

    kultur = _field(workshop, "Kultur, Freizeit & Ehrenamt")
    wrong = [_reload(sorted_ideas[text]) for text in (BUS, GLASFASER)]
    with write_transaction():  # two ideas in a wrong field, as if the fields had changed
        for idea in wrong:
            idea.field_id = kultur.id
    page = _follow(client, client.post(_url(workshop, "run"), data={"csrf_token": token}))
    assert any("2 Ideen haben das Handlungsfeld gewechselt" in message for _, message in _flashes(page))
    assert _reload(sorted_ideas[BUS]).field_id == _field(workshop, "Mobilität").id


# --- proposals -------------------------------------------------------------------------------


def _group_data(ideas, terms, **extra):
    return {"idea_id": [str(idea.id) for idea in ideas], "term": list(terms), **extra}


def test_adopt_form_creates_a_field(mod, workshop, sorted_ideas):
    client, token = mod
    group = [sorted_ideas[t] for t in HUNDEWIESE]
    response = client.post(
        _url(workshop, "proposals/adopt"),
        data={**_group_data(group, ["Hundewiese", "Hunde", " ", "Zaun"], name="Hunde im Dorf"), "csrf_token": token},
    )
    db.session.rollback()
    field = db.session.scalar(select(Field).where(Field.workshop_id == workshop.id, Field.name == "Hunde im Dorf"))
    assert field is not None and field.keywords == ["Hundewiese", "Hunde"]  # "Zaun": one idea's word only
    assert response.headers["Location"].endswith(f"?field={field.id}#sort-list")  # the new field's ideas
    page = _follow(client, response)
    assert ("message", "Das Handlungsfeld „Hunde im Dorf“ ist angelegt, mit 3 der gezeigten Ideen.") in _flashes(page)
    assert sorted(_sections(page)[str(field.id)]) == sorted(idea.id for idea in group)
    assert list(_sections(page)) == [str(field.id)]
    for idea in group:
        assert (_reload(idea).field_id, _reload(idea).field_confirmed) == (field.id, True)
    # its colour is served with the others
    css = client.get(f"/w/{workshop.code}/fields.css").get_data(as_text=True)
    assert f".field-colour-{field.id} {{ background-color: {field.colour};" in css


@pytest.mark.parametrize("name, message", [
    ("", "Bitte geben Sie dem neuen Handlungsfeld einen Namen."),
    ("x" * 121, "Der Name darf höchstens 120 Zeichen lang sein."),
])
def test_adopt_form_refuses_a_bad_name(mod, workshop, sorted_ideas, name, message):
    client, token = mod
    before = _state(workshop)
    group = [sorted_ideas[t] for t in HUNDEWIESE]
    response = client.post(_url(workshop, "proposals/adopt"), data={**_group_data(group, ["Hundewiese"], name=name), "csrf_token": token})
    assert response.headers["Location"].endswith("#proposals")
    assert ("error", message) in _flashes(_follow(client, response))
    assert _state(workshop) == before


@pytest.mark.parametrize("action", ["proposals/adopt", "proposals/merge"])
@pytest.mark.parametrize("idea_ids", [[], ["abc"], ["²"], ["-3"], ["99999999999999999999"]])
def test_group_forms_without_ideas_are_bad_requests(mod, workshop, sorted_ideas, action, idea_ids):
    client, token = mod
    before = _state(workshop)
    data = {"idea_id": idea_ids, "term": ["Hundewiese"], "name": "Hunde", "field_id": str(workshop.fields[0].id), "csrf_token": token}
    assert client.post(_url(workshop, action), data=data).status_code == 400
    assert _state(workshop) == before


def test_merge_form_extends_a_field(mod, workshop, sorted_ideas):
    client, token = mod
    umwelt = _field(workshop, "Umwelt & Energie")
    keywords = list(umwelt.keywords)
    group = [sorted_ideas[t] for t in STORCH]
    response = client.post(
        _url(workshop, "proposals/merge"),
        data={**_group_data(group, ["Storchennest", "Störche", "umwelt"], field_id=str(umwelt.id)), "csrf_token": token},
    )
    assert response.headers["Location"].endswith(f"?field={umwelt.id}#sort-list")
    page = _follow(client, response)
    assert ("message", "3 Ideen der Gruppe sind jetzt in „Umwelt & Energie“.") in _flashes(page)
    assert _reload(umwelt).keywords == [*keywords, "Storchennest"]  # "Störche": one idea's word only
    assert sorted(_sections(page)[str(umwelt.id)]) == sorted(idea.id for idea in group)


@pytest.mark.parametrize("field_id", ["foreign", "", "abc", "99999"])
def test_merge_form_refuses_a_field_of_another_workshop(mod, workshop, other_workshop, sorted_ideas, field_id):
    client, token = mod
    before, other_before = _state(workshop), _state(other_workshop)
    value = str(other_workshop.fields[0].id) if field_id == "foreign" else field_id
    group = [sorted_ideas[t] for t in STORCH]
    response = client.post(_url(workshop, "proposals/merge"), data={**_group_data(group, ["Storchennest"], field_id=value), "csrf_token": token})
    assert response.headers["Location"].endswith("#proposals")
    assert ("error", "Bitte wählen Sie das Handlungsfeld, zu dem die Gruppe hinzukommen soll.") in _flashes(_follow(client, response))
    assert _state(workshop) == before and _state(other_workshop) == other_before


def test_group_forms_leave_ideas_of_other_workshops_alone(mod, workshop, other_workshop, sorted_ideas):
    client, token = mod
    foreign, = _insert(other_workshop, ["Hundewiese in Lunden"])
    sorting.run_analysis(other_workshop)
    other_before = _state(other_workshop)
    client.post(_url(workshop, "proposals/adopt"),
                data={**_group_data([foreign, sorted_ideas[HUNDEWIESE[0]]], ["Hundewiese"], name="Hunde"), "csrf_token": token})
    client.post(_url(workshop, "proposals/merge"),
                data={**_group_data([foreign], ["Lunden"], field_id=str(workshop.fields[0].id)), "csrf_token": token})
    assert _state(other_workshop) == other_before


@pytest.mark.parametrize("raw", ["1", "13", "abc", "0", "-2", "2.5", "²", "99999999999999999999"])
def test_discovery_k_is_validated(mod, workshop, raw):
    client, token = mod
    sorting.set_discovery_k(workshop, 4)
    response = client.post(_url(workshop, "discovery"), data={"k": raw, "csrf_token": token})
    assert response.headers["Location"].endswith("#proposals")
    assert ("error", "Bitte eine Zahl zwischen 2 und 12 eingeben oder das Feld leer lassen (automatisch).") in _flashes(_follow(client, response))
    assert _reload(workshop).discovery_k == 4


@pytest.mark.parametrize("raw, k", [("2", 2), ("12", 12), (" 7 ", 7), ("", None), ("  ", None)])
def test_discovery_k_is_stored(mod, workshop, raw, k):
    client, token = mod
    sorting.set_discovery_k(workshop, 4)
    page = _follow(client, client.post(_url(workshop, "discovery"), data={"k": raw, "csrf_token": token}))
    assert not [flash for flash in _flashes(page) if flash[0] == "error"]
    assert _reload(workshop).discovery_k == k
    assert f'name="k" type="number" min="2" max="12" value="{k or ""}"' in page


def test_chosen_k_changes_the_proposals_on_the_page(mod, workshop, sorted_ideas):
    client, token = mod
    client.post(_url(workshop, "discovery"), data={"k": "2", "csrf_token": token})
    page = client.get(_url(workshop)).get_data(as_text=True)
    assert len(re.findall(r'<article class="card proposal"', page)) == 2


# --- the map ---------------------------------------------------------------------------------


def _svg_texts(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root, ["".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")]


def test_map_svg_is_valid_and_names_the_fields(mod, workshop, sorted_ideas):
    client, _ = mod
    response = client.get(_url(workshop, "map.svg"))
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-cache"
    root, texts = _svg_texts(response.get_data(as_text=True))
    # the fields on the map, and in the legend with their number of ideas ("Bildung (2)")
    legend = [text.rsplit(" (", 1)[0] for text in texts if text.endswith(")")]
    for name in ("Mobilität", "Breitband & Infrastruktur", "Gesundheit & Pflege", "Bildung"):
        assert name in texts and name in legend, texts
    assert "Noch nicht zugeordnet" in legend and "Handlungsfeld" in texts
    assert "Wirtschaft & Arbeit" not in texts + legend  # no idea there: no legend entry
    assert "Ideen nach Ähnlichkeit, gefärbt nach Handlungsfeld" in texts


def test_map_svg_escapes_a_hostile_field_name(mod, workshop):
    client, _ = mod
    field = add_field(workshop, "<script>x</script>", keywords=["skript"], colour="#8c2d1b")
    dollars = add_field(workshop, "Budget: 5 $ bis 10 $ & $x^$", keywords=["budget"], colour="#2e6b30")
    first, second, _ = _insert(workshop, ["Ein Skript für alle", "Budget fürs Dorf 💶", GLASFASER])
    sorting.move_idea(first, field)
    sorting.move_idea(second, dollars)
    response = client.get(_url(workshop, "map.svg"))
    assert response.status_code == 200
    svg = response.get_data(as_text=True)
    root, texts = _svg_texts(svg)
    assert "<script>x</script>" in texts and "Budget: 5 $ bis 10 $ & $x^$" in texts
    assert not [element for element in root.iter() if element.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert "<script>" not in svg


def test_map_svg_of_an_empty_workshop(mod, workshop):
    client, _ = mod
    response = client.get(_url(workshop, "map.svg"))
    assert response.status_code == 200
    _, texts = _svg_texts(response.get_data(as_text=True))
    assert "Ideen nach Ähnlichkeit, gefärbt nach Handlungsfeld" in texts


# --- field colours ---------------------------------------------------------------------------


def test_fields_css_has_a_rule_per_field_colour(client, workshop):
    response = client.get(f"/w/{workshop.code}/fields.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    for field in workshop.fields:
        # black or white text, whichever has the higher WCAG contrast on the field's colour
        text = text_colour_on(field.colour)
        assert contrast_ratio(text, field.colour) >= 4.5
        assert f".field-colour-{field.id} {{ background-color: {field.colour}; color: {text}; }}" in css
        assert f".field-border-{field.id} {{ border-left: 8px solid {field.colour}; }}" in css
    assert css.count("background-color") == len(workshop.fields)
    # codes are read like the join code: lower case works too
    assert client.get(f"/w/{workshop.code.lower()}/fields.css").get_data(as_text=True) == css


def test_fields_css_leaves_out_a_colour_that_is_not_one(client, workshop):
    field = _reload(workshop.fields[0])
    with write_transaction():
        field.colour = "red;}x"
    css = client.get(f"/w/{workshop.code}/fields.css").get_data(as_text=True)
    assert f"field-colour-{field.id} " not in css and "red;}" not in css
    assert css.count("background-color") == len(workshop.fields) - 1


@pytest.mark.parametrize("code", ["ZZZZZZ", "x", "%3Cscript%3E"])
def test_fields_css_of_an_unknown_code_is_404(client, workshop, code):
    assert client.get(f"/w/{code}/fields.css").status_code == 404


# --- the wall by Handlungsfeld -----------------------------------------------------------------


def _wall_columns(page):
    """[(heading, [idea ids])] of the wall's columns, in order."""
    columns = []
    for heading, body in re.findall(r'<section class="wall-column[^"]*"[^>]*>\s*<h2 id="[^"]+">(.*?)</h2>(.*?)</section>', page, re.S):
        columns.append((html.unescape(heading), [int(i) for i in re.findall(r'id="wall-idea-(\d+)"', body)]))
    return columns


def test_wall_by_field_has_a_column_per_field(mod, workshop, sorted_ideas):
    client, _ = mod
    sorting.move_idea(sorted_ideas[TELEMEDIZIN], _field(workshop, "Bildung"))
    response = client.get(f"/w/{workshop.code}/wall?by=field")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-group-by="field"' in page
    assert f'href="/w/{workshop.code}/fields.css"' in page
    columns = _wall_columns(page)
    assert [heading for heading, _ in columns] == [field.name for field in workshop.fields] + ["Noch nicht zugeordnet"]
    ids = {t: idea.id for t, idea in sorted_ideas.items()}
    by_heading = dict(columns)
    assert by_heading["Mobilität"] == [ids[BUS]]
    assert by_heading["Breitband & Infrastruktur"] == [ids[GLASFASER]]
    assert sorted(by_heading["Bildung"]) == sorted([ids[TELEMEDIZIN], ids[SCHUL_APP]])
    assert by_heading["Gesundheit & Pflege"] == []
    assert sorted(by_heading["Noch nicht zugeordnet"]) == sorted(ids[t] for t in (*HUNDEWIESE, *STORCH))
    for field in workshop.fields:
        assert f'class="wall-column field-border-{field.id}"' in page
        assert f'id="wall-list-field-{field.id}"' in page
    assert 'id="wall-list-field-none"' in page


def test_wall_by_field_shows_only_public_ideas(mod, workshop, sorted_ideas):
    client, _ = mod
    moderation.hide(sorted_ideas[BUS])
    moderation.merge(sorted_ideas[STORCH[1]], sorted_ideas[STORCH[0]])
    columns = dict(_wall_columns(client.get(f"/w/{workshop.code}/wall?by=field").get_data(as_text=True)))
    shown = [idea_id for ids in columns.values() for idea_id in ids]
    assert sorted_ideas[BUS].id not in shown and sorted_ideas[STORCH[1]].id not in shown
    assert len(shown) == len(sorted_ideas) - 2


def test_wall_with_its_secret_key_groups_by_field_too(app, workshop, sorted_ideas):
    key = ensure_wall_token(workshop)
    projector = app.test_client()
    page = projector.get(f"/w/{workshop.code}/wall?by=field&key={key}").get_data(as_text=True)
    assert [heading for heading, _ in _wall_columns(page)][-1] == "Noch nicht zugeordnet"
    assert projector.get(f"/w/{workshop.code}/fields.css").status_code == 200


def test_wall_without_by_field_groups_by_question(mod, workshop, sorted_ideas):
    client, _ = mod
    page = client.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert 'data-group-by="question"' in page and "fields.css" not in page
    assert [heading for heading, _ in _wall_columns(page)] == [question.text for question in workshop.questions]
