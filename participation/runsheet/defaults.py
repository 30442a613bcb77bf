"""The run sheet a workshop gets when the moderator asks for the default: each guiding
question collected for 10 minutes, (with groups: the groups present their promoted ideas,)
then 5 minutes of dots, then the result."""

from ..phases.services import replace_steps
from ..workshops.models import COLLECT, PRESENT, RESULT, VOTE

COLLECT_SECONDS = 10 * 60
VOTE_SECONDS = 5 * 60


def default_run(workshop):
    """The default steps for ``workshop`` (dicts as ``phases.services.replace_steps`` takes them)."""
    steps = [{"kind": COLLECT, "question_ids": [question.id], "duration_seconds": COLLECT_SECONDS}
             for question in workshop.questions]
    if not steps:  # no questions yet: one collecting step for all the questions to come
        steps = [{"kind": COLLECT, "question_ids": [], "duration_seconds": COLLECT_SECONDS}]
    if workshop.groups:  # group work: the tables bring their results to the plenary first
        steps.append({"kind": PRESENT, "question_ids": [], "duration_seconds": None})
    steps.append({"kind": VOTE, "question_ids": [], "duration_seconds": VOTE_SECONDS})
    steps.append({"kind": RESULT, "question_ids": [], "duration_seconds": None})
    return steps


def add_default_run(workshop):
    """Give a workshop without a run sheet the default one; returns its steps."""
    return replace_steps(workshop, default_run(workshop))
