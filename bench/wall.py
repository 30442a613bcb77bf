"""Wall latency under a full hall: N open streams, ideas posted at a steady rate.

Starts gunicorn on a fresh database, opens N Server-Sent-Event streams (walls and
phones; default 500), posts ideas from many phones at a steady rate, and measures for
every (stream, idea) pair the time from the post being acknowledged to the event
arriving on that stream. Prints p50/p95/p99, missed deliveries, errors, and the CPU
and memory the server used. Each mode runs in the same invocation so the numbers can
be compared: fan-out through the database (the embedded default) and through Redis.

    .venv/bin/python bench/wall.py                  # 500 streams, 2 ideas/s for 30 s
    .venv/bin/python bench/wall.py --streams 100 --rate 5 --seconds 20 --modes sqlite
"""

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import flask, free_port, gunicorn, server_env  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/13"


# --- server side measurements ---------------------------------------------------------


def _process_tree(root_pid):
    """The pid and all descendant pids (gunicorn master and workers)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue
    pids, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def cpu_seconds(pids):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            continue
    return total


def _proc_megabytes(pids, name, field):
    """The sum over ``pids`` of one kB ``field`` of /proc/<pid>/<name> (gone processes: 0)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total / 1024


def rss_megabytes(pids):
    return _proc_megabytes(pids, "status", "VmRSS:")


def pss_megabytes(pids):
    """Proportional set size: each page shared between processes (the code and libraries a
    gunicorn master and its workers all map) counted once, in shares; RSS counts it in
    every process. What the processes really take from the machine's memory."""
    return _proc_megabytes(pids, "smaps_rollup", "Pss:")


def gunicorn_master(port):
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if "gunicorn" in cmdline and f"PORT={port}".encode() in environ:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parent_cmd = Path(f"/proc/{stat[1]}/cmdline").read_bytes().decode(errors="ignore")
                if "gunicorn" not in parent_cmd:
                    return int(entry.name)
    return None


# --- clients ----------------------------------------------------------------------------


class Phone:
    def __init__(self, base, code):
        self.base, self.code = base, code
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with self.opener.open(base + "/api/session") as response:
            self.token = json.load(response)["csrf_token"]
        with self.opener.open(f"{base}/api/workshops/{code}") as response:
            self.questions = [q["id"] for q in json.load(response)["questions"]]

    def post(self, number):
        body = json.dumps({
            "question_id": self.questions[number % len(self.questions)],
            "text": f"Bench-Idee {number}: Mitfahrbank und Rufbus für Albersdorf 🚌",
            "idempotency_key": f"bench-{number:06d}",
        }).encode()
        request = urllib.request.Request(
            f"{self.base}/api/workshops/{self.code}/ideas", data=body, method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token},
        )
        with self.opener.open(request, timeout=30) as response:
            return json.load(response)["idea"]["id"]


