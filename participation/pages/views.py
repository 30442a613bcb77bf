"""The start page, where attendees type a join code; privacy, accessibility and help pages."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..workshops.retention import deletion_date, retention_days
from ..workshops.codes import normalise_code
from ..workshops.services import find_workshop_by_code
from . import bp
from .privacy import facts


@bp.get("/")
def index():
    return render_template("pages/index.html", code="", error=None)


@bp.get("/join")
def join_by_code():
    typed = request.args.get("code", "")
    code = normalise_code(typed)
    if code and find_workshop_by_code(code):
        return redirect(url_for("ideas.join", code=code))
    if not typed.strip():
        error = _("Bitte geben Sie den Code ein, der auf dem Plakat oder der Leinwand steht.")
    elif code is None:
        error = _(
            "„%(code)s“ ist kein gültiger Code. Ein Code hat sechs Zeichen, zum Beispiel K7MX2Q.",
            code=typed.strip(),
        )
    else:
        error = _("Zu diesem Code gibt es keinen Workshop. Bitte prüfen Sie den Code.")
    status = 404 if code else 400
    return render_template("pages/index.html", code=typed, error=error), status


# --- pages for everyone: privacy, accessibility statement, help in Leichte Sprache ------------


def _privacy_page(workshop=None):
    return render_template(
        "pages/privacy.html",
        facts=facts(),
        workshop=workshop,
        deletion=deletion_date(workshop) if workshop is not None else None,
        legal_basis=current_app.config.get("PRIVACY_LEGAL_BASIS"),
    )


@bp.get("/datenschutz")
def privacy():
    return _privacy_page()


@bp.get("/w/<code>/datenschutz")
def privacy_for_workshop(code):
    workshop = find_workshop_by_code(code)
    if workshop is None:
        abort(404)
    return _privacy_page(workshop)


@bp.get("/barrierefreiheit")
def accessibility():
    config = current_app.config
    return render_template(
        "pages/accessibility.html",
        contact=config.get("ACCESSIBILITY_CONTACT"),
        operator=config.get("OPERATOR_NAME"),
        enforcement=config.get("ACCESSIBILITY_ENFORCEMENT"),
        statement_date=config.get("ACCESSIBILITY_STATEMENT_DATE"),
    )


@bp.get("/hilfe")
def help_page():
    return render_template("pages/help.html", retention_days=retention_days())
