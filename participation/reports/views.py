"""Downloads of the documentation (placeholder: helper "reports" builds them)."""

from flask import abort

from ..processes.access import viewed_process
from ..workshops.access import managed_workshop
from . import bp


@bp.get("/moderation/workshops/<int:workshop_id>/dokumentation.<any(docx, pdf):kind>")
@managed_workshop
def workshop_report(workshop, kind):
    abort(404)


@bp.get("/moderation/prozesse/<int:process_id>/dokumentation.<any(docx, pdf):kind>")
@viewed_process
def process_report(process, kind):
    abort(404)
