"""What a real server keeps of the people in the room, read off the disk and Redis.

A gunicorn behind a (pretend) reverse proxy serves phones that send a user agent and an
address no one else uses. After they joined, posted, gave dots and followed the live
stream, after a phone reported its offline queue, after a moderator logged in (once with
a wrong password) and a helper typed a paper card through the "Kartenerfassung" link,
neither the SQLite file with its WAL, nor the server's log, nor Redis hold that address,
user agent or the link's key. Then the moderator deletes the workshop, and its ideas are gone from the
database file, the WAL and Redis.
"""

import re
import sqlite3
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
import redis

from helpers import redis_test_url
from servers import EventStream, Phone, free_port, migrate_and_create_workshop, server_env, start_gunicorn, stop_gunicorn

pytestmark = pytest.mark.servers

REDIS_URL = redis_test_url(12)
ADDRESS = "203.0.113.77"  # TEST-NET-3: the phone's address as the proxy reports it
USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5) Datenschutzprobe-" + uuid.uuid4().hex[:8]
HEADERS = {"User-Agent": USER_AGENT, "X-Forwarded-For": ADDRESS, "X-Forwarded-Proto": "http"}
TEXTS = [
    "Datenschutzprobe: Glasfaser bis in jede Hofstelle bei Süderheistedt 🐄",
    "Datenschutzprobe: Ein Repair-Café im Gemeindehaus von Wöhrden",
    "Datenschutzprobe: Sprechstunde für Smartphone-Fragen in der Bücherei",
]
CARD = "Datenschutzprobe: Papierkarte – Bücherbus auch nach Hemmingstedt"


def _redis_or_skip():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    return client


def _redis_contents(client):
    chunks = []
    for key in client.scan_iter(count=1000):
        chunks += [key, client.dump(key) or b""]
    return b"\n".join(chunks)


def _disk(database):
    return b"".join(path.read_bytes() for path in (database, database.with_name(database.name + "-wal"))
                    if path.exists())


class Moderator:
    """A browser of the moderator, through the same proxy."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.opener.addheaders = list(HEADERS.items())

    def form(self, path, token_from=None, **fields):
        """Post ``fields`` to ``path`` with the CSRF token of the page at ``token_from``
        (default: ``path`` itself)."""
        with self.opener.open(self.base + (token_from or path), timeout=10) as page:
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
        data = urlencode({"csrf_token": token, **fields}).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()


def test_no_address_or_user_agent_is_kept_and_deleted_ideas_leave_no_trace(tmp_path):
    client = _redis_or_skip()
    client.flushdb()
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("TRUSTED_PROXIES = 1\n")
    env = server_env(instance, REDIS_URL=REDIS_URL)
    workshop = migrate_and_create_workshop(env)
    database = instance / "participation.sqlite"
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        server = start_gunicorn(env, free_port(), log, workers=2, threads=16)
        try:
            wall = EventStream(server.base, workshop["code"], view="wall", key=workshop["wall_key"])
            wall.start()
            assert wall.connected.wait(15)
            phones = [Phone(server.base, workshop["code"], headers=HEADERS) for _ in range(2)]
            assert phones[0].join("Probandin") in (200, 302)
            ideas = []
            for number, text in enumerate(TEXTS):
                status, body = phones[number % 2].post(text, f"privacy-{number:04d}")
                assert status == 201, body
                ideas.append(body["idea"]["id"])
            assert phones[1].vote(ideas[0])[0] == 200
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not set(ideas) <= set(wall.arrived):
                time.sleep(0.1)
            assert set(ideas) <= set(wall.arrived)
            wall.stop()

            moderator = Moderator(server.base)
            assert moderator.form("/moderation/login", username="servers", password="falsch-falsch-falsch")[0] < 500
            status, _ = moderator.form("/moderation/login", username="servers", password="servers-password-0123456789")
            assert status == 200  # followed the redirect to the dashboard

            workshop_id = sqlite3.connect(database).execute(
                "SELECT id FROM workshop WHERE code = ?", (workshop["code"],)).fetchone()[0]

            # A phone reports its offline queue; a helper with the "Kartenerfassung" link
            # (through the same proxy, with the same address and user agent) types a card.
            code = workshop["code"]
            assert phones[0].request("POST", f"/j/{code}/warteschlange", {"waiting": 2})[0] == 200
            console = f"/moderation/workshops/{workshop_id}/console"
            status, page = moderator.form(f"/moderation/workshops/{workshop_id}/karten/link", token_from=console)
            assert status == 200, page
            cards_key = re.search(r"/karten/[^\s\"<?]+\?key=([A-Za-z0-9_\-]+)", page).group(1)
            helper = Moderator(server.base)  # a browser without an account
            status, _ = helper.form(f"/karten/{code}?key={cards_key}", question_id=str(phones[0].question_ids[0]),
                                    text=CARD, card_key="datenschutz-karte-0001")
            assert status == 200, "the card was stored and the page followed its redirect"

            on_disk, in_redis = _disk(database), _redis_contents(client)
            log.flush()
            logged = log_path.read_bytes()
            assert TEXTS[0].encode() in on_disk and CARD.encode() in on_disk  # the scan reads the right file
            assert b"route=/api/workshops/<code>/ideas" in logged  # and the request log
            assert b"route=/karten/<code>" in logged
            for trace in (ADDRESS.encode(), USER_AGENT.encode(), b"Datenschutzprobe-", cards_key.encode()):
                assert trace not in on_disk, f"{trace!r} in the database file or its WAL"
                assert trace not in logged, f"{trace!r} in the server log"
                assert trace not in in_redis, f"{trace!r} in Redis"
            status, page = moderator.form(f"/moderation/workshops/{workshop_id}/delete", confirm_title="Servertest")
            assert status == 200 and "Servertest" in page

            # While the server still runs: closing the last connection would empty the WAL anyway.
            on_disk, in_redis = _disk(database), _redis_contents(client)
            assert on_disk, "the database file is there"
            for text in [*TEXTS, CARD]:
                assert text.encode() not in on_disk, "a deleted idea is still in the database file or its WAL"
                assert text.encode() not in in_redis, "a deleted idea is still in Redis"
        finally:
            stop_gunicorn(server)
            client.flushdb()
