"""Anonymous participants and their ideas.

A participant is known only by the hash of a random token kept in their cookie; no IP
address, user agent or other fingerprint is stored.
"""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db

VISIBLE = "visible"
HIDDEN = "hidden"
PENDING = "pending"
IDEA_STATUSES = (VISIBLE, HIDDEN, PENDING)


class Participant(db.Model):
    __table_args__ = (db.UniqueConstraint("workshop_id", "token_hash"),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False
    )
    token_hash = db.Column(db.String(64), nullable=False)
    nickname = db.Column(db.String(40))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    workshop = db.relationship("Workshop")


class Idea(db.Model):
    __table_args__ = (db.UniqueConstraint("participant_id", "idempotency_key"),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    question_id = db.Column(
        db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"), nullable=False, index=True
    )
    participant_id = db.Column(
        db.Integer, db.ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    idempotency_key = db.Column(db.String(64), nullable=False)
    text = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(10), nullable=False, default=VISIBLE)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    workshop = db.relationship("Workshop")
    question = db.relationship("Question")
    participant = db.relationship("Participant")

    @property
    def nickname(self):
        return self.participant.nickname if self.participant else None
