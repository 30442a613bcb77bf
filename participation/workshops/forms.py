"""The moderator's forms for a workshop: a new one from a template, its settings, questions and fields."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..charts.palette import FIELD_PALETTE
from ..core.forms import BaseForm
from ..i18n import LANGUAGES
from .catalog import TEMPLATES

REQUIRED_TITLE = _l("Bitte geben Sie einen Titel ein.")
# The catalogue is plain data without Flask; its one label that is a word, not a name:
TEMPLATE_LABELS = {"blank": _l("Leer")}
# The kinds of run-sheet steps as the template choice names them
STEP_KIND_LABELS = {
    "collect": _l("Sammeln"),
    "silent": _l("Still sammeln"),
    "vote": _l("Punkten"),
    "result": _l("Ergebnis"),
    "present": _l("Gruppen stellen vor"),
    "pause": _l("Pause"),
    "closed": _l("Geschlossen"),
}


SAVED_PREFIX = "saved-"  # the choice of a moderator's own template: "saved-<id>"


class NewWorkshopForm(BaseForm):
    template = RadioField(
        _l("Vorlage"),
        choices=[
            SelectChoice(key, TEMPLATE_LABELS.get(key, template.label)) for key, template in TEMPLATES.items()
        ],
        default="dithmarschen",
        validators=[DataRequired(_l("Bitte wählen Sie eine Vorlage."))],
    )

    def offer_saved(self, saved_templates):
        """Offer the moderator's own templates after the catalogue's."""
        self.template.choices = list(self.template.choices) + [
            SelectChoice(f"{SAVED_PREFIX}{saved.id}", saved.name) for saved in saved_templates
        ]
        return self

    def saved_template_id(self):
        """The id of the chosen own template, or None for a catalogue template."""
        choice = self.template.data or ""
        return int(choice.removeprefix(SAVED_PREFIX)) if choice.startswith(SAVED_PREFIX) else None
    # No Optional() here: it would stop the chain on an empty title, and validate_title
    # below, which requires a title for the blank template, would never run.
    title = StringField(_l("Titel"), validators=[Length(max=200)])

    def validate_title(self, field):
        if self.template.data == "blank" and not (field.data or "").strip():
            raise ValidationError(REQUIRED_TITLE)


class SaveTemplateForm(BaseForm):
    name = StringField(
        _l("Name der Vorlage"),
        validators=[DataRequired(_l("Bitte geben Sie der Vorlage einen Namen.")), Length(max=120)],
    )
    description = TextAreaField(
        _l("Beschreibung (optional)"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )


class ImportTemplateForm(BaseForm):
    file = FileField(_l("Vorlagen-Datei (.json)"), render_kw={"accept": ".json,application/json"})


class SettingsForm(BaseForm):
    title = StringField(_l("Titel"), validators=[DataRequired(REQUIRED_TITLE), Length(max=200)])
    event_date = DateField(
        _l("Datum"),
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    place = StringField(_l("Ort"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=5000)])
    idea_max_length = IntegerField(
        _l("Höchstlänge einer Idee (Zeichen)"),
        validators=[
            DataRequired(_l("Bitte geben Sie eine Zahl ein.")),
            NumberRange(20, 5000, _l("Bitte eine Zahl zwischen %(min)s und %(max)s.")),
        ],
        render_kw={"type": "number", "min": 20, "max": 5000},
    )
    is_open = BooleanField(_l("Ideen können eingereicht werden (Workshop offen)"))
    # Empty: each attendee's browser decides. Languages are named in themselves.
    language = SelectField(
        _l("Sprache der Teilnehmenden-Seiten"),
        choices=[SelectChoice("", _l("Browser entscheidet"))]
        + [SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGES.items()],
        default="",
    )


class QuestionForm(BaseForm):
    text = TextAreaField(
        _l("Leitfrage"),
        validators=[DataRequired(_l("Bitte geben Sie den Text der Frage ein.")), Length(max=300)],
        render_kw={"rows": 2},
    )


class FieldForm(BaseForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Bitte geben Sie einen Namen ein.")), Length(max=120)]
    )
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    keywords = TextAreaField(
        _l("Schlagwörter (durch Komma getrennt)"), validators=[Optional(), Length(max=4000)], render_kw={"rows": 2}
    )
    colour = StringField(
        _l("Farbe"),
        validators=[DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Bitte eine Farbe wie #1f5f8b wählen."))],
        default=FIELD_PALETTE[0],
        render_kw={"type": "color"},
    )
    catch_all = BooleanField(_l("Sammelfeld („Sonstiges“): bekommt die Ideen, die in kein anderes Feld passen"))

    def values(self):
        """The field as typed, in the arguments of ``structure.add_field`` and ``update_field``."""
        return {
            "name": self.name.data,
            "description": self.description.data or "",
            "keywords": parse_keywords(self.keywords.data),
            "colour": self.colour.data.lower(),
            "catch_all": bool(self.catch_all.data),
        }


def parse_keywords(raw):
    """Split a comma, semicolon or newline separated keyword list; keeps order, drops repeats."""
    seen = []
    for part in (raw or "").replace(";", ",").replace("\n", ",").split(","):
        keyword = " ".join(part.split()).lower()
        if keyword and keyword not in seen:
            seen.append(keyword)
    return seen

