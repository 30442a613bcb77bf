"""Measures (Maßnahmen) drafted from a workshop's ideas, by focus groups.

A measure follows the Maßnahmenmerkblatt of seed 004 (Landkreis Meißen): every box of the
sheet is a column here, and the ideas it grew from are linked for traceability.
"""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db

PRIORITIES = ("niedrig", "mittel", "hoch")

# What became of a measure (Rückmeldung), in its order; "verworfen" needs a reason.
STAGES = ("idee", "planung", "umsetzung", "umgesetzt", "verworfen")
REJECTED = "verworfen"

# The text boxes of the sheet, in the sheet's order (attribute names; labels live in
# sheet.py so they can be translated).
SHEET_TEXT_FIELDS = (
    "description",
    "vision",
    "mission",
    "location",
    "sponsor",
    "period",
    "status",
    "milestones",
    "technical",
    "actors",
    "costs",
    "financing",
    "indicators",
    "notes",
)

measure_field = db.Table(
    "measure_field",
    db.Column("measure_id", db.Integer, db.ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    db.Column("field_id", db.Integer, db.ForeignKey("field.id", ondelete="CASCADE"), primary_key=True),
)

measure_idea = db.Table(
    "measure_idea",
    db.Column("measure_id", db.Integer, db.ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    db.Column("idea_id", db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Measure(db.Model):
    """One Maßnahmenmerkblatt. ``version`` grows with every save: a save based on an older
    version is refused instead of silently overwriting a colleague's text."""

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    # The Handlungsfeld whose focus group drafted it (None once that field is deleted)
    field_id = db.Column(db.Integer, db.ForeignKey("field.id", ondelete="SET NULL"), index=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    vision = db.Column(db.Text, nullable=False, default="")
    mission = db.Column(db.Text, nullable=False, default="")
    location = db.Column(db.Text, nullable=False, default="")
    sponsor = db.Column(db.Text, nullable=False, default="")
    priority = db.Column(db.String(10), nullable=False, default="")  # "", or one of PRIORITIES
    period = db.Column(db.Text, nullable=False, default="")
    status = db.Column(db.Text, nullable=False, default="")
    milestones = db.Column(db.Text, nullable=False, default="")
    technical = db.Column(db.Text, nullable=False, default="")
    actors = db.Column(db.Text, nullable=False, default="")
    costs = db.Column(db.Text, nullable=False, default="")
    financing = db.Column(db.Text, nullable=False, default="")
    indicators = db.Column(db.Text, nullable=False, default="")
    notes = db.Column(db.Text, nullable=False, default="")
    version = db.Column(db.Integer, nullable=False, default=1, server_default="1")
    # Rückmeldung: the measure's stage (one of STAGES), the reason when it was dropped, a
    # short text for the public, and whether the public pages (process page, results, the
    # phones of the people whose ideas it grew from) show it at all: the moderator decides.
    stage = db.Column(db.String(12), nullable=False, default="idee", server_default="idee")
    stage_reason = db.Column(db.Text, nullable=False, default="", server_default="")
    public_update = db.Column(db.Text, nullable=False, default="", server_default="")
    is_public = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    stage_changed_at = db.Column(UTCDateTime)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    workshop = db.relationship("Workshop")
    field = db.relationship("Field")
    # Handlungsfeld(er) ticked on the sheet (several possible)
    fields = db.relationship("Field", secondary=measure_field, order_by="Field.position")
    # The ideas the measure grew from
    ideas = db.relationship("Idea", secondary=measure_idea, order_by="Idea.id")
    # Milestones that can be ticked off with a date (the sheet's "Meilensteine" box stays
    # the focus group's free text)
    checkpoints = db.relationship(
        "MeasureMilestone",
        back_populates="measure",
        order_by="MeasureMilestone.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class MeasureMilestone(db.Model):
    __tablename__ = "measure_milestone"

    id = db.Column(db.Integer, primary_key=True)
    measure_id = db.Column(db.Integer, db.ForeignKey("measure.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    # The day it was reached; None: still open
    done_on = db.Column(db.Date)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    measure = db.relationship("Measure", back_populates="checkpoints")
