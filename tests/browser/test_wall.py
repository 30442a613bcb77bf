"""The live idea wall on the projector, fed by phones and steered from the console.

Every test opens the wall in a context of its own (a 1280x720 projector laptop) and the
phones in others, so the wall only ever learns about changes through its live stream.
"Within 2 s" from the brief is each expectation's timeout after the action that caused
the change.
"""

import re
import socket
import threading

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 15_000  # ms: generous, for a change to reach a wall or phone; bench/wall.py measures the speed


# --- helpers -----------------------------------------------------------------------------


def open_wall(page, workshop, key=None):
    """Load the wall and wait until its live stream said hello."""
    page.goto(f"/w/{workshop.code}/wall" + (f"?key={key}" if key else ""))
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def open_console(page, workshop):
    page.goto(f"/moderation/workshops/{workshop.id}/console")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Moderation: {workshop.title}")
    return page


def card(wall, idea_id):
    return wall.locator(f"#wall-idea-{idea_id}")


def cards(wall):
    return wall.locator(".wall-card[id]")


def card_ids(wall):
    return cards(wall).evaluate_all("cards => cards.map((card) => card.id)")


def console_idea(console, idea_id):
    return console.locator(f"#idea-{idea_id}")


def click_in_console(console, idea_id, button, done_message):
    """Click one of an idea's buttons and wait for the console to confirm the action."""
    console_idea(console, idea_id).get_by_role("button", name=button, exact=True).click()
    expect(console.locator(".flashes")).to_contain_text(done_message)


def assert_each_once(wall, idea_ids):
    """Every idea has exactly one card, and there are no other cards."""
    ids = card_ids(wall)
    expected = sorted(f"wall-idea-{idea_id}" for idea_id in idea_ids)
    assert sorted(ids) == expected, f"cards on the wall: {ids}, expected {expected}"
    expect(wall.locator("#wall-count")).to_have_text(str(len(idea_ids)))


# --- the room: post, hide, merge, vote, spotlight -------------------------------------------


def test_posted_idea_reaches_the_wall_and_hiding_removes_it_everywhere(open_context, attendee, workshop):
    moderator = open_context("wall", logged_in=True)
    wall = open_wall(moderator.new_page(), workshop)
    expect(cards(wall)).to_have_count(0)
    expect(wall.locator("#wall-count")).to_have_text("0")
    watcher = attendee(workshop, "Hauke")  # a second phone, its list open all the time
    expect(watcher.page.get_by_text("Noch keine Ideen von anderen.")).to_be_visible()

    author = attendee(workshop, "Inge")
    idea_id = author.post("Mitfahrbank an jeder Bushaltestelle 🚌")

    shown = card(wall, idea_id)
    expect(shown.locator(".wall-text")).to_have_text("Mitfahrbank an jeder Bushaltestelle 🚌", timeout=LIVE)
    expect(shown.locator(".wall-nick")).to_have_text("Inge")
    # in the column of its question
    expect(wall.locator(".wall-column", has=shown).get_by_role("heading")).to_have_text(workshop.questions[0])
    expect(wall.locator("#wall-count")).to_have_text("1")
    expect(watcher.other(idea_id).locator(".idea-text")).to_have_text(
        "Mitfahrbank an jeder Bushaltestelle 🚌", timeout=LIVE
    )
    expect(watcher.page.get_by_text("Noch keine Ideen von anderen.")).to_be_hidden()

    # the moderator hides it in the console, in a second tab next to the wall
    console = open_console(moderator.new_page(), workshop)
    click_in_console(console, idea_id, "Ausblenden", "Die Idee ist ausgeblendet.")
    expect(card(wall, idea_id)).to_have_count(0, timeout=LIVE)
    expect(watcher.other(idea_id)).to_have_count(0, timeout=LIVE)
    expect(wall.locator("#wall-count")).to_have_text("0")
    expect(watcher.page.get_by_text("Noch keine Ideen von anderen.")).to_be_visible()
    expect(console_idea(console, idea_id).locator(".badge")).to_have_text("ausgeblendet")

    # ... and a reload does not bring it back
    wall.reload()
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "connected")
    expect(cards(wall)).to_have_count(0)

    # shown again, it returns to wall and phone
    click_in_console(console, idea_id, "Wieder zeigen", "Die Idee ist sichtbar.")
    expect(card(wall, idea_id).locator(".wall-text")).to_have_text(
        "Mitfahrbank an jeder Bushaltestelle 🚌", timeout=LIVE
    )
    expect(watcher.other(idea_id)).to_have_count(1, timeout=LIVE)
    assert_each_once(wall, [idea_id])


