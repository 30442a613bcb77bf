"""What became of the ideas (Rückmeldung): a measure's stage, its public update and its
milestones, and what the public pages and the phones show of them.

Only measures the moderator made public (``Measure.is_public``) reach a public page or a
phone, and of the ideas they grew from only those the room sees (``ideas.state.is_public``).
Nothing here stores anything about attendees: the phone's note is looked up from the
participant the phone already is.
"""

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..core.ordering import move_one
from ..core.text import clean_line, clean_text, is_blank
from ..core.timeutil import BERLIN, utcnow
from ..database import write_transaction
from ..extensions import db
from ..ideas.models import Idea
from ..ideas.state import count_public_ideas, is_public
from ..measures.models import REJECTED, STAGES, Measure, MeasureMilestone, measure_idea

REASON_MAX = 2000
UPDATE_MAX = 2000
MILESTONE_MAX = 200
MILESTONES_MAX = 50  # per measure: a plan, not a task list

STAGE_LABELS = {
    "idee": _l("Idee"),
    "planung": _l("in Planung"),
    "umsetzung": _l("in Umsetzung"),
    "umgesetzt": _l("umgesetzt"),
    "verworfen": _l("verworfen"),
}


class FeedbackError(Exception):
    """A change that cannot be made; ``message`` is shown to the person, ``field`` names the
    form field it belongs to."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def stage_label(stage):
    return str(STAGE_LABELS.get(stage, stage))


def today():
    return datetime.now(BERLIN).date()


# --- finding things --------------------------------------------------------------------------


def measure_of(workshop, measure_id):
    """The measure ``measure_id`` if it belongs to ``workshop``; None otherwise."""
    measure = db.session.get(Measure, measure_id)
    return measure if measure is not None and measure.workshop_id == workshop.id else None


def milestone_of(measure, milestone_id):
    milestone = db.session.get(MeasureMilestone, milestone_id)
    return milestone if milestone is not None and milestone.measure_id == measure.id else None


# --- the measure's stage and public update ---------------------------------------------------


def _checked_stage(stage, reason):
    if stage not in STAGES:
        raise FeedbackError(_("Bitte wählen Sie einen Stand aus der Liste."), "stage")
    reason = clean_text(reason)
    if len(reason) > REASON_MAX:
        raise FeedbackError(_("Die Begründung ist zu lang (höchstens %(max)d Zeichen).", max=REASON_MAX),
                            "stage_reason")
    if stage == REJECTED and (not reason or is_blank(reason)):
        raise FeedbackError(
            _("Bitte schreiben Sie kurz, warum die Maßnahme verworfen wurde. Die Begründung steht "
              "auch auf der öffentlichen Seite."), "stage_reason")
    return reason


def _checked_update(text):
    text = clean_text(text)
    if len(text) > UPDATE_MAX:
        raise FeedbackError(_("Der Text für die Öffentlichkeit ist zu lang (höchstens %(max)d Zeichen).",
                              max=UPDATE_MAX), "public_update")
    return "" if is_blank(text) else text


def _apply_stage(measure, stage, reason):
    if measure.stage != stage:
        measure.stage = stage
        measure.stage_changed_at = utcnow()
    measure.stage_reason = reason


def set_stage(measure, stage, reason=""):
    """Move the measure to ``stage`` (one of ``STAGES``); "verworfen" needs a reason.
    ``stage_changed_at`` records when the stage last changed."""
    reason = _checked_stage(stage, reason)
    with write_transaction() as session:
        _apply_stage(session.get(Measure, measure.id), stage, reason)


def set_public_update(measure, text, is_public):
    """The short text for the public and whether the public pages show the measure."""
    text = _checked_update(text)
    with write_transaction() as session:
        stored = session.get(Measure, measure.id)
        stored.public_update, stored.is_public = text, bool(is_public)


def save_feedback(measure, stage, reason, update, is_public):
    """The moderator's form in one go: everything is checked first, then stored together
    (a refused reason stores nothing)."""
    reason = _checked_stage(stage, reason)
    update = _checked_update(update)
    with write_transaction() as session:
        stored = session.get(Measure, measure.id)
        _apply_stage(stored, stage, reason)
        stored.public_update, stored.is_public = update, bool(is_public)


# --- milestones ------------------------------------------------------------------------------


def _checked_title(title):
    title = clean_line(title)
    if not title or is_blank(title):
        raise FeedbackError(_("Bitte geben Sie dem Meilenstein einen Namen."), "title")
    if len(title) > MILESTONE_MAX:
        raise FeedbackError(_("Bitte höchstens %(max)d Zeichen.", max=MILESTONE_MAX), "title")
    return title


def add_milestone(measure, title):
    title = _checked_title(title)
    with write_transaction() as session:
        count = session.scalar(select(func.count(MeasureMilestone.id)).where(MeasureMilestone.measure_id == measure.id))
        if count >= MILESTONES_MAX:
            raise FeedbackError(_("Eine Maßnahme hat höchstens %(max)d Meilensteine.", max=MILESTONES_MAX), "title")
        last = session.scalar(select(func.max(MeasureMilestone.position)).where(MeasureMilestone.measure_id == measure.id))
        milestone = MeasureMilestone(measure_id=measure.id, position=(last if last is not None else -1) + 1, title=title)
        session.add(milestone)
    return milestone


def tick_milestone(milestone, done_on=None):
    """Mark it reached on ``done_on`` (default: today in Germany); not in the future."""
    done_on = done_on or today()
    if not isinstance(done_on, date) or done_on > today():
        raise FeedbackError(_("Das Datum liegt in der Zukunft. Bitte geben Sie den Tag an, an dem der "
                              "Meilenstein erreicht wurde."), "done_on")
    if done_on.year < 1990:
        raise FeedbackError(_("Bitte prüfen Sie das Jahr."), "done_on")
    with write_transaction() as session:
        session.get(MeasureMilestone, milestone.id).done_on = done_on


def untick_milestone(milestone):
    with write_transaction() as session:
        session.get(MeasureMilestone, milestone.id).done_on = None


def rename_milestone(milestone, title):
    title = _checked_title(title)
    with write_transaction() as session:
        session.get(MeasureMilestone, milestone.id).title = title


def delete_milestone(milestone):
    with write_transaction() as session:
        stored = session.get(MeasureMilestone, milestone.id)
        if stored is not None:
            session.delete(stored)


def move_milestone(milestone, direction):
    """One place up or down (``direction``: "up" or "down"); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise FeedbackError(_("Diese Richtung gibt es nicht."), "direction")
    with write_transaction() as session:
        order = session.scalars(select(MeasureMilestone).where(MeasureMilestone.measure_id == milestone.measure_id)
                                .order_by(MeasureMilestone.position, MeasureMilestone.id)).all()
        move_one(order, milestone, -1 if direction == "up" else 1)


