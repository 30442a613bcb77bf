"""Two app servers (gunicorn instances on different ports) sharing PostgreSQL and Redis.

An idea posted to one reaches walls connected to the other, and each participant's idea
limit and dot budget are counted once across both, even when the requests arrive at both
servers at the same moment. How fast ideas cross from one server to the other is measured
by ``bench/wall_faults.py --cases two-servers``, not here.
"""

import threading
import time

import pytest
import redis

from helpers import BACKENDS, POSTGRES_URL, redis_test_url
from servers import EventStream, Phone, gunicorn, migrate_and_create_workshop, postgres_schema, server_env

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif("postgresql" not in BACKENDS, reason="needs PostgreSQL (TEST_DATABASES)"),
]

REDIS_URL = redis_test_url(11)
IDEA_LIMIT = 10


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two servers on one PostgreSQL schema and one Redis database; yields (a, b, workshop)."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    try:
        with postgres_schema(POSTGRES_URL, "scaleout") as database_url:
            envs = []
            for name in ("a", "b"):
                instance = tmp_path_factory.mktemp(f"server-{name}")
                # A long window: the limit test must not straddle two windows.
                (instance / "config.py").write_text(f"IDEA_RATE_LIMIT = {IDEA_LIMIT}\nRATE_LIMIT_WINDOW = 3600\n")
                envs.append(server_env(instance, DATABASE_URL=database_url, REDIS_URL=REDIS_URL))
            workshop = migrate_and_create_workshop(envs[0])
            with gunicorn(envs[0], workers=2, threads=16) as a, gunicorn(envs[1], workers=2, threads=16) as b:
                yield a, b, workshop
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()


def test_ideas_posted_to_one_server_reach_walls_on_both(servers):
    a, b, workshop = servers
    walls = [EventStream(base, workshop["code"], view="wall", key=workshop["wall_key"]) for base in (b, b, a)]
    for wall in walls:
        wall.start()
    for wall in walls:
        assert wall.connected.wait(15), "a wall's stream did not say hello"
    phones = [Phone(a, workshop["code"]) for _ in range(3)]
    acknowledged = set()
    for number in range(30):
        status, body = phones[number % 3].post(f"Scale-out Idee {number}: Dorfladen in Tellingstedt", f"scale-{number:04d}")
        assert status == 201, body
        acknowledged.add(body["idea"]["id"])
    deadline = time.monotonic() + 60  # generous: only a lost idea fails, however busy the machine
    while time.monotonic() < deadline and not all(acknowledged <= set(wall.arrived) for wall in walls):
        time.sleep(0.1)
    for wall in walls:
        wall.stop()
    for wall in walls:
        assert acknowledged <= set(wall.arrived), f"{len(acknowledged - set(wall.arrived))} ideas missed a wall"
        assert sorted(set(wall.seqs)) == wall.seqs  # each event once, in order


def test_the_idea_limit_counts_posts_on_both_servers(servers):
    a, b, workshop = servers
    phone = Phone([a, b], workshop["code"])  # one cookie, requests alternate between the servers
    statuses = [phone.post(f"Limit-Idee {n}: Radweg nach Lunden", f"limit-{n:04d}")[0] for n in range(IDEA_LIMIT + 2)]
    assert statuses == [201] * IDEA_LIMIT + [422, 422]
    for base in (a, b):
        status, body = phone.post("Noch eine Idee", f"limit-more-{base[-5:]}", base=base)
        assert status == 422 and "Sekunden" in body["message"]


def test_a_participants_dots_hold_across_servers_even_at_the_same_moment(servers):
    a, b, workshop = servers
    author = Phone(a, workshop["code"])
    ideas = [author.post(f"Punkte-Idee {n}: Bürgerbus am Sonntag", f"dots-{n:04d}")[1]["idea"]["id"] for n in range(6)]
    for round_number in range(3):
        voter = Phone([a, b], workshop["code"])
        assert voter.join(f"Wählerin {round_number}") == 200
        results, start = [], threading.Barrier(len(ideas))

        def vote(idea_id, base):
            start.wait()
            results.append(voter.vote(idea_id, base=base))

        threads = [threading.Thread(target=vote, args=(idea_id, (a, b)[n % 2])) for n, idea_id in enumerate(ideas)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(15)
        given = [body for status, body in results if status == 200]
        refused = [body for status, body in results if status == 409]
        assert len(given) == 3 and len(refused) == 3, (round_number, results)
        assert max(body["dots_used"] for body in given) == 3
        # Afterwards, on either server, the budget is spent.
        assert voter.vote(ideas[0], base=b)[0] in (200, 409)
        assert voter.request("GET", f"/api/workshops/{workshop['code']}/ideas", base=a)[0] == 200
