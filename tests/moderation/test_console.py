"""The moderation console: who may use it, filters, and every action a moderator takes live."""

import re

import pytest
from sqlalchemy import func, select

from participation.auth.services import create_moderator
from participation.extensions import db
from participation.ideas.models import HIDDEN, PENDING, VISIBLE, Idea, IdeaRevision, Participant, Vote
from participation.ideas.services import submit_idea
from participation.events.models import Event
from participation.moderation import services as moderation
from participation.voting.services import give_vote
from participation.workshops.models import Field, Question, Workshop
from participation.workshops.services import create_workshop, update_workshop
from participation.workshops.wall_keys import ensure_wall_token

from helpers import TEST_PASSWORD, csrf_token, make_participant as _participant


# --- helpers -----------------------------------------------------------------------------



def _idea(workshop, participant, text, question=0):
    idea, created = submit_idea(
        workshop, participant, workshop.questions[question].id, text, f"key-{participant.id}-{abs(hash(text))}"
    )
    assert created
    return idea


def _reload(obj):
    db.session.rollback()  # end the test's read transaction to see what requests wrote
    return db.session.get(type(obj), obj.id)


def _count(model, *where):
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _url(workshop, action, idea=None):
    base = f"/moderation/workshops/{workshop.id}"
    return f"{base}/ideas/{idea.id}/{action}" if idea is not None else f"{base}/{action}"


def _phone(app, workshop, nickname):
    """A second phone that joined ``workshop``; returns (client, csrf token)."""
    phone = app.test_client()
    token = csrf_token(phone)
    assert phone.post(f"/j/{workshop.code}", data={"nickname": nickname, "csrf_token": token}).status_code == 302
    return phone, token


def _api_texts(client, workshop):
    return [idea["text"] for idea in client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]]


def _others_section(html):
    """The phone page's "Ideen der anderen" section."""
    match = re.search(r'<section aria-labelledby="others-heading".*?</section>', html, re.S)
    assert match, "no 'Ideen der anderen' section"
    return match.group(0)


def _console_ids(client, workshop, **filters):
    response = client.get(_url(workshop, "console"), query_string=filters)
    assert response.status_code == 200
    return [int(value) for value in re.findall(r'data-idea-id="(\d+)"', response.get_data(as_text=True))]


def _follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _seqs(workshop):
    db.session.rollback()
    return db.session.scalars(select(Event.seq).where(Event.workshop_id == workshop.id).order_by(Event.seq)).all()


@pytest.fixture
def mod(logged_in):
    """The logged-in owner of ``workshop`` and the session's CSRF token."""
    return logged_in, csrf_token(logged_in)


@pytest.fixture
def anna(workshop):
    return _participant(workshop, "anna")


@pytest.fixture
def bert(workshop):
    return _participant(workshop, "bert")


# --- who may use the console -------------------------------------------------------------


def _every_route(workshop, idea):
    """(method, url, form data) for every console route."""
    return [
        ("get", _url(workshop, "console"), {}),
        ("post", _url(workshop, "hide", idea), {}),
        ("post", _url(workshop, "show", idea), {}),
        ("post", _url(workshop, "spotlight", idea), {}),
        ("post", _url(workshop, "spotlight/clear"), {}),
        ("post", _url(workshop, "merge", idea), {"target_id": idea.id}),
        ("post", _url(workshop, "unmerge", idea), {}),
        ("get", _url(workshop, "edit", idea), {}),
        ("post", _url(workshop, "edit", idea), {"text": "Gekapert 😈"}),
        ("post", _url(workshop, "live-settings"), {"dots_per_participant": "7", "premoderation": "y"}),
        ("post", _url(workshop, "reset-votes"), {"confirm": "yes"}),
        ("get", _url(workshop, "delete"), {}),
        ("post", _url(workshop, "delete"), {"confirm_title": workshop.title}),
        ("post", _url(workshop, "wall-link"), {}),
    ]


def _assert_untouched(workshop, idea, wall_token, votes):
    db.session.rollback()
    stored = db.session.get(Workshop, workshop.id)
    assert stored is not None
    assert stored.dots_per_participant == 3 and stored.premoderation is False
    assert ensure_wall_token(stored) == wall_token and stored.spotlight_idea_id is None
    idea = db.session.get(Idea, idea.id)
    assert idea.text == "Glasfaser bis in jedes Dorf – auch nach Friedrichskoog!" and idea.status == VISIBLE
    assert _count(Vote) == votes


