"""An admin sets the public address in the app (issue 15, item 14): validated with German
messages that keep the typed text, applied at once to QR codes and join links without a
restart, Secure cookies and HSTS following its scheme, PUBLIC_BASE_URL winning when set."""

import io

import pytest
import zxingcpp
from PIL import Image

from participation import create_app
from participation.core import network, public_address, site_settings
from participation.extensions import db

from accounts import log_in, make_account, post

PAGE = "/moderation/admin/address"
LAN = "http://192.168.178.20:5000"


@pytest.fixture
def admin_client(app):
    make_account("chefin", role="admin")
    return log_in(app, "chefin")


def _join_url_in_qr(client, code):
    png = client.get(f"/w/{code}/qr.png").data
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text


def test_only_admins_reach_the_page(app, moderator):
    client = log_in(app, "moderatorin")
    assert client.get(PAGE).status_code == 403
    assert post(client, PAGE, address=LAN).status_code == 403
    assert public_address.stored_base_url(app) is None


def test_admin_sets_the_address_and_qr_and_join_link_follow_at_once(app, admin_client, workshop):
    page = admin_client.get(PAGE).get_data(as_text=True)
    assert "keine Adresse eingestellt" in page and "http://localhost" in page
    assert _join_url_in_qr(admin_client, workshop.code) == f"http://localhost/j/{workshop.code}"

    response = post(admin_client, PAGE, address=f"  {LAN}/ ")
    assert response.status_code == 302
    shown = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Die öffentliche Adresse ist gespeichert: {LAN}." in shown
    assert _join_url_in_qr(admin_client, workshop.code) == f"{LAN}/j/{workshop.code}"
    overview = admin_client.get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)
    assert f'href="{LAN}/j/{workshop.code}"' in overview
    assert "Achtung: Diese Adresse können Handys nicht öffnen." not in overview

    # empty removes it: back to the address the page is asked by
    post(admin_client, PAGE, address="")
    assert _join_url_in_qr(admin_client, workshop.code) == f"http://localhost/j/{workshop.code}"


@pytest.mark.parametrize("typed, message", [
    ("192.168.178.20:5000", "muss mit http:// oder https:// beginnen"),
    ("ftp://192.168.178.20", "muss mit http:// oder https:// beginnen"),
    ("http://", "fehlt der Rechnername"),
    ("http://192.168.178.20:5000/?code=1", "nichts mit „?“ oder „#“"),
    ("http://192.168.178.20:5000/#wand", "nichts mit „?“ oder „#“"),
    ("http://name:geheim@192.168.178.20", "keinen Benutzernamen"),
    ("http://192.168.178.20:99999", "Portnummer"),
    ("http://192.168.178.20:5000/über mich", "keine Leerzeichen"),
    ("http://192.168.178.20:5000/a%20b", "Der Pfad"),
    ("http://" + "a" * 200 + ".de", "zu lang"),
])
def test_a_wrong_address_is_refused_in_german_and_kept_as_typed(app, admin_client, typed, message):
    response = post(admin_client, PAGE, address=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'aria-invalid="true"' in html
    from markupsafe import escape

    assert f'value="{escape(typed)}"' in html
    assert public_address.stored_base_url(app) is None


def test_the_address_is_normalised():
    assert public_address.normalise("HTTPS://Beteiligung.Example.ORG/beteiligung/") == \
        "https://beteiligung.example.org/beteiligung"
    assert public_address.normalise("http://[fe80::1]:8080") == "http://[fe80::1]:8080"
    assert public_address.normalise("   ") == ""


def test_https_address_turns_on_secure_cookies_and_hsts_without_restart(app, admin_client):
    response = admin_client.get("/")
    assert "Strict-Transport-Security" not in response.headers
    assert app.config["SESSION_COOKIE_SECURE"] is False
    post(admin_client, PAGE, address="https://beteiligung.example.org")
    assert "Strict-Transport-Security" not in admin_client.get("/").headers  # a plain-http request
    response = admin_client.get("/", base_url="https://beteiligung.example.org")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True and app.config["PARTICIPANT_COOKIE_SECURE"] is True
    fresh = app.test_client()
    cookie = fresh.get("/api/session").headers["Set-Cookie"]
    assert "Secure" in cookie
    post(admin_client, PAGE, address=LAN)
    assert "Strict-Transport-Security" not in admin_client.get("/", base_url="https://beteiligung.example.org").headers
    assert "Secure" not in app.test_client().get("/api/session").headers["Set-Cookie"]


def test_public_base_url_from_the_environment_wins_and_the_page_says_so(app, admin_client, workshop):
    post(admin_client, PAGE, address=LAN)
    settings = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    configured = create_app({**settings, "PUBLIC_BASE_URL": "https://beteiligung.example.org/"})
    configured.test_client_class = app.test_client_class
    try:
        client = log_in(configured, "chefin")
        page = client.get(PAGE).get_data(as_text=True)
        assert "https://beteiligung.example.org" in page and "PUBLIC_BASE_URL" in page and "Vorrang" in page
        assert _join_url_in_qr(client, workshop.code) == f"https://beteiligung.example.org/j/{workshop.code}"
    finally:
        with configured.app_context():
            db.engine.dispose()


def test_other_workers_see_a_change_within_the_cache_time(app):
    """Two apps on one database stand for two workers (or servers): no restart needed."""
    settings = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    other = create_app(settings)
    now = [1000.0]
    try:
        with other.app_context():
            assert site_settings.setting(other, site_settings.PUBLIC_BASE_URL, clock=lambda: now[0]) is None
        public_address.store_base_url(app, LAN)
        assert public_address.base_url(app) == LAN  # the writing worker: at once
        with other.app_context():
            now[0] += site_settings.CACHE_SECONDS - 0.5
            assert site_settings.setting(other, site_settings.PUBLIC_BASE_URL, clock=lambda: now[0]) is None
            now[0] += 1
            assert site_settings.setting(other, site_settings.PUBLIC_BASE_URL, clock=lambda: now[0]) == LAN
    finally:
        with other.app_context():
            db.engine.dispose()


def test_localhost_warning_names_the_lan_address_and_links_admins_to_the_setting(
    app, admin_client, moderator, workshop, monkeypatch
):
    monkeypatch.setattr(network, "detected_addresses", lambda: ["192.168.178.20"])
    html = admin_client.get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)
    assert f"http://localhost/j/{workshop.code}" in html
    assert "Achtung: Diese Adresse können Handys nicht öffnen." in html
    assert "wahrscheinlich unter http://192.168.178.20 erreichbar" in html  # the port this page was asked on
    assert f'href="{PAGE}"' in html
    # a moderator without admin rights learns whom to ask
    html = log_in(app, "moderatorin").get(f"/moderation/workshops/{workshop.id}").get_data(as_text=True)
    assert "http://192.168.178.20" in html and f'href="{PAGE}"' not in html
    assert "Bitten Sie eine Person mit Administratorrechten" in html


