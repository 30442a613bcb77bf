"""The moderator's forms for a process: a new one, its settings, its catalogue, its workshops."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.forms import BaseForm
from ..workshops.forms import FieldForm
from .services import SLUG_MAX, TITLE_MAX

REQUIRED_TITLE = _l("Bitte geben Sie dem Prozess einen Titel.")


class ProcessForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(REQUIRED_TITLE), Length(max=TITLE_MAX)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 3})


class SettingsForm(ProcessForm):
    public = BooleanField(_l("Öffentliche Prozessseite zeigen"))
    slug = StringField(_l("Adresse der öffentlichen Seite"),
                       validators=[DataRequired(_l("Bitte geben Sie eine Adresse ein.")), Length(max=SLUG_MAX)])


class EntryForm(FieldForm):
    """A Handlungsfeld of the catalogue: the fields of a workshop's Handlungsfeld."""


class AddWorkshopForm(BaseForm):
    workshop_id = SelectField(_l("Workshop"), coerce=int, validate_choice=True,
                              validators=[DataRequired(_l("Bitte wählen Sie einen Workshop."))])

    def offer(self, workshops):
        self.workshop_id.choices = [(workshop.id, workshop.title) for workshop in workshops]
        return self


class JoinProcessForm(BaseForm):
    """On a workshop's overview: put it into one of my processes."""

    process_id = SelectField(_l("Prozess"), coerce=int, validate_choice=True,
                             validators=[DataRequired(_l("Bitte wählen Sie einen Prozess."))])

    def offer(self, processes):
        self.process_id.choices = [(process.id, process.title) for process in processes]
        return self


class DeleteForm(BaseForm):
    confirm_title = StringField(_l("Titel des Prozesses zur Bestätigung"))
