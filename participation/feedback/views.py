"""Rückmeldung pages (placeholder: helper "feedback" builds them)."""

from flask import abort

from ..processes.access import viewed_process
from ..workshops.access import managed_workshop
from . import bp


@bp.route("/moderation/workshops/<int:workshop_id>/massnahmen/<int:measure_id>/rueckmeldung", methods=["GET", "POST"])
@managed_workshop
def measure(workshop, measure_id):
    abort(404)


@bp.get("/moderation/prozesse/<int:process_id>/rueckmeldung")
@viewed_process
def process_measures(process):
    abort(404)


@bp.get("/p/<slug>")
def public_process(slug):
    abort(404)
