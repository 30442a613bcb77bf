"""The wall on real projectors (1280x720 and 1920x1080) with real amounts: 3 to 12
Handlungsfelder, ~125 ideas, long names and questions; closing; the join view; the count.

Paging runs on the wall's timer, which these tests move on with Playwright's clock: one
``next_page`` is one turn of the wall (PAGE_MS in static/js/wall-paging.js).
"""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from browser.wall_data import LONG_QUESTION, SIZES, fill_wall, open_wall

pytestmark = pytest.mark.browser

PAGE_MS = 9000
LIVE = 15_000  # ms: generous, for a change to reach a wall or phone; bench/wall.py measures the speed
LAN_URL = "http://192.168.178.20:5000/j/ABCD1234"

# What the wall shows of each column on screen: its heading, its box, and the first card
# that reaches into the box (the top of the page).
SCREEN = """() => [...document.querySelectorAll('.wall-column')]
  .filter((column) => column.checkVisibility())
  .map((column) => {
    const box = column.querySelector('.wall-scroll').getBoundingClientRect();
    const heading = column.querySelector('h2').getBoundingClientRect();
    const first = [...column.querySelectorAll('.wall-card')]
      .map((card) => card.getBoundingClientRect())
      .find((card) => card.bottom > box.top + 1);
    return {list: column.querySelector('.wall-list').id, heading: [heading.top, heading.bottom],
            box: [box.top, box.bottom, box.left, box.right],
            first: first ? [first.top, first.bottom] : null,
            width: innerWidth, height: innerHeight};
  })"""


def projector(open_context, size, **options):
    page = open_context("wall", logged_in=True, reduced_motion="reduce", **options).new_page()
    page.set_viewport_size(SIZES[size])
    page.clock.install()  # the wall pages when the test moves the clock on
    return page


def next_page(wall):
    wall.clock.run_for(PAGE_MS)


def check_screen(columns):
    """Every column on screen lies inside the viewport, their cards start at one height,
    and the first card of every page is whole, below its heading."""
    assert columns, "no column on screen"
    for column in columns:
        top, bottom, left, right = column["box"]
        assert 0 <= left and right <= column["width"] + 1 and bottom <= column["height"] + 1, column
        assert column["heading"][1] <= top + 1, f"the heading overlaps the cards: {column}"
        assert column["heading"][0] >= 0, column
        if column["first"]:
            assert column["first"][0] >= top - 1, f"half-cut first card under the heading: {column}"
            assert column["first"][1] <= bottom + 1, f"the page's first card is cut at the bottom: {column}"
    assert len({round(column["box"][0]) for column in columns}) == 1, f"cards start at different heights: {columns}"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("fields", [3, 10, 12])
def test_every_field_gets_its_turn_on_the_projector(open_context, database_app, workshop, size, fields):
    lists = fill_wall(database_app, workshop, fields=fields, ideas=125)
    wall = open_wall(projector(open_context, size), workshop, "?by=field")
    sizes = wall.evaluate("() => [document.documentElement.scrollHeight, innerHeight]")
    assert sizes[0] <= sizes[1], f"the page is taller than the screen: {sizes}"

    seen, turns = set(), 0
    while True:
        columns = wall.evaluate(SCREEN)
        check_screen(columns)
        seen.update(column["list"] for column in columns)
        if seen == set(lists) or turns == 16:
            break
        next_page(wall)
        turns += 1
    assert seen == set(lists), f"never on screen after {turns} pages: {set(lists) - seen}"
    if fields > 3:
        expect(wall.locator("#wall-pages")).to_be_visible()
        assert turns >= 2, "more fields than fit, yet all were on one screen"


