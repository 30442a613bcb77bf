"""Loading the process a moderator's address names, with its permission check."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from .models import Process
from .rules import may_manage_process, may_view_process


def _process_or_404(process_id, rule):
    process = db.session.get(Process, process_id)
    if process is None or not rule(current_user, process):
        abort(404)  # no hint that it exists
    return process


def viewed_process(view):
    """For ``/moderation/prozesse/<int:process_id>/...`` pages that show: the view gets the
    process (instead of ``process_id``) when ``may_view_process``; 404 otherwise."""

    @wraps(view)
    @login_required
    def with_process(process_id, **kwargs):
        return view(_process_or_404(process_id, may_view_process), **kwargs)

    return with_process


def managed_process(view):
    """As ``viewed_process``, for changes: ``may_manage_process``."""

    @wraps(view)
    @login_required
    def with_process(process_id, **kwargs):
        return view(_process_or_404(process_id, may_manage_process), **kwargs)

    return with_process
