"""The moderator's process pages: the list of processes, one process's page (its workshops,
its shared catalogue, the counts per Handlungsfeld and workshop, the trend chart) and the
forms that change it. Thin: the services change, ``overview`` counts, ``charts`` draws."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..charts.palette import next_field_colour
from ..extensions import db
from ..workshops.access import managed_workshop
from ..workshops.models import Field, Workshop
from ..workshops.services import workshops_of
from . import bp, services
from .access import managed_process, viewed_process
from .charts import process_trend, trend_cache, trend_file
from .forms import AddWorkshopForm, DeleteForm, EntryForm, JoinProcessForm, ProcessForm, SettingsForm
from .models import Process, ProcessField
from .overview import NO_FIELD, field_counts
from .rules import may_add_workshop, may_manage_process
from .services import ProcessError

PREFIX = "/moderation/prozesse"


# --- the list ------------------------------------------------------------------------------


def _render_index(form=None, status=200):
    processes = services.processes_of(current_user)
    workshop_counts = {process.id: len(process.workshops) for process in processes}
    idea_counts = {process.id: field_counts(process).total.ideas for process in processes}
    return render_template("processes/index.html", processes=processes, workshop_counts=workshop_counts,
                           idea_counts=idea_counts, form=form or ProcessForm(formdata=None)), status


@bp.get(PREFIX)
@login_required
def index():
    return _render_index()


@bp.post(f"{PREFIX}/neu")
@login_required
def create():
    form = ProcessForm()
    if not form.validate():
        return _render_index(form, 422)
    try:
        process = services.create_process(current_user, form.title.data, form.description.data)
    except ProcessError as error:
        _form_error(form, error)
        return _render_index(form, 422)
    flash(_("Der Prozess „%(title)s“ ist angelegt. Fügen Sie jetzt seine Workshops hinzu.", title=process.title))
    return redirect(url_for("processes.show", process_id=process.id))


# --- one process ---------------------------------------------------------------------------


def _entry_form(entry, formdata=None):
    form = EntryForm(prefix=f"e{entry.id}", formdata=formdata)
    if formdata is None:
        form.name.data, form.description.data = entry.name, entry.description
        form.keywords.data, form.colour.data = ", ".join(entry.keywords or ()), entry.colour
        form.catch_all.data = entry.catch_all
    return form


def _settings_form(process):
    form = SettingsForm(formdata=None)
    form.title.data, form.description.data = process.title, process.description
    form.public.data, form.slug.data = process.public, process.slug
    return form


def addable_workshops(process):
    """The workshops I may put into ``process``: mine (or co-moderated) and not in it yet."""
    return [workshop for workshop in workshops_of(current_user)
            if workshop.process_id != process.id and may_add_workshop(current_user, process, workshop)]


def render_show(process, status=200, error=None, settings_form=None, new_entry=None, entry_forms=None,
                add_form=None, delete_form=None):
    counts = field_counts(process)
    manage = may_manage_process(current_user, process)
    entry_forms = {**{entry.id: _entry_form(entry) for entry in process.fields}, **(entry_forms or {})}
    if new_entry is None:
        new_entry = EntryForm(prefix="new-entry", formdata=None)
        new_entry.colour.data = next_field_colour(entry.colour for entry in process.fields)
    page = render_template(
        "processes/show.html",
        process=process,
        manage=manage,
        counts=counts,
        no_field=NO_FIELD,
        trend=process_trend(process, counts),
        ideas_per_workshop={column.id: cell.ideas for column, cell in zip(counts.workshops, counts.totals)},
        unlinked=services.unlinked_fields(process) if manage else (),
        settings_form=settings_form or _settings_form(process),
        entry_forms=entry_forms,
        new_entry=new_entry,
        add_form=add_form or AddWorkshopForm(formdata=None).offer(addable_workshops(process)),
        delete_form=delete_form or DeleteForm(formdata=None),
        error=error,
        export_formats=("csv", "xlsx", "json", "pdf"),
    )
    return page, status


def _form_error(form, error):
    """Show a ``ProcessError`` at the field it is about (or above the form)."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def _back(process, anchor=None):
    return redirect(url_for("processes.show", process_id=process.id, _anchor=anchor))


@bp.get(f"{PREFIX}/<int:process_id>")
@viewed_process
def show(process):
    return render_show(process)


@bp.get(f"{PREFIX}/<int:process_id>/themen.<any(svg,png):fmt>")
@viewed_process
def trend_chart(process, fmt):
    content, mimetype, filename = trend_file(process, fmt)
    headers = {"Cache-Control": "no-store"}
    if fmt == "png":
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(content, mimetype=mimetype, headers=headers)


@bp.post(f"{PREFIX}/<int:process_id>/einstellungen")
@managed_process
def save_settings(process):
    form = SettingsForm()
    if not form.validate():
        return render_show(process, 422, settings_form=form)
    try:
        services.update_process(process, form.title.data, form.description.data, public=form.public.data,
                                slug=form.slug.data)
    except ProcessError as error:
        db.session.rollback()
        _form_error(form, error)
        return render_show(db.session.get(Process, process.id), 422, settings_form=form)
    flash(_("Die Einstellungen des Prozesses sind gespeichert."))
    return _back(process, "settings")


# --- its workshops -------------------------------------------------------------------------


@bp.post(f"{PREFIX}/<int:process_id>/workshops")
@managed_process
def add_workshop(process):
    form = AddWorkshopForm().offer(addable_workshops(process))
    if not form.validate():
        return render_show(process, 422, add_form=form)
    workshop = db.session.get(Workshop, form.workshop_id.data)
    services.join(process, workshop)
    flash(_("„%(title)s“ gehört jetzt zum Prozess; seine Handlungsfelder sind mit dem Katalog verbunden.",
            title=workshop.title))
    return _back(process, "workshops")


