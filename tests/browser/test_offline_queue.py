"""Phones keep what people type (issue 20): drafts, the offline queue, the service worker.

A phone (Chromium, 390x844) goes offline with ``context.set_offline(True)``: ideas and a dot
wait in the queue on the phone, the page reopens offline (served by the service worker,
with drafts and queue), and once online everything reaches the wall exactly once. A TCP
proxy that loses the answer of every second POST after the server committed shows that
resending never stores an idea twice. Axe checks the page in every queue state.
"""

import os
import re
import socket
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

LIVE = 20_000  # ms: generous, the retry timer backs off (2 s, 4 s, ...) with jitter
SHOTS = os.environ.get("OFFLINE_SCREENSHOTS")  # a folder: the test saves phone screenshots there
FIRST = "Bürgerbus auch sonntags nach Heide"
SECOND = "Mehr Sitzbänke am Hafen in Büsum"
OTHERS = "Dorfladen mit Café in Wesselburen"
DRAFT = "Noch nicht fertig: ein Spielplatz am"


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _in_app(database_app, work):
    from participation.extensions import db

    with database_app.app_context():
        try:
            return work(db)
        finally:
            db.session.remove()


def _post_other(database_app, workshop_id, text):
    """Somebody else's idea, posted on the server (for a dot to give)."""
    from participation.workshops.models import Workshop
    from helpers import make_participant, post_idea

    def work(db):
        workshop = db.session.get(Workshop, workshop_id)
        return post_idea(workshop, make_participant(workshop, "other"), text).id

    return _in_app(database_app, work)


def _stored(database_app, workshop_id):
    """[(text, how many)] of the workshop's ideas, and its digital dots per idea id."""
    from participation.ideas.models import Idea
    from participation.ideas.models import Vote

    def work(db):
        ideas = db.session.execute(select(Idea.text, func.count(Idea.id)).where(
            Idea.workshop_id == workshop_id).group_by(Idea.text)).all()
        votes = db.session.execute(select(Vote.idea_id, func.count()).join(Idea, Idea.id == Vote.idea_id).where(
            Idea.workshop_id == workshop_id).group_by(Vote.idea_id)).all()
        return dict(ideas), dict(votes)

    return _in_app(database_app, work)


def _set_open(database_app, workshop_id, is_open):
    from participation.workshops.models import Workshop
    from participation.workshops.services import set_open

    _in_app(database_app, lambda db: set_open(db.session.get(Workshop, workshop_id), is_open))


def _join(page, code, nickname="Hanne"):
    page.goto(f"/j/{code}")
    page.get_by_label("Ihr Name oder Spitzname").fill(nickname)
    page.get_by_role("button", name="Los geht’s").click()
    page.wait_for_url(f"**/j/{code}/ideas")


