"""Project choice pages: the moderator's page of a process's final votes (make one, fill
its shortlist, open it with its link and QR code, watch the count, close it) and the
public voting page ``/auswahl/<code>`` (no login: one ballot per browser, by cookie)."""

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core.ids import parse_id
from ..limits import RateLimited, hit
from ..limits.admission import admit_new_participant
from ..processes.access import managed_process, viewed_process
from ..workshops.qr import qr_inline_svg
from ..workshops.urls import public_url
from . import bp, services
from .forms import CandidateForm, ChoiceForm
from .models import CLOSED, DRAFT, OPEN, RANKING

PREFIX = "/moderation/prozesse/<int:process_id>/auswahl"
COOKIE = services.VOTER_COOKIE
BALLOTS_PER_VOTER = 20  # ballots (and changes) one voter may send per window
BALLOT_WINDOW = 60
NO_STORE = {"Cache-Control": "no-store"}


# --- the moderator's pages ------------------------------------------------------------------


def _choice_or_404(process, choice_id):
    choice = services.choice_of(process, choice_id)
    if choice is None:
        abort(404)
    return choice


@bp.get(PREFIX)
@viewed_process
def manage(process):
    return _manage_page(process)


def _manage_page(process, form=None, status=200):
    form = form or ChoiceForm(formdata=None)
    rows = [{"choice": choice, "ballots": services.ballot_count(choice)} for choice in services.choices_of(process)]
    return render_template("choices/manage.html", process=process, rows=rows, form=form), status


@bp.post(PREFIX, endpoint="create")
@managed_process
def create(process):
    form = ChoiceForm()
    if form.validate_on_submit():
        try:
            choice = services.create_choice(process, form.title.data, form.method.data, form.points.data,
                                            form.winners.data)
        except services.ChoiceError as error:
            _put_error(form, error)
        else:
            flash(_("Abstimmung angelegt. Jetzt Vorschläge hinzufügen."), "success")
            return redirect(url_for("choices.show", process_id=process.id, choice_id=choice.id))
    return _manage_page(process, form=form, status=422)


