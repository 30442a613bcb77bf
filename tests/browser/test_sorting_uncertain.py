""""Unsichere zuerst" in the browser: the moderator answers the questions the analysis is
least sure about, and three decisions carry a similar undecided idea along (issue 17)."""

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from browser.test_sorting import analysed_workshop, stored_field

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
DOGS = ("Hundewiese mit Zaun am Ortsrand", "Hundekotbeutel-Spender an der Hundewiese 🐕", "Hundewiese für große Hunde")
SIMILAR = "Eingezäunte Wiese für Hunde ohne Leine"
IDEAS = (
    "Mitfahrbank in Albersdorf 🚌",
    "Glasfaser fürs Dorf",
    "Telemedizin beim Hausarzt",
    "Schul-App für Elternbriefe",
    "Rufbus per App bestellen, auch abends",
    "Funklöcher auf der B5 endlich schließen!!",
    "WLAN im Schulbus",
    *DOGS,
    SIMILAR,
)


@pytest.fixture
def uncertain_workshop(database_app, workshop):
    return analysed_workshop(database_app, workshop, IDEAS, "browser-unsure")


def test_unsure_first_then_three_decisions_teach_a_similar_idea(open_context, database_app, uncertain_workshop):
    workshop, ideas, fields = uncertain_workshop
    kultur = fields["Kultur, Freizeit & Ehrenamt"]
    page = open_context("desktop", logged_in=True).new_page()
    page.set_viewport_size(LAPTOP)
    page.goto(f"/moderation/workshops/{workshop.id}/fields")
    assert stored_field(database_app, ideas[SIMILAR])[0] != kultur

    page.get_by_label("Reihenfolge").select_option(label="Unsichere zuerst (lehrt die Analyse am meisten)")
    page.wait_for_url("**order=uncertain**")
    levels = page.locator(".sort-row").evaluate_all("rows => rows.map((row) => row.dataset.level)")
    assert levels[0] in ("guessed", "none") and "sure" not in levels[:4], levels
    # every sure match comes after every guess and every idea without a field
    assert max(i for i, level in enumerate(levels) if level in ("guessed", "none")) < min(
        (i for i, level in enumerate(levels) if level == "sure"), default=len(levels)), levels
    # a close call names the field that came second, under the confidence word
    expect(page.locator(".sort-second").first).to_contain_text("oder „")
    page.screenshot(path="/tmp/sorting/uncertain-first.png")
    assert_accessible(page, "the Handlungsfelder page, least certain first")

    for text in DOGS:
        row = page.locator(f"#idea-{ideas[text]}")
        row.get_by_label("Verschieben nach").select_option(label="8 · Kultur, Freizeit & Ehrenamt")
        row.get_by_role("button", name="Verschieben", exact=True).click()
        expect(page.locator("#sort-status")).to_have_text(f"„{text}“ ist jetzt in „Kultur, Freizeit & Ehrenamt“.")
        assert stored_field(database_app, ideas[text]) == (kultur, True)

    with page.expect_navigation():
        page.get_by_role("button", name="Analyse neu berechnen").click()
    assert stored_field(database_app, ideas[SIMILAR]) == (kultur, False)
    page.goto(f"/moderation/workshops/{workshop.id}/fields?order=uncertain")
    similar = page.locator(f"#idea-{ideas[SIMILAR]}")
    expect(similar).to_have_attribute("data-field-id", str(kultur))
    expect(similar.locator(".sort-chip")).to_contain_text("Kultur, Freizeit & Ehrenamt")
    expect(similar.locator(".sort-level")).not_to_contain_text("von Ihnen entschieden")
    page.screenshot(path="/tmp/sorting/uncertain-after-decisions.png")
