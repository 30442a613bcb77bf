"""Who may open a workshop's moderator pages: used by every view that manages one."""

from flask import abort
from flask_login import current_user

from ..extensions import db
from .models import Workshop
from .services import can_manage


def managed_workshop_or_404(workshop_id):
    """The workshop if the logged-in moderator may manage it; 404 otherwise (no hint it exists)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not can_manage(current_user, workshop):
        abort(404)
    return workshop
