"""Every live stream of bench/load.py (phones and walls) in one asyncio process.

Thousands of locust users each holding a Server-Sent-Events stream cost the load generator
more CPU than the server spends sending to them (gevent wakes a greenlet per chunk); here a
stream is a coroutine reading raw HTTP/1.0 responses, so 2,000 streams cost a few percent
of a core. bench/load.py starts this process before locust; each phone, once it has joined
(locust has its cookies and the ideas page's seq), hands its stream over as one JSON line
written to the FIFO named in the configuration. Walls are in the configuration itself.

Each stream behaves like the browser's EventSource driven by static/js/live.js:
- it connects with ``after=<last seq>`` and, on reconnects, ``Last-Event-ID``;
- when a stream ends normally (its lifetime), it reconnects after the ``retry:`` delay;
- no hello within 5 s, a status other than 200 (a refusal: 503 with ``poll`` in the
  body), or 3 failed connects in a row: the phone polls the poll URL (2 s, x1.5 while
  nothing happens, at most 15 s, jittered) and tries the stream again after 30 s
  (doubling up to 5 minutes), as live.js does; such a phone counts as pushed to polling;
- silence for 2.5 heartbeats: the stream is dead, reconnect.

SIGTERM ends it; results (per-stream counters, when each idea reached each wall, timings of
connects and polls) go as JSON to the configuration's ``out`` path.

    BENCH_STREAMS='{"fifo": ..., "walls": [...], "out": ...}' python bench/stream_clients.py
"""

import asyncio
import json
import os
import random
import re
import signal
import sys
import time
from urllib.parse import urlencode, urlsplit

CONFIG = json.loads(os.environ.get("BENCH_STREAMS", "{}"))
USER_AGENT = CONFIG.get("user_agent", "Mozilla/5.0 (Linux; Android 14) participation-load-bench")
HELLO_TIMEOUT = 5.0
POLL_FIRST, POLL_MAX = 2.0, 15.0
STREAM_RETRY_FIRST, STREAM_RETRY_MAX = 30.0, 300.0
EVENT_ID = re.compile(rb"(?:^|\n)id: (\d+)")
RETRY = re.compile(rb"(?:^|\n)retry: (\d+)")
HEARTBEAT = re.compile(rb'"heartbeat": (\d+(?:\.\d+)?)')

jittered = lambda seconds: seconds * (0.75 + random.random() * 0.5)  # noqa: E731  (live.js)


class Refused(Exception):
    def __init__(self, status, body):
        super().__init__(f"status {status}")
        self.status, self.body = status, body


class NoHello(Exception):
    """No hello within HELLO_TIMEOUT of opening the stream (live.js then polls)."""


class Silent(Exception):
    """Nothing for 2.5 heartbeats: the stream is dead (live.js's watchdog reconnects)."""


class Totals:
    def __init__(self):
        self.connects = {}  # server -> [seconds until hello]
        self.connect_failures = {}  # server -> count (refused, errors, no hello)
        self.refused = {}  # server -> count of 503 answers
        self.polls = {}  # server -> [seconds]
        self.poll_failures = 0
        self.no_hello = 0
        self.errors = []


totals = Totals()


class _Follow(asyncio.Protocol):
    """An open stream after its hello: complete messages go to ``stream.take``."""

    def __init__(self, stream, buffer):
        self.stream, self.buffer = stream, buffer
        self.closed = asyncio.get_running_loop().create_future()

    def flush(self):
        cut = self.buffer.rfind(b"\n\n")
        if cut >= 0:
            self.stream.take(self.buffer[:cut + 2])
            self.buffer = self.buffer[cut + 2:]

    def data_received(self, data):
        self.stream.last_data = time.monotonic()
        self.buffer += data
        self.flush()

    def eof_received(self):
        return False  # the transport closes itself

    def connection_lost(self, error):
        if not self.closed.done():
            self.closed.set_result(error)


