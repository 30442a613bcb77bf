"""The secret key of a workshop's wall link: derived, checked, replaced.

A second laptop at the projector opens the wall with this key instead of logging in.
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app, url_for

from ..database import write_transaction
from .urls import public_url


def new_wall_salt():
    """A new random input of a workshop's wall key: storing a new one retires the old key."""
    return secrets.token_urlsafe(12)


def wall_key_of(workshop):
    """The secret key of the wall link, or None before there is one.

    Derived (HMAC with the app's secret key) from the workshop's id and its stored random
    salt: the database holds nothing that opens the wall, yet the moderator can show and
    copy the link at any time. A new salt is a new link; the old one stops working.
    """
    if not workshop.wall_salt:
        return None
    secret = str(current_app.config["SECRET_KEY"]).encode()
    mac = hmac.new(secret, f"wall-key:{workshop.id}:{workshop.wall_salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode()


def ensure_wall_token(workshop):
    """The workshop's secret wall key (made on first use)."""
    return wall_key_of(workshop) or rotate_wall_token(workshop)


def rotate_wall_token(workshop):
    """A new secret wall link; the old one stops working at once. Returns the new key."""
    with write_transaction():
        workshop.wall_salt = new_wall_salt()
    return wall_key_of(workshop)


def wall_key_matches(workshop, key):
    """Whether ``key`` is the workshop's current secret wall link key."""
    current = wall_key_of(workshop)
    return bool(key and current and secrets.compare_digest(current.encode(), str(key).encode()))


def wall_url(workshop):
    """The secret wall link for a second laptop (same base address as the QR code)."""
    return public_url(url_for("moderation.wall", code=workshop.code, key=ensure_wall_token(workshop)))
