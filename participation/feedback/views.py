"""Rückmeldung pages: a measure's stage, public update and milestones (moderator), the
process's measures (moderator), and the process's public page (anybody, once published).

Every form here works without JavaScript; a refused form comes back with what was typed.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..processes.access import viewed_process
from ..processes.models import Process
from ..workshops.access import managed_workshop
from . import bp, services
from .forms import ButtonForm, FeedbackForm, MilestoneForm, MoveForm, RenameForm, TickForm

MEASURE = "/moderation/workshops/<int:workshop_id>/massnahmen/<int:measure_id>/rueckmeldung"
MILESTONE = MEASURE + "/meilensteine/<int:milestone_id>"
BAD_DATE = _l("Bitte geben Sie ein Datum ein, z. B. 31.12.2026.")


@bp.app_context_processor
def _feedback_helpers():
    """For the slots other features' pages include (process page, results, phone)."""
    return {
        "stage_label": services.stage_label,
        "feedback_summary": services.process_summary,
        "feedback_public_measures": lambda workshop: services.public_measures([workshop]),
    }


def _measure_or_404(workshop, measure_id):
    measure = services.measure_of(workshop, measure_id)
    if measure is None:
        abort(404)
    return measure


def _milestone_or_404(measure, milestone_id):
    milestone = services.milestone_of(measure, milestone_id)
    if milestone is None:
        abort(404)
    return milestone


def _back(workshop, measure, anchor=None):
    return redirect(url_for("feedback.measure", workshop_id=workshop.id, measure_id=measure.id, _anchor=anchor))


def _page(workshop, measure, form=None, new_form=None, failed=None, status=200):
    """``failed``: (milestone id, form) of a refused milestone form, shown again as typed."""
    if form is None:
        form = FeedbackForm(formdata=None, obj=measure)
    new_form = new_form or MilestoneForm(formdata=None, prefix="new")
    rows = []
    for milestone in measure.checkpoints:
        tick = TickForm(formdata=None, prefix=f"m{milestone.id}", data={"done_on": services.today()})
        rename = RenameForm(formdata=None, prefix=f"r{milestone.id}", data={"title": milestone.title})
        if failed and failed[0] == milestone.id:
            tick, rename = (failed[1], rename) if isinstance(failed[1], TickForm) else (tick, failed[1])
        rows.append({"milestone": milestone, "tick": tick, "rename": rename})
    return render_template(
        "feedback/measure.html", workshop=workshop, measure=measure, form=form, new_form=new_form,
        rows=rows, counts=services.milestone_counts(measure), button=ButtonForm(formdata=None),
        visible_ideas=[idea for idea in measure.ideas if services.is_public(idea)],
    ), status


@bp.route(MEASURE, methods=["GET", "POST"])
@managed_workshop
def measure(workshop, measure_id):
    measure = _measure_or_404(workshop, measure_id)
    form = FeedbackForm()
    if not form.is_submitted():
        return _page(workshop, measure)
    if form.validate():
        try:
            services.save_feedback(measure, form.stage.data, form.stage_reason.data, form.public_update.data,
                                   form.is_public.data)
        except services.FeedbackError as error:
            getattr(form, error.field or "stage").errors = [error.message]
        else:
            flash(_("Gespeichert."))
            return _back(workshop, measure, "stage-heading")
    return _page(workshop, measure, form=form, status=422)


@bp.post(MEASURE + "/meilensteine")
@managed_workshop
def add_milestone(workshop, measure_id):
    measure = _measure_or_404(workshop, measure_id)
    form = MilestoneForm(prefix="new")
    if form.validate():
        try:
            services.add_milestone(measure, form.title.data)
        except services.FeedbackError as error:
            form.title.errors = [error.message]
        else:
            return _back(workshop, measure, "milestones-heading")
    return _page(workshop, measure, new_form=form, status=422)


def _milestone_action(workshop, measure_id, milestone_id, form_class, prefix, action, field=None):
    measure = _measure_or_404(workshop, measure_id)
    milestone = _milestone_or_404(measure, milestone_id)
    form = form_class(prefix=prefix.format(milestone.id)) if prefix else form_class()
    if form.validate():
        try:
            action(milestone, form)
        except services.FeedbackError as error:
            if field is None:
                abort(400)
            getattr(form, field).errors = [error.message]
        else:
            return _back(workshop, measure, f"milestone-{milestone_id}")
    elif field == "done_on" and form.done_on.errors:
        form.done_on.errors = [str(BAD_DATE)]
    if field is None:
        abort(400)
    return _page(workshop, measure, failed=(milestone.id, form), status=422)


@bp.post(MILESTONE + "/erledigt")
@managed_workshop
def tick_milestone(workshop, measure_id, milestone_id):
    return _milestone_action(workshop, measure_id, milestone_id, TickForm, "m{}",
                             lambda milestone, form: services.tick_milestone(milestone, form.done_on.data),
                             field="done_on")


@bp.post(MILESTONE + "/offen")
@managed_workshop
def untick_milestone(workshop, measure_id, milestone_id):
    return _milestone_action(workshop, measure_id, milestone_id, ButtonForm, None,
                             lambda milestone, form: services.untick_milestone(milestone))


@bp.post(MILESTONE + "/name")
@managed_workshop
def rename_milestone(workshop, measure_id, milestone_id):
    return _milestone_action(workshop, measure_id, milestone_id, RenameForm, "r{}",
                             lambda milestone, form: services.rename_milestone(milestone, form.title.data),
                             field="title")


@bp.post(MILESTONE + "/verschieben")
@managed_workshop
def move_milestone(workshop, measure_id, milestone_id):
    return _milestone_action(workshop, measure_id, milestone_id, MoveForm, None,
                             lambda milestone, form: services.move_milestone(milestone, form.direction.data))


@bp.post(MILESTONE + "/loeschen")
@managed_workshop
def delete_milestone(workshop, measure_id, milestone_id):
    measure = _measure_or_404(workshop, measure_id)
    milestone = _milestone_or_404(measure, milestone_id)
    if not ButtonForm().validate():
        abort(400)
    title = milestone.title
    services.delete_milestone(milestone)
    flash(_("Der Meilenstein „%(title)s“ ist gelöscht.", title=title))
    return _back(workshop, measure, "milestones-heading")


@bp.get("/moderation/prozesse/<int:process_id>/rueckmeldung")
@viewed_process
def process_measures(process):
    return render_template("feedback/process.html", process=process, rows=services.process_rows(process),
                           counts=services.milestone_counts)


@bp.get("/p/<slug>")
def public_process(slug):
    process = db.session.scalar(select(Process).where(Process.slug == slug))
    if process is None or not process.public:
        abort(404)
    return render_template("feedback/public.html", process=process, events=services.public_events(process),
                           measures=services.public_measures(process.workshops))