def test_merged_duplicates_show_as_one_card_with_both_texts_and_dots(open_context, attendee, workshop):
    moderator = open_context("wall", logged_in=True)
    wall = open_wall(moderator.new_page(), workshop)
    first = attendee(workshop, "Inge").post("Mehr Busse nach Heide")
    second = attendee(workshop, "Hauke").post("Mehr Busse nach Heide, auch abends!")
    voter = attendee(workshop, "Frauke")
    expect(card(wall, first)).to_have_count(1, timeout=LIVE)
    expect(card(wall, second)).to_have_count(1, timeout=LIVE)

    # a dot on the idea that will be merged away stays with the merged idea
    voter.other(second).get_by_role("button", name=re.compile("^Punkt geben")).click()
    expect(card(wall, second).locator(".wall-votes")).to_have_text("● 1", timeout=LIVE)

    console = open_console(moderator.new_page(), workshop)
    source = console_idea(console, second)
    source.locator(".c-menu > summary").click()  # "Mehr": the analysis suggests the first idea
    source.get_by_role("radio", name=re.compile("^Mehr Busse nach Heide ")).check()
    source.get_by_role("button", name="Zusammenführen", exact=True).click()
    expect(console.locator(".flashes")).to_contain_text("Die Ideen sind zusammengeführt.")

    merged = card(wall, first)
    expect(card(wall, second)).to_have_count(0, timeout=LIVE)
    expect(merged.locator(".wall-merged")).to_have_text("+ Mehr Busse nach Heide, auch abends!", timeout=LIVE)
    expect(merged.locator(".wall-text")).to_have_text(
        ["Mehr Busse nach Heide", "+ Mehr Busse nach Heide, auch abends!"]
    )
    expect(merged.locator(".wall-votes")).to_have_text("● 1")
    expect(wall.locator(".wall-card", has_text="Mehr Busse nach Heide")).to_have_count(1)
    assert_each_once(wall, [first])
    # the voter's phone shows the merged idea once, with the dot still given
    expect(voter.other(second)).to_have_count(0, timeout=LIVE)
    expect(voter.other(first).locator(".merged-text")).to_have_text("+ Mehr Busse nach Heide, auch abends!")

    # a reloaded wall shows the same
    wall.reload()
    expect(card(wall, first).locator(".wall-text")).to_have_text(
        ["Mehr Busse nach Heide", "+ Mehr Busse nach Heide, auch abends!"]
    )
    expect(card(wall, first).locator(".wall-votes")).to_have_text("● 1")
    assert_each_once(wall, [first])


