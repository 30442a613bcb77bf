"""The moderator's exports page, the downloads, and the charts (moderator and published results)."""

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..charts.specs import chart_names, overview_charts
from ..core.errors import abort_friendly
from ..workshops.access import managed_workshop
from ..workshops.services import find_workshop_by_code
from ..workshops.urls import public_url
from . import bp, services
from .snapshot import workshop_snapshot
from .texts import export_texts

PREFIX = "/moderation/workshops/<int:workshop_id>"


def download(export, inline=False):
    disposition = "inline" if inline else "attachment"
    return Response(export.content, mimetype=export.mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{export.filename}"',
        "Cache-Control": "private, no-store",
    })


def chart_tables(snapshot, url_for_chart, url_for_phone_chart=None):
    """The overview charts (with "Ideen je Schritt" for a run sheet, "Ideen nach Quelle" for
    ideas from several places): image address (and one drawn for phones), title and their
    numbers as table rows, the text alternative (a stacked chart: a column per part and the
    total)."""
    tables = []
    for name, chart in zip(chart_names(snapshot), overview_charts(snapshot, export_texts())):
        timeline = hasattr(chart, "bins")
        if timeline:
            rows = [(label, (value,)) for label, value in zip(chart.bins, chart.counts)]
        elif chart.stacked:
            rows = [(label, (*parts, value)) for label, parts, value in zip(chart.labels, chart.parts, chart.values)]
        else:
            rows = [(label, (value,)) for label, value in zip(chart.labels, chart.values)]
        tables.append({
            "name": name,
            "title": chart.title,
            "url": url_for_chart(name),
            "phone_url": url_for_phone_chart(name) if url_for_phone_chart else None,
            "label_heading": _("Uhrzeit") if timeline else _("Bezeichnung"),
            "value_headings": (*chart.part_labels, chart.value_label) if not timeline else (chart.value_label,),
            "rows": rows,
            "empty_text": chart.empty_text,  # "Noch keine Ideen", or why the dots are not shown
        })
    return tables


@bp.get(f"{PREFIX}/exports")
@managed_workshop
def overview(workshop):
    snapshot = workshop_snapshot(workshop, with_terms=False)
    return render_template(
        "exports/overview.html",
        workshop=workshop,
        snapshot=snapshot,
        charts=chart_tables(snapshot, lambda name: url_for("exports.chart", workshop_id=workshop.id, name=name, fmt="svg")),
        results_url=public_url(url_for("exports.results", code=workshop.code)),
    )


@bp.get(f"{PREFIX}/export.<fmt>")
@managed_workshop
def export(workshop, fmt):
    if fmt not in services.EXPORT_FORMATS:
        abort(404)
    delimiter = services.CSV_DELIMITERS.get(request.args.get("delimiter", ";"))
    if delimiter is None:
        abort_friendly(400, _("Als Trennzeichen gehen Semikolon (;) oder Komma (,)."))
    return download(services.export_file(workshop, fmt, delimiter=delimiter))


@bp.get(f"{PREFIX}/charts/<name>.<fmt>")
@managed_workshop
def chart(workshop, name, fmt):
    try:
        return download(services.chart_file(workshop, name, fmt), inline=True)
    except KeyError:
        abort(404)


@bp.post(f"{PREFIX}/results")
@managed_workshop
def publish_results(workshop):
    services.set_results_published(workshop, request.form.get("publish") == "1")
    return redirect(url_for("exports.overview", workshop_id=workshop.id, _anchor="results"))


def _published(code):
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    if not workshop.results_published:
        abort_friendly(404, _("Die Ergebnisse dieses Workshops sind (noch) nicht veröffentlicht."))
    return workshop


@bp.get("/w/<code>/results")
def results(code):
    workshop = _published(code)
    snapshot = workshop_snapshot(workshop)
    charts = chart_tables(
        snapshot,
        lambda name: url_for("exports.public_chart", code=workshop.code, name=name),
        lambda name: url_for("exports.public_chart", code=workshop.code, name=name, size="phone"),
    )
    return render_template("exports/results.html", workshop=workshop, snapshot=snapshot, charts=charts)


@bp.get("/w/<code>/charts/<name>.svg")
def public_chart(code, name):
    """A chart of the published results; ``?size=phone`` draws it for a phone's screen."""
    workshop = _published(code)
    try:
        return download(services.chart_file(workshop, name, "svg", request.args.get("size", "desktop")), inline=True)
    except KeyError:
        abort(404)
