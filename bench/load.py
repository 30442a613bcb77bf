"""The hall under load: N phones join, stream, post and vote; walls watch; a baseline compares.

For each setup it starts the servers itself on a fresh database:
- ``sqlite``: one gunicorn (the one-box default);
- ``postgres``: PostgreSQL + Redis behind two gunicorn instances on different ports,
  the clients sending requests to them round-robin as a load balancer would.

Then, driven by locust (headless, in a process of its own, bench/locustfile.py):

1. The hall. N attendees (default 500) join within 60 s (join page, nickname form, ideas
   page), each keeps the phone's live stream open and posts 3 ideas and gives 3 dots at
   random moments over the 10 minutes after it joined; 3 walls (threads of this script)
   follow the wall stream. ``--compress F`` divides every duration by F (``--join-seconds``
   keeps the joins at their real pace). Ideas are posted with the phone
   page's form (POST, then the redirect's page, as phones do), dots with the phone's
   fetch. Wall latency: from the phone holding the post's answer to the idea arriving on
   each wall's stream, for every (wall, idea) pair.
2. Throughput against a baseline, in ``--rounds`` alternating rounds (baseline, app,
   baseline, app, ...; the round with the median ratio is reported, so a moment of other
   load on the machine does not decide it). The same number of idea POSTs (``--saturation-requests``)
   from the same number of closed-loop clients (``--saturation-clients``), each sending
   its next POST as soon as it has the answer, first against a bare Flask +
   Flask-SQLAlchemy app inserting one row per POST (bench/baseline_app.py: same
   gunicorn.conf.py, workers, threads, database kind and durability settings, same
   number of instances), then against the app's JSON API. At a fixed offered rate both
   would simply keep up, so the comparison saturates both the same way and divides the
   POSTs per second. Each attendee may post 12 ideas a minute, so the bench's instance
   config raises IDEA_RATE_LIMIT; every POST still counts against it.

Server CPU and memory are summed over each gunicorn master and its workers from /proc.

    .venv/bin/python bench/load.py                                # 500 phones, 10 minutes
    .venv/bin/python bench/load.py --compress 10 --json load.json # the same in one minute
    .venv/bin/python bench/load.py --attendees 50 --compress 20 --setups sqlite
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import BIN, flask, free_port, server_env, start_gunicorn, stop_gunicorn  # noqa: E402
from wall import _process_tree, cpu_seconds, percentile, rss_megabytes  # noqa: E402

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/5"
REQUEST_TYPES = ["join: page", "join: submit", "ideas page", "post idea", "vote", "SSE connect",
                 "SSE connect (refused, polls)", "poll (fallback)"]
WORKSHOPS = """
import json
from participation import create_app
from participation.auth.services import create_moderator
from participation.workshops.services import create_workshop
from participation.workshops.wall_keys import ensure_wall_token
app = create_app()
with app.app_context():
    owner = create_moderator("bench", "bench-password-0123456789")
    hall = create_workshop(owner, "dithmarschen", title="Lasttest Saal")
    posting = create_workshop(owner, "dithmarschen", title="Lasttest Durchsatz")
    print(json.dumps({"hall": hall.code, "wall_key": ensure_wall_token(hall), "saturation": posting.code}))
