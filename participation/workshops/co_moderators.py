"""Co-moderators: accounts the owner invites to run one workshop with them."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import Moderator
from ..database import write_transaction
from ..extensions import db
from .rules import is_co_moderator


class CoModeratorError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def invite_co_moderator(workshop, username):
    """Let the account ``username`` manage this one workshop too; returns that account."""
    username = (username or "").strip()
    invited = db.session.scalar(select(Moderator).where(Moderator.username == username)) if username else None
    if invited is None:
        raise CoModeratorError(_("Ein Konto „%(name)s“ gibt es nicht. Bitte prüfen Sie die Schreibweise "
                                 "oder bitten Sie eine Administratorin, es anzulegen.", name=username))
    if invited.id == workshop.owner_id:
        raise CoModeratorError(_("„%(name)s“ leitet diesen Workshop schon.", name=invited.username))
    if is_co_moderator(invited, workshop):
        raise CoModeratorError(_("„%(name)s“ moderiert diesen Workshop schon mit.", name=invited.username))
    with write_transaction():
        workshop.co_moderators.append(invited)
    return invited


def remove_co_moderator(workshop, moderator_id):
    """End a co-moderator's access to this workshop; returns the account, or None if not one."""
    removed = next((other for other in workshop.co_moderators if other.id == moderator_id), None)
    if removed is not None:
        with write_transaction():
            workshop.co_moderators.remove(removed)
    return removed
