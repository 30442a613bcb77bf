"""No single client holds every stream of a worker (issue 16, item 1).

One script opened 300 streams: 56 got one, 244 got 503, and every phone after it polled.
Now a browser session holds at most ``LIVE_STREAMS_PER_CLIENT`` streams per worker, clients
without a session cookie share a small budget per address, and one address holds at most
``LIVE_STREAMS_PER_ADDRESS`` (by default the worker's limit: a hall's phones share the
venue's address and spread unevenly over the workers). Walls and moderators are known: only the
address ceiling counts for them.
"""

import pytest

from participation.events.hub import Hub
from participation.workshops.wall_keys import ensure_wall_token

from helpers import csrf_token


# Open streams of a test, newest last. Each holds a pushed request context (Flask's
# stream_with_context), so they are closed newest first.
OPEN = []


@pytest.fixture
def capped(app):
    app.config.update(LIVE_STREAM_LIFETIME=0.6, LIVE_HEARTBEAT=0.2, LIVE_MAX_STREAMS=None,
                      LIVE_STREAMS_PER_CLIENT=3, LIVE_STREAMS_WITHOUT_SESSION=2, LIVE_STREAMS_PER_ADDRESS=None)
    yield app
    while OPEN:
        OPEN.pop().close()


class Browser:
    """A phone's browser: its own cookies (a session once it loaded a page), its own address."""

    def __init__(self, app, address="10.0.0.7", session=True):
        self.client = app.test_client()
        self.address = address
        self.open = []
        if session:
            csrf_token(self.client)

    def stream(self, code, **query):
        response = self.client.get(f"/w/{code}/events", query_string=query,
                                   environ_base={"REMOTE_ADDR": self.address})
        if response.status_code == 200:
            self.open.append(response)  # held open: its generator waits before its first event
            OPEN.append(response)
        return response.status_code


def test_one_browser_session_holds_at_most_its_streams(capped, workshop):
    script, phone = Browser(capped), Browser(capped)
    assert [script.stream(workshop.code) for _ in range(5)] == [200, 200, 200, 503, 503]
    refused = script.client.get(f"/w/{workshop.code}/events", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert refused.get_json()["error"] == "streams_full"
    assert refused.get_json()["poll"] == f"/w/{workshop.code}/events.json?view=phone"
    assert phone.stream(workshop.code) == 200  # the same address, another session
    OPEN.pop().close()
    OPEN.pop().close()  # one of the script's tabs closed: its slot is free again
    assert script.stream(workshop.code) == 200


def test_clients_without_a_session_share_a_small_budget_per_address(capped, workshop):
    bare = [Browser(capped, session=False) for _ in range(4)]
    assert [browser.stream(workshop.code) for browser in bare] == [200, 200, 503, 503]
    assert Browser(capped, address="10.0.0.8", session=False).stream(workshop.code) == 200
    assert Browser(capped).stream(workshop.code) == 200  # a phone with a session is not affected


def test_one_address_may_fill_a_worker_unless_configured_lower(capped, workshop):
    capped.config["LIVE_MAX_STREAMS"] = 6  # a hall behind one NAT: the address may take all six
    hall = [Browser(capped) for _ in range(7)]
    assert [phone.stream(workshop.code) for phone in hall] == [200] * 6 + [503]
    OPEN.pop().close()
    capped.config["LIVE_STREAMS_PER_ADDRESS"] = 4  # phones with addresses of their own
    assert hall[-1].stream(workshop.code) == 503  # the address holds 5 already
    assert Browser(capped, address="10.0.0.99").stream(workshop.code) == 200  # another address


def test_walls_and_moderators_count_only_against_their_address(capped, workshop, logged_in):
    capped.config["LIVE_STREAMS_PER_CLIENT"] = 1
    projector = Browser(capped, session=False)
    key = ensure_wall_token(workshop)
    assert [projector.stream(workshop.code, view="wall", key=key) for _ in range(4)] == [200] * 4
    for view in ("moderation", "moderation", "phone", "phone"):
        response = logged_in.get(f"/w/{workshop.code}/events", query_string={"view": view})
        assert response.status_code == 200
        OPEN.append(response)


def test_the_hub_counts_quotas_and_releases_them():
    hub = Hub(fetch_since=lambda marks: [])
    session = [(("session", "a"), 2), (("address", "10.0.0.7"), 3)]
    other = [(("session", "b"), 2), (("address", "10.0.0.7"), 3)]
    assert hub.refusal(None, session) is None and hub.refusal(None, session) is None
    assert hub.refusal(None, session) == ("session", "a")
    assert hub.refusal(None, other) is None
    assert hub.refusal(None, other) == ("address", "10.0.0.7")
    assert hub.refusal(1, other) == "worker"
    assert hub.open_streams == 3 and hub.held(("address", "10.0.0.7")) == 3
    hub.release(session)
    assert hub.held(("session", "a")) == 1 and hub.held(("address", "10.0.0.7")) == 2
    assert hub.admit(None, other)
    for quotas in (session, other, other):
        hub.release(quotas)
    assert hub.open_streams == 0 and hub.held(("address", "10.0.0.7")) == 0
    hub.stop()
