"""Checking the Handlungsfelder of a real hall in the browser: 125 and 500 ideas, 10 fields,
on a 1366x768 laptop (issue 15, item 7). Compact rows, search and filters, weakest
matches first, moves that keep the place (with and without JavaScript), keyboard moves."""

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from browser.test_sorting import stored_field

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


def _hall(database_app, workshop_factory, count):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    from hall_ideas import build_hall

    info = workshop_factory()
    with database_app.app_context():
        ideas, fields = build_hall(db.session.get(Workshop, info.id), count)
        db.session.remove()
    return info, ideas, fields


@pytest.fixture(scope="module")
def hall(database_app, workshop_factory):
    """125 ideas in 10 fields, analysed; each test moves ideas of its own."""
    return _hall(database_app, workshop_factory, 125)


@pytest.fixture
def laptop(open_context):
    page = open_context("desktop", logged_in=True).new_page()
    page.set_viewport_size(LAPTOP)
    return page


def _open(page, workshop, query=""):
    page.goto(f"/moderation/workshops/{workshop.id}/fields{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handlungsfelder: {workshop.title}")


def _rows_in_view(page):
    """Rows wholly on screen, below the field bar that stays on top, in the middle of the list."""
    page.locator(".sort-row").nth(30).evaluate("row => row.scrollIntoView({block: 'center'})")
    return page.evaluate("""() => {
        const top = document.querySelector('.sort-fields').getBoundingClientRect().bottom;
        return [...document.querySelectorAll('.sort-row')].filter((row) => {
            const box = row.getBoundingClientRect();
            return !row.hidden && box.top >= top && box.bottom <= window.innerHeight;
        }).length;
    }""")


def _idea_id(ideas, start):
    return next(idea_id for text, idea_id in ideas.items() if text.startswith(start))


def test_125_ideas_are_compact_rows_and_search_filters_instantly(laptop, hall):
    page = laptop
    workshop, ideas, fields = hall
    _open(page, workshop)
    rows = page.locator(".sort-row")
    expect(rows).to_have_count(125)
    page.locator("#sort-list-heading").evaluate("node => node.scrollIntoView({block: 'start'})")
    page.screenshot(path="/tmp/sorting/hall-125.png")
    assert _rows_in_view(page) >= 12
    page.screenshot(path="/tmp/sorting/hall-125-scrolled.png")
    list_height = page.locator("#sort-rows").bounding_box()["height"]
    assert list_height < 125 * 50, list_height  # was 18,000 px of cards
    page.screenshot(path="/tmp/sorting/hall-125.png")

    page.get_by_label("Suchen").fill("glasfaser")
    expected = sum("glasfaser" in text.casefold() for text in ideas)
    expect(page.locator(".sort-row:visible")).to_have_count(expected)
    expect(page.locator("#sort-count")).to_have_text(f"{expected} von 125 Ideen angezeigt")
    for text in page.locator(".sort-row:visible .sort-text").all_inner_texts():
        assert "glasfaser" in text.casefold()
    assert "q=glasfaser" in page.url  # a reload or a shared link shows the same

    page.get_by_label("Suchen").fill("")
    page.get_by_label("Handlungsfeld", exact=True).select_option(str(fields["Mobilität"]))
    page.get_by_label("Sicherheit").select_option("sure")
    visible = page.locator(".sort-row:visible")
    expect(visible.first).to_be_visible()
    for field_id, level in zip(visible.evaluate_all("rows => rows.map((row) => row.dataset.fieldId)"),
                               visible.evaluate_all("rows => rows.map((row) => row.dataset.level)")):
        assert (field_id, level) == (str(fields["Mobilität"]), "sure")
    page.screenshot(path="/tmp/sorting/hall-125-filtered.png")


def test_weakest_matches_first_and_the_confidence_filter(laptop, hall):
    page = laptop
    workshop, _, _ = hall
    _open(page, workshop)
    page.get_by_label("Reihenfolge").select_option("weakest")
    page.wait_for_url("**order=weakest**")
    levels = page.locator(".sort-row").evaluate_all("rows => rows.map((row) => row.dataset.level)")
    order = ["guessed", "none", "unsure", "sure", "decided"]
    assert levels[0] == "guessed" and [order.index(level) for level in levels] == sorted(order.index(level) for level in levels)
    expect(page.locator(".sort-row").first.locator(".sort-level")).to_have_text("geraten")
    page.screenshot(path="/tmp/sorting/hall-125-weakest.png")
    page.get_by_label("Sicherheit").select_option("unsure")
    expect(page.locator(".sort-row:visible").first).to_have_attribute("data-level", "unsure")
    assert set(page.locator(".sort-row:visible").evaluate_all("rows => rows.map((row) => row.dataset.level)")) == {"unsure"}


