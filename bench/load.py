"""Many workshops at once under load: phones join, stream, post and vote; walls watch.

For each setup it starts the servers itself on a fresh database:
- ``sqlite``: one gunicorn (the one-box default);
- ``postgres``: PostgreSQL + Redis behind two gunicorn instances on different ports,
  the clients sending requests to them round-robin as a load balancer would.
How a server runs (workers, threads, worker class, extra environment) is set in one place,
``SERVER`` below (or ``--workers``, ``--threads``, ``--worker-class``, ``--server-env``).

Parts (``--parts``, default ``hall,throughput,cost``):

1. ``hall``: ``--attendees`` phones in all (default 2,000), spread evenly over ``--workshops``
   workshops (default 8; ``--workshops 1`` is the single hall of earlier versions), join
   within ``--join-seconds`` (join page, nickname form, ideas page), each keeps the phone's
   live stream open and posts 3 ideas and gives 3 dots at random moments over the
   ``--activity-seconds`` after it joined (10 minutes; a dot no sooner than the 20 seconds
   in which the server counts a device as new: people read first), as phone.js does (an
   idea as JSON to the API, then "Meine Ideen" read again; ``--form-posts``: the plain form
   and the whole page after it, as without JavaScript); ``--walls`` walls per workshop follow
   the wall stream. ``--compress F`` divides every duration by F. Requests come from locust
   (headless, a process of its own, bench/locustfile.py); every stream (phones' and walls')
   lives in bench/stream_clients.py, one asyncio process that reconnects like a browser
   (Last-Event-ID, the ``retry:`` delay; a refusal or a missing hello sends the phone to
   polling with backoff, counted as "pushed to polling"). ``--streams-in-locust`` keeps the
   phones' streams in locust greenlets instead (the old way: it costs the client far more
   CPU). Printed per server and combined, next to the issue's targets: errors, lost or
   duplicated ideas (what the phones were told was stored against what the database holds,
   per workshop), idea POST and dot p95, wall latency (from the post's answer to the idea on
   each wall of its workshop), server RSS peak and CPU, phones pushed to polling, stream
   connects refused, the client's own CPU and the load average during the run.
2. ``throughput``: idea POSTs against a bare baseline (bench/baseline_app.py: Flask +
   Flask-SQLAlchemy inserting one row per POST, same server settings, same database kind and
   number of instances) in ``--rounds`` rounds, ``--saturation-requests`` POSTs per round
   from ``--saturation-clients`` closed-loop clients, baseline then app. ``--slices N``
   makes the two take turns N times within a round, a share of the POSTs each, so that
   both see the machine alike when its speed drifts within a round (other work, a virtual
   machine's neighbours); one run with 4 slices scattered no less than runs without.
   The app's workshop grows by that many ideas each round; every round's ratio is
   printed with the workshop's size (target: >= 0.8 in every round).
3. ``cost``: the server's CPU per post including the background analysis it causes, at
   ``--cost-sizes`` visible ideas (default 1,000, 2,500 and 20,000: below 2,000 every
   analysis run is a full fit, from there on new ideas are sorted incrementally; see
   bench/load_cost.py).

    .venv/bin/python bench/load.py --workshops 8 --attendees 2000                # the full run
    .venv/bin/python bench/load.py --workshops 8 --attendees 400 --compress 10 --setups sqlite --parts hall
    .venv/bin/python bench/load.py --workshops 1 --attendees 500                 # one hall, as before
    .venv/bin/python bench/load.py --parts cost --setups sqlite
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from servers import BIN, flask, free_port, server_env, stop_gunicorn, wait_until_answering  # noqa: E402
from wall import _process_tree, cpu_seconds, percentile, pss_megabytes, rss_megabytes  # noqa: E402

from participation.config import DefaultConfig  # noqa: E402
from participation.fields.pacing import read_proc_stat  # noqa: E402

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
RESENT = "resent (kept-alive connection closed)"  # bench/locustfile.py's name for these requests
REDIS_URL = "redis://127.0.0.1:6379/5"

# --- how the servers run: the one place to change the worker design --------------------------
# Command line: gunicorn --config SERVER["config"] --bind ... --workers W --threads T
# [--worker-class SERVER["worker_class"]] APP, with SERVER["env"] added to the environment.
# None keeps what gunicorn.conf.py says. --workers, --threads, --worker-class and
# --server-env KEY=VALUE override these for one run.
SERVER = {
    "config": "gunicorn.conf.py",
    "workers": 3,
    "threads": 64,  # as make run (gunicorn.conf.py); streams hold no thread
    "worker_class": None,  # e.g. "participation.ops.worker.HeadFirstWorker" (gunicorn.conf.py's today)
    "env": {},  # e.g. {"LIVE_MAX_STREAMS": "900", "GIL_SWITCH_INTERVAL": "0.001"}
}
STARTUP_SECONDS = 120

# The targets (issue 23).
TARGETS = {"post_p95_ms": 100, "wall_p95_ms": 500, "rss_mb": 1536, "ratio": 0.8, "cost_growth": 0.10}
REQUEST_TYPES = ["join: page", "join: submit", "ideas page", "post idea", "my ideas", "vote",
                 "SSE connect", "SSE connect (refused, polls)", "poll (fallback)"]

WORKSHOPS = """
import json, sys
from participation import create_app
from participation.auth.services import create_moderator
from participation.workshops.services import create_workshop
from participation.workshops.wall_keys import ensure_wall_token
halls, sizes = json.loads(sys.argv[1])
app = create_app()
with app.app_context():
    owner = create_moderator("bench", "bench-password-0123456789")
    made = {"halls": [], "cost": {}}
    for number in range(halls):
        hall = create_workshop(owner, "dithmarschen", title=f"Lasttest Saal {number + 1}")
        made["halls"].append({"code": hall.code, "wall_key": ensure_wall_token(hall)})
    made["saturation"] = create_workshop(owner, "dithmarschen", title="Lasttest Durchsatz").code
    for size in sizes:
        made["cost"][str(size)] = create_workshop(owner, "dithmarschen", title=f"Lasttest Kosten {size}").code
    print(json.dumps(made))
