"""Forms of the group pages: a group (add, edit), several groups at once, the promotion
limit, and the phone's choice of group. The service checks what needs the workshop
(names taken, the question focus, the number of groups) and says it in German."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..core.forms import BaseForm, WholeNumberField
from .services import MAX_GROUPS, MAX_PROMOTE, NAME_LENGTH, TOPIC_LENGTH

TOO_LONG = _l("Bitte höchstens %(max)d Zeichen.")


class GroupForm(BaseForm):
    name = StringField(_l("Name der Gruppe"), validators=[Length(max=NAME_LENGTH, message=TOO_LONG)],
                       render_kw={"maxlength": NAME_LENGTH})
    topic = StringField(_l("Thema (freiwillig)"), validators=[Optional(), Length(max=TOPIC_LENGTH, message=TOO_LONG)],
                        render_kw={"maxlength": TOPIC_LENGTH})
    # choices: "" (all questions) and the workshop's questions, set by the view
    question_id = SelectField(_l("Leitfrage der Gruppe (freiwillig)"), choices=[], validate_choice=False)
    facilitator = StringField(_l("Tischmoderation (Name, freiwillig)"),
                              validators=[Optional(), Length(max=NAME_LENGTH, message=TOO_LONG)],
                              render_kw={"maxlength": NAME_LENGTH})

    def with_questions(self, workshop):
        self.question_id.choices = [("", _l("Alle Leitfragen"))] + [
            (str(question.id), f"{number}. {_short(question.text)}")
            for number, question in enumerate(workshop.questions, start=1)]
        return self


def _short(text, length=70):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class ManyGroupsForm(BaseForm):
    count = WholeNumberField(
        _l("Anzahl"),
        validators=[InputRequired(_l("Bitte eine Zahl ab 1 eintragen.")),
                    NumberRange(min=1, max=MAX_GROUPS, message=_l("Bitte eine Zahl von 1 bis %(max)d eintragen."))],
        render_kw={"min": 1, "max": MAX_GROUPS, "inputmode": "numeric"}, example=8,
    )
    prefix = StringField(_l("Namen beginnen mit"), default="Tisch",
                         validators=[Optional(), Length(max=NAME_LENGTH - 4, message=TOO_LONG)],
                         render_kw={"maxlength": NAME_LENGTH - 4})


class PromoteLimitForm(BaseForm):
    limit = WholeNumberField(
        _l("Ideen je Gruppe fürs Plenum"),
        validators=[InputRequired(_l("Bitte eine Zahl von 1 bis %(max)d eintragen.", max=MAX_PROMOTE)),
                    NumberRange(min=1, max=MAX_PROMOTE, message=_l("Bitte eine Zahl von 1 bis %(max)d eintragen."))],
        render_kw={"min": 1, "max": MAX_PROMOTE, "inputmode": "numeric"},
    )


class ChooseGroupForm(BaseForm):
    """The phone's choice: a group id of the workshop, or "" for none (checked by the view)."""
    group_id = StringField()
    back = StringField()
