"""The moderator's actions on ideas (hide, show, spotlight, unmerge, fix text), deleting a
workshop, and the live wall. The console page itself and merging are in console_views."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import abort_friendly
from ..core.forms import search_words
from ..core.ids import parse_id
from ..events.log import latest_seq
from ..ideas.models import HIDDEN, PENDING, VISIBLE
from ..ideas.services import idea_of
from ..ideas.state import count_public_ideas, highest_idea_id
from ..workshops.access import managed_workshop
from ..workshops.rules import may_delete, may_view_wall
from ..workshops.services import find_workshop_by_code
from ..workshops.urls import join_url
from ..workshops.wall_keys import rotate_wall_token
from . import bp, services
from .forms import DeleteWorkshopForm, FixTextForm
from .wall import CALM, SILENT_COUNTS, highest_id_in, silent_counts, wall_content, wall_count, wall_phase
from .wall_scope import ALL, group_names, wall_scope

PREFIX = "/moderation/workshops/<int:workshop_id>"
CONSOLE_FILTERS = ("question", "status", "gruppe", "q", "page")  # kept in hidden fields of every action
CONSOLE_STATUSES = (VISIBLE, PENDING, HIDDEN, "merged")


def _idea(workshop, idea_id):
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort(404)
    return idea


def _back(workshop, idea=None):
    """Back to the console with the same filters (kept in hidden form fields), on the
    page that shows ``idea`` (a merge target may sit pages further down)."""
    args = {key: request.form.get(key) for key in CONSOLE_FILTERS if request.form.get(key)}
    anchor = None
    if idea is not None:
        anchor = f"idea-{idea.id}"
        status = args.get("status")
        page = services.console_page_of(
            workshop, idea, parse_id(args.get("question")), status if status in CONSOLE_STATUSES else None,
            search_words(args.get("q")), group=services.parse_group_filter(workshop, args.get("gruppe")),
        )
        if page is not None:  # else the idea left this list (say, hidden): stay on the page
            args.pop("page", None)
            if page > 1:
                args["page"] = page
    return redirect(url_for("moderation.console", workshop_id=workshop.id, _anchor=anchor, **args))


def _action(workshop, idea_id, perform, done_message):
    """Do ``perform(idea)`` to one idea of the workshop, say how it went, back to the console."""
    idea = _idea(workshop, idea_id)
    try:
        perform(idea)
    except services.ModerationError as error:
        flash(error.message, "error")
    else:
        flash(done_message)
    return _back(workshop, idea)


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/hide")
@managed_workshop
def hide(workshop, idea_id):
    return _action(workshop, idea_id, services.hide, _("Die Idee ist ausgeblendet."))


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/show")
@managed_workshop
def show(workshop, idea_id):
    return _action(workshop, idea_id, services.show, _("Die Idee ist sichtbar."))


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/spotlight")
@managed_workshop
def spotlight(workshop, idea_id):
    return _action(workshop, idea_id, lambda idea: services.spotlight(workshop, idea),
                   _("Die Idee wird groß auf der Wand gezeigt."))


@bp.post(f"{PREFIX}/spotlight/clear")
@managed_workshop
def clear_spotlight(workshop):
    services.spotlight(workshop, None)
    flash(_("Auf der Wand wird keine Idee mehr hervorgehoben."))
    return _back(workshop)


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/unmerge")
@managed_workshop
def unmerge(workshop, idea_id):
    return _action(workshop, idea_id, services.unmerge, _("Die Idee steht wieder für sich."))


@bp.route(f"{PREFIX}/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@managed_workshop
def fix_text(workshop, idea_id):
    idea = _idea(workshop, idea_id)
    form = FixTextForm(data={"text": idea.text})
    if form.validate_on_submit():
        try:
            services.fix_text(idea, form.text.data)
        except services.ModerationError as error:
            form.text.errors = [error.message]
        else:
            flash(_("Der Text ist korrigiert; das Original bleibt im Verlauf erhalten."))
            return redirect(url_for("moderation.console", workshop_id=workshop.id, _anchor=f"idea-{idea.id}"))
    status = 422 if form.errors else 200
    return render_template("moderation/fix_text.html", workshop=workshop, idea=idea, form=form), status


@bp.post(f"{PREFIX}/wall-link")
@managed_workshop
def new_wall_link(workshop):
    rotate_wall_token(workshop)
    flash(_("Es gibt einen neuen Wand-Link; der alte funktioniert nicht mehr."))
    return redirect(url_for("workshops.overview", workshop_id=workshop.id, _anchor="wall"))


@bp.route(f"{PREFIX}/delete", methods=["GET", "POST"])
@managed_workshop
def delete_workshop(workshop):
    if not may_delete(current_user, workshop):
        abort_friendly(403, _("Nur die Eigentümerin oder der Eigentümer dieses Workshops oder ein Admin kann ihn löschen."))
    form = DeleteWorkshopForm()
    if form.validate_on_submit():
        if form.confirm_title.data.strip() == workshop.title.strip():
            title = workshop.title
            services.delete_workshop(workshop)
            flash(_("Der Workshop „%(title)s“ und alle seine Ideen sind gelöscht.", title=title))
            return redirect(url_for("workshops.dashboard"))
        form.confirm_title.errors = [_("Der Titel stimmt nicht überein. Nichts wurde gelöscht.")]
    status = 422 if form.errors else 200
    return render_template("moderation/delete.html", workshop=workshop, form=form), status


# --- the wall ---------------------------------------------------------------------------


def _wall_workshop_or_refusal(code):
    """(workshop, None) for whoever may see the wall: its moderators, or anyone with the
    secret wall key; else (None, the answer for them)."""
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    key = request.args.get("key")
    if may_view_wall(current_user, workshop, key):
        return workshop, None
    if key:
        abort(403)
    if current_user.is_authenticated:
        abort(404)  # another moderator's workshop
    return None, redirect(url_for("auth.login", next=request.full_path))


def _scope_of(workshop):
    """The ideas the wall shows (``?zeige=alle|plenum|g<number>``); 404 for a group the
    workshop does not have."""
    scope = wall_scope(workshop, request.args.get("zeige"))
    if scope is None:
        abort(404)
    return scope


@bp.get("/w/<code>/wall")
def wall(code):
    workshop, refusal = _wall_workshop_or_refusal(code)
    if refusal is not None:
        return refusal
    scope = _scope_of(workshop)
    seq = latest_seq(workshop.id)  # before reading the ideas: an event in between is replayed, not lost
    key = request.args.get("key")
    run = wall_phase(workshop)
    # silent collecting counts per question, whatever the wall's grouping
    by_field = request.args.get("by") == "field" and run["mode"] != SILENT_COUNTS and scope.kind == ALL
    zeige = None if scope.kind == ALL else scope.param
    return render_template(
        "moderation/wall.html",
        workshop=workshop,
        by_field=by_field,
        seq=seq,
        key=key or "",
        join_url=join_url(workshop),
        spotlight=None if run["mode"] in (SILENT_COUNTS, CALM) else services.spotlighted_idea(workshop),
        silent_counts=silent_counts(workshop, scope) if run["mode"] == SILENT_COUNTS else None,
        run=run,
        scope=scope,
        group_names=group_names(workshop),
        promoted_format=_("★ %(group)s", group="{name}"),
        events_url=url_for("live.stream", code=workshop.code, view="wall", key=key or None),
        poll_url=url_for("live.poll", code=workshop.code, view="wall", key=key or None),
        count_url=url_for("moderation.wall_count", code=workshop.code, key=key or None, zeige=zeige),
        **wall_content(workshop, by_field, run["mode"], scope),
    ), {"Cache-Control": "no-store"}  # its address may carry the secret key


@bp.get("/w/<code>/wall/count", endpoint="wall_count")
def wall_count_json(code):
    """The wall's idea counts, for when an event leaves the wall's script unsure about them."""
    workshop, refusal = _wall_workshop_or_refusal(code)
    if refusal is not None:
        abort(403)
    scope = _scope_of(workshop)
    # per question too: silent collecting shows only these
    response = jsonify(count=wall_count(workshop, scope), questions=silent_counts(workshop, scope),
                       highest_id=highest_id_in(workshop, scope))
    response.headers["Cache-Control"] = "no-store"
    return response
