"""The moderator's group pages: the list of groups (add, create N, edit, delete), the
promotion limit, facilitator links (made new and shown once, revoked) and the printable
table cards with each group's QR code."""

from urllib.parse import urlencode

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.routing import BuildError

from ..core.ids import parse_id
from ..workshops.access import managed_workshop
from ..workshops.qr import qr_inline_svg
from ..workshops.urls import public_url
from . import bp, services
from .forms import GroupForm, ManyGroupsForm, PromoteLimitForm
from .keys import facilitator_key_of, revoke_facilitator_key, rotate_facilitator_key

PREFIX = "/moderation/workshops/<int:workshop_id>/gruppen"
NO_STORE = {"Cache-Control": "no-store"}  # the facilitator link's page carries its key


def join_path(group):
    """The group's short link (``/j/<code>/g<number>``) as a path."""
    return url_for("groups.join_link", code=group.workshop.code, number=group.number)


def _path(endpoint, fallback, **values):
    # The group wall and the facilitator page are other modules' routes; until they are
    # registered, the paths the helpers agreed on (CONTRACTS.md) stand in.
    try:
        return url_for(endpoint, **values)
    except BuildError:
        key = values.pop("key", None)
        return fallback + (f"?{urlencode({'key': key})}" if key else "")


def facilitator_path(group, key):
    code, number = group.workshop.code, group.number
    return _path("groups.facilitator", f"/gruppe/{code}/{number}", code=code, number=number, key=key)


def group_wall_path(group):
    code, number = group.workshop.code, group.number
    return _path("groups.group_wall", f"/w/{code}/gruppe/{number}", code=code, number=number)


def _group_or_404(workshop, group_id):
    group = services.group_of(workshop, group_id)
    if group is None:
        abort(404)
    return group


def _rows(workshop):
    activity = {row["id"]: row for row in services.group_activity(workshop)}
    return [{"group": group, "people": activity[group.id]["people"],
             "ideas": activity[group.id]["ideas"] + activity[group.id]["pending"],
             "has_link": facilitator_key_of(group) is not None,
             "join_url": public_url(join_path(group)), "wall_path": group_wall_path(group)}
            for group in workshop.groups]


def _manage_page(workshop, add_form=None, many_form=None, limit_form=None, error=None, status=200):
    add_form = add_form or GroupForm(formdata=None)
    many_form = many_form or ManyGroupsForm(formdata=None, data={"count": 8 if not workshop.groups else 1,
                                                                   "prefix": _("Tisch")})
    limit_form = limit_form or PromoteLimitForm(formdata=None, data={"limit": workshop.group_promote_limit})
    return render_template(
        "groups/manage.html", workshop=workshop, rows=_rows(workshop), add_form=add_form.with_questions(workshop),
        many_form=many_form, limit_form=limit_form, error=error, max_groups=services.MAX_GROUPS,
    ), status


