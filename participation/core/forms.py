"""Form base class with German messages for the checks every form shares."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField

from .csrf_mask import MaskedFormCSRF


def without_nul(value):
    """NUL is in no text anyone means to type, and PostgreSQL refuses it in a text column."""
    return value.replace("\x00", "") if isinstance(value, str) else value


MAX_SEARCH = 200  # characters of a search a list page reads (console, merge, Handlungsfelder)


def search_words(value):
    """Typed search words as one line: runs of spaces and line breaks become one space."""
    return " ".join((value or "").split())[:MAX_SEARCH]


class BaseForm(FlaskForm):
    class Meta:
        csrf_class = MaskedFormCSRF  # a form's token is masked per response (core.csrf_mask)
        # WTForms ships German messages for its own validators.
        locales = ("de_DE", "de")

        def bind_field(self, form, unbound_field, options):
            """Every text field drops NUL characters (passwords too: typed the same way twice)."""
            if issubclass(unbound_field.field_class, StringField):
                options = {**options, "filters": [*unbound_field.kwargs.get("filters", ()), without_nul]}
            return unbound_field.bind(form=form, **options)


class WholeNumberField(IntegerField):
    """A whole number; anything else is refused in the page's words (and stays in the
    field). ``example`` is the number the message suggests."""

    def __init__(self, label=None, validators=None, example=3, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.example = example

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Bitte eine ganze Zahl eintragen, z. B. %(example)d.", example=self.example)) from error
