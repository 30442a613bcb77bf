"""Moderator accounts."""

import hashlib
import hmac

from flask import current_app
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


ADMIN = "admin"
MODERATOR = "moderator"
ROLES = (ADMIN, MODERATOR)


class Moderator(UserMixin, db.Model):
    """An account of the people who run workshops.

    Admins manage accounts and every workshop; moderators their own workshops and those
    they were invited to as co-moderators.
    """

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(10), nullable=False, default=MODERATOR, server_default=MODERATOR)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    workshops = db.relationship("Workshop", back_populates="owner")

    @property
    def is_admin(self):
        return self.role == ADMIN

    def get_id(self):
        """What the session and the remember cookie hold: the id and a password fingerprint.

        A new password (changed by the person or reset by an admin) changes the
        fingerprint, so every session opened with the old one ends.
        """
        return f"{self.id}.{self.session_fingerprint()}"

    def session_fingerprint(self):
        key = str(current_app.config["SECRET_KEY"]).encode()
        return hmac.new(key, self.password_hash.encode(), hashlib.sha256).hexdigest()[:20]

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<Moderator {self.username}>"
