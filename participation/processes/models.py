"""A process groups workshops; its catalogue of Handlungsfelder is shared by all of them.

Each workshop keeps its own ``Field`` rows (every feature below works on a workshop's
fields); ``Field.process_field_id`` says which catalogue entry a field stands for. Joining a
process links (or adds) fields by name, leaving clears the links: nothing is copied away
or deleted either way.
"""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db


class Process(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="", server_default="")
    # The public page's address: /p/<slug>; shown only while ``public`` is on
    slug = db.Column(db.String(64), nullable=False, unique=True)
    public = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    owner_id = db.Column(db.Integer, db.ForeignKey("moderator.id", ondelete="SET NULL"), index=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    owner = db.relationship("Moderator")
    fields = db.relationship(
        "ProcessField",
        back_populates="process",
        order_by="ProcessField.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    # The events, oldest first (undated ones last, then by creation)
    workshops = db.relationship(
        "Workshop",
        primaryjoin="Workshop.process_id == Process.id",
        foreign_keys="Workshop.process_id",
        order_by="(Workshop.event_date.is_(None), Workshop.event_date, Workshop.id)",
        viewonly=True,
    )

    def __repr__(self):
        return f"<Process {self.slug} {self.title!r}>"


class ProcessField(db.Model):
    """One Handlungsfeld of the process's catalogue (the same columns as a workshop's field)."""

    __tablename__ = "process_field"

    id = db.Column(db.Integer, primary_key=True)
    process_id = db.Column(db.Integer, db.ForeignKey("process.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    keywords = db.Column(db.JSON, nullable=False, default=list)
    colour = db.Column(db.String(7), nullable=False, default="#1f5f8b")
    catch_all = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())

    process = db.relationship("Process", back_populates="fields")
