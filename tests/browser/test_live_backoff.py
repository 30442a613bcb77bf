"""A phone whose stream is refused polls, less often while nothing happens, and tries the
stream again later, each time after a longer wait (issue 16: a refused stream polls with
backoff). The page's timers run on Playwright's clock, which the test moves on."""

import json

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
    page.clock.install()
    page.reload()
    for _ in range(200):  # refused at once, the page polls at once
        if polls:
            break
        page.wait_for_timeout(50)
    assert len(streams) == 1 and len(polls) == 1

    for _ in range(130):  # 130 seconds of the page's time
        page.clock.run_for(1000)
        page.wait_for_timeout(20)  # the poll's fetch answers in real time
    # Every 2 s would be 65 polls; backing off to at most 15 s between them, about 12.
    assert 6 <= len(polls) <= 20, polls
    # Stream retries after about 30 s and then about 60 s more (never just once).
    assert len(streams) >= 3, streams
