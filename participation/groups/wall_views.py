"""A group's wall (a tablet on the table, a shared screen in a breakout room): only the group's ideas, live; the moderator's message.

The page is the plenary wall's (``moderation.wall``) limited to the group; its live stream
is ``live.group_stream``, which never carries another group's ideas. Anyone the wall's
rule does not let in gets 404: a wrong key does not even learn that the group exists.
"""

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..events.log import latest_seq
from ..moderation.wall import SILENT_COUNTS, highest_id_in, silent_counts, wall_content, wall_count, wall_phase
from ..moderation.wall_scope import group_scope
from ..workshops.services import find_workshop_by_code
from . import bp
from .join_views import group_join_url
from .rules import may_view_group_wall
from .services import group_by_number, message_state


def _viewed_group(code, number):
    """The workshop and group for whoever may see the group's wall, else 404."""
    workshop = find_workshop_by_code(code)
    group = group_by_number(workshop, number) if workshop is not None else None
    if group is None or not may_view_group_wall(current_user, group, request.args.get("key")):
        abort(404)
    return workshop, group


@bp.get("/w/<code>/gruppe/<int:number>")
def group_wall(code, number):
    workshop, group = _viewed_group(code, number)
    scope = group_scope(group)
    seq = latest_seq(workshop.id)  # before reading the ideas: an event in between is replayed, not lost
    key = request.args.get("key") or None
    run = wall_phase(workshop)
    return render_template(
        "groups/wall.html",
        workshop=workshop,
        group=group,
        message=message_state(workshop),
        by_field=False,
        seq=seq,
        key=key or "",
        join_url=group_join_url(group),  # phones that scan the group's wall join the group
        qr_src=url_for("groups.group_qr_svg", code=workshop.code, number=group.number),
        spotlight=None,
        silent_counts=silent_counts(workshop, scope) if run["mode"] == SILENT_COUNTS else None,
        run=run,
        scope=scope,
        group_names={group.id: group.name},
        promoted_format=_("★ im Plenum"),
        events_url=url_for("live.group_stream", code=workshop.code, number=group.number, key=key),
        poll_url=url_for("live.group_poll", code=workshop.code, number=group.number, key=key),
        count_url=url_for("groups.group_wall_count", code=workshop.code, number=group.number, key=key),
        **wall_content(workshop, False, run["mode"], scope),
    ), {"Cache-Control": "no-store"}  # its address carries a secret key


@bp.get("/w/<code>/gruppe/<int:number>/anzahl")
def group_wall_count(code, number):
    """The group wall's counts, for when an event leaves its script unsure about them."""
    workshop, group = _viewed_group(code, number)
    scope = group_scope(group)
    response = jsonify(count=wall_count(workshop, scope), questions=silent_counts(workshop, scope),
                       highest_id=highest_id_in(workshop, scope))
    response.headers["Cache-Control"] = "no-store"
    return response
