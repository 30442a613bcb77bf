"""Saving a workshop as a template of one's own, the list of one's templates, and sharing
them as JSON files (download, import). Another moderator's template answers 404."""

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from . import bp, rules
from . import saved_templates as templates
from .access import managed_workshop
from .forms import ImportTemplateForm, SaveTemplateForm

PREFIX = "/moderation/templates"


def _own_template(template_id):
    template = templates.template_by_id(template_id)
    if not rules.may_use_template(current_user, template):
        abort(404)
    return template


@bp.route("/moderation/workshops/<int:workshop_id>/save-template", methods=["GET", "POST"])
@managed_workshop
def save_as_template(workshop):
    form = SaveTemplateForm(data=None if request.method == "POST" else {"name": workshop.title[:120]})
    if form.validate_on_submit():
        saved = templates.save_workshop_as_template(current_user, workshop, form.name.data, form.description.data)
        flash(_("Die Vorlage „%(name)s“ ist gespeichert. Sie steht jetzt unter „Neuen Workshop anlegen“ zur "
                "Wahl.", name=saved.name))
        return redirect(url_for("workshops.templates_page"))
    status = 422 if form.errors else 200
    return render_template("workshops/save_template.html", workshop=workshop, form=form), status


def _render_list(import_form=None, import_error=None, status=200):
    return render_template(
        "workshops/templates.html",
        saved=templates.templates_of(current_user),
        import_form=import_form or ImportTemplateForm(formdata=None),
        import_error=import_error,
    ), status


@bp.get(PREFIX)
@login_required
def templates_page():
    return _render_list()


@bp.post(f"{PREFIX}/import")
@login_required
def import_template():
    form = ImportTemplateForm()
    if not form.validate():
        abort(400)  # only the CSRF check can fail here
    upload = form.file.data
    raw = upload.stream.read(templates.MAX_FILE_BYTES + 1) if upload else b""
    try:
        saved = templates.import_template(current_user, raw)
    except templates.TemplateInvalid as refused:
        return _render_list(form, _("Nichts importiert: %(reason)s", reason=refused.message), 422)
    flash(_("Die Vorlage „%(name)s“ ist importiert.", name=saved.name))
    return redirect(url_for("workshops.templates_page"))


@bp.get(f"{PREFIX}/<int:template_id>.json")
@login_required
def download_template(template_id):
    template = _own_template(template_id)
    body = json.dumps(templates.document_of(template), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{templates.file_name_of(template)}"',
        "Cache-Control": "no-store",
    })


@bp.post(f"{PREFIX}/<int:template_id>/delete")
@login_required
def delete_template(template_id):
    template = _own_template(template_id)
    name = template.name
    templates.delete_template(template)
    flash(_("Die Vorlage „%(name)s“ ist gelöscht.", name=name))
    return redirect(url_for("workshops.templates_page"))
