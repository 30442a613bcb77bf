"""The moderator sorts ideas into Handlungsfelder in the browser, and the analysis keeps out.

Ideas are stored in-process on the server's database and analysed once, as if attendees
had posted them and the background analysis had run.
"""

import re

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

BUS = "Mitfahrbank in Albersdorf 🚌"
GLASFASER = "Glasfaser fürs Dorf"
IDEAS = (
    BUS,
    GLASFASER,
    "Telemedizin beim Hausarzt",
    "Schul-App für Elternbriefe",
    "Rufbus per App bestellen, auch abends",
    "Funklöcher auf der B5 endlich schließen!!",
    "Hundewiese mit Zaun am Ortsrand",
    "Hundekotbeutel-Spender an der Hundewiese 🐕",
    "Hundewiese für große Hunde",
)
CONFIRMED = "von Ihnen entschieden"


@pytest.fixture
def sorted_workshop(database_app, workshop):
    """The workshop with ``IDEAS``, analysed; returns (workshop, {text: id}, {field name: id})."""
    return analysed_workshop(database_app, workshop, IDEAS, "browser-sort")


def analysed_workshop(database_app, workshop, texts, key_prefix):
    """``texts`` stored as visible ideas of ``workshop`` and analysed; returns
    (workshop, {text: id}, {field name: id})."""
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import VISIBLE, Idea
    from participation.fields.services import run_analysis
    from participation.workshops.models import Workshop

    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        with write_transaction() as session:
            ideas = [
                Idea(workshop_id=stored.id, question_id=stored.questions[n % 3].id, idempotency_key=f"{key_prefix}-{n:04d}",
                     text=text, status=VISIBLE)
                for n, text in enumerate(texts)
            ]
            session.add_all(ideas)
        run_analysis(stored)
        db.session.rollback()
        idea_ids = {idea.text: idea.id for idea in ideas}
        field_ids = {field.name: field.id for field in stored.fields}
        db.session.remove()
    return workshop, idea_ids, field_ids


def stored_field(database_app, idea_id):
    """(field_id, field_confirmed) of an idea, read from the server's database."""
    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        idea = db.session.get(Idea, idea_id)
        result = (idea.field_id, idea.field_confirmed)
        db.session.remove()
    return result


def _open(page, workshop):
    page.goto(f"/moderation/workshops/{workshop.id}/fields")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handlungsfelder: {workshop.title}")


class _Field:
    """The rows of one field (the page is one list; each row names its field)."""

    def __init__(self, page, field_id):
        self.page, self.field_id = page, field_id

    def locator(self, selector):
        return self.page.locator(f'{selector}[data-field-id="{self.field_id}"]')


def _field(page, field_id):
    return _Field(page, field_id)


def _idea(page, idea_id):
    return page.locator(f"#idea-{idea_id}")


def _assert_on_screen(page, *locators):
    height = page.evaluate("() => window.innerHeight")
    for locator in locators:
        box = locator.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, (locator, box, height)


