"""The moderator's process pages (placeholder: helper "process" builds them)."""

from flask import abort

from . import bp
from .access import viewed_process

PREFIX = "/moderation/prozesse"


@bp.get(PREFIX)
def index():
    abort(404)


@bp.get(f"{PREFIX}/<int:process_id>")
@viewed_process
def show(process):
    abort(404)
