"""Friendly German error pages, and JSON errors for the API.

A rejected CSRF token usually means a form sat open too long. The person's input is
shown again in a fresh form so nothing they typed is lost.
"""

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions

# Fields never echoed back to the page.
SECRET_FIELDS = {"csrf_token", "password", "password_confirm", "current_password"}
LONG_TEXT_FIELDS = {"text", "description", "keywords"}
_LABELS = "participation_resend_labels"  # app.extensions key: [(path prefix, labels)]


def resend_labels(app, path_prefix, labels):
    """Forms under ``path_prefix`` have more typed fields than the usual long texts:
    ``labels()`` returns ``{field name: label}`` for them (registered by the feature that
    owns the forms, when the app is built)."""
    app.extensions.setdefault(_LABELS, []).append((path_prefix, labels))


def _resend_label(name):
    """The label of a field the person typed into (shown again), or None (sent hidden)."""
    for prefix, labels in current_app.extensions.get(_LABELS, ()):
        if request.path.startswith(prefix):
            label = labels().get(name)
            if label is not None:
                return label
    return _("Ihre Eingabe") if name in LONG_TEXT_FIELDS else None


def is_api_request():
    """Errors of the JSON API answer in JSON (a page's script asking a form for JSON gets
    ``core.web.asks_for_json`` answers from the view itself)."""
    return request.path.startswith("/api/")


def register(app):
    """The error pages of the whole app."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)


def _csrf_error(error):
    message = _(
        "Das Formular war abgelaufen oder unvollständig (Sicherheits-Token fehlt). "
        "Ihre Eingabe wurde noch nicht gespeichert. Bitte prüfen Sie sie und senden Sie "
        "sie noch einmal ab."
    )
    if is_api_request():
        return jsonify(error="csrf", message=message), 400
    fields = [
        (name, value, _resend_label(name))
        for name, value in request.form.items(multi=True)
        if name not in SECRET_FIELDS
    ]
    return (
        render_template("errors/csrf.html", message=message, fields=fields, action=request.path),
        400,
    )


MESSAGES = {
    400: _l("Die Anfrage war fehlerhaft."),
    403: _l("Dafür fehlt Ihnen die Berechtigung."),
    404: _l("Diese Seite gibt es nicht."),
    405: _l("Diese Aktion ist hier nicht möglich."),
    413: _l("Die gesendeten Daten sind zu groß."),
    429: _l("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment."),
}


def abort_friendly(code, message):
    """Abort with an HTTP error whose page shows ``message`` instead of the generic text."""
    error = default_exceptions[code]()
    error.friendly = message
    raise error


def _http_error(error):
    message = getattr(error, "friendly", None) or MESSAGES.get(
        error.code, _l("Es ist ein Fehler aufgetreten.")
    )
    if is_api_request():
        return jsonify(error=error.name.lower().replace(" ", "_"), message=message), error.code
    return render_template("errors/error.html", code=error.code, message=message), error.code