def test_console_needs_a_login(app, client, workshop, anna, bert):
    idea = _idea(workshop, anna, "Glasfaser bis in jedes Dorf – auch nach Friedrichskoog!")
    give_vote(bert, idea)
    wall_token = ensure_wall_token(workshop)
    token = csrf_token(client)
    for method, url, data in _every_route(workshop, idea):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/moderation/login?next="), url
    _assert_untouched(workshop, idea, wall_token, votes=1)


def test_other_moderators_get_404_on_every_route(app, workshop, anna, bert):
    idea = _idea(workshop, anna, "Glasfaser bis in jedes Dorf – auch nach Friedrichskoog!")
    give_vote(bert, idea)
    wall_token = ensure_wall_token(workshop)
    create_moderator("zweite-moderatorin", TEST_PASSWORD)
    other = app.test_client()
    login = other.post(
        "/moderation/login",
        data={"username": "zweite-moderatorin", "password": TEST_PASSWORD, "csrf_token": csrf_token(other)},
    )
    assert login.status_code == 302
    token = csrf_token(other)
    for method, url, data in _every_route(workshop, idea):
        if method == "get":
            response = other.get(url)
        else:
            response = other.post(url, data={**data, "csrf_token": token})
        assert response.status_code == 404, url
    _assert_untouched(workshop, idea, wall_token, votes=1)


def test_unknown_workshop_and_idea_of_another_workshop_are_404(mod, moderator, workshop, anna):
    client, token = mod
    other = create_workshop(moderator, "smarte-land-regionen")
    foreign = _idea(other, _participant(other, "olaf"), "Digitale Bürgerdienste im Amt Büsum-Wesselburen")
    assert client.get("/moderation/workshops/99999/console").status_code == 404
    assert client.post(_url(workshop, "hide", foreign), data={"csrf_token": token}).status_code == 404
    assert client.get(_url(workshop, "edit", foreign)).status_code == 404
    assert _reload(foreign).status == VISIBLE


# --- the list and its filters ------------------------------------------------------------


def test_console_lists_ideas_newest_first_with_question_and_status_filters(mod, workshop, anna, bert):
    client, _ = mod
    visible = _idea(workshop, anna, "Mitfahrbank in Wesselburen 🚗", question=0)
    hidden = _idea(workshop, anna, "Mehr Parkplätze am Marktplatz Heide", question=1)
    target = _idea(workshop, bert, "Schnelles Internet für Schulen", question=1)
    merged = _idea(workshop, bert, "WLAN in allen Klassenräumen", question=1)
    update_workshop(workshop, premoderation=True)
    pending = _idea(workshop, anna, "Telemedizin für Hausärzte auf dem Land", question=2)
    moderation.hide(hidden)
    moderation.merge(merged, target)

    everything = _console_ids(client, workshop)
    assert everything == [pending.id, merged.id, target.id, hidden.id, visible.id]
    assert _console_ids(client, workshop, status="visible") == [target.id, visible.id]
    assert _console_ids(client, workshop, status="pending") == [pending.id]
    assert _console_ids(client, workshop, status="hidden") == [hidden.id]
    assert _console_ids(client, workshop, status="merged") == [merged.id]
    assert _console_ids(client, workshop, question=workshop.questions[1].id) == [merged.id, target.id, hidden.id]
    assert _console_ids(client, workshop, question=workshop.questions[1].id, status="visible") == [target.id]
    assert _console_ids(client, workshop, question=workshop.questions[0].id, status="hidden") == []
    assert _console_ids(client, workshop, status="quatsch") == everything  # unknown filter: all

    html = client.get(_url(workshop, "console")).get_data(as_text=True)
    assert "Moderation: Dithmarschen Digital – Auftakt" in html
    for badge in ("wartet auf Freigabe", "ausgeblendet", "sichtbar", "zusammengeführt"):
        assert badge in html
    assert "Freigeben" in html and "Wieder zeigen" in html and "Trennen" in html
    assert "Mitfahrbank in Wesselburen 🚗" in html
    empty = client.get(_url(workshop, "console"), query_string={"status": "hidden", "question": workshop.questions[2].id})
    assert "Keine Ideen mit diesem Filter." in empty.get_data(as_text=True)


def test_actions_keep_the_filter_when_returning_to_the_console(mod, workshop, anna):
    client, token = mod
    idea = _idea(workshop, anna, "Bürgerbus nach Brunsbüttel")
    response = client.post(
        _url(workshop, "hide", idea), data={"csrf_token": token, "status": "visible", "question": workshop.questions[0].id}
    )
    location = response.headers["Location"]
    assert "status=visible" in location and f"question={workshop.questions[0].id}" in location
    assert location.endswith(f"#idea-{idea.id}")


