"""The Handlungsfelder page: fields with their ideas, the unassigned, proposals, the map."""

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..charts.ideas_map import ideas_map_svg
from ..charts.palette import text_colour_on
from ..core.forms import without_nul
from ..core.web import asks_for_json
from ..core.ids import parse_id
from ..ideas.services import idea_of
from ..workshops.access import managed_workshop
from ..workshops.services import find_workshop_by_code
from . import board, bp, services

PREFIX = "/moderation/workshops/<int:workshop_id>/fields"


def _back(workshop, anchor=None, **view):
    return redirect(url_for("fields.overview", workshop_id=workshop.id, _anchor=anchor, **view))


@bp.get(PREFIX)
@managed_workshop
def overview(workshop):
    view = board.View.from_args(request.args)
    moved = parse_id(request.args.get("moved", ""))
    moved_messages = _take_flashes("moved")
    all_rows = board.rows(workshop)
    by_field, by_level = board.counts(workshop, all_rows)
    by_group = {}
    for row in all_rows:
        by_group[row.idea.group_id] = by_group.get(row.idea.group_id, 0) + 1
    unassigned = [row.idea for row in all_rows if row.idea.field_id is None]
    chosen = board.visible(all_rows, view, keep=moved)
    shown, more = board.first_rows(chosen, _rows_asked(), current_app.config["FIELDS_ROWS_SHOWN"], keep=moved)
    return render_template(
        "fields/overview.html",
        workshop=workshop,
        view=view,
        rows=shown,
        matching=len(chosen),
        more=more,
        more_url=url_for("fields.overview", workshop_id=workshop.id, zeige=more, _anchor=f"idea-{shown[-1].idea.id}",
                         **view.params()) if more else None,
        total=len(all_rows),
        by_field=by_field,
        by_level=by_level,
        by_group=by_group,
        keys=board.field_keys(workshop),
        moved=moved,
        moved_messages=moved_messages,
        proposals=services.proposals(workshop, unassigned),
    )


def _rows_asked():
    """How many rows the page draws (``?zeige=``, from the "more" link): a page of
    ``FIELDS_ROWS_SHOWN`` at first, a page more per click, never more than the most."""
    page = current_app.config["FIELDS_ROWS_SHOWN"]
    asked = parse_id(request.args.get("zeige", "")) or page
    return max(page, min(asked, board.MOST_ROWS))


def _take_flashes(category):
    """Flashed messages of ``category``, taken out of the page's general messages: the
    confirmation of a move is shown in the moved row, where the person is."""
    flashes = session.get("_flashes") or []
    taken = [message for kind, message in flashes if kind == category]
    if taken:
        session["_flashes"] = [(kind, message) for kind, message in flashes if kind != category]
    return taken




def _fields_now(workshop):
    return {idea.id: idea.field_id for idea in services.analysable_ideas(workshop)}


def _after_move(workshop, idea, message, before):
    """JavaScript gets the new rows (this one and any the analysis moved with it) to swap
    in place; without it, the page reloads at this idea, with ``message`` shown there."""
    view = board.View.from_args(request.form)
    if not asks_for_json():
        flash(message, "moved")
        return _back(workshop, f"idea-{idea.id}", moved=idea.id, **view.params())
    keys = board.field_keys(workshop)
    rows = {row.idea.id: row for row in board.rows(workshop)}
    # ideas the analysis moved after learning from this decision, drawn anew as well
    changed = [row for idea_id, row in rows.items() if idea_id != idea.id and before.get(idea_id) != row.idea.field_id]
    row = rows.get(idea.id)
    return jsonify(
        message=message,
        rows={str(item.idea.id): render_template("fields/_idea.html", workshop=workshop, row=item, view=view, keys=keys)
              for item in [row, *changed] if item is not None},
        fields={str(key): value for key, value in board.counts(workshop, rows.values())[0].items()},
    )


@bp.post(f"{PREFIX}/run")
@managed_workshop
def run(workshop):
    changed = services.run_analysis(workshop)
    flash(_("Die Analyse ist neu berechnet; %(count)d Ideen haben das Handlungsfeld gewechselt. "
            "Ihre eigenen Zuordnungen bleiben, wie sie sind.", count=changed))
    return _back(workshop)


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/move")
@managed_workshop
def move(workshop, idea_id):
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort(404)
    raw = request.form.get("field_id", "")
    field = services.field_of(workshop, parse_id(raw)) if raw else None
    if raw and field is None:
        message = _("Bitte wählen Sie ein Handlungsfeld dieses Workshops.")
        if asks_for_json():
            return jsonify(message=message, rows={}), 400
        flash(message, "error")
        return _back(workshop, f"idea-{idea.id}")
    before = _fields_now(workshop)
    services.move_idea(idea, field)
    services.run_analysis(workshop)  # learn from the decision right away
    return _after_move(workshop, idea, before=before, message=_("„%(idea)s“ ist jetzt in „%(field)s“.", idea=idea.text[:60],
                                         field=field.name if field else _("Noch nicht zugeordnet")))


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/release")
@managed_workshop
def release(workshop, idea_id):
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort(404)
    before = _fields_now(workshop)
    services.release_idea(idea)
    services.run_analysis(workshop)
    return _after_move(workshop, idea, before=before, message=_("Die Analyse ordnet diese Idee wieder selbst zu."))


