"""Structured logs: one line per record (key=value or JSON), and nothing personal in them."""

import json
import logging
from logging.config import dictConfig
from pathlib import Path

import pytest

from participation import create_app
from participation.ops import logs

from helpers import csrf_token

SECRETS = ("SEKRET-FOCUS-TOKEN-123", "SEKRET-WALL-KEY-456", "203.0.113.9", "Geheimagent/7.0 (Handy von Inge)")


def _lines(capsys):
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def _requests(app, workshop):
    """Requests that carry an address, a user agent, a focus token and a wall key."""
    client = app.test_client()
    environ = {"REMOTE_ADDR": SECRETS[2], "HTTP_USER_AGENT": SECRETS[3]}
    client.get(f"/f/{SECRETS[0]}", environ_base=environ)
    client.get(f"/f/{SECRETS[0]}/measures/new?next=/x", environ_base=environ)
    client.get(f"/w/{workshop.code}/wall?key={SECRETS[1]}", environ_base=environ)
    client.get(f"/j/{workshop.code}?code=123", environ_base=environ)
    token = csrf_token(client)
    client.post(f"/j/{workshop.code}", data={"nickname": "Inge Geheim", "csrf_token": token}, environ_base=environ)


@pytest.mark.parametrize("log_format", ["keyvalue", "json"])
def test_request_lines_hold_route_status_duration_and_nothing_personal(app, workshop, capsys, log_format):
    app.config["LOG_FORMAT"] = log_format
    logs.configure_logging(app)
    capsys.readouterr()
    try:
        _requests(app, workshop)
        lines = _lines(capsys)
    finally:
        app.config["LOG_FORMAT"] = "keyvalue"
        logs.configure_logging(app)
    request_lines = [line for line in lines if "participation.request" in line]
    assert len(request_lines) >= 5
    everything = "\n".join(lines)
    for secret in (*SECRETS, "Inge Geheim", "next=", "code=123"):
        assert secret not in everything, secret
    if log_format == "json":
        records = [json.loads(line) for line in request_lines]
        routes = {record["route"] for record in records}
        assert {"/f/<token>", "/w/<code>/wall", "/j/<code>"} <= routes
        assert all({"time", "level", "method", "route", "status", "duration_ms"} <= set(record) for record in records)
    else:
        assert any("route=/f/<token>" in line and "status=404" in line for line in request_lines)
        assert all(line.startswith("time=") for line in request_lines)


def test_a_traceback_stays_on_one_line_and_loses_its_secrets(capsys):
    logger = logging.getLogger("participation.test")
    handler = logs.StructuredHandler()
    handler.setFormatter(logs.make_formatter("keyvalue"))
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise RuntimeError(f"Fehler bei /f/{SECRETS[0]}/x?key={SECRETS[1]} von {SECRETS[2]}\n[parameters: ('Idee von Inge', 3)]")
        except RuntimeError:
            logger.exception("Error handling request /w/ABCDEF/wall?key=%s", SECRETS[1])
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    lines = _lines(capsys)
    assert len(lines) == 1
    for secret in (*SECRETS[:3], "Idee von Inge"):
        assert secret not in lines[0]
    assert "level=error" in lines[0] and "exc=" in lines[0] and "RuntimeError" in lines[0]


def test_gunicorn_uses_the_same_format_and_keeps_no_access_log(capsys):
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        dictConfig(logs.logging_config("json", "INFO"))
        logging.getLogger("gunicorn.error").error("Error handling request /f/%s?x=%s", SECRETS[0], SECRETS[1])
        logging.getLogger("gunicorn.access").info('%s - - "GET / HTTP/1.1" 200 - "-" "%s"', SECRETS[2], SECRETS[3])
        lines = _lines(capsys)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["logger"] == "gunicorn.error" and record["msg"] == "Error handling request /f/[redacted]?[redacted]"


def test_gunicorn_never_builds_an_access_log_entry():
    """Our gunicorn.conf.py names a logger whose access log is off, even with logconfig_dict."""
    import runpy

    from gunicorn.config import Config

    from participation.ops.gunicorn_log import QuietAccessLogger

    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert settings["logger_class"] == "participation.ops.gunicorn_log.QuietAccessLogger"
    config = Config()
    config.set("logconfig_dict", settings["logconfig_dict"])
    logger = QuietAccessLogger(config)
    assert not logger.access_log_enabled

    class Untouchable:  # a request whose address or headers were read would fail the test
        def __getattr__(self, name):
            raise AssertionError(f"the access log read {name}")

    assert logger.access(Untouchable(), Untouchable(), Untouchable(), Untouchable()) is None


def test_one_handler_however_many_apps(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "second"))
    create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    ours = [handler for handler in logging.getLogger().handlers if getattr(handler, "participation", False)]
    assert len(ours) == 1


def test_unknown_format_is_refused_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "third"))
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "LOG_FORMAT": "xml"})


def test_log_format_from_the_environment():
    from participation.config import environment_overrides

    assert environment_overrides({"LOG_FORMAT": "json", "RETENTION_DAYS": "30", "TRUSTED_PROXIES": "1"}) == {
        "LOG_FORMAT": "json", "RETENTION_DAYS": 30, "TRUSTED_PROXIES": 1}
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        environment_overrides({"RETENTION_DAYS": "ein halbes Jahr"})


def test_sql_parameters_never_reach_a_message(app):
    from participation.extensions import db

    assert db.engine.hide_parameters is True


def test_trusted_proxy_gives_each_client_its_own_address(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATION_INSTANCE", str(tmp_path / "proxy"))
    seen = []
    proxied = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                          "TRUSTED_PROXIES": 1})

    @proxied.get("/whoami-test")
    def whoami():
        from flask import request

        seen.append((request.remote_addr, request.scheme))
        return ""

    proxied.test_client().get("/whoami-test", headers={"X-Forwarded-For": "198.51.100.7",
                                                       "X-Forwarded-Proto": "https"})
    assert seen == [("198.51.100.7", "https")]


@pytest.mark.parametrize("text", [
    "request", "POST", "/api/workshops/<code>/ideas", "/f/<token>", "/f/abcDEF-123", "/j/ABCD?key=geheim",
    "ip=10.0.0.1", "from ip=localhost", "192.168.1.20 fragte", "fe80::1 fragte", "2001:db8:0:0:0:0:2:1",
    "[parameters: ('Meine Idee',)]", "Fehler in /w/<code>/wall", "Ölpreis-Idee_über/alles",
])
def test_the_quick_path_of_redact_gives_what_the_full_one_gives(text):
    full = text
    for pattern, replacement in logs._REDACTIONS:
        full = pattern.sub(replacement, full)
    assert logs.redact(text) == full
