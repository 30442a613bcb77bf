"""Loading the workshop a moderator's address names, once per request, with its permission check."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from .models import Workshop
from .rules import may_moderate


def managed_workshop_or_404(workshop_id):
    """The workshop if the logged-in moderator may manage it; 404 otherwise (no hint it exists)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not may_moderate(current_user, workshop):
        abort(404)
    return workshop


def managed_workshop(view):
    """For views of ``/moderation/workshops/<int:workshop_id>/...``: the view gets the workshop
    (as its first argument, instead of ``workshop_id``) when the logged-in moderator may
    moderate it. Anonymous visitors go to the login page; a workshop that does not exist or
    is another moderator's answers 404."""

    @wraps(view)
    @login_required
    def with_workshop(workshop_id, **kwargs):
        return view(managed_workshop_or_404(workshop_id), **kwargs)

    return with_workshop
