"""Creating moderators and checking their passwords."""

from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db, login_manager
from .models import Moderator

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    pass


@login_manager.user_loader
def load_moderator(moderator_id):
    return db.session.get(Moderator, int(moderator_id))


def find_moderator(username):
    return db.session.scalar(select(Moderator).where(Moderator.username == username.strip()))


def create_moderator(username, password):
    username = (username or "").strip()
    if not username:
        raise AccountError("Der Benutzername darf nicht leer sein.")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")
    with write_transaction() as session:
        if session.scalar(select(Moderator.id).where(Moderator.username == username)):
            raise AccountError(f"Den Benutzernamen „{username}“ gibt es schon.")
        moderator = Moderator(username=username)
        moderator.set_password(password)
        session.add(moderator)
    return moderator


def set_password(moderator, password):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.")
    with write_transaction():
        moderator.set_password(password)


def authenticate(username, password):
    """The moderator with these credentials, or None. Unknown names cost a hash check too."""
    moderator = find_moderator(username or "")
    if moderator is None:
        Moderator(password_hash="").set_password(password or "")
        return None
    return moderator if moderator.check_password(password or "") else None
