"""Moving through the run sheet: start a step, move on, extend or pause the countdown,
reveal the dots; and preparing it: add, change, move and delete steps.

Every change is written with its ``phase`` event in one transaction, so every worker and
every app server (PostgreSQL + Redis) sees the same phase. A step ends exactly once: its
``ended_at`` is set by a conditional update (``_end``), which only one of several moderators
pressing "next" at the same moment, or several processes finding an automatic step's time
up (``advance_due``), can win.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from .. import limits
from ..core.ordering import move_one
from ..database import write_transaction
from ..events.log import record_event
from ..extensions import db
from ..workshops.models import CLOSED, RESULT, STEP_KINDS, VOTE, RunStep, Workshop
from .phase import epoch_ms, phase_of

MAX_DURATION = 6 * 60 * 60  # seconds; a step longer than an evening is a typo
MAX_STEPS = 40

_COUNTERS = "participation_step_counters"  # app.extensions key: [counter(session, step) -> dict]
_STARTERS = "participation_step_starters"  # app.extensions key: [starter(session, workshop, step)]


def add_step_counter(app, counter):
    """Let a higher feature count what a step produced (ideas, dots, people done) when it
    ends; the factory registers the counters when the app is built."""
    app.extensions.setdefault(_COUNTERS, []).append(counter)


def add_step_starter(app, starter):
    """Let a higher feature prepare what a step shows when it starts, in the step's own
    transaction (``Gruppen stellen vor``: which group presents first), however it
    started: the console, the remote or an automatic step's end."""
    app.extensions.setdefault(_STARTERS, []).append(starter)


