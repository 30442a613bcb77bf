"""Light on the wire (issue 23), seen by Chromium on a phone (390x844) against the real
gunicorn server: the first visit to the phone page of a workshop with 100 ideas transfers
under 30 KB of response bodies (as sent, compressed), the event stream is not compressed and
brings a new idea live, and a second visit loads no static file again.

Bytes, not times: the same page weighs the same on a busy machine.
"""

import re

from playwright.sync_api import expect

from helpers import make_participant, post_idea
from page_weight import build_busy_workshop

BUDGET = 30 * 1024


def _fill(database_app, info):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    with database_app.app_context():
        build_busy_workshop(db.session.get(Workshop, info.id))
        db.session.remove()


def _post(database_app, info, text):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        post_idea(workshop, make_participant(workshop, "live"), text)
        db.session.remove()


def _is_stream(url):
    return "/events?" in url


def test_the_first_visit_to_a_phone_page_of_100_ideas_transfers_under_30_kb(open_context, new_workshop, database_app):
    info = new_workshop()
    _fill(database_app, info)
    # A phone on the venue's Wi-Fi over plain http: browsers offer brotli only over https
    # (and to localhost, which this server is), so the phone asks for gzip.
    context = open_context("phone", extra_http_headers={"Accept-Encoding": "gzip, deflate"})
    # Join without loading a page, so the browser's cache is empty when the phone page loads.
    token = context.request.get("/api/session").json()["csrf_token"]
    joined = context.request.post(f"/j/{info.code}", form={"nickname": "Inge", "csrf_token": token}, max_redirects=0)
    assert joined.status == 302

    finished, started, streams = [], [], []
    context.on("request", lambda request: started.append(request.url))
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.on("response", lambda response: streams.append(response) if _is_stream(response.url) else None)
    page.goto(f"/j/{info.code}/ideas")
    # Everything of the first visit: the page, its files, the service worker, which then
    # keeps the page and the files for offline reopening (from the browser's cache).
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    expect(page.locator("#phone-page")).to_have_attribute("data-offline-kept", re.compile("^[1-9]"))

    rows, body_total, header_total = [], 0, 0
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        # From the browser's cache (the service worker keeping its copies): nothing received.
        body = max(sizes["responseBodySize"], 0)
        head = sizes["responseHeadersSize"] if sizes["responseBodySize"] >= 0 else 0
        body_total += body
        header_total += head
        encoding = response.header_value("content-encoding") if response else None
        rows.append(f"{body:>7,} B body {head:>5,} B head  {encoding or 'identity':<8} {request.url.split('/', 3)[3]}")
    print("\n" + "\n".join(rows) + f"\n{body_total:>7,} B bodies, {header_total:,} B headers")
    page_answer = next(request for request in finished if request.url.endswith(f"/j/{info.code}/ideas"))
    print("Accept-Encoding sent:", page_answer.all_headers().get("accept-encoding"))
    assert page_answer.response().header_value("content-encoding") == "gzip"
    assert any("/static/js/offline.js?v=" in request.url for request in finished)
    assert body_total < BUDGET, "\n".join(rows)

    # The event stream: plain (no compressor holds its framing back), and it brings news live.
    assert streams, "the page opened no event stream"
    stream = streams[0]
    assert stream.status == 200 and stream.header_value("content-type").startswith("text/event-stream")
    assert stream.header_value("content-encoding") is None
    _post(database_app, info, "Ganz neu: Trinkwasserbrunnen am Marktplatz in Heide 🚰")
    expect(page.locator("#other-ideas li", has_text="Trinkwasserbrunnen am Marktplatz")).to_be_visible(timeout=30_000)
    assert not any("/events.json" in url for url in started), "the page fell back to polling"

    # A second visit: every static file comes from the cache (fingerprinted, cached a year).
    again = []
    page.on("response", lambda response: again.append(response) if "/static/" in response.url else None)
    page.reload()
    expect(page.locator("#phone-page")).to_be_visible()
    page.wait_for_function("() => document.readyState === 'complete'")
    assert again, "the reload loaded no static file"
    for response in again:
        assert response.from_service_worker or response.request.sizes()["responseBodySize"] <= 0, response.url
