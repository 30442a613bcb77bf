"""The privacy page states what the app really stores; these tests hold it to the schema,
the configuration and the cookies the app really sets."""

import re
import runpy
from types import SimpleNamespace
from datetime import timedelta
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from participation.pages import privacy
from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.extensions import db
from participation.workshops.services import set_open

from helpers import csrf_token

PROJECT = Path(__file__).resolve().parents[2]


def _text(response):
    """The page as a reader sees it: tags gone, entities decoded, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- the schema ---------------------------------------------------------------------------


def test_no_table_has_a_column_for_addresses_or_devices(app):
    suspicious = {"ip", "ipaddr", "ipaddress", "addr", "address", "agent", "useragent", "fingerprint",
                  "device", "browser", "referer", "referrer", "geo", "latitude", "longitude"}
    found = [f"{table.name}.{column.name}" for table in db.metadata.sorted_tables for column in table.columns
             if suspicious & set(column.name.lower().split("_"))]
    assert found == []
    assert privacy.network_identifier_columns() == []


def test_the_detector_would_notice_such_a_column(app, monkeypatch):
    from sqlalchemy import Column, MetaData, String, Table

    metadata = MetaData()
    Table("visit", metadata, Column("remote_addr", String), Column("user_agent", String), Column("ip", String))
    monkeypatch.setattr(privacy, "db", SimpleNamespace(metadata=metadata))
    assert privacy.network_identifier_columns() == ["visit.ip", "visit.remote_addr", "visit.user_agent"]


def _attendee_tables():
    """participant, every table pointing at it, and the tables that copy idea texts."""
    tables = {"participant", "idea_revision", "event"}
    tables.add("project_ballot")  # issue 22 (choices): a final vote's ballot (a hash of its cookie, no participant)
    for table in db.metadata.sorted_tables:
        if any(key.column.table.name == "participant" for key in table.foreign_keys):
            tables.add(table.name)
    return tables


def test_every_column_of_an_attendees_records_is_described(app):
    assert set(privacy.ATTENDEE_RECORDS) == _attendee_tables()
    for name, (_title, groups) in privacy.ATTENDEE_RECORDS.items():
        described = [column for columns, _text in groups for column in columns]
        actual = [column.name for column in db.metadata.tables[name].columns]
        assert sorted(described) == sorted(actual), name


def test_the_page_claims_no_ip_only_while_the_schema_holds_none(app, client, monkeypatch):
    assert "keine IP-Adresse" in _text(client.get("/datenschutz"))
    monkeypatch.setattr(privacy, "network_identifier_columns", lambda: ["visit.ip"])
    page = _text(client.get("/datenschutz"))
    assert "keine IP-Adresse" not in page and "weder Ihre IP-Adresse" not in page


def test_every_described_record_is_on_the_page(client):
    page = _text(client.get("/datenschutz"))
    for title, groups in privacy.ATTENDEE_RECORDS.values():
        assert str(title) in page
        for _columns, text in groups:
            assert " ".join(str(text).split()) in page


# --- cookies: the page and the real Set-Cookie agree ------------------------------------------


def _join(client, workshop):
    response = client.post(f"/j/{workshop.code}", data={"nickname": "", "csrf_token": csrf_token(client)})
    return next(value for value in response.headers.getlist("Set-Cookie") if "Max-Age" in value and "lang=" not in value)


@pytest.mark.parametrize("name, days", [("participant", 90), ("teilnahme", 30)])
def test_participant_cookie_on_the_page_is_the_one_the_app_sets(app, client, workshop, name, days):
    app.config.update(PARTICIPANT_COOKIE=name, PARTICIPANT_COOKIE_MAX_AGE=days * 86400)
    page = _text(client.get("/datenschutz"))
    row = re.search(rf"{name} (.*?) {days} Tage", page)
    assert row and "SHA-256" in row.group(1)
    cookie = _join(client, workshop)
    assert cookie.startswith(f"{name}=")
    assert f"Max-Age={days * 86400}" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    db.session.rollback()
    from participation.ideas.models import Participant
    from participation.ideas.participants import hash_token

    stored = db.session.query(Participant.token_hash).scalar()
    assert stored == hash_token(value) and value not in stored  # only the SHA-256 is kept


def test_every_cookie_the_attendee_flow_sets_is_listed(app, client, workshop):
    listed = {cookie.name for cookie in privacy.cookies()}
    token = csrf_token(client)
    responses = [
        client.get(f"/j/{workshop.code}"),
        client.post(f"/j/{workshop.code}", data={"nickname": "Inge", "csrf_token": token}),
        client.post(f"/j/{workshop.code}/ideas", data={"question_id": workshop.questions[0].id, "text": "Idee",
                                                       "idempotency_key": "key-cookie-0001", "csrf_token": token}),
        client.get("/language/en?next=/"),
        client.get("/api/session"),
    ]
    set_names = {header.split("=", 1)[0] for response in responses for header in response.headers.getlist("Set-Cookie")}
    assert {"participant", "session", "lang"} <= set_names <= listed
    page = _text(client.get("/datenschutz"))
    for name in listed:
        assert name in page


def test_language_cookie_is_described_with_its_real_name(client):
    from participation.i18n.selection import COOKIE, COOKIE_MAX_AGE

    page = _text(client.get("/datenschutz"))
    assert f"{COOKIE} merkt sich die Sprache" in page and f"{COOKIE_MAX_AGE // 86400} Tage" in page


# --- periods and contacts from the configuration ------------------------------------------------


def test_retention_period_from_config(app, client):
    assert "180 Tage nach seinem Ende" in _text(client.get("/datenschutz"))
    app.config["RETENTION_DAYS"] = 30
    assert "30 Tage nach seinem Ende" in _text(client.get("/datenschutz"))
    app.config["RETENTION_DAYS"] = 0
    assert "eine automatische Frist ist nicht eingestellt" in _text(client.get("/datenschutz"))


def test_workshop_page_names_its_own_deletion_date(app, client, workshop):
    open_page = _text(client.get(f"/w/{workshop.code}/datenschutz"))
    assert workshop.title in open_page and "noch offen" in open_page
    set_open(workshop, False)
    with write_transaction():
        workshop.closed_at = utcnow() - timedelta(days=10)
    closed_page = _text(client.get(f"/w/{workshop.code}/datenschutz"))
    expected = (workshop.closed_at + timedelta(days=180)).astimezone(ZoneInfo("Europe/Berlin"))
    assert expected.strftime("%d.%m.%Y") in closed_page
    assert "wird am" in closed_page


def test_unknown_workshop_is_404(client):
    assert client.get("/w/ZZZZZZ/datenschutz").status_code == 404


def test_contacts_from_config_or_a_visible_gap(app, client):
    page = _text(client.get("/datenschutz"))
    assert "noch nicht alle Kontaktangaben" in page
    app.config.update(OPERATOR_NAME="Kreis Dithmarschen\nStettiner Straße 30, 25746 Heide",
                      PRIVACY_CONTACT="datenschutz@dithmarschen.example")
    page = _text(client.get("/datenschutz"))
    assert "Kreis Dithmarschen Stettiner Straße 30" in page and "datenschutz@dithmarschen.example" in page
    assert "noch nicht alle Kontaktangaben" not in page


def test_contacts_are_shown_as_text(app, client):
    app.config.update(OPERATOR_NAME="<script>alert(1)</script>", PRIVACY_CONTACT="x")
    assert "<script>alert(1)</script>" not in client.get("/datenschutz").get_data(as_text=True)


def test_workshop_setting_changes_who_sees_ideas(app, client, workshop):
    from participation.workshops.services import update_workshop

    update_workshop(workshop, show_ideas_to_attendees=False)
    assert "sehen die anderen Teilnehmenden Ihre Ideen nicht" in _text(client.get(f"/w/{workshop.code}/datenschutz"))


# --- what the server does around the page -----------------------------------------------------


def test_page_loads_nothing_from_elsewhere(client):
    response = client.get("/datenschutz")
    policy = response.headers["Content-Security-Policy"]
    assert "http:" not in policy and "https:" not in policy and "*" not in policy
    assert not re.search(r'(src|href)="(https?:)?//', response.get_data(as_text=True))


def test_gunicorn_keeps_no_access_log(monkeypatch):
    settings = runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    assert settings["accesslog"] is None
    assert settings["logconfig_dict"]["loggers"]["gunicorn.access"]["propagate"] is False


def test_linked_from_join_page_and_footer(client, workshop):
    join = client.get(f"/j/{workshop.code}").get_data(as_text=True)
    assert f'href="/w/{workshop.code}/datenschutz"' in join
    assert 'href="/hilfe"' in join and 'href="/barrierefreiheit"' in join
    start = client.get("/").get_data(as_text=True)
    for href in ("/datenschutz", "/barrierefreiheit", "/hilfe"):
        assert f'href="{href}"' in start


def test_every_cookie_a_moderator_login_sets_is_listed(app, client, moderator):
    from helpers import TEST_PASSWORD

    listed = {cookie.name for cookie in privacy.cookies()}
    response = client.post("/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD,
                                                      "remember": "y", "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    set_names = {header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")}
    assert {"session", "remember_token", "known_device"} <= set_names <= listed
    page = _text(client.get("/datenschutz"))
    assert "known_device erkennt einen Browser" in page
