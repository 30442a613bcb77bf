"""Locust users for bench/load.py, which starts locust headless with this file.

Locust patches the standard library with gevent, so it runs in a process of its own and
is never imported by pytest or by bench/load.py. Settings come as JSON in the
environment variable BENCH_LOAD; results that locust's CSV does not hold (when each idea
was acknowledged, what the phones' streams received, saturation timings) are written as
JSON to the path in its "out" key when locust quits.

Users:
- ``Attendee``: a phone in the hall. Joins (join page, nickname form, ideas page), keeps
  the live stream open, posts its ideas and gives its dots at planned moments.
- ``AppPoster`` / ``BaselinePoster``: closed-loop posting for the throughput comparison;
  each posts as fast as it gets answers until the run's request count is reached.
"""

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlsplit

import gevent
from gevent import socket
from locust import FastHttpUser, constant, events, task

CONFIG = json.loads(os.environ.get("BENCH_LOAD", "{}"))
TARGETS = CONFIG.get("targets", ["http://127.0.0.1:5000"])
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SEQ = re.compile(r'data-seq="(\d+)"')
EVENT_ID = re.compile(rb"(?:^|\n)id: (\d+)")
IDEA_ID = re.compile(r"#idea-(\d+)")

# The hall's workshops: phone n joins CODES[n % len(CODES)] (bench/load.py --workshops).
CODES = CONFIG.get("codes") or [CONFIG.get("code")]
attendee_numbers = itertools.count()
acks = {}  # idea id -> time.time() when the phone had the answer
idea_workshop = {}  # idea id -> workshop code
idea_owner = {}  # idea id -> attendee number (nobody gives a dot to their own idea)
public_ideas = {code: [] for code in CODES}
# Every request's time by name and server, so bench/load.py can give per-server and
# combined percentiles (locust's CSV only has them per name).
samples, failures = {}, {}
phones = {"stream_messages": 0, "stream_idea_messages": 0, "reconnects": 0, "refused": 0,
          "dropped": 0, "plans_done": 0, "votes_skipped": 0, "resent": 0, "errors": []}
RESENT = "resent (kept-alive connection closed)"
# How a request on a kept-alive connection fails when the server closed that connection
# (idle past its keep-alive) in the moment the request went out: no answer at all.
_CLOSED = ("closed", "reset", "broken pipe", "remotedisconnected", "eof")
saturation = {"sent": 0, "done": 0, "first": None, "last": None}

TOPICS = ["Mitfahrbank", "Rufbus", "Glasfaser", "Dorfladen", "Coworking", "Spielplatz", "Radweg",
          "Bürgerbus", "WLAN am Marktplatz", "Ärztehaus", "Jugendtreff", "Nachbarschaftshilfe"]
PLACES = ["Albersdorf", "Heide", "Meldorf", "Büsum", "Brunsbüttel", "Wesselburen", "Marne"]


def idea_text(number, ordinal):
    random.seed(number * 7 + ordinal)
    return (f"{random.choice(TOPICS)} für {random.choice(PLACES)}: Vorschlag {ordinal + 1} "
            f"von Telefon {number}, damit alle Generationen gut mitkommen 🚲")


@events.request.add_listener
def _sample(name, response_time, exception=None, url=None, **_kwargs):
    server = next((number for number, target in enumerate(TARGETS) if url and url.startswith(target)), 0)
    if exception is None:
        samples.setdefault(name, {}).setdefault(server, []).append(round(response_time, 2))
    else:
        failures.setdefault(name, {}).setdefault(server, 0)
        failures[name][server] += 1


def handoff(line):
    """Give a phone's stream to bench/stream_clients.py (one line on its FIFO, atomic)."""
    global _fifo
    if _fifo is None:
        _fifo = os.open(CONFIG["fifo"], os.O_WRONLY)
    os.write(_fifo, (json.dumps(line) + "\n").encode())


_fifo = None


def fire(environment, name, started, length=0, exception=None, method="GET", url=None):
    environment.events.request.fire(
        request_type=method, name=name, response_time=(time.perf_counter() - started) * 1000,
        response_length=length, exception=exception, context={}, url=url,
    )


# Every request carries this user agent, and bench/load.py looks for it (and for the
# client's address) in the database, the server logs and Redis after the run.
USER_AGENT = CONFIG.get("user_agent", "Mozilla/5.0 (Linux; Android 14) participation-load-bench")


def _head_and_first_message(buffer):
    """Whether ``buffer`` holds a stream answer's head and, if it is a stream, its first message."""
    head, found, body = buffer.partition(b"\r\n\r\n")
    return bool(found) and (head.split(b" ", 2)[1] != b"200" or b"\n\n" in body)


def _closed_connection(response):
    """A request that got no answer because its kept-alive connection was closed under it."""
    return response.status_code == 0 and any(word in repr(response.error).lower() for word in _CLOSED)


