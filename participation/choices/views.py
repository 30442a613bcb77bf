"""Project choice pages (placeholder: helper "choices" builds them)."""

from flask import abort

from ..processes.access import viewed_process
from . import bp


@bp.get("/moderation/prozesse/<int:process_id>/auswahl")
@viewed_process
def manage(process):
    abort(404)


@bp.get("/auswahl/<choice_code>")
def vote(choice_code):
    abort(404)
