"""Moderator accounts: creating them, passwords, roles, and logging in (deleting one hands
its workshops over: ``admin.services``)."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db, login_manager
from .models import ADMIN, MODERATOR, ROLES, Moderator

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A refused change; ``field`` names the form field the message belongs to."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@login_manager.user_loader
def load_moderator(session_id):
    """The account behind a session id ``"<id>:<session token>"``; None once its sessions ended."""
    account_id, _colon, token = str(session_id).partition(":")
    if not account_id.isdigit() or len(account_id) > 12 or not token:
        return None
    moderator = db.session.get(Moderator, int(account_id))
    if moderator is None or not moderator.session_matches(token):
        return None
    return moderator


def end_all_sessions(moderator):
    """Logging out ends every session of the account: on this browser and on every other one."""
    with write_transaction():
        moderator.end_sessions()


def find_moderator(username):
    return db.session.scalar(select(Moderator).where(Moderator.username == (username or "").strip()))


def all_moderators():
    return db.session.scalars(select(Moderator).order_by(Moderator.username)).all()


def count_admins(session=None):
    return (session or db.session).scalar(select(func.count(Moderator.id)).where(Moderator.role == ADMIN))


def check_password_rules(password):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("Das Passwort muss mindestens %(length)d Zeichen lang sein.", length=MIN_PASSWORD_LENGTH),
            field="password",
        )


def create_moderator(username, password, role=MODERATOR):
    username = (username or "").strip()
    if not username:
        raise AccountError(_("Der Benutzername darf nicht leer sein."), field="username")
    if len(username) > 80:
        raise AccountError(_("Der Benutzername darf höchstens 80 Zeichen lang sein."), field="username")
    if role not in ROLES:
        raise AccountError(_("Diese Rolle gibt es nicht."), field="role")
    check_password_rules(password)
    with write_transaction() as session:
        if session.scalar(select(Moderator.id).where(Moderator.username == username)):
            raise AccountError(_("Den Benutzernamen „%(name)s“ gibt es schon.", name=username), field="username")
        moderator = Moderator(username=username, role=role)
        moderator.set_password(password)
        session.add(moderator)
    return moderator


def set_password(moderator, password):
    """A new password (by the person, an admin or the CLI); every old session of the account ends."""
    check_password_rules(password)
    with write_transaction():
        moderator.set_password(password)


def change_own_password(moderator, current_password, new_password):
    if not moderator.check_password(current_password or ""):
        raise AccountError(_("Das bisherige Passwort stimmt nicht."), field="current_password")
    if current_password == new_password:
        raise AccountError(_("Das neue Passwort muss sich vom bisherigen unterscheiden."), field="password")
    set_password(moderator, new_password)


def set_role(moderator, role):
    """Make an account admin or moderator; the last admin stays admin."""
    if role not in ROLES:
        raise AccountError(_("Diese Rolle gibt es nicht."), field="role")
    with write_transaction() as session:
        if moderator.is_admin and role != ADMIN and admins_locked(session) <= 1:
            raise AccountError(
                _("„%(name)s“ ist die letzte Person mit Administratorrechten und bleibt deshalb Administrator.",
                  name=moderator.username),
                field="role",
            )
        moderator.role = role
    return moderator


def admins_locked(session):
    """How many admins there are, with their rows locked (PostgreSQL) until the change commits."""
    return len(session.scalars(select(Moderator.id).where(Moderator.role == ADMIN).with_for_update()).all())


def authenticate(username, password):
    """The moderator with these credentials, or None. Unknown names cost a hash check too."""
    moderator = find_moderator(username or "")
    if moderator is None:
        Moderator(password_hash="").set_password(password or "")
        return None
    return moderator if moderator.check_password(password or "") else None
