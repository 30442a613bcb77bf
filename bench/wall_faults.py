"""Wall latency where the tests only check that ideas arrive: across two servers, and
through a Redis outage.

The tests (tests/scaleout, tests/faults) must pass on a busy machine, so they wait for
conditions with generous deadlines and judge no time. The timing is judged here, each
number against a baseline measured in the same run, on the same machine:

* ``two-servers``: two gunicorns on one PostgreSQL schema and one Redis database. Ideas
  are posted to server A; walls listen on A (the baseline) and on B. Prints p50/p95 from
  a post's answer to its event on a wall, and the ratio B/A. Before, the test asked for
  p95 < 1 s on B.
* ``redis-outage``: one gunicorn with a redis-server of its own, stopped in the middle and
  started again. Prints the post answer p95 and the wall p50/p95 before, during and after
  the outage, each phase against "before". Before, the test asked for posts under 2 s
  and walls under 5 s while Redis was down, and under 2 s after it was back.

    .venv/bin/python bench/wall_faults.py
    .venv/bin/python bench/wall_faults.py --cases redis-outage --rate 5 --seconds 10
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import POSTGRES_URL  # noqa: E402
from servers import (  # noqa: E402
    EventStream,
    Phone,
    RedisServer,
    free_port,
    gunicorn,
    migrate_and_create_workshop,
    postgres_schema,
    server_env,
)

REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own: it is flushed


def holds_within(condition, seconds):
    """Whether ``condition()`` holds within ``seconds`` (a bench reports; it does not fail)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def open_walls(base, workshop, count):
    walls = [EventStream(base, workshop["code"], view="wall", key=workshop["wall_key"]) for _ in range(count)]
    for wall in walls:
        wall.start()
    for wall in walls:
        if not wall.connected.wait(60):
            raise SystemExit("a wall's stream did not say hello")
    return walls


def post_at_rate(phones, count, rate, label):
    """Post ``count`` ideas at ``rate`` a second; returns ({idea id: time of its answer}, answer seconds)."""
    acknowledged, answers = {}, []
    began = time.monotonic()
    for number in range(count):
        time.sleep(max(0.0, began + number / rate - time.monotonic()))
        sent = time.monotonic()
        status, body = phones[number % len(phones)].post(
            f"{label} {number}: Dorfladen in Tellingstedt", f"{label}-{number:05d}", question=number)
        answers.append(time.monotonic() - sent)
        if status == 201:
            acknowledged[body["idea"]["id"]] = time.time()  # EventStream records time.time() too
    return acknowledged, answers


def latencies(walls, acknowledged, settle):
    """Seconds from each post's answer to its event on each wall, and how many never came."""
    holds_within(lambda: all(set(acknowledged) <= set(wall.arrived) for wall in walls), settle)
    seconds = [max(0.0, wall.arrived[idea] - answered)
               for wall in walls for idea, answered in acknowledged.items() if idea in wall.arrived]
    return seconds, len(walls) * len(acknowledged) - len(seconds)


def p(values, percent):
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def two_servers(args, tmp):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    try:
        with postgres_schema(args.postgres_url, "bench") as database_url:
            envs = []
            for name in ("a", "b"):
                instance = Path(tmp) / f"server-{name}"
                instance.mkdir()
                envs.append(server_env(instance, DATABASE_URL=database_url, REDIS_URL=REDIS_URL))
            workshop = migrate_and_create_workshop(envs[0])
            with gunicorn(envs[0], workers=args.workers, threads=args.threads) as a, \
                    gunicorn(envs[1], workers=args.workers, threads=args.threads) as b:
                same, other = open_walls(a, workshop, args.walls), open_walls(b, workshop, args.walls)
                phones = [Phone(a, workshop["code"]) for _ in range(args.phones)]
                count = int(args.rate * args.seconds)
                acknowledged, answers = post_at_rate(phones, count, args.rate, "scaleout")
                rows = {"same server (A)": latencies(same, acknowledged, args.settle),
                        "other server (B)": latencies(other, acknowledged, args.settle)}
                for wall in same + other:
                    wall.stop()
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()
    print(f"\nAcross two servers: {len(acknowledged)} posts to A, "
          f"post answer p95 {p(answers, 95) * 1000:.0f} ms")
    report(rows, "same server (A)")


def redis_outage(args, tmp):
    server = RedisServer(free_port())
    server.start()
    env = server_env(Path(tmp) / "outage", REDIS_URL=f"redis://127.0.0.1:{server.port}/0")
    rows, answers = {}, {}
    try:
        workshop = migrate_and_create_workshop(env)
        with gunicorn(env, workers=args.workers, threads=args.threads) as base:
            walls = open_walls(base, workshop, args.walls)
            phones = [Phone(base, workshop["code"]) for _ in range(args.phones)]
            for phase in ("before", "during", "after"):
                if phase == "during":
                    server.stop()
                elif phase == "after":
                    server.start()
                if phase != "during" and not holds_within(lambda: server.subscribers() >= 1, 60):
                    raise SystemExit("no feeder subscribed to Redis")
                acknowledged, answers[phase] = post_at_rate(
                    phones, int(args.rate * args.seconds), args.rate, f"outage-{phase}")
                rows[phase] = latencies(walls, acknowledged, args.settle)
            for wall in walls:
                wall.stop()
    finally:
        server.stop()
    print("\nThrough a Redis outage: post answers")
    for phase, seconds in answers.items():
        print(f"  {phase:<8} p95 {p(seconds, 95) * 1000:6.0f} ms   ratio to before "
              f"{p(seconds, 95) / p(answers['before'], 95):5.2f}")
    report(rows, "before")


def report(rows, baseline):
    header = f"  {'walls':<18}{'events':>8}{'missed':>8}{'p50 ms':>8}{'p95 ms':>8}{'p95 ratio':>11}"
    print(header)
    base = p(rows[baseline][0], 95)
    for name, (seconds, missed) in rows.items():
        p50, p95 = p(seconds, 50), p(seconds, 95)
        print(f"  {name:<18}{len(seconds):>8}{missed:>8}{p50 * 1000:>8.0f}{p95 * 1000:>8.0f}{p95 / base:>11.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="two-servers,redis-outage")
    parser.add_argument("--walls", type=int, default=3, help="walls per server")
    parser.add_argument("--phones", type=int, default=12, help="posting participants (12 ideas a minute each)")
    parser.add_argument("--rate", type=float, default=5.0, help="ideas per second")
    parser.add_argument("--seconds", type=float, default=8.0, help="of posting (per phase)")
    parser.add_argument("--settle", type=float, default=30.0, help="at most, for the last events")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args()
    cases = {"two-servers": two_servers, "redis-outage": redis_outage}
    print(f"{args.workers} gunicorn workers x {args.threads} threads, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases.split(","):
            cases[case](args, tmp)


if __name__ == "__main__":
    main()
