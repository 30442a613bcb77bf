"""The translated words of the documentation, resolved once per document in the current
locale (the writers are pure and never call gettext). Sentences are fixed templates that
only take numbers, names of fields and workshops, and terms."""

from flask_babel import gettext as _

from ..exports.texts import export_texts


def report_texts():
    texts = export_texts()  # dates' language, page numbers, "Punkte", chart titles, ...
    texts.update({
        "report_title": _("Dokumentation"),
        "report_of_workshop": _("Dokumentation der Veranstaltung"),
        "report_of_process": _("Dokumentation des Beteiligungsprozesses"),
        "facts": _("Eckdaten"),
        "people": _("Teilnehmende (Ideen oder Punkte am Handy)"),
        "paper_cards": _("Papierkarten"),
        "visible_ideas": _("Ideen"),
        "dots": _("Punkte"),
        "process_total": _("Gesamt"),
        "events": _("Veranstaltungen"),
        "charts": _("Diagramme"),
        "field_sections": _("Ergebnisse nach Handlungsfeldern"),
        "field_sections_intro": _("Je Handlungsfeld: Anzahl und Anteil der Ideen, die Ideen mit den meisten Punkten, einige typische Ideen und häufige Begriffe. Die Nummern in eckigen Klammern verweisen auf den Anhang."),
        "field_count": _("%(count)s von %(total)s Ideen (%(share)s %%) gehören zu diesem Handlungsfeld. Punkte zusammen: %(votes)s."),
        "field_count_hidden": _("%(count)s von %(total)s Ideen (%(share)s %%) gehören zu diesem Handlungsfeld."),
        "top_ideas": _("Die meisten Punkte"),
        "no_votes": _("Keine Idee dieses Handlungsfelds hat Punkte bekommen."),
        "representative_ideas": _("Typische Ideen"),
        "representative_intro": _("Von der Textanalyse ausgewählt (ohne die Ideen mit den meisten Punkten): Ideen, die dem Handlungsfeld im Ganzen am nächsten sind und sich voneinander unterscheiden."),
        "key_terms": _("Häufige Begriffe"),
        "unassigned_count": _("Noch keinem Handlungsfeld zugeordnet: %(count)s Ideen (am Ende des Anhangs)."),
        "appendix": _("Anhang: alle Ideen"),
        "appendix_intro": _("Alle Ideen, die der Saal gesehen hat, nach Handlungsfeldern und Punkten; ausgeblendete und nicht freigegebene Ideen fehlen, zusammengeführte stehen einmal mit allen Texten."),
        "appendix_field": _("A: %(field)s"),
        "no_ideas_here": _("Keine Ideen."),
        "from_workshop": _("aus: %(workshop)s"),
        "no_questions": _("Keine Leitfragen."),
        "all_workshops": _("In allen Veranstaltungen"),
        "quote": _("„%(text)s“"),
        "number": _("A %(number)s"),
        "toc_note": _("Inhaltsverzeichnis: in Word mit F9 aktualisieren."),
    })
    return texts
