from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..core.forms import BaseForm


class LiveSettingsForm(BaseForm):
    dots_per_participant = IntegerField(
        _l("Punkte pro Person"),
        validators=[
            # InputRequired, not DataRequired: 0 dots (voting off) is a valid answer.
            InputRequired(_l("Bitte geben Sie eine Zahl ein.")),
            NumberRange(0, 20, _l("Bitte eine Zahl zwischen %(min)s und %(max)s.")),
        ],
        render_kw={"type": "number", "min": 0, "max": 20},
    )
    show_ideas_to_attendees = BooleanField(_l("Teilnehmende sehen die Ideen der anderen auf dem Handy"))
    premoderation = BooleanField(_l("Vorab-Moderation: neue Ideen erst nach Freigabe zeigen"))
    word_filter = TextAreaField(
        _l("Wortfilter (ein Wort pro Zeile; Ideen damit warten auf Freigabe)"),
        validators=[Optional()],
        render_kw={"rows": 3},
    )


class FixTextForm(BaseForm):
    text = TextAreaField(_l("Text der Idee"), render_kw={"rows": 4})


class DeleteWorkshopForm(BaseForm):
    confirm_title = StringField(
        _l("Zur Bestätigung den Titel des Workshops eintippen"),
        validators=[DataRequired(_l("Bitte tippen Sie den Titel zur Bestätigung ein."))],
    )