@bp.post(f"{PREFIX}/<int:process_id>/workshops/<int:workshop_id>/entfernen")
@managed_process
def remove_workshop(process, workshop_id):
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.process_id != process.id:
        abort(404)
    services.leave(workshop)
    flash(_("„%(title)s“ ist aus dem Prozess genommen. Seine Ideen, Handlungsfelder und Entscheidungen bleiben im Workshop.",
            title=workshop.title))
    return _back(process, "workshops")


@bp.post("/moderation/workshops/<int:workshop_id>/prozess")
@managed_workshop
def join_from_workshop(workshop):
    """From a workshop's overview: put it into one of my processes."""
    form = JoinProcessForm().offer(joinable_processes(workshop))
    if not form.validate():
        flash(_("Bitte wählen Sie einen Prozess."), "error")
        return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="process"))
    process = db.session.get(Process, form.process_id.data)
    services.join(process, workshop)
    flash(_("„%(title)s“ gehört jetzt zum Prozess „%(process)s“.", title=workshop.title, process=process.title))
    return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="process"))


def joinable_processes(workshop):
    return [process for process in services.processes_of(current_user)
            if process.id != workshop.process_id and may_add_workshop(current_user, process, workshop)]


@bp.app_context_processor
def workshop_process_context():
    """For ``processes/_workshop_process.html`` on a workshop's overview (workshops sit below
    processes: the template asks through these)."""

    def process_of(workshop):
        return db.session.get(Process, workshop.process_id) if workshop.process_id else None

    def join_form_for(workshop):
        processes = joinable_processes(workshop) if current_user.is_authenticated else []
        return JoinProcessForm(formdata=None).offer(processes) if processes else None

    return {"process_of": process_of, "process_join_form": join_form_for}


# --- the catalogue -------------------------------------------------------------------------


def _entry(process, entry_id):
    entry = db.session.get(ProcessField, entry_id)
    if entry is None or entry.process_id != process.id:
        abort(404)
    return entry


@bp.post(f"{PREFIX}/<int:process_id>/katalog")
@managed_process
def add_entry(process):
    form = EntryForm(prefix="new-entry")
    if not form.validate():
        return render_show(process, 422, new_entry=form)
    try:
        services.add_entry(process, **form.values())
    except ProcessError as error:
        db.session.rollback()
        _form_error(form, error)
        return render_show(db.session.get(Process, process.id), 422, new_entry=form)
    flash(_("Das Handlungsfeld ist im Katalog und in jedem Workshop des Prozesses."))
    return _back(process, "catalogue")


@bp.post(f"{PREFIX}/<int:process_id>/katalog/<int:entry_id>")
@managed_process
def update_entry(process, entry_id):
    entry = _entry(process, entry_id)
    form = EntryForm(prefix=f"e{entry.id}")
    if not form.validate():
        return render_show(process, 422, entry_forms={entry.id: form})
    try:
        services.update_entry(entry, **form.values())
    except ProcessError as error:
        db.session.rollback()
        _form_error(form, error)
        return render_show(db.session.get(Process, process.id), 422, entry_forms={entry.id: form})
    flash(_("Das Handlungsfeld ist gespeichert, in jedem Workshop des Prozesses."))
    return _back(process, f"entry-{entry.id}")


@bp.post(f"{PREFIX}/<int:process_id>/katalog/<int:entry_id>/entfernen")
@managed_process
def remove_entry(process, entry_id):
    entry = _entry(process, entry_id)
    name = entry.name
    services.remove_entry(entry)
    flash(_("„%(name)s“ ist nicht mehr im Katalog. Die Workshops behalten ihr Handlungsfeld mit seinen Ideen.",
            name=name))
    return _back(process, "catalogue")


@bp.post(f"{PREFIX}/<int:process_id>/katalog/<int:entry_id>/verschieben")
@managed_process
def move_entry(process, entry_id):
    entry = _entry(process, entry_id)
    services.move_entry(entry, -1 if request.form.get("direction") == "up" else 1)
    return _back(process, f"entry-{entry.id}")


@bp.post(f"{PREFIX}/<int:process_id>/felder/<int:field_id>/uebernehmen")
@managed_process
def adopt_field(process, field_id):
    field = db.session.get(Field, field_id)
    if field is None or field.workshop.process_id != process.id:
        abort(404)
    try:
        entry = services.adopt_field(process, field)
    except ProcessError as error:
        db.session.rollback()
        return render_show(db.session.get(Process, process.id), 422, error=error.message)
    flash(_("„%(name)s“ gehört jetzt zum Katalog.", name=entry.name))
    return _back(process, "catalogue")


# --- deleting ------------------------------------------------------------------------------


@bp.post(f"{PREFIX}/<int:process_id>/loeschen")
@managed_process
def delete(process):
    form = DeleteForm()
    typed = " ".join((form.confirm_title.data or "").split())
    if not form.validate() or typed != " ".join(process.title.split()):
        form.confirm_title.errors = [_("Bitte tippen Sie den Titel des Prozesses genau ab, um ihn zu löschen.")]
        return render_show(process, 422, delete_form=form)
    title, process_id = process.title, process.id
    services.delete_process(process)
    trend_cache.forget(process_id)  # its chart carries the process's texts
    flash(_("Der Prozess „%(title)s“ ist gelöscht. Seine Workshops bleiben mit allen Ideen erhalten.", title=title))
    return redirect(url_for("processes.index"))