class Stream:
    """One EventSource: a phone's (with its session cookie) or a wall's (with its key)."""

    def __init__(self, kind, number, target, code, after, cookie="", key=None):
        self.kind, self.number, self.code = kind, number, code
        parts = urlsplit(target)
        self.server, self.host, self.port = target, parts.hostname, parts.port
        self.after, self.cookie, self.key = after, cookie, key
        self.retry = 3.0  # until the server says otherwise
        self.heartbeat = 15.0
        self.view = "wall" if kind == "wall" else "phone"
        self.messages = self.idea_messages = self.duplicates = self.reconnects = 0
        self.pushed_to_polling = 0  # times this phone fell back to polling
        self.seen = {}  # walls: idea id -> time.time() of its first event
        self.stopping = False
        self.writer, self.silent, self.last_data = None, False, 0.0

    # --- HTTP ---------------------------------------------------------------------------------

    def _query(self, **extra):
        query = {"view": self.view, "after": self.after, **extra}
        if self.key:
            query["key"] = self.key
        return urlencode(query)

    async def _open(self, path, accept, last_event_id=None):
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        headers = [f"GET {path} HTTP/1.0", f"Host: {self.host}:{self.port}", f"Accept: {accept}",
                   f"User-Agent: {USER_AGENT}"]
        if self.cookie:
            headers.append(f"Cookie: {self.cookie}")
        if last_event_id is not None:
            headers.append(f"Last-Event-ID: {last_event_id}")
        writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        return reader, writer, status

    # --- following -------------------------------------------------------------------------------

    async def run(self):
        failures, stream_retry, reconnecting = 0, STREAM_RETRY_FIRST, False
        while not self.stopping:
            started = time.monotonic()
            try:
                await self.stream_once(started, last_event_id=self.after if reconnecting else None)
                failures, stream_retry = 0, STREAM_RETRY_FIRST
                reconnecting = True
                self.reconnects += 1
                await asyncio.sleep(self.retry)  # ended normally (its lifetime): EventSource's retry
                continue
            except Refused as refused:
                totals.refused[self.server] = totals.refused.get(self.server, 0) + 1
                poll_path = self._poll_path(refused.body)
            except Silent:  # the watchdog: reconnect, resuming after the last event
                self.reconnects += 1
                reconnecting = True
                continue
            except NoHello:
                totals.connect_failures[self.server] = totals.connect_failures.get(self.server, 0) + 1
                totals.no_hello += 1
                poll_path = None
            except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError) as error:
                failures += 1
                totals.connect_failures[self.server] = totals.connect_failures.get(self.server, 0) + 1
                if len(totals.errors) < 50:
                    totals.errors.append(f"{self.kind} {self.number}: {error!r}"[:200])
                if failures < 3:
                    self.reconnects += 1
                    reconnecting = True
                    await asyncio.sleep(self.retry)
                    continue
                poll_path = None  # three failed connects in a row
            if self.stopping:
                return
            self.pushed_to_polling += 1
            await self.poll_until(time.monotonic() + jittered(stream_retry), poll_path)
            stream_retry = min(STREAM_RETRY_MAX, stream_retry * 2)
            failures, reconnecting = 0, False  # live.js opens a new EventSource

    def _poll_path(self, body):
        try:
            path = json.loads(body.decode())["poll"]
            if isinstance(path, str) and path.startswith("/"):
                return path
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            pass
        return None

    async def stream_once(self, started, last_event_id=None):
        path = f"/w/{self.code}/events?{self._query()}"
        try:
            reader, writer, status = await asyncio.wait_for(
                self._open(path, "text/event-stream", last_event_id), HELLO_TIMEOUT)
        except asyncio.TimeoutError:
            raise NoHello() from None
        try:
            if status != 200:
                body = await asyncio.wait_for(reader.read(65536), 10)
                raise Refused(status, body)
            buffer = b""
            try:
                while b"\n\n" not in buffer:  # the hello
                    chunk = await asyncio.wait_for(reader.read(65536), HELLO_TIMEOUT)
                    if not chunk:
                        raise ValueError("stream closed before its hello")
                    buffer += chunk
            except asyncio.TimeoutError:
                raise NoHello() from None
            totals.connects.setdefault(self.server, []).append(time.monotonic() - started)
            retry = RETRY.search(buffer)
            if retry:
                self.retry = int(retry.group(1)) / 1000
            heartbeat = HEARTBEAT.search(buffer)
            if heartbeat:
                self.heartbeat = float(heartbeat.group(1))
            # From here on the transport calls ``take`` directly (no coroutine wakes up per
            # chunk, no wait_for per read: that halves the client's CPU per message); one
            # watchdog looks at all streams every second and aborts those silent too long.
            follow = _Follow(self, buffer + bytes(reader._buffer))
            reader._buffer.clear()
            self.writer, self.silent, self.last_data = writer, False, time.monotonic()
            if reader.at_eof():
                follow.connection_lost(None)
            else:
                writer.transport.set_protocol(follow)
                writer.transport.resume_reading()
            follow.flush()
            error = await follow.closed
            if self.silent:
                raise Silent()
            if error is not None:
                raise error
        finally:
            self.writer = None
            writer.close()

    def take(self, messages):
        """Complete messages: count them, follow the last id, note ideas (walls: when)."""
        self.messages += messages.count(b"\n\n")
        ids = EVENT_ID.findall(messages)
        for raw in ids:
            seq = int(raw)
            if seq <= self.after:
                self.duplicates += 1  # live.js would ignore it; the server should not send it
            else:
                self.after = seq
        if b'"kind": "idea"' in messages:
            if self.kind == "wall":  # a wall per workshop: parsing its messages costs little
                now = time.time()
                for line in messages.split(b"\n"):
                    if line.startswith(b"data: ") and b'"kind": "idea"' in line:
                        idea = json.loads(line[6:]).get("idea") or {}
                        if "id" in idea:
                            self.idea_messages += 1
                            self.seen.setdefault(idea["id"], now)
            else:
                self.idea_messages += messages.count(b'"kind": "idea"')

    async def poll_until(self, until, poll_path):
        """Poll like live.js until it is time to try the stream again."""
        path = poll_path or f"/w/{self.code}/events.json?view={self.view}" + (f"&key={self.key}" if self.key else "")
        delay = POLL_FIRST
        while not self.stopping and time.monotonic() < until:
            news = await self.poll_once(path)
            delay = POLL_FIRST if news else min(POLL_MAX, delay * 1.5)
            await asyncio.sleep(min(jittered(delay), max(0.0, until - time.monotonic())))

    async def poll_once(self, path):
        started = time.monotonic()
        separator = "&" if "?" in path else "?"
        try:
            reader, writer, status = await asyncio.wait_for(
                self._open(f"{path}{separator}after={self.after}", "application/json"), 30)
            try:
                body = await asyncio.wait_for(reader.read(), 30)
            finally:
                writer.close()
            totals.polls.setdefault(self.server, []).append(time.monotonic() - started)
            if status != 200:
                totals.poll_failures += 1
                return False
            answer = json.loads(body)
            now = time.time()
            for event in answer.get("events", []):
                seq = event.get("seq") or 0
                if seq and seq <= self.after:
                    self.duplicates += 1
                    continue
                self.messages += 1
                if event.get("kind") == "idea":
                    self.idea_messages += 1
                    if self.kind == "wall" and event.get("idea"):
                        self.seen.setdefault(event["idea"]["id"], now)
            self.after = max(self.after, int(answer.get("latest") or 0))
            return bool(answer.get("events"))
        except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            totals.poll_failures += 1
            return False

    def summary(self):
        return {"kind": self.kind, "number": self.number, "code": self.code, "server": self.server,
                "messages": self.messages, "idea_messages": self.idea_messages, "duplicates": self.duplicates,
                "reconnects": self.reconnects, "pushed_to_polling": self.pushed_to_polling}