"""


# --- measuring the servers ----------------------------------------------------------------


class Usage(threading.Thread):
    """CPU seconds and peak resident memory of process trees, sampled while it runs."""

    def __init__(self, roots, interval=0.5):
        super().__init__(daemon=True)
        self.roots, self.interval = roots, interval
        self.stopping = threading.Event()
        self.peak_rss = 0.0
        self.cpu = {}  # pid -> last seen CPU seconds (a worker's CPU stays counted when it exits)

    def sample(self):
        pids = [pid for root in self.roots for pid in _process_tree(root)]
        for pid in pids:
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds([pid]))
        self.peak_rss = max(self.peak_rss, rss_megabytes(pids))

    def run(self):
        self.sample()
        self.base, self.started = sum(self.cpu.values()), time.monotonic()
        while not self.stopping.wait(self.interval):
            self.sample()

    def stop(self):
        self.stopping.set()
        self.join()
        self.sample()
        elapsed = time.monotonic() - self.started
        return {"cpu_cores": (sum(self.cpu.values()) - self.base) / elapsed, "peak_rss_mb": self.peak_rss}


def load_average():
    return float(Path("/proc/loadavg").read_text().split()[0])


# --- walls ------------------------------------------------------------------------------------


class Wall(threading.Thread):
    """A wall's stream (view=wall, the secret key): when each idea arrived; reconnects by itself."""

    def __init__(self, base, code, key, after):
        super().__init__(daemon=True)
        self.host, self.port = base.split("//")[1].split(":")
        self.code, self.key, self.after = code, key, after
        self.seen, self.reconnects, self.stopping = {}, 0, False

    def run(self):
        while not self.stopping:
            try:
                self.follow()
            except OSError:
                pass
            if not self.stopping:
                self.reconnects += 1
                time.sleep(0.5)

    def follow(self):
        with socket.create_connection((self.host, int(self.port)), timeout=60) as sock:
            sock.sendall(f"GET /w/{self.code}/events?view=wall&key={self.key}&after={self.after} HTTP/1.0\r\n"
                         f"Host: wall\r\n\r\n".encode())
            stream = sock.makefile("rb")
            data = None
            for raw in stream:
                if self.stopping:
                    return
                line = raw.decode().rstrip("\r\n")
                if line.startswith("id: "):
                    self.after = int(line[4:])
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and data is not None:
                    message = json.loads(data)
                    if message.get("kind") == "idea":
                        self.seen.setdefault(message["idea"]["id"], time.time())
                    data = None


# --- servers and locust ---------------------------------------------------------------------