MAX_TERM_LENGTH = 200  # as the JSON export's schema allows for a term


def _group_from_form(workshop):
    # isdecimal, not isdigit: "²" is a digit that int() refuses
    idea_ids = [parse_id(value) for value in request.form.getlist("idea_id") if parse_id(value)]
    # Discovered terms are single words; a longer one only comes from a crafted form, and a
    # keyword of 100 000 characters made every later analysis of the workshop take a minute.
    terms = [without_nul(term) for term in request.form.getlist("term") if len(term) <= MAX_TERM_LENGTH]
    terms = [term for term in terms if term.strip()][:20]
    if not idea_ids:
        abort(400)
    return idea_ids, terms


@bp.post(f"{PREFIX}/proposals/adopt")
@managed_workshop
def adopt(workshop):
    idea_ids, terms = _group_from_form(workshop)
    try:
        adoption = services.adopt_group(workshop, idea_ids, without_nul(request.form.get("name", "")), terms)
    except services.SortingError as error:
        flash(error.message, "error")
        return _back(workshop, "proposals")
    flash(_("Das Handlungsfeld „%(name)s“ ist angelegt, mit %(count)d der gezeigten Ideen.",
            name=adoption.field.name, count=len(adoption.taken)))
    _report_adoption(adoption)
    return _back(workshop, "sort-list", field=adoption.field.id)


@bp.post(f"{PREFIX}/proposals/merge")
@managed_workshop
def merge_into(workshop):
    idea_ids, terms = _group_from_form(workshop)
    field = services.field_of(workshop, parse_id(request.form.get("field_id")))
    if field is None:
        flash(_("Bitte wählen Sie das Handlungsfeld, zu dem die Gruppe hinzukommen soll."), "error")
        return _back(workshop, "proposals")
    adoption = services.merge_group_into(workshop, field, idea_ids, terms)
    flash(_("%(count)d Ideen der Gruppe sind jetzt in „%(name)s“.", count=len(adoption.taken), name=field.name))
    _report_adoption(adoption)
    return _back(workshop, "sort-list", field=field.id)


def _report_adoption(adoption):
    """Say plainly which shown ideas were not taken, and what the analysis added."""
    for text, reason in adoption.left_out:
        if text is None:
            flash(_("Eine gezeigte Idee wurde nicht übernommen: %(reason)s.", reason=reason), "error")
        else:
            flash(_("„%(idea)s“ wurde nicht übernommen: %(reason)s.", idea=text[:60], reason=reason), "error")
    if adoption.joined:
        flash(_("Die Analyse hat außerdem %(count)d weitere Ideen diesem Feld zugeordnet; "
                "bitte prüfen Sie sie.", count=adoption.joined))


@bp.post(f"{PREFIX}/discovery")
@managed_workshop
def discovery(workshop):
    raw = request.form.get("k", "").strip()
    if raw and (not raw.isdecimal() or not 2 <= int(raw) <= 12):
        flash(_("Bitte eine Zahl zwischen 2 und 12 eingeben oder das Feld leer lassen (automatisch)."), "error")
        return _back(workshop, "proposals")
    services.set_discovery_k(workshop, int(raw) if raw else None)
    return _back(workshop, "proposals")


@bp.get(f"{PREFIX}/map.svg")
@managed_workshop
def map_svg(workshop):
    svg = ideas_map_svg(
        services.map_points(workshop),
        title=_("Ideen nach Ähnlichkeit, gefärbt nach Handlungsfeld"),
        unassigned_label=_("Noch nicht zugeordnet"),
        legend_title=_("Handlungsfeld"),
        fields=[(field.name, field.colour) for field in workshop.fields],
    )
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-cache"})


@bp.get("/w/<code>/fields.css")
def field_colours(code):
    """Colour classes for a workshop's Handlungsfelder (a stylesheet, as CSP forbids inline styles)."""
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    rules = [
        f".field-colour-{field.id} {{ background-color: {field.colour}; color: {text_colour_on(field.colour)}; }}\n"
        f".field-border-{field.id} {{ border-left: 8px solid {field.colour}; }}\n"
        for field in workshop.fields
        if services.is_colour(field.colour)
    ]
    return Response("".join(rules), mimetype="text/css", headers={"Cache-Control": "no-cache"})
