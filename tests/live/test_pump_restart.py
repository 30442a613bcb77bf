"""Streams written by the worker's stream pump survive worker restarts without gaps.

One gunicorn worker with two threads holds six walls' streams: more streams than threads,
so every one of them is a detached stream (``participation.ops.streams``). Then the worker
is replaced twice while ideas are posted: once gracefully (SIGHUP: gunicorn starts a new
worker and stops the old, whose pump closes its streams) and once killed outright
(SIGKILL). Each stream reconnects by itself with its Last-Event-ID, as EventSource does,
and ends up with every idea, each event once and in order.
"""

import os
import signal
import tempfile
import time

import pytest

from servers import EventStream, Phone, children, free_port, migrate_and_create_workshop, server_env, start_gunicorn, stop_gunicorn

pytestmark = pytest.mark.servers

STREAMS = 6
DEADLINE = 120  # generous: a loaded machine restarts workers slowly; only a gap fails


def _wait_for(condition, message):
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


def test_detached_streams_resume_without_gaps_after_worker_restarts(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("IDEA_RATE_LIMIT = 100000\nLIVE_HEARTBEAT = 1\n")
    env = server_env(instance)
    workshop = migrate_and_create_workshop(env)
    with tempfile.TemporaryFile(mode="w+") as log:
        server = start_gunicorn(env, free_port(), log, workers=1, threads=2)
        walls = [EventStream(server.base, workshop["code"], view="wall", key=workshop["wall_key"], retry=0.2)
                 for _ in range(STREAMS)]
        phone = Phone(server.base, workshop["code"])
        posted = []

        def post(count, label):
            for number in range(count):
                for _attempt in range(200):  # a post during the restart is retried, like phone.js does
                    try:
                        status, body = phone.post(f"{label} {number}: Bürgerbus für Süderhastedt 🚌",
                                                  f"{label}-{number}")
                    except OSError:
                        status, body = None, None
                    if status in (200, 201):
                        posted.append(body["idea"]["id"])
                        break
                    time.sleep(0.2)
                else:
                    pytest.fail(f"{label} {number} was never acknowledged")

        def everyone_has_everything():
            return all(set(posted) <= set(wall.arrived) for wall in walls)

        try:
            for wall in walls:
                wall.start()
            _wait_for(lambda: all(wall.connected.is_set() for wall in walls), "a stream never connected")
            post(4, "vorher")
            _wait_for(everyone_has_everything, "a stream missed an idea before the restarts")

            first = children(server.pid)
            os.kill(server.pid, signal.SIGHUP)  # graceful: a new worker, the old one stops
            _wait_for(lambda: children(server.pid) and not set(children(server.pid)) & set(first),
                      "gunicorn did not replace its worker")
            post(4, "nach-hup")
            _wait_for(everyone_has_everything, "a stream missed an idea after the graceful restart")

            for pid in children(server.pid):
                os.kill(pid, signal.SIGKILL)  # killed outright: the master starts another
            post(4, "nach-kill")
            _wait_for(everyone_has_everything, "a stream missed an idea after the killed worker")
        finally:
            for wall in walls:
                wall.stop()
            stop_gunicorn(server)

    assert len(posted) == 12
    for wall in walls:
        assert wall.connections >= 3  # it was cut off twice and reconnected by itself
        assert wall.seqs == list(range(wall.seqs[0], wall.seqs[0] + len(wall.seqs)))  # each event once, in order
        assert set(posted) <= set(wall.arrived)


def _raw_stream(base, code, key, last_event_id):
    """The lines a wall's stream sends until it closes (or ``DEADLINE``), as text."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=DEADLINE)
    try:
        connection.request("GET", f"/w/{code}/events?view=wall&key={key}",
                           headers={"Last-Event-ID": str(last_event_id)})
        response = connection.getresponse()
        assert response.status == 200
        _OPENED.append(connection)
        return response
    except Exception:
        connection.close()
        raise


_OPENED = []


@pytest.fixture(autouse=True)
def _close_connections():
    yield
    while _OPENED:
        _OPENED.pop().close()


def test_a_detached_stream_behind_the_pruned_log_gets_one_reload_and_ends(tmp_path):
    """The pump's path tells a stream whose missed events were pruned to reload, never a gap."""
    from servers import flask

    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "IDEA_RATE_LIMIT = 100000\nLIVE_HEARTBEAT = 1\nEVENT_LOG_KEEP = 5\nEVENT_LOG_KEEP_HOURS = 0\n")
    env = server_env(instance)
    workshop = migrate_and_create_workshop(env)
    with tempfile.TemporaryFile(mode="w+") as log:
        server = start_gunicorn(env, free_port(), log, workers=1, threads=2)
        try:
            phone = Phone(server.base, workshop["code"])
            for number in range(12):
                status, _body = phone.post(f"Idee {number}: Mehr Bänke am Deich", f"prune-{number}")
                assert status in (200, 201)
            flask(env, "retention")  # keeps the newest 5 events
            old = _raw_stream(server.base, workshop["code"], workshop["wall_key"], 1)
            body = old.read().decode()  # the server ends the stream after the reload
            messages = [line[6:] for line in body.splitlines() if line.startswith("data: ")]
            assert '"kind": "reload"' in messages[-1]
            assert not any('"kind": "idea"' in message for message in messages)  # no partial list

            recent = _raw_stream(server.base, workshop["code"], workshop["wall_key"], 0)
            seen = b""
            deadline = time.monotonic() + DEADLINE
            while b'"kind": "hello"' not in seen and time.monotonic() < deadline:
                seen += recent.fp.readline()
            recent.close()
            ids = [int(line[4:]) for line in body.splitlines() if line.startswith("id: ")]
            latest = ids[-1]  # the reload carries the newest seq

            near = _raw_stream(server.base, workshop["code"], workshop["wall_key"], latest - 2)
            got = []
            while len(got) < 2 and time.monotonic() < deadline:
                line = near.fp.readline().decode()
                if line.startswith("id: "):
                    got.append(int(line[4:]))
            near.close()
            assert got == [latest - 1, latest]  # exactly what it missed, no reload
        finally:
            stop_gunicorn(server)
