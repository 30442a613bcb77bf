"""Anonymous participants and their ideas.

A participant is known only by the hash of a random token kept in their cookie; no IP
address, user agent or other fingerprint is stored.
"""

from sqlalchemy import func, select, update

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db
from ..workshops.models import field_deleting, question_deleting

VISIBLE = "visible"
HIDDEN = "hidden"
PENDING = "pending"
IDEA_STATUSES = (VISIBLE, HIDDEN, PENDING)

# Where an idea came from: typed on a phone (or sent through the API), a paper card typed
# in (or read from a photo) during the evening, or a row of a file imported from another tool
PHONE = "phone"
PAPER = "paper"
IMPORT = "import"
IDEA_SOURCES = (PHONE, PAPER, IMPORT)


class Participant(db.Model):
    __table_args__ = (db.UniqueConstraint("workshop_id", "token_hash"),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False
    )
    token_hash = db.Column(db.String(64), nullable=False)
    nickname = db.Column(db.String(40))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    # Created in a burst of joins from one address (limits/admission.py): its ideas wait
    # for approval and its dots count as a new participant's.
    held = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())

    # "Ich bin fertig": the run-sheet step this person said they are done with (None: not done)
    done_step_id = db.Column(db.Integer, db.ForeignKey("run_step.id", ondelete="SET NULL"))
    # What the phone last reported of its offline queue (ideas and dots waiting for the
    # network) when it reconnected, and when: the console counts phones with waiting items
    queue_waiting = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    queue_reported_at = db.Column(UTCDateTime)
    # The group (table, breakout room) this person works in (None: none chosen); they may
    # change it, their ideas keep the group they were posted in
    group_id = db.Column(db.Integer, db.ForeignKey("workshop_group.id", ondelete="SET NULL"), index=True)

    workshop = db.relationship("Workshop")
    group = db.relationship("Group")


class Idea(db.Model):
    __table_args__ = (
        db.UniqueConstraint("participant_id", "idempotency_key"),
        db.UniqueConstraint("workshop_id", "source_key"),
    )

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The editor refuses to delete a question that has ideas, see _ideas_keep_their_question
    question_id = db.Column(
        db.Integer, db.ForeignKey("question.id", ondelete="CASCADE"), nullable=False, index=True
    )
    participant_id = db.Column(
        db.Integer, db.ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    idempotency_key = db.Column(db.String(64), nullable=False)
    text = db.Column(db.Text, nullable=False)
    status = db.Column(db.String(10), nullable=False, default=VISIBLE)
    merged_into_id = db.Column(
        db.Integer, db.ForeignKey("idea.id", ondelete="SET NULL"), index=True
    )
    # Handlungsfeld: set by the analysis, or confirmed by a moderator (then never overwritten);
    # a deleted field's ideas go back to the analysis, see _ideas_leave_a_deleted_field
    field_id = db.Column(db.Integer, db.ForeignKey("field.id", ondelete="SET NULL"), index=True)
    field_score = db.Column(db.Float)
    field_terms = db.Column(db.JSON, nullable=False, default=list, server_default="[]")
    field_confirmed = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # The run-sheet step it was posted in (None: no step ran, or posted by a moderator)
    step_id = db.Column(db.Integer, db.ForeignKey("run_step.id", ondelete="SET NULL"), index=True)
    # Where it came from (IDEA_SOURCES); for an import the file's name ("Import: <name>")
    source = db.Column(db.String(12), nullable=False, default=PHONE, server_default=PHONE)
    source_name = db.Column(db.String(200))
    # A card's or an imported row's own key (one per workshop): typing a card twice in a
    # flaky connection or importing the same file again stores nothing new. None for phones.
    source_key = db.Column(db.String(80))
    # The name written on a card or in an imported row's author column (phones' ideas show
    # their participant's nickname instead)
    author = db.Column(db.String(40))
    # Dots given outside the app: sticker dots on the paper card ("Klebepunkte") or votes
    # carried over from an imported file; counted beside the digital dots (``Vote``)
    paper_votes = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # The group it was posted in (its author's group then, or the table a card came from)
    group_id = db.Column(db.Integer, db.ForeignKey("workshop_group.id", ondelete="SET NULL"), index=True)
    # When its group promoted it to the plenary ("Unsere drei wichtigsten"); None: not promoted
    promoted_at = db.Column(UTCDateTime)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
    # Where it is listed (the API's pages, ``api.paging``): the workshop's event seq of the
    # event that announced its post, set by the event log as the post commits (commit order).
    # None for ideas not posted (imported, the demo's, from before the column): listed first.
    posted_seq = db.Column(db.Integer)

    workshop = db.relationship("Workshop")
    question = db.relationship("Question")
    participant = db.relationship("Participant")
    field = db.relationship("Field")
    group = db.relationship("Group")
    merged_into = db.relationship("Idea", remote_side=[id], back_populates="merged")
    merged = db.relationship("Idea", back_populates="merged_into", order_by="Idea.id")
    revisions = db.relationship(
        "IdeaRevision", back_populates="idea", order_by="IdeaRevision.id",
        cascade="all, delete-orphan", passive_deletes=True,
    )

    @property
    def nickname(self):
        return self.participant.nickname if self.participant else self.author


class Vote(db.Model):
    """A dot: one per participant and idea, taken back by deleting it."""

    __table_args__ = (db.UniqueConstraint("idea_id", "participant_id"),)

    id = db.Column(db.Integer, primary_key=True)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False, index=True)
    participant_id = db.Column(
        db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class IdeaRevision(db.Model):
    """The text an idea had before an edit; a moderator's typo fix never loses the original."""

    id = db.Column(db.Integer, primary_key=True)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    edited_by = db.Column(db.String(12), nullable=False)  # "participant" or "moderation"
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    idea = db.relationship("Idea", back_populates="revisions")


# --- deleting a question or a field in the editor (signals of workshops.models) ----------


@question_deleting.connect
def _ideas_keep_their_question(question, **_kwargs):
    """How many ideas answer ``question``: deleting it would delete them, so it stays."""
    return db.session.scalar(select(func.count(Idea.id)).where(Idea.question_id == question.id))


@field_deleting.connect
def _ideas_leave_a_deleted_field(field, session, **_kwargs):
    """The ideas of a deleted field, even moderator-confirmed ones, go back to the analysis."""
    session.execute(
        update(Idea)
        .where(Idea.field_id == field.id)
        .values(field_id=None, field_confirmed=False, field_score=None, field_terms=[])
    )
