"""A whole evening on the run sheet with a wall, the console and three phones (issue 19):
collect → silent collect → vote (hidden) → reveal → closed.

Every context records each response body and each live-stream message it received
(``run_sheet.Recorder``), so the test can say what a page never had, not only what it
does not show: in silent collecting phone B never gets A's text, and while dots are
counted in secret no page, API answer or stream message carries a vote count. Steps are
driven with the run-sheet actions as the console's script sends them (``runsheet.act``).

UI checks against the wall/phone DOM contract (``#phase`` …) are deferred while those
pages are not in this branch (see ``run_sheet.Contract``); every server-side check runs.
"""

import json
import os
import re

import pytest
from playwright.sync_api import expect

from browser.run_sheet import Contract, Recorder, act, csrf, phase_json, set_run_sheet

pytestmark = pytest.mark.browser

# ms: generous, for a change to reach a wall or phone. A page whose stream was refused or
# said no hello in time polls, backing off to 15 s (±25 %) while nothing happens (live.js).
LIVE = 30_000
COLLECT_A = "Ein Dorfladen mit Café in Hennstedt"
SILENT_A = "Geheimer Gedanke von Anna: Mitfahrbank am Deich"
SILENT_B = "Bodos stille Idee: Rufbus nach Heide"
SHOTS = os.environ.get("RUN_SHEET_SHOTS")


def _open_wall(page, workshop):
    page.goto(f"/w/{workshop.code}/wall")
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    expect(page.locator("#wall-status")).to_have_attribute("data-state", "connected")
    return page


def _api_ideas(page, workshop):
    response = page.request.get(f"/api/workshops/{workshop.code}/ideas?limit=100")
    assert response.ok, response.status
    return response.text()


def _vote_in_page(phone, idea_id):
    """Give a dot with the idea's button on the phone, as a person does (phone.js answers
    in place, or the form reloads the page without JavaScript)."""
    button = phone.other(idea_id).locator("form.vote-form button")
    with phone.page.expect_response(lambda r: "/vote" in r.url and r.request.method == "POST") as answer:
        button.click()
    assert answer.value.status == 200, answer.value.text()


def _vote_by_api(phone, workshop, idea_id, recorder):
    """Give a dot as the phone page's script does; its answer goes to ``recorder``."""
    response = phone.page.request.post(f"/api/workshops/{workshop.code}/ideas/{idea_id}/vote",
                                       headers={"X-CSRFToken": csrf(phone.page)})
    assert response.status == 200, response.text()
    with recorder.lock:
        recorder.bodies.append((response.url, response.text()))


def _name(phones, phone):
    return next(name for name, each in phones.items() if each is phone)


def _no_vote_numbers_in_dom(page, where, strict=True):
    """No dot count in the page. Not ``strict``: a page drawn before the voting step (this
    branch has no phase UI to redraw it) may still show its "0 Punkte" of then, which
    tells nothing; any other number would be a count that leaked."""
    number = re.compile(r"\d+" if strict else r"0*[1-9]\d*")
    for value in page.locator("[data-votes]").evaluate_all("els => els.map(e => e.dataset.votes)"):
        assert not number.fullmatch(value or ""), f"{where}: a vote count in data-votes: {value!r}"
    shown = page.locator(".vote-count, .wall-votes").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent)")
    leaked = [text for text in shown if any(number.fullmatch(n) for n in re.findall(r"\d+", text))]
    assert not leaked, f"{where}: vote counts shown: {shown}"


