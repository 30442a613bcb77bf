""""Ich bin fertig": in a collecting step each attendee may say they are done (and take it
back); the wall shows how many of the people present are ("23 von 31 fertig").

Anonymous: a mark on the participant (the step they are done with), nothing more.
"""

from sqlalchemy import func, select, update

from ..database import write_transaction
from ..events.log import record_event
from ..extensions import db
from .models import Participant
from ..phases.phase import COLLECTING, phase_of


def done_counts(workshop):
    """``{"step_id", "done", "present"}`` for the current step (done is 0 without one)."""
    step_id = workshop.current_step_id
    present = db.session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id)) or 0
    done = 0
    if step_id:
        done = db.session.scalar(
            select(func.count(Participant.id)).where(Participant.workshop_id == workshop.id,
                                                     Participant.done_step_id == step_id)
        ) or 0
    return {"step_id": step_id, "done": done, "present": present}


def may_say_done(workshop):
    """Phones offer the button in collecting steps that are running."""
    step = phase_of(workshop).running()
    return step is not None and step.kind in COLLECTING


def set_done(workshop, participant, done):
    """Mark (or unmark) ``participant`` as done with the current step; False when no
    collecting step runs. Walls hear the new count."""
    if participant is None or not may_say_done(workshop):
        return False
    step_id = workshop.current_step_id if done else None
    with write_transaction() as session:
        changed = session.execute(
            update(Participant).where(Participant.id == participant.id,
                                      Participant.done_step_id.is_distinct_from(step_id))
            .values(done_step_id=step_id).execution_options(synchronize_session=False)
        ).rowcount
        if changed:
            session.flush()
            record_event(session, workshop.id, "done", done_counts(workshop))
    db.session.refresh(participant)
    return True


def is_done(workshop, participant):
    return bool(participant is not None and workshop.current_step_id
                and participant.done_step_id == workshop.current_step_id)
