"""Joining a group from the phone: the group's own short link (``/j/<code>/g<number>``, in
its QR code on the table card), and choosing or changing the group on the phone's pages
("Ihre Gruppe", ``templates/groups/_phone_group.html``).

The short link joins the workshop as the join page does (the same participant cookie, the
same admission limits) and lands on the join page, where the person may add a name.
"""

from flask import Response, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.ids import parse_id
from ..ideas.forms import JoinForm
from ..ideas.participants import current_participant, ensure_participant
from ..limits.admission import JoinRefused
from ..workshops.qr import qr_svg
from ..workshops.services import find_workshop_by_code
from ..workshops.urls import public_url
from . import bp, services
from .forms import ChooseGroupForm

BACK = {"ideas": "ideas.post_ideas", "join": "ideas.join"}  # where the choice came from


@bp.app_template_global()
def phone_groups(workshop):
    """For the phone's "Ihre Gruppe" box: ``{"groups": [...], "mine": group or None}``, or
    None when the workshop has no groups (then the box is not shown)."""
    groups = workshop.groups
    if not groups:
        return None
    participant = current_participant(workshop)
    mine = next((group for group in groups if participant and group.id == participant.group_id), None)
    return {"groups": groups, "mine": mine}


def _workshop(code):
    workshop = find_workshop_by_code(code)
    if workshop is None:
        message = _("Zu diesem Code gibt es keinen Workshop. Bitte prüfen Sie den Code auf dem Plakat oder der "
                    "Leinwand.")
        return None, make_response(render_template("pages/index.html", code=code, error=message), 404)
    return workshop, None


def _refused(workshop, refused):
    """Too many new phones at once (``limits.admission``): the join page says when to try again."""
    minutes = max(1, -(-refused.retry_after // 60))
    form = JoinForm(formdata=None)
    form.nickname.errors = [ngettext("Gerade kommen sehr viele Geräte auf einmal dazu. Bitte öffnen Sie den Link "
                                     "in einer Minute noch einmal.",
                                     "Gerade kommen sehr viele Geräte auf einmal dazu. Bitte öffnen Sie den Link "
                                     "in %(num)d Minuten noch einmal.", minutes)]
    response = make_response(render_template("ideas/join.html", workshop=workshop, form=form), 429)
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


@bp.get("/j/<code>/g<int:number>")
def join_link(code, number):
    """The group's short link: this phone joins the workshop and the group."""
    workshop, missing = _workshop(code)
    if missing is not None:
        return missing
    group = services.group_by_number(workshop, number)
    if group is None:
        flash(_("Eine Gruppe Nr. %(number)d gibt es in diesem Workshop nicht. Sie können Ihre Gruppe hier wählen.",
                number=number), "error")
        return redirect(url_for("ideas.join", code=workshop.code, _anchor="my-group"))
    try:
        participant = ensure_participant(workshop)
    except JoinRefused as refused:
        return _refused(workshop, refused)
    services.join_group(participant, group)
    flash(_("Willkommen in der Gruppe „%(name)s“.", name=group.name))
    return redirect(url_for("ideas.join", code=workshop.code))


def group_join_url(group):
    """The group's short link as phones reach it (the public address when set): its QR code's."""
    return public_url(url_for("groups.join_link", code=group.workshop.code, number=group.number))


@bp.get("/j/<code>/g<int:number>/qr.svg")
def group_qr_svg(code, number):
    """The QR code of the group's short link, for its wall (the link is not secret)."""
    workshop = find_workshop_by_code(code)
    group = services.group_by_number(workshop, number) if workshop is not None else None
    if group is None:
        abort(404)
    return Response(qr_svg(group_join_url(group)), mimetype="image/svg+xml", headers={"Cache-Control": "no-cache"})


@bp.post("/j/<code>/gruppe")
def choose(code):
    """Choose or change the group ("" for none) from the "Ihre Gruppe" box."""
    workshop, missing = _workshop(code)
    if missing is not None:
        return missing
    form = ChooseGroupForm()
    back = BACK.get(form.back.data, "ideas.post_ideas")
    raw = (form.group_id.data or "").strip()
    group = services.group_of(workshop, parse_id(raw)) if raw else None
    if raw and group is None:
        flash(_("Diese Gruppe gibt es in diesem Workshop nicht (mehr). Bitte wählen Sie eine aus der Liste."), "error")
        return redirect(url_for(back, code=workshop.code, _anchor="my-group"))
    try:
        participant = ensure_participant(workshop)
    except JoinRefused as refused:
        return _refused(workshop, refused)
    services.join_group(participant, group)
    if group is None:
        flash(_("Sie sind jetzt in keiner Gruppe."))
    else:
        flash(_("Sie sind jetzt in der Gruppe „%(name)s“.", name=group.name))
    return redirect(url_for(back, code=workshop.code, _anchor="my-group"))
