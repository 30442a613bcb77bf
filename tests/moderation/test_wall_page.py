"""The projector wall: who may open it, what it shows, and that attendee text stays text."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from participation.database import write_transaction
from participation.extensions import db
from participation.moderation import services as moderation
from participation.voting.services import give_vote
from participation.workshops.models import Workshop
from participation.workshops.services import create_workshop, update_workshop
from participation.workshops.wall_keys import ensure_wall_token

from helpers import TEST_PASSWORD, csrf_token, make_participant as _participant, post_idea as _idea




def _column(html, question):
    """The <ul> of one question's column."""
    match = re.search(rf'<ul class="wall-list" id="wall-list-{question.id}".*?</ul>', html, re.S)
    assert match, f"no column for question {question.id}"
    return match.group(0)


def _card_texts(column_html):
    return re.findall(r'<p class="wall-text">(.*?)</p>', column_html, re.S)


@pytest.fixture
def anna(workshop):
    return _participant(workshop, "anna")


def test_owner_sees_every_question_as_a_column_with_newest_ideas_first(logged_in, workshop, anna):
    _idea(workshop, anna, "Telemedizin in der Landarztpraxis", question=0)
    _idea(workshop, anna, "Online-Banking-Kurse für Senioren 👵", question=0)
    _idea(workshop, anna, "Digitale Schultafeln in Heide", question=1)
    _idea(workshop, anna, "Smarte Mülltonnen, die melden, wann sie voll sind", question=0)

    response = logged_in.get(f"/w/{workshop.code}/wall")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Ideenwand: Dithmarschen Digital – Auftakt" in html
    headings = re.findall(r'<h2 id="wall-q-\d+">(.*?)</h2>', html)
    assert headings == [question.text for question in workshop.questions]
    assert _card_texts(_column(html, workshop.questions[0])) == [
        "Smarte Mülltonnen, die melden, wann sie voll sind",
        "Online-Banking-Kurse für Senioren 👵",
        "Telemedizin in der Landarztpraxis",
    ]
    assert _card_texts(_column(html, workshop.questions[1])) == ["Digitale Schultafeln in Heide"]
    assert _card_texts(_column(html, workshop.questions[2])) == []
    assert "columns-3" in html

    assert f'<img src="/w/{workshop.code}/qr.svg"' in html
    assert "QR-Code zum Mitmachen, führt zu http://localhost/j/" + workshop.code in html
    assert f'<p class="wall-code">{workshop.code}</p>' in html
    assert f"http://localhost/j/{workshop.code}" in html
    assert re.search(r'<span id="wall-count">4</span>\s*Ideen', html)
    db.session.rollback()
    assert f'data-seq="{db.session.get(Workshop, workshop.id).event_seq}"' in html  # the stream resumes here
    assert f'data-events-url="/w/{workshop.code}/events?view=wall"' in html
    assert "Anna" in html  # the nickname people chose to show


def test_wall_shows_votes_merged_texts_and_the_spotlight(logged_in, workshop, anna):
    bert, carla = _participant(workshop, "bert"), _participant(workshop, "carla")
    target = _idea(workshop, anna, "Bürgerbus am Wochenende 🚌")
    source = _idea(workshop, bert, "Rufbus auch sonntags")
    give_vote(bert, target)
    give_vote(carla, source)
    moderation.merge(source, target)
    moderation.spotlight(workshop, target)

    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    column = _column(html, workshop.questions[0])
    assert _card_texts(column) == ["Bürgerbus am Wochenende 🚌"]
    assert '<p class="wall-text wall-merged">+ Rufbus auch sonntags</p>' in column
    assert 'data-votes="2"' in column and "● 2" in column
    assert re.search(r'<span id="wall-count">1</span>', html)
    assert re.search(r'<section class="wall-spotlight" id="wall-spotlight"[^>]*>', html)
    spotlight_tag = re.search(r'<section class="wall-spotlight"[^>]*>', html).group(0)
    assert "hidden" not in spotlight_tag
    assert 'id="wall-spotlight-text">Bürgerbus am Wochenende 🚌</p>' in html


def test_no_spotlight_hides_its_section(logged_in, workshop):
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert re.search(r'<section class="wall-spotlight"[^>]*\bhidden\b[^>]*>', html)
    assert re.search(r'<span id="wall-count">0</span>', html)


def test_anonymous_without_key_is_sent_to_the_login(client, workshop):
    response = client.get(f"/w/{workshop.code}/wall")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/moderation/login"
    assert parse_qs(location.query)["next"] == [f"/w/{workshop.code}/wall?"]


