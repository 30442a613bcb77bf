"""Secret links that open one workshop's page without an account: the moderator's remote
(``remote_keys``) and the helpers' paper-card entry (``cards_keys``).

As the wall key (``wall_keys``): a link's key is derived with the app's secret key from
the workshop, the link's purpose and a random salt stored on the workshop, so the database
holds nothing that opens the page. A new salt retires the old link at once; no salt, no link.
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app

from ..database import write_transaction


class SecretLink:
    """The key of one kind of link, its salt kept in the workshop's column ``salt_column``."""

    def __init__(self, salt_column, purpose):
        self.salt_column = salt_column
        self.purpose = purpose

    def key_of(self, workshop):
        salt = getattr(workshop, self.salt_column)
        if not salt:
            return None
        secret = str(current_app.config["SECRET_KEY"]).encode()
        mac = hmac.new(secret, f"{self.purpose}:{workshop.id}:{salt}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac[:24]).decode()

    def rotate(self, workshop):
        """A new link (the old one stops working at once); returns its key."""
        with write_transaction():
            setattr(workshop, self.salt_column, secrets.token_urlsafe(12))
        return self.key_of(workshop)

    def revoke(self, workshop):
        """No link any more: everyone holding one loses it at once."""
        with write_transaction():
            setattr(workshop, self.salt_column, None)

    def matches(self, workshop, key):
        current = self.key_of(workshop)
        return bool(key and current and secrets.compare_digest(current.encode(), str(key).encode()))
