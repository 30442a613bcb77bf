"""The moderator's overview of all groups: live activity, help requests, the message to every group wall.

The page follows the workshop's moderation stream and fetches its JSON twin
(``uebersicht.json``) when something changed; its forms ("erledigt", the message) work
without JavaScript (redirect back with a message) and answer JSON to the page's script.
"""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..events.log import latest_seq
from ..core.web import asks_for_json
from ..workshops.access import managed_workshop
from . import bp, services
from .grid import grid_state, relative_time, relative_words
from .services import GroupError

PREFIX = "/moderation/workshops/<int:workshop_id>/gruppen"


def quick_messages():
    """The messages a moderator sends most, one tap each."""
    return (_("Noch 5 Minuten"), _("Bitte zum Ende kommen"), _("Pause"))


@bp.get(f"{PREFIX}/uebersicht")
@managed_workshop
def grid(workshop):
    return _render(workshop)


def _render(workshop, typed=None, error=None, http_status=200):
    """The page; ``typed`` and ``error``: a refused message, shown again as typed."""
    seq = latest_seq(workshop.id)  # before reading the numbers: an event in between is replayed
    state = grid_state(workshop)
    return render_template(
        "groups/grid.html", workshop=workshop, state=state, seq=seq, typed=typed, error=error,
        quick=quick_messages(), relative_time=relative_time, relative_words=relative_words(),
        max_length=services.MESSAGE_LENGTH,
    ), http_status


@bp.get(f"{PREFIX}/uebersicht.json")
@managed_workshop
def grid_json(workshop):
    response = jsonify(grid_state(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response


def _back(workshop, message, category="message"):
    if asks_for_json():
        return jsonify(grid_state(workshop) | {"said": message})
    flash(message, category)
    return redirect(url_for("groups.grid", workshop_id=workshop.id))


@bp.post(f"{PREFIX}/<int:group_id>/hilfe-erledigt")
@managed_workshop
def help_done(workshop, group_id):
    group = services.group_of(workshop, group_id)
    if group is None:
        abort(404)
    services.clear_help(group)
    return _back(workshop, _("Die Bitte um Hilfe von %(name)s ist erledigt.", name=group.name))


@bp.post(f"{PREFIX}/nachricht")
@managed_workshop
def group_message(workshop):
    if request.form.get("action") == "clear":
        services.clear_group_message(workshop)
        return _back(workshop, _("Die Nachricht ist von den Gruppenwänden genommen."))
    text = request.form.get("quick") or request.form.get("message", "")
    try:
        services.send_group_message(workshop, text)
    except GroupError as refused:
        if asks_for_json():
            return jsonify(error="refused", message=refused.message, field="message"), 422
        return _render(workshop, typed=text, error=refused.message, http_status=422)  # kept as typed
    return _back(workshop, _("Die Nachricht steht jetzt auf allen Gruppenwänden."))
