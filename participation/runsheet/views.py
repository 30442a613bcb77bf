"""The run sheet's routes: the phase as JSON (walls, phones, the remote), moving through
the steps (console, keyboard, remote), and "Ich bin fertig" on the phones.

Every action works as a plain form (redirect back with a message) and answers JSON to
the pages' scripts (``Accept: application/json``).
"""

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from ..core.ids import parse_id
from ..core.web import asks_for_json
from ..core.urls import safe_local_target
from ..events.log import record_event
from ..database import write_transaction
from ..ideas.done import done_counts, is_done, set_done
from ..ideas.participants import current_participant
from ..ideas.state import public_ideas, vote_counts
from ..moderation.services import ModerationError, spotlight
from ..phases import services
from ..workshops.access import managed_workshop
from ..workshops.services import find_workshop_by_code
from . import bp
from .presenting import PresentRefused, begin_presenting, move_presenting, presenting_summary, wall_presenting

ACTIONS = ("next", "start", "plus", "minus", "pause", "resume", "reveal", "hide", "end", "spotlight", "qr",
           "group_next", "group_previous")

# Gruppen stellen vor: the first group is chosen when the step starts, however it starts;
# the wall's include draws the presenting group on its first load.
bp.record_once(lambda state: services.add_step_starter(state.app, begin_presenting))
bp.add_app_template_global(wall_presenting)
bp.add_app_template_global(presenting_summary)  # the console's run-sheet panel


def phase_json(workshop):
    """What walls, phones and the remote need to show the phase, with the server's clock."""
    state = {"phase": services.phase_payload(workshop), "done": done_counts(workshop), "now": services.server_now_ms()}
    presenting = presenting_summary(workshop) if state["phase"]["kind"] == "present" else None
    if presenting is not None:
        state["presenting"] = presenting  # Gruppen stellen vor: who presents now
    return state


def _workshop(code):
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    return workshop


