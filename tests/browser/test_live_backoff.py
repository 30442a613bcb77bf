"""A phone whose stream is refused polls, less often while nothing happens, and tries the
stream again later, each time after a longer wait (issue 16: a refused stream polls with
backoff). The page's timers run on Playwright's clock, which the test moves on."""

import json
import time

STREAM = "**/w/*/events?*"
POLL = "**/w/*/events.json?*"


def test_a_refused_stream_polls_with_backoff_and_retries_the_stream(attendee, workshop):
    phone = attendee(workshop, "Inge")
    page = phone.page
    streams, polls = [], []

    def refuse(route):
        streams.append(route.request.url)
        route.fulfill(status=503, content_type="application/json", headers={"Retry-After": "30"},
                      body=json.dumps({"error": "streams_full", "poll": f"/w/{workshop.code}/events.json"}))

    def quiet(route):
        polls.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body=json.dumps({"events": [], "latest": 0}))

    page.route(STREAM, refuse)
    page.route(POLL, quiet)
    answered = []
    page.on("requestfinished", lambda request: answered.append(request.url))
    page.on("requestfailed", lambda request: answered.append(request.url))

    def settle(deadline_s=30):
        """Wait (in real time) until every stream and poll the page sent was answered."""
        deadline = time.monotonic() + deadline_s
        while len([url for url in answered if "/events" in url]) < len(streams) + len(polls):
            assert time.monotonic() < deadline, "a request of the page was never answered"
            page.wait_for_timeout(10)
        page.evaluate("() => 0")  # one round trip: the page has taken the answers

    page.clock.install()
    page.reload()
    deadline = time.monotonic() + 30
    while not polls:  # refused at once, the page polls at once
        assert time.monotonic() < deadline, "the page never polled"
        page.wait_for_timeout(10)
    settle()
    assert len(streams) == 1 and len(polls) == 1

    for _ in range(130):  # 130 seconds of the page's time
        page.clock.run_for(1000)
        settle()  # the poll's fetch answers in real time
    # Every 2 s would be 65 polls; backing off to at most 15 s between them, about 12.
    assert 6 <= len(polls) <= 20, polls
    # Stream retries after about 30 s and then about 60 s more (never just once).
    assert len(streams) >= 3, streams