class Attendee(FastHttpUser):
    """One phone: join, stream, then three ideas and three dots spread over the event."""

    host = TARGETS[0]
    wait_time = constant(3600)
    default_headers = {"User-Agent": USER_AGENT}

    def url(self, path):
        """Requests go round-robin over the servers, as a load balancer would send them."""
        self.turn += 1
        return TARGETS[self.turn % len(TARGETS)] + path

    def send(self, method, path, name, **kwargs):
        """A request as a phone's browser sends it: once more, on a new connection, when the
        kept-alive connection it went out on had just been closed by the server (idle past
        gunicorn's keep-alive) and no answer came. Browsers resend such a request by
        themselves, and phone.js's queue sends an idea again with the same idempotency key,
        so the person never sees it. The first attempt is counted under ``RESENT``, not as a
        failure; a resend that fails again is a failure like any other."""
        url = self.url(path)
        with self.client.request(method, url, name=name, catch_response=True, **kwargs) as response:
            closed = _closed_connection(response)
            if closed:
                response.request_meta["name"] = RESENT
                response.success()
        if not closed:
            return response
        phones["resent"] += 1
        return self.client.request(method, url, name=name, **kwargs)

    def on_start(self):
        self.number = next(attendee_numbers)
        self.turn = self.number
        self.running = True
        self.plan, self.voted, self.ideas_posted = [], set(), 0
        self.stream_greenlet = None
        self.code = code = CODES[self.number % len(CODES)]
        try:
            page = self.send("GET", f"/j/{code}", "join: page")
            if page.status_code != 200:
                raise ValueError(f"join page answered {page.status_code}")
            self.token = CSRF.search(page.text).group(1)
            self.send("POST", f"/j/{code}", "join: submit", allow_redirects=False,
                      data={"nickname": f"Telefon {self.number}", "csrf_token": self.token})
            page = self.send("GET", f"/j/{code}/ideas", "ideas page")
            self.seq = int(SEQ.search(page.text).group(1))
            self.question_ids = [int(q) for q in re.findall(r'name="question_id"[^>]*value="(\d+)"', page.text)]
        except Exception as error:  # counted; this phone does nothing more
            phones["errors"].append(f"join: {error!r}"[:200])
            return
        if CONFIG.get("fifo"):  # the stream lives in bench/stream_clients.py
            cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.client.cookiejar)
            handoff({"phone": self.number, "code": code, "target": TARGETS[self.number % len(TARGETS)],
                     "after": self.seq, "cookie": cookies})
        else:
            self.stream_greenlet = gevent.spawn(self.follow_stream)
        # Each phone spreads its actions over the event's length from the moment it joined.
        now = time.time()
        actions = ["idea"] * CONFIG["ideas"] + ["vote"] * CONFIG["votes"]
        random.shuffle(actions)
        first = {"idea": now + 1, "vote": now + CONFIG.get("first_dot_seconds", 1)}
        self.plan = sorted((random.uniform(first[action], now + CONFIG["activity_seconds"]), action)
                           for action in actions)

    def on_stop(self):
        self.running = False
        if self.stream_greenlet is not None:
            self.stream_greenlet.kill(block=False)

    @task
    def follow_plan(self):
        deferred = []
        for moment, action in self.plan:
            gevent.sleep(max(0.0, moment - time.time()))
            if action == "idea":
                self.post_idea(self.ideas_posted)
                self.ideas_posted += 1
            elif not self.vote():
                deferred.append(action)
        for _ in deferred:  # no idea of others yet when planned: give the dot at the end
            if not self.vote():
                phones["votes_skipped"] += 1
        if self.plan:
            phones["plans_done"] += 1
        gevent.sleep(3600)

    def post_idea(self, ordinal):
        """As phone.js sends an idea: JSON to the API, then "Meine Ideen" read again (the
        section alone, ideas/mine). ``--form-posts`` posts the plain form instead and draws
        the whole page after its redirect, as a phone without JavaScript does."""
        code = self.code
        question_id = self.question_ids[(self.number + ordinal) % len(self.question_ids)]
        key = f"bench-{self.number:05d}-{ordinal}"
        if CONFIG.get("form_posts"):
            form = {"question_id": str(question_id), "text": idea_text(self.number, ordinal),
                    "idempotency_key": key, "csrf_token": self.token}
            with self.client.post(self.url(f"/j/{code}/ideas"), data=form, name="post idea",
                                  allow_redirects=False, catch_response=True) as response:
                match = IDEA_ID.search(response.headers.get("Location") or "")
                if response.status_code != 302 or match is None:
                    response.failure(f"status {response.status_code}")
                    return
                idea_id = int(match.group(1))
            then = (f"/j/{code}/ideas", "ideas page")  # the redirect's page
        else:
            response = self.send("POST", f"/api/workshops/{code}/ideas", "post idea",
                                 json={"question_id": question_id, "text": idea_text(self.number, ordinal),
                                       "idempotency_key": key},
                                 headers={"Accept": "application/json", "X-CSRFToken": self.token})
            if response.status_code not in (200, 201):  # a failure in locust's count already (>= 400 or none)
                return
            idea_id = int(response.json()["idea"]["id"])
            then = (f"/j/{code}/ideas/mine", "my ideas")
        acks[idea_id] = time.time()
        idea_owner[idea_id] = self.number
        idea_workshop[idea_id] = code
        public_ideas[code].append(idea_id)
        self.send("GET", then[0], then[1])

    def vote(self):
        candidates = [i for i in public_ideas[self.code][-300:] if idea_owner[i] != self.number and i not in self.voted]
        if not candidates:
            return False
        idea_id = random.choice(candidates)
        self.voted.add(idea_id)
        self.send("POST", f"/j/{self.code}/ideas/{idea_id}/vote", "vote",
                  headers={"Accept": "application/json", "X-CSRFToken": self.token})
        return True

    # --- the live stream ----------------------------------------------------------------------

    def follow_stream(self):
        target = urlsplit(TARGETS[self.number % len(TARGETS)])
        after = self.seq
        while self.running:
            started = time.perf_counter()
            try:
                after = self.stream_once(target, after, started)
            except (OSError, ValueError) as error:
                if not self.running:
                    return
                phones["dropped"] += 1
                fire(self.environment, "SSE connect", started, exception=error, url=TARGETS[self.number % len(TARGETS)])
                gevent.sleep(1.5)
            phones["reconnects"] += 1

    def stream_once(self, target, after, started):
        sock = socket.create_connection((target.hostname, target.port), timeout=60)
        try:
            # EventSource sends the page's cookies: the stream belongs to this phone's session
            # (the server caps streams per session, and clients without one share a small budget).
            cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.client.cookiejar)
            sock.sendall(f"GET /w/{self.code}/events?view=phone&after={after} HTTP/1.0\r\n"
                         f"Host: {target.netloc}\r\nAccept: text/event-stream\r\nUser-Agent: {USER_AGENT}\r\n"
                         f"Cookie: {cookies}\r\n\r\n".encode())
            buffer = b""
            # Until the head, and for a stream its first message (a refusal's JSON has none).
            while not _head_and_first_message(buffer):
                data = sock.recv(65536)
                if not data:
                    raise ValueError("stream closed before its first message")
                buffer += data
            head, _, body = buffer.partition(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            if status == 503:  # the server has no thread for another stream: poll like live.js
                phones["refused"] += 1
                fire(self.environment, "SSE connect (refused, polls)", started, url=target.geturl())
                return self.poll_for(after, 30)
            if status != 200:
                raise ValueError(f"stream status {status}")
            fire(self.environment, "SSE connect", started, len(body), url=target.geturl())
            while True:
                phones["stream_messages"] += body.count(b"\n\n")
                phones["stream_idea_messages"] += body.count(b'"kind": "idea"')
                ids = EVENT_ID.findall(body)
                if ids:
                    after = int(ids[-1])
                body = sock.recv(65536)
                if not body:
                    return after  # the stream's lifetime ended: reconnect after the last id
        finally:
            sock.close()

    def poll_for(self, after, seconds):
        ends = time.time() + seconds
        while self.running and time.time() < ends:
            response = self.send("GET", f"/w/{self.code}/events.json?view=phone&after={after}", "poll (fallback)")
            if response.status_code == 200:
                after = max(after, response.json()["latest"])
            gevent.sleep(2)
        return after


class _Poster(FastHttpUser):
    """Closed loop: post, wait for the answer, post again, until the run's count is done."""

    abstract = True
    wait_time = constant(0)
    host = TARGETS[0]

    @task
    def post(self):
        if saturation["sent"] >= CONFIG["requests"]:
            gevent.sleep(1)
            return
        number = saturation["sent"]
        saturation["sent"] += 1
        self.turn += 1
        target = TARGETS[self.turn % len(TARGETS)]
        now = time.time()
        if saturation["first"] is None:
            saturation["first"] = now
        self.send(target, number)
        saturation["done"] += 1
        saturation["last"] = time.time()
        if saturation["done"] >= CONFIG["requests"]:
            gevent.spawn(self.environment.runner.quit)  # not from this greenlet: quit stops it


class AppPoster(_Poster):
    def on_start(self):
        self.turn = random.randrange(len(TARGETS))
        self.token = self.client.get(TARGETS[0] + "/api/session", name="session").json()["csrf_token"]
        self.question_ids = [q["id"] for q in self.client.get(
            f"{TARGETS[0]}/api/workshops/{CONFIG['code']}", name="workshop").json()["questions"]]

    def send(self, target, number):
        self.client.post(f"{target}/api/workshops/{CONFIG['code']}/ideas", name="POST (app)",
                         headers={"X-CSRFToken": self.token},
                         json={"question_id": self.question_ids[number % len(self.question_ids)],
                               "text": idea_text(number, 0), "idempotency_key": f"{CONFIG['label']}-{number:06d}"})


class BaselinePoster(_Poster):
    def on_start(self):
        self.turn = random.randrange(len(TARGETS))

    def send(self, target, number):
        self.client.post(f"{target}/ideas", name="POST (baseline)", json={"text": idea_text(number, 0)})


@events.quitting.add_listener
def _write_results(environment, **_kwargs):
    if CONFIG.get("out"):
        with open(CONFIG["out"], "w") as handle:
            json.dump({"acks": acks, "idea_workshop": idea_workshop, "phones": phones, "saturation": saturation,
                       "samples": samples, "failures": failures}, handle)