def prepare(name, tmp, args):
    """A fresh database for the app and one for the baseline; returns their environments."""
    instance = tmp / name
    instance.mkdir()
    # Closed-loop posting sends far more than 12 ideas a minute per attendee (see above).
    settings = "IDEA_RATE_LIMIT = 1_000_000\n"
    if args.compress > 1:
        # A compressed hall joins and posts its first ideas F times faster than people do:
        # the limits for new participants (limits/admission.py) scale with it. At the real
        # pace (--compress 1) the defaults hold the hall untouched.
        settings += (f"PARTICIPANT_REFILL_PER_SECOND = {10 * args.compress:g}\n"
                     f"PARTICIPANT_HOLD_AFTER = {30 * args.compress}\nPARTICIPANT_BURST = {60 * args.compress}\n"
                     f"INSTANT_POST_SECONDS = {10 / args.compress:g}\n"
                     f"NEW_PARTICIPANT_SECONDS = {20 / args.compress:g}\n")
    (instance / "config.py").write_text(settings)
    if name == "sqlite":
        app_url, baseline_url, schemas = None, f"sqlite:///{tmp / 'baseline.sqlite'}", []
    else:
        schemas = [f"bench_{uuid.uuid4().hex[:8]}", f"bench_{uuid.uuid4().hex[:8]}"]
        for schema in schemas:
            subprocess.run(["psql", "-q", args.postgres_url, "-c", f'CREATE SCHEMA "{schema}"'], check=True)
        app_url, baseline_url = (f"{args.postgres_url}?options=-csearch_path%3D{schema}" for schema in schemas)
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    env = server_env(instance, DATABASE_URL=app_url, REDIS_URL=args.redis_url if name != "sqlite" else None)
    flask(env, "db", "upgrade")
    made = subprocess.run([str(BIN / "python"), "-c", WORKSHOPS], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    workshops = json.loads(made.stdout.strip().splitlines()[-1])
    baseline_env = {**env, "BASELINE_DATABASE_URL": baseline_url}
    subprocess.run([str(BIN / "python"), "-c", "import bench.baseline_app"], cwd=ROOT, env=baseline_env, check=True)
    return env, baseline_env, workshops, schemas


USER_AGENT = "Mozilla/5.0 (Linux; Android 14) participation-load-bench"
CLIENT_ADDRESS = "127.0.0.1"


def privacy_scan(name, tmp, args, out, schemas):
    """Where the phones' user agent or address turns up after the hall: {place: hits}.

    The database file with its WAL (SQLite) or a dump of the app's schema (PostgreSQL),
    the server logs, and every key and value in the Redis database.
    """
    needles = [USER_AGENT.encode(), b"participation-load-bench", CLIENT_ADDRESS.encode()]
    places = {}
    if name == "sqlite":
        database = tmp / name / "participation.sqlite"
        assert database.exists(), database  # scanning nothing would find nothing
        places["database file + WAL"] = b"".join(
            path.read_bytes() for path in (database, Path(f"{database}-wal")) if path.exists())
    else:
        places["database dump"] = subprocess.run(
            ["pg_dump", "--no-owner", "--schema", schemas[0], args.postgres_url], capture_output=True, check=True,
        ).stdout
        import redis

        client = redis.Redis.from_url(args.redis_url)
        chunks = []
        for key in client.scan_iter(count=1000):
            chunks += [key, client.dump(key) or b""]
        places["Redis keys and values"] = b"\n".join(chunks)
    places["server logs"] = b"".join(path.read_bytes() for path in sorted(out.glob("server-*.log")))
    assert b"route=/j/<code>/ideas" in places["server logs"], "the scan needs the request log lines"
    return {place: sum(data.count(needle) for needle in needles) for place, data in places.items()}


def drop_schemas(args, schemas):
    for schema in schemas:
        subprocess.run(["psql", "-q", args.postgres_url, "-c", f'DROP SCHEMA "{schema}" CASCADE'], check=False)


def run_locust(user_class, config, users, spawn_rate, run_time, out, label):
    """Run locust headless; returns (stats rows by name, the locustfile's results, client usage)."""
    config = {**config, "out": str(out / f"{label}.json")}
    command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-u", str(users), "-r", f"{spawn_rate:.3f}", "--run-time", f"{int(run_time)}s",
               "--csv", str(out / label), "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING",
               user_class]
    with open(out / f"{label}.log", "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "BENCH_LOAD": json.dumps(config)})
        usage = Usage([process.pid])
        usage.start()
        process.wait(timeout=run_time + 120)
        client = usage.stop()
    with open(out / f"{label}_stats.csv") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    return stats, json.loads((out / f"{label}.json").read_text()), client


def request_row(row, seconds):
    count = int(row["Request Count"])
    return {"count": count, "failures": int(row["Failure Count"]), "per_second": count / seconds,
            "p50": float(row["50%"] or 0), "p95": float(row["95%"] or 0), "p99": float(row["99%"] or 0)}


def hall(bases, workshops, args, out, label, server_roots):
    seq_after = 0
    walls = [Wall(bases[number % len(bases)], workshops["hall"], workshops["wall_key"], seq_after)
             for number in range(args.walls)]
    for wall in walls:
        wall.start()
    time.sleep(1)
    config = {"targets": bases, "code": workshops["hall"], "user_agent": USER_AGENT, "ideas": 3, "votes": 3,
              "activity_seconds": args.activity_seconds}
    usage = Usage(server_roots)
    usage.start()
    run_time = 3 + args.join_seconds + args.activity_seconds + args.settle
    stats, results, client = run_locust("Attendee", config, args.attendees, args.attendees / args.join_seconds,
                                        run_time, out, label)
    server = usage.stop()
    time.sleep(0.5)
    for wall in walls:
        wall.stopping = True
    acks = {int(idea_id): at for idea_id, at in results["acks"].items()}
    latencies, missed = [], 0
    for wall in walls:
        for idea_id, acked in acks.items():
            if idea_id in wall.seen:
                latencies.append(max(0.0, wall.seen[idea_id] - acked))
            else:
                missed += 1
    requests = {name: request_row(stats[name], run_time) for name in REQUEST_TYPES if name in stats}
    phones = results["phones"]
    unfinished = args.attendees - phones["plans_done"]  # phones still busy when the run ended
    errors = (sum(row["failures"] for row in requests.values()) + len(phones["errors"])
              + phones["dropped"] + unfinished + missed)
    aggregated = stats.get("Aggregated")
    return {
        "attendees": args.attendees, "walls": args.walls, "ideas_acknowledged": len(acks),
        "requests": requests, "throughput": int(aggregated["Request Count"]) / run_time if aggregated else 0,
        "wall_latency": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
                         "p99": percentile(latencies, 99), "deliveries": len(latencies), "missed": missed,
                         "reconnects": sum(wall.reconnects for wall in walls)},
        "errors": errors, "unfinished_phones": unfinished, "phones": phones, "server": server, "client": client,
    }


