"""The translated words of the exports, resolved once per export in the current locale.

Writers are pure (no Flask): they receive this dict and never call gettext themselves.
Each section belongs to the writers named in its comment; add keys there.
"""

from flask_babel import gettext as _

from ..focus.sheet import PRIORITY_LABELS, SHEET, SHEET_TITLE, SOURCE_IDEAS_LABEL


def export_texts():
    texts = {
        # shared by all writers
        "workshop": _("Workshop"),
        "date": _("Datum"),
        "place": _("Ort"),
        "code": _("Code"),
        "question": _("Leitfrage"),
        "questions": _("Leitfragen"),
        "text": _("Idee"),
        "merged": _("Zusammengeführt mit"),
        "votes": _("Punkte"),
        "nickname": _("Name (freiwillig)"),
        "time": _("Zeit"),
        "score": _("Passung"),
        "terms": _("Passende Begriffe"),
        "field": _("Handlungsfeld"),
        "fields": _("Handlungsfelder"),
        "confirmed": _("von der Moderation zugeordnet"),
        "unassigned": _("Noch nicht zugeordnet"),
        "ideas": _("Ideen"),
        "ideas_count": _("Anzahl Ideen"),
        "top_terms": _("Häufige Begriffe"),
        "description": _("Beschreibung"),
        "keywords": _("Schlagworte"),
        "measures": _("Maßnahmen"),
        "overview": _("Übersicht"),
        "total": _("Gesamt"),
        "none": _("–"),
        "timezone_note": _("Zeiten in deutscher Zeit (Europe/Berlin)."),
        # CSV / XLSX
        # PDF "Fokusgruppen-Mappe"
        "book_title": _("Fokusgruppen-Mappe"),
        "contents": _("Inhalt"),
        "page": _("Seite"),
        "page_of": _("Seite %(page)s von %(pages)s"),
        "blank_sheet_intro": _("Zum Ausfüllen von Hand in der Fokusgruppe."),
        # measure documents (PDF, DOCX, XLSX)
        "sheet_title": str(SHEET_TITLE),
        "source_ideas": str(SOURCE_IDEAS_LABEL),
        "priority_none": _("nicht festgelegt"),
    }
    texts["sheet"] = tuple((name, str(label), str(hint)) for name, label, hint in SHEET)
    texts["priorities"] = {key: str(label) for key, label in PRIORITY_LABELS.items()}
    return texts
