"""The Content-Security-Policy in Chromium: the pages' modules run (the nonce reaches
``live.js`` through the imports too) without a single violation or policy warning, while a
script slipped into a page, inline or as ``<script src>`` from our own host, stays dead."""

import pytest
from playwright.sync_api import expect

from browser.run_sheet import wait_in_browser

pytestmark = pytest.mark.browser

REPORTED = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Refused to")


# Remembers the page's EventSources, so a test can wait until each has connected or failed.
STREAMS_SEEN = """
window.__streams = [];
const Original = window.EventSource;
window.EventSource = class extends Original {
    constructor(...args) { super(...args); window.__streams.push(this); }
};
"""


def _watch(page):
    """Console messages about a policy, collected while the test runs."""
    messages = []
    page.on("console", lambda message: messages.append(message.text)
            if any(word in message.text for word in REPORTED) else None)
    return messages


def _inject_scripts(page):
    """An inline script and our own counter.js without the nonce: neither may run. Returns
    what ran, once the browser refused both (or one of them ran)."""
    page.evaluate("""() => {
        window.__injected = 0;
        window.__refused = 0;
        document.addEventListener("securitypolicyviolation", () => { window.__refused += 1; });
        const inline = document.createElement("script");
        inline.textContent = "window.__injected = 1";
        document.body.append(inline);
        const own = document.createElement("script");
        own.src = "/static/js/counter.js?injected";
        own.onload = () => { window.__injected = 2; };
        document.body.append(own);
    }""")
    page.wait_for_function("() => window.__refused >= 2 || window.__injected !== 0")
    return page.evaluate("window.__injected")


def test_the_phone_runs_its_modules_and_no_injected_script(phone, workshop):
    messages = _watch(phone)
    phone.goto(f"/j/{workshop.code}")
    phone.get_by_role("button", name="Los geht’s").click()
    area = phone.locator("textarea[data-maxlength]").first
    area.fill("Mehr Bänke am Deich")
    expect(phone.locator(f"#{area.get_attribute('id')}-hint")).to_contain_text("19 von")  # counter.js ran
    assert not messages, messages
    assert _inject_scripts(phone) == 0
    wait_in_browser(phone, lambda: messages, "no policy message on the console")  # the browser says so there, too
    assert all("script-src" in text for text in messages), messages  # refused, and said so


def test_the_wall_goes_live_under_the_policy(moderator_page, workshop):
    messages = _watch(moderator_page)
    response = moderator_page.goto(f"/w/{workshop.code}/wall")
    assert "script-src 'nonce-" in response.headers["content-security-policy"]
    # wall.js and the live.js it imports ran, and the stream is open
    expect(moderator_page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    assert not messages, messages


@pytest.mark.parametrize("page_path", ["console", "fields", "focus", "edit", ""])
def test_moderator_pages_log_no_violation(moderator_page, workshop, page_path):
    messages = _watch(moderator_page)
    moderator_page.add_init_script(STREAMS_SEEN)
    response = moderator_page.goto(f"/moderation/workshops/{workshop.id}/{page_path}".rstrip("/"))
    assert response.status == 200
    # the modules ran (they run before the load event) and every stream they opened got an answer
    moderator_page.wait_for_function(
        "() => document.readyState === 'complete' && window.__streams.every(s => s.readyState !== 0)")
    assert not messages, messages
