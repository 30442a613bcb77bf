"""Moderator pages for preparing a workshop, plus the public QR images."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ..auth.forms import CoModeratorForm
from ..extensions import db
from ..ideas.state import count_public_ideas, count_unseen_ideas
from ..moderation.services import wall_url
from ..ops.retention import deletion_date, deletion_is_near, retention_days
from . import bp, services
from .access import managed_workshop_or_404
from .catalog import TEMPLATES
from .editor import render_editor
from .forms import FieldForm, NewWorkshopForm, QuestionForm, SettingsForm
from .models import Field, Question
from .poster import poster_density
from .qr import qr_png, qr_svg

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
        access={workshop.id: services.access_label(current_user, workshop) for workshop in workshops},
        deletions={workshop.id: deletion_date(workshop) for workshop in workshops},
        deletion_is_near=deletion_is_near,
    )


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
@login_required
def new():
    form = NewWorkshopForm()
    if form.validate_on_submit():
        workshop = services.create_workshop(current_user, form.template.data, form.title.data)
        flash(_("Der Workshop „%(title)s“ ist angelegt.", title=workshop.title))
        return redirect(url_for("workshops.overview", workshop_id=workshop.id))
    status = 422 if form.errors else 200
    return render_template("workshops/new.html", form=form, templates=TEMPLATES), status


def render_overview(workshop, status=200, invite_form=None):
    url = services.join_url(workshop)
    unreachable = services.is_unreachable_from_phones(url)
    idea_count = count_public_ideas(workshop)
    deletion = deletion_date(workshop)
    page = render_template(
        "workshops/overview.html",
        workshop=workshop,
        join_url=url,
        unreachable=unreachable,
        lan_addresses=services.lan_suggestions() if unreachable else (),
        idea_count=idea_count,
        unseen_count=count_unseen_ideas(workshop, idea_count),
        wall_url=wall_url(workshop),
        may_invite=services.can_invite(current_user, workshop),
        may_delete=services.can_delete(current_user, workshop),
        invite_form=invite_form or CoModeratorForm(formdata=None),
        deletion=deletion,
        deletion_near=deletion_is_near(deletion),
        retention_days=retention_days(),
    )
    # The page shows the secret wall link: no browser or proxy keeps a copy.
    return page, status, {"Cache-Control": "no-store"}


@bp.get(f"{PREFIX}/<int:workshop_id>")
@login_required
def overview(workshop_id):
    return render_overview(managed_workshop_or_404(workshop_id))


@bp.post(f"{PREFIX}/<int:workshop_id>/state")
@login_required
def set_state(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    services.set_open(workshop, request.form.get("open") == "1")
    flash(_("Der Workshop ist jetzt geöffnet.") if workshop.is_open else _("Der Workshop ist jetzt geschlossen."))
    return redirect(url_for("workshops.overview", workshop_id=workshop.id))


@bp.post(f"{PREFIX}/<int:workshop_id>/co-moderators")
@login_required
def invite(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    if not services.can_invite(current_user, workshop):
        abort(403)
    form = CoModeratorForm()
    if form.validate():
        try:
            invited = services.invite_co_moderator(workshop, form.username.data)
        except services.CoModeratorError as refused:
            form.username.errors.append(refused.message)
        else:
            flash(_("„%(name)s“ kann diesen Workshop jetzt mit moderieren.", name=invited.username))
            return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="co-moderators"))
    return render_overview(workshop, 422, invite_form=form)


@bp.post(f"{PREFIX}/<int:workshop_id>/co-moderators/<int:moderator_id>/remove")
@login_required
def remove_co_moderator(workshop_id, moderator_id):
    workshop = managed_workshop_or_404(workshop_id)
    leaving = moderator_id == current_user.id
    if not leaving and not services.can_invite(current_user, workshop):
        abort(403)
    removed = services.remove_co_moderator(workshop, moderator_id)
    if removed is None:
        abort(404)
    if leaving:
        flash(_("Sie moderieren „%(title)s“ nicht mehr mit.", title=workshop.title))
        return redirect(url_for("workshops.dashboard"))
    flash(_("„%(name)s“ moderiert diesen Workshop nicht mehr mit.", name=removed.username))
    return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="co-moderators"))


# --- the editor: settings, questions, fields one at a time ---------------------------------


# The page itself is workshops/editor.py (one form for all sections). These endpoints
# change one section each; they answer a post of that section alone (scripts, older pages).


@bp.post(f"{PREFIX}/<int:workshop_id>/settings")
@login_required
def save_settings(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
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
@login_required
def add_question(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    form = QuestionForm(prefix="new-question")
    if not form.validate():
        return render_editor(workshop, 422, new_question=form)
    services.add_question(workshop, form.text.data)
    flash(_("Die Frage ist hinzugefügt."))
    return _back_to(workshop, "questions")


@bp.post(f"{PREFIX}/<int:workshop_id>/questions/<int:item_id>")
@login_required
def update_question(workshop_id, item_id):
    workshop = managed_workshop_or_404(workshop_id)
    question = _item(Question, workshop, item_id)
    form = QuestionForm(prefix=f"q{question.id}")
    if not form.validate():
        return render_editor(workshop, 422, question_forms={question.id: form})
    services.update_question(question, form.text.data)
    flash(_("Die Frage ist gespeichert."))
    return _back_to(workshop, f"question-{question.id}")


@bp.post(f"{PREFIX}/<int:workshop_id>/questions/<int:item_id>/delete")
@login_required
def delete_question(workshop_id, item_id):
    workshop = managed_workshop_or_404(workshop_id)
    question = _item(Question, workshop, item_id)
    try:
        services.delete_question(question)
    except services.QuestionInUse as in_use:
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
@login_required
def add_field(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    form = FieldForm(prefix="new-field")
    if not form.validate():
        return render_editor(workshop, 422, new_field=form)
    services.add_field(
        workshop, form.name.data, form.description.data or "", services.parse_keywords(form.keywords.data),
        form.colour.data.lower(), catch_all=bool(form.catch_all.data),
    )
    flash(_("Das Handlungsfeld ist hinzugefügt."))
    return _back_to(workshop, "fields")


@bp.post(f"{PREFIX}/<int:workshop_id>/fields/<int:item_id>")
@login_required
def update_field(workshop_id, item_id):
    workshop = managed_workshop_or_404(workshop_id)
    field = _item(Field, workshop, item_id)
    form = FieldForm(prefix=f"f{field.id}")
    if not form.validate():
        return render_editor(workshop, 422, field_forms={field.id: form})
    services.update_field(
        field, form.name.data, form.description.data or "", services.parse_keywords(form.keywords.data),
        form.colour.data.lower(), bool(form.catch_all.data),
    )
    flash(_("Das Handlungsfeld ist gespeichert."))
    return _back_to(workshop, f"field-{field.id}")


@bp.post(f"{PREFIX}/<int:workshop_id>/fields/<int:item_id>/delete")
@login_required
def delete_field(workshop_id, item_id):
    workshop = managed_workshop_or_404(workshop_id)
    services.delete_field(_item(Field, workshop, item_id))
    flash(_("Das Handlungsfeld ist gelöscht."))
    return _back_to(workshop, "fields")


@bp.post(f"{PREFIX}/<int:workshop_id>/<any(questions, fields):kind>/<int:item_id>/move")
@login_required
def move(workshop_id, kind, item_id):
    workshop = managed_workshop_or_404(workshop_id)
    item = _item(Question if kind == "questions" else Field, workshop, item_id)
    services.move(item, -1 if request.form.get("direction") == "up" else 1)
    return _back_to(workshop, f"{kind[:-1]}-{item.id}")


# --- join code: poster and QR images ---------------------------------------------------------


@bp.get(f"{PREFIX}/<int:workshop_id>/poster")
@login_required
def poster(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    url = services.join_url(workshop)
    unreachable = services.is_unreachable_from_phones(url)
    return render_template(
        "workshops/poster.html", workshop=workshop, join_url=url, unreachable=unreachable,
        lan_addresses=services.lan_suggestions() if unreachable else (),
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
    return Response(qr_svg(services.join_url(workshop)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-cache"})


@bp.get("/w/<code>/qr.png")
def qr_code_png(code):
    workshop = _public_workshop(code)
    size = request.args.get("size", default=10, type=int)
    png = qr_png(services.join_url(workshop), box_size=min(max(size, 2), 40))
    headers = {"Cache-Control": "no-cache"}
    if request.args.get("download"):
        headers["Content-Disposition"] = f'attachment; filename="qr-{workshop.code}.png"'
    return Response(png, mimetype="image/png", headers=headers)
