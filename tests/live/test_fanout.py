"""Live events across real gunicorn workers and servers, with and without Redis.

Every stream must receive every event exactly once and in order, whichever worker or
server took the post, and a stream broken in the middle of an event resumes from the
last complete one without a gap or a duplicate.
"""

import codecs
import http.client
import json
import re
import shutil
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlsplit

import pytest
import redis

from helpers import redis_test_url
from servers import flask, gunicorn, server_env

REDIS_URL = redis_test_url(14)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated SQLite instance with the demo workshop, made once; returns (folder, code)."""
    folder = tmp_path_factory.mktemp("fanout") / "instance"
    flask(server_env(folder), "db", "upgrade")
    output = flask(server_env(folder), "bootstrap").stdout
    return folder, re.search(r"Code:\s+([A-Z0-9]{6})", output).group(1)


@pytest.fixture
def instance(migrated, tmp_path):
    """A fresh copy of the migrated instance for each test (its events start at 1); returns (env, code)."""
    folder, code = migrated
    shutil.copytree(folder, tmp_path / "instance")
    return server_env(tmp_path / "instance"), code


class Phone:
    """An attendee's phone talking to the JSON API (its own cookies and CSRF token)."""

    def __init__(self, base, code):
        self.base, self.code = base, code
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.token = self._json("GET", "/api/session")["csrf_token"]
        self.question_ids = [q["id"] for q in self._json("GET", f"/api/workshops/{code}")["questions"]]

    def _json(self, method, path, body=None):
        request = urllib.request.Request(
            self.base + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "X-CSRFToken": getattr(self, "token", "")},
        )
        with self.opener.open(request, timeout=60) as response:
            return json.load(response)

    def post(self, text, number):
        body = {"question_id": self.question_ids[number % 3], "text": text, "idempotency_key": f"fanout-{number:05d}"}
        return self._json("POST", f"/api/workshops/{self.code}/ideas", body)


class StreamReader(threading.Thread):
    """Reads a wall's event stream like a browser's EventSource does, into ``events``."""

    def __init__(self, base, code, after=0, stop_after=None, break_after_bytes=None, wanted=None):
        """``stop_after``: stop once this many distinct ideas were seen (events about
        ideas also come from the analysis, which files each idea under a field)."""
        super().__init__(daemon=True)
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
        self.path = f"/w/{code}/events?after={after}"
        self.events = []  # complete events: (seq, message)
        self.stop_after = stop_after
        self.wanted = set(wanted or ())
        self.break_after_bytes = break_after_bytes
        self.ready = threading.Event()
        self.broken_mid_event = False

    def run(self):
        # A browser session first, as a phone has after loading its page: streams without
        # one share a small budget per address.
        self.connection.request("GET", "/api/session")
        session = self.connection.getresponse()
        session.read()
        cookie = session.headers["Set-Cookie"].split(";", 1)[0]
        self.connection.request("GET", self.path, headers={"Cookie": cookie})
        response = self.connection.getresponse()
        decoder = codecs.getincrementaldecoder("utf-8")()
        buffer, event_id, data, received = "", None, None, 0
        try:
            while not self._done():
                raw = response.read1(1 if self.break_after_bytes else 65536)
                if not raw:
                    return
                received += len(raw)
                buffer += decoder.decode(raw)
                while "\n" in buffer:
                    line, buffer = buffer.split("\n", 1)
                    if line.startswith("id: "):
                        event_id = int(line[4:])
                    elif line.startswith("data: "):
                        data = json.loads(line[6:])
                    elif line == "":
                        if data is not None and data.get("kind") == "hello":
                            self.ready.set()
                        elif data is not None and data.get("kind") != "ping":
                            self.events.append((event_id, data))
                        event_id, data = None, None
                if self.break_after_bytes and self.events and received >= self.break_after_bytes and buffer:
                    self.broken_mid_event = True  # part of the next event is read, the rest is lost
                    return
        finally:
            self.connection.close()


def _idea_texts(events):
    return list(dict.fromkeys(message["idea"]["text"] for _, message in events if message["kind"] == "idea"))


StreamReader.idea_texts = lambda self: _idea_texts(self.events)
StreamReader._done = lambda self: (
    (self.stop_after is not None and len(self.idea_texts()) >= self.stop_after)
    or (bool(self.wanted) and self.wanted <= set(self.idea_texts()))
)


def _open_streams(base, code, count, expected):
    readers = [StreamReader(base, code, stop_after=expected) for _ in range(count)]
    for reader in readers:
        reader.start()
    for reader in readers:
        assert reader.ready.wait(60), "stream did not say hello"
    return readers


def _assert_complete(readers, texts):
    for reader in readers:
        reader.join(timeout=60)
        assert not reader.is_alive(), f"stream saw {len(reader.idea_texts())} of {len(texts)} ideas"
        seqs = [seq for seq, _ in reader.events]
        assert seqs == list(range(1, len(seqs) + 1))  # every event once, in order, no gap
        assert reader.idea_texts() == texts


def _post_from_many_phones(base, code, texts, start=0, phones=None):
    phones = phones or [Phone(base, code) for _ in range(5)]
    for number, text in enumerate(texts, start=start):
        phones[number % len(phones)].post(text, number)
    return phones


TEXTS = [f"Idee {n}: Glasfaser nach Wöhrden und Hemmingstedt 📶" for n in range(15)]


def test_posts_reach_streams_on_every_worker(instance):
    env, code = instance
    with gunicorn(env, workers=3) as base:
        readers = _open_streams(base, code, count=6, expected=len(TEXTS))
        _post_from_many_phones(base, code, TEXTS)
        _assert_complete(readers, TEXTS)


def test_posts_on_one_server_reach_streams_on_another(instance):
    env, code = instance
    with gunicorn(env, workers=2) as server_a, gunicorn(env, workers=2) as server_b:
        readers = _open_streams(server_b, code, count=3, expected=len(TEXTS))
        _post_from_many_phones(server_a, code, TEXTS)
        _assert_complete(readers, TEXTS)


def test_fan_out_through_redis(instance):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    env, code = instance
    env = {**env, "REDIS_URL": REDIS_URL}
    with gunicorn(env, workers=3) as server_a, gunicorn(env, workers=3) as server_b:
        readers = _open_streams(server_b, code, count=4, expected=len(TEXTS))
        deadline = time.monotonic() + 60
        while client.pubsub_numsub("participation:events")[0][1] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.pubsub_numsub("participation:events")[0][1] >= 1  # the feeders listen on Redis
        _post_from_many_phones(server_a, code, TEXTS)
        _assert_complete(readers, TEXTS)
    client.close()


def test_a_stream_broken_mid_event_resumes_without_gap_or_duplicate(instance):
    env, code = instance
    with gunicorn(env, workers=3) as base:
        phones = _post_from_many_phones(base, code, TEXTS[:6])
        first = StreamReader(base, code, break_after_bytes=700)
        first.start()
        first.join(timeout=60)
        assert first.broken_mid_event and 1 <= len(first.events) < 6
        last_complete = first.events[-1][0]

        _post_from_many_phones(base, code, TEXTS[6:], start=6, phones=phones)
        missing = [text for text in TEXTS if text not in first.idea_texts()]
        resumed = StreamReader(base, code, after=last_complete, wanted=missing)
        resumed.start()
        resumed.join(timeout=60)
        seen = [seq for seq, _ in first.events] + [seq for seq, _ in resumed.events]
        assert seen == list(range(1, len(seen) + 1))  # resumed right after the last complete event
        assert set(first.idea_texts()) | set(resumed.idea_texts()) == set(TEXTS)