def _wait_for_service_worker(page):
    """The worker controls the page and has kept the page and its files (sw.js, "keep")."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                           timeout=30_000)
    expect(page.locator("#phone-page")).to_have_attribute("data-offline-kept", re.compile("^[1-9]"), timeout=30_000)


def _question(page, index):
    return page.locator("section.question").nth(index)


def _send(page, index, text):
    section = _question(page, index)
    section.get_by_label("Ihre Idee").fill(text)
    section.get_by_role("button", name="Idee absenden").click()


def _queue_items(page):
    return page.locator("#queue-items > li")


def _queue_item(page, text):
    return page.locator("#queue-items > li", has_text=text)


def test_offline_ideas_and_a_dot_wait_on_the_phone_survive_a_reload_and_reach_the_wall_once(
        open_context, new_workshop, database_app):
    workshop = new_workshop()
    other_id = _post_other(database_app, workshop.id, OTHERS)
    phone_context = open_context("phone")
    page = phone_context.new_page()
    _join(page, workshop.code)
    _wait_for_service_worker(page)

    phone_context.set_offline(True)
    _send(page, 0, FIRST)
    expect(_queue_item(page, FIRST)).to_contain_text("wartet auf Netz")
    expect(page.get_by_text("Kein Netz: Ihre Idee wartet auf dem Handy")).to_be_visible()
    expect(_question(page, 0).get_by_label("Ihre Idee")).to_have_value("")  # the text is in the queue
    _send(page, 1, SECOND)
    expect(_queue_item(page, SECOND)).to_contain_text("wartet auf Netz")
    other = page.locator(f"#other-{other_id}")
    other.get_by_role("button", name=re.compile("^Punkt geben")).click()
    expect(_queue_item(page, OTHERS)).to_contain_text("wartet auf Netz")
    expect(other.get_by_role("button", name=re.compile("^Punkt zurücknehmen"))).to_be_visible()
    _question(page, 0).get_by_label("Ihre Idee").fill(DRAFT)  # typed, not sent
    _shot(page, "queue-waiting")
    assert_accessible(page, "the phone page with a waiting queue")

    page.reload()  # still offline: the service worker serves the kept page
    expect(page.get_by_role("heading", name="Auf diesem Handy")).to_be_visible()
    expect(_queue_items(page)).to_have_count(3)
    for text in (FIRST, SECOND, OTHERS):
        expect(_queue_item(page, text)).to_contain_text("wartet auf Netz")
    expect(_question(page, 0).get_by_label("Ihre Idee")).to_have_value(DRAFT)
    assert _stored(database_app, workshop.id)[0] == {OTHERS: 1}  # nothing has left the phone

    phone_context.set_offline(False)
    expect(_queue_item(page, FIRST)).to_contain_text("an der Wand", timeout=LIVE)
    expect(_queue_item(page, SECOND)).to_contain_text("an der Wand", timeout=LIVE)
    expect(_queue_item(page, OTHERS)).to_contain_text("Punkt gesendet", timeout=LIVE)
    expect(page.locator("#my-ideas > li")).to_have_count(2, timeout=LIVE)  # "Meine Ideen" without a reload
    expect(page.get_by_role("heading", name="Meine Ideen (2)")).to_be_visible()
    expect(_question(page, 0).get_by_label("Ihre Idee")).to_have_value(DRAFT)  # the draft stays
    _shot(page, "queue-sent")
    assert_accessible(page, "the phone page with a sent queue")

    ideas, votes = _stored(database_app, workshop.id)
    assert ideas == {FIRST: 1, SECOND: 1, OTHERS: 1}, ideas
    assert votes == {other_id: 1}, votes

    wall = open_context("wall", logged_in=True).new_page()
    wall.goto(f"/w/{workshop.code}/wall")
    expect(wall.locator(".wall-card[id]")).to_have_count(3)
    for text in (FIRST, SECOND, OTHERS):
        expect(wall.locator(".wall-card[id]", has_text=text)).to_have_count(1)
    expect(wall.locator(f"#wall-idea-{other_id} .wall-votes")).to_have_text("● 1")

    # The next visit starts with a clean queue (what was sent is in "Meine Ideen").
    page.reload()
    expect(_queue_items(page)).to_have_count(0)
    expect(page.locator("#offline-queue")).to_be_hidden()


def test_a_refusal_on_sending_is_shown_with_the_text_to_copy(open_context, new_workshop, database_app):
    workshop = new_workshop()
    phone_context = open_context("phone")
    page = phone_context.new_page()
    _join(page, workshop.code)
    phone_context.set_offline(True)
    _send(page, 0, FIRST)
    expect(_queue_item(page, FIRST)).to_contain_text("wartet auf Netz")

    _set_open(database_app, workshop.id, False)  # the moderator closes the workshop meanwhile
    phone_context.set_offline(False)
    item = _queue_item(page, FIRST)
    expect(item).to_contain_text("Nicht gespeichert", timeout=LIVE)
    expect(item).to_contain_text("Dieser Workshop nimmt gerade keine Ideen an")
    expect(item.get_by_label("Ihr Text (nicht gespeichert)")).to_have_value(FIRST)
    expect(item.get_by_label("Ihr Text (nicht gespeichert)")).to_have_attribute("readonly", "")
    _shot(page, "queue-refused")
    assert_accessible(page, "the phone page with a refused queue item")
    assert _stored(database_app, workshop.id)[0] == {}

    page.reload()  # the refused text stays on the phone until it is removed
    item = _queue_item(page, FIRST)
    expect(item).to_contain_text("Dieser Workshop nimmt gerade keine Ideen an")
    item.get_by_role("button", name=re.compile("^Entfernen")).click()
    expect(_queue_items(page)).to_have_count(0)
    page.reload()
    expect(_queue_items(page)).to_have_count(0)


def test_drafts_survive_a_reload_and_go_once_the_idea_is_stored(open_context, new_workshop, database_app):
    workshop = new_workshop()
    page = open_context("phone").new_page()
    _join(page, workshop.code)
    _question(page, 0).get_by_label("Ihre Idee").fill(DRAFT)
    _question(page, 1).get_by_label("Ihre Idee").fill(SECOND)
    page.reload()
    expect(_question(page, 0).get_by_label("Ihre Idee")).to_have_value(DRAFT)
    expect(_question(page, 1).get_by_label("Ihre Idee")).to_have_value(SECOND)

    _question(page, 1).get_by_role("button", name="Idee absenden").click()
    expect(page.get_by_text("Danke! Ihre Idee ist gespeichert.")).to_be_visible()
    expect(page.locator("#my-ideas > li", has_text=SECOND)).to_have_count(1)
    expect(_queue_items(page)).to_have_count(0)  # sent at once: never in the queue
    page.reload()
    expect(_question(page, 1).get_by_label("Ihre Idee")).to_have_value("")
    expect(_question(page, 0).get_by_label("Ihre Idee")).to_have_value(DRAFT)
    assert _stored(database_app, workshop.id)[0] == {SECOND: 1}


# --- a network that loses answers -----------------------------------------------------------


class LosingProxy:
    """A TCP proxy between browser and server that forwards every request and, once
    ``losing`` is set, throws away the answer of every second POST after the server has
    answered it (so after it committed): the browser sees the connection close empty."""

    def __init__(self, upstream):
        host, port = upstream.split("//", 1)[1].split(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.losing = False
        self.posts = 0
        self.lost = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.closed = True
        self.listener.close()

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    @staticmethod
    def _read_request(client):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        length = 0
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            if name.strip().lower() in ("connection", "keep-alive"):
                continue
            headers.append(line)
        while len(body) < length:
            chunk = client.recv(65536)
            if not chunk:
                return None
            body += chunk
        # one request per connection: nothing is ever resent on a reused socket
        request = "\r\n".join([lines[0], *headers, "Connection: close"]).encode("latin-1") + b"\r\n\r\n" + body
        return lines[0].split(" ", 2), request

    def _serve(self, client):
        try:
            read = self._read_request(client)
            if read is None:
                return
            (method, path, _), request = read
            with socket.create_connection(self.upstream) as upstream:
                upstream.sendall(request)
                if method != "POST":
                    while chunk := upstream.recv(65536):  # streams too: passed on as they come
                        client.sendall(chunk)
                    return
                answer = b""
                while chunk := upstream.recv(65536):  # the whole answer: the server has committed
                    answer += chunk
            with self.lock:
                lose = False
                if self.losing:
                    self.posts += 1
                    lose = self.posts % 2 == 0
                if lose:
                    self.lost.append(path)
            if not lose:
                client.sendall(answer)
        except OSError:
            pass
        finally:
            client.close()


@pytest.fixture
def losing_proxy(live_server):
    proxy = LosingProxy(live_server)
    yield proxy
    proxy.close()


def test_lost_answers_never_store_an_idea_twice(open_context, new_workshop, database_app, losing_proxy):
    workshop = new_workshop()
    page = open_context("phone", base_url=losing_proxy.url).new_page()
    _join(page, workshop.code)
    losing_proxy.losing = True
    texts = [f"Idee Nummer {number}: {FIRST}" for number in range(1, 7)]
    for number, text in enumerate(texts):
        _send(page, number % 2, text)
        # each one is either stored at once or waits in the queue: the box is free again
        expect(_question(page, number % 2).get_by_label("Ihre Idee")).to_have_value("")
    for text in texts:
        expect(page.locator("#my-ideas > li", has_text=text)).to_have_count(1, timeout=60_000)
    # what waited is sent by the retry timer (backing off: 2, 4, 8 ... s)
    expect(page.locator("#queue-items > li[data-state=waiting]")).to_have_count(0, timeout=120_000)
    assert any("/ideas" in path for path in losing_proxy.lost), losing_proxy.lost
    ideas, _votes = _stored(database_app, workshop.id)
    assert ideas == {text: 1 for text in texts}, ideas
    expect(page.locator("#my-ideas > li")).to_have_count(len(texts))