def test_live_ideas_arrive_while_the_wall_pages(open_context, database_app, workshop):
    lists = fill_wall(database_app, workshop, fields=10, ideas=125)
    wall = open_wall(projector(open_context, "1280x720"), workshop, "?by=field")
    first_list = wall.evaluate(SCREEN)[0]["list"]
    next_page(wall)  # the first columns are on their second page now
    column = wall.locator(".wall-column", has=wall.locator(f"#{first_list}"))
    top_card = wall.evaluate(TOP_CARD, first_list)
    assert top_card != wall.locator(f"#{first_list} .wall-card").first.get_attribute("id")

    last_list = list(lists)[-2]  # the last field: in the last group, not on screen
    shown_here = _post_into(database_app, workshop, first_list, "Neu, während die Wand blättert: Dorf-WLAN")
    hidden_now = _post_into(database_app, workshop, last_list, "Neu im letzten Handlungsfeld: Deich-Sensoren")
    expect(wall.locator(f"#{first_list} #wall-idea-{shown_here}")).to_have_count(1, timeout=LIVE)
    expect(wall.locator(f"#{last_list} #wall-idea-{hidden_now}")).to_have_count(1, timeout=LIVE)
    expect(wall.locator("#wall-count")).to_have_text("127")
    # the page on screen stays where it was, whole
    assert wall.evaluate(TOP_CARD, first_list) == top_card
    check_screen(wall.evaluate(SCREEN))
    expect(column).to_be_visible()

    for _turn in range(16):
        if wall.locator(f"#wall-idea-{hidden_now}").is_visible():
            break
        next_page(wall)
        check_screen(wall.evaluate(SCREEN))
    expect(wall.locator(f"#wall-idea-{hidden_now}")).to_be_in_viewport()


TOP_CARD = """(list) => {
  const box = document.getElementById(list).closest('.wall-scroll').getBoundingClientRect();
  const card = [...document.querySelectorAll(`#${list} .wall-card`)]
    .find((card) => card.getBoundingClientRect().bottom > box.top + 1);
  return card && card.id;
}"""


def _post_into(database_app, workshop, list_id, text):
    """An attendee posts ``text`` and a moderator puts it into the field of ``list_id``."""
    from participation.extensions import db
    from participation.ideas.services import submit_idea
    from participation.fields.services import move_idea
    from participation.workshops.models import Field, Workshop

    from helpers import make_participant

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        person = make_participant(stored, f"p{abs(hash(text)) % 10**8}")
        idea, _created = submit_idea(stored, person, stored.questions[0].id, text, f"live-{abs(hash(text))}")
        move_idea(idea, db.session.get(Field, int(list_id.rsplit("-", 1)[1])))
        idea_id = idea.id
        db.session.remove()
    return idea_id


@pytest.mark.parametrize("size", SIZES)
def test_column_headings_align_with_a_300_character_question(open_context, database_app, workshop, size):
    fill_wall(database_app, workshop, fields=8, ideas=60, long_question=True)
    wall = open_wall(projector(open_context, size), workshop)
    expect(wall.locator(".wall-column h2").nth(1)).to_have_text(LONG_QUESTION[:300])
    columns = wall.evaluate(SCREEN)
    assert len(columns) == 3
    check_screen(columns)
    assert len({round(column["first"][0]) for column in columns}) == 1, f"cards start at different heights: {columns}"
    # the long question takes at most three lines
    heading = wall.locator(".wall-column h2").nth(1)
    lines = heading.evaluate("h => h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)")
    assert lines <= 3.05, lines
    next_page(wall)
    check_screen(wall.evaluate(SCREEN))


@pytest.mark.parametrize("size", SIZES)
def test_join_address_stays_on_one_line(open_context, workshop, size):
    wall = open_wall(projector(open_context, size), workshop)
    url = wall.locator(".wall-url")
    expect(url).to_contain_text(f"/j/{workshop.code}")
    url.evaluate("(el, lan) => { el.textContent = lan; }", LAN_URL)  # the venue laptop's address
    height, line = url.evaluate("el => [el.getBoundingClientRect().height, parseFloat(getComputedStyle(el).lineHeight)]")
    assert height <= line * 1.1, f"the address takes {height / line:.1f} lines"
    assert url.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 18
    expect(url).to_be_in_viewport(ratio=1)