def _refused(form, error):
    """Put a service's refusal on its field; True when no field of ``form`` takes it."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        return True
    field.errors = [*field.errors, error.message]
    return False


@bp.route(PREFIX, methods=["GET", "POST"])
@managed_workshop
def manage(workshop):
    """The list of groups; a POST adds one group (name, topic, question focus, facilitator)."""
    form = GroupForm().with_questions(workshop)
    if not form.is_submitted():
        return _manage_page(workshop)
    error = None
    if form.validate_on_submit():
        try:
            group = services.add_group(workshop, form.name.data, form.topic.data,
                                       parse_id(form.question_id.data), form.facilitator.data)
        except services.GroupError as refusal:
            error = refusal.message if _refused(form, refusal) else None
        else:
            flash(_("Die Gruppe „%(name)s“ ist angelegt (Nr. %(number)d).", name=group.name, number=group.number))
            return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor=f"group-{group.id}"))
    return _manage_page(workshop, add_form=form, error=error, status=422)


@bp.post(f"{PREFIX}/mehrere")
@managed_workshop
def add_many(workshop):
    """"N Gruppen anlegen": count groups named "<prefix> <n>"."""
    form = ManyGroupsForm()
    error = None
    if form.validate_on_submit():
        try:
            created = services.add_groups(workshop, form.count.data, form.prefix.data)
        except services.GroupError as refusal:
            error = refusal.message if _refused(form, refusal) else None
        else:
            flash(ngettext("%(num)d Gruppe ist angelegt.", "%(num)d Gruppen sind angelegt.", len(created)))
            return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor="groups-heading"))
    return _manage_page(workshop, many_form=form, error=error, status=422)


@bp.post(f"{PREFIX}/plenum")
@managed_workshop
def promote_limit(workshop):
    """How many ideas each group may promote to the plenary."""
    form = PromoteLimitForm()
    error = None
    if form.validate_on_submit():
        try:
            services.set_promote_limit(workshop, form.limit.data)
        except services.GroupError as refusal:
            error = refusal.message if _refused(form, refusal) else None
        else:
            flash(ngettext("Jede Gruppe kann jetzt %(num)d Idee ins Plenum geben.",
                           "Jede Gruppe kann jetzt %(num)d Ideen ins Plenum geben.", workshop.group_promote_limit))
            return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor="limit-heading"))
    return _manage_page(workshop, limit_form=form, error=error, status=422)


@bp.route(f"{PREFIX}/<int:group_id>", methods=["GET", "POST"])
@managed_workshop
def edit(workshop, group_id):
    group = _group_or_404(workshop, group_id)
    if not GroupForm().is_submitted():
        form = GroupForm(formdata=None, data={"name": group.name, "topic": group.topic, "facilitator": group.facilitator,
                                              "question_id": str(group.question_id or "")})
        return render_template("groups/edit.html", workshop=workshop, group=group,
                               form=form.with_questions(workshop), error=None)
    form = GroupForm().with_questions(workshop)
    error = None
    if form.validate_on_submit():
        try:
            services.update_group(group, form.name.data, form.topic.data, parse_id(form.question_id.data),
                                  form.facilitator.data)
        except services.GroupError as refusal:
            error = refusal.message if _refused(form, refusal) else None
        else:
            flash(_("Die Gruppe „%(name)s“ ist gespeichert.", name=group.name))
            return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor=f"group-{group.id}"))
    page = render_template("groups/edit.html", workshop=workshop, group=group, form=form, error=error)
    return page, 422


@bp.post(f"{PREFIX}/<int:group_id>/loeschen")
@managed_workshop
def delete(workshop, group_id):
    group = _group_or_404(workshop, group_id)
    name = group.name
    try:
        services.delete_group(group)
    except services.GroupError as refusal:
        flash(_("„%(name)s“ ist nicht gelöscht: %(reason)s", name=name, reason=refusal.message), "error")
        return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor=f"group-{group.id}"))
    flash(_("Die Gruppe „%(name)s“ ist gelöscht.", name=name))
    return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor="groups-heading"))


@bp.post(f"{PREFIX}/<int:group_id>/tischmoderation")
@managed_workshop
def new_facilitator_link(workshop, group_id):
    """A new facilitator link for the group (its old one stops working), shown this once."""
    group = _group_or_404(workshop, group_id)
    key = rotate_facilitator_key(group)
    url = public_url(facilitator_path(group, key))
    qr = qr_inline_svg(url, _("QR-Code des Links für die Tischmoderation von „%(name)s“", name=group.name),
                       "remote-link-qr")
    page = render_template("groups/facilitator_link.html", workshop=workshop, group=group, link_url=url, qr=qr)
    return page, 200, NO_STORE


@bp.post(f"{PREFIX}/<int:group_id>/tischmoderation/widerrufen")
@managed_workshop
def revoke_facilitator_link(workshop, group_id):
    group = _group_or_404(workshop, group_id)
    revoke_facilitator_key(group)
    flash(_("Der Link für die Tischmoderation von „%(name)s“ ist widerrufen; er funktioniert nicht mehr.",
            name=group.name))
    return redirect(url_for("groups.manage", workshop_id=workshop.id, _anchor=f"group-{group.id}"))


def tent_density(name, topic):
    """The size classes of a table tent's name and topic (1 large .. 3 small): print cannot
    shrink text to fit, so groups/table_cards.html sets the fonts by length (the longest
    name and topic still fit one face, tests/browser/test_groups_manage.py)."""
    def size(length, bounds):
        return next((number for number, bound in enumerate(bounds, start=1) if length <= bound), len(bounds) + 1)

    return f"tent-name-{size(len(name), (22, 44))} tent-topic-{size(len(topic or ''), (60, 130))}"


@bp.get(f"{PREFIX}/tischkarten")
@managed_workshop
def table_cards(workshop):
    """Table tents to print on A4: per group one page, folded in the middle."""
    cards = []
    for group in workshop.groups:
        url = public_url(join_path(group))
        cards.append({"group": group, "url": url, "density": tent_density(group.name, group.topic),
                      "qr": qr_inline_svg(url, _("QR-Code zum Beitreten der Gruppe „%(name)s“, führt zu %(url)s",
                                                 name=group.name, url=url), "tent-qr")})
    return render_template("groups/table_cards.html", workshop=workshop, cards=cards)
