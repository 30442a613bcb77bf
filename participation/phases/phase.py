"""What the room may do and see now: the one rule that posting, voting, the phone page,
the wall, the streams, the API and the exports ask.

A ``Phase`` is plain values (the workshop's switch, its current step, whether dots are
counted in secret) and a time; it reads nothing itself. ``phase_of`` builds it from a
loaded workshop. Without a run sheet (no step running) a workshop behaves as before run
sheets: open for ideas and dots, or closed.

A step whose countdown has run out and that moves on by itself counts as ended from that
moment, even before any process has moved the workshop on (``services.advance_due``):
every worker and server sees the same phase at the same time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .. import limits
from ..extensions import db
from ..workshops.models import CLOSED, COLLECT, PAUSE, RESULT, SILENT, VOTE, RunStep

COLLECTING = (COLLECT, SILENT)
CALM = (PAUSE, CLOSED)


@dataclass(frozen=True)
class StepView:
    """A step as the rule needs it (plain values; built from a ``RunStep`` or a posting's row)."""

    id: int
    kind: str
    question_ids: tuple = ()
    ends_at: datetime | None = None
    paused_remaining: float | None = None
    auto_advance: bool = False
    ended_at: datetime | None = None

    @classmethod
    def of(cls, step):
        if step is None:
            return None
        return cls(step.id, step.kind, tuple(step.question_ids or ()), step.ends_at, step.paused_remaining,
                   bool(step.auto_advance), step.ended_at)

    def applies_to(self, question_id):
        return not self.question_ids or question_id in self.question_ids


@dataclass(frozen=True)
class Phase:
    is_open: bool
    step: StepView | None = None
    votes_hidden: bool = False

    def running(self, now=None):
        """The step running at ``now`` (None without a run sheet, or once an automatic
        step's time is up)."""
        step = self.step
        if step is None or step.ended_at is not None:
            return None
        if step.auto_advance and step.ends_at is not None and _now(now) >= step.ends_at:
            return None
        return step

    def _ended(self, now):
        """A step that has ended and is still current: time up, moving on by itself."""
        return self.step is not None and self.running(now) is None

    def may_post(self, question_id, now=None):
        if not self.is_open:
            return False
        if self.step is None:
            return True
        step = self.running(now)
        return step is not None and step.kind in COLLECTING and step.applies_to(question_id)

    def may_vote(self, now=None):
        if not self.is_open:
            return False
        if self.step is None:
            return True
        step = self.running(now)
        return step is not None and step.kind == VOTE

    @property
    def kind(self):
        """The current step's kind; ``"open"``/``"closed"`` for a workshop without a run sheet."""
        if self.step is None:
            return "open" if self.is_open else CLOSED
        return self.step.kind

    @property
    def silent(self):
        """Still sammeln: phones see only their own ideas, the wall only a count per question."""
        return self.step is not None and self.step.kind == SILENT

    @property
    def calm(self):
        """Pause or Geschlossen: the wall shows a calm screen with the next step and the QR code."""
        return self.step is not None and self.step.kind in CALM

    @property
    def ranked(self):
        """Ergebnis: the wall ranks ideas by dots."""
        return self.step is not None and self.step.kind == RESULT and not self.votes_hidden

    def remaining(self, now=None):
        """Seconds left on the countdown (never negative), or None without one."""
        step = self.step
        if step is None or step.ended_at is not None:
            return None
        if step.paused_remaining is not None:
            return max(0.0, step.paused_remaining)
        if step.ends_at is None:
            return None
        return max(0.0, (step.ends_at - _now(now)).total_seconds())


def _now(now):
    return now or limits.clock_utc()


def phase_of(workshop):
    """The ``Phase`` of a loaded workshop (reads its current step)."""
    step = db.session.get(RunStep, workshop.current_step_id) if workshop.current_step_id else None
    return Phase(bool(workshop.is_open), StepView.of(step), bool(workshop.votes_hidden))


def late_step(workshop_id, question_id, grace_seconds, now=None):
    """The collecting step for ``question_id`` that ended at most ``grace_seconds`` ago,
    or None: a post typed in it and sent just after its end waits for approval instead
    of being refused."""
    now = _now(now)
    since = now - timedelta(seconds=grace_seconds)
    candidates = db.session.scalars(
        db.select(RunStep).where(
            RunStep.workshop_id == workshop_id,
            RunStep.kind.in_(COLLECTING),
            RunStep.started_at.is_not(None),
            # ended, or still current with its automatic end passed
            db.or_(RunStep.ended_at >= since,
                   db.and_(RunStep.ended_at.is_(None), RunStep.auto_advance, RunStep.ends_at >= since,
                           RunStep.ends_at <= now)),
        ).order_by(RunStep.started_at.desc())
    ).all()
    for step in candidates:
        if step.applies_to(question_id):
            return step
    return None


def epoch_ms(moment):
    return None if moment is None else int(moment.replace(tzinfo=moment.tzinfo or timezone.utc).timestamp() * 1000)