async def stream_client(port, code, received, hello, stop):
    """One EventSource-like client over HTTP/1.0 (no chunking), recording arrival times."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /w/{code}/events?after=0 HTTP/1.0\r\nHost: bench\r\n\r\n".encode())
    await writer.drain()
    seen = {}
    received.append(seen)
    data = None
    try:
        while not stop.is_set():
            line = await reader.readline()
            if not line:
                break
            line = line.decode().rstrip("\r\n")
            if line.startswith("data: "):
                data = line[6:]
            elif line == "" and data is not None:
                message = json.loads(data)
                if message.get("kind") == "hello":
                    hello.release()
                elif message.get("kind") == "idea":
                    seen.setdefault(message["idea"]["id"], time.monotonic())
                data = None
    finally:
        writer.close()


def run_mode(name, env, args):
    """One measured run; returns a dict of results."""
    port_holder = {}
    with gunicorn(env, workers=args.workers, threads=args.threads) as base:
        port = int(base.rsplit(":", 1)[1])
        port_holder["port"] = port
        master = gunicorn_master(port)
        code = env["BENCH_CODE"]
        loop = asyncio.new_event_loop()
        received, stop = [], asyncio.Event()
        hello = asyncio.Semaphore(0)

        async def open_streams():
            tasks = [loop.create_task(stream_client(port, code, received, hello, stop)) for _ in range(args.streams)]
            for _ in range(args.streams):
                await asyncio.wait_for(hello.acquire(), timeout=60)
            return tasks

        thread_loop = threading.Thread(target=loop.run_forever, daemon=True)
        thread_loop.start()
        started = time.monotonic()
        tasks = asyncio.run_coroutine_threadsafe(open_streams(), loop).result(timeout=120)
        connect_seconds = time.monotonic() - started

        phones = [Phone(base, code) for _ in range(args.phones)]
        pids = _process_tree(master) if master else []
        cpu_before, wall_before = cpu_seconds(pids), time.monotonic()
        acked, errors, post_times = {}, 0, []
        total = int(args.rate * args.seconds)
        for number in range(total):
            due = wall_before + number / args.rate
            time.sleep(max(0.0, due - time.monotonic()))
            sent = time.monotonic()
            try:
                idea_id = phones[number % len(phones)].post(number)
                acked[idea_id] = time.monotonic()
                post_times.append(acked[idea_id] - sent)
            except Exception:
                errors += 1
        time.sleep(args.settle)
        cpu_used = cpu_seconds(pids) - cpu_before
        elapsed = time.monotonic() - wall_before
        memory = rss_megabytes(pids)

        async def close_streams():
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close_streams(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread_loop.join(timeout=10)
        loop.close()

    latencies, missed = [], 0
    for seen in received:
        for idea_id, ack in acked.items():
            if idea_id in seen:
                latencies.append(max(0.0, seen[idea_id] - ack))
            else:
                missed += 1
    return {
        "mode": name,
        "streams": args.streams,
        "posted": len(acked),
        "errors": errors,
        "deliveries": len(latencies),
        "missed": missed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "post_p95": percentile(post_times, 95),
        "cpu_cores": cpu_used / elapsed if elapsed else 0.0,
        "rss_mb": memory,
        "connect_s": connect_seconds,
    }


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--rate", type=float, default=2.0, help="ideas per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--phones", type=int, default=40, help="distinct posting participants")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=250)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait for the last events")
    parser.add_argument("--modes", default="sqlite,sqlite+redis")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.modes.split(","):
            instance = Path(tmp) / mode.replace("+", "-")
            env = server_env(instance, REDIS_URL=REDIS_URL if "redis" in mode else None)
            flask(env, "db", "upgrade")
            env["BENCH_CODE"] = re.search(r"Code:\s+(\w{6})", flask(env, "bootstrap").stdout).group(1)
            if "redis" in mode:
                import redis

                redis.Redis.from_url(REDIS_URL).flushdb()
            print(f"running {mode}: {args.streams} streams, {args.rate}/s for {args.seconds}s ...", file=sys.stderr)
            results.append(run_mode(mode, env, args))

    print()
    print(f"Wall latency (post acknowledged -> event on the stream), {args.workers} gunicorn workers x "
          f"{args.threads} threads, {os.cpu_count()} cores")
    header = f"{'mode':<14}{'streams':>8}{'posted':>8}{'errors':>7}{'missed':>7}{'p50 ms':>8}{'p95 ms':>8}" \
             f"{'p99 ms':>8}{'POST p95':>9}{'CPU':>6}{'RSS MB':>8}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['mode']:<14}{r['streams']:>8}{r['posted']:>8}{r['errors']:>7}{r['missed']:>7}"
              f"{r['p50'] * 1000:>8.0f}{r['p95'] * 1000:>8.0f}{r['p99'] * 1000:>8.0f}{r['post_p95'] * 1000:>9.0f}"
              f"{r['cpu_cores']:>6.2f}{r['rss_mb']:>8.0f}")
    if len(results) > 1:
        base = results[0]
        for r in results[1:]:
            print(f"{r['mode']} vs {base['mode']}: p95 ratio {r['p95'] / base['p95']:.2f}, "
                  f"CPU ratio {r['cpu_cores'] / base['cpu_cores']:.2f}")


if __name__ == "__main__":
    main()
