"""Compressed answers (issue 23, wire): pages, JSON, scripts and stylesheets go out gzip'd
when the browser accepts it; the event stream, PNG and other compressed files, answers that
carry a secret (no-store) and small answers never are; without Accept-Encoding nothing is."""

import gzip

from helpers import csrf_token
from page_weight import build_busy_workshop


def _join(client, workshop):
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})


def test_pages_are_compressed_when_the_browser_accepts_it(app, client, workshop):
    _join(client, workshop)
    page = f"/j/{workshop.code}/ideas"
    packed = client.get(page, headers={"Accept-Encoding": "gzip, deflate"})
    plain = client.get(page, headers={"Accept-Encoding": "identity"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Cookie" in packed.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(plain.get_data()) / 3
    html = gzip.decompress(packed.get_data()).decode()
    assert html.lstrip().startswith("<!doctype html>") and workshop.title in html
    assert "Content-Encoding" not in client.get(page).headers  # no Accept-Encoding at all


def test_brotli_where_the_browser_offers_it(app, client, workshop):
    import brotli

    _join(client, workshop)
    page = f"/j/{workshop.code}/ideas"
    packed = client.get(page, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert packed.headers["Content-Encoding"] == "br"
    assert workshop.title in brotli.decompress(packed.get_data()).decode()
    css = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert css.headers["Content-Encoding"] == "br"


def test_json_is_compressed_and_small_answers_are_not(app, client, workshop):
    build_busy_workshop(workshop, count=30)
    ideas = client.get(f"/api/workshops/{workshop.code}/ideas", headers={"Accept-Encoding": "gzip"})
    assert ideas.headers["Content-Encoding"] == "gzip"
    session = client.get("/api/session", headers={"Accept-Encoding": "gzip"})
    assert len(session.get_data()) < app.config["COMPRESS_MIN_SIZE_ANSWERS"]
    assert "Content-Encoding" not in session.headers


def test_the_event_stream_is_never_compressed(app, client, workshop):
    response = client.get(
        f"/w/{workshop.code}/events?view=phone", headers={"Accept-Encoding": "gzip, deflate, br, zstd"},
        buffered=False,
    )
    try:
        assert response.status_code == 200 and response.mimetype == "text/event-stream"
        assert "Content-Encoding" not in response.headers
        first = next(response.response)  # the greeting, as plain text framing
        assert first.strip() and b"\n" in first
    finally:
        response.close()


def test_compressed_files_and_answers_with_a_secret_are_sent_as_they_are(app, client, workshop):
    from participation.workshops.wall_keys import wall_key_of

    png = client.get(f"/w/{workshop.code}/qr.png", headers={"Accept-Encoding": "gzip"})
    assert png.status_code == 200 and png.mimetype == "image/png" and "Content-Encoding" not in png.headers
    svg = client.get(f"/w/{workshop.code}/qr.svg", headers={"Accept-Encoding": "gzip"})
    if svg.status_code == 200 and len(svg.get_data()) > app.config["COMPRESS_MIN_SIZE_ANSWERS"]:
        assert svg.headers["Content-Encoding"] == "gzip"
    wall = client.get(f"/w/{workshop.code}/wall?key={wall_key_of(workshop)}", headers={"Accept-Encoding": "gzip"})
    assert wall.status_code == 200 and "no-store" in wall.headers["Cache-Control"]
    assert "Content-Encoding" not in wall.headers  # the wall key is in this page (BREACH)
