"""The run-sheet editor (Ablauf): the steps of a workshop in order, adding, changing,
moving and deleting them, the default run for a blank workshop, and starting a step.

Thin views: the form is parsed here, ``phases.services`` checks and stores (``StepInvalid``
comes back with a message for the person and the field it is about); a rejected form is
shown again as typed.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..ideas.done import done_counts
from ..phases import services
from ..workshops.access import managed_workshop
from . import bp
from .defaults import add_default_run
from .forms import StepForm

PREFIX = "/moderation/workshops/<int:workshop_id>/ablauf"


def _step(workshop, step_id):
    step = next((step for step in workshop.steps if step.id == step_id), None)
    if step is None:
        abort(404)
    return step


def _editor_url(workshop, step=None):
    return url_for("runsheet.editor", workshop_id=workshop.id, _anchor=f"step-{step.id}" if step else None)


def _reject(form, invalid):
    """Put the service's refusal on the field it is about (or on the whole form)."""
    field = {"duration": form.minutes, "question_ids": form.question_ids}.get(invalid.field)
    field = field or getattr(form, invalid.field or "", None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, invalid.message]
    else:
        form.form_errors.append(invalid.message)


def _render_editor(workshop, form=None, http_status=200):
    return render_template(
        "runsheet/editor.html",
        workshop=workshop,
        steps=list(workshop.steps),
        form=form or StepForm(workshop, formdata=None),
        phase=services.phase_payload(workshop),
        done=done_counts(workshop),
        question_numbers={question.id: number for number, question in enumerate(workshop.questions, 1)},
        step_label=services.step_label,
    ), http_status


@bp.get(PREFIX)
@managed_workshop
def editor(workshop):
    return _render_editor(workshop)


@bp.post(PREFIX)
@managed_workshop
def add_step(workshop):
    form = StepForm(workshop)
    if form.validate():
        try:
            step = services.add_step(workshop, **form.values())
        except services.StepInvalid as invalid:
            _reject(form, invalid)
        else:
            flash(_("Schritt %(number)d ist angelegt: %(name)s.", number=step.position + 1,
                    name=step.title or services.step_label(step.kind)))
            return redirect(_editor_url(workshop, step))
    return _render_editor(workshop, form, 422)


@bp.post(f"{PREFIX}/standard")
@managed_workshop
def add_default(workshop):
    if workshop.steps:
        flash(_("Dieser Workshop hat schon einen Ablauf. Ändern Sie ihn Schritt für Schritt."), "error")
        return redirect(_editor_url(workshop))
    add_default_run(workshop)
    flash(_("Der Standard-Ablauf ist angelegt. Sie können jeden Schritt noch ändern."))
    return redirect(_editor_url(workshop))


@bp.get(f"{PREFIX}/<int:step_id>")
@managed_workshop
def edit_step(workshop, step_id):
    step = _step(workshop, step_id)
    return _render_step(workshop, step, StepForm.of_step(workshop, step))


def _render_step(workshop, step, form, http_status=200):
    return render_template("runsheet/step.html", workshop=workshop, step=step, form=form,
                           step_label=services.step_label), http_status


@bp.post(f"{PREFIX}/<int:step_id>")
@managed_workshop
def save_step(workshop, step_id):
    step = _step(workshop, step_id)
    form = StepForm(workshop)
    if form.validate():
        try:
            services.update_step(step, **form.values())
        except services.StepInvalid as invalid:
            _reject(form, invalid)
        else:
            flash(_("Schritt %(number)d ist gespeichert.", number=step.position + 1))
            return redirect(_editor_url(workshop, step))
    return _render_step(workshop, step, form, 422)


@bp.post(f"{PREFIX}/<int:step_id>/verschieben")
@managed_workshop
def move_step(workshop, step_id):
    step = _step(workshop, step_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    if not services.move_step(step, -1 if direction == "up" else 1):
        flash(_("Dieser Schritt steht schon ganz oben.") if direction == "up"
              else _("Dieser Schritt steht schon ganz unten."), "error")
    return redirect(_editor_url(workshop, step))


@bp.get(f"{PREFIX}/<int:step_id>/loeschen")
@managed_workshop
def confirm_delete_step(workshop, step_id):
    step = _step(workshop, step_id)
    return render_template("runsheet/delete_step.html", workshop=workshop, step=step,
                           running=workshop.current_step_id == step.id, step_label=services.step_label)


@bp.post(f"{PREFIX}/<int:step_id>/loeschen")
@managed_workshop
def delete_step(workshop, step_id):
    step = _step(workshop, step_id)
    number, name = step.position + 1, step.title or services.step_label(step.kind)
    try:
        services.delete_step(step)
    except services.StepInvalid as invalid:
        flash(invalid.message, "error")
        return redirect(_editor_url(workshop, step))
    flash(_("Schritt %(number)d (%(name)s) ist gelöscht.", number=number, name=name))
    return redirect(_editor_url(workshop))