# --- what the pages show ---------------------------------------------------------------------


def milestone_counts(measure):
    """(done, total) of the measure's milestones."""
    return sum(1 for item in measure.checkpoints if item.done_on is not None), len(measure.checkpoints)


def measures_of_workshops(workshops):
    ids = [workshop.id for workshop in workshops]
    if not ids:
        return []
    # the ideas and milestones of all of them in two more queries, not two per measure
    return db.session.scalars(select(Measure).where(Measure.workshop_id.in_(ids))
                              .options(selectinload(Measure.ideas), selectinload(Measure.checkpoints))
                              .order_by(Measure.workshop_id, Measure.title, Measure.id)).all()


def process_rows(process):
    """Per workshop of the process: its measures (the moderator's overview)."""
    measures = measures_of_workshops(process.workshops)
    return [{"workshop": workshop, "measures": [m for m in measures if m.workshop_id == workshop.id]}
            for workshop in process.workshops]


def process_summary(process):
    """Counts for the process page's slot: measures, public ones, per stage."""
    measures = measures_of_workshops(process.workshops)
    stages = {stage: sum(1 for m in measures if m.stage == stage) for stage in STAGES}
    return {"total": len(measures), "public": sum(1 for m in measures if m.is_public),
            "stages": [(stage, count) for stage, count in stages.items() if count]}


def public_measure(measure):
    """What the public sees of a public measure: its visible ideas only, quoted as typed."""
    return {"measure": measure, "ideas": [idea for idea in measure.ideas if is_public(idea)],
            "milestones": list(measure.checkpoints), "counts": milestone_counts(measure)}


def public_measures(workshops):
    return [public_measure(m) for m in measures_of_workshops(workshops) if m.is_public]


def public_events(process):
    return [{"workshop": workshop, "ideas": count_public_ideas(workshop)} for workshop in process.workshops]


def notes_for(participant):
    """The public measures that grew from this participant's ideas (or from an idea theirs
    was merged into): what their phone tells them. Nothing for anybody else."""
    if participant is None:
        return []
    own = select(Idea.id).where(Idea.participant_id == participant.id, Idea.workshop_id == participant.workshop_id)
    targets = select(Idea.merged_into_id).where(Idea.id.in_(own), Idea.merged_into_id.is_not(None))
    linked = select(measure_idea.c.measure_id).where(or_(measure_idea.c.idea_id.in_(own),
                                                         measure_idea.c.idea_id.in_(targets)))
    return db.session.scalars(
        select(Measure).where(Measure.id.in_(linked), Measure.is_public.is_(True),
                              Measure.workshop_id == participant.workshop_id)
        .order_by(Measure.title, Measure.id)).all()


def phone_context(participant):
    """Registered with ``ideas.views.add_to_phone_pages`` by the factory."""
    return {"measure_notes": notes_for(participant)}