"""

IDEAS_IN_DATABASE = """
import json, sys
from sqlalchemy import text
from participation import create_app
from participation.extensions import db
app = create_app()
with app.app_context():
    rows = db.session.execute(text(
        "SELECT workshop.code, idea.id, idea.text FROM idea JOIN workshop ON workshop.id = idea.workshop_id "
        "WHERE workshop.code IN :codes").bindparams(__import__("sqlalchemy").bindparam("codes", expanding=True)),
        {"codes": json.loads(sys.argv[1])}).all()
    print(json.dumps([[code, idea_id, text] for code, idea_id, text in rows]))
"""


# --- measuring ------------------------------------------------------------------------------


def load_average():
    return float(Path("/proc/loadavg").read_text().split()[0])


class Usage(threading.Thread):
    """CPU seconds and peak resident memory of process trees (each and all together), and
    the machine's load average, sampled while it runs."""

    def __init__(self, roots, interval=0.5):
        super().__init__(daemon=True)
        self.roots, self.interval = list(roots), interval
        self.stopping = threading.Event()
        self.peak_rss = 0.0
        self.peak_rss_of = {root: 0.0 for root in self.roots}
        self.peak_pss, self.peak_pss_of = 0.0, {root: 0.0 for root in self.roots}
        self.cpu = {}  # pid -> last seen CPU seconds (a worker's CPU stays counted when it exits)
        self.owner = {}  # pid -> root
        self.loads = []

    def sample(self):
        total = total_pss = 0.0
        for root in self.roots:
            pids = _process_tree(root)
            for pid in pids:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds([pid]))
                self.owner[pid] = root
            rss = rss_megabytes(pids)
            self.peak_rss_of[root] = max(self.peak_rss_of[root], rss)
            total += rss
            pss = pss_megabytes(pids)
            self.peak_pss_of[root] = max(self.peak_pss_of[root], pss)
            total_pss += pss
        self.peak_rss = max(self.peak_rss, total)
        self.peak_pss = max(self.peak_pss, total_pss)
        self.loads.append(load_average())

    def cpu_of(self, root):
        return sum(seconds for pid, seconds in self.cpu.items() if self.owner.get(pid) == root)

    def run(self):
        self.sample()
        self.base = {root: self.cpu_of(root) for root in self.roots}
        self.started = time.monotonic()
        while not self.stopping.wait(self.interval):
            self.sample()

    def stop(self):
        self.stopping.set()
        self.join()
        self.sample()
        elapsed = time.monotonic() - self.started
        each = [{"cpu_cores": (self.cpu_of(root) - self.base[root]) / elapsed, "peak_rss_mb": self.peak_rss_of[root],
                 "peak_pss_mb": self.peak_pss_of[root]} for root in self.roots]
        return {"cpu_cores": sum(one["cpu_cores"] for one in each), "peak_rss_mb": self.peak_rss,
                "peak_pss_mb": self.peak_pss, "each": each,
                "load_mean": sum(self.loads) / len(self.loads), "load_max": max(self.loads)}


def stats(values_ms, failures=0, seconds=None):
    row = {"count": len(values_ms), "failures": failures, "p50": percentile(values_ms, 50),
           "p95": percentile(values_ms, 95), "p99": percentile(values_ms, 99)}
    if seconds:
        row["per_second"] = len(values_ms) / seconds
    return row


# --- servers ----------------------------------------------------------------------------------


