"""The final vote's pages: the moderator's (only theirs), the public voting page (404 for
drafts and unknown codes), one ballot per browser cookie, changes, refusals that keep the
input, the rate limit on new voters, and the recorded result on the process pages."""

import re

import pytest
from sqlalchemy import func, select

from accounts import log_in, make_account, post
from helpers import csrf_token
from participation.choices import services
from participation.choices.models import CLOSED, OPEN, RANKING, ProjectBallot, ProjectChoice
from participation.extensions import db
from participation.processes import services as processes
from participation.workshops.services import create_workshop


@pytest.fixture
def process(app, moderator):
    workshop = create_workshop(moderator, "dithmarschen", title="Digiscouts")
    process = processes.create_process(moderator, "Digiscouts Heide")
    processes.join(process, workshop)
    return process


def _open_vote(process, method="punkte", points=3, winners=1, titles=("Repair-Café", "Mitfahrbank", "WLAN im Park")):
    choice = services.create_choice(process, "Welches Projekt?", method=method, points=points, winners=winners)
    for title in titles:
        services.add_candidate(choice, title=title)
    services.open_choice(choice)
    return choice


def _fresh(choice):
    db.session.rollback()
    return db.session.get(ProjectChoice, choice.id)


def _read(query):
    db.session.rollback()  # see what the requests committed
    return query()


def _count():
    return _read(lambda: db.session.scalar(select(func.count(ProjectBallot.id))))


def _ballot(client, choice, marks=None):
    data = {f"c{choice.candidates[index].id}": value for index, value in marks.items()} if marks else {}
    return client.post(f"/auswahl/{choice.code}", data={"csrf_token": csrf_token(client), **data})


def _dots(choice, *values):
    return {index: str(value) for index, value in enumerate(values)}


def test_the_moderator_makes_fills_opens_and_closes_a_vote(logged_in, process):
    base = f"/moderation/prozesse/{process.id}/auswahl"
    page = logged_in.get(base)
    assert page.status_code == 200 and "Neue Abstimmung" in page.get_data(as_text=True)
    refused = post(logged_in, base, title="", method="punkte", points="drei", winners="1")
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Bitte eine ganze Zahl" in body and 'value="drei"' in body
    created = post(logged_in, base, title="Digiscouts-Projekt", method="punkte", points="3", winners="1")
    assert created.status_code == 302
    db.session.rollback()
    choice = db.session.scalar(select(ProjectChoice))
    show = f"{base}/{choice.id}"
    assert created.location.endswith(show)
    for title in ("Repair-Café", "Mitfahrbank"):
        assert post(logged_in, f"{show}/kandidaten", title=title).status_code == 302
    empty = post(logged_in, f"{show}/kandidaten", title="", description="nur Text")
    assert empty.status_code == 422 and "nur Text" in empty.get_data(as_text=True)
    choice = _fresh(choice)
    assert post(logged_in, f"{show}/kandidaten/{choice.candidates[1].id}/verschieben", direction="up").status_code == 302
    assert [candidate.title for candidate in _fresh(choice).candidates] == ["Mitfahrbank", "Repair-Café"]
    assert post(logged_in, f"{show}/oeffnen").status_code == 302
    page = logged_in.get(show).get_data(as_text=True)
    assert f"/auswahl/{choice.code}" in page and "<svg" in page and "Stimmzettel abgegeben" in page
    refused = post(logged_in, f"{show}/kandidaten", title="Zu spät")
    assert refused.status_code == 409 and "stehen fest" in refused.get_data(as_text=True)
    assert logged_in.get(f"{show}/stand.json").get_json() == {"ballots": 0, "state": OPEN}
    assert post(logged_in, f"{show}/schliessen").status_code == 302
    choice = _fresh(choice)
    assert choice.state == CLOSED and choice.result["rows"][0]["title"] == "Mitfahrbank"
    assert post(logged_in, f"{show}/oeffnen").status_code == 409  # never again
    page = logged_in.get(show).get_data(as_text=True)
    assert "Ergebnis" in page and "gewählt" in page


def test_another_moderator_gets_404_and_a_viewer_cannot_change(app, logged_in, process):
    choice = _open_vote(process)
    make_account("fremd")
    stranger = log_in(app, "fremd")
    base = f"/moderation/prozesse/{process.id}/auswahl"
    assert stranger.get(base).status_code == 404
    assert stranger.get(f"{base}/{choice.id}").status_code == 404
    assert stranger.get(f"{base}/{choice.id}/stand.json").status_code == 404
    assert post(stranger, f"{base}/{choice.id}/schliessen").status_code == 404
    assert post(stranger, base, title="Fremd", method="punkte", points="3", winners="1").status_code == 404
    assert _fresh(choice).state == OPEN
    # a choice of another process, named under this process's address
    other = processes.create_process(db.session.get(type(process.owner), process.owner_id), "Anderer Prozess")
    assert logged_in.get(f"/moderation/prozesse/{other.id}/auswahl/{choice.id}").status_code == 404


def test_unknown_and_draft_codes_answer_404(client, process):
    draft = services.create_choice(process, "Noch nicht")
    services.add_candidate(draft, title="A")
    assert client.get(f"/auswahl/{draft.code}").status_code == 404
    assert client.get("/auswahl/gibtsnicht").status_code == 404
    assert _ballot(client, draft, {0: "1"}).status_code == 404


