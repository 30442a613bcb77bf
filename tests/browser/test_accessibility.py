"""axe-core (WCAG 2.0/2.1 A and AA) on every kind of page, in the state people meet it.

Attendee pages are checked at phone size, moderator pages at desktop size. Next to axe,
``ARIA_REFERENCE_CHECK`` catches what axe lets through: ARIA attributes pointing at
ids that do not exist, aria-invalid="None" and the like, and invalid fields whose error
message a screen reader would not announce with the field.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()

# Runs in the page: ARIA id references that lead nowhere, aria-invalid values that are no
# ARIA token (read as "true"), and invalid fields whose error message is not linked.
ARIA_REFERENCE_CHECK = """() => {
  const problems = [];
  const describe = (el) => el.outerHTML.slice(0, 160);
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"]) {
    for (const el of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of el.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          problems.push(`${attribute} points at missing id "${id}": ${describe(el)}`);
        }
      }
    }
  }
  for (const el of document.querySelectorAll("[aria-invalid]")) {
    const value = el.getAttribute("aria-invalid");
    if (!["true", "false", "grammar", "spelling"].includes(value)) {
      problems.push(`aria-invalid="${value}" is not a valid value (read as "true"): ${describe(el)}`);
    } else if (value === "true") {
      const ids = ["aria-describedby", "aria-errormessage"].map((a) => el.getAttribute(a) || "").join(" ");
      const messages = ids.split(/\\s+/).map((id) => id && document.getElementById(id)).filter(Boolean);
      if (!messages.some((m) => m.matches(".errors, [role=alert]") && m.textContent.trim())) {
        problems.push(`aria-invalid="true" but no error message linked by aria-describedby: ${describe(el)}`);
      }
    }
  }
  return problems;
}"""


def violations_report(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    target: {' '.join(map(str, node['target']))}")
            lines.append(f"      html: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      why:  {summary[:400]}")
    return "\n".join(lines)


def assert_accessible(page, what):
    """Zero axe violations for the WCAG 2.0/2.1 A+AA rules, and sound ARIA references."""
    page.wait_for_load_state()
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    aria_problems = page.evaluate(ARIA_REFERENCE_CHECK)
    message = []
    if violations:
        message.append(f"{len(violations)} axe violation(s) on {what} ({page.url}):")
        message.append(violations_report(violations))
    if aria_problems:
        message.append(f"{len(aria_problems)} ARIA reference problem(s) on {what} ({page.url}):")
        message.extend(f"- {problem}" for problem in aria_problems)
    assert not message, "\n".join(message)


# --- attendee pages at phone size ----------------------------------------------------------


def test_start_page(phone):
    phone.goto("/")
    assert_accessible(phone, "the start page")


def test_start_page_with_unknown_code(phone):
    phone.goto("/")
    phone.get_by_label("Workshop-Code").fill("ZZZZZZ")
    phone.get_by_role("button", name="Weiter").click()
    expect(phone.get_by_text("Zu diesem Code gibt es keinen Workshop")).to_be_visible()
    assert_accessible(phone, "the start page with an error")


def test_join_page(phone, workshop):
    phone.goto(f"/j/{workshop.code}")
    expect(phone.get_by_role("heading", level=1)).to_have_text(workshop.title)
    assert_accessible(phone, "the join page")


def test_join_page_with_too_long_nickname(phone, workshop):
    phone.goto(f"/j/{workshop.code}")
    nickname = phone.get_by_label("Ihr Name oder Spitzname")
    # the field's maxlength stops a browser from typing more; an old one would send it
    nickname.evaluate("input => input.removeAttribute('maxlength')")
    nickname.fill("Nickname " * 6)
    phone.get_by_role("button", name="Los geht’s").click()
    expect(phone.get_by_text("Bitte höchstens 40 Zeichen.")).to_be_visible()
    assert_accessible(phone, "the join page with an error")


def _join(page, code):
    page.goto(f"/j/{code}")
    page.get_by_label("Ihr Name oder Spitzname").fill("Inge")
    page.get_by_role("button", name="Los geht’s").click()
    page.wait_for_url(f"**/j/{code}/ideas")


def test_idea_page_with_my_ideas(phone, workshop):
    _join(phone, workshop.code)
    section = phone.locator("section.question").first
    section.get_by_label("Ihre Idee").fill("Mitfahrbank für Büsum 🚌")
    section.get_by_role("button", name="Idee absenden").click()
    expect(phone.get_by_role("heading", name="Meine Ideen (1)")).to_be_visible()
    assert_accessible(phone, "the idea page with a posted idea")


def test_idea_page_with_error(phone, workshop):
    _join(phone, workshop.code)
    section = phone.locator("section.question").first
    section.get_by_label("Ihre Idee").fill("Ein Bürgerbus für jedes Dorf. " * 20)
    section.get_by_role("button", name="Idee absenden").click()
    expect(phone.get_by_role("alert")).to_contain_text("Ihre Idee wurde nicht gespeichert.")
    assert_accessible(phone, "the idea page with a too-long idea")


def test_idea_page_with_empty_idea(phone, workshop):
    # (axe cannot run with JavaScript disabled: its promise never settles without timers)
    _join(phone, workshop.code)
    phone.locator("section.question").first.get_by_role("button", name="Idee absenden").click()
    expect(phone.get_by_role("alert")).to_contain_text("Bitte schreiben Sie Ihre Idee in das Feld")
    assert_accessible(phone, "the idea page with an empty idea")


def test_edit_page(phone, workshop):
    _join(phone, workshop.code)
    section = phone.locator("section.question").first
    section.get_by_label("Ihre Idee").fill("Schnelles WLAN im Bürgerhaus")
    section.get_by_role("button", name="Idee absenden").click()
    phone.locator("#my-ideas").get_by_role("link", name=re.compile("^Bearbeiten")).click()
    expect(phone.get_by_role("heading", name="Idee bearbeiten")).to_be_visible()
    assert_accessible(phone, "the edit page")


def test_closed_workshop_idea_page(phone, new_workshop):
    workshop = new_workshop(is_open=False)
    phone.goto(f"/j/{workshop.code}/ideas")
    expect(phone.get_by_text("Der Workshop ist geschlossen.")).to_be_visible()
    assert_accessible(phone, "the idea page of a closed workshop")


# --- moderator pages at desktop size -------------------------------------------------------


def test_login_page(desktop):
    desktop.goto("/moderation/login")
    assert_accessible(desktop, "the login page")


def test_login_page_with_error(desktop):
    desktop.goto("/moderation/login")
    desktop.get_by_role("button", name="Anmelden").click()
    expect(desktop.get_by_text("Bitte geben Sie Ihren Benutzernamen ein.")).to_be_visible()
    assert_accessible(desktop, "the login page with errors")


def test_dashboard(moderator_page, workshop):
    moderator_page.goto("/moderation/")
    expect(moderator_page.get_by_role("cell", name=workshop.code)).to_be_visible()
    assert_accessible(moderator_page, "the dashboard")


def test_new_workshop_page(moderator_page):
    moderator_page.goto("/moderation/workshops/new")
    assert_accessible(moderator_page, "the new-workshop page")


def test_overview_page(moderator_page, workshop):
    moderator_page.goto(f"/moderation/workshops/{workshop.id}")
    expect(moderator_page.locator(".join-code")).to_have_text(workshop.code)
    assert_accessible(moderator_page, "the workshop overview")


def test_editor_page(moderator_page, workshop):
    moderator_page.goto(f"/moderation/workshops/{workshop.id}/edit")
    expect(moderator_page.get_by_role("heading", name="Workshop bearbeiten")).to_be_visible()
    assert_accessible(moderator_page, "the workshop editor")


def test_editor_page_with_error(moderator_page, workshop):
    moderator_page.goto(f"/moderation/workshops/{workshop.id}/edit")
    moderator_page.get_by_label("Titel").fill("")
    moderator_page.get_by_role("button", name="Einstellungen speichern").click()
    expect(moderator_page.get_by_text("Bitte geben Sie einen Titel ein.")).to_be_visible()
    assert_accessible(moderator_page, "the workshop editor with an error")


def test_poster_page(moderator_page, workshop):
    moderator_page.goto(f"/moderation/workshops/{workshop.id}/poster")
    expect(moderator_page.locator(".poster-code")).to_have_text(workshop.code)
    assert_accessible(moderator_page, "the poster")
