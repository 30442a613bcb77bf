"""The Handlungsfelder page: fields with their ideas, the unassigned, proposals, the map."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..charts.ideas_map import ideas_map_svg
from ..core.forms import without_nul
from ..core.ids import parse_id
from ..moderation.services import idea_of
from ..workshops.access import managed_workshop_or_404
from . import bp, services

PREFIX = "/moderation/workshops/<int:workshop_id>/fields"


def _back(workshop, anchor=None):
    return redirect(url_for("sorting.overview", workshop_id=workshop.id, _anchor=anchor))


@bp.get(PREFIX)
@login_required
def overview(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    sections, unassigned = services.field_overview(workshop)
    return render_template(
        "sorting/overview.html",
        workshop=workshop,
        sections=sections,
        unassigned=unassigned,
        proposals=services.proposals(workshop, unassigned),
    )


@bp.post(f"{PREFIX}/run")
@login_required
def run(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    changed = services.run_analysis(workshop)
    flash(_("Die Analyse ist neu berechnet; %(count)d Ideen haben das Handlungsfeld gewechselt. "
            "Ihre eigenen Zuordnungen bleiben, wie sie sind.", count=changed))
    return _back(workshop)


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/move")
@login_required
def move(workshop_id, idea_id):
    workshop = managed_workshop_or_404(workshop_id)
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort(404)
    raw = request.form.get("field_id", "")
    field = services.field_of(workshop, parse_id(raw)) if raw else None
    if raw and field is None:
        flash(_("Bitte wählen Sie ein Handlungsfeld dieses Workshops."), "error")
        return _back(workshop, f"idea-{idea.id}")
    services.move_idea(idea, field)
    services.run_analysis(workshop)  # learn from the decision right away
    flash(_("„%(idea)s“ ist jetzt in „%(field)s“.", idea=idea.text[:60],
            field=field.name if field else _("Noch nicht zugeordnet")))
    return _back(workshop, f"idea-{idea.id}")


@bp.post(f"{PREFIX}/ideas/<int:idea_id>/release")
@login_required
def release(workshop_id, idea_id):
    workshop = managed_workshop_or_404(workshop_id)
    idea = idea_of(workshop, idea_id)
    if idea is None:
        abort(404)
    services.release_idea(idea)
    services.run_analysis(workshop)
    flash(_("Die Analyse ordnet diese Idee wieder selbst zu."))
    return _back(workshop, f"idea-{idea.id}")


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
@login_required
def adopt(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    idea_ids, terms = _group_from_form(workshop)
    try:
        field = services.adopt_group(workshop, idea_ids, without_nul(request.form.get("name", "")), terms)
    except services.SortingError as error:
        flash(error.message, "error")
        return _back(workshop, "proposals")
    flash(_("Das Handlungsfeld „%(name)s“ ist angelegt.", name=field.name))
    return _back(workshop, f"field-{field.id}")


@bp.post(f"{PREFIX}/proposals/merge")
@login_required
def merge_into(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    idea_ids, terms = _group_from_form(workshop)
    field = services.field_of(workshop, parse_id(request.form.get("field_id")))
    if field is None:
        flash(_("Bitte wählen Sie das Handlungsfeld, zu dem die Gruppe hinzukommen soll."), "error")
        return _back(workshop, "proposals")
    services.merge_group_into(workshop, field, idea_ids, terms)
    flash(_("Die Gruppe ist jetzt Teil von „%(name)s“.", name=field.name))
    return _back(workshop, f"field-{field.id}")


@bp.post(f"{PREFIX}/discovery")
@login_required
def discovery(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
    raw = request.form.get("k", "").strip()
    if raw and (not raw.isdecimal() or not 2 <= int(raw) <= 12):
        flash(_("Bitte eine Zahl zwischen 2 und 12 eingeben oder das Feld leer lassen (automatisch)."), "error")
        return _back(workshop, "proposals")
    services.set_discovery_k(workshop, int(raw) if raw else None)
    return _back(workshop, "proposals")


@bp.get(f"{PREFIX}/map.svg")
@login_required
def map_svg(workshop_id):
    workshop = managed_workshop_or_404(workshop_id)
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
    from ..workshops.services import find_workshop_by_code

    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    rules = [
        f".field-colour-{field.id} {{ background-color: {field.colour}; color: #ffffff; }}\n"
        f".field-border-{field.id} {{ border-left: 8px solid {field.colour}; }}\n"
        for field in workshop.fields
        if services.is_colour(field.colour)
    ]
    return Response("".join(rules), mimetype="text/css", headers={"Cache-Control": "no-cache"})