def test_lan_base_urls_use_the_port_phones_would_use():
    assert network.lan_base_urls("5000", ["192.168.178.20"]) == ["http://192.168.178.20:5000"]
    assert network.lan_base_urls("80", ["10.0.0.5"]) == ["http://10.0.0.5"]
    assert network.lan_base_urls("443", ["10.0.0.5"], scheme="https") == ["https://10.0.0.5"]


# --- make run: the LAN hint -------------------------------------------------------------------


def test_lan_addresses_skip_loopback_and_failing_sources():
    def no_network():
        raise OSError("network unreachable")

    sources = (lambda: "192.168.178.20", no_network, lambda: ["127.0.1.1", "10.0.0.5", "192.168.178.20", "169.254.3.4"])
    assert network.lan_ipv4_addresses(sources) == ["192.168.178.20", "10.0.0.5"]
    assert network.lan_ipv4_addresses((no_network,)) == []


def test_detection_is_looked_up_at_most_once_a_minute(monkeypatch):
    calls = []
    monkeypatch.setattr(network, "_detected", {"at": None, "addresses": []})
    monkeypatch.setattr(network, "lan_ipv4_addresses", lambda: calls.append(1) or ["10.0.0.5"])
    now = [50.0]
    assert network.detected_addresses(lambda: now[0]) == ["10.0.0.5"]
    now[0] += network.DETECTION_SECONDS - 1
    assert network.detected_addresses(lambda: now[0]) == ["10.0.0.5"] and len(calls) == 1
    now[0] += 1
    network.detected_addresses(lambda: now[0])
    assert len(calls) == 2


def test_run_hint_prints_the_addresses_and_the_exact_command():
    lines = network.run_hint("127.0.0.1", 5000, ["192.168.178.20", "10.0.0.5"])
    assert lines[0] == "LAN-Adressen dieses Rechners: 192.168.178.20, 10.0.0.5"
    assert "  PUBLIC_BASE_URL=http://192.168.178.20:5000 make run HOST=0.0.0.0" in lines
    served = network.run_hint("0.0.0.0", 8080, ["192.168.178.20"])
    assert any("http://192.168.178.20:8080" in line for line in served)
    assert network.run_hint("127.0.0.1", 5000, [])[0].startswith("Keine LAN-Adresse gefunden")


def test_bootstrap_on_localhost_prints_the_lan_hint(app, runner, monkeypatch):
    from participation.demo.cli import bootstrap_command

    monkeypatch.setattr(network, "detected_addresses", lambda: ["192.168.178.20"])
    result = runner.invoke(bootstrap_command, ["--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    assert "Handys erreichen diese Adresse nicht." in result.output
    assert "LAN-Adressen dieses Rechners: 192.168.178.20" in result.output
    assert "PUBLIC_BASE_URL=http://192.168.178.20:5000 make run HOST=0.0.0.0" in result.output
    # once an admin stored the LAN address, the join link uses it and no hint is needed
    public_address.store_base_url(app, "http://192.168.178.20:5000")
    again = runner.invoke(bootstrap_command, ["--base-url", "http://127.0.0.1:5000"])
    assert "Mitmachen:    http://192.168.178.20:5000/j/" in again.output
    assert "Handys erreichen diese Adresse nicht." not in again.output
