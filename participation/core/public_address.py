"""The public address: where phones reach this server (QR codes, join, wall and focus links).

Three sources, the first that is set wins: ``PUBLIC_BASE_URL`` from the environment or
instance/config.py (an operator's decision, so the app cannot override it), the address an
admin stored in the app (``site_settings``, applied by every worker within seconds), and
otherwise the address of the request itself. Settings that need https (Secure cookies,
HSTS) follow the scheme of this address, so a venue laptop on plain http keeps working and
a county server behind TLS gets them as soon as its https address is set.
"""

import re
from urllib.parse import urlsplit

from flask import Config, current_app, has_app_context
from flask_babel import lazy_gettext as _l

from . import site_settings

MAX_LENGTH = 200
# An optional path prefix (the app behind a reverse proxy under /beteiligung): plain segments.
_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)*/?")
# Read on each access of these config keys when they are left unset (None) in the config.
FOLLOWS_ADDRESS = "follows-public-address"
COOKIE_KEYS = ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "PARTICIPANT_COOKIE_SECURE")


class AddressError(ValueError):
    """A typed address that cannot be used; ``message`` says why, in words for an admin."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def normalise(text):
    """The address as stored: ``scheme://host[:port][/prefix]`` without a trailing slash.

    Empty text means "no address set" and gives "". Raises ``AddressError`` otherwise.
    """
    text = (text or "").strip()
    if not text:
        return ""
    example = "http://192.168.1.20:5000"
    if len(text) > MAX_LENGTH:
        raise AddressError(_l("Die Adresse ist zu lang (höchstens %(max)d Zeichen).", max=MAX_LENGTH))
    if any(character.isspace() for character in text):
        raise AddressError(_l("Die Adresse darf keine Leerzeichen enthalten."))
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(parts.scheme.lower() + "://"):
        raise AddressError(_l("Die Adresse muss mit http:// oder https:// beginnen, z. B. %(example)s.",
                              example=example))
    if not parts.hostname:
        raise AddressError(_l("Nach http:// fehlt der Rechnername oder die IP-Adresse, z. B. %(example)s.",
                              example=example))
    if parts.username is not None or parts.password is not None:
        raise AddressError(_l("Die Adresse darf keinen Benutzernamen und kein Passwort enthalten."))
    try:
        port = parts.port
    except ValueError:  # not a number, or beyond 65535
        port = 0
    if port == 0:
        raise AddressError(_l("Die Portnummer nach dem Doppelpunkt muss eine Zahl von 1 bis 65535 sein."))
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise AddressError(_l("Die Adresse darf nichts mit „?“ oder „#“ enthalten – nur Rechner, Port und "
                              "höchstens einen Pfad wie /beteiligung."))
    if not _PREFIX.fullmatch(parts.path):
        raise AddressError(_l("Der Pfad nach dem Rechnernamen darf nur Buchstaben, Ziffern und - . _ ~ enthalten, "
                              "z. B. /beteiligung."))
    host = parts.hostname
    if ":" in host:  # IPv6 keeps its brackets
        host = f"[{host}]"
    netloc = host + (f":{port}" if port is not None else "")
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


def configured_base_url(app=None):
    """PUBLIC_BASE_URL of the environment or instance config (None when not set)."""
    return (app or current_app).config.get("PUBLIC_BASE_URL") or None


def stored_base_url(app=None):
    return site_settings.setting(app or current_app._get_current_object(), site_settings.PUBLIC_BASE_URL)


def base_url(app=None):
    """The public address in force, or None: then each page uses the address it was asked by."""
    return configured_base_url(app) or stored_base_url(app)


def store_base_url(app, text):
    """Validate and store the admin's address (empty text removes it); returns what is stored."""
    value = normalise(text)
    site_settings.store_setting(app, site_settings.PUBLIC_BASE_URL, value)
    return value


def uses_https(app=None):
    """True when the public address is https: Secure cookies and HSTS then apply."""
    if app is None and not has_app_context():
        return False
    return (base_url(app) or "").startswith("https://")


class AddressAwareConfig(Config):
    """Flask's config, except that cookie keys holding ``FOLLOWS_ADDRESS`` are computed on
    each read from the public address in force: Flask's session, Flask-Login's remember
    cookie and our own cookies then follow an address an admin sets, without a restart."""

    def _follow(self, value):
        if value == FOLLOWS_ADDRESS:
            if has_app_context() and current_app.config is self:
                return uses_https()
            return (dict.get(self, "PUBLIC_BASE_URL") or "").startswith("https://")
        return value

    def __getitem__(self, key):
        return self._follow(super().__getitem__(key))

    def get(self, key, default=None):
        return self._follow(super().get(key, default))
