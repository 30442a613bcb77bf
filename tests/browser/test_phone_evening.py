"""The attendee's phone (390x844) through a real evening: many ideas, dots running out, the
workshop closing and reopening, and the published results (issue 15, items 3, 4, 5, 13).

Data is written in-process; "me" is a participant whose cookie the phone is given, so a
test needs no clicks to set up 125 ideas.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: a generous deadline for a change to reach a phone; bench/wall.py measures how fast
TYPED = "Ein Bürgerbus, der auch abends nach Meldorf fährt"


@dataclass(frozen=True)
class Evening:
    workshop: object  # conftest.WorkshopInfo
    token: str  # my participant cookie
    mine: tuple  # ids of my ideas
    others: tuple  # ids of others' ideas, oldest first
    voted: tuple  # ids I gave a dot to


@pytest.fixture
def evening(database_app, workshop_factory):
    """Factory: a workshop with ``others`` ideas of 40 people, ``mine`` of my own, and dots I gave."""
    from sqlalchemy import insert, select

    from participation.core.timeutil import utcnow
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import VISIBLE, Idea, Participant
    from participation.ideas.participants import hash_token
    from participation.voting.services import give_vote
    from participation.workshops.models import Workshop

    def make(others=125, mine=3, dots=3, my_dots=0, **settings):
        info = workshop_factory(dots_per_participant=dots, **settings)
        token = secrets.token_urlsafe(32)
        with database_app.app_context():
            workshop = db.session.get(Workshop, info.id)
            questions = [question.id for question in workshop.questions]
            start = utcnow() - timedelta(minutes=60)
            with write_transaction() as session:
                people = [Participant(workshop_id=info.id, token_hash=f"evening-{info.id}-{n:03d}".ljust(64, "0"),
                                      nickname=f"Gast {n}") for n in range(40)]
                me = Participant(workshop_id=info.id, token_hash=hash_token(token), nickname="Inge")
                session.add_all([*people, me])
                session.flush()
                rows = [{"workshop_id": info.id, "question_id": questions[n % 3], "participant_id": people[n % 40].id,
                         "idempotency_key": f"evening-{n:05d}", "status": VISIBLE,
                         "text": f"Idee {n}: Mitfahrbank und Rufbus für das Dorf Nummer {n}, auch am Wochenende",
                         "created_at": start + timedelta(seconds=10 * n)} for n in range(others)]
                rows += [{"workshop_id": info.id, "question_id": questions[n % 3], "participant_id": me.id,
                          "idempotency_key": f"mine-{n:05d}", "status": VISIBLE,
                          "text": f"Meine Idee {n}: ein Dorfladen mit Café", "created_at": utcnow()}
                         for n in range(mine)]
                if rows:
                    session.execute(insert(Idea), rows)
            ids = db.session.scalars(select(Idea.id).where(Idea.workshop_id == info.id)
                                     .order_by(Idea.created_at, Idea.id)).all()
            mine_ids, others_ids = tuple(ids[others:]), tuple(ids[:others])
            me = db.session.get(Participant, me.id)
            for idea_id in others_ids[:my_dots]:
                give_vote(me, db.session.get(Idea, idea_id))
            db.session.remove()
        return Evening(info, token, mine_ids, others_ids, others_ids[:my_dots])

    return make


def as_me(page, evening, live_server):
    page.context.add_cookies([{"name": "participant", "value": evening.token, "url": live_server}])


def open_ideas(page, evening, live=True):
    """The phone page; with ``live``, once its live stream answered (so news reach it)."""
    path = f"/j/{evening.workshop.code}/ideas"
    if not live:
        page.goto(path)
        return
    with page.expect_response(lambda response: "/events" in response.url and "view=phone" in response.url):
        page.goto(path)


def set_workshop(database_app, evening, **settings):
    """Change the workshop as the console does (the service announces it to phones)."""
    from participation.extensions import db
    from participation.workshops.models import Workshop
    from participation.workshops.services import update_workshop

    with database_app.app_context():
        update_workshop(db.session.get(Workshop, evening.workshop.id), **settings)
        db.session.remove()


def in_viewport_below_the_links(page, locator):
    """``locator`` is on screen and not under the sticky jump links."""
    expect(locator).to_be_in_viewport()
    box = locator.bounding_box()
    nav = page.locator(".phone-nav").bounding_box()
    assert box["y"] >= nav["y"] + nav["height"] - 1, (box, nav)
    assert box["y"] + box["height"] <= 844


# --- item 3: closing reaches the phones at once ----------------------------------------------


def test_closing_hides_the_forms_at_once_keeps_the_text_and_reopening_brings_them_back(
        phone, evening, database_app, live_server):
    today = evening(others=20, results_published=True)
    as_me(phone, today, live_server)
    open_ideas(phone, today)
    area = phone.locator("section.question").nth(1).get_by_label("Ihre Idee")
    area.fill(TYPED)

    set_workshop(database_app, today, is_open=False)
    banner = phone.locator("#workshop-state .closed-banner")
    expect(banner).to_be_visible(timeout=LIVE)
    expect(banner).to_contain_text("Der Workshop ist geschlossen.")
    expect(phone.get_by_role("status").filter(has_text="Der Workshop ist geschlossen.")).to_have_count(1)
    expect(phone.get_by_role("button", name="Idee absenden")).to_have_count(0)
    expect(phone.get_by_role("button", name=re.compile("^Punkt geben"))).to_have_count(0)
    # what was typed is still there, read-only, to be copied
    kept = phone.locator("#unsent textarea")
    expect(kept).to_have_value(TYPED)
    expect(kept).to_have_attribute("readonly", "")
    expect(phone.get_by_role("textbox", name=today.workshop.questions[1])).to_have_value(TYPED)  # labelled by its question
    # the page leads with the results and my ideas, in reading order too
    expect(banner.get_by_role("link", name="Die Ergebnisse des Workshops ansehen")).to_be_visible()
    order = phone.evaluate("""() => [...document.querySelectorAll(
        '#workshop-state .closed-banner, #my-ideas-heading, #others-heading')].map(node => node.id || 'banner')""")
    assert order == ["banner", "my-ideas-heading", "others-heading"]
    mine = phone.locator("#my-ideas-heading")
    expect(mine).to_be_in_viewport()

    set_workshop(database_app, today, is_open=True)
    expect(phone.get_by_role("button", name="Idee absenden").first).to_be_visible(timeout=LIVE)
    expect(banner).to_have_count(0)
    expect(area).to_be_visible()
    expect(area).to_have_value(TYPED)  # back in its box, ready to send
    expect(phone.locator("#unsent")).to_be_hidden()


def test_post_to_a_closed_workshop_without_javascript_shows_one_message_and_keeps_the_text(
        phone_nojs, evening, database_app, live_server):
    page = phone_nojs
    today = evening(others=5)
    as_me(page, today, live_server)
    open_ideas(page, today, live=False)
    section = page.locator("section.question").first
    section.get_by_label("Ihre Idee").fill(TYPED)
    set_workshop(database_app, today, is_open=False)  # the phone does not know: no JavaScript
    with page.expect_navigation():
        section.get_by_role("button", name="Idee absenden").click()

    expect(page.get_by_text("nimmt gerade keine Ideen an")).to_have_count(1)
    expect(page.get_by_text("nimmt gerade keine Ideen an")).to_be_visible()
    expect(page.locator(".error-summary, .warning, .flash")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("Der Workshop ist geschlossen.")
    expect(page.locator("#unsent textarea")).to_have_value(TYPED)
    expect(page.locator("#unsent textarea")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Idee absenden")).to_have_count(0)


# --- item 4: no dots left ---------------------------------------------------------------------


def vote_button(page, idea_id):
    return page.locator(f"#other-{idea_id} .vote-form button")


def test_last_dot_disables_the_others_and_a_tap_is_answered_beside_the_button(
        phone, evening, live_server):
    today = evening(others=8, dots=2, my_dots=1)
    as_me(phone, today, live_server)
    open_ideas(phone, today)
    first, second = today.others[-1], today.others[-2]
    expect(vote_button(phone, first)).not_to_have_attribute("aria-disabled", "true")

    vote_button(phone, first).click()  # my last dot
    answer = phone.locator(f"#other-{first} .vote-message")
    expect(answer).to_have_text("Ihr Punkt ist vergeben. Sie haben 0 von 2 Punkten übrig.")
    expect(phone.locator("#vote-announcer")).to_have_text("Ihr Punkt ist vergeben. Sie haben 0 von 2 Punkten übrig.")
    expect(phone.locator("#vote-announcer")).to_have_attribute("role", "status")
    # every other dot button now says that no dots are left
    for idea_id in today.others[1:-1]:
        expect(vote_button(phone, idea_id)).to_have_attribute("aria-disabled", "true")
        expect(phone.locator(f"#other-{idea_id} .vote-note")).to_have_text("Keine Punkte mehr übrig")
    expect(phone.locator(f"#other-{second} .vote-note")).to_be_visible()
    assert vote_button(phone, second).get_attribute("aria-describedby") == f"vote-note-{second}"
    expect(vote_button(phone, today.others[0])).not_to_have_attribute("aria-disabled", "true")  # given: can take back

    # aria-disabled: Playwright waits for "enabled"; a finger taps it at once (force)
    vote_button(phone, second).click(force=True)
    refusal = phone.locator(f"#other-{second} .vote-message")
    expect(refusal).to_have_text(
        "Sie haben alle 2 Punkte vergeben. Nehmen Sie einen Punkt zurück, um ihn neu zu vergeben.")
    expect(phone.locator("#vote-announcer")).to_contain_text("Sie haben alle 2 Punkte vergeben.")
    expect(phone.locator(".vote-message")).to_have_count(1)  # one answer, where the person tapped
    button, message = vote_button(phone, second).bounding_box(), refusal.bounding_box()
    assert 0 <= message["y"] - (button["y"] + button["height"]) < 80, (button, message)
    expect(refusal).to_be_in_viewport()


def test_without_javascript_a_refused_dot_is_answered_at_its_idea(phone_nojs, evening, live_server):
    page = phone_nojs
    today = evening(others=125, dots=2, my_dots=2)
    as_me(page, today, live_server)
    open_ideas(page, today, live=False)
    target = today.others[40]  # far down the list
    expect(vote_button(page, target)).to_have_attribute("aria-disabled", "true")
    expect(page.locator(f"#other-{target} .vote-note")).to_have_text("Keine Punkte mehr übrig")
    with page.expect_navigation():
        vote_button(page, target).click(force=True)  # aria-disabled, yet a tap sends the form

    assert page.url.endswith(f"/j/{today.workshop.code}/ideas#other-{target}"), page.url
    message = page.locator(f"#other-{target} .vote-message")
    expect(message).to_have_text(
        "Sie haben alle 2 Punkte vergeben. Nehmen Sie einen Punkt zurück, um ihn neu zu vergeben.")
    in_viewport_below_the_links(page, message)
    expect(page.locator(".flashes")).to_have_count(0)  # not at the top of the page, out of sight


@pytest.mark.parametrize("language", ["de", "en"])
def test_closed_page_and_no_dots_answer_are_accessible(language, open_context, evening, database_app, live_server):
    from browser.test_accessibility import assert_accessible

    page = open_context("phone").new_page()
    today = evening(others=6, dots=1, my_dots=1, results_published=True)
    as_me(page, today, live_server)
    with page.expect_response(lambda response: "/events" in response.url):
        page.goto(f"/language/{language}?next=/j/{today.workshop.code}/ideas")
    button = vote_button(page, today.others[-1])
    expect(button).to_have_attribute("aria-disabled", "true")
    button.click(force=True)
    expect(page.locator(f"#other-{today.others[-1]} .vote-message")).to_be_visible()
    assert_accessible(page, f"the phone page with no dots left and a refused dot ({language})")

    page.locator("section.question").first.locator("textarea").fill(TYPED)
    set_workshop(database_app, today, is_open=False)
    expect(page.locator("#workshop-state .closed-banner")).to_be_visible()
    expect(page.locator("#unsent textarea")).to_have_value(TYPED)
    assert_accessible(page, f"the phone page of a workshop closed live ({language})")


# --- item 5: my ideas in one tap ---------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_my_ideas_are_one_tap_from_the_top(javascript, open_context, evening, live_server):
    page = open_context("phone", java_script_enabled=javascript).new_page()
    today = evening(others=125, mine=3)
    as_me(page, today, live_server)
    open_ideas(page, today, live=javascript)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height > 10 * 844  # the list of others is long indeed
    link = page.get_by_role("navigation", name="Auf dieser Seite").get_by_role("link", name="Meine Ideen (3)")
    expect(link).to_be_in_viewport()
    link.click()

    in_viewport_below_the_links(page, page.get_by_role("heading", name="Meine Ideen (3)"))
    expect(page.locator(f"#idea-{today.mine[0]}")).to_be_in_viewport()


# --- item 13: the results on a phone -------------------------------------------------------------


@pytest.fixture
def results_evening(database_app, workshop_factory):
    """The demo's 94 ideas, analysed into Handlungsfelder, results published."""
    from participation.demo.services import fill_with_demo_ideas
    from participation.exports.services import set_results_published
    from participation.extensions import db
    from participation.fields.services import run_analysis
    from participation.workshops.models import Workshop

    info = workshop_factory(title="Dithmarschen Digital – Auftakt in Heide")
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        fill_with_demo_ideas(workshop)
        run_analysis(workshop)
        db.session.rollback()
        set_results_published(workshop, True)
        db.session.remove()
    return info


