"""Attendee pages. Views stay thin: parse, call a service, redirect or re-render."""

from flask import (abort, current_app, flash, jsonify, make_response, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user
from flask_babel import ngettext

from ..core.forms import BaseForm
from ..core.ids import parse_id
from ..events.log import latest_seq
from ..limits import RateLimited, hit
from ..workshops.services import find_workshop_by_code
from . import bp
from .forms import EditIdeaForm, IdeaForm, JoinForm
from ..phases.phase import phase_of
from .phone_phase import phone_phase
from .participants import browser_token, current_participant, ensure_participant, set_participant_cookie
from .posting import join_refusal, load_posting, store_idea
from ..limits.admission import JoinRefused
from .similar import similar_to_typed
from .state import idea_counts, idea_states
from .services import (
    IdeaRejected,
    delete_idea,
    delete_ideas_of,
    edit_idea,
    ideas_of,
    new_idempotency_key,
    others_ideas,
    own_idea,
)

bp.after_app_request(set_participant_cookie)
# The workshop overview (workshops, below ideas) shows how many ideas the room sees.
bp.add_app_template_global(idea_counts)


def _workshop(code):
    workshop = find_workshop_by_code(code)
    if workshop is None:
        _no_workshop(code)
    return workshop


def _no_workshop(code):
    message = _("Zu diesem Code gibt es keinen Workshop. Bitte prüfen Sie den Code auf dem Plakat oder der Leinwand.")
    abort(make_response(render_template("pages/index.html", code=code, error=message), 404))


@bp.route("/j/<code>", methods=["GET", "POST"])
def join(code):
    workshop = _workshop(code)
    participant = current_participant(workshop)
    form = JoinForm(data={"nickname": participant.nickname if participant else ""})
    if form.validate_on_submit():
        try:
            ensure_participant(workshop, form.nickname.data)
        except JoinRefused as refused:  # the nickname stays in the field
            rejection = join_refusal(refused)
            form.nickname.errors = [rejection.message]
            response = make_response(render_template("ideas/join.html", workshop=workshop, form=form), 429)
            response.headers["Retry-After"] = str(refused.retry_after)
            return response
        # Flask-Login marks a session it first sees as not fresh; let it happen in this
        # answer, which sets the cookie anyway, so the phone page that follows leaves the
        # cookie alone: its copy in the browser's cache then serves the service worker's
        # offline copy without a second download (issue 23, light on the wire).
        current_user.is_authenticated  # noqa: B018 (loads the user, see above)
        return redirect(url_for("ideas.post_ideas", code=workshop.code))
    status = 422 if form.errors else 200
    return render_template("ideas/join.html", workshop=workshop, form=form), status


def _others_page(workshop, participant, phone, before=None):
    """One page of others' ideas (``ideas.services.others_ideas``) as the phone shows them;
    none while collecting silently (``phone``: ``phone_phase.phone_phase``)."""
    if not workshop.show_ideas_to_attendees or phone["silent"]:
        return {"others": [], "others_total": 0, "older": False}
    ideas, total, older = others_ideas(workshop, participant, current_app.config["PHONE_IDEAS_SHOWN"], before)
    return {"others": idea_states(ideas), "others_total": total, "older": older}


_LATE_POST = "late_post"  # session key: the question a late post went to, shown once
_PHONE_CONTEXT = "participation_phone_context"  # app.extensions key: [provider(participant)]


def add_to_phone_pages(app, provider):
    """Let a higher feature show something of its own on the phone pages (voting: the dots
    given and left); ``provider(participant)`` returns template values. The factory
    registers the providers when the app is built."""
    app.extensions.setdefault(_PHONE_CONTEXT, []).append(provider)


def _contributed(participant):
    values = {}
    for provider in current_app.extensions.get(_PHONE_CONTEXT, ()):
        values.update(provider(participant))
    return values


def _render_ideas_page(workshop, participant, failed=None, error=None, status=200):
    """The question forms; ``failed`` is a rejected IdeaForm shown again with its text.

    The forms are there even while the workshop is closed (hidden): reopening shows them
    again without a reload, with whatever the person had typed.
    """
    forms = {}
    for question in workshop.questions:
        form = IdeaForm(formdata=None, data={"question_id": question.id})
        form.idempotency_key.data = new_idempotency_key()
        forms[question.id] = form
    orphan = None
    if failed is not None:
        failed_id = parse_id(failed.question_id.data)
        if failed_id in forms:
            forms[failed_id] = failed
        else:
            orphan = failed
    # Refused because the workshop is closed: the text stays readable (and copyable) in view.
    unsent = failed.text.data if failed is not None and not workshop.is_open and failed.text.data else None
    seq = latest_seq(workshop.id)  # before reading ideas: the live stream replays from here
    phone = phone_phase(workshop, participant)
    return (
        render_template(
            "ideas/post.html",
            workshop=workshop,
            participant=participant,
            forms=forms,
            orphan=orphan if workshop.is_open else None,
            error=error,
            unsent=unsent,
            before=None,
            my_ideas=ideas_of(participant),
            seq=seq,
            phone=phone,
            late_question=session.pop(_LATE_POST, None),
            **_others_page(workshop, participant, phone),
            **_contributed(participant),
        ),
        status,
    )


@bp.get("/j/<code>/ideas")
def post_ideas(code):
    workshop = _workshop(code)
    return _render_ideas_page(workshop, current_participant(workshop))


@bp.get("/j/<code>/ideas/mine")
def my_ideas(code):
    """Only "Meine Ideen" and its count, for phone.js after it stored an idea by script: the
    whole page would draw the newest hundred ideas of the others again for nothing."""
    workshop = _workshop(code)
    participant = current_participant(workshop)
    if participant is None:
        abort(404)
    response = make_response(render_template("ideas/mine.html", workshop=workshop, my_ideas=ideas_of(participant)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/j/<code>/ideas/older")
def older_ideas(code):
    """Others' ideas older than idea ``vor``, a page at a time (the "more" link, without JS)."""
    workshop = _workshop(code)
    before = parse_id(request.args.get("vor"))
    if before is None or not workshop.show_ideas_to_attendees:
        return redirect(url_for("ideas.post_ideas", code=workshop.code, _anchor="others-heading"))
    participant = current_participant(workshop)
    phone = phone_phase(workshop, participant)
    return render_template(
        "ideas/older.html",
        workshop=workshop,
        participant=participant,
        before=before,
        phone=phone,
        my_ideas=ideas_of(participant),
        **_others_page(workshop, participant, phone, before),
        **_contributed(participant),
    )


@bp.post("/j/<code>/ideas")
def submit(code):
    form = IdeaForm()
    form.validate_on_submit()  # CSRF is checked before the view; the service checks the rest
    posting = load_posting(code, browser_token(), form.question_id.data)
    if posting is None:
        _no_workshop(code)
    try:
        state, created = store_idea(posting.joined(), form.text.data, form.idempotency_key.data)
    except IdeaRejected as rejection:
        if rejection.field:
            getattr(form, rejection.field).errors = [rejection.message]
        workshop = _workshop(code)
        return _render_ideas_page(
            workshop, current_participant(workshop), failed=form, error=rejection.message,
            status=getattr(rejection, "status", 422),
        )
    if state.get("late"):  # typed in the collecting step, arrived just after its end
        # said once, beside the question's form (a flash of its own, not the page's top)
        session[_LATE_POST] = state["question_id"]
        return redirect(url_for("ideas.post_ideas", code=posting.code, _anchor=f"question-{state['question_id']}"))
    if created:
        flash(_("Danke! Ihre Idee ist gespeichert."))
    else:  # a double tap: the browser shows the answer to the second request
        flash(_("Danke! Ihre Idee ist gespeichert. Sie wurde nicht doppelt angelegt."))
    return redirect(url_for("ideas.post_ideas", code=posting.code, _anchor=f"idea-{state['id']}"))


@bp.get("/j/<code>/similar")
def similar(code):
    """Public ideas close to the text being typed (``?text=``), for the phone's hint.

    Only for a participant of the open workshop, rate-limited per participant; answers
    ``{"ideas": [{"id", "text"}]}`` with at most two of the workshop's public ideas.
    """
    workshop = _workshop(code)
    participant = current_participant(workshop)
    if participant is None:
        return _no_store(jsonify(ideas=[], error="not_joined"), 403)
    if not workshop.is_open or phase_of(workshop).silent:  # silent collecting: no one else's idea
        return _no_store(jsonify(ideas=[]), 200)
    config = current_app.config
    try:
        hit("similar", participant.token_hash, config["SIMILAR_RATE_LIMIT"], config["RATE_LIMIT_WINDOW"])
    except RateLimited as limited:
        response = _no_store(jsonify(ideas=[], error="rate_limited"), 429)
        response.headers["Retry-After"] = str(limited.retry_after)
        return response
    found = similar_to_typed(workshop, participant, request.args.get("text", ""))
    return _no_store(jsonify(ideas=[{"id": key, "text": text} for key, text in found]), 200)


def _no_store(response, status):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _own_idea_or_404(workshop, idea_id):
    idea = own_idea(current_participant(workshop), idea_id)
    if idea is None or idea.workshop_id != workshop.id:
        abort(404)
    return idea


@bp.route("/j/<code>/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
def edit(code, idea_id):
    workshop = _workshop(code)
    idea = _own_idea_or_404(workshop, idea_id)
    form = EditIdeaForm(data={"text": idea.text})
    error = None
    if form.validate_on_submit():
        try:
            edit_idea(idea, form.text.data)
        except IdeaRejected as rejection:
            error = rejection.message
            form.text.errors = [rejection.message]
        else:
            flash(_("Ihre Änderung ist gespeichert."))
            return redirect(url_for("ideas.post_ideas", code=workshop.code, _anchor=f"idea-{idea.id}"))
    status = 422 if error else 200
    return render_template("ideas/edit.html", workshop=workshop, idea=idea, form=form, error=error), status


@bp.route("/j/<code>/ideas/<int:idea_id>/delete", methods=["GET", "POST"])
def delete(code, idea_id):
    workshop = _workshop(code)
    idea = _own_idea_or_404(workshop, idea_id)
    form = EditIdeaForm(data={"text": idea.text})
    error = None
    if form.validate_on_submit():
        try:
            delete_idea(idea)
        except IdeaRejected as rejection:
            error = rejection.message
        else:
            flash(_("Ihre Idee wurde gelöscht."))
            return redirect(url_for("ideas.post_ideas", code=workshop.code))
    status = 422 if error else 200
    return render_template("ideas/delete.html", workshop=workshop, idea=idea, form=form, error=error), status


@bp.route("/j/<code>/ideas/delete-all", methods=["GET", "POST"])
def delete_all(code):
    """All of this attendee's ideas in one go, after a confirmation page (works without JavaScript)."""
    workshop = _workshop(code)
    participant = current_participant(workshop)
    ideas = ideas_of(participant)
    if not ideas:
        flash(_("Sie haben hier keine Ideen, die gelöscht werden könnten."))
        return redirect(url_for("ideas.post_ideas", code=workshop.code))
    form = BaseForm()  # nothing to fill in: the CSRF token only
    error = None
    if form.validate_on_submit():
        try:
            count = delete_ideas_of(participant)
        except IdeaRejected as rejection:
            error = rejection.message
        else:
            flash(ngettext("Ihre Idee wurde gelöscht.", "Ihre %(num)d Ideen wurden gelöscht.", count))
            return redirect(url_for("ideas.post_ideas", code=workshop.code))
    status = 422 if error else 200
    return render_template("ideas/delete_all.html", workshop=workshop, ideas=ideas, form=form, error=error), status
