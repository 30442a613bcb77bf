"""Giving and taking back dots from the phone: plain forms, JSON when asked by script."""

from flask import abort, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from ..core.web import asks_for_json
from ..ideas.participants import current_participant
from ..ideas.services import idea_of
from ..workshops.services import find_workshop_by_code
from ..core.ids import parse_id
from . import bp
from .feedback import remember_feedback
from .services import cast_vote, dots_left_text, dots_used




def _vote_action(code, idea_id, give, done_message):
    workshop = find_workshop_by_code(code)
    idea = idea_of(workshop, idea_id) if workshop else None
    if idea is None:
        abort(404)
    participant = current_participant(workshop)
    outcome = cast_vote(workshop, participant, idea, give)
    idea = outcome.idea
    if outcome.rejection:
        if asks_for_json():
            return jsonify(error="rejected", message=outcome.rejection, dots_used=dots_used(participant),
                           dots_status=dots_left_text(workshop, participant)), 409
        remember_feedback(idea.id, outcome.rejection, error=True)
    else:
        if asks_for_json():
            return jsonify(**outcome.counts(), message=done_message, dots_status=dots_left_text(workshop, participant))
        remember_feedback(idea.id, f"{done_message} {dots_left_text(workshop, participant)}")
    # Back to the tapped idea, where the answer is shown: on the page of older ideas if it came from there.
    older_than = parse_id(request.args.get("vor"))
    if older_than:
        return redirect(url_for("ideas.older_ideas", code=workshop.code, vor=older_than, _anchor=f"other-{idea.id}"))
    return redirect(url_for("ideas.post_ideas", code=workshop.code, _anchor=f"other-{idea.id}"))


@bp.post("/j/<code>/ideas/<int:idea_id>/vote")
def vote(code, idea_id):
    return _vote_action(code, idea_id, True, _("Ihr Punkt ist vergeben."))


@bp.post("/j/<code>/ideas/<int:idea_id>/unvote")
def unvote(code, idea_id):
    return _vote_action(code, idea_id, False, _("Ihr Punkt ist zurückgenommen."))
