"""Focus-group pages: the moderator's links and measures, and the group's workspace behind
its secret link (/f/<token>), with the measure sheet and its PDF/DOCX/XLSX downloads.

Every page here may carry a token in its address: nothing is cached, no Referer leaves the
site, and nothing here logs a URL.
"""

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _

from ..analysis import top_terms
from ..core.errors import abort_friendly
from ..exports.services import file_name, slug
from ..exports.snapshot import workshop_snapshot
from ..exports.texts import export_texts
from ..measures.sheet import PRIORITY_LABELS, SHEET
from ..workshops.access import managed_workshop
from ..workshops.urls import public_url
from . import bp, services
from .forms import DeleteMeasureForm, LinkForm, MeasureForm

MODERATION = "/moderation/workshops/<int:workshop_id>"
GROUP = "/f/<token>"
NEW_LINK_KEY = "focus_new_link"
PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    # Not "no-referrer": on https Flask-WTF refuses a form without a same-origin Referer, so
    # the group could not save a measure. Only this site, which knows the token, sees it.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.context_processor
def _helpers():
    return {"priority_label": priority_label, "last_day": services.last_valid_day}


def priority_label(priority):
    return PRIORITY_LABELS.get(priority) or _("nicht festgelegt")


def _seen_version(form):
    raw = form.version.data or ""
    return int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 10 else 0


# --- moderator -------------------------------------------------------------------------------


def _manage_page(workshop, failed=None, failed_field_id=None, status=200):
    links = services.links_of(workshop)
    measures = services.measures_of(workshop)
    new_link = session.pop(NEW_LINK_KEY, None)
    shown_link = None
    created = next((link for link in links if new_link and link.id == new_link["id"]), None)
    if created is not None:
        # The token is shown this once; the box names the field and label it belongs to,
        # so a moderator making links for several groups hands each the right one.
        url = public_url(url_for("focus_groups.group", token=new_link["token"]))
        shown_link = {"id": created.id, "url": url, "field": created.field.name, "label": created.label,
                      "last_day": services.last_valid_day(created)}
    sections = []
    for field in workshop.fields:
        form = failed if failed_field_id == field.id else LinkForm(
            formdata=None, prefix=f"field-{field.id}", data={"expires_on": services.default_expiry()}
        )
        sections.append({
            "field": field,
            "form": form,
            "links": [link for link in links if link.field_id == field.id],
            "measures": [measure for measure in measures if measure.field_id == field.id],
        })
    orphans = [measure for measure in measures if measure.field_id is None]
    return render_template(
        "focus_groups/manage.html", workshop=workshop, sections=sections, orphans=orphans, new_link=shown_link,
        state_of=services.link_state,
    ), status


@bp.get(f"{MODERATION}/focus")
@managed_workshop
def manage(workshop):
    return _manage_page(workshop)


@bp.post(f"{MODERATION}/focus/fields/<int:field_id>/links")
@managed_workshop
def create_link(workshop, field_id):
    field = services.field_of(workshop, field_id)
    if field is None:
        abort(404)
    form = LinkForm(prefix=f"field-{field.id}")
    if form.validate_on_submit():
        try:
            link, token = services.create_link(workshop, field, form.expires_on.data, form.label.data)
        except services.FocusError as error:
            getattr(form, error.field or "expires_on").errors = [error.message]
        else:
            session[NEW_LINK_KEY] = {"id": link.id, "token": token}
            return redirect(url_for("focus_groups.manage", workshop_id=workshop.id, _anchor="new-link"))
    return _manage_page(workshop, failed=form, failed_field_id=field.id, status=422)


@bp.post(f"{MODERATION}/focus/links/<int:link_id>/revoke")
@managed_workshop
def revoke_link(workshop, link_id):
    link = services.link_of(workshop, link_id)
    if link is None:
        abort(404)
    services.revoke_link(link)
    flash(_("Der Link ist zurückgezogen; wer ihn öffnet, sieht nichts mehr."))
    return redirect(url_for("focus_groups.manage", workshop_id=workshop.id, _anchor=f"field-{link.field_id}"))