def test_a_move_with_javascript_keeps_the_place_and_is_announced(laptop, database_app, hall):
    page = laptop
    workshop, ideas, fields = hall
    _open(page, workshop)
    idea_id = _idea_id(ideas, "Carsharing mit E-Autos")
    row = page.locator(f"#idea-{idea_id}")
    row.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -200)")
    scroll = page.evaluate("() => window.scrollY")
    page.evaluate("() => { window.notReloaded = true; }")
    row.get_by_label("Verschieben nach").select_option(str(fields["Umwelt & Energie"]))
    row.get_by_role("button", name="Verschieben", exact=True).click()
    expect(page.locator("#sort-status")).to_have_text(f"„{next(t for t in ideas if ideas[t] == idea_id)}“ ist jetzt in „Umwelt & Energie“.")
    moved = page.locator(f"#idea-{idea_id}")
    expect(moved).to_have_attribute("data-level", "decided")
    expect(moved.locator(".sort-chip")).to_contain_text("Umwelt & Energie")
    assert page.evaluate("() => window.notReloaded") is True  # no reload
    assert abs(page.evaluate("() => window.scrollY") - scroll) < 2
    box, height = moved.bounding_box(), page.evaluate("() => window.innerHeight")
    assert 0 <= box["y"] and box["y"] + box["height"] <= height
    assert stored_field(database_app, idea_id) == (fields["Umwelt & Energie"], True)


def test_keyboard_moves_a_focused_row_with_a_number_key(laptop, database_app, hall):
    page = laptop
    workshop, ideas, fields = hall
    _open(page, workshop)
    expect(page.get_by_text("Ziffer 1–9 oder 0 verschiebt sie")).to_be_hidden()  # in the closed "Tastatur" box
    page.get_by_text("Tastatur und Maus").click()
    expect(page.get_by_text("Ziffer 1–9 oder 0 verschiebt sie", exact=False)).to_be_visible()
    second_id = _idea_id(ideas, "Medienkompetenz schon")
    page.locator(".sort-row").first.focus()
    page.keyboard.press("ArrowDown")  # rows are walked with the arrow keys
    expect(page.locator(".sort-row").nth(1)).to_be_focused()
    row = page.locator(f"#idea-{second_id}")
    row.focus()
    page.keyboard.press("3")  # Mobilität is the third field
    expect(page.locator("#sort-status")).to_contain_text("ist jetzt in „Mobilität“.")
    expect(row).to_have_attribute("data-field-id", str(fields["Mobilität"]))
    expect(page.locator(f"#idea-{second_id}")).to_be_focused()  # the place is kept for the next key
    assert stored_field(database_app, second_id) == (fields["Mobilität"], True)
    page.keyboard.press("-")
    expect(page.locator(f"#idea-{second_id}")).to_have_attribute("data-field-id", "none")
    assert stored_field(database_app, second_id) == (None, True)
    page.keyboard.press("v")
    expect(page.locator(f"#idea-{second_id}").get_by_label("Verschieben nach")).to_be_focused()


def test_a_move_without_javascript_lands_on_the_moved_row_with_the_message(open_context, database_app, hall):
    workshop, ideas, fields = hall
    page = open_context("desktop", logged_in=True, java_script_enabled=False).new_page()
    page.set_viewport_size(LAPTOP)
    _open(page, workshop, "?q=Hausnotruf")
    idea_id = _idea_id(ideas, "Hausnotruf für alle über 80")
    row = page.locator(f"#idea-{idea_id}")
    row.get_by_label("Verschieben nach").select_option(str(fields["Verwaltung & Bürgerservice"]))
    with page.expect_navigation():
        row.get_by_role("button", name="Verschieben", exact=True).click()
    assert page.url.endswith(f"moved={idea_id}&q=Hausnotruf#idea-{idea_id}")
    moved = page.locator(f"#idea-{idea_id}")
    expect(moved.get_by_role("status")).to_contain_text("ist jetzt in „Verwaltung & Bürgerservice“.")
    # the page is where the person was: the row and its message on screen, below the field bar
    bar = page.locator(".sort-fields").bounding_box()
    box = moved.bounding_box()
    assert bar["y"] + bar["height"] <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"], (bar, box)
    expect(page.get_by_label("Suchen")).to_have_value("Hausnotruf")  # the search is kept
    assert stored_field(database_app, idea_id) == (fields["Verwaltung & Bürgerservice"], True)
    page.screenshot(path="/tmp/sorting/hall-125-nojs.png")


def test_the_page_is_accessible_with_125_ideas(laptop, hall):
    workshop, _, _ = hall
    _open(laptop, workshop)
    assert_accessible(laptop, "the Handlungsfelder page with 125 ideas")


def test_500_ideas_stay_compact_and_searchable(laptop, database_app, workshop_factory):
    page = laptop
    workshop, ideas, _ = _hall(database_app, workshop_factory, 500)
    _open(page, workshop)
    expect(page.locator(".sort-row")).to_have_count(500)
    assert _rows_in_view(page) >= 12
    page.screenshot(path="/tmp/sorting/hall-500.png")
    page.get_by_label("Suchen").fill("strandkorb")
    expect(page.locator(".sort-row:visible")).to_have_count(sum("strandkorb" in text.casefold() for text in ideas))
