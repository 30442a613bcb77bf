"""Workshops with their guiding questions and Handlungsfelder (fields of action)."""

from blinker import Namespace

from ..core.timeutil import UTCDateTime, utcnow
from ..extensions import db

_signals = Namespace()

# Rows of features above workshops point at questions and fields (ideas do). Before one is
# deleted (workshops.structure), these signals let them act as a foreign key's ON DELETE
# would, without workshops importing them:
# ``question_deleting`` (sender: the question): each receiver returns how many of its rows
# depend on the question; any at all keep it. ``field_deleting`` (sender: the field,
# keyword ``session``: the deleting transaction): receivers let go of the field.
question_deleting = _signals.signal("question-deleting")
field_deleting = _signals.signal("field-deleting")

workshop_moderator = db.Table(
    "workshop_moderator",
    db.Column("workshop_id", db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    db.Column("moderator_id", db.Integer, db.ForeignKey("moderator.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Workshop(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(6), unique=True, nullable=False)
    title = db.Column(db.String(200), nullable=False)
    event_date = db.Column(db.Date)
    place = db.Column(db.String(200), nullable=False, default="")
    description = db.Column(db.Text, nullable=False, default="")
    idea_max_length = db.Column(db.Integer, nullable=False, default=500)
    is_open = db.Column(db.Boolean, nullable=False, default=True)
    # When it was last closed: retention (automatic deletion) counts from here
    closed_at = db.Column(UTCDateTime)
    # Language of the attendee pages ("de", "en"); None: each attendee's browser decides
    language = db.Column(db.String(5))
    # Live wall and moderation
    dots_per_participant = db.Column(db.Integer, nullable=False, default=3, server_default="3")
    show_ideas_to_attendees = db.Column(db.Boolean, nullable=False, default=True, server_default=db.true())
    premoderation = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    word_filter = db.Column(db.JSON, nullable=False, default=list, server_default="[]")
    # Random input of the secret wall key (see workshops.wall_keys.wall_key_of); the key
    # itself is derived with the app's secret key and never stored.
    wall_salt = db.Column(db.String(32))
    spotlight_idea_id = db.Column(db.Integer)  # no FK: ideas point at workshops already
    event_seq = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # The run sheet (Ablauf): the step running now (None: no step runs, the workshop is
    # open or closed as a whole, as before run sheets), and whether dots are counted in
    # secret (from a voting step until the moderator reveals them). See ``phases``.
    current_step_id = db.Column(db.Integer)  # no FK: steps point at workshops already
    votes_hidden = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # Random input of the secret remote link (as ``wall_salt``); None: no remote link
    remote_salt = db.Column(db.String(32))
    # Random input of the secret "Kartenerfassung" link (as ``wall_salt``): a helper without
    # an account types paper cards in; None: no such link
    cards_salt = db.Column(db.String(32))
    # Group work (``Group``): how many ideas each group's facilitator may promote to the
    # plenary; the moderator's message to every group wall ("Noch 5 Minuten") and when it
    # was sent (None: none shown); the group a "Gruppen stellen vor" step presents now
    group_promote_limit = db.Column(db.Integer, nullable=False, default=3, server_default="3")
    group_message = db.Column(db.String(200))
    group_message_at = db.Column(UTCDateTime)
    presenting_group_id = db.Column(db.Integer)  # no FK: groups point at workshops already
    # Text analysis: number of groups to discover (None: chosen automatically)
    discovery_k = db.Column(db.Integer)
    # Results page for attendees after the event (charts and ideas by field)
    results_published = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # The participation process (Beteiligungsprozess) this workshop is one event of; None:
    # a workshop on its own. Leaving a process only clears this (and the fields' links).
    process_id = db.Column(db.Integer, db.ForeignKey("process.id", ondelete="SET NULL"), index=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("moderator.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    owner = db.relationship("Moderator", back_populates="workshops")
    # Co-moderators invited by the owner to this one workshop
    co_moderators = db.relationship("Moderator", secondary=workshop_moderator, order_by="Moderator.username")
    questions = db.relationship(
        "Question",
        back_populates="workshop",
        order_by="Question.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    fields = db.relationship(
        "Field",
        back_populates="workshop",
        order_by="Field.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    groups = db.relationship(
        "Group",
        back_populates="workshop",
        order_by="Group.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    steps = db.relationship(
        "RunStep",
        back_populates="workshop",
        order_by="RunStep.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self):
        return f"<Workshop {self.code} {self.title!r}>"


class Question(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = db.Column(db.Integer, nullable=False)
    text = db.Column(db.String(300), nullable=False)

    workshop = db.relationship("Workshop", back_populates="questions")


class Field(db.Model):
    """A Handlungsfeld: the analysis sorts ideas into these by name, description and keywords."""

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    keywords = db.Column(db.JSON, nullable=False, default=list)
    colour = db.Column(db.String(7), nullable=False, default="#1f5f8b")
    catch_all = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    """"Sonstiges": receives the ideas that fit no other field (also by name, see analysis.fields)."""
    # The entry of the process's shared catalogue this field stands for (workshops of one
    # process learn from each other's decisions through it); None outside a process.
    process_field_id = db.Column(db.Integer, db.ForeignKey("process_field.id", ondelete="SET NULL"), index=True)

    workshop = db.relationship("Workshop", back_populates="fields")


class Group(db.Model):
    """A group of a workshop's attendees: a table in the hall or a breakout room online
    (Gruppe, Tisch). Attendees join it by its own link or choose it on their phone; their
    ideas carry it. A facilitator (Tischmoderation) holds a secret link limited to it
    (``groups.keys``) and promotes up to ``workshop.group_promote_limit`` of its ideas
    to the plenary."""

    __tablename__ = "workshop_group"
    __table_args__ = (db.UniqueConstraint("workshop_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # 1, 2, 3 ... in the workshop: its order and its short link (/j/<code>/g<number>);
    # never reused for another group of the workshop
    number = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(80), nullable=False)
    topic = db.Column(db.String(200), nullable=False, default="", server_default="")
    # The guiding question the group works on (None: all questions)
    question_id = db.Column(db.Integer, db.ForeignKey("question.id", ondelete="SET NULL"))
    # Who facilitates it, as the moderator wrote it (a first name or "Tisch-Pat:in"), optional
    facilitator = db.Column(db.String(80), nullable=False, default="", server_default="")
    # Random input of the facilitator's secret link (as ``Workshop.wall_salt``); None: no link
    facilitator_salt = db.Column(db.String(32))
    # "Hilfe": when the facilitator asked the moderator to come (None: no request open)
    help_at = db.Column(UTCDateTime)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    workshop = db.relationship("Workshop", back_populates="groups")
    question = db.relationship("Question")

    def __repr__(self):
        return f"<Group {self.number} {self.name!r}>"


# Kinds of run-sheet steps: what attendees may do in them (``phases.phase``).
COLLECT, SILENT, VOTE, RESULT, PAUSE, CLOSED = "collect", "silent", "vote", "result", "pause", "closed"
# Gruppen stellen vor: the groups present their promoted ideas in turn on the plenary wall
PRESENT = "present"
STEP_KINDS = (COLLECT, SILENT, PRESENT, VOTE, RESULT, PAUSE, CLOSED)


class RunStep(db.Model):
    """One step of a workshop's run sheet (Ablauf): a kind, the guiding questions it
    applies to and an optional duration; while and after it runs, its times.

    Timers are absolute server times: ``ends_at`` while the countdown runs,
    ``paused_remaining`` (seconds) while it is paused, neither for a step without one.
    ``record`` keeps the step's numbers (ideas, dots, people done) once it has ended.
    """

    __tablename__ = "run_step"

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(
        db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(16), nullable=False, default=COLLECT)
    title = db.Column(db.String(120), nullable=False, default="")
    question_ids = db.Column(db.JSON, nullable=False, default=list)  # empty: all questions
    duration_seconds = db.Column(db.Integer)
    auto_advance = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    started_at = db.Column(UTCDateTime)
    ends_at = db.Column(UTCDateTime)
    paused_remaining = db.Column(db.Float)
    ended_at = db.Column(UTCDateTime)
    record = db.Column(db.JSON)

    workshop = db.relationship("Workshop", back_populates="steps")

    def applies_to(self, question_id):
        return not self.question_ids or question_id in self.question_ids


class SavedTemplate(db.Model):
    """A moderator's own workshop template: questions, fields (with keywords) and run sheet,
    saved from a workshop or imported from a file; never any idea. ``payload`` is the
    document of ``workshops.saved_templates`` without its name and description."""

    __tablename__ = "saved_template"

    id = db.Column(db.Integer, primary_key=True)
    # A template is personal: it goes with the account that saved it.
    owner_id = db.Column(
        db.Integer, db.ForeignKey("moderator.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    payload = db.Column(db.JSON, nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
