"""A wall whose missed events were pruned from the log reloads once and shows the room as
it is now (issue 23: the event log is pruned, a client behind it gets "reload", never a
silent gap)."""

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 15_000


class ApiPhone:
    """A phone that posts through the JSON API only (it joins with its first post).

    It never opens the phone page: that page's live stream would make its worker's hub
    buffer the workshop's events, and a wall stream served by the same worker would get
    what it missed from that buffer, complete, with no hole and so no reload (right for
    the wall, but not the case this test is about)."""

    def __init__(self, context, workshop, nickname):
        self.request, self.code, self.nickname = context.request, workshop.code, nickname
        self.csrf = self.request.get("/api/session").json()["csrf_token"]
        self.question_id = self.request.get(f"/api/workshops/{self.code}").json()["questions"][0]["id"]

    def post_api(self, text):
        response = self.request.post(f"/api/workshops/{self.code}/ideas", headers={"X-CSRFToken": self.csrf},
                                     data={"question_id": self.question_id, "text": text, "nickname": self.nickname})
        assert response.status == 201, f"{response.status}: {response.text()}"
        return response.json()["idea"]


def test_a_wall_behind_the_pruned_log_reloads_once_and_shows_the_current_ideas(
        open_context, workshop, database_app):
    from participation.events.prune import prune_events
    from participation.extensions import db

    author = ApiPhone(open_context("phone"), workshop, "Inge")
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
