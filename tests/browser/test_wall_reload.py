"""A wall whose missed events were pruned from the log reloads once and shows the room as
it is now (issue 23: the event log is pruned, a client behind it gets "reload", never a
silent gap)."""

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 15_000


def test_a_wall_behind_the_pruned_log_reloads_once_and_shows_the_current_ideas(
        open_context, attendee, workshop, database_app):
    from participation.events.prune import prune_events
    from participation.extensions import db

    author = attendee(workshop, "Inge")
    ids = [author.post_api(f"Idee {number}: Radweg nach Heide")["id"] for number in range(6)]
    with database_app.app_context():
        from datetime import timedelta

        prune_events(2, younger_than=timedelta(0))  # only the newest two events stay
        db.session.remove()

    # The wall is drawn as it was long ago: its page says it has seen event 1 only (a
    # projector that slept through the evening); the first load only.
    moderator = open_context("wall", logged_in=True)
    page = moderator.new_page()
    loads = []

    def old_page(route):
        response = route.fetch()
        body = response.text()
        loads.append(route.request.url)
        if len(loads) == 1:
            body = re.sub(r'data-seq="\d+"', 'data-seq="1"', body)
        route.fulfill(response=response, body=body)

    page.route(re.compile(r".*/w/[^/]+/wall(\?.*)?$"), old_page)
    page.goto(f"/w/{workshop.code}/wall")
    # the stream says "reload": the page is drawn anew (the first drawing showed the ideas
    # already: wait for the second load itself; route handlers run while Playwright waits)
    deadline = time.monotonic() + 4 * LIVE / 1000
    while len(loads) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert len(loads) == 2
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected", timeout=LIVE)
    for idea_id in ids:
        expect(page.locator(f"#wall-idea-{idea_id}")).to_have_count(1, timeout=LIVE)
    expect(page.locator("#wall-count")).to_have_text(str(len(ids)))
    # and it stays: no reload loop (a new idea arrives live, the page is not drawn again)
    late = author.post_api("Späte Idee: Glasfaser für Wesselburen")["id"]
    expect(page.locator(f"#wall-idea-{late}")).to_have_count(1, timeout=LIVE)
    page.wait_for_timeout(1000)
    assert len(loads) == 2