def saturate(user_class, bases, code, args, out, label):
    config = {"targets": bases, "code": code, "requests": args.saturation_requests, "label": label}
    clients = args.saturation_clients
    stats, results, _ = run_locust(user_class, config, clients, clients, 600, out, label)
    timing = results["saturation"]
    seconds = timing["last"] - timing["first"]
    name = "POST (app)" if user_class == "AppPoster" else "POST (baseline)"
    return {"posts": timing["done"], "seconds": seconds, "per_second": timing["done"] / seconds,
            **{key: value for key, value in request_row(stats[name], seconds).items() if key != "per_second"}}


def run_setup(name, tmp, args):
    out = Path(args.out) / name
    out.mkdir(parents=True, exist_ok=True)
    env, baseline_env, workshops, schemas = prepare(name, tmp, args)
    instances = 1 if name == "sqlite" else 2
    logs, servers, baselines = [], [], []
    try:
        for number in range(instances):
            logs.append(open(out / f"server-{number}.log", "w"))
            servers.append(start_gunicorn(env, free_port(), logs[-1], args.workers, args.threads))
            logs.append(open(out / f"baseline-{number}.log", "w"))
            baselines.append(start_gunicorn(baseline_env, free_port(), logs[-1], args.workers, args.threads,
                                            app="bench.baseline_app:app"))
        bases = [server.base for server in servers]
        print(f"[{name}] hall: {args.attendees} attendees, {args.walls} walls, join {args.join_seconds:.0f} s, "
              f"activity {args.activity_seconds:.0f} s, load {load_average():.2f}", file=sys.stderr)
        load_before = load_average()
        result = {"setup": name, "instances": instances, "load_before": load_before}
        if "hall" in args.parts:
            result["hall"] = hall(bases, workshops, args, out, "hall", [server.pid for server in servers])
            for log in logs:
                log.flush()
            result["privacy"] = privacy_scan(name, tmp, args, out, schemas)
        if "throughput" in args.parts:
            print(f"[{name}] throughput: {args.saturation_requests} POSTs from {args.saturation_clients} clients, "
                  f"load {load_average():.2f}", file=sys.stderr)
            rounds = []
            for number in range(1, args.rounds + 1):  # alternating, so both see the machine alike
                baseline = saturate("BaselinePoster", [b.base for b in baselines], None, args, out, f"baseline-{number}")
                ours = saturate("AppPoster", bases, workshops["saturation"], args, out, f"app-{number}")
                rounds.append({"baseline": baseline, "app": ours, "ratio": ours["per_second"] / baseline["per_second"]})
            result["rounds"] = rounds
            middle = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]  # the median round
            result.update(baseline=middle["baseline"], app=middle["app"], ratio=middle["ratio"])
        result["load_after"] = load_average()
        return result
    finally:
        for process in servers + baselines:
            stop_gunicorn(process)
        for log in logs:
            log.close()
        drop_schemas(args, schemas)


# --- report -------------------------------------------------------------------------------------