def server_command(app, port):
    """gunicorn's command line and extra environment for one instance (see SERVER)."""
    command = [str(BIN / "gunicorn"), "--config", SERVER["config"], "--bind", f"127.0.0.1:{port}",
               "--workers", str(SERVER["workers"]), "--threads", str(SERVER["threads"])]
    if SERVER["worker_class"]:
        command += ["--worker-class", SERVER["worker_class"]]
    env = {"HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(SERVER["workers"]),
           "THREADS": str(SERVER["threads"]), **SERVER["env"]}
    return command + [app], env


def describe_server():
    worker = SERVER["worker_class"] or "gunicorn.conf.py's worker class"
    extra = "".join(f", {key}={value}" for key, value in SERVER["env"].items())
    return f"{SERVER['workers']} workers x {SERVER['threads']} threads, {worker}{extra}"


def start_server(env, log, app="wsgi:app"):
    """A gunicorn instance on a free port; returns the process (``.base``: its URL) once it answers."""
    port = free_port()
    command, extra = server_command(app, port)
    process = subprocess.Popen(command, cwd=ROOT, env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=log)
    process.base = f"http://127.0.0.1:{port}"
    return wait_until_answering(process, log)


def new_device_seconds(args):
    """How long the server counts a device as new (``NEW_PARTICIPANT_SECONDS``), compressed."""
    return DefaultConfig.NEW_PARTICIPANT_SECONDS / args.compress


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
                     f"NEW_PARTICIPANT_SECONDS = {new_device_seconds(args):g}\n")
    settings += "".join(f"{key} = {value}\n" for key, value in args.app_config)  # control runs
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
    sizes = args.cost_sizes if "cost" in args.parts else []
    made = subprocess.run([str(BIN / "python"), "-c", WORKSHOPS, json.dumps([args.workshops, sizes])], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)
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
        subprocess.run(["psql", "-q", args.postgres_url, "-c", f'DROP SCHEMA "{schema}" CASCADE'], check=False,
                       capture_output=True)


# --- clients ---------------------------------------------------------------------------------


def run_locust(user_class, config, users, spawn_rate, run_time, out, label):
    """Run locust headless; returns (the locustfile's results, client usage)."""
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
        process.wait(timeout=run_time + 180)
        client = usage.stop()
    return json.loads((out / f"{label}.json").read_text()), client


class StreamClients:
    """bench/stream_clients.py: every phone's and wall's stream in one asyncio process."""

    def __init__(self, walls, out):
        self.fifo, self.out = out / "streams.fifo", out / "streams.json"
        if self.fifo.exists():
            self.fifo.unlink()
        os.mkfifo(self.fifo)
        config = {"fifo": str(self.fifo), "walls": walls, "out": str(self.out), "user_agent": USER_AGENT}
        self.log = open(out / "streams.log", "w")
        self.process = subprocess.Popen([str(BIN / "python"), str(ROOT / "bench" / "stream_clients.py")], cwd=ROOT,
                                        env={**os.environ, "BENCH_STREAMS": json.dumps(config)},
                                        stdout=subprocess.PIPE, stderr=self.log, text=True)
        assert self.process.stdout.readline().strip() == "ready", "bench/stream_clients.py did not start"
        self.usage = Usage([self.process.pid])
        self.usage.start()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        usage = self.usage.stop()
        self.log.close()
        self.fifo.unlink()
        return json.loads(self.out.read_text()), usage


