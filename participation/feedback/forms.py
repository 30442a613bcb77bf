"""Forms of the Rückmeldung page: the measure's stage and public update, and its milestones.

Lengths and the reason "verworfen" needs are checked by the services, so that a refused
form comes back with everything typed and one friendly message at the right field.
"""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from ..core.forms import BaseForm
from ..measures.models import STAGES
from .services import STAGE_LABELS


class FeedbackForm(BaseForm):
    stage = RadioField(
        _l("Stand der Maßnahme"),
        choices=[SelectChoice(stage, STAGE_LABELS[stage]) for stage in STAGES],
        validators=[InputRequired(_l("Bitte wählen Sie einen Stand aus der Liste."))],
    )
    stage_reason = TextAreaField(_l("Begründung"), render_kw={"rows": 3})
    public_update = TextAreaField(_l("Neuigkeit für die Öffentlichkeit"), render_kw={"rows": 4})
    is_public = BooleanField(_l("öffentlich zeigen"))


class MilestoneForm(BaseForm):
    title = StringField(_l("Neuer Meilenstein"))


class RenameForm(BaseForm):
    title = StringField(_l("Name des Meilensteins"))


class TickForm(BaseForm):
    done_on = DateField(
        _l("Erreicht am"),
        format=["%Y-%m-%d", "%d.%m.%Y"],
        validators=[Optional()],
        render_kw={"type": "date"},
    )


class MoveForm(BaseForm):
    direction = HiddenField()


class ButtonForm(BaseForm):
    """Untick, delete: nothing but the CSRF token."""
