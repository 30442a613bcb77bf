"""Why a file cannot be read, in German words (``reading.FileRefused`` carries only a kind)."""

from flask_babel import format_number, gettext as _

from .reading import MAX_UNPACKED_BYTES



def refusal_message(refused):
    details = refused.details
    kind = refused.kind
    if kind == "empty":
        return _("Die Datei ist leer: Sie enthält keine Zeile mit Inhalt.")
    if kind == "binary" and details.get("format"):
        return _("Die Datei ist keine Tabelle, sondern eine %(format)s-Datei. Bitte wählen Sie eine CSV-Datei oder "
                 "eine Excel-Arbeitsmappe (.xlsx).", format=details["format"])
    if kind == "binary":
        return _("Die Datei ist keine Textdatei (sie enthält Binärdaten) und keine Excel-Arbeitsmappe. Bitte wählen "
                 "Sie eine CSV-Datei oder eine Excel-Arbeitsmappe (.xlsx).")
    if kind == "old_office":
        return _("Das ist eine alte Excel-Datei (.xls) oder eine mit Kennwort geschützte Datei. Bitte speichern Sie "
                 "sie in Excel oder LibreOffice ohne Kennwort als „Excel-Arbeitsmappe (.xlsx)“ oder als CSV.")
    if kind == "ods":
        return _("Das ist eine LibreOffice-Tabelle (.ods). Bitte speichern Sie sie als „Excel 2007-365 (.xlsx)“ "
                 "oder als CSV.")
    if kind == "not_xlsx":
        return _("Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (.xlsx).")
    if kind == "broken_xlsx":
        return _("Die Excel-Datei ist beschädigt und lässt sich nicht lesen. Bitte öffnen und speichern Sie sie "
                 "noch einmal, oder speichern Sie sie als CSV.")
    if kind == "zip_bomb":
        return _("Die Excel-Datei wird nicht geöffnet: Entpackt wäre sie unverhältnismäßig groß (mehr als "
                 "%(limit)s MB oder ungewöhnlich stark gepackt). Bitte speichern Sie die Tabelle als CSV.",
                 limit=format_number(MAX_UNPACKED_BYTES // (1024 * 1024)))
    if kind == "too_many_rows":
        return _("Die Datei hat mehr als %(limit)s Zeilen. Bitte teilen Sie sie in Dateien mit höchstens "
                 "%(limit)s Zeilen auf.", limit=format_number(details["limit"]))
    if kind == "sheet_too_long":
        return _("Das Tabellenblatt „%(sheet)s“ reicht über Zeile %(limit)s hinaus (leere Zeilen mitgezählt). Bitte "
                 "löschen Sie die leeren Zeilen unter der Tabelle.", sheet=details["sheet"],
                 limit=format_number(details["limit"]))
    if kind == "bad_encoding":
        return _("Die Datei ist als %(encoding)s gekennzeichnet, enthält aber Zeichen, die dazu nicht passen. Bitte "
                 "speichern Sie sie noch einmal als „CSV UTF-8“.", encoding=details["encoding"])
    if kind == "broken_csv":
        return _("Die CSV-Datei ist ab Zeile %(row)d fehlerhaft (zum Beispiel ein Anführungszeichen ohne Ende oder "
                 "eine überlange Zelle).", row=details["row"])
    return _("Die Datei lässt sich nicht lesen.")