def ideas_in_database(env, codes):
    done = subprocess.run([str(BIN / "python"), "-c", IDEAS_IN_DATABASE, json.dumps(codes)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def hall(bases, env, workshops, args, out, server_roots):
    halls = workshops["halls"]
    codes = [one["code"] for one in halls]
    walls = [{"target": bases[(number * args.walls + copy) % len(bases)], "code": one["code"],
              "key": one["wall_key"], "after": 0}
             for number, one in enumerate(halls) for copy in range(args.walls)]
    config = {"targets": bases, "codes": codes, "user_agent": USER_AGENT, "ideas": 3, "votes": 3,
              "activity_seconds": args.activity_seconds, "form_posts": args.form_posts,
              # a person reads before the first dot; a device younger than this votes under the
              # cap for new devices (voting/services.py)
              "first_dot_seconds": new_device_seconds(args)}
    usage = Usage(server_roots)
    usage.start()
    streams = StreamClients(walls, out)  # with --streams-in-locust the walls only
    if not args.streams_in_locust:
        config["fifo"] = str(streams.fifo)
    time.sleep(1)
    run_time = 3 + args.join_seconds + args.activity_seconds + args.settle
    results, locust_usage = run_locust("Attendee", config, args.attendees, args.attendees / args.join_seconds,
                                       run_time, out, "hall")
    server = usage.stop()
    time.sleep(0.5)
    stream_results, stream_usage = streams.stop()
    return summarize_hall(results, stream_results, locust_usage, stream_usage, server, bases, codes, env, args,
                          run_time)


def summarize_hall(results, streamed, locust_usage, stream_usage, server, bases, codes, env, args, run_time):
    servers = list(range(len(bases)))
    samples, failures = results["samples"], results["failures"]

    def rows(name):
        by_server = samples.get(name, {})
        failed = failures.get(name, {})
        each = [stats(by_server.get(str(n), []), failed.get(str(n), 0), run_time) for n in servers]
        combined = stats([v for n in servers for v in by_server.get(str(n), [])], sum(failed.values()), run_time)
        return {"combined": combined, "each": each}

    requests = {name: rows(name) for name in REQUEST_TYPES if name in samples or name in failures}
    # Streams held by bench/stream_clients.py: connects (time to hello), refusals, polls.
    connects = "SSE connect (walls)" if args.streams_in_locust else "SSE connect"
    for name, key in ((connects, "connects"), ("poll (fallback)", "polls")):
        if streamed.get(key):
            # a connect fails when refused (503), without hello within 5 s, or with an error
            each = [stats([t * 1000 for t in streamed[key].get(base, [])],
                          streamed["connect_failures"].get(base, 0) + streamed["refused"].get(base, 0)
                          if key == "connects" else 0, run_time)
                    for base in bases]
            combined = stats([t * 1000 for base in bases for t in streamed[key].get(base, [])],
                             sum(one["failures"] for one in each), run_time)
            if name in requests:  # locust's phones polled too (--streams-in-locust)
                name += " (streams process)"
            requests[name] = {"combined": combined, "each": each}
    locust_refused = samples.get("SSE connect (refused, polls)", {})  # --streams-in-locust
    refused_each = [streamed["refused"].get(base, 0) + len(locust_refused.get(str(n), []))
                    for n, base in enumerate(bases)]

    # Wall latency, per workshop: from a post's answer to the idea on each wall of its workshop.
    acks = {int(idea_id): at for idea_id, at in results["acks"].items()}
    idea_workshop = {int(idea_id): code for idea_id, code in results["idea_workshop"].items()}
    latencies = {base: [] for base in bases}
    missed = 0
    for wall in streamed["walls"]:
        seen = {int(idea_id): at for idea_id, at in wall["seen"].items()}
        for idea_id, acked in acks.items():
            if idea_workshop[idea_id] != wall["code"]:
                continue
            if idea_id in seen:
                latencies[wall["server"]].append(max(0.0, seen[idea_id] - acked) * 1000)
            else:
                missed += 1
    wall_each = [stats(latencies[base]) for base in bases]
    wall_all = stats([v for base in bases for v in latencies[base]])
    wall_all["missed"] = missed

    # Lost or duplicated: what the phones were told against what the database holds.
    stored = ideas_in_database(env, codes)
    by_workshop = {code: {"acked": 0, "stored": 0, "lost": 0, "duplicated": 0, "unacknowledged": 0}
                   for code in codes}
    stored_ids = {}
    texts = {}
    for code, idea_id, text in stored:
        stored_ids[idea_id] = code
        texts.setdefault((code, text), []).append(idea_id)
        by_workshop[code]["stored"] += 1
    for idea_id, code in idea_workshop.items():
        by_workshop[code]["acked"] += 1
        if stored_ids.get(idea_id) != code:
            by_workshop[code]["lost"] += 1
    for (code, _text), ids in texts.items():
        by_workshop[code]["duplicated"] += len(ids) - 1
    for idea_id, code in stored_ids.items():
        if idea_id not in idea_workshop:
            by_workshop[code]["unacknowledged"] += 1  # stored, but the phone never had the answer

    phones = results["phones"]
    stream_rows = streamed["streams"]
    phone_streams = [row for row in stream_rows if row["kind"] == "phone"]
    pushed = sum(1 for row in phone_streams if row["pushed_to_polling"]) + phones["refused"]
    walls_polled = sum(1 for row in stream_rows if row["kind"] == "wall" and row["pushed_to_polling"])
    request_failures = sum(row["combined"]["failures"] for name, row in requests.items()
                           if name not in ("SSE connect", "SSE connect (walls)"))  # counted as stream errors
    stream_errors = sum(streamed["connect_failures"].values()) - streamed["no_hello"]
    # Each failure counts once: a join whose page failed is a request failure (not also a
    # join error), and a phone that never joined is not also "unfinished".
    unfinished = args.attendees - phones["plans_done"] - len(phones["errors"])
    join_errors = sum(1 for error in phones["errors"] if "answered" not in error)
    errors = {"request failures": request_failures, "joins failed otherwise": join_errors,
              "joined phones unfinished": unfinished, "stream errors": stream_errors + phones["dropped"],
              "streams without hello in 5 s": streamed["no_hello"], "polls failed": streamed["poll_failures"],
              "wall deliveries missed": missed}
    return {
        "attendees": args.attendees, "workshops": len(codes), "walls": len(streamed["walls"]),
        "ideas_acknowledged": len(acks), "requests": requests, "wall_latency": {"combined": wall_all, "each": wall_each},
        "errors": errors, "error_total": sum(errors.values()), "error_samples": phones["errors"][:5] + streamed["errors"][:5],
        "resent": phones.get("resent", 0),
        "ideas": by_workshop, "pushed_to_polling": pushed, "walls_polled": walls_polled, "refused": sum(refused_each),
        "refused_each": refused_each, "phone_streams": len(phone_streams),
        "duplicate_events": sum(row["duplicates"] for row in stream_rows),
        "stream_reconnects": sum(row["reconnects"] for row in stream_rows),
        "stream_idea_messages": sum(row["idea_messages"] for row in phone_streams) + phones["stream_idea_messages"],
        "server": server, "client": {"locust": locust_usage, "streams": stream_usage},
        "run_seconds": run_time,
    }


def tree_cpu(roots):
    """CPU seconds used so far by the process trees under ``roots`` (servers and workers)."""
    return cpu_seconds([pid for root in roots for pid in _process_tree(root)])


def machine_busy_seconds():
    """CPU seconds the whole machine has been busy (all cores; idle and I/O wait left out)."""
    busy, _total = read_proc_stat()  # the analysis' pacing reads the machine the same way
    return busy / os.sysconf("SC_CLK_TCK")


def saturate(user_class, bases, roots, code, args, out, label, requests=None):
    config = {"targets": bases, "code": code, "requests": requests or args.saturation_requests, "label": label}
    clients = args.saturation_clients
    cpu_before, machine_before = tree_cpu(roots), machine_busy_seconds()
    results, _ = run_locust(user_class, config, clients, clients, 600, out, label)
    cpu_used, machine_used = tree_cpu(roots) - cpu_before, machine_busy_seconds() - machine_before
    timing = results["saturation"]
    seconds = timing["last"] - timing["first"]
    name = "POST (app)" if user_class == "AppPoster" else "POST (baseline)"
    values = [v for server in results["samples"].get(name, {}).values() for v in server]
    failed = sum(results["failures"].get(name, {}).values())
    return {"posts": timing["done"], "seconds": seconds, "per_second": timing["done"] / seconds,
            "server_cpu_ms": 1000 * cpu_used / max(1, timing["done"]),
            "machine_cpu_ms": 1000 * machine_used / max(1, timing["done"]), **stats(values, failed),
            "cpu_seconds": cpu_used, "machine_seconds": machine_used, "values": values}


def combined(slices):
    """One round's numbers from its slices (``saturate`` results): rates over the summed
    time, CPU per POST over all of them, percentiles of every request."""
    posts, seconds = sum(part["posts"] for part in slices), sum(part["seconds"] for part in slices)
    cpu, machine = sum(part["cpu_seconds"] for part in slices), sum(part["machine_seconds"] for part in slices)
    values = [value for part in slices for value in part["values"]]
    return {"posts": posts, "seconds": seconds, "per_second": posts / seconds,
            "server_cpu_ms": 1000 * cpu / max(1, posts), "machine_cpu_ms": 1000 * machine / max(1, posts),
            **stats(values, sum(part["failures"] for part in slices)),
            "cpu_seconds": cpu, "machine_seconds": machine, "values": values}


def run_setup(name, tmp, args):
    out = Path(args.out) / name
    out.mkdir(parents=True, exist_ok=True)
    env, baseline_env, workshops, schemas = prepare(name, tmp, args)
    instances = 1 if name == "sqlite" else 2
    logs, servers, baselines = [], [], []
    try:
        for number in range(instances):
            logs.append(open(out / f"server-{number}.log", "w"))
            servers.append(start_server(env, logs[-1]))
            logs.append(open(out / f"baseline-{number}.log", "w"))
            baselines.append(start_server(baseline_env, logs[-1], app="bench.baseline_app:app"))
        bases = [server.base for server in servers]
        load_before = load_average()
        result = {"setup": name, "instances": instances, "load_before": load_before, "server": describe_server()}
        if "hall" in args.parts:
            print(f"[{name}] hall: {args.attendees} phones in {args.workshops} workshops, {args.walls} wall(s) each, "
                  f"join {args.join_seconds:.0f} s, activity {args.activity_seconds:.0f} s, load {load_before:.2f}",
                  file=sys.stderr)
            result["hall"] = hall(bases, env, workshops, args, out, [server.pid for server in servers])
            for log in logs:
                log.flush()
            result["privacy"] = privacy_scan(name, tmp, args, out, schemas)
        if "throughput" in args.parts:
            print(f"[{name}] throughput: {args.rounds} rounds of {args.saturation_requests} POSTs from "
                  f"{args.saturation_clients} clients, load {load_average():.2f}", file=sys.stderr)
            size = 0

            def alternate(name, requests=None):
                """The baseline, then the app, ``--slices`` times with a share of the POSTs each:
                one round, as ``rounds`` lists it. The machine's speed drifts (other work, a
                virtual machine's neighbours) on the scale of a round; slices of it alternate
                faster than that, so both servers see the same machine."""
                nonlocal size
                requests = requests or args.saturation_requests
                slices = max(1, min(args.slices, requests // 100))
                shares = [requests // slices + (1 if part < requests % slices else 0) for part in range(slices)]
                baseline_parts, app_parts = [], []
                for part, share in enumerate(shares):
                    label = name if slices == 1 else f"{name}.{part + 1}"
                    baseline_parts.append(saturate("BaselinePoster", [b.base for b in baselines],
                                                   [b.pid for b in baselines], None, args, out, f"baseline-{label}",
                                                   share))
                    app_parts.append(saturate("AppPoster", bases, [server.pid for server in servers],
                                              workshops["saturation"], args, out, f"app-{label}", share))
                baseline, ours = combined(baseline_parts), combined(app_parts)
                for summed in (baseline, ours):
                    del summed["values"]  # the percentiles are taken; the JSON report keeps the numbers
                before, size = size, size + ours["posts"] - ours["failures"]
                return {"baseline": baseline, "app": ours, "ratio": ours["per_second"] / baseline["per_second"],
                        "ideas_before": before, "ideas_after": size, "load": load_average()}

            if args.warmup_requests:
                # Not counted: a server that has just started compiles its statements, fills its
                # caches and opens its pool's connections on its first requests (a server in use
                # did that long ago). Printed as its own line.
                result["warmup"] = alternate("warmup", args.warmup_requests)
            # alternating, so both see the machine alike
            result["rounds"] = [alternate(str(number)) for number in range(1, args.rounds + 1)]
        if "cost" in args.parts:
            from bench.load_cost import post_costs

            print(f"[{name}] cost per post at {args.cost_sizes} ideas, load {load_average():.2f}", file=sys.stderr)
            result["cost"] = post_costs(env, bases, workshops["cost"], [server.pid for server in servers], args)
        result["load_after"] = load_average()
        return result
    finally:
        for process in servers + baselines:
            stop_gunicorn(process)
        for log in logs:
            log.close()
        drop_schemas(args, schemas)


# --- report -------------------------------------------------------------------------------------


def verdict(ok):
    return "pass" if ok else "FAIL"


def print_report(results, args):
    for r in results:
        title = f"{r['setup']} ({r['instances']} gunicorn instance{'s' if r['instances'] > 1 else ''}: {r['server']})"
        print(f"\n=== {title}\nload average {r['load_before']:.2f} before, {r['load_after']:.2f} after "
              f"({os.cpu_count()} cores; the load generator runs on the same machine)")
        if "hall" in r:
            print_hall(r["hall"], r["instances"], args)
            found = ", ".join(f"{place} {hits}" for place, hits in r["privacy"].items())
            print(f"phones' user agent or address found after the hall: {found}")
        if "rounds" in r:
            print_rounds(r["rounds"], args, r.get("warmup"))
        if "cost" in r:
            from bench.load_cost import print_costs

            print_costs(r["cost"])


def ms(value):
    return "-" if value != value else f"{value:.0f} ms"  # NaN: no samples


def print_hall(h, instances, args):
    print(f"\nHall: {h['attendees']} phones in {h['workshops']} workshops ({h['phone_streams']} phone streams), "
          f"{h['walls']} walls; 3 ideas and 3 dots per phone within {args.activity_seconds:.0f} s of joining "
          f"(compress {args.compress:g}), joins within {args.join_seconds:.0f} s")
    requests, server = h["requests"], h["server"]
    post = requests.get("post idea", {}).get("combined", {"p95": float("nan")})
    dot = requests.get("vote", {}).get("combined", {"p95": float("nan")})
    wall = h["wall_latency"]["combined"]
    lost = sum(one["lost"] for one in h["ideas"].values())
    duplicated = sum(one["duplicated"] for one in h["ideas"].values())
    per_server = instances > 1
    rss_ok = all(one["peak_rss_mb"] <= TARGETS["rss_mb"] for one in server["each"])

    def each(values):
        return ("  [" + ", ".join(values) + "]") if per_server else ""

    lines = [
        ("errors", "0", str(h["error_total"]), h["error_total"] == 0, ""),
        ("lost / duplicated ideas", "0 / 0", f"{lost} / {duplicated}", lost == 0 and duplicated == 0, ""),
        ("idea POST p95", f"< {TARGETS['post_p95_ms']} ms", ms(post["p95"]), post["p95"] < TARGETS["post_p95_ms"],
         each(ms(one["p95"]) for one in requests.get("post idea", {}).get("each", []))),
        ("dot p95", "-", ms(dot["p95"]), None, each(ms(one["p95"]) for one in requests.get("vote", {}).get("each", []))),
        ("wall latency p95", f"< {TARGETS['wall_p95_ms']} ms", ms(wall["p95"]),
         wall["p95"] < TARGETS["wall_p95_ms"] and wall["missed"] == 0,
         each(ms(one["p95"]) for one in h["wall_latency"]["each"])),
        ("server RSS peak", f"<= {TARGETS['rss_mb'] / 1024:.1f} GB" + (" each" if per_server else ""),
         f"{server['peak_rss_mb']:.0f} MB", rss_ok, each(f"{one['peak_rss_mb']:.0f} MB" for one in server["each"])),
        ("server PSS peak (shared once)", "-", f"{server.get('peak_pss_mb', float('nan')):.0f} MB", None,
         each(f"{one.get('peak_pss_mb', float('nan')):.0f} MB" for one in server["each"])),
        ("server CPU", "-", f"{server['cpu_cores']:.2f} cores", None,
         each(f"{one['cpu_cores']:.2f}" for one in server["each"])),
        ("phones pushed to polling", "0", str(h["pushed_to_polling"]), h["pushed_to_polling"] == 0, ""),
        ("stream connects refused", "-", str(h["refused"]), None, each(str(n) for n in h["refused_each"])),
    ]
    print(f"\n{'target':<28}{'goal':>14}{'measured':>14}  result" + ("   [per server]" if per_server else ""))
    for name, goal, measured, ok, detail in lines:
        print(f"{name:<28}{goal:>14}{measured:>14}  {'' if ok is None else verdict(ok):<6}{detail}")
    load = server
    client = h["client"]
    print(f"load average during the run: mean {load['load_mean']:.2f}, max {load['load_max']:.2f}; "
          f"load generator CPU: locust {client['locust']['cpu_cores']:.2f} cores, "
          f"streams {client['streams']['cpu_cores']:.2f} cores")
    errors = ", ".join(f"{name} {count}" for name, count in h["errors"].items())
    print(f"errors: {errors}")
    print(f"requests sent again after the server closed their kept-alive connection (as a browser does; "
          f"not errors, shown as '{RESENT}' below): {h['resent']}")
    for sample in h["error_samples"]:
        print(f"  e.g. {sample}")
    print(f"ideas acknowledged {h['ideas_acknowledged']}; per workshop (acked/stored/lost/duplicated/stored without "
          f"answer): " + "; ".join(f"{code} {o['acked']}/{o['stored']}/{o['lost']}/{o['duplicated']}/{o['unacknowledged']}"
                                  for code, o in h["ideas"].items()))
    print(f"stream reconnects {h['stream_reconnects']}, walls that polled {h['walls_polled']}, events received twice {h['duplicate_events']}, "
          f"idea events on phones {h['stream_idea_messages']}, wall deliveries {wall['count']} (missed {wall['missed']})")

    header = f"\n{'request':<30}{'server':>7}{'count':>7}{'fails':>6}{'per s':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    print(header)
    print("-" * (len(header) - 1))

    def row(name, label, one):
        rate = f"{one['per_second']:.1f}" if "per_second" in one else ""
        print(f"{name:<30}{label:>7}{one['count']:>7}{one['failures']:>6}{rate:>7}"
              f"{one['p50']:>8.0f}{one['p95']:>8.0f}{one['p99']:>8.0f}")

    for name, one in list(requests.items()) + [("wall latency (post -> wall)", h["wall_latency"])]:
        row(name, "all", one["combined"])
        if per_server:
            for number, single in enumerate(one["each"], 1):
                row("", str(number), single)


def print_rounds(rounds, args, warmup=None):
    print(f"\nidea POST throughput, {args.saturation_requests} POSTs per round from {args.saturation_clients} "
          f"closed-loop clients, alternating with the baseline in {args.slices} slice(s) per round "
          f"(target: ratio >= {TARGETS['ratio']} in every round)")
    print("(cpu: the server's CPU milliseconds per POST, all its processes and threads; all: the whole "
          "machine's, with the load generator and PostgreSQL, over the round, whatever else ran)")
    print(f"{'round':<7}{'workshop ideas':>16}{'app /s':>8}{'p95':>8}{'cpu':>7}{'all':>6}{'baseline /s':>13}{'p95':>8}"
          f"{'cpu':>7}{'all':>6}{'ratio':>7}  result  load")
    numbered = [("warm-up", warmup)] if warmup else []
    for number, one in numbered + list(enumerate(rounds, 1)):
        a, b = one["app"], one["baseline"]
        result = verdict(one["ratio"] >= TARGETS["ratio"]) if one is not warmup else "-"
        print(f"{number:<7}{one['ideas_before']:>7} -> {one['ideas_after']:<6}{a['per_second']:>8.0f}{a['p95']:>6.0f}ms"
              f"{a['server_cpu_ms']:>7.2f}{a['machine_cpu_ms']:>6.2f}{b['per_second']:>13.0f}{b['p95']:>6.0f}ms"
              f"{b['server_cpu_ms']:>7.2f}{b['machine_cpu_ms']:>6.2f}"
              f"{one['ratio']:>7.2f}  {result:<6}  {one['load']:.2f}")
    if warmup:
        print(f"(warm-up: {args.warmup_requests} POSTs to each server right after it started, not counted)")
    ratios = sorted(one["ratio"] for one in rounds)
    print(f"every round >= {TARGETS['ratio']}: {verdict(ratios[0] >= TARGETS['ratio'])} "
          f"(lowest {ratios[0]:.2f}, median {ratios[len(ratios) // 2]:.2f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workshops", type=int, default=8, help="the phones are spread evenly over them")
    parser.add_argument("--attendees", type=int, default=2000, help="phones in all")
    parser.add_argument("--walls", type=int, default=1, help="walls per workshop")
    parser.add_argument("--compress", type=float, default=1.0, help="divide every duration by this")
    parser.add_argument("--join-seconds", type=float, help="default 60 / compress")
    parser.add_argument("--activity-seconds", type=float, help="default 600 / compress")
    parser.add_argument("--settle", type=float, default=10.0, help="seconds after the last planned action")
    parser.add_argument("--streams-in-locust", action="store_true",
                        help="phones' streams in locust greenlets (the old way) instead of bench/stream_clients.py")
    parser.add_argument("--form-posts", action="store_true",
                        help="phones post the plain form and draw the whole page after it (no JavaScript); "
                             "by default they post as phone.js does: JSON to the API, then 'Meine Ideen' alone")
    parser.add_argument("--setups", default="sqlite,postgres")
    parser.add_argument("--parts", default="hall,throughput,cost", help="any of hall, throughput, cost")
    parser.add_argument("--workers", type=int, help=f"default {SERVER['workers']} (SERVER in this file)")
    parser.add_argument("--threads", type=int, help=f"default {SERVER['threads']}")
    parser.add_argument("--worker-class", help="gunicorn worker class (default: gunicorn.conf.py's)")
    parser.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the servers (repeatable)")
    parser.add_argument("--app-config", action="append", default=[], metavar="KEY=VALUE",
                        help="a line for the servers' instance/config.py, VALUE a Python literal (repeatable; "
                             "for control runs, e.g. ANALYSIS_DELAY=1e9 turns the background analysis off)")
    parser.add_argument("--saturation-requests", type=int, default=4000, help="POSTs per round and app")
    parser.add_argument("--rounds", type=int, default=3, help="alternating baseline/app rounds")
    parser.add_argument("--slices", type=int, default=1,
                        help="each round alternates baseline and app this many times, a share of its POSTs each "
                             "(1, the default: the whole round's POSTs to the baseline, then to the app)")
    parser.add_argument("--warmup-requests", type=int, default=500,
                        help="POSTs to each server before the rounds, not counted (0: none)")
    parser.add_argument("--saturation-clients", type=int, default=20)
    parser.add_argument("--cost-sizes", default="1000,2500,20000", help="visible ideas before measuring")
    parser.add_argument("--cost-posts", type=int, default=100, help="posts per repetition")
    parser.add_argument("--cost-rate", type=float, default=5.0, help="posts per second while measuring")
    parser.add_argument("--cost-repeats", type=int, default=5)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--redis-url", default=REDIS_URL, help="a database of its own: it is flushed")
    parser.add_argument("--out", default=str(ROOT / "instance" / "bench-load"), help="logs and raw results")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    args.join_seconds = args.join_seconds or 60 / args.compress
    args.activity_seconds = args.activity_seconds or 600 / args.compress
    args.cost_sizes = [int(size) for size in args.cost_sizes.split(",")]
    args.app_config = [item.split("=", 1) for item in args.app_config]
    SERVER["workers"] = args.workers or SERVER["workers"]
    SERVER["threads"] = args.threads or SERVER["threads"]
    SERVER["worker_class"] = args.worker_class or SERVER["worker_class"]
    SERVER["env"].update(dict(item.split("=", 1) for item in args.server_env))

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.setups.split(","):
            results.append(run_setup(name, Path(tmp), args))
            print_report(results[-1:], args)  # each setup's table as soon as it is done
            if args.json:
                Path(args.json).write_text(json.dumps({"args": vars(args), "results": results}, indent=2))


if __name__ == "__main__":
    main()
