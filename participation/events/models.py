"""The durable event log behind live updates: one row per change, numbered per workshop."""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class Event(db.Model):
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True
    )
    seq = db.Column(db.Integer, primary_key=True, autoincrement=False)
    kind = db.Column(db.String(30), nullable=False)
    payload = db.Column(db.JSON, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