def test_one_ballot_per_browser_cookie_and_it_can_be_changed(app, process):
    choice = _open_vote(process)
    phone = app.test_client()
    page = phone.get(f"/auswahl/{choice.code}")
    assert page.status_code == 200 and "Sie haben 3 Punkte" in page.get_data(as_text=True)
    saved = _ballot(phone, choice, _dots(choice, 2, 1, 0))
    assert saved.status_code == 302
    cookie = saved.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/auswahl/" in cookie
    token = re.search(r"auswahl=([^;]+)", cookie).group(1)
    page = phone.get(f"/auswahl/{choice.code}").get_data(as_text=True)
    assert "Ihre Stimme ist gespeichert" in page and "Stimme ändern" in page
    assert _ballot(phone, choice, _dots(choice, 0, 0, 3)).status_code == 302
    ballots = _read(lambda: db.session.scalars(select(ProjectBallot)).all())
    assert len(ballots) == 1
    assert ballots[0].marks == {str(_fresh(choice).candidates[2].id): 3}
    assert ballots[0].voter == services.voter_hash(choice, token) and token not in ballots[0].voter
    other = app.test_client()
    assert _ballot(other, choice, _dots(choice, 1, 0, 0)).status_code == 302
    assert _count() == 2


def test_too_many_dots_are_refused_with_the_input_kept(app, process):
    choice = _open_vote(process, points=3)
    phone = app.test_client()
    refused = _ballot(phone, choice, _dots(choice, 2, 2, 1))
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Sie haben 5 Punkte verteilt, erlaubt sind höchstens 3" in body
    for candidate, value in zip(choice.candidates, ("2", "2", "1")):
        assert re.search(rf'name="c{candidate.id}"[^>]*value="{value}"', body)
    assert _count() == 0


def test_plus_and_minus_work_without_javascript(app, process):
    choice = _open_vote(process, points=3)
    phone = app.test_client()
    first = choice.candidates[0]
    response = phone.post(f"/auswahl/{choice.code}", data={"csrf_token": csrf_token(phone), f"c{first.id}": "1",
                                                           "adjust": f"plus-{first.id}"})
    assert response.status_code == 200
    assert re.search(rf'name="c{first.id}"[^>]*value="2"', response.get_data(as_text=True))
    assert _count() == 0


def test_ranking_refuses_a_rank_given_twice(app, process):
    choice = _open_vote(process, method=RANKING)
    phone = app.test_client()
    refused = _ballot(phone, choice, {0: "1", 1: "1", 2: "2"})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "Platz 1 ist mehrfach vergeben" in body
    assert re.search(rf'name="c{choice.candidates[2].id}".*?<option value="2" selected>', body, re.S)
    assert _ballot(phone, choice, {0: "2", 1: "1", 2: "3"}).status_code == 302
    assert _read(lambda: db.session.scalar(select(ProjectBallot.marks))) == {
        str(choice.candidates[0].id): 2, str(choice.candidates[1].id): 1, str(choice.candidates[2].id): 3}


def test_a_ballot_without_csrf_token_is_refused(app, process):
    choice = _open_vote(process)
    phone = app.test_client()
    response = phone.post(f"/auswahl/{choice.code}", data={f"c{choice.candidates[0].id}": "1"})
    assert response.status_code == 400
    assert _count() == 0


def test_a_script_dropping_its_cookie_is_stopped(app, process):
    """New voters from one browser session are limited like new participants (five an hour
    by default): a script that throws its voting cookie away is refused from the sixth."""
    choice = _open_vote(process)
    script = app.test_client()
    statuses = []
    for _round in range(7):
        statuses.append(_ballot(script, choice, _dots(choice, 1)).status_code)
        script.delete_cookie("auswahl", path="/auswahl/")
    assert statuses[:app.config["PARTICIPANTS_PER_SESSION"]] == [302] * app.config["PARTICIPANTS_PER_SESSION"]
    assert statuses[-1] == 429
    assert _count() == app.config["PARTICIPANTS_PER_SESSION"]


def test_a_closed_vote_shows_its_result_to_voters_and_on_the_process_page(app, logged_in, process):
    choice = _open_vote(process, points=1)
    phone = app.test_client()
    _ballot(phone, choice, _dots(choice, 0, 1))
    services.close_choice(_fresh(choice))
    page = phone.get(f"/auswahl/{choice.code}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Die Abstimmung ist beendet" in body and "Mitfahrbank" in body and "<input" not in body.split("<main")[1]
    assert _ballot(phone, choice, _dots(choice, 1)).status_code == 409
    with app.test_request_context():
        from flask import render_template_string

        from participation.processes.models import Process

        fresh = db.session.get(Process, process.id)
        slot = render_template_string('{% include "choices/_process_slot.html" %}', process=fresh)
        public = render_template_string('{% include "choices/_public_slot.html" %}', process=fresh)
    assert "Gewählt: Mitfahrbank" in slot and "Gewählt: Mitfahrbank" in public
    assert "Repair-Café" in public


def test_the_english_voting_page(app, process):
    choice = _open_vote(process)
    phone = app.test_client()
    page = phone.get(f"/auswahl/{choice.code}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
