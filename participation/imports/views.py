"""The import pages: upload a CSV or XLSX file, see its first rows and every problem under
a mapping of its columns, then import it into the workshop.

Nothing is stored as an idea before "Importieren", and then all rows or none (rows with
problems only when the moderator chose to skip them). The uploaded file waits in
``PendingImport`` between the pages, for the moderator who uploaded it.
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_number, gettext as _, ngettext
from flask_login import current_user

from ..core.errors import MESSAGES
from ..extensions import db
from ..workshops.access import managed_workshop
from ..workshops.models import Workshop
from ..workshops.rules import may_moderate
from . import bp, mapping, services
from .messages import refusal_message
from .reading import MAX_ROWS, FileRefused, read_file

PREFIX = "/moderation/workshops/<int:workshop_id>/import"


def _upload_page(workshop, error=None, status=200):
    return render_template(
        "imports/upload.html", workshop=workshop, error=error,
        max_megabytes=_megabytes(current_app.config["MAX_CONTENT_LENGTH"]), max_rows=format_number(MAX_ROWS),
    ), status


def _megabytes(size):
    return format_number(round(size / (1024 * 1024), 1)) if size else "–"


@bp.get(PREFIX)
@managed_workshop
def upload_page(workshop):
    return _upload_page(workshop)


@bp.post(PREFIX)
@managed_workshop
def upload(workshop):
    upload = request.files.get("file")
    content = upload.read() if upload else b""
    if not upload or not upload.filename:
        return _upload_page(workshop, _("Bitte wählen Sie eine CSV- oder Excel-Datei (.xlsx) aus."), 422)
    try:
        read_file(content)
    except FileRefused as refused:
        message = _("Nichts gespeichert: %(reason)s", reason=refusal_message(refused))
        return _upload_page(workshop, message, 422)
    pending = services.keep_pending(workshop, current_user, upload.filename, content)
    return redirect(url_for("imports.preview", workshop_id=workshop.id, import_token=pending.token))


@bp.errorhandler(413)
def too_large(error):
    """A file over MAX_CONTENT_LENGTH: said on the upload page, for whoever may see it."""
    workshop = db.session.get(Workshop, (request.view_args or {}).get("workshop_id") or 0)
    if request.endpoint != "imports.upload" or workshop is None or not may_moderate(current_user, workshop):
        return render_template("errors/error.html", code=413, message=MESSAGES[413]), 413
    limit = _megabytes(current_app.config["MAX_CONTENT_LENGTH"])
    message = _("Nichts gespeichert: Die Datei ist zu groß. Erlaubt sind höchstens %(limit)s MB; bitte teilen Sie "
                "sie auf oder speichern Sie nur die nötigen Spalten.", limit=limit)
    return _upload_page(workshop, message, 413)


def _pending_or_404(workshop, token):
    pending = services.pending_import(workshop, current_user, token)
    if pending is None:
        abort(404)
    return pending


def _preview(workshop, pending, chosen=None, errors=None, error=None, status=200):
    """The preview page for ``pending`` under ``chosen`` (a Mapping; the guess when None)."""
    try:
        reading = read_file(pending.content)
    except FileRefused as refused:  # read once at upload; only a changed limit lands here
        services.discard(pending)
        return _upload_page(workshop, _("Nichts gespeichert: %(reason)s", reason=refusal_message(refused)), 422)
    guessed = chosen is None
    chosen = chosen or mapping.guess(reading, workshop)
    table = reading.tables[chosen.table]
    digest = services.file_hash(pending.content)
    plan = mapping.plan(table, chosen, workshop, digest) if chosen.text is not None else None
    repeated = len(services.known_keys(workshop, plan.keys)) if plan else 0
    return render_template(
        "imports/preview.html", workshop=workshop, pending=pending, reading=reading, table=table,
        mapping=chosen, guessed=guessed, plan=plan, repeated=repeated, errors=errors or {}, error=error,
        preview_rows=table.rows[:mapping.PREVIEW_ROWS], role_labels=mapping.role_labels(),
        column_label=lambda index: mapping.column_label(table, index), row_label=lambda row: mapping.row_label(row, table),
        column_letter=mapping.column_letter, format_number=format_number,
    ), status


@bp.get(f"{PREFIX}/<import_token>")
@managed_workshop
def preview(workshop, import_token):
    return _preview(workshop, _pending_or_404(workshop, import_token))


@bp.post(f"{PREFIX}/<import_token>")
@managed_workshop
def run(workshop, import_token):
    """"Vorschau aktualisieren" (``action=preview``) shows the page under the chosen
    columns; "Importieren" stores all rows, or none and says why."""
    pending = _pending_or_404(workshop, import_token)
    reading = read_file(pending.content)
    chosen, errors = mapping.from_form(request.form, reading, workshop)
    if request.form.get("action") != "import":
        return _preview(workshop, pending, chosen, errors)
    if errors:
        return _preview(workshop, pending, chosen, errors,
                        _("Nichts importiert: Bitte korrigieren Sie die Zuordnung der Spalten."), 422)
    plan = mapping.plan(reading.tables[chosen.table], chosen, workshop, services.file_hash(pending.content))
    if plan.problems and not chosen.skip_problems:
        message = ngettext(
            "Nichts importiert: %(num)d Zeile hat ein Problem (siehe „Prüfung“). Wählen Sie „Zeilen mit Problemen "
            "überspringen“ oder korrigieren Sie die Datei und laden Sie sie neu hoch.",
            "Nichts importiert: %(num)d Zeilen haben Probleme (siehe „Prüfung“). Wählen Sie „Zeilen mit Problemen "
            "überspringen“ oder korrigieren Sie die Datei und laden Sie sie neu hoch.",
            len(plan.problem_rows))
        return _preview(workshop, pending, chosen, errors, message, 422)
    if not plan.ready:
        return _preview(workshop, pending, chosen, errors, _("Nichts importiert: Keine Zeile lässt sich importieren."),
                        422)
    file_name = pending.file_name
    result = services.run_import(workshop, pending, plan)
    flash(_result_message(result, file_name))
    return redirect(url_for("moderation.console", workshop_id=workshop.id))


def _result_message(result, file_name):
    if not result.added:
        return ngettext("Diese Datei wurde schon importiert: 0 neue Ideen, %(num)d schon vorhanden.",
                        "Diese Datei wurde schon importiert: 0 neue Ideen, %(num)d schon vorhanden.", result.repeated)
    parts = [ngettext("%(num)d Idee aus „%(name)s“ importiert", "%(num)d Ideen aus „%(name)s“ importiert",
                      result.added, name=file_name)]
    if result.repeated:
        parts.append(ngettext("%(num)d schon vorhanden", "%(num)d schon vorhanden", result.repeated))
    if result.skipped:
        parts.append(ngettext("%(num)d Zeile mit Problemen übersprungen", "%(num)d Zeilen mit Problemen übersprungen",
                              result.skipped))
    return ", ".join(parts) + "."
