"""Moderator accounts."""

import hmac
import secrets

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


ADMIN = "admin"
MODERATOR = "moderator"
ROLES = (ADMIN, MODERATOR)


def new_session_token():
    return secrets.token_urlsafe(24)


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
    # The generation of the account's sessions: every session and remember cookie carries
    # it, and a new one (logout, new password) ends all of them at once on every server.
    session_token = db.Column(db.String(32), nullable=False, default=new_session_token)

    workshops = db.relationship("Workshop", back_populates="owner")

    @property
    def is_admin(self):
        return self.role == ADMIN

    def get_id(self):
        """What the session and the remember cookie hold: ``"<id>:<session token>"``.

        Logging out, a new password (changed by the person or reset by an admin) and
        deleting the account replace or remove the token, so every session and remember
        cookie issued before ends, wherever it is replayed from.
        """
        return f"{self.id}:{self.session_token}"

    def session_matches(self, token):
        return bool(token and self.session_token and hmac.compare_digest(self.session_token, token))

    def end_sessions(self):
        """A new session generation: every session of this account ends (call in a write)."""
        self.session_token = new_session_token()

    def set_password(self, password):
        """A new password; it ends every session opened with the old one."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<Moderator {self.username}>"
