"""The boxes of the Maßnahmenmerkblatt (seed 004) with their labels, in the sheet's order.

Forms, PDF, DOCX and XLSX all lay a measure out from this one list.
"""

from flask_babel import lazy_gettext as _l

from .models import PRIORITIES

# (attribute, label, hint shown under the box in the form)
SHEET = (
    ("title", _l("Maßnahmenbezeichnung"), _l("Ein kurzer Name, z. B. „Mitfahrbänke in allen Ortsteilen“.")),
    ("description", _l("Beschreibung der Maßnahme"), _l("Was soll geschehen, für wen und warum?")),
    ("vision", _l("Vision"), _l("Welches Zukunftsbild unterstützt die Maßnahme?")),
    ("mission", _l("Mission"), _l("Welchen Auftrag erfüllt sie dafür?")),
    ("fields", _l("Handlungsfeld(er)"), _l("Mehrfachnennung möglich.")),
    ("location", _l("Möglicher Umsetzungsort"), _l("Gemeinde, Ortsteil, ganzer Kreis …")),
    ("sponsor", _l("Mögliche Trägerschaft"), _l("Gemeinde, Kommune, Unternehmen, Verein etc.")),
    ("priority", _l("Priorität der Maßnahme in der Gesamtstrategie"), _l("niedrig, mittel oder hoch")),
    ("period", _l("Durchführungszeitraum"), _l("z. B. „ab sofort“ oder „2027 bis 2028“")),
    ("status", _l("Planungs- und Umsetzungsstand"), _l("z. B. „Idee“, „erste Formate existieren“")),
    ("milestones", _l("Meilensteine"), _l("Ein Meilenstein pro Zeile.")),
    ("technical", _l("Technische Umsetzung"), _l("Welche Technik, welche Plattform?")),
    ("actors", _l("Akteure"), _l("Wer macht mit? Eine Zeile pro Akteur.")),
    ("costs", _l("Kosten"), _l("Investitions-, Personal-, Sachkosten")),
    ("financing", _l("Finanzierung"), _l("Förderprogramme, Haushalt, Partner")),
    ("indicators", _l("Erfolgsindikatoren"), _l("Woran erkennen wir den Erfolg?")),
    ("notes", _l("Anmerkungen"), _l("Alles, was sonst wichtig ist.")),
)

PRIORITY_LABELS = {
    "niedrig": _l("niedrig"),
    "mittel": _l("mittel"),
    "hoch": _l("hoch"),
}
assert tuple(PRIORITY_LABELS) == PRIORITIES

SOURCE_IDEAS_LABEL = _l("Zugrunde liegende Ideen")
SHEET_TITLE = _l("Maßnahmenmerkblatt")


def label_of(attribute):
    return next(str(label) for name, label, _hint in SHEET if name == attribute)


def typed_boxes():
    """``{attribute: label}`` of the boxes typed as text (all but the choices), for the error
    page that shows a person's input again after an expired form."""
    return {attribute: str(label) for attribute, label, _hint in SHEET if attribute not in ("fields", "priority")}
