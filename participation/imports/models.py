"""An uploaded file between its preview and the import: kept in the database (so any app
server can finish it), for one moderator and one workshop, deleted when imported or
after ``PENDING_IMPORT_HOURS``."""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class PendingImport(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    moderator_id = db.Column(db.Integer, db.ForeignKey("moderator.id", ondelete="CASCADE"), nullable=False)
    token = db.Column(db.String(64), nullable=False, unique=True)
    file_name = db.Column(db.String(200), nullable=False)
    content = db.Column(db.LargeBinary, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
