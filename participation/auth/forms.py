"""Forms of moderator accounts: logging in, changing one's own password."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..core.forms import BaseForm
from .services import MIN_PASSWORD_LENGTH


class LoginForm(BaseForm):
    username = StringField(
        _l("Benutzername"),
        validators=[DataRequired(_l("Bitte geben Sie Ihren Benutzernamen ein.")), Length(max=80)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Angemeldet bleiben"))


def new_password_fields():
    """The new password, typed twice (shared by the own-password and the admin forms)."""
    password = PasswordField(
        _l("Neues Passwort"),
        validators=[
            DataRequired(_l("Bitte geben Sie ein neues Passwort ein.")),
            Length(min=MIN_PASSWORD_LENGTH, max=200,
                   message=_l("Das Passwort muss mindestens %(min)d Zeichen lang sein.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[
            DataRequired(_l("Bitte geben Sie das neue Passwort ein zweites Mal ein.")),
            EqualTo("password", _l("Die beiden Eingaben stimmen nicht überein. Bitte tippen Sie das Passwort noch einmal zweimal.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, password_confirm


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Bisheriges Passwort"),
        validators=[DataRequired(_l("Bitte geben Sie Ihr bisheriges Passwort ein."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, password_confirm = new_password_fields()


class CoModeratorForm(BaseForm):
    """The account to invite as co-moderator of one workshop."""

    username = StringField(
        _l("Benutzername"),
        validators=[DataRequired(_l("Bitte geben Sie den Benutzernamen des Kontos ein.")), Length(max=80)],
        render_kw={"autocomplete": "off"},
    )
