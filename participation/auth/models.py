"""Moderator accounts."""

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class Moderator(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    workshops = db.relationship("Workshop", back_populates="owner")

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<Moderator {self.username}>"
