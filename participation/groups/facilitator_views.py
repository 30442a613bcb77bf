"""The facilitator's page (Tischmoderation, secret link limited to one group): hide, correct, merge, paper cards for the group, promote to the plenary, ask for help.

``/gruppe/<code>/<number>?key=<the group's facilitator key>`` (or a logged-in moderator of
the workshop, without key). Any wrong, revoked or other group's key answers 404, as an
unknown code does; so does an idea of another group. Every action is a form (the key rides
along hidden) that comes back to the idea's row; facilitator.js posts the same forms asking
for JSON and then redraws the list from the page.
"""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.ids import parse_id
from ..core.web import asks_for_json
from ..extensions import db
from ..ideas.models import Idea
from ..workshops.services import find_workshop_by_code
from . import bp, facilitation, services
from .rules import may_facilitate, may_facilitate_idea, may_promote

PAGE = "/gruppe/<code>/<int:number>"
IDEA = f"{PAGE}/idee/<int:idea_id>"
NO_STORE = {"Cache-Control": "no-store"}  # the page carries the key: no browser or proxy keeps it


def _key():
    key = request.values.get("key")
    return key if key else None


def _facilitated_group(code, number, key):
    """The group when the visitor may facilitate it (its key or a moderator); else 404."""
    workshop = find_workshop_by_code(code)
    group = services.group_by_number(workshop, number) if workshop is not None else None
    if group is None or not may_facilitate(current_user, group, key):
        abort(404)
    return group


def _group_idea(group, idea_id, key, rule=may_facilitate_idea):
    """The group's idea ``idea_id`` if ``rule`` lets the visitor act on it; else 404 (an
    idea of another group or workshop looks absent)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or not rule(current_user, group, idea, key):
        abort(404)
    return idea


def _page(group, key, status=200, problem=None):
    """The facilitator's page; ``problem`` ({"idea_id", "field", "message", "typed"}) marks
    the row whose form was refused, with what was typed kept."""
    ideas = facilitation.group_ideas(group)
    return render_template(
        "groups/facilitator.html",
        group=group,
        workshop=group.workshop,
        key=key,
        ideas=ideas,
        targets={idea.id: facilitation.merge_targets(ideas, idea) for idea in ideas},
        promoted=services.promoted_count(group),
        limit=group.workshop.group_promote_limit,
        problem=problem or {},
    ), status, NO_STORE


def _promoted_words(group):
    return _("%(count)d von %(limit)d im Plenum", count=services.promoted_count(group),
             limit=group.workshop.group_promote_limit)


def _done(group, key, message, idea=None):
    """After an action: JSON for facilitator.js, else back to the idea's row."""
    if asks_for_json():
        return jsonify(message=message, promoted=services.promoted_count(group),
                       promoted_text=_promoted_words(group), help=group.help_at is not None)
    flash(message)
    anchor = f"fidea-{idea.id}" if idea is not None else "help"
    return redirect(url_for("groups.facilitator", code=group.workshop.code, number=group.number, key=key,
                            _anchor=anchor))


def _refused(group, key, error, idea=None):
    if asks_for_json():
        return jsonify(error="refused", message=error.message, field=error.field), 422
    problem = {"idea_id": idea.id if idea is not None else None, "field": error.field, "message": error.message,
               "typed": request.form.get("text")}
    return _page(group, key, 422, problem)


@bp.get(PAGE)
def facilitator(code, number):
    """The facilitator's page (phone-sized; works without JavaScript)."""
    key = _key()
    return _page(_facilitated_group(code, number, key), key)


def _idea_action(code, number, idea_id, rule=may_facilitate_idea):
    key = _key()
    group = _facilitated_group(code, number, key)
    return key, group, _group_idea(group, idea_id, key, rule)


@bp.post(f"{IDEA}/ausblenden")
def facilitator_hide(code, number, idea_id):
    key, group, idea = _idea_action(code, number, idea_id)
    facilitation.hide_in_group(group, idea)
    return _done(group, key, _("Die Idee ist ausgeblendet."), idea)


@bp.post(f"{IDEA}/zeigen")
def facilitator_show(code, number, idea_id):
    key, group, idea = _idea_action(code, number, idea_id)
    facilitation.show_in_group(group, idea)
    return _done(group, key, _("Die Idee ist sichtbar."), idea)


@bp.post(f"{IDEA}/korrigieren")
def facilitator_fix(code, number, idea_id):
    """Correct a typo; the text before stays in the idea's history."""
    key, group, idea = _idea_action(code, number, idea_id)
    try:
        facilitation.fix_in_group(group, idea, request.form.get("text", ""))
    except services.GroupError as error:
        return _refused(group, key, error, idea)
    return _done(group, key, _("Der Text ist korrigiert."), idea)


@bp.post(f"{IDEA}/zusammenfuehren")
def facilitator_merge(code, number, idea_id):
    """Merge the idea into another idea of the same group."""
    key, group, idea = _idea_action(code, number, idea_id)
    target_id = parse_id(request.form.get("target_id"))
    target = db.session.get(Idea, target_id) if target_id else None
    try:
        target = facilitation.merge_in_group(group, idea, target)
    except services.GroupError as error:
        return _refused(group, key, error, idea)
    return _done(group, key, _("Die Ideen sind zusammengeführt."), target)


@bp.post(f"{IDEA}/plenum")
def facilitator_promote(code, number, idea_id):
    """Promote the idea to the plenary (up to the workshop's limit per group)."""
    key, group, idea = _idea_action(code, number, idea_id, may_promote)
    try:
        services.promote(group, idea)
    except services.GroupError as error:
        error.field = error.field or "promote"
        return _refused(group, key, error, idea)
    return _done(group, key, _("Die Idee geht ins Plenum."), idea)


@bp.post(f"{IDEA}/plenum/zuruecknehmen")
def facilitator_unpromote(code, number, idea_id):
    key, group, idea = _idea_action(code, number, idea_id)
    services.unpromote(group, idea)
    return _done(group, key, _("Die Idee ist aus dem Plenum zurückgenommen."), idea)


@bp.post(f"{PAGE}/hilfe")
def facilitator_help(code, number):
    """Ask the moderator to come to the group ("Hilfe")."""
    key = _key()
    group = _facilitated_group(code, number, key)
    services.raise_help(group)
    return _done(group, key, _("Hilfe angefragt – die Moderation kommt."))


@bp.post(f"{PAGE}/hilfe/zuruecknehmen")
def facilitator_help_clear(code, number):
    key = _key()
    group = _facilitated_group(code, number, key)
    services.clear_help(group)
    return _done(group, key, _("Die Bitte um Hilfe ist zurückgenommen."))
