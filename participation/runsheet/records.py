"""What each step of the run sheet produced, kept with it when it ends (``phases.services``
calls ``count_step``): the ideas posted in it, the dots given while it ran, the people who
said they were done with it."""

from sqlalchemy import func, select

from ..ideas.models import Idea, Participant, Vote


def count_step(session, step):
    ideas = session.scalar(select(func.count(Idea.id)).where(Idea.step_id == step.id)) or 0
    dots = 0
    if step.started_at is not None and step.ended_at is not None:
        dots = session.scalar(
            select(func.count(Vote.id)).join(Idea, Idea.id == Vote.idea_id).where(
                Idea.workshop_id == step.workshop_id,
                Vote.created_at >= step.started_at,
                Vote.created_at < step.ended_at,
            )
        ) or 0
    done = session.scalar(select(func.count(Participant.id)).where(Participant.done_step_id == step.id)) or 0
    people = session.scalar(select(func.count(Participant.id)).where(Participant.workshop_id == step.workshop_id)) or 0
    return {"ideas": ideas, "dots": dots, "done": done, "people": people}