class StepInvalid(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- what walls and phones are told ----------------------------------------------------------


def step_label(kind):
    """The German (or English) name of a step kind, as the run-sheet editor and walls show it."""
    return {
        "collect": _("Sammeln"),
        "silent": _("Still sammeln"),
        "vote": _("Punkten"),
        "result": _("Ergebnis"),
        "present": _("Gruppen stellen vor"),
        "pause": _("Pause"),
        "closed": _("Geschlossen"),
        "open": _("Offen"),
    }[kind]


def _step_payload(step, count):
    return {
        "id": step.id,
        "kind": step.kind,
        "title": step.title,
        "position": step.position + 1,
        "count": count,
        "question_ids": list(step.question_ids or ()),
        "auto": bool(step.auto_advance),
        "duration": step.duration_seconds,
        "started_at": epoch_ms(step.started_at),
        "ends_at": epoch_ms(step.ends_at),
        "paused_remaining": step.paused_remaining,
        "ended": step.ended_at is not None,
    }


def phase_payload(workshop):
    """The phase as walls, phones and the remote get it (events, ``phase.json``): plain
    values, the same for every audience and language. Times are server times in epoch
    milliseconds; clients count down against the server's clock (``now`` comes with each
    answer and stream greeting), never their own."""
    phase = phase_of(workshop)
    steps = list(workshop.steps)
    current = next((step for step in steps if step.id == workshop.current_step_id), None)
    following = None
    if current is not None:
        following = next((step for step in steps if step.position > current.position), None)
    elif steps:
        following = steps[0]
    return {
        "is_open": bool(workshop.is_open),
        "kind": phase.kind,
        "votes_hidden": phase.votes_hidden,
        "step": _step_payload(current, len(steps)) if current is not None else None,
        "next": ({"id": following.id, "kind": following.kind, "title": following.title,
                  "question_ids": list(following.question_ids or ())} if following is not None else None),
    }


def server_now_ms():
    return epoch_ms(limits.clock_utc())


def _announce(session, workshop):
    session.flush()
    record_event(session, workshop.id, "phase", phase_payload(workshop))


# --- moving through the run sheet ---------------------------------------------------------


def current_step(workshop):
    return db.session.get(RunStep, workshop.current_step_id) if workshop.current_step_id else None


def next_step_of(workshop, step=None):
    """The step after ``step`` (default: the current one); the first step when none runs."""
    step = step if step is not None else current_step(workshop)
    for candidate in workshop.steps:
        if step is None or candidate.position > step.position:
            return candidate
    return None


def _end(session, step, at):
    """End ``step`` at ``at`` unless it has ended already; True for the one caller that
    ended it. Its numbers are kept with it."""
    ended = session.execute(
        update(RunStep).where(RunStep.id == step.id, RunStep.ended_at.is_(None)).values(ended_at=at)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not ended:
        return False
    session.refresh(step)
    record = {}
    for counter in current_app.extensions.get(_COUNTERS, ()):
        record.update(counter(session, step))
    step.record = record
    return True


def _begin(session, workshop, step, at):
    step.started_at = at
    step.ended_at = None
    step.record = None
    step.paused_remaining = None
    step.ends_at = at + timedelta(seconds=step.duration_seconds) if step.duration_seconds else None
    workshop.current_step_id = step.id
    if step.kind == VOTE:
        workshop.votes_hidden = True  # no anchoring on early leaders
    elif step.kind == RESULT:
        workshop.votes_hidden = False
    if step.kind != CLOSED:
        workshop.is_open = True
    for starter in current_app.extensions.get(_STARTERS, ()):
        starter(session, workshop, step)


def start_step(workshop, step, expected_current=None):
    """End the current step and start ``step`` (a jump or the next one). With
    ``expected_current`` (a step id, or 0 for none), nothing happens unless that step is
    still the current one: two presses of "next" at the same moment move on once.
    Returns whether the step was started."""
    if step.workshop_id != workshop.id:
        raise ValueError("step of another workshop")
    now = limits.clock_utc()
    with write_transaction() as session:
        session.refresh(workshop)
        if expected_current is not None and (workshop.current_step_id or 0) != expected_current:
            return False
        running = current_step(workshop)
        if running is not None and running.ended_at is None:
            if not _end(session, running, _end_time(running, now)) and expected_current is not None:
                return False
        _begin(session, workshop, step, now)
        _announce(session, workshop)
    return True


def _end_time(step, now):
    """When a step ends that is ended now: an automatic step whose time ran out ended then."""
    if step.auto_advance and step.ends_at is not None and step.ends_at < now:
        return step.ends_at
    return now


def next_step(workshop):
    """Move on to the next step (from none: the first); False when there is none."""
    following = next_step_of(workshop)
    if following is None:
        return False
    return start_step(workshop, following, expected_current=workshop.current_step_id or 0)


def end_run(workshop):
    """End the current step and leave the run sheet: the workshop is open or closed as a
    whole again, as before run sheets."""
    now = limits.clock_utc()
    with write_transaction() as session:
        running = current_step(workshop)
        if running is not None and running.ended_at is None:
            _end(session, running, _end_time(running, now))
        workshop.current_step_id = None
        workshop.votes_hidden = False
        _announce(session, workshop)


def change_timer(workshop, seconds):
    """Add (or with negative ``seconds`` take away) time from the running countdown; a
    step without a countdown gets one of ``seconds``."""
    now = limits.clock_utc()
    with write_transaction() as session:
        step = current_step(workshop)
        if step is None or step.ended_at is not None:
            return False
        if step.paused_remaining is not None:
            step.paused_remaining = max(0.0, step.paused_remaining + seconds)
        elif step.ends_at is not None:
            step.ends_at = max(now, step.ends_at + timedelta(seconds=seconds))
        elif seconds > 0:
            step.ends_at = now + timedelta(seconds=seconds)
        else:
            return False
        _announce(session, workshop)
    return True


def pause_timer(workshop):
    now = limits.clock_utc()
    with write_transaction() as session:
        step = current_step(workshop)
        if step is None or step.ended_at is not None or step.ends_at is None:
            return False
        step.paused_remaining = max(0.0, (step.ends_at - now).total_seconds())
        step.ends_at = None
        _announce(session, workshop)
    return True


def resume_timer(workshop):
    now = limits.clock_utc()
    with write_transaction() as session:
        step = current_step(workshop)
        if step is None or step.ended_at is not None or step.paused_remaining is None:
            return False
        step.ends_at = now + timedelta(seconds=step.paused_remaining)
        step.paused_remaining = None
        _announce(session, workshop)
    return True


def reveal_votes(workshop):
    """Show the dots that were counted in secret, on every wall, phone and answer."""
    with write_transaction() as session:
        if not workshop.votes_hidden:
            return False
        workshop.votes_hidden = False
        _announce(session, workshop)
        # the counts were left out of everything sent so far: pages load them again
        record_event(session, workshop.id, "reload", {"reason": "votes_revealed"})
    return True


def hide_votes(workshop):
    """Count the dots in secret again (until the next reveal)."""
    with write_transaction() as session:
        if workshop.votes_hidden:
            return False
        workshop.votes_hidden = True
        _announce(session, workshop)
        record_event(session, workshop.id, "reload", {"reason": "votes_hidden"})
    return True


_DUE = (
    select(Workshop.id, RunStep.id)
    .join(RunStep, RunStep.id == Workshop.current_step_id)
    .where(RunStep.auto_advance, RunStep.ended_at.is_(None), RunStep.ends_at.is_not(None))
)


_TIMED = _DUE.add_columns(RunStep.ends_at)


def tick(now=None):
    """``advance_due`` for every workshop, as a server process's ticker calls it; returns the
    ids moved on here and the seconds until the next automatic step still running ends (None
    if none): the ticker sleeps until then instead of asking every second."""
    now = now or limits.clock_utc()
    timed = db.session.execute(_TIMED).all()
    db.session.rollback()
    moved = [workshop_id for workshop_id, step_id, ends_at in timed
             if ends_at <= now and _advance(workshop_id, step_id, now)]
    upcoming = [(ends_at - now).total_seconds() for _, _, ends_at in timed if ends_at > now]
    return moved, min(upcoming, default=None)


def advance_due(now=None, workshop_id=None):
    """Move on every workshop whose automatic step's time is up (the next step starts at
    the moment the last one ended); with ``workshop_id`` only that workshop (a page asking
    for its phase). Safe to call from any number of processes at once: a step ends once.
    Returns the ids of the workshops moved on here."""
    now = now or limits.clock_utc()
    query = _DUE.where(RunStep.ends_at <= now)
    if workshop_id is not None:
        query = query.where(Workshop.id == workshop_id)
    due = db.session.execute(query).all()
    db.session.rollback()
    moved = []
    for due_id, step_id in due:
        if _advance(due_id, step_id, now):
            moved.append(due_id)
    return moved


def _advance(workshop_id, step_id, now):
    with write_transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        step = session.get(RunStep, step_id)
        if workshop is None or step is None or workshop.current_step_id != step_id:
            return False
        if not _end(session, step, step.ends_at):
            return False  # another process moved on first
        following = next_step_of(workshop, step)
        if following is not None:
            _begin(session, workshop, following, min(step.ends_at, now))
        _announce(session, workshop)
    if following is not None and following.auto_advance and following.ends_at is not None and following.ends_at <= now:
        _advance(workshop_id, following.id, now)  # a wall asleep for longer than the next step
    return True


# --- preparing the run sheet ---------------------------------------------------------------


def check_step(workshop, kind, question_ids=(), duration_seconds=None, title=""):
    """The values of a step as stored, or ``StepInvalid`` with a message for the person."""
    if kind not in STEP_KINDS:
        raise StepInvalid(_("Bitte wählen Sie eine Art für diesen Schritt."), field="kind")
    known = {question.id for question in workshop.questions}
    question_ids = sorted({int(question_id) for question_id in question_ids or ()})
    if any(question_id not in known for question_id in question_ids):
        raise StepInvalid(_("Bitte wählen Sie Leitfragen dieses Workshops."), field="question_ids")
    if duration_seconds is not None:
        if duration_seconds <= 0 or duration_seconds > MAX_DURATION:
            raise StepInvalid(_("Die Dauer muss zwischen 1 Minute und 6 Stunden liegen – oder leer bleiben."),
                              field="duration")
    title = (title or "").strip()
    if len(title) > 120:
        raise StepInvalid(_("Der Titel darf höchstens 120 Zeichen lang sein."), field="title")
    return kind, question_ids, duration_seconds, title


def add_step(workshop, kind, question_ids=(), duration_seconds=None, auto_advance=False, title=""):
    kind, question_ids, duration_seconds, title = check_step(workshop, kind, question_ids, duration_seconds, title)
    with write_transaction() as session:
        if len(workshop.steps) >= MAX_STEPS:
            raise StepInvalid(_("Ein Ablauf hat höchstens %(count)d Schritte.", count=MAX_STEPS))
        position = (session.scalar(select(func.max(RunStep.position)).where(RunStep.workshop_id == workshop.id))
                    or 0) + (1 if workshop.steps else 0)
        step = RunStep(workshop_id=workshop.id, position=position, kind=kind, question_ids=question_ids,
                       duration_seconds=duration_seconds, auto_advance=bool(auto_advance), title=title)
        session.add(step)
        session.flush()
        session.refresh(workshop)
        _announce(session, workshop)
    return step


def update_step(step, kind, question_ids=(), duration_seconds=None, auto_advance=False, title=""):
    workshop = step.workshop
    kind, question_ids, duration_seconds, title = check_step(workshop, kind, question_ids, duration_seconds, title)
    with write_transaction() as session:
        step.kind, step.question_ids, step.title = kind, question_ids, title
        step.auto_advance = bool(auto_advance)
        if step.duration_seconds != duration_seconds and step.started_at is not None and step.ended_at is None:
            # the running countdown follows a changed duration from the step's start
            if step.paused_remaining is None and duration_seconds:
                step.ends_at = step.started_at + timedelta(seconds=duration_seconds)
        step.duration_seconds = duration_seconds
        _announce(session, workshop)
    return step


def delete_step(step):
    """Delete a step that is not running; ideas posted in it keep their place (step None)."""
    workshop = step.workshop
    if workshop.current_step_id == step.id:
        raise StepInvalid(_("Der laufende Schritt kann nicht gelöscht werden. Gehen Sie zuerst weiter."))
    with write_transaction() as session:
        session.delete(step)
        session.flush()
        _renumber(workshop)
        _announce(session, workshop)


def move_step(step, offset):
    """Move a step up (-1) or down (+1) in the run sheet."""
    workshop = step.workshop
    with write_transaction() as session:
        if not move_one(workshop.steps, step, offset):
            return False
        _announce(session, workshop)
    return True


def _renumber(workshop):
    db.session.expire(workshop, ["steps"])
    for position, each in enumerate(workshop.steps):
        each.position = position


def replace_steps(workshop, steps):
    """Replace the run sheet of a workshop none of whose steps has run by ``steps``: dicts
    with ``kind``, ``question_ids`` (or ``question_positions``: indexes into the
    workshop's questions), ``duration_seconds``, ``auto_advance``, ``title`` (templates,
    imports)."""
    questions = [question.id for question in workshop.questions]
    rows = []
    for values in steps:
        ids = values.get("question_ids")
        if ids is None:
            ids = [questions[index] for index in values.get("question_positions", ()) if index < len(questions)]
        kind, ids, duration, title = check_step(workshop, values["kind"], ids, values.get("duration_seconds"),
                                                values.get("title", ""))
        rows.append(dict(kind=kind, question_ids=ids, duration_seconds=duration, title=title,
                         auto_advance=bool(values.get("auto_advance"))))
    if len(rows) > MAX_STEPS:
        raise StepInvalid(_("Ein Ablauf hat höchstens %(count)d Schritte.", count=MAX_STEPS))
    with write_transaction() as session:
        workshop.current_step_id = None
        workshop.votes_hidden = False
        workshop.steps = [RunStep(position=position, **row) for position, row in enumerate(rows)]
        _announce(session, workshop)
    return workshop.steps
