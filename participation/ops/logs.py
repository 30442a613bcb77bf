"""Structured logs without personal data: one line per record, as key=value or JSON.

LOG_FORMAT picks "keyvalue" (default) or "json"; LOG_LEVEL the level. The same handler
serves the app and gunicorn (see gunicorn.conf.py, ``logging_config``).

What never appears: client IP addresses, user agents, query strings, focus-group tokens
(/f/<token>), wall keys, SQL parameters (attendees' texts). Request lines name the route
pattern ("/j/<code>/ideas"), not the path, and every message passes ``redact``, since
libraries (gunicorn, Flask) log raw request paths when something fails.

This module imports no Flask at module level: gunicorn loads it before the app exists.
"""

import json
import logging
import re
import sys
import time
from datetime import datetime, timezone

FORMATS = ("keyvalue", "json")

_REDACTIONS = (
    # Focus-group links carry their token in the path (a route pattern "/f/<token>" stays).
    (re.compile(r"(/f/)(?!<token>)[^/\s?#\"']+"), r"\1[redacted]"),
    # Query strings of addresses: wall keys, next= targets, tokens (SQL's "= ?" is left alone).
    (re.compile(r"(?<=[\w/.\-\]])\?[^\s\"']+"), "?[redacted]"),
    (re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL), "[parameters: redacted]"),  # SQL parameters
    (re.compile(r"\bip=\S+"), "ip=[redacted]"),
    (re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"), "[ip]"),
    (re.compile(r"(?i)(?<![\w:])(?:(?:[0-9a-f]{1,4}:){5,7}[0-9a-f]{1,4}"
                r"|(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4})(?![\w:])"), "[ip]"),
)

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


# What every pattern above needs to match at all: "/f/", "?", "[", "ip=", a digit or a colon.
# Text with none of these (a route pattern, a method, the word "request") is left as it is
# without running the six substitutions: the request log writes three such texts per request.
_MAY_HOLD_SECRETS = re.compile(r"/f/|[?\[\d:]|ip=")


def redact(text):
    if not _MAY_HOLD_SECRETS.search(text):
        return text
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def record_fields(record):
    fields = {
        "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
        "level": record.levelname.lower(),
        "logger": record.name,
        "msg": redact(record.getMessage()),
    }
    for key, value in vars(record).items():
        if key not in _STANDARD and not key.startswith("_"):
            fields[key] = redact(value) if isinstance(value, str) else value
    if record.exc_info:
        fields["exc"] = redact(logging.Formatter().formatException(record.exc_info))
    elif record.exc_text:
        fields["exc"] = redact(record.exc_text)
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps(record_fields(record), ensure_ascii=False, default=str)


_BARE = re.compile(r"^[\w.:/<>@+-]+$")


def _value(value):
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if text and _BARE.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # quoted, with newlines escaped: one line per record


class KeyValueFormatter(logging.Formatter):
    def format(self, record):
        return " ".join(f"{key}={_value(value)}" for key, value in record_fields(record).items())


def make_formatter(log_format="keyvalue"):
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    return JsonFormatter() if log_format == "json" else KeyValueFormatter()


class StructuredHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the moment (test runners swap it)."""

    participation = True

    def __init__(self, stream=None):
        super().__init__(stream)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def logging_config(log_format="keyvalue", level="INFO"):
    """A dictConfig for gunicorn (``logconfig_dict``): its logs and the app's share one handler."""
    make_formatter(log_format)  # refuse unknown formats at start, not at the first record
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"structured": {"()": make_formatter, "log_format": log_format}},
        "handlers": {"stderr": {"class": f"{__name__}.StructuredHandler", "formatter": "structured"}},
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            # Off: an access log holds every attendee's address and user agent.
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def configure_logging(app):
    """Install the structured handler on the root logger once; later apps only update it."""
    from flask.logging import default_handler

    formatter = make_formatter(app.config.get("LOG_FORMAT") or "keyvalue")
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if getattr(handler, "participation", False)]
    if not ours:
        ours = [StructuredHandler()]
        root.addHandler(ours[0])
    for handler in ours:
        handler.setFormatter(formatter)
    root.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    app.logger.removeHandler(default_handler)
    # The development server logs every request with the client's address.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # fpdf2 subsets fonts with fontTools, which reports every pruned table at INFO: a dozen
    # lines per PDF download, nothing an operator needs
    logging.getLogger("fontTools").setLevel(logging.WARNING)


request_log = logging.getLogger("participation.request")


def register_request_log(app):
    """One line per request: method, route pattern, status, duration. No path, address or agent."""
    from flask import g, request

    @app.before_request
    def _start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        started = g.get("request_started")
        if request.endpoint == "ops.healthz" and response.status_code == 200:
            return response  # monitoring asks every few seconds; only failures are news
        rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "route": rule,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            },
        )
        return response
