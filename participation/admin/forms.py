from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..auth.forms import new_password_fields
from ..auth.models import ADMIN, MODERATOR
from ..core.forms import BaseForm

ROLE_CHOICES = [
    SelectChoice(MODERATOR, _l("Moderation: eigene Workshops und solche, zu denen sie eingeladen ist")),
    SelectChoice(ADMIN, _l("Administration: alle Workshops und alle Konten")),
]


def role_field():
    return RadioField(
        _l("Rolle"), choices=ROLE_CHOICES, default=MODERATOR,
        validators=[InputRequired(_l("Bitte wählen Sie eine Rolle."))],
    )


class NewAccountForm(BaseForm):
    username = StringField(
        _l("Benutzername"),
        validators=[DataRequired(_l("Bitte geben Sie einen Benutzernamen ein.")), Length(max=80)],
        render_kw={"autocomplete": "off"},
    )
    password, password_confirm = new_password_fields()
    role = role_field()


class ResetPasswordForm(BaseForm):
    password, password_confirm = new_password_fields()


class RoleForm(BaseForm):
    role = SelectField(
        _l("Rolle"),
        choices=[SelectChoice(MODERATOR, _l("Moderation")), SelectChoice(ADMIN, _l("Administration"))],
        validators=[InputRequired(_l("Bitte wählen Sie eine Rolle."))],
    )


class DeleteAccountForm(BaseForm):
    pass


class PublicAddressForm(BaseForm):
    # Checked by core.public_address.normalise in the view, which words its own errors.
    address = StringField(
        _l("Öffentliche Adresse"), validators=[Length(max=400)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"},
    )
