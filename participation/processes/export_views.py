"""The combined exports of a process as downloads (building: ``exports.py``)."""

from flask_babel import gettext as _
from flask import request

from ..core.errors import abort_friendly
from ..exports.services import CSV_DELIMITERS
from ..exports.views import download
from . import bp
from .access import viewed_process
from .exports import process_export

PREFIX = "/moderation/prozesse/<int:process_id>"


@bp.get(f"{PREFIX}/export.<any(csv,xlsx,json,pdf):fmt>")
@viewed_process
def export(process, fmt):
    """Every workshop of the process in one file; CSV with ``?delimiter=comma`` as the workshop's."""
    delimiter = CSV_DELIMITERS.get(request.args.get("delimiter", ";"))
    if delimiter is None:
        abort_friendly(400, _("Als Trennzeichen gehen Semikolon (;) oder Komma (,)."))
    return download(process_export(process, fmt, delimiter=delimiter))
