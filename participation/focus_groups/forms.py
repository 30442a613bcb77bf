"""Forms of the focus groups: a new link (moderator) and the Maßnahmenmerkblatt (group).

The measure form is laid out from ``sheet.SHEET``; the service checks everything that needs
the database (which fields and ideas may be linked, the version).
"""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.forms import BaseForm
from ..core.ids import parse_id
from ..measures.models import SHEET_TEXT_FIELDS
from ..measures.sheet import PRIORITY_LABELS, SHEET
from .services import MeasureValues

TEXT_MAX_LENGTH = 10_000
TOO_LONG = _l("Bitte höchstens %(max)d Zeichen.")


class LinkForm(BaseForm):
    label = StringField(
        _l("Für wen ist der Link? (freiwillig)"),
        validators=[Optional(), Length(max=120, message=TOO_LONG)],
    )
    expires_on = DateField(
        _l("Gültig bis einschließlich"),
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[DataRequired(_l("Bitte geben Sie ein Datum ein, z. B. 31.12.2026."))],
        render_kw={"type": "date"},
    )


class DeleteMeasureForm(BaseForm):
    version = HiddenField()


class IdListField(Field):
    """Several ids from checkboxes of the same name; the template renders the boxes."""

    def process_formdata(self, valuelist):
        self.invalid = [value for value in valuelist if parse_id(value) is None]
        self.data = [parse_id(value) for value in valuelist if parse_id(value) is not None]

    def process_data(self, value):
        self.invalid = []
        self.data = list(value or [])

    def pre_validate(self, form):
        if getattr(self, "invalid", None):
            raise ValidationError(_l("Diese Auswahl ist ungültig. Bitte wählen Sie aus der Liste."))


def _label(attribute):
    return next(label for name, label, _hint in SHEET if name == attribute)


class MeasureForm(BaseForm):
    version = HiddenField()
    title = StringField(
        _label("title"),
        validators=[DataRequired(_l("Bitte geben Sie der Maßnahme eine Bezeichnung.")),
                    Length(max=200, message=TOO_LONG)],
    )
    priority = RadioField(
        _label("priority"),
        choices=[SelectChoice("", _l("nicht festgelegt")),
                 *(SelectChoice(key, label) for key, label in PRIORITY_LABELS.items())],
        default="",
        validate_choice=True,
    )
    field_ids = IdListField(_label("fields"))
    idea_ids = IdListField(_l("Zugrunde liegende Ideen"))

    def values(self):
        return MeasureValues(
            title=self.title.data or "",
            texts={name: self[name].data or "" for name in SHEET_TEXT_FIELDS},
            priority=self.priority.data or "",
            field_ids=tuple(self.field_ids.data or ()),
            idea_ids=tuple(self.idea_ids.data or ()),
        )

    @classmethod
    def data_of(cls, values, version):
        return {
            "version": str(version),
            "title": values.title,
            "priority": values.priority,
            "field_ids": list(values.field_ids),
            "idea_ids": list(values.idea_ids),
            **values.texts,
        }


for _name in SHEET_TEXT_FIELDS:
    setattr(
        MeasureForm,
        _name,
        TextAreaField(_label(_name), validators=[Optional(), Length(max=TEXT_MAX_LENGTH, message=TOO_LONG)],
                      render_kw={"rows": 4}),
    )