SMALLEST_TEXT = r"""async (img) => {
  const svg = await (await fetch(img.currentSrc)).text();
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const viewBox = doc.documentElement.getAttribute("viewBox").split(/\s+/).map(Number);
  const sizes = [...doc.querySelectorAll("text")]
    .map((node) => /font-size:\s*([\d.]+)px/.exec(node.getAttribute("style") || ""))
    .filter(Boolean).map((found) => Number(found[1]));
  return {src: img.currentSrc, texts: sizes.length, smallest: Math.min(...sizes) * img.clientWidth / viewBox[2]};
}"""


def test_results_on_a_phone_have_contents_and_readable_charts(phone, results_evening):
    info = results_evening
    phone.goto(f"/w/{info.code}/results")
    contents = phone.get_by_role("navigation", name="Inhalt")
    expect(contents).to_be_visible()
    field_links = contents.locator('a[href^="#result-field-"]')
    assert field_links.count() >= 3
    expect(contents.get_by_role("link", name="Auf einen Blick")).to_be_visible()

    last = field_links.last
    target = last.get_attribute("href")
    last.click()
    expect(phone.locator(target)).to_be_in_viewport()
    phone.locator(target).locator("xpath=..").get_by_role("link", name="Zurück zum Inhalt").click()
    expect(contents).to_be_in_viewport()

    charts = phone.locator(".chart-grid img")
    assert charts.count() == 4
    for index in range(4):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_js_property("complete", True)
        measured = chart.evaluate(SMALLEST_TEXT)
        assert "size=phone" in measured["src"] and measured["texts"] >= 3, measured
        assert measured["smallest"] >= 12, measured