@bp.get(f"{MODERATION}/measures.xlsx")
@managed_workshop
def measures_xlsx(workshop):
    from ..exports.xlsx_file import measures_xlsx as write_xlsx  # openpyxl: loaded when asked for

    data = write_xlsx(workshop_snapshot(workshop, with_terms=False), export_texts())
    return _download(data, XLSX, file_name(workshop, "massnahmen", "xlsx"))


@bp.get(f"{MODERATION}/measures/<int:measure_id>.<any(pdf, docx):kind>")
@managed_workshop
def moderator_document(workshop, measure_id, kind):
    measure = services.measure_of(workshop, measure_id)
    if measure is None:
        abort(404)
    return _document(workshop, measure, kind)


# --- the focus group -------------------------------------------------------------------------


def _link_or_abort(token):
    """The active link of this token; a clear message and nothing else otherwise."""
    link = services.link_for_token(token)
    if link is None:
        abort_friendly(404, _("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig kopiert wurde, "
                              "oder bitten Sie die Moderation um einen neuen Link."))
    state = services.link_state(link)
    if state == services.EXPIRED:
        abort_friendly(410, _("Dieser Link ist abgelaufen. Bitte fragen Sie die Moderation nach einem neuen Link."))
    if state == services.REVOKED:
        abort_friendly(410, _("Dieser Link wurde von der Moderation zurückgezogen. "
                              "Bitte fragen Sie dort nach einem neuen Link."))
    return link


def _measure_or_404(link, measure_id):
    measure = services.measure_of(link.workshop, measure_id, field_id=link.field_id)
    if measure is None:
        abort_friendly(404, _("Diese Maßnahme gibt es hier nicht (mehr)."))
    return measure


@bp.get(GROUP)
def group(token):
    link = _link_or_abort(token)
    snapshot = workshop_snapshot(link.workshop, with_terms=False)
    field = snapshot.field(link.field_id)
    terms = top_terms([idea.full_text for idea in field.ideas]) if field.ideas else ()
    measures = [row for row in snapshot.measures if row.field_id == link.field_id]
    return render_template("focus_groups/group.html", link=link, token=token, snapshot=snapshot, field=field,
                           terms=terms, measures=measures)


def _form_page(link, token, form, measure=None, *, conflict=None, gone=False, status=200):
    snapshot = workshop_snapshot(link.workshop, with_terms=False)
    field = snapshot.field(link.field_id)
    shown = {idea.id for idea in field.ideas}
    ticked = set(form.idea_ids.data or ())
    # ideas of other fields that are ticked stay in the list, so they can be unticked
    extra = [idea for idea in snapshot.ideas if idea.id in ticked and idea.id not in shown]
    choices = [*field.ideas, *extra]
    if gone:
        # Only what the person sent comes back (their texts, the ideas they ticked): this page
        # also answers ids that never existed or belong elsewhere, and must say nothing more.
        choices = [idea for idea in snapshot.ideas if idea.id in ticked]
    hidden_links = 0
    if measure is not None and not gone:
        visible = {idea.id for idea in snapshot.ideas}
        hidden_links = sum(1 for idea in measure.ideas if idea.id not in visible)
    return render_template(
        "focus_groups/measure.html", link=link, token=token, form=form, measure=None if gone else measure,
        snapshot=snapshot, field=field, choices=choices, sheet=SHEET,
        conflict=conflict, gone=gone, hidden_links=hidden_links,
    ), status


@bp.route(f"{GROUP}/measures/new", methods=["GET", "POST"])
def new_measure(token):
    link = _link_or_abort(token)
    form = MeasureForm(data={"field_ids": [link.field_id], "version": "0"})
    if form.validate_on_submit():
        try:
            measure, created = services.create_measure(link.workshop, link.field, form.values())
        except services.FocusError as error:
            form[error.field or "title"].errors = [error.message]
        else:
            flash(_("Die Maßnahme ist gespeichert.") if created
                  else _("Diese Maßnahme war schon gespeichert; sie wurde nicht doppelt angelegt."))
            return redirect(url_for("focus_groups.edit_measure", token=token, measure_id=measure.id))
    return _form_page(link, token, form, status=422 if form.errors else 200)