async def watchdog(streams):
    """live.js's watchdog for every stream: silence for 2.5 heartbeats means it is dead."""
    while True:
        await asyncio.sleep(1)
        now = time.monotonic()
        for stream in streams:
            if stream.writer is not None and now - stream.last_data > stream.heartbeat * 2.5:
                stream.silent = True
                stream.writer.transport.abort()


async def read_handoffs(fd, streams, tasks):
    """Phones handed over by locust, one JSON line each."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0))
    while True:
        line = await reader.readline()
        if not line:
            return
        phone = json.loads(line)
        stream = Stream("phone", phone["phone"], phone["target"], phone["code"], phone["after"], phone["cookie"])
        streams.append(stream)
        tasks.append(asyncio.create_task(stream.run()))


def raise_open_files_limit(needed=20000):
    """Every stream is an open socket: lift the soft limit (often 1024) as far as allowed."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


async def main():
    raise_open_files_limit()
    streams, tasks = [], []
    for number, wall in enumerate(CONFIG.get("walls", [])):
        stream = Stream("wall", number, wall["target"], wall["code"], wall.get("after", 0), key=wall["key"])
        streams.append(stream)
        tasks.append(asyncio.create_task(stream.run()))
    tasks.append(asyncio.create_task(watchdog(streams)))
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    loop.add_signal_handler(signal.SIGINT, stopping.set)
    handoffs = None
    if CONFIG.get("fifo"):
        fd = os.open(CONFIG["fifo"], os.O_RDONLY | os.O_NONBLOCK)
        os.open(CONFIG["fifo"], os.O_WRONLY)  # a writer of its own: no end of file between locust's writers
        handoffs = asyncio.create_task(read_handoffs(fd, streams, tasks))
    print("ready", flush=True)
    await stopping.wait()
    for stream in streams:
        stream.stopping = True
    for task in tasks + ([handoffs] if handoffs else []):
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    result = {
        "streams": [stream.summary() for stream in streams],
        "walls": [{"code": s.code, "server": s.server, "seen": s.seen} for s in streams if s.kind == "wall"],
        "connects": totals.connects, "connect_failures": totals.connect_failures, "refused": totals.refused,
        "polls": totals.polls, "poll_failures": totals.poll_failures, "no_hello": totals.no_hello, "errors": totals.errors,
    }
    with open(CONFIG["out"], "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    try:  # libuv's loop: half the CPU per message of asyncio's own (requirements-dev.txt)
        import uvloop
    except ImportError:
        uvloop = None
    sys.exit(uvloop.run(main()) if uvloop else asyncio.run(main()))
