"""The translated words of the exports, resolved once per export in the current locale.

Writers are pure (no Flask): they receive this dict and never call gettext themselves.
Each section belongs to the writers named in its comment; add keys there.
"""

from flask_babel import get_locale, gettext as _

from ..measures.sheet import PRIORITY_LABELS, SHEET, SHEET_TITLE, SOURCE_IDEAS_LABEL


def export_texts():
    texts = {
        # the language of dates and numbers in every writer and chart
        "locale": str(get_locale() or "de"),
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
        # dots split by where they were given (CSV/XLSX columns, XLSX overview, PDF, charts)
        "votes_digital": _("Punkte digital"),
        "votes_paper": _("Punkte Papier"),
        "votes_total": _("Punkte gesamt"),
        "votes_split": _("%(total)s (%(digital)s digital, %(paper)s Papier)"),
        # where an idea came from (CSV/XLSX column, PDF, JSON import, chart)
        "source": _("Quelle"),
        "source_phone": _("Handy"),
        "source_paper": _("Papier"),
        "source_import": _("Import: %(name)s", name="%(name)s"),
        "source_import_unnamed": _("Import"),
        "chart_sources": _("Ideen nach Quelle"),
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
        # while a voting step counts the dots in secret (every writer and chart)
        "votes_hidden": _("Punkte verdeckt bis zum Aufdecken"),
        "votes_hidden_short": _("verdeckt"),
        # the run sheet (Ablauf): CSV/XLSX column, XLSX sheet, PDF section, chart
        "step": _("Schritt"),
        "run_sheet": _("Ablauf"),
        "run_sheet_title": _("Ablauf des Abends"),
        "step_kind": _("Art"),
        "step_title": _("Titel"),
        "step_questions": _("Leitfragen"),
        "all_questions": _("alle Leitfragen"),
        "step_duration": _("Geplante Dauer (Minuten)"),
        "step_started": _("Begonnen"),
        "step_ended": _("Beendet"),
        "step_ideas": _("Ideen im Schritt"),
        "step_dots": _("Punkte im Schritt"),
        "step_done": _("Fertig gemeldet"),
        "step_people": _("Anwesend"),
        "step_done_of": _("%(done)s von %(people)s fertig"),
        "step_not_run": _("nicht gelaufen"),
        "step_running": _("läuft"),
        "no_step": _("ohne Schritt"),
        "chart_steps": _("Ideen je Schritt"),
        # charts (participation/charts/specs.py)
        "chart_questions": _("Ideen je Leitfrage"),
        "chart_fields": _("Ideen je Handlungsfeld"),
        "chart_votes": _("Punkte je Handlungsfeld"),
        "chart_timeline": _("Ideen im Verlauf des Abends"),
        "chart_field_questions": _("%(field)s: Ideen je Leitfrage", field="%(field)s"),
        "chart_time": _("Uhrzeit (deutsche Zeit)"),
        "chart_empty": _("Noch keine Ideen"),
        # group work (tables, breakout rooms): CSV/XLSX columns, XLSX sheet, PDF section, charts
        "group": _("Gruppe"),
        "groups": _("Gruppen"),
        "no_group": _("ohne Gruppe"),
        "group_topic": _("Thema"),
        "promoted": _("Im Plenum"),
        "promoted_count": _("Davon im Plenum"),
        "promoted_split": _("%(total)s (%(promoted)s im Plenum)"),
        "chart_groups": _("Ideen je Gruppe"),
        "chart_group_fields": _("Ideen je Handlungsfeld nach Gruppe"),
        "groups_title": _("Ideen der Gruppen"),
        "groups_intro": _("Die Ideen jeder Gruppe; die Ideen, die die Gruppe ins Plenum gebracht hat, stehen zuerst und sind markiert."),
        "group_heading": _("Gruppe %(number)s: %(name)s", number="%(number)s", name="%(name)s"),
        "promoted_mark": _("im Plenum"),
        "group_no_ideas": _("Diese Gruppe hat keine Ideen."),
        "no_group_intro": _("Ideen, die in keiner Gruppe entstanden sind."),
        # CSV / XLSX
        "yes": _("ja"),
        "no": _("nein"),
        "time_local": _("Zeit (Europe/Berlin)"),
        # PDF "Fokusgruppen-Mappe"
        "book_title": _("Fokusgruppen-Mappe"),
        "contents": _("Inhalt"),
        "page": _("Seite"),
        "page_of": _("Seite %(page)s von %(pages)s"),
        "blank_sheet_intro": _("Zum Ausfüllen von Hand in der Fokusgruppe."),
        "blank_sheet": _("Maßnahmenmerkblatt zum Ausfüllen"),
        "focus_group": _("Fokusgruppe %(field)s"),
        "field_no_ideas": _("Diesem Handlungsfeld ist noch keine Idee zugeordnet."),
        "ideas_by_votes": _("Nach Punkten sortiert, die meisten zuerst."),
        "by_nickname": _("von %(nickname)s"),
        "unassigned_intro": _("Diese Ideen sind noch keinem Handlungsfeld zugeordnet."),
        "ideas_heading": _("Ideen (%(count)s)"),
        # measure documents (PDF, DOCX, XLSX)
        "sheet_title": str(SHEET_TITLE),
        "source_ideas": str(SOURCE_IDEAS_LABEL),
        "priority_none": _("nicht festgelegt"),
        "measure_origin": _("Erarbeitet in der Fokusgruppe %(field)s"),
        "measure_version": _("Fassung %(version)s, Stand %(date)s"),
        "no_source_ideas": _("Mit keiner Idee verknüpft."),
        "empty_box": _("(leer)"),
    }
    texts["sheet"] = tuple((name, str(label), str(hint)) for name, label, hint in SHEET)
    texts["priorities"] = {key: str(label) for key, label in PRIORITY_LABELS.items()}
    return texts