def test_moves_by_form_and_by_drag_and_drop_survive_a_re_run(moderator_page, database_app, sorted_workshop):
    page = moderator_page
    workshop, ideas, fields = sorted_workshop
    bus, glasfaser = ideas[BUS], ideas[GLASFASER]
    mobilitaet, breitband = fields["Mobilität"], fields["Breitband & Infrastruktur"]
    umwelt, wirtschaft = fields["Umwelt & Energie"], fields["Wirtschaft & Arbeit"]

    # the way in: the workshop overview links to the Handlungsfelder page
    page.goto(f"/moderation/workshops/{workshop.id}")
    page.get_by_role("link", name="Handlungsfelder", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Handlungsfelder: {workshop.title}")

    # what the analysis proposed
    expect(_field(page, mobilitaet).locator(f"#idea-{bus}")).to_be_visible()
    expect(_field(page, breitband).locator(f"#idea-{glasfaser}")).to_be_visible()
    expect(_idea(page, bus).locator(".sort-level")).to_have_text(re.compile("^(sicher|unsicher|geraten)$"))
    _idea(page, bus).hover()  # the matching terms show with the whole text
    expect(_idea(page, bus)).to_contain_text("passende Begriffe: Mitfahrbank")
    expect(_idea(page, bus)).not_to_contain_text(CONFIRMED)
    expect(_field(page, "none").locator(f"#idea-{ideas['Hundewiese für große Hunde']}")).to_be_visible()
    expect(page.locator("#proposals")).to_contain_text("Hundewiese")
    ideas_map = page.get_by_role("img", name=re.compile("Karte der Ideen"))
    expect(ideas_map).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=ideas_map.element_handle())

    # (a) without a mouse: choose the field in "Verschieben nach", Tab to the button, Enter
    # (moved in place, no reload: the confirmation is announced)
    chooser = _idea(page, bus).get_by_label("Verschieben nach")
    expect(chooser).to_have_value(str(mobilitaet))
    chooser.focus()
    chooser.select_option(label="7 · Umwelt & Energie")
    page.keyboard.press("Tab")
    expect(_idea(page, bus).get_by_role("button", name="Verschieben", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#sort-status")).to_have_text(f"„{BUS}“ ist jetzt in „Umwelt & Energie“.")
    expect(_field(page, umwelt).locator(f"#idea-{bus}")).to_contain_text(CONFIRMED)
    expect(_field(page, mobilitaet).locator(f"#idea-{bus}")).to_have_count(0)
    assert stored_field(database_app, bus) == (umwelt, True)

    # (b) with the mouse: drag the idea onto a field of the bar. Both must be on screen
    # first: a drag that has to scroll would start on whatever idea the page scrolled
    # under the mouse (Playwright scrolls between pressing and moving the mouse).
    source = _idea(page, glasfaser).locator(".sort-text")
    target = page.locator(f'.sort-target[data-field-id="{wirtschaft}"]')
    source.scroll_into_view_if_needed()
    _assert_on_screen(page, source, target)
    source.drag_to(target, target_position={"x": 40, "y": 8})
    expect(page.locator("#sort-status")).to_have_text(f"„{GLASFASER}“ ist jetzt in „Wirtschaft & Arbeit“.")
    expect(_field(page, wirtschaft).locator(f"#idea-{glasfaser}")).to_contain_text(CONFIRMED)
    expect(_field(page, breitband).locator(f"#idea-{glasfaser}")).to_have_count(0)
    assert stored_field(database_app, glasfaser) == (wirtschaft, True)

    # re-running the analysis leaves both where the moderator put them
    with page.expect_navigation():
        page.get_by_role("button", name="Analyse neu berechnen").click()
    expect(page.locator(".flashes")).to_contain_text("Die Analyse ist neu berechnet")
    expect(page.locator(".flashes")).to_contain_text("Ihre eigenen Zuordnungen bleiben, wie sie sind.")
    page.reload()
    for idea_id, field_id in ((bus, umwelt), (glasfaser, wirtschaft)):
        moved = _field(page, field_id).locator(f"#idea-{idea_id}")
        expect(moved).to_be_visible()
        expect(moved).to_contain_text(CONFIRMED)
        expect(moved.get_by_label("Verschieben nach")).to_have_value(str(field_id))
        assert stored_field(database_app, idea_id) == (field_id, True)
    # the others are still sorted by the analysis
    expect(_field(page, mobilitaet).locator(".sort-row").filter(has_text="Rufbus per App bestellen")).to_have_count(1)
    expect(_field(page, breitband).locator(".sort-row").filter(has_text="Funklöcher auf der B5")).to_have_count(1)

    # handing one back: the analysis puts it where it thinks it belongs
    _idea(page, bus).get_by_role("button", name="Zuordnung wieder der Analyse überlassen").click()
    expect(page.locator("#sort-status")).to_have_text("Die Analyse ordnet diese Idee wieder selbst zu.")
    expect(_field(page, mobilitaet).locator(f"#idea-{bus}")).not_to_contain_text(CONFIRMED)
    assert stored_field(database_app, bus) == (mobilitaet, False)


def test_adopting_a_proposal_creates_a_field(moderator_page, database_app, sorted_workshop):
    page = moderator_page
    workshop, ideas, _ = sorted_workshop
    _open(page, workshop)
    proposal = page.locator("article.proposal").filter(has_text="Hundewiese für große Hunde")
    proposal.get_by_label("Name des neuen Handlungsfelds").fill("Hunde im Dorf")
    with page.expect_navigation():
        proposal.get_by_role("button", name="Als Handlungsfeld übernehmen").click()
    expect(page.locator(".flashes")).to_contain_text("Das Handlungsfeld „Hunde im Dorf“ ist angelegt, mit 3 der gezeigten Ideen.")
    expect(page.locator(".sort-fields")).to_contain_text("Hunde im Dorf (3)")
    field_id = page.get_by_label("Handlungsfeld", exact=True).input_value()  # the page shows the new field
    expect(page.locator(".sort-row")).to_have_count(3)
    for text in ("Hundewiese mit Zaun am Ortsrand", "Hundekotbeutel-Spender an der Hundewiese 🐕", "Hundewiese für große Hunde"):
        expect(_field(page, field_id).locator(f"#idea-{ideas[text]}")).to_contain_text(CONFIRMED)
    expect(page.locator(".sort-fields")).to_contain_text("Noch nicht zugeordnet (0)")


def test_sorting_page_is_accessible(moderator_page, sorted_workshop):
    workshop, _, _ = sorted_workshop
    _open(moderator_page, workshop)
    expect(moderator_page.locator("article.proposal").first).to_be_visible()
    assert_accessible(moderator_page, "the Handlungsfelder page")


def test_wall_by_field_is_accessible(moderator_page, sorted_workshop):
    page = moderator_page
    workshop, ideas, fields = sorted_workshop
    page.goto(f"/w/{workshop.code}/wall?by=field")
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    expect(page.locator(f"#wall-list-field-{fields['Mobilität']} #wall-idea-{ideas[BUS]}")).to_be_visible()
    # the wall pages through the fields a few at a time: "not assigned" comes on a later page
    expect(page.locator(f"#wall-list-field-none #wall-idea-{ideas['Hundewiese für große Hunde']}")).to_have_count(1)
    expect(page.get_by_role("heading", level=2, name="Noch nicht zugeordnet", include_hidden=True)).to_have_count(1)
    assert_accessible(page, "the wall by Handlungsfeld")


def test_wall_by_field_follows_a_move(open_context, moderator_page, sorted_workshop):
    """A moderator's move reaches the projector: the card changes column live."""
    workshop, ideas, fields = sorted_workshop
    wall = open_context("wall", logged_in=True).new_page()
    wall.goto(f"/w/{workshop.code}/wall?by=field")
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
    card = f"#wall-idea-{ideas[BUS]}"
    expect(wall.locator(f"#wall-list-field-{fields['Mobilität']} {card}")).to_be_visible()

    page = moderator_page
    _open(page, workshop)
    _idea(page, ideas[BUS]).get_by_label("Verschieben nach").select_option(label="– · Noch nicht zugeordnet")
    _idea(page, ideas[BUS]).get_by_role("button", name="Verschieben", exact=True).click()
    expect(wall.locator(f"#wall-list-field-none {card}")).to_have_count(1, timeout=15_000)  # on a later page
    expect(wall.locator(card)).to_have_count(1)