def test_login_leads_back_to_the_wall(client, moderator, workshop):
    location = client.get(f"/w/{workshop.code}/wall").headers["Location"]
    response = client.post(location, data={"username": "moderatorin", "password": TEST_PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and response.headers["Location"].startswith(f"/w/{workshop.code}/wall")
    assert client.get(response.headers["Location"]).status_code == 200


def test_secret_wall_key_opens_the_wall_without_login(client, workshop, anna):
    _idea(workshop, anna, "Freies WLAN in der Bücherei Meldorf")
    key = ensure_wall_token(workshop)
    response = client.get(f"/w/{workshop.code}/wall", query_string={"key": key})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Freies WLAN in der Bücherei Meldorf" in html
    # The live stream of this page carries the key along.
    assert f'data-events-url="/w/{workshop.code}/events?view=wall&amp;key={key}"' in html
    assert client.get(f"/w/{workshop.code.lower()}/wall", query_string={"key": key}).status_code == 200


def test_wrong_or_foreign_key_is_forbidden(client, moderator, workshop):
    ensure_wall_token(workshop)
    other = create_workshop(moderator, "smarte-land-regionen")
    foreign_key = ensure_wall_token(other)
    assert client.get(f"/w/{workshop.code}/wall", query_string={"key": "falsch"}).status_code == 403
    assert client.get(f"/w/{workshop.code}/wall", query_string={"key": foreign_key}).status_code == 403
    assert client.get(f"/w/{other.code}/wall", query_string={"key": foreign_key}).status_code == 200


def test_key_without_wall_token_is_forbidden(client, workshop):
    assert client.get(f"/w/{workshop.code}/wall", query_string={"key": "irgendwas"}).status_code == 403


def test_another_moderator_needs_the_key_too(app, workshop):
    from participation.auth.services import create_moderator

    create_moderator("zweite-moderatorin", TEST_PASSWORD)
    other = app.test_client()
    other.post(
        "/moderation/login",
        data={"username": "zweite-moderatorin", "password": TEST_PASSWORD, "csrf_token": csrf_token(other)},
    )
    assert other.get(f"/w/{workshop.code}/wall").status_code != 200
    key = ensure_wall_token(workshop)
    assert other.get(f"/w/{workshop.code}/wall", query_string={"key": key}).status_code == 200


def test_unknown_code_is_404(logged_in):
    assert logged_in.get("/w/ZZZZZZ/wall").status_code == 404
    assert logged_in.get("/w/!!/wall").status_code == 404


def test_pending_hidden_and_merged_away_ideas_are_not_on_the_wall(logged_in, workshop, anna):
    shown = _idea(workshop, anna, "Glasfaser für Friedrichskoog")
    hidden = _idea(workshop, anna, "Beleidigender Unsinn über den Bürgermeister")
    merged = _idea(workshop, anna, "Schnelles Netz für Friedrichskoog")
    update_workshop(workshop, premoderation=True)
    _idea(workshop, anna, "Wartet noch auf die Moderation")
    moderation.hide(hidden)
    moderation.merge(merged, shown)

    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert _card_texts(_column(html, workshop.questions[0])) == ["Glasfaser für Friedrichskoog"]
    assert "Beleidigender Unsinn" not in html
    assert "Wartet noch auf die Moderation" not in html
    assert "+ Schnelles Netz für Friedrichskoog" in html  # only as part of its target
    assert f'id="wall-idea-{merged.id}"' not in html
    assert re.search(r'<span id="wall-count">1</span>', html)

    moderation.show(hidden)
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert "Beleidigender Unsinn über den Bürgermeister" in html


def test_ideas_of_other_workshops_are_not_on_the_wall(logged_in, moderator, workshop, anna):
    other = create_workshop(moderator, "dithmarschen", "Zweiter Abend in Heide")
    _idea(other, _participant(other, "olaf"), "Idee aus dem anderen Workshop")
    _idea(workshop, anna, "Idee aus diesem Workshop")
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert "Idee aus diesem Workshop" in html and "Idee aus dem anderen Workshop" not in html


@pytest.mark.parametrize(
    "hostile, escaped",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(\'Ü\')">', "&lt;img src=x onerror=&#34;alert(&#39;Ü&#39;)&#34;&gt;"),
        ('"><svg onload=alert(1)>', "&#34;&gt;&lt;svg onload=alert(1)&gt;"),
        ("</p></li></ul><b>fett</b>", "&lt;/p&gt;&lt;/li&gt;&lt;/ul&gt;&lt;b&gt;fett&lt;/b&gt;"),
    ],
)
def test_hostile_text_is_escaped_everywhere_on_the_wall(logged_in, workshop, anna, hostile, escaped):
    idea = _idea(workshop, anna, hostile)
    merged = _idea(workshop, anna, hostile + " (Doppel)")
    moderation.merge(merged, idea)
    moderation.spotlight(workshop, idea)
    with write_transaction():
        anna.nickname = "<i>Anna</i>"
    html = logged_in.get(f"/w/{workshop.code}/wall").get_data(as_text=True)
    assert hostile not in html
    assert html.count(escaped) == 3  # card, merged text of the card, spotlight
    assert "&lt;i&gt;Anna&lt;/i&gt;" in html and "<i>Anna</i>" not in html
    assert "<script>alert" not in html and "<svg" not in html and "<b>fett" not in html


def test_the_wall_page_and_the_page_showing_its_link_are_never_cached(logged_in, client, workshop):
    key = ensure_wall_token(workshop)
    page = client.application.test_client().get(f"/w/{workshop.code}/wall", query_string={"key": key})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert logged_in.get(f"/w/{workshop.code}/wall").headers["Cache-Control"] == "no-store"
    overview = logged_in.get(f"/moderation/workshops/{workshop.id}")
    assert key in overview.get_data(as_text=True)
    assert overview.headers["Cache-Control"] == "no-store"


def test_the_database_holds_nothing_that_opens_the_wall(app, client, workshop):
    """The key is derived from the app's secret key; a copy of the database alone opens no wall."""
    key = ensure_wall_token(workshop)
    db.session.rollback()
    with db.engine.connect() as connection:
        row = connection.execute(db.select(Workshop.__table__).where(Workshop.id == workshop.id)).one()
    assert all(key not in str(value) for value in row)
    assert client.get(f"/w/{workshop.code}/wall", query_string={"key": key}).status_code == 200
    app.config["SECRET_KEY"] = "another-secret"  # the same database under another secret key
    assert client.get(f"/w/{workshop.code}/wall", query_string={"key": key}).status_code == 403
    app.config["SECRET_KEY"] = "test-secret"
    assert ensure_wall_token(workshop) == key  # stable: the moderator can show it again
