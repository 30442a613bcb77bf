"""Focus groups: a secret link to one Handlungsfeld (the measures drafted there are in
``participation.measures``)."""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class FocusLink(db.Model):
    """Access for one focus group to one Handlungsfeld, without an account.

    Only the SHA-256 of the token is stored; the link is shown once when it is created.
    """

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    field_id = db.Column(db.Integer, db.ForeignKey("field.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), nullable=False, unique=True)
    label = db.Column(db.String(120), nullable=False, default="")
    expires_at = db.Column(UTCDateTime, nullable=False)
    revoked = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    workshop = db.relationship("Workshop")
    field = db.relationship("Field")
