"""The start page, where attendees type a join code."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..workshops.codes import normalise_code
from ..workshops.services import find_workshop_by_code
from . import bp


@bp.get("/")
def index():
    return render_template("core/index.html", code="", error=None)


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
    return render_template("core/index.html", code=typed, error=error), status
