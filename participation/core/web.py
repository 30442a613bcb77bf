"""Response headers and template helpers every page needs, and how a page's script asks
for JSON instead of a page (``asks_for_json``).

Scripts run only when they carry this response's nonce: every page gets a fresh one
(``csp_nonce()`` in templates), so markup that slips into a page, even a ``<script src>``
pointing at our own host, stays inert. Styles come only from our stylesheets, never from
``style`` attributes; nothing may frame a page, plugins are off, forms post only here.
"""

import secrets

from flask import abort, g, request

from .public_address import uses_https

# Everything except the nonce; script-src is filled per response.
POLICY_TEMPLATE = (
    "default-src 'none'",
    "script-src 'nonce-{nonce}'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",  # the phone page's service worker (/j/sw.js)
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)

# Powerful features no page of ours uses (names Chromium knows, so it logs no warnings).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid",
        "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    )
)

# Same-origin referrers only: Flask-WTF compares the Referer with the host on https, and
# no address (join codes, wall keys, focus tokens) ever reaches another site.
REFERRER_POLICY = "same-origin"


def csp_nonce():
    """This response's script nonce (one per request, made when first asked for)."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def content_security_policy(nonce):
    return "; ".join(part.format(nonce=nonce) for part in POLICY_TEMPLATE)


# JSON is data, never a document a browser runs: nothing may load or frame it, and it
# needs no nonce (one less call to the system's random source per posted idea).
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"


def register(app):
    app.before_request(_refuse_nul)
    app.after_request(_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce


def _refuse_nul():
    """A NUL in a query or path is nothing anyone typed, and PostgreSQL refuses it in text:
    400 before any view can store it. (Forms drop it, see ``core.forms.BaseForm``.)"""
    sent = [value for _key, value in request.args.items(multi=True)]
    sent += [value for value in (request.view_args or {}).values() if isinstance(value, str)]
    if any("\x00" in value for value in sent):
        abort(400)


# Stylesheets and scripts are no documents: a page's policy, framing and feature headers do
# nothing on them, and every phone fetches a dozen (issue 23, wire: light on the wire).
SUBRESOURCE_TYPES = {"text/css", "text/javascript", "application/javascript"}


def _add_missing(headers, pairs):
    """Add each ``(name, value)`` whose header the response does not have yet.

    One pass over the headers instead of a ``setdefault`` per name: werkzeug answers a
    lookup of a missing header by building an HTTP exception, and the headers below are
    missing on nearly every answer (a tenth of a posted idea's Python calls went to them)."""
    present = {name.lower() for name, _value in headers.items()}
    for name, value in pairs:
        if name.lower() not in present:
            headers.add(name, value)


def _security_headers(response):
    headers = response.headers
    if request.endpoint == "static" and response.mimetype in SUBRESOURCE_TYPES:
        _add_missing(headers, (("X-Content-Type-Options", "nosniff"), ("Cross-Origin-Resource-Policy", "same-origin")))
        return response
    if response.mimetype == "application/json" and g.get("csp_nonce") is None:
        policy = DATA_POLICY
    else:
        policy = content_security_policy(csp_nonce())
    wanted = [
        ("Content-Security-Policy", policy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER_POLICY),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
    # HSTS only on an https answer: sent over plain http it would be ignored at best, and the
    # public address may be https while the venue LAN still reaches this server on http.
    # ``request.is_secure`` sees the scheme a trusted proxy forwarded (ProxyFix).
    if request.is_secure and uses_https():
        wanted.append(("Strict-Transport-Security", "max-age=31536000"))
    # An address carrying a secret (the wall key) is never stored by a browser or a proxy.
    if request.args.get("key"):
        wanted.append(("Cache-Control", "no-store"))
    _add_missing(headers, wanted)
    return response


def asks_for_json():
    """Whether the request came from a page's script asking for JSON (``Accept:
    application/json`` preferred): the same form then answers with data instead of a page
    or a redirect, so every form also works without JavaScript."""
    return request.accept_mimetypes.best == "application/json"
