"""Forms of the final vote's moderator page: the vote's settings and a typed candidate.
The ballot itself is read by ``services.parse_marks`` (one field per candidate)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from ..core.forms import BaseForm, WholeNumberField
from .models import DOTS, RANKING
from .services import DESCRIPTION_MAX, MAX_CANDIDATES, MAX_POINTS, TITLE_MAX

TOO_LONG = _l("Bitte höchstens %(max)d Zeichen.")


class ChoiceForm(BaseForm):
    title = StringField(_l("Titel der Abstimmung"),
                        validators=[InputRequired(message=_l("Bitte geben Sie der Abstimmung einen Titel.")),
                                    Length(max=TITLE_MAX, message=TOO_LONG)],
                        render_kw={"maxlength": TITLE_MAX})
    method = SelectField(_l("Wie wird abgestimmt?"),
                         choices=[SelectChoice(DOTS, _l("Punkte verteilen")), SelectChoice(RANKING, _l("Rangfolge bilden"))], default=DOTS)
    points = WholeNumberField(_l("Punkte pro Person (beim Punkte-Verteilen)"), default=3,
                         validators=[InputRequired(message=_l("Bitte eine Zahl eintragen.")),
                                     NumberRange(min=1, max=MAX_POINTS,
                                                 message=_l("Bitte eine Zahl von %(min)d bis %(max)d."))],
                         render_kw={"inputmode": "numeric", "min": 1, "max": MAX_POINTS})
    winners = WholeNumberField(_l("Wie viele Projekte werden gewählt?"), default=1,
                          validators=[InputRequired(message=_l("Bitte eine Zahl eintragen.")),
                                      NumberRange(min=1, max=MAX_CANDIDATES,
                                                  message=_l("Bitte eine Zahl von %(min)d bis %(max)d."))],
                          render_kw={"inputmode": "numeric", "min": 1, "max": MAX_CANDIDATES})


class CandidateForm(BaseForm):
    title = StringField(_l("Titel des Vorschlags"), id="candidate-title",
                        validators=[InputRequired(message=_l("Bitte geben Sie dem Vorschlag einen Titel.")),
                                    Length(max=TITLE_MAX, message=TOO_LONG)],
                        render_kw={"maxlength": TITLE_MAX})
    description = TextAreaField(_l("Kurze Beschreibung (freiwillig)"), id="candidate-description",
                                validators=[Length(max=DESCRIPTION_MAX, message=TOO_LONG)],
                                render_kw={"maxlength": DESCRIPTION_MAX, "rows": 2})
