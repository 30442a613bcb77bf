"""What the phone pages show of a participant's dots: which ideas got one, how many are
used, and the answer to the last dot given without JavaScript. The factory adds this to
the attendee pages of ``ideas`` (``ideas.views.add_to_phone_pages``)."""

from .feedback import take_feedback
from .services import dots_used, voted_idea_ids


def phone_context(participant):
    return {"voted": voted_idea_ids(participant), "dots_used": dots_used(participant), "feedback": take_feedback()}