def test_dots_given_and_taken_back_show_on_the_wall_and_in_the_console(open_context, attendee, workshop):
    moderator = open_context("wall", logged_in=True)
    wall = open_wall(moderator.new_page(), workshop)
    console = open_console(moderator.new_page(), workshop)
    idea_id = attendee(workshop, "Inge").post("Dorfladen mit Selbstbedienung rund um die Uhr")
    expect(card(wall, idea_id)).to_have_count(1, timeout=LIVE)
    votes = card(wall, idea_id).locator(".wall-votes")
    expect(votes).to_be_hidden()  # no dots yet: no count on the card
    expect(console_idea(console, idea_id).locator(".vote-count")).to_have_text("0 Punkte", timeout=LIVE)

    voter = attendee(workshop, "Frauke")  # the third phone
    item = voter.other(idea_id)
    item.get_by_role("button", name=re.compile("^Punkt geben")).click()
    expect(item.get_by_role("button", name=re.compile("^Punkt zurücknehmen"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(votes).to_have_text("● 1", timeout=LIVE)
    expect(votes).to_be_visible()
    expect(console_idea(console, idea_id).locator(".vote-count")).to_have_text("1 Punkt", timeout=LIVE)
    expect(item.locator(".vote-count")).to_have_text("1 Punkt")
    expect(voter.page.locator("#dots-status")).to_have_text("Sie haben 2 von 3 Punkten übrig.")

    item.get_by_role("button", name=re.compile("^Punkt zurücknehmen")).click()
    given = item.get_by_role("button", name=re.compile("^Punkt geben"))
    expect(given).to_have_attribute("aria-pressed", "false")
    expect(votes).to_be_hidden(timeout=LIVE)
    expect(console_idea(console, idea_id).locator(".vote-count")).to_have_text("0 Punkte", timeout=LIVE)
    expect(voter.page.locator("#dots-status")).to_have_text("Sie haben 3 von 3 Punkten übrig.")


def _font_px(locator):
    return locator.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")


def test_spotlight_shows_the_idea_large_on_the_wall(open_context, attendee, workshop):
    moderator = open_context("wall", logged_in=True)
    wall = open_wall(moderator.new_page(), workshop)
    spotlight = wall.locator("#wall-spotlight")
    expect(spotlight).to_be_hidden()
    idea_id = attendee(workshop, "Inge").post("Glasfaser bis zum letzten Hof")
    expect(card(wall, idea_id)).to_have_count(1, timeout=LIVE)

    console = open_console(moderator.new_page(), workshop)
    click_in_console(console, idea_id, "Auf Wand hervorheben", "Die Idee wird groß auf der Wand gezeigt.")
    expect(spotlight).to_be_visible(timeout=LIVE)
    expect(spotlight).to_have_accessible_name("Hervorgehobene Idee")
    text = wall.locator("#wall-spotlight-text")
    expect(text).to_have_text("Glasfaser bis zum letzten Hof")
    # large: clearly bigger type than the cards, and on screen without scrolling
    assert _font_px(text) >= 1.5 * _font_px(card(wall, idea_id).locator(".wall-text"))
    expect(text).to_be_in_viewport()
    expect(console_idea(console, idea_id)).to_contain_text("auf der Wand hervorgehoben")

    console.get_by_role("button", name="Hervorhebung beenden").click()
    expect(console.locator(".flashes")).to_contain_text("Auf der Wand wird keine Idee mehr hervorgehoben.")
    expect(spotlight).to_be_hidden(timeout=LIVE)
    expect(card(wall, idea_id)).to_have_count(1)


# --- the secret wall link on a second laptop -----------------------------------------------


def test_secret_wall_link_opens_a_live_wall_without_login(open_context, attendee, moderator_page, workshop):
    moderator_page.goto(f"/moderation/workshops/{workshop.id}")
    link = moderator_page.get_by_label("Wand-Link").input_value()
    assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/w/{workshop.code}/wall\?key=[\w-]+", link), link
    before = attendee(workshop, "Inge").post("Bücherschrank am Marktplatz")

    beamer = open_context("wall").new_page()  # a laptop nobody logged in on
    beamer.goto(link)
    expect(beamer.get_by_role("heading", level=1)).to_have_text(workshop.title)
    expect(beamer.locator("#wall-status")).to_have_attribute("data-state", "connected")
    expect(beamer.get_by_role("button", name="Abmelden")).to_have_count(0)
    expect(card(beamer, before).locator(".wall-text")).to_have_text("Bücherschrank am Marktplatz")
    # the corner for latecomers: QR code, join code and count
    expect(beamer.get_by_role("img", name=re.compile("QR-Code zum Mitmachen"))).to_be_visible()
    expect(beamer.locator(".wall-code")).to_have_text(workshop.code)

    later = attendee(workshop, "Hauke").post("Repair-Café im Gemeindehaus", question=1)
    expect(card(beamer, later).locator(".wall-text")).to_have_text(
        "Repair-Café im Gemeindehaus", timeout=LIVE
    )
    expect(beamer.locator(".wall-column").nth(1).locator(".wall-card")).to_have_count(1)
    assert_each_once(beamer, [before, later])

    # without the key, the same address asks for a login
    stranger = open_context("wall").new_page()
    stranger.goto(f"/w/{workshop.code}/wall")
    expect(stranger).to_have_url(re.compile(r"/moderation/login"))
    # a wrong key is refused
    response = stranger.request.get(f"/w/{workshop.code}/wall?key=falsch")
    assert response.status == 403


# --- network trouble ---------------------------------------------------------------------


def test_wall_catches_up_after_the_network_drops(open_context, attendee, workshop):
    moderator = open_context("wall", logged_in=True)
    wall = open_wall(moderator.new_page(), workshop)
    phone = attendee(workshop, "Inge")
    first = phone.post("Vor dem Funkloch")
    expect(card(wall, first)).to_have_count(1, timeout=LIVE)

    moderator.set_offline(True)
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", "offline")
    during = [phone.post("Im Funkloch geschrieben"), phone.post("Auch im Funkloch", question=1)]
    # a wall that is online gets both: the cut-off wall had the same chance
    online = open_wall(open_context("wall", logged_in=True).new_page(), workshop)
    expect(card(online, during[1])).to_have_count(1, timeout=LIVE)
    expect(card(wall, during[0])).to_have_count(0)  # really cut off
    moderator.set_offline(False)

    for idea_id, text in zip(during, ["Im Funkloch geschrieben", "Auch im Funkloch"]):
        expect(card(wall, idea_id).locator(".wall-text")).to_have_text(text)
    assert_each_once(wall, [first, *during])
    after = phone.post("Nach dem Funkloch")
    expect(card(wall, after)).to_have_count(1, timeout=LIVE)
    # whatever the wall does next (stream again or polling), nothing shows up twice: an idea
    # posted last arrives after anything the wall still had coming
    last = phone.post("Zum Schluss")
    expect(card(wall, last)).to_have_count(1, timeout=LIVE)
    assert_each_once(wall, [first, *during, after, last])
    texts = ["Vor dem Funkloch", "Im Funkloch geschrieben", "Auch im Funkloch", "Nach dem Funkloch", "Zum Schluss"]
    for text in texts:
        expect(wall.locator(".wall-text", has_text=re.compile(f"^{text}$"))).to_have_count(1)


class StreamBreaker:
    """A TCP proxy in front of gunicorn that can cut every connection in the middle of an event.

    Armed with ``cut_next_event()``, it forwards the first half of the next SSE event with
    an id it sees coming from the server, then closes all connections it holds, both ways,
    like a Wi-Fi access point going down. New connections are served again afterwards.
    """

    EVENT = re.compile(rb"(?:^|\n)id: \d+\ndata: ")
    STREAM_REQUEST = re.compile(rb"^GET /w/[^/ ]+/events\?")

    def __init__(self, target_port):
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets = set()
        self._armed = False
        self.cuts = 0
        self.stream_requests = 0
        self._closed = False
        threading.Thread(target=self._accept, name="stream-breaker", daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def cut_next_event(self):
        with self._lock:
            self._armed = True

    def _accept(self):
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source, sink, from_server):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if not from_server and self.STREAM_REQUEST.match(data):
                    with self._lock:
                        self.stream_requests += 1
                if from_server and self._armed:
                    match = self.EVENT.search(data)
                    with self._lock:
                        cut_here = match is not None and self._armed
                        self._armed = self._armed and not cut_here
                    if cut_here:
                        half = match.end() + (len(data) - match.end()) // 2
                        sink.sendall(data[:half])
                        self._break_all()
                        return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    def _close(self, *sockets):
        with self._lock:
            for sock in sockets:
                self._sockets.discard(sock)
        for sock in sockets:
            for step in (lambda s: s.shutdown(socket.SHUT_RDWR), lambda s: s.close()):
                try:
                    step(sock)
                except OSError:
                    pass

    def _break_all(self):
        with self._lock:
            sockets = list(self._sockets)
            self.cuts += 1
        self._close(*sockets)

    def close(self):
        self._listener.close()
        self._break_all()


@pytest.fixture
def stream_breaker(live_server):
    breaker = StreamBreaker(int(live_server.rsplit(":", 1)[1]))
    yield breaker
    breaker.close()


def test_wall_reconnects_after_the_stream_breaks_mid_event(open_context, attendee, workshop, stream_breaker):
    beamer = open_context("wall", logged_in=True, base_url=stream_breaker.url)
    wall = open_wall(beamer.new_page(), workshop)
    phone = attendee(workshop, "Inge")
    posted = {phone.post("Erste Idee vor dem Abbruch"): "Erste Idee vor dem Abbruch"}
    expect(card(wall, next(iter(posted)))).to_have_count(1, timeout=LIVE)
    streams_before = stream_breaker.stream_requests

    stream_breaker.cut_next_event()
    texts = ["Abgeschnitten mitten im Ereignis", "Gleich danach geschrieben", "Noch eine hinterher"]
    for index, text in enumerate(texts):
        posted[phone.post(text, question=index % 3)] = text
    for idea_id, text in posted.items():
        expect(card(wall, idea_id).locator(".wall-text")).to_have_text(text)
    assert stream_breaker.cuts == 1, "the proxy never saw an event to cut"
    assert stream_breaker.stream_requests > streams_before, "the wall did not open a new stream"
    expect(wall.locator("#wall-status")).to_have_attribute("data-state", re.compile("connected|polling"))

    for text in ("Nach dem Wiederverbinden", "Zum Schluss"):  # the last arrives after anything still coming
        last = phone.post(text)
        posted[last] = text
        expect(card(wall, last)).to_have_count(1, timeout=LIVE)
    assert_each_once(wall, posted)
    for text in posted.values():
        expect(wall.locator(".wall-text", has_text=re.compile(f"^{text}$"))).to_have_count(1)


# --- the projector ----------------------------------------------------------------------


def test_wall_fits_a_1280x720_projector_with_large_type(open_context, attendee, moderation_action, workshop):
    moderator = open_context("wall", logged_in=True)
    wall = open_wall(moderator.new_page(), workshop)
    phones = [attendee(workshop, name) for name in ("Inge", "Hauke", "Frauke")]
    ids = []
    for index, phone in enumerate(phones):
        for question in range(3):
            text = f"Idee {index + 1} zu Frage {question + 1}: schnelles Netz im Dorf"
            ids.append(phone.post(text, question))
    ids.append(phones[0].post("Eine sehr lange Idee ohne Leerzeichen: " + "Breitbandausbau" * 20, 2))
    ids.append(phones[1].post("Ein Bürgerbus, der auch spätabends noch fährt und Dörfer verbindet. " * 5, 0))
    phones[2].other(ids[0]).get_by_role("button", name=re.compile("^Punkt geben")).click()
    moderation_action(moderator.pages[0], workshop, "merge", ids[3], target_id=str(ids[0]))
    expect(card(wall, ids[0]).locator(".wall-merged")).to_have_count(1, timeout=LIVE)
    expect(card(wall, ids[0]).locator(".wall-votes")).to_have_text("● 1")
    moderation_action(moderator.pages[0], workshop, "spotlight", ids[1])
    expect(wall.locator("#wall-spotlight")).to_be_visible(timeout=LIVE)
    expect(cards(wall)).to_have_count(len(ids) - 1)

    sizes = wall.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], f"the wall scrolls sideways: {sizes}"
    for column in wall.locator(".wall-scroll").all():
        assert column.evaluate("box => box.scrollWidth <= box.clientWidth"), "a column scrolls sideways"
    # every piece of text on a card (idea, merged text, name, dots) is at least 20 px
    small = wall.evaluate(
        """() => [...document.querySelectorAll('.wall-card *')]
            .filter((el) => el.checkVisibility())
            .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
            .map((el) => ({cls: el.className, text: el.textContent.slice(0, 30),
                           px: parseFloat(getComputedStyle(el).fontSize)}))
            .filter((item) => item.px < 20)"""
    )
    assert small == [], f"text on wall cards smaller than 20 px: {small}"
    # the four columns' headings and the join corner are on screen
    for heading in wall.locator(".wall-column h2").all():
        expect(heading).to_be_in_viewport()
    expect(wall.locator(".wall-code")).to_be_in_viewport()


def test_wall_works_with_reduced_motion(open_context, attendee, workshop):
    moderator = open_context("wall", logged_in=True, reduced_motion="reduce")
    wall = open_wall(moderator.new_page(), workshop)
    assert wall.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
    phone = attendee(workshop, "Inge")
    idea_id = phone.post("Ruhige Wand für alle, denen Bewegung schwerfällt")
    shown = card(wall, idea_id)
    expect(shown.locator(".wall-text")).to_have_text(
        "Ruhige Wand für alle, denen Bewegung schwerfällt", timeout=LIVE
    )
    # new ideas are still marked, but without a fading animation
    assert shown.evaluate("el => getComputedStyle(el).transitionDuration") in ("0s", "0s, 0s")
    console = open_console(moderator.new_page(), workshop)
    click_in_console(console, idea_id, "Auf Wand hervorheben", "Die Idee wird groß auf der Wand gezeigt.")
    expect(wall.locator("#wall-spotlight-text")).to_have_text(
        "Ruhige Wand für alle, denen Bewegung schwerfällt", timeout=LIVE
    )
    click_in_console(console, idea_id, "Ausblenden", "Die Idee ist ausgeblendet.")
    expect(card(wall, idea_id)).to_have_count(0, timeout=LIVE)
    expect(wall.locator("#wall-spotlight")).to_be_hidden(timeout=LIVE)


def test_long_column_pages_through_by_itself(open_context, attendee, workshop):
    phone = attendee(workshop, "Inge")
    ids = [
        phone.post_api(f"Idee {number}: ein Treffpunkt für Jung und Alt im Dorfgemeinschaftshaus")["id"]
        for number in range(1, 11)
    ]
    moderator = open_context("wall", logged_in=True, reduced_motion="reduce")
    wall = moderator.new_page()
    wall.clock.install()  # the wall's paging timer runs when the test moves the clock on
    open_wall(wall, workshop)
    box = wall.locator(".wall-scroll").first
    oldest = card(wall, ids[0])
    assert box.evaluate("box => box.scrollHeight > box.clientHeight"), "the column is not long enough"
    expect(card(wall, ids[-1])).to_be_in_viewport()
    expect(oldest).not_to_be_in_viewport()

    fully_shown = """el => el.getBoundingClientRect().bottom
                           <= el.closest('.wall-scroll').getBoundingClientRect().bottom + 1"""
    pages = 0
    while not oldest.evaluate(fully_shown):
        assert pages < 10, "the column never reached its oldest idea"
        before = box.evaluate("box => box.scrollTop")
        wall.clock.run_for(10_000)
        assert box.evaluate("box => box.scrollTop") > before, "the column did not move on by itself"
        pages += 1
    expect(oldest).to_be_in_viewport()
    # at the end it starts over at the top, with the newest ideas
    wall.clock.run_for(10_000)
    assert box.evaluate("box => box.scrollTop") == 0
    expect(card(wall, ids[-1])).to_be_in_viewport()
