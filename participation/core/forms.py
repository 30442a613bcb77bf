"""Form base class with German messages for the checks every form shares."""

from flask_wtf import FlaskForm


class BaseForm(FlaskForm):
    class Meta:
        # WTForms ships German messages for its own validators.
        locales = ("de_DE", "de")