def _decode(png):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1, results
    return results[0].text


@pytest.mark.parametrize("size", SIZES)
def test_full_screen_join_view_shows_a_huge_qr_code(open_context, workshop, moderator_page, size):
    moderator_page.goto(f"/moderation/workshops/{workshop.id}")
    link = moderator_page.get_by_label("Wand-Link").input_value()
    beamer = open_context("wall").new_page()  # the second laptop, nobody logged in
    beamer.set_viewport_size(SIZES[size])
    beamer.goto(link)
    expect(beamer.locator("#wall-status")).to_have_attribute("data-state", "connected")
    join_url = beamer.locator(".wall-url").inner_text()
    corner = beamer.locator(".wall-join img")
    assert corner.bounding_box()["width"] > 160  # the corner's QR code is larger than before, too

    big = beamer.locator("#qr-overlay")
    expect(big).to_be_hidden()
    beamer.keyboard.press("q")
    expect(big).to_be_visible()
    qr = big.get_by_role("img", name="QR-Code zum Mitmachen")
    box = qr.bounding_box()
    assert min(box["width"], box["height"]) >= (600 if size == "1920x1080" else 450), box
    expect(qr).to_be_in_viewport(ratio=1)
    assert _decode(qr.screenshot()) == join_url
    expect(big.locator(".wall-join-big-url")).to_have_text(join_url)
    expect(big.locator(".wall-join-big-code")).to_have_text(workshop.code)
    beamer.keyboard.press("Escape")
    expect(big).to_be_hidden()

    # the button does the same, from the keyboard
    toggle = beamer.get_by_role("button", name="QR-Code groß zeigen")
    toggle.focus()
    beamer.keyboard.press("Enter")
    expect(big).to_be_visible()
    big.get_by_role("button", name="Schließen").click()
    expect(big).to_be_hidden()
    expect(toggle).to_have_attribute("aria-keyshortcuts", "q")


def test_closing_shows_a_banner_on_the_wall_live_and_reopening_removes_it(open_context, workshop):
    wall = open_wall(projector(open_context, "1280x720"), workshop)
    banner = wall.locator("#wall-closed")
    expect(banner).to_be_hidden()
    expect(wall.locator(".wall-join img")).to_be_visible()

    moderator = open_context("desktop", logged_in=True).new_page()
    moderator.goto(f"/moderation/workshops/{workshop.id}")
    moderator.get_by_role("button", name="Einreichen beenden (schließen)").click()
    expect(moderator.locator(".flashes")).to_contain_text("Der Workshop ist jetzt geschlossen.")
    expect(banner).to_be_visible(timeout=LIVE)
    expect(banner).to_contain_text("Der Workshop ist geschlossen.")
    expect(banner).to_be_in_viewport(ratio=1)
    expect(wall.locator(".wall-join img")).to_be_hidden()  # no invitation to join a closed workshop
    expect(wall.locator(".wall-url")).to_be_hidden()
    wall.keyboard.press("q")
    expect(wall.locator("#qr-overlay")).to_be_hidden()

    fresh = open_wall(projector(open_context, "1920x1080"), workshop)  # a wall opened afterwards
    expect(fresh.locator("#wall-closed")).to_be_visible()
    expect(fresh.locator(".wall-join img")).to_be_hidden()

    moderator.get_by_role("button", name="Einreichen öffnen").click()
    expect(moderator.locator(".flashes")).to_contain_text("Der Workshop ist jetzt geöffnet.")
    expect(banner).to_be_hidden(timeout=LIVE)
    expect(fresh.locator("#wall-closed")).to_be_hidden(timeout=LIVE)
    expect(wall.locator(".wall-join img")).to_be_visible()


