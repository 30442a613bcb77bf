"""Real gunicorn servers for tests that need several processes (fan-out, browsers, faults)."""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import redis

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Generous: a loaded machine may take long to start a server or answer a worker's first
# request (it imports the analysis); only a server that never answers fails a test.
STARTUP_SECONDS = 120
REQUEST_SECONDS = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid):
    """The pids of ``pid``'s child processes (a gunicorn master's workers), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def server_env(instance, **extra):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL")}
    env.update(PARTICIPATION_INSTANCE=str(instance), SECRET_KEY="test-secret-for-servers")
    env.update({key: str(value) for key, value in extra.items() if value is not None})
    return env


def flask(env, *args, input=None):
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT, env=env, input=input, capture_output=True, text=True, check=True,
    )


@contextlib.contextmanager
def gunicorn(env, workers=3, threads=16, port=None):
    """A gunicorn instance on a free port (or ``port``); yields its base URL.

    Its log goes to a temporary file, not a pipe: a busy server writes a line per request,
    and a pipe nobody reads would fill up and stop it.
    """
    with tempfile.TemporaryFile(mode="w+") as log:
        process = start_gunicorn(env, port or free_port(), log, workers=workers, threads=threads)
        try:
            yield process.base
        finally:
            stop_gunicorn(process)


def start_gunicorn(env, port, log, workers=3, threads=16, app="wsgi:app"):
    """Start gunicorn on ``port``, logging to the open file ``log``; returns the process
    (with ``.base``, its URL) once it answers."""
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", app],
        cwd=ROOT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers), "THREADS": str(threads)},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    process.base = f"http://127.0.0.1:{port}"
    return wait_until_answering(process, log)


def wait_until_answering(process, log):
    """``process`` (a gunicorn just started, with ``.base``) once it answers; stopped, and
    the end of its ``log`` in the error, when it exits or stays silent."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(process.base + "/", timeout=10):
                return process
        except urllib.error.HTTPError:
            return process  # it answers, if not with 200
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_gunicorn(process)
                log.seek(0)
                raise RuntimeError("gunicorn did not start:\n" + log.read()[-5000:])
            time.sleep(0.2)


def stop_gunicorn(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def postgres_schema(postgres_url, prefix):
    """A PostgreSQL schema of its own, dropped afterwards; yields a database URL that uses it."""
    from sqlalchemy import create_engine, text

    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


# --- clients -----------------------------------------------------------------------------


class Phone:
    """An attendee talking to the JSON API; ``bases`` are servers it uses in turn (one
    cookie jar for all, as behind a load balancer)."""

    def __init__(self, bases, code, timeout=REQUEST_SECONDS, headers=None):
        self.bases = [bases] if isinstance(bases, str) else list(bases)
        self.code, self.timeout, self.turn = code, timeout, 0
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        if headers:  # sent with every request, e.g. a phone's User-Agent
            self.opener.addheaders = list(headers.items())
        self.token = self.request("GET", "/api/session")[1]["csrf_token"]
        self.question_ids = [q["id"] for q in self.request("GET", f"/api/workshops/{code}")[1]["questions"]]

    def request(self, method, path, body=None, base=None):
        """(status, JSON body); HTTP errors are answers too."""
        if base is None:
            base = self.bases[self.turn % len(self.bases)]
            self.turn += 1
        request = urllib.request.Request(
            base + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     "X-CSRFToken": getattr(self, "token", "")},
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read() or b"{}")

    def join(self, nickname="", base=None):
        """Join with the nickname form, as a phone without JavaScript does; returns the status."""
        base = base or self.bases[0]
        form = urlencode({"nickname": nickname, "csrf_token": self.token}).encode()
        with self.opener.open(urllib.request.Request(f"{base}/j/{self.code}", data=form), timeout=self.timeout) as page:
            return page.status

    def post(self, text, key, base=None, question=0):
        body = {"question_id": self.question_ids[question % len(self.question_ids)], "text": text,
                "idempotency_key": key}
        return self.request("POST", f"/api/workshops/{self.code}/ideas", body, base)

    def vote(self, idea_id, base=None):
        return self.request("POST", f"/api/workshops/{self.code}/ideas/{idea_id}/vote", base=base)


class EventStream(threading.Thread):
    """A wall's or phone's stream read like EventSource does: it reconnects by itself after
    a drop, sending Last-Event-ID, and records when each idea first arrived."""

    def __init__(self, base, code, view="phone", key=None, after=0, retry=0.3):
        super().__init__(daemon=True)
        self.base, self.code, self.view, self.key = base, code, view, key
        self.last_id, self.retry = after, retry
        self.arrived = {}  # idea id -> time.time() of its first event
        self.texts = {}  # idea id -> text
        self.seqs = []  # every event id received, in order (duplicates would show here)
        self.connected = threading.Event()
        self.connections = 0
        self.stopping = False

    def run(self):
        while not self.stopping:
            try:
                self._follow()
            except (OSError, ValueError):
                pass
            self.connected.clear()
            if not self.stopping:
                time.sleep(self.retry)

    def _follow(self):
        parts = urlsplit(self.base)
        query = urlencode({"view": self.view, **({"key": self.key} if self.key else {})})
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("GET", f"/w/{self.code}/events?{query}",
                               headers={"Last-Event-ID": str(self.last_id), "Accept": "text/event-stream"})
            response = connection.getresponse()
            if response.status != 200:
                raise ValueError(f"stream answered {response.status}")
            event_id, data = None, None
            while not self.stopping:
                raw = response.readline()
                if not raw:
                    return
                line = raw.decode().rstrip("\r\n")
                if line.startswith("id: "):
                    event_id = int(line[4:])
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                elif line == "" and data is not None:
                    if data.get("kind") == "hello":
                        self.connections += 1
                        self.connected.set()
                    if event_id is not None:
                        self.seqs.append(event_id)
                        self.last_id = event_id
                    if data.get("kind") == "idea":
                        self.arrived.setdefault(data["idea"]["id"], time.time())
                        self.texts[data["idea"]["id"]] = data["idea"]["text"]
                    event_id, data = None, None
        finally:
            connection.close()

    def stop(self):
        self.stopping = True


WORKSHOP_SCRIPT = """
import json
from participation import create_app
from participation.auth.services import create_moderator
from participation.workshops.services import create_workshop
from participation.workshops.wall_keys import ensure_wall_token
app = create_app()
with app.app_context():
    owner = create_moderator("servers", "servers-password-0123456789")
    workshop = create_workshop(owner, "dithmarschen", title="Servertest")
    print(json.dumps({"code": workshop.code, "wall_key": ensure_wall_token(workshop)}))
"""


def migrate_and_create_workshop(env):
    """Migrate the database of ``env`` and create a workshop; returns {"code", "wall_key"}."""
    flask(env, "db", "upgrade")
    made = subprocess.run([str(BIN / "python"), "-c", WORKSHOP_SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(made.stdout.strip().splitlines()[-1])


class RedisServer:
    """A redis-server of a test's own (never the shared one) that can be stopped and started."""

    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.RedisError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def subscribers(self, channel="participation:events"):
        """How many clients listen on ``channel`` (0 while the server is down)."""
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        try:
            return client.pubsub_numsub(channel)[0][1]
        except redis.RedisError:
            return 0
        finally:
            client.close()