def test_an_evening_through_the_run_sheet(open_context, attendee_class, database_app, new_workshop):
    workshop = new_workshop(dots_per_participant=3)
    # the third question is collected in no step: a post to it is refused, never late
    q_collect, q_silent, q_third = _question_ids(database_app, workshop)[:3]
    steps = set_run_sheet(database_app, workshop.id, [
        {"kind": "collect", "question_ids": [q_collect], "duration_seconds": 600, "title": "Was läuft gut?"},
        {"kind": "silent", "question_ids": [q_silent], "duration_seconds": 600},
        {"kind": "vote", "duration_seconds": 300},
        {"kind": "result"},
        {"kind": "closed"},
    ])
    contract = Contract()
    recorders = {}

    def context(name, kind, **options):
        made = open_context(kind, **options)
        recorders[name] = Recorder(made, name)
        return made

    console = context("console", "desktop", logged_in=True).new_page()
    console.goto(f"/moderation/workshops/{workshop.id}/console")
    wall = _open_wall(context("wall", "wall", logged_in=True).new_page(), workshop)
    phones = {name: attendee_class(context(name, "phone").new_page(), workshop).join(nickname)
              for name, nickname in (("A", "Anna"), ("B", "Bodo"), ("C", "Clara"))}
    A, B, C = phones["A"], phones["B"], phones["C"]

    def shows_kind(kind):
        assert phase_json(console, workshop)["phase"]["kind"] == kind
        for name, page in (("wall", wall), *((name, phone.page) for name, phone in phones.items())):
            if contract.present(page, "#phase", name):
                expect(page.locator("#phase")).to_have_attribute("data-kind", kind, timeout=LIVE)
        if SHOTS:  # for a person to look at: RUN_SHEET_SHOTS=/tmp/folder
            for name, page in (("wall", wall), ("phone-A", A.page), ("phone-B", B.page)):
                page.screenshot(path=f"{SHOTS}/{kind}-{name}.png", full_page=name != "wall")

    # --- 1. Sammeln (first question) ----------------------------------------------------
    answer = act(console, workshop, "next")
    assert answer["phase"]["step"]["id"] == steps[0] and answer["phase"]["step"]["kind"] == "collect"
    shows_kind("collect")
    collect_id = A.post(COLLECT_A, question=0)
    expect(B.other(collect_id).locator(".idea-text")).to_have_text(COLLECT_A, timeout=LIVE)
    expect(wall.get_by_text(COLLECT_A)).to_be_visible(timeout=LIVE)
    # the step collects for its question only
    refused = C.page.request.post(f"/api/workshops/{workshop.code}/ideas",
                                  data={"question_id": q_silent, "text": "Zu früh für Frage zwei"},
                                  headers={"X-CSRFToken": csrf(C.page)})
    assert refused.status == 409 and "Schritt" in refused.json()["message"], refused.status
    if contract.present(wall, "#phase-countdown", "wall"):
        expect(wall.locator("#phase-countdown")).to_have_text(re.compile(r"^\s*(10:00|9:\d\d)\s*$"))

    # --- 2. Still sammeln (second question) ---------------------------------------------
    act(console, workshop, "next", expected=steps[0])
    shows_kind("silent")
    # B posts first: its phone then only listens (the page B's own post loads again is
    # checked after the reload below, once the phone's server render is in the branch)
    silent_b = B.post(SILENT_B, question=1)
    silent_a = A.post(SILENT_A, question=1)
    expect(A.page.locator(f"#idea-{silent_a}")).to_contain_text(SILENT_A)  # one's own: shown
    # the wall counts both (its stream says "counted", never what)
    recorders["wall"].wait_for_message(wall, lambda m: m.get("kind") == "idea.counted" and m.get("id") == silent_a)
    for name, recorder in recorders.items():
        if name in ("A", "console"):
            continue  # the author, and the moderator who sees every idea to moderate it
        assert not recorder.containing(SILENT_A), f"{name} received A's silent idea: {recorder.containing(SILENT_A)}"
        if name != "B":
            assert not recorder.containing(SILENT_B), f"{name} received B's silent idea"
    for name, page in (("B", B.page), ("C", C.page), ("wall", wall)):
        assert SILENT_A not in page.content(), f"A's silent idea in the DOM of {name}"
    assert SILENT_B not in wall.content() and SILENT_B not in C.page.content()
    # asking the API does not give it away either
    for name in ("B", "C"):
        listed = _api_ideas(phones[name].page, workshop)
        assert SILENT_A not in listed, f"the API gave {name} A's silent idea"
        assert COLLECT_A not in listed  # silent: nobody else's ideas at all, as on the phone
    if contract.present(B.page, "#phase", "phone B"):
        B.page.reload()  # the phone's server render holds back others' silent ideas too
        assert SILENT_A not in B.page.content()
        assert not recorders["B"].containing(SILENT_A)
    if contract.present(wall, "#silent-counts", "wall"):
        counted = wall.locator(f'#silent-counts .silent-count[data-question-id="{q_silent}"]')
        expect(counted).to_contain_text("2", timeout=LIVE)
    # Ich bin fertig: B is done, the room's count says so
    done = B.page.request.post(f"/j/{workshop.code}/fertig", form={"csrf_token": csrf(B.page), "done": "1"},
                               max_redirects=0)
    assert done.status == 302, done.status  # the form's way (back to the phone page)
    assert phase_json(console, workshop)["done"]["done"] == 1
    if contract.present(wall, "#done-count", "wall"):
        expect(wall.locator("#done-count")).to_contain_text("1", timeout=LIVE)
    if contract.present(B.page, "#done-button", "phone B"):
        expect(B.page.locator("#done-button")).to_be_visible()

    # --- 3. Punkten, verdeckt ----------------------------------------------------------------
    with database_app.app_context():
        from participation.events.log import latest_seq

        seen_before_voting = latest_seq(workshop.id)
    before_votes = {name: recorder.mark(seen_before_voting) for name, recorder in recorders.items()}
    answer = act(console, workshop, "next", expected=steps[1])
    assert answer["phase"]["votes_hidden"] is True
    shows_kind("vote")
    # The phone page of a voting step with hidden dots is drawn by the phone branch (this
    # branch's page cannot draw "no count" yet): there the dots are given with the page's
    # buttons, here through the JSON API the page's script uses (its answers recorded).
    phone_page_ready = contract.present(B.page, "#phase", "phone B (voting page)")
    for phone, ideas in ((B, (collect_id,)), (C, (collect_id, silent_a))):
        if phone_page_ready:
            phone.page.reload()  # the vote buttons of a voting step
        for idea_id in ideas:
            if phone_page_ready:
                _vote_in_page(phone, idea_id)
            else:
                _vote_by_api(phone, workshop, idea_id, recorders[_name(phones, phone)])
    if phone_page_ready:  # now that the silent step is over, its ideas are everyone's
        expect(B.other(silent_a).locator(".idea-text")).to_have_text(SILENT_A)
    for name, phone in phones.items():
        listed = json.loads(_api_ideas(phone.page, workshop))["ideas"]
        assert listed and all(idea["votes"] is None for idea in listed), f"the API told {name} a count"
    if contract.present(wall, "#phase", "wall (voting page)"):  # drawn by the wall branch
        wall.reload()
        expect(wall.get_by_text(COLLECT_A)).to_be_visible()
    for name, recorder in recorders.items():
        if name == "console":
            continue  # the moderator's own page: see below
        leaks = recorder.vote_numbers(before_votes[name])
        assert not leaks, f"{name} received a vote count while dots are hidden: {leaks}"
    for name, page in (("wall", wall), *((name, phone.page) for name, phone in phones.items())):
        redrawn = contract.present(page, "#phase", f"{name} (voting page)")
        if not redrawn:
            page.wait_for_timeout(500)  # the votes' stream messages have arrived by now, if any
        _no_vote_numbers_in_dom(page, name, strict=redrawn)
    # the moderator's console is no exception: no anchoring there either
    console.reload()
    assert not recorders["console"].vote_numbers(before_votes["console"]), "the console got a count"
    _no_vote_numbers_in_dom(console, "console")

    # --- 4. Aufdecken, then Ergebnis --------------------------------------------------------------
    answer = act(console, workshop, "reveal")
    assert answer["phase"]["votes_hidden"] is False and answer["phase"]["kind"] == "vote"
    listed = {idea["id"]: idea["votes"] for idea in json.loads(_api_ideas(C.page, workshop))["ideas"]}
    assert listed[collect_id] == 2 and listed[silent_a] == 1
    # walls and phones load the counts again: a "reload" message, or the phase's own redraw
    expect(wall.locator('[data-votes="2"]').first).to_be_attached(timeout=LIVE)
    expect(B.other(collect_id).locator(".vote-count")).to_contain_text("2", timeout=LIVE)
    act(console, workshop, "next", expected=steps[2])
    shows_kind("result")
    listed = {idea["id"]: idea["votes"] for idea in json.loads(_api_ideas(B.page, workshop))["ideas"]}
    assert listed[collect_id] == 2

    # --- 5. Geschlossen ----------------------------------------------------------------------
    act(console, workshop, "next", expected=steps[3])
    shows_kind("closed")
    refused = C.page.request.post(f"/api/workshops/{workshop.code}/ideas",
                                  data={"question_id": q_third, "text": "Nach Schluss"},
                                  headers={"X-CSRFToken": csrf(C.page)})
    assert refused.status == 409, refused.status
    vote = C.page.request.post(f"/api/workshops/{workshop.code}/ideas/{silent_b}/vote",
                               headers={"X-CSRFToken": csrf(C.page)})
    assert vote.status == 409, vote.status
    act(console, workshop, "next", refused=True)  # that was the last step
    contract.finish()


def _question_ids(database_app, workshop):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    with database_app.app_context():
        ids = [question.id for question in db.session.get(Workshop, workshop.id).questions]
        db.session.remove()
    return ids

