"""A final vote of a process: candidates (ideas or measures, or typed), one ballot per
voter, the recorded result."""

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db

DOTS = "punkte"
RANKING = "rangfolge"
METHODS = (DOTS, RANKING)

DRAFT = "entwurf"
OPEN = "offen"
CLOSED = "abgeschlossen"
STATES = (DRAFT, OPEN, CLOSED)


class ProjectChoice(db.Model):
    __tablename__ = "project_choice"

    id = db.Column(db.Integer, primary_key=True)
    process_id = db.Column(db.Integer, db.ForeignKey("process.id", ondelete="CASCADE"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    method = db.Column(db.String(12), nullable=False, default=DOTS)
    # Dots per voter (method DOTS); with RANKING every voter ranks the candidates
    points_per_voter = db.Column(db.Integer, nullable=False, default=3)
    # How many projects the vote picks
    winners = db.Column(db.Integer, nullable=False, default=1)
    state = db.Column(db.String(16), nullable=False, default=DRAFT)
    # The voting page's address /auswahl/<code> (public while the vote is open)
    code = db.Column(db.String(12), nullable=False, unique=True)
    # Recorded when the vote closes: [{candidate_id, title, score, rank, chosen}], best first
    result = db.Column(db.JSON)
    opened_at = db.Column(UTCDateTime)
    closed_at = db.Column(UTCDateTime)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    process = db.relationship("Process")
    candidates = db.relationship(
        "ProjectCandidate",
        back_populates="choice",
        order_by="ProjectCandidate.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ProjectCandidate(db.Model):
    __tablename__ = "project_candidate"

    id = db.Column(db.Integer, primary_key=True)
    choice_id = db.Column(db.Integer, db.ForeignKey("project_choice.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    # Where the candidate came from (kept as a reference; the title is copied)
    idea_id = db.Column(db.Integer, db.ForeignKey("idea.id", ondelete="SET NULL"))
    measure_id = db.Column(db.Integer, db.ForeignKey("measure.id", ondelete="SET NULL"))

    choice = db.relationship("ProjectChoice", back_populates="candidates")


class ProjectBallot(db.Model):
    """One voter's ballot. ``voter`` is the SHA-256 of a random token kept in the voter's
    cookie (no account, no address); ``marks`` maps candidate ids (as strings) to dots, or
    to ranks (1 = first) with RANKING."""

    __tablename__ = "project_ballot"
    __table_args__ = (db.UniqueConstraint("choice_id", "voter"),)

    id = db.Column(db.Integer, primary_key=True)
    choice_id = db.Column(db.Integer, db.ForeignKey("project_choice.id", ondelete="CASCADE"), nullable=False, index=True)
    voter = db.Column(db.String(64), nullable=False)
    marks = db.Column(db.JSON, nullable=False, default=dict)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)
