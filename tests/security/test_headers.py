"""Security headers and cookies: a strict Content-Security-Policy with a fresh nonce on every
response, carried by every <script> of every page; no inline script, style or handler;
nosniff, Referrer-Policy, Permissions-Policy, no framing; HttpOnly, SameSite and (on https)
Secure cookies.

The pages are all GET routes of the app, filled from the security world and fetched by
whoever may see them, so a new page is checked without being listed here.
"""

import re

import pytest
from sqlalchemy import text

from participation import create_app
from participation.core.web import content_security_policy
from participation.extensions import db

from helpers import TEST_PASSWORD, csrf_token
from security.routes import ADMIN, ATTENDEE, CODE, build, scope, walk

EXPECTED_DIRECTIVES = {
    "default-src": "'none'",
    "script-src": "'nonce-{nonce}'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DATA_DIRECTIVES = {"default-src": "'none'", "frame-ancestors": "'none'"}
NONCE = re.compile(r"script-src 'nonce-([A-Za-z0-9_-]{22,})'")
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def _directives(policy):
    parts = [part.strip().split(None, 1) for part in policy.split(";") if part.strip()]
    return {name: value for name, value in parts}


def _nonce(response):
    match = NONCE.search(response.headers["Content-Security-Policy"])
    assert match, response.headers["Content-Security-Policy"]
    return match.group(1)


def assert_security_headers(response):
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "strict-dynamic" not in policy
    if response.mimetype == "application/json":  # data: nothing may load or frame it, no nonce
        nonce = None
        assert _directives(policy) == DATA_DIRECTIVES
    else:
        nonce = _nonce(response)
        expected = {name: value.format(nonce=nonce) for name, value in EXPECTED_DIRECTIVES.items()}
        assert _directives(policy) == expected
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    return nonce


def assert_scripts_carry_the_nonce(response, label):
    """Every <script> has this response's nonce and a src (nothing inline); no handler
    attributes, no style attributes or elements. Returns the number of scripts."""
    html = response.get_data(as_text=True)
    nonce = _nonce(response)
    scripts = SCRIPT_TAG.findall(html)
    assert len(scripts) == len(re.findall(r"<script\b", html, re.IGNORECASE)), label
    for attributes, body in scripts:
        assert f'nonce="{nonce}"' in attributes, f"{label}: <script{attributes}> lacks the nonce"
        assert " src=" in attributes and not body.strip(), f"{label}: inline script"
    assert not HANDLER_ATTRIBUTE.search(html), f"{label}: inline event handler"
    assert not STYLE_ATTRIBUTE.search(html), f"{label}: style attribute"
    assert "<style" not in html.lower(), f"{label}: <style> element"
    return len(scripts)


def _get_pages(world):
    """(label, response) for every GET route, fetched by someone who may see it."""
    who = {ADMIN: "admin", ATTENDEE: "attendee"}
    for rule, method in walk(world.app, lambda method: method == "GET"):
        if rule.endpoint in ("live.stream", "live.group_stream"):
            continue  # an endless stream: its headers are checked below
        request = build(world, rule, method)
        if scope(rule) == CODE and rule.endpoint == "moderation.wall":
            request.url += f"?key={world.a.wall_key}"
        client = world.client(who.get(scope(rule), "owner"))
        response = request.send(client)
        yield request.label, response
        response.close()


def rule_is_health(label):
    return "(ops.healthz)" in label  # 503 without migrations, as in this test database


# --- issue 23 (wire): stylesheets and scripts are no documents ---
def is_subresource(label, response):
    """A static stylesheet or script: only nosniff and CORP apply (core.web)."""
    return "(static)" in label and response.mimetype in ("text/css", "text/javascript")


def assert_subresource_headers(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
# --- end issue 23 (wire) ---


def test_every_page_sends_the_policy_and_every_script_carries_its_nonce(world):
    pages = scripts = 0
    for label, response in _get_pages(world):
        assert response.status_code < 500 or rule_is_health(label), label
        if is_subresource(label, response):  # issue 23 (wire)
            assert_subresource_headers(response)
            continue
        assert_security_headers(response)
        if response.mimetype == "text/html":
            scripts += assert_scripts_carry_the_nonce(response, label)
            pages += 1
    assert pages >= 25 and scripts >= 8, (pages, scripts)


def test_error_pages_and_refusals_send_the_policy_too(world):
    client = world.client("anonymous")
    not_found = client.get("/gibt-es-nicht")
    refused = client.post(f"/j/{world.a.workshop.code}/ideas", data={"text": "ohne Token"})
    api_refused = client.post(f"/api/workshops/{world.a.workshop.code}/ideas", json={"text": "ohne Token"})
    assert (not_found.status_code, refused.status_code, api_refused.status_code) == (404, 400, 400)
    for response in (not_found, refused, api_refused):
        assert_security_headers(response)
    assert_scripts_carry_the_nonce(refused, "CSRF page")


def test_the_live_stream_sends_the_policy(world):
    response = world.client("attendee").get(f"/w/{world.a.workshop.code}/events", buffered=False)
    try:
        assert response.status_code == 200
        assert_security_headers(response)
    finally:
        response.close()


def test_every_response_has_a_fresh_nonce(world):
    client = world.client("attendee")
    url = f"/j/{world.a.workshop.code}/ideas"
    nonces = {_nonce(client.get(url)) for _ in range(5)}
    assert len(nonces) == 5
    html = client.get(url).get_data(as_text=True)
    assert html.count('nonce="') >= 2


def test_the_policy_has_no_room_for_injected_scripts():
    policy = content_security_policy("abc")
    directives = _directives(policy)
    assert directives["script-src"] == "'nonce-abc'"  # not even 'self': an injected <script src> stays dead
    assert "'self'" not in directives["default-src"]


def test_templates_have_no_inline_scripts_styles_or_handlers():
    """The source of every template: scripts only as <script src nonce>, no style= or on...=."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    problems = []
    for path in sorted(root.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", source, re.IGNORECASE):
            tag = match.group(0)
            if "nonce=\"{{ csp_nonce() }}\"" not in tag or " src=" not in tag:
                problems.append(f"{path.relative_to(root)}: {tag}")
        if STYLE_ATTRIBUTE.search(source) or HANDLER_ATTRIBUTE.search(source) or "<style" in source:
            problems.append(f"{path.relative_to(root)}: inline style or handler")
    assert not problems, "\n".join(problems)


# --- cookies ---------------------------------------------------------------------------------


def _cookie_headers(response):
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def _flags(header):
    return {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")[1:]}


def _joined_and_logged_in(app, workshop_code, base_url):
    """The Set-Cookie headers of joining a workshop and of logging in (with "remember me")."""
    client = app.test_client()
    token = client.get("/api/session", base_url=base_url).get_json()["csrf_token"]
    joined = client.post(f"/j/{workshop_code}", data={"nickname": "Ida", "csrf_token": token},
                         base_url=base_url, headers={"Referer": base_url + "/"})
    assert joined.status_code == 302
    other = app.test_client()
    token = other.get("/api/session", base_url=base_url).get_json()["csrf_token"]
    login = other.post("/moderation/login", base_url=base_url, headers={"Referer": base_url + "/"}, data={
        "username": "moderatorin", "password": TEST_PASSWORD, "remember": "y", "csrf_token": token})
    assert login.status_code == 302
    return {**_cookie_headers(joined), **_cookie_headers(login)}


@pytest.mark.parametrize("public_base_url", ["http://192.168.1.20:5000", "https://beteiligung.example"])
def test_cookies_are_httponly_samesite_and_secure_on_https(database_url, tmp_path, monkeypatch,
                                                            public_base_url):
    from participation.auth.services import create_moderator
    from participation.workshops.services import create_workshop

    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
                      "ANALYSIS_IN_BACKGROUND": False, "PUBLIC_BASE_URL": public_base_url})
    https = public_base_url.startswith("https://")
    with app.app_context():
        db.create_all()
        owner = create_moderator("moderatorin", TEST_PASSWORD)
        code = create_workshop(owner, "dithmarschen", title="Cookies").code
    try:
        # requests outside the test's app context, so that each has its own (as in production)
        cookies = _joined_and_logged_in(app, code, public_base_url.split(":5000")[0])
        assert {"participant", "session", "remember_token"} <= set(cookies)
        for name in ("participant", "session", "remember_token"):
            flags = _flags(cookies[name])
            assert "httponly" in flags, name
            assert flags.get("samesite", "").lower() == "samesite=lax", name
            assert ("secure" in flags) is https, name
        page = app.test_client().get("/", base_url=public_base_url)
        assert ("Strict-Transport-Security" in page.headers) is https
    finally:
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
                with db.engine.begin() as connection:
                    connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


def test_forms_on_https_keep_the_referrer_flask_wtf_checks(world):
    """On https Flask-WTF refuses a form post without a same-origin Referer. Every page, the
    focus group's included, must therefore let the browser send one (same-origin), and a
    post with the origin as Referer, what such a browser sends at least, goes through."""
    client, token = world.client("anonymous"), world.tokens["anonymous"]
    base = "https://localhost"
    url = f"/f/{world.a.tokens[0]}/measures/new"
    page = client.get(url, base_url=base)
    sends_origin = ("same-origin", "strict-origin", "strict-origin-when-cross-origin")
    assert page.headers["Referrer-Policy"] in sends_origin
    form = {"csrf_token": token, "title": "Über https gespeichert", "version": "0"}
    assert client.post(url, base_url=base, data=form).status_code == 400  # what "no-referrer" would give
    saved = client.post(url, base_url=base, data=form, headers={"Referer": f"{base}{url}"})
    assert saved.status_code == 302


def test_logging_in_starts_a_fresh_session(app, client, moderator):
    """Nothing of the session before the login carries over: not its cookie, not its CSRF
    token (a planted session or token is worthless once the moderator logs in)."""
    token_before = csrf_token(client)
    cookie_before = client.get_cookie("session").value
    response = client.post("/moderation/login", data={
        "username": "moderatorin", "password": TEST_PASSWORD, "csrf_token": token_before})
    assert response.status_code == 302
    assert client.get_cookie("session").value != cookie_before
    refused = client.post("/moderation/logout", data={"csrf_token": token_before})
    assert refused.status_code == 400
    assert csrf_token(client) != token_before


@pytest.mark.parametrize("proxies", [0, 1])
def test_hsts_only_on_requests_that_came_over_https(tmp_path, monkeypatch, proxies):
    """An https public address with the venue LAN on plain http: HSTS never on an http answer."""
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "TRUSTED_PROXIES": proxies,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hsts.sqlite'}",
                      "PUBLIC_BASE_URL": "https://beteiligung.example"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/", base_url="http://192.168.1.20:5000").headers
    assert client.get("/", base_url="https://beteiligung.example").headers["Strict-Transport-Security"]
    forwarded = client.get("/", base_url="http://127.0.0.1:5000", headers={"X-Forwarded-Proto": "https"})
    # A forwarded scheme counts only from a trusted proxy.
    assert ("Strict-Transport-Security" in forwarded.headers) is bool(proxies)
    with app.app_context():
        db.engine.dispose()
