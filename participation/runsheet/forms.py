"""The run-sheet editor's form: one step (kind, guiding questions, minutes, moving on by
itself, an optional title)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.forms import BaseForm
from ..phases.services import MAX_DURATION, step_label
from ..workshops.models import STEP_KINDS

MAX_MINUTES = MAX_DURATION // 60


class QuestionChoices(SelectMultipleField):
    """Checkboxes, one per guiding question; none ticked means all questions."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):  # a question deleted meanwhile is refused by the service
        pass


class StepForm(BaseForm):
    kind = SelectField(_l("Art des Schritts"), choices=[])
    question_ids = QuestionChoices(_l("Leitfragen"), coerce=int, choices=[])
    minutes = IntegerField(
        _l("Dauer in Minuten"),
        validators=[Optional(), NumberRange(1, MAX_MINUTES, _l("Bitte eine Zahl zwischen %(min)s und %(max)s."))],
        render_kw={"type": "number", "min": 1, "max": MAX_MINUTES, "inputmode": "numeric"},
    )
    auto_advance = BooleanField(_l("Automatisch weiter, wenn die Zeit um ist"))
    title = StringField(_l("Titel (freiwillig)"), validators=[Length(max=120)])

    def __init__(self, workshop, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind, step_label(kind)) for kind in STEP_KINDS]
        self.question_ids.choices = [(question.id, f"{number}. {question.text}")
                                     for number, question in enumerate(workshop.questions, 1)]

    @classmethod
    def of_step(cls, workshop, step):
        """The form filled from a stored step (for its edit page)."""
        return cls(workshop, formdata=None, data={
            "kind": step.kind,
            "question_ids": list(step.question_ids or ()),
            "minutes": step.duration_seconds // 60 if step.duration_seconds else None,
            "auto_advance": bool(step.auto_advance),
            "title": step.title or "",
        })

    def values(self):
        """Keyword arguments for ``phases.services.add_step``/``update_step``."""
        return {
            "kind": self.kind.data,
            "question_ids": self.question_ids.data or [],
            "duration_seconds": self.minutes.data * 60 if self.minutes.data else None,
            "auto_advance": bool(self.auto_advance.data),
            "title": self.title.data or "",
        }