# --- hide and show -----------------------------------------------------------------------


def test_hidden_idea_disappears_for_attendees_and_comes_back(app, mod, workshop, anna):
    client, token = mod
    idea = _idea(workshop, anna, "Kostenloses WLAN am Büsumer Hafen 📶")
    _idea(workshop, anna, "Carsharing am Bahnhof Meldorf")
    phone, _ = _phone(app, workshop, "Jörg")
    assert "Kostenloses WLAN am Büsumer Hafen 📶" in _api_texts(phone, workshop)
    assert "Kostenloses WLAN am Büsumer Hafen 📶" in _others_section(phone.get(f"/j/{workshop.code}/ideas").get_data(as_text=True))

    page = _follow(client, client.post(_url(workshop, "hide", idea), data={"csrf_token": token}))
    assert "Die Idee ist ausgeblendet." in page
    assert _reload(idea).status == HIDDEN
    assert _api_texts(phone, workshop) == ["Carsharing am Bahnhof Meldorf"]
    others = _others_section(phone.get(f"/j/{workshop.code}/ideas").get_data(as_text=True))
    assert "Kostenloses WLAN" not in others and "Carsharing am Bahnhof Meldorf" in others

    page = _follow(client, client.post(_url(workshop, "show", idea), data={"csrf_token": token}))
    assert "Die Idee ist sichtbar." in page
    assert _reload(idea).status == VISIBLE
    assert _api_texts(phone, workshop) == ["Kostenloses WLAN am Büsumer Hafen 📶", "Carsharing am Bahnhof Meldorf"]
    assert "Kostenloses WLAN am Büsumer Hafen 📶" in _others_section(phone.get(f"/j/{workshop.code}/ideas").get_data(as_text=True))


def test_hidden_idea_stays_in_its_authors_list(app, mod, workshop):
    client, token = mod
    author, author_token = _phone(app, workshop, "Inge")
    author.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[0].id, "text": "Dorfladen mit App", "idempotency_key": "key-inge-0001", "csrf_token": author_token},
    )
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    client.post(_url(workshop, "hide", idea), data={"csrf_token": token})
    html = author.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert "Dorfladen mit App" in html and "von der Moderation ausgeblendet" in html


# --- pre-moderation and word filter ------------------------------------------------------


def _settings(client, token, workshop, **values):
    data = {"dots_per_participant": "3", "show_ideas_to_attendees": "y", "word_filter": "", "csrf_token": token}
    data.update(values)
    return client.post(_url(workshop, "live-settings"), data=data)


def _phone_post(phone, token, workshop, text, key, question=0):
    return phone.post(
        f"/j/{workshop.code}/ideas",
        data={"question_id": workshop.questions[question].id, "text": text, "idempotency_key": key, "csrf_token": token},
    )


def test_premoderation_holds_new_ideas_until_approved(app, mod, workshop):
    client, token = mod
    page = _follow(client, _settings(client, token, workshop, premoderation="y"))
    assert "Die Einstellungen für Wand und Abstimmung sind gespeichert." in page
    assert _reload(workshop).premoderation is True

    author, author_token = _phone(app, workshop, "Inge")
    neighbour, _ = _phone(app, workshop, "Hauke")
    assert _phone_post(author, author_token, workshop, "Ärztehaus mit Videosprechstunde in Marne", "key-inge-0001").status_code == 302
    db.session.rollback()
    idea = db.session.scalar(select(Idea))
    assert idea.status == PENDING
    assert "wartet auf Freigabe" in author.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert _api_texts(neighbour, workshop) == []
    assert "Ärztehaus" not in _others_section(neighbour.get(f"/j/{workshop.code}/ideas").get_data(as_text=True))

    console = client.get(_url(workshop, "console"), query_string={"status": "pending"}).get_data(as_text=True)
    assert "Ärztehaus mit Videosprechstunde in Marne" in console and "Freigeben" in console

    client.post(_url(workshop, "show", idea), data={"csrf_token": token})
    assert _reload(idea).status == VISIBLE
    assert _api_texts(neighbour, workshop) == ["Ärztehaus mit Videosprechstunde in Marne"]
    assert "Ärztehaus mit Videosprechstunde in Marne" in _others_section(
        neighbour.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    )

    _settings(client, token, workshop)  # pre-moderation off again
    assert _reload(workshop).premoderation is False
    _phone_post(author, author_token, workshop, "Mehr Ladesäulen in Heide", "key-inge-0002")
    assert "Mehr Ladesäulen in Heide" in _api_texts(neighbour, workshop)