def print_report(results, args):
    print()
    print(f"Hall: {args.attendees} phones + {args.walls} walls streaming, 3 ideas and 3 dots each within "
          f"{args.activity_seconds:.0f} s of joining (compress {args.compress:g}), joins within {args.join_seconds:.0f} s; "
          f"{os.cpu_count()} cores, load generator on the same machine")
    for r in results:
        title = f"{r['setup']} ({r['instances']} gunicorn instance{'s' if r['instances'] > 1 else ''}, " \
                f"{args.workers} workers x {args.threads} threads each)"
        print(f"\n{title}; load average {r['load_before']:.2f} before, {r['load_after']:.2f} after")
        if "hall" in r:
            print_hall(r["hall"])
            found = ", ".join(f"{place} {hits}" for place, hits in r["privacy"].items())
            print(f"phones' user agent or address found after the hall: {found}")
        if "ratio" in r:
            for number, one in enumerate(r["rounds"], 1):
                print(f"  throughput round {number}: app {one['app']['per_second']:.0f}/s, "
                      f"baseline {one['baseline']['per_second']:.0f}/s, ratio {one['ratio']:.2f}")
            a, b = r["app"], r["baseline"]
            print(f"idea POST throughput, {args.saturation_requests} POSTs from {args.saturation_clients} closed-loop "
                  f"clients: app {a['per_second']:.0f}/s (p95 {a['p95']:.0f} ms), baseline {b['per_second']:.0f}/s "
                  f"(p95 {b['p95']:.0f} ms): ratio {r['ratio']:.2f} (median of {len(r['rounds'])} rounds)")


def print_hall(h):
    header = f"{'request':<30}{'count':>7}{'fails':>6}{'per s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for name, row in h["requests"].items():
        print(f"{name:<30}{row['count']:>7}{row['failures']:>6}{row['per_second']:>7.1f}"
              f"{row['p50']:>8.0f}{row['p95']:>8.0f}{row['p99']:>8.0f}")
    w = h["wall_latency"]
    print(f"{'wall latency (post -> wall)':<30}{w['deliveries']:>7}{w['missed']:>6}{'':>7}"
          f"{w['p50'] * 1000:>8.0f}{w['p95'] * 1000:>8.0f}{w['p99'] * 1000:>8.0f}")
    phones = h["phones"]
    print(f"throughput {h['throughput']:.1f} requests/s; ideas acknowledged {h['ideas_acknowledged']}; "
          f"errors {h['errors']} (phones unfinished {h['unfinished_phones']}); streams refused (phones polled) {phones['refused']}, dropped {phones['dropped']}; "
          f"wall reconnects {w['reconnects']}")
    print(f"server CPU {h['server']['cpu_cores']:.2f} cores, peak RSS {h['server']['peak_rss_mb']:.0f} MB "
          f"(master + workers); load generator CPU {h['client']['cpu_cores']:.2f} cores")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attendees", type=int, default=500)
    parser.add_argument("--walls", type=int, default=3)
    parser.add_argument("--compress", type=float, default=1.0, help="divide every duration by this")
    parser.add_argument("--join-seconds", type=float, help="default 60 / compress")
    parser.add_argument("--activity-seconds", type=float, help="default 600 / compress")
    parser.add_argument("--settle", type=float, default=10.0, help="seconds after the last planned action")
    parser.add_argument("--setups", default="sqlite,postgres")
    parser.add_argument("--parts", default="hall,throughput", help="hall, throughput or both")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=250)
    parser.add_argument("--saturation-requests", type=int, default=4000, help="POSTs per round and app")
    parser.add_argument("--rounds", type=int, default=3, help="alternating baseline/app rounds; the median counts")
    parser.add_argument("--saturation-clients", type=int, default=20)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--redis-url", default=REDIS_URL, help="a database of its own: it is flushed")
    parser.add_argument("--out", default=str(ROOT / "instance" / "bench-load"), help="logs and CSV files")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    args.join_seconds = args.join_seconds or 60 / args.compress
    args.activity_seconds = args.activity_seconds or 600 / args.compress

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.setups.split(","):
            results.append(run_setup(name, Path(tmp), args))
            print_report(results[-1:], args)  # each setup's table as soon as it is done
            if args.json:
                Path(args.json).write_text(json.dumps({"args": vars(args), "results": results}, indent=2))


if __name__ == "__main__":
    main()
