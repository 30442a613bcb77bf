"""Placeholder for the combined exports of a process (helper "pexports" replaces this module)."""

from flask import abort

from . import bp
from .access import viewed_process


@bp.get("/moderation/prozesse/<int:process_id>/export.<any(csv,xlsx,json,pdf):fmt>")
@viewed_process
def export(process, fmt):
    abort(404)
