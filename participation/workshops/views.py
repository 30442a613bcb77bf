"""Moderator pages for preparing a workshop, plus the public QR images."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..auth.forms import CoModeratorForm
from ..extensions import db
from . import bp, co_moderators, rules, saved_templates, services, structure
from .access import managed_workshop
from .catalog import TEMPLATES
from .editor import render_editor
from .forms import SAVED_PREFIX, STEP_KIND_LABELS, FieldForm, NewWorkshopForm, QuestionForm, SettingsForm
from .models import Field, Question
from .poster import poster_density
from .qr import qr_png, qr_svg
from .retention import deletion_date, deletion_is_near, retention_days
from .urls import is_unreachable_from_phones, join_url, lan_suggestions
from .wall_keys import wall_url

PREFIX = "/moderation/workshops"


def _item(model, workshop, item_id):
    item = db.session.get(model, item_id)
    if item is None or item.workshop_id != workshop.id:
        abort(404)
    return item


@bp.get("/moderation/")
@login_required
def dashboard():
    workshops = services.workshops_of(current_user)
    return render_template(
        "workshops/dashboard.html",
        workshops=workshops,
        access={workshop.id: rules.access_label(current_user, workshop) for workshop in workshops},
        deletions={workshop.id: deletion_date(workshop) for workshop in workshops},
        deletion_is_near=deletion_is_near,
    )


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
@login_required
def new():
    saved = saved_templates.templates_of(current_user)
    form = NewWorkshopForm().offer_saved(saved)
    if form.validate_on_submit():
        saved_id = form.saved_template_id()
        if saved_id is None:
            workshop = services.create_workshop(current_user, form.template.data, form.title.data)
        else:
            chosen = next(template for template in saved if template.id == saved_id)
            workshop = services.create_from_saved(current_user, chosen, form.title.data)
        flash(_("Der Workshop „%(title)s“ ist angelegt.", title=workshop.title))
        return redirect(url_for("workshops.overview", workshop_id=workshop.id))
    status = 422 if form.errors else 200
    offers = {key: (saved_templates.payload_of_catalog(template), template.method)
              for key, template in TEMPLATES.items()}
    offers |= {f"{SAVED_PREFIX}{template.id}": (template.payload, template.description) for template in saved}
    return render_template("workshops/new.html", form=form, offers=offers, step_kinds=STEP_KIND_LABELS), status


def render_overview(workshop, status=200, invite_form=None):
    """The workshop's overview page; its idea counts come from the ideas package's
    ``idea_counts`` template global (ideas sit above workshops)."""
    url = join_url(workshop)
    unreachable = is_unreachable_from_phones(url)
    deletion = deletion_date(workshop)
    page = render_template(
        "workshops/overview.html",
        workshop=workshop,
        join_url=url,
        unreachable=unreachable,
        lan_addresses=lan_suggestions() if unreachable else (),
        wall_url=wall_url(workshop),
        invite_form=invite_form or CoModeratorForm(formdata=None),
        deletion=deletion,
        deletion_near=deletion_is_near(deletion),
        retention_days=retention_days(),
    )
    # The page shows the secret wall link: no browser or proxy keeps a copy.
    return page, status, {"Cache-Control": "no-store"}


@bp.get(f"{PREFIX}/<int:workshop_id>")
@managed_workshop
def overview(workshop):
    return render_overview(workshop)


@bp.post(f"{PREFIX}/<int:workshop_id>/state")
@managed_workshop
def set_state(workshop):
    services.set_open(workshop, request.form.get("open") == "1")
    flash(_("Der Workshop ist jetzt geöffnet.") if workshop.is_open else _("Der Workshop ist jetzt geschlossen."))
    return redirect(url_for("workshops.overview", workshop_id=workshop.id))


@bp.post(f"{PREFIX}/<int:workshop_id>/co-moderators")
@managed_workshop
def invite(workshop):
    if not rules.may_invite(current_user, workshop):
        abort(403)
    form = CoModeratorForm()
    if form.validate():
        try:
            invited = co_moderators.invite_co_moderator(workshop, form.username.data)
        except co_moderators.CoModeratorError as refused:
            form.username.errors.append(refused.message)
        else:
            flash(_("„%(name)s“ kann diesen Workshop jetzt mit moderieren.", name=invited.username))
            return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="co-moderators"))
    return render_overview(workshop, 422, invite_form=form)


@bp.post(f"{PREFIX}/<int:workshop_id>/co-moderators/<int:moderator_id>/remove")
@managed_workshop
def remove_co_moderator(workshop, moderator_id):
    if not rules.may_remove_co_moderator(current_user, workshop, moderator_id):
        abort(403)
    removed = co_moderators.remove_co_moderator(workshop, moderator_id)
    if removed is None:
        abort(404)
    if moderator_id == current_user.id:  # left on their own
        flash(_("Sie moderieren „%(title)s“ nicht mehr mit.", title=workshop.title))
        return redirect(url_for("workshops.dashboard"))
    flash(_("„%(name)s“ moderiert diesen Workshop nicht mehr mit.", name=removed.username))
    return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="co-moderators"))


# --- the editor: settings, questions, fields one at a time ---------------------------------


# The page itself is workshops/editor.py (one form for all sections). These endpoints
# change one section each; they answer a post of that section alone (scripts, older pages).


@bp.post(f"{PREFIX}/<int:workshop_id>/settings")
@managed_workshop
def save_settings(workshop):
    form = SettingsForm()
    if not form.validate():
        return render_editor(workshop, 422, settings=form)
    services.update_workshop(
        workshop,
        title=form.title.data.strip(),
        event_date=form.event_date.data,
        place=(form.place.data or "").strip(),
        description=(form.description.data or "").strip(),
        idea_max_length=form.idea_max_length.data,
        is_open=form.is_open.data,
        language=form.language.data or None,
    )
    flash(_("Die Einstellungen sind gespeichert."))
    return redirect(url_for("workshops.edit", workshop_id=workshop.id))


def _back_to(workshop, anchor):
    return redirect(url_for("workshops.edit", workshop_id=workshop.id, _anchor=anchor))


@bp.post(f"{PREFIX}/<int:workshop_id>/questions")
@managed_workshop
def add_question(workshop):
    form = QuestionForm(prefix="new-question")
    if not form.validate():
        return render_editor(workshop, 422, new_question=form)
    structure.add_question(workshop, form.text.data)
    flash(_("Die Frage ist hinzugefügt."))
    return _back_to(workshop, "questions")


@bp.post(f"{PREFIX}/<int:workshop_id>/questions/<int:item_id>")
@managed_workshop
def update_question(workshop, item_id):
    question = _item(Question, workshop, item_id)
    form = QuestionForm(prefix=f"q{question.id}")
    if not form.validate():
        return render_editor(workshop, 422, question_forms={question.id: form})
    structure.update_question(question, form.text.data)
    flash(_("Die Frage ist gespeichert."))
    return _back_to(workshop, f"question-{question.id}")


@bp.post(f"{PREFIX}/<int:workshop_id>/questions/<int:item_id>/delete")
@managed_workshop
def delete_question(workshop, item_id):
    question = _item(Question, workshop, item_id)
    try:
        structure.delete_question(question)
    except structure.QuestionInUse as in_use:
        flash(
            ngettext("Diese Frage hat schon eine Idee und kann deshalb nicht gelöscht werden. "
                     "Sie können den Text ändern.",
                     "Diese Frage hat schon %(num)d Ideen und kann deshalb nicht gelöscht werden. "
                     "Sie können den Text ändern.", in_use.idea_count),
            "error",
        )
        return _back_to(workshop, f"question-{question.id}")
    flash(_("Die Frage ist gelöscht."))
    return _back_to(workshop, "questions")


@bp.post(f"{PREFIX}/<int:workshop_id>/fields")
@managed_workshop
def add_field(workshop):
    form = FieldForm(prefix="new-field")
    if not form.validate():
        return render_editor(workshop, 422, new_field=form)
    structure.add_field(workshop, **form.values())
    flash(_("Das Handlungsfeld ist hinzugefügt."))
    return _back_to(workshop, "fields")


@bp.post(f"{PREFIX}/<int:workshop_id>/fields/<int:item_id>")
@managed_workshop
def update_field(workshop, item_id):
    field = _item(Field, workshop, item_id)
    form = FieldForm(prefix=f"f{field.id}")
    if not form.validate():
        return render_editor(workshop, 422, field_forms={field.id: form})
    structure.update_field(field, **form.values())
    flash(_("Das Handlungsfeld ist gespeichert."))
    return _back_to(workshop, f"field-{field.id}")


@bp.post(f"{PREFIX}/<int:workshop_id>/fields/<int:item_id>/delete")
@managed_workshop
def delete_field(workshop, item_id):
    structure.delete_field(_item(Field, workshop, item_id))
    flash(_("Das Handlungsfeld ist gelöscht."))
    return _back_to(workshop, "fields")


@bp.post(f"{PREFIX}/<int:workshop_id>/<any(questions, fields):kind>/<int:item_id>/move")
@managed_workshop
def move(workshop, kind, item_id):
    item = _item(Question if kind == "questions" else Field, workshop, item_id)
    structure.move(item, -1 if request.form.get("direction") == "up" else 1)
    return _back_to(workshop, f"{kind[:-1]}-{item.id}")


# --- join code: poster and QR images ---------------------------------------------------------


@bp.get(f"{PREFIX}/<int:workshop_id>/poster")
@managed_workshop
def poster(workshop):
    url = join_url(workshop)
    unreachable = is_unreachable_from_phones(url)
    return render_template(
        "workshops/poster.html", workshop=workshop, join_url=url, unreachable=unreachable,
        lan_addresses=lan_suggestions() if unreachable else (),
        density=poster_density(workshop.title, [question.text for question in workshop.questions]),
    )


def _public_workshop(code):
    workshop = services.find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    return workshop


@bp.get("/w/<code>/qr.svg")
def qr_code_svg(code):
    workshop = _public_workshop(code)
    return Response(qr_svg(join_url(workshop)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-cache"})


@bp.get("/w/<code>/qr.png")
def qr_code_png(code):
    workshop = _public_workshop(code)
    size = request.args.get("size", default=10, type=int)
    png = qr_png(join_url(workshop), box_size=min(max(size, 2), 40))
    headers = {"Cache-Control": "no-cache"}
    if request.args.get("download"):
        headers["Content-Disposition"] = f'attachment; filename="qr-{workshop.code}.png"'
    return Response(png, mimetype="image/png", headers=headers)
