"""JSON endpoints: a workshop's questions, its visible ideas, posting an idea.

State-changing requests carry the CSRF token (from GET /api/session) in the
``X-CSRFToken`` header, as browser pages do; the participant is the cookie's.
"""

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from ..core.csrf_mask import masked_csrf_token
from ..core.errors import abort_friendly
from ..core.json_input import NOT_JSON, json_body
from ..ideas.participants import browser_token, current_participant
from ..ideas.posting import load_posting, store_idea
from ..ideas.rules import IdeaRejected
from ..ideas.services import idea_of
from ..ideas.state import idea_states
from ..phases.phase import phase_of
from ..phases.services import phase_payload
from ..voting.services import cast_vote
from ..workshops.services import find_workshop_by_code
from . import bp
from .paging import BadPageRequest, Page, ideas_page, page_request
from .openapi import openapi_document


def _workshop(code):
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort_friendly(404, _("Zu diesem Code gibt es keinen Workshop."))
    return workshop


def workshop_json(workshop):
    return {
        "code": workshop.code,
        "title": workshop.title,
        "description": workshop.description,
        "is_open": workshop.is_open,
        "idea_max_length": workshop.idea_max_length,
        "dots_per_participant": workshop.dots_per_participant,
        "show_ideas_to_attendees": workshop.show_ideas_to_attendees,
        "questions": [
            {"id": question.id, "position": question.position, "text": question.text}
            for question in workshop.questions
        ],
        "groups": [
            {"id": group.id, "number": group.number, "name": group.name, "topic": group.topic,
             "question_id": group.question_id}
            for group in workshop.groups
        ],
        "phase": phase_payload(workshop),
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/session")
def session_token():
    return jsonify(csrf_token=masked_csrf_token())


@bp.get("/workshops/<code>")
def workshop(code):
    return jsonify(workshop_json(_workshop(code)))


@bp.get("/workshops/<code>/ideas")
def ideas(code):
    """One page of the visible ideas, oldest first; ``next`` (and the Link header) leads on.

    While the room collects in silence (Still sammeln) the caller gets only their own ideas
    and ``"silent": true``, as the phone page shows them; while the dots are counted in
    secret every idea's ``votes`` is null. An unchanged page answers If-None-Match with
    304 and no body (a reveal changes the page, so its ETag).
    """
    workshop = _workshop(code)
    try:
        limit, after = page_request(request.args)
    except BadPageRequest as bad:
        return _rejected(bad.message, bad.parameter, 400)
    page = _listed_page(workshop, limit, after)
    silent = phase_of(workshop).silent
    next_url = None
    if page.next_cursor:
        arguments = {"limit": limit} if "limit" in request.args else {}
        next_url = url_for("api.ideas", code=workshop.code, cursor=page.next_cursor, **arguments)
    response = jsonify(ideas=idea_states(page.ideas), next=next_url, next_cursor=page.next_cursor, silent=silent)
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    response.headers["Cache-Control"] = "no-cache"  # may be kept, but asked again (ETag) every time
    response.add_etag()
    return response.make_conditional(request)


def _listed_page(workshop, limit, after):
    """The ideas the asker may list: none when the workshop hides ideas from attendees,
    only the asker's own while collecting silently (as on the phone and in the stream)."""
    if not workshop.show_ideas_to_attendees:
        return Page([], None)
    if phase_of(workshop).silent:
        participant = current_participant(workshop)
        if participant is None:
            return Page([], None)
        return ideas_page(workshop, limit, after, participant_id=participant.id)
    return ideas_page(workshop, limit, after)


def _vote(code, idea_id, give):
    workshop = _workshop(code)
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort_friendly(404, _("Diese Idee gibt es in diesem Workshop nicht."))
    outcome = cast_vote(workshop, current_participant(workshop), idea, give)
    if outcome.rejection:
        return _rejected(outcome.rejection, None, 409)
    return jsonify(outcome.counts())


@bp.post("/workshops/<code>/ideas/<int:idea_id>/vote")
def vote(code, idea_id):
    return _vote(code, idea_id, give=True)


@bp.delete("/workshops/<code>/ideas/<int:idea_id>/vote")
def unvote(code, idea_id):
    return _vote(code, idea_id, give=False)


@bp.post("/workshops/<code>/ideas")
def post_idea(code):
    payload = json_body()
    question_id = payload.get("question_id") if isinstance(payload, dict) else None
    posting = load_posting(code, browser_token(), question_id)
    if posting is None:
        abort_friendly(404, _("Zu diesem Code gibt es keinen Workshop."))
    if payload is NOT_JSON:
        message = _("Die gesendeten Daten sind kein gültiges JSON. Bitte senden Sie ein JSON-Objekt mit question_id und text.")
        return jsonify(error="bad_json", message=message, field=None), 400
    if not isinstance(payload, dict):
        return _rejected(_("Bitte senden Sie ein JSON-Objekt mit question_id und text."), None, 400)
    text = payload.get("text")
    if text is not None and not isinstance(text, str):
        return _rejected(_("„text“ muss eine Zeichenkette sein."), "text", 422)
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        # int() in the shared check would turn 1.5 or true into question 1.
        return _rejected(_("„question_id“ muss eine ganze Zahl sein."), "question_id", 422)
    key = payload.get("idempotency_key") or request.headers.get("Idempotency-Key")
    try:
        nickname = payload.get("nickname")
        posting = posting.joined(nickname if isinstance(nickname, str) else None)
        state, created = store_idea(posting, text, key)
    except IdeaRejected as rejection:
        status = getattr(rejection, "status", 409 if rejection.field is None else 422)
        response = _rejected(rejection.message, rejection.field, status)
        if status == 429:
            response[0].headers["Retry-After"] = str(rejection.retry_after)
        return response
    return jsonify(idea=state, created=created), 201 if created else 200


def _rejected(message, field, status):
    return jsonify(error="rejected", message=message, field=field), status