def _put_error(form, error):
    field = getattr(form, error.field or "", None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        form.form_errors.append(error.message)


def _show_page(process, choice, settings=None, candidate_form=None, error=None, status=200):
    settings = settings or ChoiceForm(formdata=None, data={"title": choice.title, "method": choice.method,
                                                           "points": choice.points_per_voter,
                                                           "winners": choice.winners})
    measures, ideas = services.shortlist(process) if choice.state == DRAFT else ([], [])
    on_ballot_ideas = {candidate.idea_id for candidate in choice.candidates}
    on_ballot_measures = {candidate.measure_id for candidate in choice.candidates}
    vote_path = url_for("choices.vote", choice_code=choice.code)
    vote_url = public_url(vote_path)
    return render_template(
        "choices/show.html", process=process, choice=choice, settings=settings,
        candidate_form=candidate_form or CandidateForm(formdata=None), error=error,
        measures=[measure for measure in measures if measure.id not in on_ballot_measures],
        ideas=[row for row in ideas if row[0].id not in on_ballot_ideas],
        ballots=services.ballot_count(choice), vote_url=vote_url, vote_path=vote_path,
        qr=qr_inline_svg(vote_url, _("QR-Code der Abstimmung: %(url)s", url=vote_url), "choice-qr")
        if choice.state == OPEN else None,
        rows=services.result_rows(choice), border_tie=services.has_border_tie(choice),
        may_change=_may_manage(process),
    ), status


def _may_manage(process):
    from flask_login import current_user

    from ..processes.rules import may_manage_process

    return may_manage_process(current_user, process)


@bp.get(PREFIX + "/<int:choice_id>")
@viewed_process
def show(process, choice_id):
    return _show_page(process, _choice_or_404(process, choice_id))


@bp.get(PREFIX + "/<int:choice_id>/stand.json")
@viewed_process
def count(process, choice_id):
    """The live count of ballots (no per-voter data), for the moderator's page."""
    choice = _choice_or_404(process, choice_id)
    return jsonify(ballots=services.ballot_count(choice), state=choice.state), 200, NO_STORE


def _after(process, choice, message=None, anchor=None):
    if message:
        flash(message, "success")
    return redirect(url_for("choices.show", process_id=process.id, choice_id=choice.id,
                            _anchor=anchor))


def _refused(process, choice, error, status=409, **forms):
    return _show_page(process, choice, error=error.message, status=status, **forms)


@bp.post(PREFIX + "/<int:choice_id>/einstellungen")
@managed_process
def settings(process, choice_id):
    choice = _choice_or_404(process, choice_id)
    form = ChoiceForm()
    if not form.validate_on_submit():
        return _show_page(process, choice, settings=form, status=422)
    try:
        services.update_choice(choice, form.title.data, form.method.data, form.points.data, form.winners.data)
    except services.ChoiceError as error:
        _put_error(form, error)
        return _show_page(process, choice, settings=form, status=422)
    return _after(process, choice, _("Einstellungen gespeichert."))


@bp.post(PREFIX + "/<int:choice_id>/kandidaten")
@managed_process
def add_candidate(process, choice_id):
    """A candidate from the shortlist (``source`` = ``idee-<id>`` or ``massnahme-<id>``) or typed."""
    choice = _choice_or_404(process, choice_id)
    source = request.form.get("source", "")
    kind, _sep, number = source.partition("-")
    form = None
    try:
        if kind == "idee" and parse_id(number):
            services.add_candidate(choice, idea_id=parse_id(number))
        elif kind == "massnahme" and parse_id(number):
            services.add_candidate(choice, measure_id=parse_id(number))
        else:
            form = CandidateForm()
            if not form.validate_on_submit():
                return _show_page(process, choice, candidate_form=form, status=422)
            services.add_candidate(choice, title=form.title.data, description=form.description.data)
    except services.ChoiceError as error:
        if form is not None and error.field:
            _put_error(form, error)
            return _show_page(process, choice, candidate_form=form, status=422)
        return _refused(process, choice, error, candidate_form=form)
    return _after(process, choice, _("Vorschlag hinzugefügt."), anchor="candidates")


def _candidate_or_404(choice, candidate_id):
    candidate = services.candidate_of(choice, candidate_id)
    if candidate is None:
        abort(404)
    return candidate


@bp.post(PREFIX + "/<int:choice_id>/kandidaten/<int:candidate_id>/entfernen")
@managed_process
def remove_candidate(process, choice_id, candidate_id):
    choice = _choice_or_404(process, choice_id)
    candidate = _candidate_or_404(choice, candidate_id)
    try:
        services.remove_candidate(choice, candidate)
    except services.ChoiceError as error:
        return _refused(process, choice, error)
    return _after(process, choice, _("Vorschlag entfernt."), anchor="candidates")


@bp.post(PREFIX + "/<int:choice_id>/kandidaten/<int:candidate_id>/verschieben")
@managed_process
def move_candidate(process, choice_id, candidate_id):
    choice = _choice_or_404(process, choice_id)
    candidate = _candidate_or_404(choice, candidate_id)
    try:
        services.move_candidate(choice, candidate, -1 if request.form.get("direction") == "up" else 1)
    except services.ChoiceError as error:
        return _refused(process, choice, error)
    return _after(process, choice, anchor=f"candidate-{candidate.id}")


@bp.post(PREFIX + "/<int:choice_id>/oeffnen")
@managed_process
def open_vote(process, choice_id):
    choice = _choice_or_404(process, choice_id)
    try:
        services.open_choice(choice)
    except services.ChoiceError as error:
        return _refused(process, choice, error)
    return _after(process, choice, _("Die Abstimmung ist geöffnet."))


@bp.post(PREFIX + "/<int:choice_id>/schliessen")
@managed_process
def close_vote(process, choice_id):
    choice = _choice_or_404(process, choice_id)
    try:
        services.close_choice(choice)
    except services.ChoiceError as error:
        return _refused(process, choice, error)
    return _after(process, choice, _("Die Abstimmung ist geschlossen, das Ergebnis festgehalten."), anchor="result")


@bp.post(PREFIX + "/<int:choice_id>/gleichstand")
@managed_process
def pick(process, choice_id):
    choice = _choice_or_404(process, choice_id)
    picked = [parse_id(value) for value in request.form.getlist("picked")]
    try:
        services.pick_winners(choice, [number for number in picked if number])
    except services.ChoiceError as error:
        return _refused(process, choice, error, status=422)
    return _after(process, choice, _("Ihre Wahl ist im Ergebnis festgehalten."), anchor="result")


@bp.post(PREFIX + "/<int:choice_id>/loeschen")
@managed_process
def delete(process, choice_id):
    choice = _choice_or_404(process, choice_id)
    if request.form.get("confirm") != "ja":
        return _refused(process, choice, services.ChoiceError(
            _("Bitte bestätigen Sie das Löschen mit dem Häkchen.")), status=422)
    services.delete_choice(choice)
    flash(_("Die Abstimmung ist gelöscht, mit allen Stimmzetteln."), "success")
    return redirect(url_for("choices.manage", process_id=process.id))


# --- the voting page ------------------------------------------------------------------------


def _typed(choice):
    return {candidate.id: request.form.get(f"c{candidate.id}", "") for candidate in choice.candidates}


def _adjusted(choice, typed):
    """The +/- buttons without JavaScript: ``adjust`` = ``plus-<id>`` or ``minus-<id>``."""
    kind, _sep, number = request.form.get("adjust", "").partition("-")
    candidate_id = parse_id(number)
    if candidate_id not in typed:
        return typed
    try:
        value = int((typed[candidate_id] or "0").strip() or 0)
    except ValueError:
        value = 0
    value = max(0, value + (1 if kind == "plus" else -1))
    return {**typed, candidate_id: str(value)}


def _vote_page(choice, values=None, error=None, saved=False, status=200):
    if values is None:
        ballot = services.ballot_of(choice, request.cookies.get(COOKIE))
        marks = ballot.marks if ballot is not None else {}
        values = {candidate.id: str(marks.get(str(candidate.id), "")) for candidate in choice.candidates}
        saved = saved or ballot is not None
    given = 0
    for text in values.values():
        try:
            given += max(0, int(text or 0))
        except ValueError:
            pass
    return render_template(
        "choices/vote.html", choice=choice, values=values, error=error, saved=saved, given=given,
        rows=services.result_rows(choice) if choice.state == CLOSED else [], ranking=choice.method == RANKING,
    ), status, NO_STORE


@bp.route("/auswahl/<choice_code>", methods=["GET", "POST"])
def vote(choice_code):
    choice = services.choice_by_code(choice_code)
    if choice is None or choice.state == DRAFT:
        abort(404)
    if request.method == "GET" or choice.state == CLOSED:
        return _vote_page(choice, status=200 if request.method == "GET" else 409)
    typed = _typed(choice)
    if request.form.get("adjust"):
        return _vote_page(choice, values=_adjusted(choice, typed))
    try:
        marks = services.parse_marks(choice, typed)
    except services.ChoiceError as error:
        return _vote_page(choice, values=typed, error=error.message, status=422)
    token = request.cookies.get(COOKIE) or services.new_voter_token()
    config = current_app.config
    try:
        services.cast_ballot(
            choice, token, marks,
            admit=lambda session: admit_new_participant(db_session=session),
            limit=lambda voter, session: hit("choice-ballot", voter, config.get("CHOICE_BALLOT_RATE_LIMIT",
                                                                                BALLOTS_PER_VOTER),
                                             config.get("CHOICE_BALLOT_WINDOW", BALLOT_WINDOW), session=session),
        )
    except RateLimited as limited:
        response = _vote_page(choice, values=typed, status=429, error=_(
            "Von diesem Gerät kamen gerade sehr viele Stimmzettel. Bitte versuchen Sie es in %(seconds)d Sekunden "
            "noch einmal.", seconds=limited.retry_after))
        return response[0], 429, {**NO_STORE, "Retry-After": str(limited.retry_after)}
    except services.ChoiceError as error:
        return _vote_page(choice, values=typed, error=error.message, status=409)
    flash(_("Danke! Ihre Stimme ist gespeichert. Solange die Abstimmung läuft, können Sie sie hier noch ändern."),
          "success")
    response = redirect(url_for("choices.vote", choice_code=choice.code))
    response.set_cookie(COOKIE, token, max_age=services.VOTER_COOKIE_MAX_AGE, path="/auswahl/", httponly=True, samesite="Lax",
                        secure=bool(config.get("PARTICIPANT_COOKIE_SECURE")))
    return response


# --- the process pages' slots -----------------------------------------------------------------


def register(app):
    """What the process pages' slots call (``templates/choices/_process_slot.html`` and
    ``_public_slot.html``): a process's votes, and its closed votes with their result."""
    app.jinja_env.globals.update(choices_of_process=services.choices_of, choices_results=services.recorded_results)