@bp.get("/w/<code>/phase.json")
def phase(code):
    """The phase now (public: it is what the wall shows the room). Asking moves this
    workshop's automatic step on if its time is up, so the wall never waits for a tick
    (other workshops are the ticker's: a page's request does no work for them)."""
    workshop = _workshop(code)
    if services.advance_due(workshop_id=workshop.id):
        workshop = _workshop(code)
    response = jsonify(phase_json(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response


def drive(workshop, action):
    """Perform one run-sheet ``action`` from the form (``step_id``, ``expected``); returns
    the message for the person, or raises ``ValueError`` with one when it is refused."""
    expected = parse_id(request.form.get("expected"))
    if action == "next":
        following = services.next_step_of(workshop)
        if following is None:
            raise ValueError(_("Das war der letzte Schritt des Ablaufs."))
        current = workshop.current_step_id or 0
        if expected is not None and expected != current:
            raise ValueError(_("Der Ablauf ist inzwischen weitergegangen. Bitte prüfen Sie den aktuellen Schritt."))
        if not services.start_step(workshop, following, expected_current=current):
            raise ValueError(_("Der Ablauf ist inzwischen weitergegangen. Bitte prüfen Sie den aktuellen Schritt."))
        return _("Weiter mit Schritt %(number)d: %(name)s.", number=following.position + 1,
                 name=following.title or services.step_label(following.kind))
    if action == "start":
        step = _step(workshop, parse_id(request.form.get("step_id")))
        services.start_step(workshop, step)
        return _("Schritt %(number)d läuft: %(name)s.", number=step.position + 1,
                 name=step.title or services.step_label(step.kind))
    if action in ("plus", "minus"):
        if not services.change_timer(workshop, 60 if action == "plus" else -60):
            raise ValueError(_("Gerade läuft kein Schritt mit Zeit."))
        return _("Eine Minute mehr.") if action == "plus" else _("Eine Minute weniger.")
    if action == "pause":
        if not services.pause_timer(workshop):
            raise ValueError(_("Gerade läuft keine Zeit, die man anhalten könnte."))
        return _("Die Zeit ist angehalten.")
    if action == "resume":
        if not services.resume_timer(workshop):
            raise ValueError(_("Die Zeit ist nicht angehalten."))
        return _("Die Zeit läuft weiter.")
    if action == "reveal":
        if not services.reveal_votes(workshop):
            raise ValueError(_("Die Punkte sind bereits sichtbar."))
        return _("Die Punkte sind aufgedeckt.")
    if action == "hide":
        if not services.hide_votes(workshop):
            raise ValueError(_("Die Punkte sind bereits verdeckt."))
        return _("Die Punkte sind verdeckt, bis Sie sie aufdecken.")
    if action == "end":
        services.end_run(workshop)
        return _("Der Ablauf ist beendet. Der Workshop ist wieder als Ganzes offen oder geschlossen.")
    if action in ("group_next", "group_previous"):
        try:
            return move_presenting(workshop, 1 if action == "group_next" else -1)
        except PresentRefused as refused:
            raise ValueError(refused.message) from None
    if action == "spotlight":
        return _spotlight_next(workshop)
    if action == "qr":
        show = request.form.get("show", "1") != "0"
        with write_transaction() as session:
            record_event(session, workshop.id, "qr", {"show": show})
        return _("Die Wand zeigt den QR-Code.") if show else _("Die Wand zeigt wieder die Ideen.")
    abort(404)


def _step(workshop, step_id):
    step = next((step for step in workshop.steps if step.id == step_id), None)
    if step is None:
        abort(404)
    return step


def _spotlight_next(workshop):
    """Show large the idea with the most dots after the one shown now (by dots, then oldest)."""
    if workshop.votes_hidden:
        raise ValueError(_("Die Punkte sind noch verdeckt. Decken Sie sie zuerst auf."))
    ideas = public_ideas(workshop)
    if not ideas:
        raise ValueError(_("Es gibt noch keine sichtbaren Ideen."))
    counts = vote_counts(idea.id for idea in ideas)
    ranked = sorted(ideas, key=lambda idea: (-counts[idea.id], idea.created_at, idea.id))
    ids = [idea.id for idea in ranked]
    current = workshop.spotlight_idea_id
    index = ids.index(current) + 1 if current in ids else 0
    if index >= len(ranked):
        index = 0
    try:
        spotlight(workshop, ranked[index])
    except ModerationError as error:
        raise ValueError(error.message) from None
    return _("Hervorgehoben: Platz %(rank)d mit %(dots)d Punkten.", rank=index + 1, dots=counts[ranked[index].id])


def _answer(workshop, action, back):
    try:
        message = drive(workshop, action)
    except ValueError as refused:
        if asks_for_json():
            return jsonify(error="refused", message=str(refused), **phase_json(workshop)), 409
        flash(str(refused), "error")
        return redirect(back)
    if asks_for_json():
        return jsonify(message=message, **phase_json(workshop))
    flash(message)
    return redirect(back)


@bp.post("/moderation/workshops/<int:workshop_id>/ablauf/<any(%s):action>" % ",".join(ACTIONS))
@managed_workshop
def act(workshop, action):
    """A run-sheet action from the console or the run-sheet page (logged in)."""
    fallback = url_for("moderation.console", workshop_id=workshop.id)
    return _answer(workshop, action, safe_local_target(request.form.get("next"), fallback))


@bp.post("/j/<code>/fertig")
def done(code):
    """"Ich bin fertig" (``done=1``) or taken back (``done=0``) for the current step."""
    workshop = _workshop(code)
    participant = current_participant(workshop)
    wanted = request.form.get("done", "1") != "0"
    ok = set_done(workshop, participant, wanted)
    if asks_for_json():
        status = 200 if ok else 409
        return jsonify(done=is_done(workshop, participant), counts=done_counts(workshop)), status
    if not ok:
        flash(_("Gerade läuft keine Sammelphase, in der man „fertig“ sagen kann."), "error")
    elif wanted:
        flash(_("Danke! Die Moderation sieht, dass Sie fertig sind. Sie können trotzdem weiter schreiben."))
    else:
        flash(_("Sie sind wieder dabei."))
    return redirect(url_for("ideas.post_ideas", code=workshop.code))
