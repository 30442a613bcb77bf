"""Killing gunicorn workers (SIGKILL) during posting loses no acknowledged idea.

Posting phones send ideas with a client idempotency key and retry a post after a
connection error until it is acknowledged, as phone.js and a resent form do. Meanwhile a
random worker is killed whenever a few more ideas were acknowledged since the last kill,
and once the whole server (master and workers) is killed and started again on the same
port. The schedule follows the acknowledgements, not the clock: on a busy machine the
test takes longer but checks the same. Afterwards every acknowledged
idea is stored exactly once under its key, no text is stored twice, the SQLite file
passes ``PRAGMA integrity_check``, and a wall's stream has reconnected by itself and
seen every idea, each event once and in order.
"""

import os
import random
import signal
import sqlite3
import threading
import time
import urllib.error
from http.client import HTTPException

import pytest

from servers import EventStream, Phone, children, free_port, migrate_and_create_workshop, server_env, start_gunicorn, stop_gunicorn

PHONES = 6
KILLS = ["worker", "worker", "worker", "server", "worker", "worker"]
ACKNOWLEDGED_BETWEEN_KILLS = 8  # posting goes on between two kills

pytestmark = pytest.mark.servers


class Server:
    """A gunicorn that can be killed outright and started again on the same port."""

    def __init__(self, env, log):
        self.env, self.log, self.port = env, log, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.kills = 0

    def start(self):
        self.process = start_gunicorn(self.env, self.port, self.log, workers=3, threads=32)

    def kill_a_worker(self):
        workers = children(self.process.pid)
        if workers:
            os.kill(random.choice(workers), signal.SIGKILL)
            self.kills += 1

    def kill_everything(self):
        workers = children(self.process.pid)
        self.process.kill()  # the master first, so it cannot start new workers
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        deadline = time.monotonic() + 10
        while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)


def post_until_acknowledged(phone, text, key, stop_by, retries):
    """Retry like a phone: after a dropped connection or a server error, send the same key again."""
    while time.monotonic() < stop_by:
        try:
            status, body = phone.post(text, key)
        except (OSError, HTTPException, urllib.error.URLError):
            retries.append(key)
            time.sleep(0.2)
            continue
        if status in (200, 201):
            return body["idea"]["id"]
        assert status >= 500, (status, body)  # a refusal would be a bug here
        retries.append(key)
        time.sleep(0.2)
    return None


def test_acknowledged_ideas_survive_killed_workers_and_a_killed_server(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("IDEA_RATE_LIMIT = 100000\nLIVE_HEARTBEAT = 2\n")
    env = server_env(instance)
    workshop = migrate_and_create_workshop(env)
    log = open(tmp_path / "server.log", "w+")
    server = Server(env, log)
    server.start()
    wall = EventStream(server.base, workshop["code"], view="wall", key=workshop["wall_key"])
    wall.start()
    assert wall.connected.wait(15)
    phones = [Phone(server.base, workshop["code"]) for _ in range(PHONES)]
    acknowledged, lock, retries = {}, threading.Lock(), []  # key -> (idea id, text)
    stop_posting = threading.Event()
    give_up = time.monotonic() + 300  # generous: only a post that is never acknowledged fails

    def post_ideas(number, phone):
        count = 0
        while not stop_posting.is_set():
            key = f"fault-{number}-{count:05d}"
            text = f"Telefon {number}, Idee {count}: Glasfaser für Dellstedt"
            idea_id = post_until_acknowledged(phone, text, key, give_up, retries)
            assert idea_id is not None, f"{key} was never acknowledged"
            with lock:
                acknowledged[key] = (idea_id, text)
            count += 1

    def wait_for_more_acknowledgements():
        wanted = len(acknowledged) + ACKNOWLEDGED_BETWEEN_KILLS
        deadline = time.monotonic() + 120
        while len(acknowledged) < wanted:
            assert time.monotonic() < deadline, f"posting stalled at {len(acknowledged)} acknowledged ideas"
            assert any(poster.is_alive() for poster in posters), "every phone gave up"
            time.sleep(0.05)

    posters = [threading.Thread(target=post_ideas, args=(n, phone)) for n, phone in enumerate(phones)]
    for poster in posters:
        poster.start()
    try:
        for kill in KILLS:
            wait_for_more_acknowledgements()
            if kill == "server":
                server.kill_everything()
                time.sleep(0.5)  # the server stays down a moment: posts in between fail and are retried
                server.start()
            else:
                server.kill_a_worker()
        wait_for_more_acknowledgements()
        stop_posting.set()
        for poster in posters:
            poster.join(300)
            assert not poster.is_alive(), "a phone never got its idea acknowledged"
        deadline = time.monotonic() + 60
        wanted = {idea_id for idea_id, _ in acknowledged.values()}
        while time.monotonic() < deadline and not wanted <= set(wall.arrived):
            time.sleep(0.2)
    finally:
        stop_posting.set()
        wall.stop()
        stop_gunicorn(server.process)
        log.close()

    assert server.kills == KILLS.count("worker")
    assert len(acknowledged) >= (len(KILLS) + 1) * ACKNOWLEDGED_BETWEEN_KILLS
    assert retries  # the kills did cut posts off
    database = sqlite3.connect(instance / "participation.sqlite")
    try:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {key: (idea_id, text) for idea_id, key, text in database.execute(
            "SELECT id, idempotency_key, text FROM idea WHERE idempotency_key LIKE 'fault-%'")}
        texts = [text for (text,) in database.execute("SELECT text FROM idea WHERE idempotency_key LIKE 'fault-%'")]
    finally:
        database.close()
    assert {key: stored.get(key) for key in acknowledged} == acknowledged  # every acknowledged idea, as answered
    assert len(texts) == len(set(texts))  # nothing stored twice
    assert set(stored) == set(acknowledged)  # a post stored before its answer was lost got acknowledged on retry
    assert wanted <= set(wall.arrived), f"the wall missed {len(wanted - set(wall.arrived))} ideas"
    assert wall.connections >= 2  # it reconnected by itself after the server was killed
    assert wall.seqs == list(range(wall.seqs[0], wall.seqs[0] + len(wall.seqs)))  # each event once, in order

