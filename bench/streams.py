"""What an open, idle live stream costs the server, for three ways of holding it.

The same app, the same gunicorn.conf.py, one SQLite workshop; only the worker differs:

- ``pump``: our worker (participation.ops.worker.HeadFirstWorker): a stream is admitted by a
  thread, then handed to the worker's stream pump, one thread per worker writing all.
- ``threads``: gunicorn's plain gthread worker (``-k gthread``): every open stream holds a
  thread while it waits (the design before issue 23), with enough threads for all streams.
- ``gevent``: gunicorn's gevent worker (``-k gevent``): every stream is a greenlet.

For each, ``--streams`` streams are opened from this process (asyncio, raw sockets, as
many as a browser would: one connection each), then it measures: server RSS and threads
(summed over master and workers), CPU seconds while the streams sit idle for
``--idle`` seconds (heartbeats only), and the time from one posted idea's answer to its
arrival on every stream (median, p95, max), repeated ``--posts`` times.

    .venv/bin/python bench/streams.py                      # 2,000 streams, all three designs
    .venv/bin/python bench/streams.py --streams 500 --designs pump,threads
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import BIN, Phone, free_port, migrate_and_create_workshop, server_env, wait_until_answering  # noqa: E402
from wall import _process_tree, cpu_seconds, percentile, rss_megabytes  # noqa: E402

DESIGNS = {
    "pump": [],
    "threads": ["-k", "gthread"],
    "gevent": ["-k", "gevent"],
}


def thread_count(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("Threads:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def start_server(env, design, workers, threads, port, log):
    command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", *DESIGNS[design], "wsgi:app"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers), "THREADS": str(threads),
             # gevent: no thread limit applies (every stream is a greenlet)
             **({"LIVE_MAX_STREAMS": "100000"} if design == "gevent" else {}),
             "WORKER_CONNECTIONS": str(max(1000, 2 * threads))},
    )
    process.base = f"http://127.0.0.1:{port}"
    return wait_until_answering(process, log), process.base


class Streams:
    """``count`` SSE connections read by one asyncio loop; records when a marker arrives."""

    def __init__(self, port, path, count):
        self.port, self.path, self.count = port, path, count
        self.hello = 0
        self.refused = 0
        self.arrivals = {}  # marker -> [monotonic time per stream]
        self.markers = set()
        self.tasks = []

    async def _one(self):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError:
            self.refused += 1
            return
        writer.write(f"GET {self.path} HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            self.refused += 1
            writer.close()
            return
        greeted = False
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                if not greeted and b'"hello"' in line:
                    greeted = True
                    self.hello += 1
                for marker in self.markers:
                    if marker.encode() in line:
                        self.arrivals.setdefault(marker, []).append(time.monotonic())
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    async def open(self, rate=400):
        for number in range(self.count):
            self.tasks.append(asyncio.ensure_future(self._one()))
            if number % rate == rate - 1:
                await asyncio.sleep(1)

    async def close(self):
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


async def measure(design, args, env, workshop):
    port = free_port()
    threads = args.threads if design != "threads" else max(args.threads, args.streams // args.workers + 64)
    with tempfile.TemporaryFile(mode="w+") as log:
        process, base = start_server(env, design, args.workers, threads, port, log)
        try:
            pids = _process_tree(process.pid)
            before_rss, before_threads = rss_megabytes(pids), thread_count(pids)
            streams = Streams(port, f"/w/{workshop['code']}/events?view=wall&key={workshop['wall_key']}", args.streams)
            started = time.monotonic()
            await streams.open()
            while streams.hello + streams.refused < args.streams and time.monotonic() - started < 180:
                await asyncio.sleep(0.2)
            opened = time.monotonic() - started
            pids = _process_tree(process.pid)
            cpu_before = cpu_seconds(pids)
            await asyncio.sleep(args.idle)
            pids = _process_tree(process.pid)
            idle_cpu = cpu_seconds(pids) - cpu_before
            rss, threads_now = rss_megabytes(pids), thread_count(pids)
            phone = Phone(base, workshop["code"])
            latencies = []
            for number in range(args.posts):
                marker = f"Messpunkt-{design}-{number}"
                streams.markers.add(marker)
                loop = asyncio.get_running_loop()
                status, _body = await loop.run_in_executor(None, phone.post, f"{marker}: Radweg nach Heide", marker)
                answered = time.monotonic()
                deadline = answered + 30
                while len(streams.arrivals.get(marker, ())) < streams.hello and time.monotonic() < deadline:
                    await asyncio.sleep(0.01)
                arrived = streams.arrivals.get(marker, [])
                latencies.append([max(0.0, moment - answered) * 1000 for moment in arrived])
                missing = streams.hello - len(arrived)
                if missing:
                    print(f"  {design}: {missing} streams missed post {number}")
                await asyncio.sleep(0.5)
            await streams.close()
            every = [value for values in latencies for value in values]
            return {
                "design": design, "streams": args.streams, "workers": args.workers, "threads": threads,
                "open": streams.hello, "refused": streams.refused, "open_seconds": round(opened, 1),
                "rss_mb_before": round(before_rss), "rss_mb": round(rss), "threads_before": before_threads,
                "threads_now": threads_now, "idle_cpu_per_s": round(idle_cpu / args.idle, 3),
                "fanout_ms_p50": round(statistics.median(every), 1) if every else None,
                "fanout_ms_p95": round(percentile(every, 95), 1) if every else None,
                "fanout_ms_max": round(max(every), 1) if every else None,
            }
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--designs", default="pump,threads,gevent")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=64, help="threads per worker (the threads design gets enough for every stream)")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds the streams sit idle")
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.streams * 2 + 512)), hard))
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        (instance / "config.py").write_text(
            f"LIVE_HEARTBEAT = 15\nLIVE_STREAMS_PER_ADDRESS = {args.streams + 100}\n"
            f"LIVE_MAX_DETACHED_STREAMS = {args.streams + 100}\nIDEA_RATE_LIMIT = 100000\n")
        env = server_env(instance)
        workshop = migrate_and_create_workshop(env)
        results = []
        try:  # the client reads 2,000 sockets in one loop: uvloop halves its CPU (bench/stream_clients.py)
            import uvloop
            run = uvloop.run
        except ImportError:
            run = asyncio.run
        for design in args.designs.split(","):
            load = os.getloadavg()[0]
            result = run(measure(design, args, env, workshop))
            result["load_before"] = round(load, 2)
            result["load_after"] = round(os.getloadavg()[0], 2)
            results.append(result)
            print(json.dumps(result), flush=True)
    print()
    print(f"{'design':8} {'open':>5} {'refused':>7} {'RSS MB':>7} {'threads':>7} {'idle CPU/s':>10} "
          f"{'fan-out p50':>11} {'p95':>7} {'max':>7}  load")
    for r in results:
        print(f"{r['design']:8} {r['open']:5} {r['refused']:7} {r['rss_mb']:7} {r['threads_now']:7} "
              f"{r['idle_cpu_per_s']:10} {r['fanout_ms_p50']!s:>11} {r['fanout_ms_p95']!s:>7} "
              f"{r['fanout_ms_max']!s:>7}  {r['load_before']}-{r['load_after']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
