"""Redis stopped in the middle of an event: posting goes on and walls keep getting ideas.

The test runs a redis-server of its own (never the shared one), serves the app with
REDIS_URL pointing at it, and stops it while a wall is watching. Posts must still be
answered (rate limits fall back to the database), the wall's stream must keep delivering
(the hub polls the event log while Redis is away), the polling endpoint must serve the
same events, and once Redis is back the feeders subscribe again and everything carries
on. Waits are for conditions with generous deadlines; how fast posts and walls are with
and without Redis is measured by ``bench/wall_faults.py --cases redis-outage``.
"""

import shutil

import pytest

from helpers import wait_until
from servers import (EventStream, Phone, RedisServer, free_port, gunicorn, migrate_and_create_workshop,
                     server_env)

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def post(phone, texts, start):
    """Post each text (a post that never gets an answer fails); returns the idea ids."""
    acknowledged = set()
    for number, text in enumerate(texts, start=start):
        status, body = phone.post(text, f"outage-{number:04d}", question=number)
        assert status == 201, body
        acknowledged.add(body["idea"]["id"])
    return acknowledged


def wait_for(wall, ideas):
    wait_until(lambda: ideas <= set(wall.arrived), f"the wall missed {len(ideas - set(wall.arrived))} ideas")


def test_posting_and_walls_carry_on_while_redis_is_down(tmp_path):
    redis_server = RedisServer(free_port())
    redis_server.start()
    env = server_env(tmp_path / "instance", REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0")
    workshop = migrate_and_create_workshop(env)
    try:
        with gunicorn(env, workers=2, threads=16) as base:
            walls = [EventStream(base, workshop["code"], view="wall", key=workshop["wall_key"]) for _ in range(2)]
            for wall in walls:
                wall.start()
                assert wall.connected.wait(15)
            phones = [Phone(base, workshop["code"]) for _ in range(2)]

            wait_until(lambda: redis_server.subscribers() >= 1, "no feeder subscribed to Redis")
            before = post(phones[0], [f"Vorher {n}: Carsharing in Hennstedt" for n in range(4)], 0)
            for wall in walls:
                wait_for(wall, before)

            redis_server.stop()
            during = post(phones[1], [f"Ohne Redis {n}: Bücherschrank in Weddingstedt" for n in range(8)], 100)
            for wall in walls:
                wait_for(wall, during)
            status, polled = phones[0].request("GET", f"/w/{workshop['code']}/events.json?view=phone&after=0")
            assert status == 200
            assert set(during) <= {event["idea"]["id"] for event in polled["events"] if event["kind"] == "idea"}

            redis_server.start()
            wait_until(lambda: redis_server.subscribers() >= 1, "no feeder subscribed to Redis again")
            after = post(phones[0], [f"Nachher {n}: Mitfahrbank in Nordhastedt" for n in range(4)], 200)
            for wall in walls:
                wait_for(wall, after)
                wall.stop()
                assert wall.connections == 1  # the stream itself never broke
    finally:
        redis_server.stop()
