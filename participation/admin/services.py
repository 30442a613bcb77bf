"""Deleting a moderator account, which hands the account's workshops to the admin who
deletes it (accounts themselves live in ``auth.services``)."""

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from ..auth.models import Moderator
from ..auth.services import AccountError, admins_locked
from ..database import write_transaction
from ..workshops.models import Workshop, workshop_moderator


def delete_moderator(moderator, acting):
    """Delete an account; its workshops go to ``acting`` (the admin who deletes it).

    Returns how many workshops changed hands. Nobody deletes their own account here, and
    the last admin is never deleted.
    """
    if moderator.id == acting.id:
        raise AccountError(_("Sie können Ihr eigenes Konto nicht löschen."))
    with write_transaction() as session:
        if moderator.is_admin and admins_locked(session) <= 1:
            raise AccountError(_("Die letzte Person mit Administratorrechten kann nicht gelöscht werden."))
        owned = session.scalars(select(Workshop.id).where(Workshop.owner_id == moderator.id)).all()
        if owned:
            # The new owner is no longer also a co-moderator of those workshops.
            session.execute(
                delete(workshop_moderator).where(
                    workshop_moderator.c.moderator_id == acting.id, workshop_moderator.c.workshop_id.in_(owned)
                )
            )
            session.execute(update(Workshop).where(Workshop.id.in_(owned)).values(owner_id=acting.id))
        session.execute(delete(workshop_moderator).where(workshop_moderator.c.moderator_id == moderator.id))
        session.expire_all()
        session.delete(session.get(Moderator, moderator.id))
    return len(owned)