def test_closed_banner_speaks_english(open_context, workshop, moderation_action):
    context = open_context("wall", logged_in=True)
    page = context.new_page()
    page.goto("/language/en")
    token = page.request.get("/api/session").json()["csrf_token"]
    page.request.post(f"/moderation/workshops/{workshop.id}/state", form={"csrf_token": token, "open": "0"})
    page.goto(f"/w/{workshop.code}/wall")
    expect(page.locator("#wall-closed")).to_have_text(
        "The workshop is closed. No new ideas can be added. Thank you for taking part!"
    )


def test_wall_counts_what_the_overview_counts(open_context, database_app, workshop, moderation_action):
    """Hidden, pending and merged ideas count nowhere, and a column longer than the page's
    window keeps the count right when its older ideas change."""
    from participation.extensions import db
    from participation.moderation import services as moderation
    from participation.workshops.models import Workshop
    from participation.workshops.services import update_workshop

    from helpers import make_participant, post_idea

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        people = [make_participant(stored, f"zaehl{n:03d}-") for n in range(41)]
        ideas = [post_idea(stored, people[n], f"Idee Nummer {n}: Bürgerbus nach Heide", question=0)
                 for n in range(40)]  # more than the wall's 30 per column
        moderation.hide(ideas[5])
        moderation.merge(ideas[6], ideas[7])
        update_workshop(stored, premoderation=True)
        post_idea(stored, people[40], "Wartet auf Freigabe")
        update_workshop(stored, premoderation=False)
        oldest = [idea.id for idea in ideas[:3]]
        db.session.remove()

    overview = open_context("desktop", logged_in=True).new_page()
    overview.goto(f"/moderation/workshops/{workshop.id}")
    summary = overview.locator("p", has_text="auf der Wand")
    expect(summary).to_contain_text("38 Ideen auf der Wand (dazu 3 ausgeblendet, zusammengeführt oder nicht freigegeben)")
    wall = open_wall(projector(open_context, "1280x720"), workshop)
    expect(wall.locator("#wall-count")).to_have_text("38")
    expect(wall.locator(f"#wall-idea-{oldest[0]}")).to_have_count(0)  # older than the page's window

    moderation_action(overview, workshop, "hide", oldest[0])
    expect(wall.locator("#wall-count")).to_have_text("37", timeout=LIVE)
    moderation_action(overview, workshop, "show", oldest[0])
    expect(wall.locator("#wall-count")).to_have_text("38", timeout=LIVE)
    moderation_action(overview, workshop, "merge", oldest[1], target_id=str(oldest[2]))
    expect(wall.locator("#wall-count")).to_have_text("37", timeout=LIVE)
    overview.reload()
    expect(summary).to_contain_text("37 Ideen auf der Wand (dazu 4 ausgeblendet, zusammengeführt oder nicht freigegeben)")
    wall.reload()
    expect(wall.locator("#wall-count")).to_have_text("37")


@pytest.mark.parametrize("language", ["de", "en"])
def test_join_view_and_closed_banner_are_accessible(open_context, database_app, workshop, language):
    from browser.test_accessibility import assert_accessible

    fill_wall(database_app, workshop, fields=10, ideas=40)
    wall = projector(open_context, "1920x1080")
    wall.goto(f"/language/{language}")
    open_wall(wall, workshop, "?by=field")
    assert_accessible(wall, f"the wall by Handlungsfeld ({language})")
    wall.keyboard.press("q")
    expect(wall.locator("#qr-overlay")).to_be_visible()
    assert_accessible(wall, f"the full-screen join view ({language})")

    token = wall.request.get("/api/session").json()["csrf_token"]
    wall.request.post(f"/moderation/workshops/{workshop.id}/state", form={"csrf_token": token, "open": "0"})
    expect(wall.locator("#wall-closed")).to_be_visible(timeout=LIVE)
    expect(wall.locator("#qr-overlay")).to_be_hidden()
    assert_accessible(wall, f"the closed wall ({language})")