def test_word_filter_sends_only_matching_ideas_to_premoderation(app, mod, workshop):
    client, token = mod
    _settings(client, token, workshop, word_filter="Mist\n  blöd  \nmist, Quatsch")
    assert _reload(workshop).word_filter == ["Mist", "blöd", "Quatsch"]
    assert "Mist\nblöd\nQuatsch" in client.get(_url(workshop, "console")).get_data(as_text=True)

    author, author_token = _phone(app, workshop, "Inge")
    texts = {
        "So ein MIST, das Funkloch in Hemme!": PENDING,
        "Das Busnetz ist BLÖD getaktet": PENDING,
        "Mehr Mitfahrbänke zwischen Heide und Wöhrden": VISIBLE,
        "Schnelleres Internet für Landwirte 🚜": VISIBLE,
    }
    for number, text in enumerate(texts):
        assert _phone_post(author, author_token, workshop, text, f"key-inge-{number:04d}").status_code == 302
    db.session.rollback()
    stored = {idea.text: idea.status for idea in db.session.scalars(select(Idea))}
    assert stored == texts
    assert _api_texts(client, workshop) == ["Mehr Mitfahrbänke zwischen Heide und Wöhrden", "Schnelleres Internet für Landwirte 🚜"]


# --- fixing text -------------------------------------------------------------------------