@bp.route(f"{GROUP}/measures/<int:measure_id>", methods=["GET", "POST"])
def edit_measure(token, measure_id):
    link = _link_or_abort(token)
    if request.method == "POST" and services.measure_of(link.workshop, measure_id, field_id=link.field_id) is None:
        # Deleted by a colleague before this save arrived: keep what the person typed. An id
        # that never existed, or belongs to another workshop or field, gets the very same
        # answer: a link never tells whether a measure exists elsewhere.
        form = MeasureForm()
        form.version.data = "0"
        return _form_page(link, token, form, gone=True, status=404)
    measure = _measure_or_404(link, measure_id)
    if request.method != "POST":
        data = MeasureForm.data_of(services.MeasureValues.of(measure), measure.version)
        form = MeasureForm(formdata=None, data=data)
        return _form_page(link, token, form, measure)
    form = MeasureForm()
    if not form.validate_on_submit():
        return _form_page(link, token, form, measure, status=422)
    try:
        services.update_measure(link.workshop, measure.id, _seen_version(form), form.values())
    except services.FocusError as error:
        form[error.field or "title"].errors = [error.message]
        return _form_page(link, token, form, measure, status=422)
    except services.MeasureConflict as conflict:
        # The next save is based on what the colleague stored, after this person saw it.
        form.version.data = str(conflict.current.version)
        return _form_page(link, token, form, measure, conflict=conflict.current, status=409)
    except services.MeasureGone:
        form.version.data = "0"
        return _form_page(link, token, form, gone=True, status=404)
    flash(_("Die Änderungen sind gespeichert."))
    return redirect(url_for("focus_groups.edit_measure", token=token, measure_id=measure.id))


@bp.route(f"{GROUP}/measures/<int:measure_id>/delete", methods=["GET", "POST"])
def delete_measure(token, measure_id):
    link = _link_or_abort(token)
    measure = _measure_or_404(link, measure_id)
    title = measure.title
    form = DeleteMeasureForm(formdata=None, data={"version": str(measure.version)})
    if request.method == "POST":
        form = DeleteMeasureForm()
        try:
            services.delete_measure(link.workshop, measure.id, _seen_version(form))
        except services.MeasureConflict as conflict:
            form.version.data = str(conflict.current.version)
            page = render_template("focus_groups/delete.html", token=token, measure=measure, form=form, changed=True)
            return page, 409
        except services.MeasureGone:
            pass
        flash(_("Die Maßnahme „%(title)s“ ist gelöscht.", title=title))
        return redirect(url_for("focus_groups.group", token=token))
    return render_template("focus_groups/delete.html", token=token, measure=measure, form=form, changed=False)


@bp.get(f"{GROUP}/measures/<int:measure_id>.<any(pdf, docx):kind>")
def group_document(token, measure_id, kind):
    link = _link_or_abort(token)
    return _document(link.workshop, _measure_or_404(link, measure_id), kind)


# --- downloads -------------------------------------------------------------------------------


def _document(workshop, measure, kind):
    from ..exports import measure_docs  # python-docx and fpdf: loaded when a document is asked for

    snapshot = workshop_snapshot(workshop, with_terms=False)
    row = next(row for row in snapshot.measures if row.id == measure.id)
    writer = measure_docs.measure_pdf if kind == "pdf" else measure_docs.measure_docx
    data = writer(snapshot, row, export_texts())
    name = f"{workshop.code}-massnahme-{measure.id}-{slug(measure.title)}.{kind}"
    return _download(data, PDF if kind == "pdf" else DOCX, name)


def _download(data, mimetype, filename):
    return send_file(BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
