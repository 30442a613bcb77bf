from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..core.forms import BaseForm
from .participants import NICKNAME_MAX_LENGTH


class JoinForm(BaseForm):
    nickname = StringField(
        _l("Ihr Name oder Spitzname (freiwillig)"),
        validators=[
            Optional(),
            Length(
                max=NICKNAME_MAX_LENGTH,
                message=_l("Bitte höchstens %(max)d Zeichen.", max=NICKNAME_MAX_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "nickname"},
    )


class IdeaForm(BaseForm):
    """Text length and question are checked by the service, which knows the workshop."""

    question_id = HiddenField()
    text = TextAreaField(_l("Ihre Idee"))
    idempotency_key = HiddenField()


class EditIdeaForm(BaseForm):
    text = TextAreaField(_l("Ihre Idee"))