def test_fix_text_keeps_the_original_in_the_history(mod, workshop, anna):
    client, token = mod
    idea = _idea(workshop, anna, "Glasfaser für Dithmarchen – shcnell!")
    form = client.get(_url(workshop, "edit", idea))
    assert form.status_code == 200 and "Glasfaser für Dithmarchen – shcnell!" in form.get_data(as_text=True)

    response = client.post(_url(workshop, "edit", idea), data={"text": "  Glasfaser für Dithmarschen – schnell! 🚀 ", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#idea-{idea.id}")
    assert _reload(idea).text == "Glasfaser für Dithmarschen – schnell! 🚀"
    revision = db.session.scalar(select(IdeaRevision).where(IdeaRevision.idea_id == idea.id))
    assert revision.text == "Glasfaser für Dithmarchen – shcnell!" and revision.edited_by == "moderation"

    console = client.get(_url(workshop, "console")).get_data(as_text=True)
    assert "Der Text ist korrigiert; das Original bleibt im Verlauf erhalten." in console
    assert "Bearbeitungsverlauf" in console and "Glasfaser für Dithmarchen – shcnell!" in console
    assert "geändert von der Moderation" in console
    api = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"][0]
    assert api["text"] == "Glasfaser für Dithmarschen – schnell! 🚀" and api["edited"] is True
    assert "Glasfaser für Dithmarchen – shcnell!" in client.get(_url(workshop, "edit", idea)).get_data(as_text=True)

    # The same text again is no change: no new revision.
    client.post(_url(workshop, "edit", idea), data={"text": "Glasfaser für Dithmarschen – schnell! 🚀", "csrf_token": token})
    assert _count(IdeaRevision) == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("   ", "Bitte schreiben Sie Ihre Idee"),
        ("Übermäßig lange Idee über Windkraft in Dithmarschen. " * 12, "höchstens 500"),
    ],
)
def test_invalid_fix_is_refused_and_the_typed_text_kept(mod, workshop, anna, text, message):
    client, token = mod
    idea = _idea(workshop, anna, "Windpark-Bürgerbeteiligung")
    seqs = _seqs(workshop)
    response = client.post(_url(workshop, "edit", idea), data={"text": text, "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    if text.strip():
        assert text.strip() in html
    assert _reload(idea).text == "Windpark-Bürgerbeteiligung"
    assert _count(IdeaRevision) == 0
    assert _seqs(workshop) == seqs


# --- merging -----------------------------------------------------------------------------


def test_merge_shows_one_idea_with_both_texts_and_counts_each_voter_once(app, mod, workshop, anna, bert):
    client, token = mod
    source = _idea(workshop, anna, "Rufbus am Wochenende")
    target = _idea(workshop, bert, "Bürgerbus auch samstags und sonntags 🚌")
    carla, dora = _participant(workshop, "carla"), _participant(workshop, "dora")
    give_vote(carla, source)
    give_vote(carla, target)
    give_vote(dora, source)
    give_vote(anna, target)

    response = client.post(_url(workshop, "merge", source), data={"target_id": target.id, "csrf_token": token})
    assert response.headers["Location"].endswith(f"#idea-{target.id}")
    assert "Die Ideen sind zusammengeführt." in _follow(client, response)
    assert _reload(source).merged_into_id == target.id

    ideas = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert len(ideas) == 1
    assert ideas[0]["id"] == target.id and ideas[0]["text"] == "Bürgerbus auch samstags und sonntags 🚌"
    assert ideas[0]["merged_texts"] == ["Rufbus am Wochenende"]
    assert ideas[0]["votes"] == 3  # carla once, dora, anna
    assert _count(Vote) == 4  # nobody's dot is lost

    db.session.rollback()
    last = db.session.scalars(
        select(Event).where(Event.workshop_id == workshop.id, Event.kind == "idea").order_by(Event.seq.desc())
    ).first()
    assert last.payload["idea"]["id"] == target.id and last.payload["idea"]["merged_texts"] == ["Rufbus am Wochenende"]

    phone, _ = _phone(app, workshop, "Hauke")
    others = _others_section(phone.get(f"/j/{workshop.code}/ideas").get_data(as_text=True))
    assert "Bürgerbus auch samstags und sonntags 🚌" in others and "+ Rufbus am Wochenende" in others
    assert "3 Punkte" in others
    console = client.get(_url(workshop, "console")).get_data(as_text=True)
    assert "Zusammengeführt mit:" in console and "+ Rufbus am Wochenende" in console


def test_merging_into_a_merged_idea_goes_to_its_final_target(mod, workshop, anna, bert):
    client, token = mod
    first = _idea(workshop, anna, "Hausarzt per Video")
    second = _idea(workshop, bert, "Telemedizin in Dörfern")
    third = _idea(workshop, anna, "Online-Sprechstunde beim Arzt")
    moderation.merge(first, second)
    client.post(_url(workshop, "merge", third), data={"target_id": first.id, "csrf_token": token})
    assert _reload(third).merged_into_id == second.id
    ideas = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert [idea["id"] for idea in ideas] == [second.id]
    assert ideas[0]["merged_texts"] == ["Hausarzt per Video", "Online-Sprechstunde beim Arzt"]

    # Merging an idea that others were merged into takes them along.
    fourth = _idea(workshop, bert, "Gesundheitskiosk in Meldorf")
    client.post(_url(workshop, "merge", second), data={"target_id": fourth.id, "csrf_token": token})
    db.session.rollback()
    assert {db.session.get(Idea, idea.id).merged_into_id for idea in (first, second, third)} == {fourth.id}
    ideas = client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]
    assert [idea["id"] for idea in ideas] == [fourth.id] and len(ideas[0]["merged_texts"]) == 3


def test_merge_with_itself_another_workshop_or_nothing_is_refused(mod, moderator, workshop, anna, bert):
    client, token = mod
    idea = _idea(workshop, anna, "Digitale Bürgersprechstunde")
    other_idea = _idea(workshop, bert, "Bürgerbüro online")
    other = create_workshop(moderator, "smarte-land-regionen")
    foreign = _idea(other, _participant(other, "olaf"), "Bürgerbüro online im Nachbarkreis")
    seqs = _seqs(workshop)

    page = _follow(client, client.post(_url(workshop, "merge", idea), data={"target_id": idea.id, "csrf_token": token}))
    assert "Eine Idee kann nicht mit sich selbst zusammengeführt werden." in page
    page = _follow(client, client.post(_url(workshop, "merge", idea), data={"target_id": foreign.id, "csrf_token": token}))
    assert "Bitte wählen Sie die Idee, mit der diese zusammengeführt werden soll." in page
    page = _follow(client, client.post(_url(workshop, "merge", idea), data={"target_id": "", "csrf_token": token}))
    assert "Bitte wählen Sie die Idee" in page
    with pytest.raises(moderation.ModerationError, match="desselben Workshops"):
        moderation.merge(idea, foreign)
    assert _seqs(workshop) == seqs

    # A cycle is refused as well: the other idea already sits in this one.
    moderation.merge(other_idea, idea)
    seqs = _seqs(workshop)
    page = _follow(client, client.post(_url(workshop, "merge", idea), data={"target_id": other_idea.id, "csrf_token": token}))
    assert "bereits zusammengeführt" in page
    db.session.rollback()
    assert db.session.get(Idea, idea.id).merged_into_id is None
    assert db.session.get(Idea, other_idea.id).merged_into_id == idea.id
    assert db.session.get(Idea, foreign.id).merged_into_id is None
    assert _seqs(workshop) == seqs


def test_unmerge_restores_both_ideas(mod, workshop, anna, bert):
    client, token = mod
    source = _idea(workshop, anna, "Carsharing in Büsum")
    target = _idea(workshop, bert, "E-Autos zum Teilen")
    carla = _participant(workshop, "carla")
    give_vote(carla, source)
    give_vote(carla, target)
    moderation.merge(source, target)

    page = _follow(client, client.post(_url(workshop, "unmerge", source), data={"csrf_token": token}))
    assert "Die Idee steht wieder für sich." in page
    assert _reload(source).merged_into_id is None
    ideas = {idea["text"]: idea for idea in client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"]}
    assert set(ideas) == {"Carsharing in Büsum", "E-Autos zum Teilen"}
    assert all(idea["merged_texts"] == [] and idea["votes"] == 1 for idea in ideas.values())


# --- spotlight ---------------------------------------------------------------------------


def test_spotlight_only_for_visible_ideas_and_hiding_clears_it(mod, workshop, anna):
    client, token = mod
    idea = _idea(workshop, anna, "Dorf-WLAN am Deich 🌊")
    page = _follow(client, client.post(_url(workshop, "spotlight", idea), data={"csrf_token": token}))
    assert "Die Idee wird groß auf der Wand gezeigt." in page
    assert "auf der Wand hervorgehoben" in page and "Hervorhebung beenden" in page
    assert _reload(workshop).spotlight_idea_id == idea.id
    wall = client.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert re.search(r'id="wall-spotlight-text">Dorf-WLAN am Deich 🌊<', wall)

    client.post(_url(workshop, "hide", idea), data={"csrf_token": token})
    assert _reload(workshop).spotlight_idea_id is None
    db.session.rollback()
    spotlight_events = db.session.scalars(
        select(Event).where(Event.workshop_id == workshop.id, Event.kind == "spotlight").order_by(Event.seq)
    ).all()
    assert [event.payload["idea"] and event.payload["idea"]["id"] for event in spotlight_events] == [idea.id, None]

    page = _follow(client, client.post(_url(workshop, "spotlight", idea), data={"csrf_token": token}))
    assert "Nur sichtbare Ideen können hervorgehoben werden." in page
    assert _reload(workshop).spotlight_idea_id is None

    update_workshop(workshop, premoderation=True)
    waiting = _idea(workshop, anna, "Noch nicht freigegeben")
    client.post(_url(workshop, "spotlight", waiting), data={"csrf_token": token})
    assert _reload(workshop).spotlight_idea_id is None


def test_clear_spotlight_and_merge_moves_it_to_the_target(mod, workshop, anna, bert):
    client, token = mod
    source = _idea(workshop, anna, "Ladesäulen am Hafen")
    target = _idea(workshop, bert, "E-Mobilität in Büsum")
    moderation.spotlight(workshop, source)
    moderation.merge(source, target)
    assert _reload(workshop).spotlight_idea_id == target.id
    page = _follow(client, client.post(_url(workshop, "spotlight/clear"), data={"csrf_token": token}))
    assert "Auf der Wand wird keine Idee mehr hervorgehoben." in page
    assert _reload(workshop).spotlight_idea_id is None


def test_fixing_the_spotlighted_idea_updates_the_spotlight(mod, workshop, anna):
    client, token = mod
    idea = _idea(workshop, anna, "Glasfaser fur alle")
    moderation.spotlight(workshop, idea)
    client.post(_url(workshop, "edit", idea), data={"text": "Glasfaser für alle", "csrf_token": token})
    db.session.rollback()
    last = db.session.scalars(select(Event).where(Event.workshop_id == workshop.id).order_by(Event.seq.desc())).first()
    assert last.kind == "spotlight" and last.payload["idea"]["text"] == "Glasfaser für alle"


# --- reset votes, delete workshop, wall link ---------------------------------------------


def test_reset_votes_needs_the_confirmation(mod, workshop, anna, bert):
    client, token = mod
    first = _idea(workshop, anna, "Schul-Tablets für alle")
    second = _idea(workshop, bert, "Digitale Elternbriefe")
    carla = _participant(workshop, "carla")
    give_vote(carla, first)
    give_vote(carla, second)
    give_vote(bert, first)
    assert _count(Vote) == 3

    page = _follow(client, client.post(_url(workshop, "reset-votes"), data={"csrf_token": token}))
    assert "Bitte bestätigen Sie, dass alle Punkte gelöscht werden sollen." in page
    assert _count(Vote) == 3

    page = _follow(client, client.post(_url(workshop, "reset-votes"), data={"confirm": "yes", "csrf_token": token}))
    assert "Alle Punkte sind zurückgesetzt." in page
    assert _count(Vote) == 0
    assert all(idea["votes"] == 0 for idea in client.get(f"/api/workshops/{workshop.code}/ideas").get_json()["ideas"])
    db.session.rollback()
    last = db.session.scalars(select(Event).where(Event.workshop_id == workshop.id).order_by(Event.seq.desc())).first()
    assert last.kind == "reload" and last.payload == {"reason": "votes_reset"}
    give_vote(carla, first)  # the dots are free again
    assert _count(Vote) == 1


def test_reset_votes_leaves_other_workshops_alone(mod, moderator, workshop, anna, bert):
    client, token = mod
    give_vote(bert, _idea(workshop, anna, "Funkloch-Karte"))
    other = create_workshop(moderator, "smarte-land-regionen")
    olaf, piet = _participant(other, "olaf"), _participant(other, "piet")
    give_vote(piet, _idea(other, olaf, "Smarte Straßenlaternen"))
    client.post(_url(workshop, "reset-votes"), data={"confirm": "yes", "csrf_token": token})
    assert _count(Vote) == 1


def _rows(workshop_id):
    db.session.rollback()
    idea_ids = select(Idea.id).where(Idea.workshop_id == workshop_id)
    return {
        "workshop": _count(Workshop, Workshop.id == workshop_id),
        "question": _count(Question, Question.workshop_id == workshop_id),
        "field": _count(Field, Field.workshop_id == workshop_id),
        "idea": _count(Idea, Idea.workshop_id == workshop_id),
        "revision": _count(IdeaRevision, IdeaRevision.idea_id.in_(idea_ids)),
        "vote": _count(Vote, Vote.idea_id.in_(idea_ids)),
        "participant": _count(Participant, Participant.workshop_id == workshop_id),
        "event": _count(Event, Event.workshop_id == workshop_id),
    }


def test_delete_workshop_needs_the_exact_title_then_removes_everything(mod, moderator, workshop, anna, bert):
    client, token = mod
    first = _idea(workshop, anna, "Digitale Dorfmitte in Tellingstedt")
    second = _idea(workshop, bert, "Online-Terminvergabe im Rathaus")
    third = _idea(workshop, bert, "Termine beim Amt online buchen")
    give_vote(anna, second)
    give_vote(bert, first)
    moderation.fix_text(first, "Digitale Dorfmitte in Tellingstedt 🏘️")
    moderation.merge(third, second)
    moderation.spotlight(workshop, second)
    other = create_workshop(moderator, "smarte-land-regionen")
    give_vote(_participant(other, "piet"), _idea(other, _participant(other, "olaf"), "Smarte Straßenlaternen"))
    before_other = _rows(other.id)
    before = _rows(workshop.id)
    assert all(before.values()), before

    page = client.get(_url(workshop, "delete"))
    assert page.status_code == 200 and "Workshop endgültig löschen?" in page.get_data(as_text=True)
    for wrong in ("Dithmarschen Digital", "dithmarschen digital – auftakt", ""):
        response = client.post(_url(workshop, "delete"), data={"confirm_title": wrong, "csrf_token": token})
        assert response.status_code == 422, wrong
        assert _rows(workshop.id) == before
    assert "Der Titel stimmt nicht überein. Nichts wurde gelöscht." in client.post(
        _url(workshop, "delete"), data={"confirm_title": "Falscher Titel", "csrf_token": token}
    ).get_data(as_text=True)

    workshop_id, code, other_id, console = workshop.id, workshop.code, other.id, _url(workshop, "console")
    response = client.post(_url(workshop, "delete"), data={"confirm_title": " Dithmarschen Digital – Auftakt ", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/moderation/"
    assert "Der Workshop „Dithmarschen Digital – Auftakt“ und alle seine Ideen sind gelöscht." in _follow(client, response)
    assert set(_rows(workshop_id).values()) == {0}
    assert _rows(other_id) == before_other
    assert client.get(console).status_code == 404
    assert client.get(f"/j/{code}").status_code == 404
    assert client.get(f"/w/{code}/wall").status_code == 404


def test_rotating_the_wall_link_invalidates_the_old_key(mod, workshop):
    client, token = mod
    old = ensure_wall_token(workshop)
    assert ensure_wall_token(workshop) == old
    anonymous = client.application.test_client()
    assert anonymous.get(f"/w/{workshop.code}/wall?key={old}").status_code == 200

    response = client.post(_url(workshop, "wall-link"), data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("#wall")
    new = ensure_wall_token(_reload(workshop))
    assert new and new != old
    assert anonymous.get(f"/w/{workshop.code}/wall?key={old}").status_code == 403
    assert anonymous.get(f"/w/{workshop.code}/events?view=wall&key={old}").status_code == 403
    assert anonymous.get(f"/w/{workshop.code}/wall?key={new}").status_code == 200


# --- live settings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "dots, message",
    [
        ("-1", "zwischen 0 und 20"),
        ("21", "zwischen 0 und 20"),
        ("", "Bitte geben Sie eine Zahl ein."),
        ("drei", "Keine gültige, ganze Zahl."),
    ],
)
def test_invalid_live_settings_change_nothing(mod, workshop, dots, message):
    client, token = mod
    seqs = _seqs(workshop)
    response = _settings(client, token, workshop, dots_per_participant=dots, premoderation="y", word_filter="Mist")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "flash-error" in page
    # the page shows what was typed, the settings panel open, so nothing has to be typed again
    assert f'value="{dots}"' in page and re.search(r">\s*Mist</textarea>", page)
    assert re.search(r'<input[^>]*checked[^>]*name="premoderation"|<input[^>]*name="premoderation"[^>]*checked', page)
    assert re.search(r"<details[^>]*open", page)
    stored = _reload(workshop)
    assert stored.dots_per_participant == 3 and stored.premoderation is False and stored.word_filter == []
    assert _seqs(workshop) == seqs


def test_live_settings_accept_the_limits_and_zero_dots(app, mod, workshop, anna):
    client, token = mod
    for dots in ("0", "20"):
        _follow(client, _settings(client, token, workshop, dots_per_participant=dots))
        assert _reload(workshop).dots_per_participant == int(dots)
    _settings(client, token, workshop, dots_per_participant="5", show_ideas_to_attendees="")
    stored = _reload(workshop)
    assert stored.dots_per_participant == 5 and stored.show_ideas_to_attendees is False
    _idea(workshop, anna, "Mitfahr-App für Pendler")
    phone, _ = _phone(app, workshop, "Hauke")
    assert _api_texts(phone, workshop) == []
    assert "Ideen der anderen" not in phone.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)


# --- the event log -----------------------------------------------------------------------


def test_every_change_writes_an_event_with_increasing_seq(mod, workshop, anna, bert):
    client, token = mod
    first = _idea(workshop, anna, "Digitales Rathaus")
    second = _idea(workshop, bert, "Bürgerportal für Heide")
    give_vote(anna, second)
    start = _seqs(workshop)
    assert start == list(range(1, len(start) + 1))

    actions = [
        (_url(workshop, "hide", first), {}, ["idea"]),
        (_url(workshop, "show", first), {}, ["idea"]),
        (_url(workshop, "spotlight", first), {}, ["spotlight"]),
        (_url(workshop, "edit", first), {"text": "Digitales Rathaus für alle 🏛️"}, ["idea", "spotlight"]),
        (_url(workshop, "merge", first), {"target_id": second.id}, ["idea", "idea", "spotlight"]),
        (_url(workshop, "unmerge", first), {}, ["idea", "idea"]),
        (_url(workshop, "spotlight/clear"), {}, ["spotlight"]),
        (_url(workshop, "live-settings"), {"dots_per_participant": "4", "show_ideas_to_attendees": "y"}, ["workshop"]),
        (_url(workshop, "reset-votes"), {"confirm": "yes"}, ["reload"]),
    ]
    seen = len(start)
    for url, data, kinds in actions:
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 302, url
        db.session.rollback()
        new = db.session.scalars(
            select(Event).where(Event.workshop_id == workshop.id, Event.seq > seen).order_by(Event.seq)
        ).all()
        assert [event.kind for event in new] == kinds, url
        assert [event.seq for event in new] == list(range(seen + 1, seen + 1 + len(kinds))), url
        seen += len(kinds)
    assert _reload(workshop).event_seq == seen


def test_console_says_dots_are_hidden_while_they_are_counted_in_secret(mod, workshop, anna, bert):
    """A voting step before the reveal: the console shows no count either (no anchoring)."""
    from participation.phases.services import next_step, replace_steps
    from participation.voting.services import give_vote

    client, _ = mod
    idea = _idea(workshop, anna, "Mitfahrbank in Wesselburen 🚗", question=0)
    replace_steps(workshop, [{"kind": "vote"}])
    db.session.refresh(workshop)
    assert next_step(workshop)
    give_vote(bert, idea)
    page = client.get(f"/moderation/workshops/{workshop.id}/console")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Punkte verdeckt" in html and "1 Punkt</" not in html  # the total "bisher 1 Punkt vergeben" may be there
