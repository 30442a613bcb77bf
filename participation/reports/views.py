"""Downloads of the documentation (Dokumentation) of a workshop or a process."""

from ..exports.views import download
from ..processes.access import viewed_process
from ..workshops.access import managed_workshop
from . import bp, services


@bp.get("/moderation/workshops/<int:workshop_id>/dokumentation.<any(docx, pdf):kind>")
@managed_workshop
def workshop_report(workshop, kind):
    return download(services.workshop_report_file(workshop, kind))


@bp.get("/moderation/prozesse/<int:process_id>/dokumentation.<any(docx, pdf):kind>")
@viewed_process
def process_report(process, kind):
    return download(services.process_report_file(process, kind))
