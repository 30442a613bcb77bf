"""The secret key of a workshop's remote link: the moderator's own phone drives the run
sheet (next step, timer, reveal) without logging in.

As the wall key (``wall_keys``): derived with the app's secret key from the workshop and
a stored random salt, so the database holds nothing that opens the remote. A new salt
retires the old link at once; no salt, no remote link.
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app

from ..database import write_transaction


def remote_key_of(workshop):
    if not workshop.remote_salt:
        return None
    secret = str(current_app.config["SECRET_KEY"]).encode()
    mac = hmac.new(secret, f"remote-key:{workshop.id}:{workshop.remote_salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode()


def rotate_remote_key(workshop):
    """A new remote link (the old one stops working at once); returns its key."""
    with write_transaction():
        workshop.remote_salt = secrets.token_urlsafe(12)
    return remote_key_of(workshop)


def revoke_remote_key(workshop):
    """No remote link any more: every phone holding one loses it at once."""
    with write_transaction():
        workshop.remote_salt = None


def remote_key_matches(workshop, key):
    current = remote_key_of(workshop)
    return bool(key and current and secrets.compare_digest(current.encode(), str(key).encode()))
