"""How many streams a worker holds, and what happens past its limit.

Under our gunicorn worker a phone's, wall's or moderator's stream holds no thread: the
worker's stream pump writes it (``LIVE_MAX_DETACHED_STREAMS`` per worker). Streams that
keep a thread (group walls; any stream under another server) count against
``LIVE_MAX_STREAMS`` = threads minus a reserve for posts and page loads. A stream past
its limit answers 503 at once (live.js then polls ``events.json``), and posting keeps
working while all streams are taken.
"""

import http.client
import runpy
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from participation.events.hub import Hub

from servers import Phone, gunicorn, migrate_and_create_workshop, server_env


def test_the_hub_admits_streams_up_to_its_limit():
    hub = Hub(fetch_since=lambda marks: [])
    assert hub.admit(2) and hub.admit(2)
    assert not hub.admit(2)
    hub.release()
    assert hub.admit(2)
    assert hub.admit(None)  # no limit configured (development server, tests)
    hub.stop()


def test_the_limit_follows_the_workers_real_thread_count(monkeypatch):
    """``--threads`` on the command line wins over the THREADS the file read: the reserve
    must come from the worker's own count (32 threads once left room for only 7 streams)."""
    monkeypatch.delenv("THREADS", raising=False)
    monkeypatch.setattr(sys, "setswitchinterval", lambda interval: None)  # not this process's
    settings = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))
    assert settings["threads"] == 64
    for threads, streams in ((8, 4), (32, 28), (250, 225), (1, 1)):
        config = {"LIVE_MAX_STREAMS": None}
        worker = SimpleNamespace(wsgi=SimpleNamespace(config=config), cfg=SimpleNamespace(threads=threads))
        settings["post_worker_init"](worker)
        assert config["LIVE_MAX_STREAMS"] == streams
    configured = {"LIVE_MAX_STREAMS": 3}  # set by the operator: kept
    worker = SimpleNamespace(wsgi=SimpleNamespace(config=configured), cfg=SimpleNamespace(threads=32))
    settings["post_worker_init"](worker)
    assert configured["LIVE_MAX_STREAMS"] == 3


def test_a_stream_past_the_limit_is_told_to_poll(app, client, workshop):
    app.config["LIVE_MAX_STREAMS"] = 0
    response = client.get(f"/w/{workshop.code}/events")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.get_json()["poll"] == f"/w/{workshop.code}/events.json?view=phone"
    assert client.get(f"/w/{workshop.code}/events.json").status_code == 200


def _open_stream(base, code):
    """A phone's stream: a browser session first (a phone has loaded a page), then the stream."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", "/api/session")
    response = connection.getresponse()
    response.read()
    cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    connection.request("GET", f"/w/{code}/events", headers={"Cookie": cookie})
    return connection, connection.getresponse()


def _read_until(response, needle, deadline):
    """Lines of an open SSE response until one holds ``needle`` (None past ``deadline``)."""
    while time.monotonic() < deadline:
        line = response.fp.readline()
        if not line:
            return None
        if needle in line:
            return line
    return None


@pytest.mark.servers
def test_a_worker_holds_more_streams_than_threads_and_posts_go_on(tmp_path):
    """Four threads, thirty open streams: each hears a new idea; the 31st stream polls."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "LIVE_HEARTBEAT = 1\nLIVE_STREAMS_PER_ADDRESS = 100\nLIVE_MAX_DETACHED_STREAMS = 30\n")
    env = server_env(instance)
    workshop = migrate_and_create_workshop(env)
    with gunicorn(env, workers=1, threads=4) as base:
        streams = [_open_stream(base, workshop["code"]) for _ in range(31)]
        try:
            assert [response.status for _, response in streams] == [200] * 30 + [503]
            deadline = time.monotonic() + 60
            for _, response in streams[:30]:
                assert _read_until(response, b'"kind": "hello"', deadline)
            phone = Phone(base, workshop["code"])
            status, body = phone.post("Mit vollen Streams: Dorfladen in Albersdorf", "capacity-0001")
            assert status == 201, body
            for _, response in streams[:30]:  # every stream hears it, with four threads in all
                assert _read_until(response, "Dorfladen in Albersdorf".encode(), deadline)
            streams[0][0].close()  # a phone leaves; the pump notices the closed socket
            for _ in range(120):
                streams.append(_open_stream(base, workshop["code"]))
                if streams[-1][1].status == 200:
                    break
                time.sleep(0.25)
            assert streams[-1][1].status == 200
        finally:
            for connection, _ in streams:
                connection.close()
