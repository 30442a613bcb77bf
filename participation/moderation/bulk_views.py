"""Hiding or showing many ideas at once: all of a source's (a participant, or the new
participants of a burst; ``sources``), or those ticked in the console's list. Plain
forms: both work without JavaScript, and both are undone by the same form's other button."""

from flask import abort, current_app, flash, request
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import limits
from ..core.ids import parse_id
from ..ideas.models import HIDDEN, VISIBLE
from ..workshops.access import managed_workshop
from . import bp, sources
from .views import PREFIX, _back

ACTIONS = {"hide": HIDDEN, "show": VISIBLE}


def _status():
    status = ACTIONS.get(request.form.get("action"))
    if status is None:
        abort(400)
    return status


def _done(status, count):
    if not count:
        flash(_("Keine Idee war zu ändern."))
    elif status == HIDDEN:
        flash(ngettext("%(num)d Idee ist ausgeblendet.", "%(num)d Ideen sind ausgeblendet.", count))
    else:
        flash(ngettext("%(num)d Idee ist wieder sichtbar.", "%(num)d Ideen sind wieder sichtbar.", count))


@bp.post(f"{PREFIX}/ideas/bulk")
@managed_workshop
def bulk_ideas(workshop):
    """The ideas ticked in the list (``idea_id``, any number); ids of other workshops' ideas change nothing."""
    status = _status()
    ids = [parse_id(raw) for raw in request.form.getlist("idea_id")]
    ideas = sources.ideas_by_id(workshop, [idea_id for idea_id in ids if idea_id])
    if not ideas:
        flash(_("Bitte wählen Sie zuerst Ideen aus (Kästchen vor den Ideen)."), "error")
        return _back(workshop)
    _done(status, sources.set_status_of(workshop, ideas, status, "selection"))
    return _back(workshop)


@bp.post(f"{PREFIX}/sources/ideas")
@managed_workshop
def source_ideas(workshop):
    """All ideas of one source of the console's notice (``source``: "p<id>" or "new", with
    the notice's ``since``)."""
    status = _status()
    key = request.form.get("source") or ""
    default = int(limits.clock()) - current_app.config["FLOOD_NOTICE_WINDOW"]
    ideas = sources.ideas_of_source(workshop, key, sources.window_start(request.form.get("since"), default))
    if ideas is None:
        abort(404)
    _done(status, sources.set_status_of(workshop, ideas, status, "new" if key == sources.NEW else "participant"))
    return _back(workshop)
