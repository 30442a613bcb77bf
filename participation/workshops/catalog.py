"""Catalogue of workshop templates offered when a moderator creates a workshop.

A template bundles a default title and description, the guiding questions
attendees answer, a set of fields of action (Handlungsfelder) and a run sheet
(Ablauf: the steps of the evening, prepared, not started). Every field
carries a German description, a list of keywords and a display colour. The
keywords seed the TF-IDF classifier that sorts incoming ideas into fields, so
they are written the way citizens actually phrase their ideas (lower case,
common compounds and spelling variants) and each keyword belongs to exactly
one field of its template.

Field colours come from the shared palette (participation/charts/palette.py), in
its order: well apart from each other, also for colour-blind eyes and on a
projector.

The templates of proven formats (KGSt seminar, Digiscouts, SWOT, 1-2-4-All) are
in ``method_catalog``; the dataclasses in ``template_types``.

This module is pure data: it depends only on the standard library and the
palette, and the
objects are frozen so that a template can never be modified by accident. A
workshop created from a template copies the values into its own database rows,
where the moderator may edit them freely.
"""

from __future__ import annotations

from ..charts.palette import FIELD_PALETTE
from .method_catalog import DIGISCOUTS, KGST_SEMINAR, ONE_TWO_FOUR_ALL, SWOT
from .template_types import FieldTemplate, StepTemplate, WorkshopTemplate, per_question

__all__ = ["FieldTemplate", "StepTemplate", "WorkshopTemplate", "TEMPLATES", "get_template"]


# ---------------------------------------------------------------------------
# "Dithmarschen Digital": kick-off evening of a county digital strategy
# ---------------------------------------------------------------------------

_DITHMARSCHEN = WorkshopTemplate(
    key="dithmarschen",
    label="Dithmarschen Digital",
    title="Dithmarschen Digital – Auftakt",
    description=(
        "Auftaktveranstaltung zur kreisweiten Digitalisierungsstrategie: "
        "Wie kann Technologie das Leben der Menschen im Kreis einfacher machen? "
        "Sammeln Sie Beispiele, konkrete Projektideen und Wünsche für Ihren Alltag."
    ),
    questions=(
        "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?",
        "Welche konkrete Projektidee haben wir für die Digitalstrategie im Kreis?",
        "Wie könnte uns Technologie helfen, unseren Alltag besser zu gestalten?",
    ),
    fields=(
        FieldTemplate(
            name="Bildung",
            description=(
                "Digitales Lernen in Kita, Schule, Berufsschule und Volkshochschule "
                "sowie Medienkompetenz und Weiterbildung für alle Altersgruppen."
            ),
            keywords=(
                "schule",
                "grundschule",
                "schüler",
                "lehrer",
                "unterricht",
                "homeschooling",
                "lernplattform",
                "schul-app",
                "schul-cloud",
                "e-learning",
                "vhs",
                "volkshochschule",
                "kita",
                "weiterbildung",
                "medienkompetenz",
                "berufsschule",
                "nachhilfe",
                "computerkurs",
                "lernen",
                "hausaufgaben",
            ),
            colour=FIELD_PALETTE[0],
        ),
        FieldTemplate(
            name="Gesundheit & Pflege",
            description=(
                "Ärztliche Versorgung, Pflege und Notfallhilfe auf dem Land, etwa durch "
                "Telemedizin, E-Rezept, Hausnotruf und digitale Unterstützung für "
                "Pflegekräfte und Angehörige."
            ),
            keywords=(
                "arzt",
                "ärzte",
                "hausarzt",
                "facharzt",
                "arzttermin",
                "telemedizin",
                "videosprechstunde",
                "e-rezept",
                "apotheke",
                "medikamente",
                "pflege",
                "pflegedienst",
                "pflegeheim",
                "krankenhaus",
                "hausnotruf",
                "notruf",
                "rettungsdienst",
                "patientenakte",
                "gesundheit",
                "sturzsensor",
            ),
            colour=FIELD_PALETTE[1],
        ),
        FieldTemplate(
            name="Mobilität",
            description=(
                "Wege im ländlichen Raum ohne eigenes Auto: Bus und Bahn, Rufbus, "
                "Carsharing, Mitfahrangebote, Radverkehr und Ladeinfrastruktur für "
                "Elektrofahrzeuge."
            ),
            keywords=(
                "bus",
                "bahn",
                "zug",
                "öpnv",
                "rufbus",
                "fahrplan",
                "bushaltestelle",
                "carsharing",
                "car-sharing",
                "mitfahrbank",
                "mitfahrgelegenheit",
                "pendler",
                "fahrrad",
                "e-bike",
                "radweg",
                "ladesäule",
                "e-auto",
                "taxi",
                "bahnhof",
                "mobilität",
            ),
            colour=FIELD_PALETTE[2],
        ),
        FieldTemplate(
            name="Verwaltung & Bürgerservice",
            description=(
                "Behördengänge online erledigen: digitale Anträge, Terminvergabe und "
                "Bürgerportale von Kreis, Ämtern und Gemeinden, damit niemand wegen "
                "jedes Formulars ins Amt fahren muss."
            ),
            keywords=(
                "verwaltung",
                "kreisverwaltung",
                "amt",
                "ämter",
                "behörde",
                "behördengänge",
                "rathaus",
                "bürgerbüro",
                "bürgerservice",
                "bürgerdienste",
                "antrag",
                "anträge",
                "formulare",
                "terminvergabe",
                "personalausweis",
                "kfz-zulassung",
                "bauantrag",
                "papierkram",
                "bürgerportal",
                "ummelden",
            ),
            colour=FIELD_PALETTE[3],
        ),
        FieldTemplate(
            name="Wirtschaft & Arbeit",
            description=(
                "Arbeiten und Wirtschaften in der Region: Homeoffice und Co-Working, "
                "Fachkräfte und Ausbildung, Handwerk, Handel, Landwirtschaft und Tourismus."
            ),
            keywords=(
                "homeoffice",
                "home-office",
                "co-working",
                "coworking",
                "arbeitsplätze",
                "fachkräfte",
                "azubis",
                "ausbildungsplatz",
                "unternehmen",
                "firmen",
                "betriebe",
                "handwerk",
                "einzelhandel",
                "dorfladen",
                "hofladen",
                "onlineshop",
                "lieferdienst",
                "gründer",
                "landwirtschaft",
                "tourismus",
            ),
            colour=FIELD_PALETTE[4],
        ),
        FieldTemplate(
            name="Breitband & Infrastruktur",
            description=(
                "Schnelles Internet und gutes Netz bis ins letzte Dorf: Glasfaserausbau, "
                "Mobilfunk ohne Funklöcher und öffentliches WLAN."
            ),
            keywords=(
                "breitband",
                "breitbandausbau",
                "glasfaser",
                "glasfaserausbau",
                "internet",
                "internetanschluss",
                "wlan",
                "w-lan",
                "hotspot",
                "freifunk",
                "funkloch",
                "funklöcher",
                "mobilfunk",
                "handynetz",
                "netzabdeckung",
                "empfang",
                "5g",
                "lte",
                "sendemast",
                "bandbreite",
            ),
            colour=FIELD_PALETTE[5],
        ),
        FieldTemplate(
            name="Umwelt & Energie",
            description=(
                "Energiewende an der Westküste und Schutz von Umwelt und Küste: Wind- und "
                "Solarstrom, Wasserstoff, Wärmeversorgung, Abfall sowie Deich- und "
                "Hochwasserschutz."
            ),
            keywords=(
                "umwelt",
                "klimaschutz",
                "energie",
                "energiewende",
                "strom",
                "solar",
                "photovoltaik",
                "windkraft",
                "windpark",
                "wasserstoff",
                "wärmepumpe",
                "heizung",
                "nahwärme",
                "sperrmüll",
                "müll",
                "müllabfuhr",
                "abfall",
                "wertstoffhof",
                "deich",
                "sturmflut",
            ),
            colour=FIELD_PALETTE[6],
        ),
        FieldTemplate(
            name="Kultur, Freizeit & Ehrenamt",
            description=(
                "Gemeinschaftsleben im Kreis: Kultur- und Freizeitangebote, Büchereien "
                "und Veranstaltungen sowie die digitale Unterstützung von Vereinen, "
                "Feuerwehr und ehrenamtlichem Engagement."
            ),
            keywords=(
                "kultur",
                "museum",
                "museen",
                "theater",
                "konzert",
                "bücherei",
                "bibliothek",
                "onleihe",
                "veranstaltungen",
                "veranstaltungskalender",
                "freizeit",
                "sportverein",
                "verein",
                "vereine",
                "ehrenamt",
                "ehrenamtliche",
                "feuerwehr",
                "jugendtreff",
                "dorffest",
                "nachbarschaftshilfe",
            ),
            colour=FIELD_PALETTE[7],
        ),
    ),
    # The kick-off's default run: each question 10 minutes, then 5 minutes of dots, then the result
    run=(
        *per_question(3, minutes=10),
        StepTemplate("vote", minutes=5, title="Punkte vergeben"),
        StepTemplate("result", title="Ergebnis"),
    ),
    method="Jede Leitfrage 10 Minuten, dann 5 Minuten Punkte und das Ergebnis.",
)


# ---------------------------------------------------------------------------
# "Smarte.Land.Regionen": fields of action of the Meißen measure sheet
# ---------------------------------------------------------------------------

_SMARTE_LAND_REGIONEN = WorkshopTemplate(
    key="smarte-land-regionen",
    label="Smarte.Land.Regionen",
    title="Smarte.Land.Regionen – Digitalstrategie",
    description=(
        "Workshop zur Entwicklung der Digitalisierungsstrategie des Landkreises. "
        "Die Ideen werden den Handlungsfeldern zugeordnet und anschließend in "
        "Fokusgruppen zu Maßnahmen ausgearbeitet."
    ),
    questions=(
        "Wo erleichtert Digitalisierung schon heute das Leben und Arbeiten im Landkreis?",
        "Welche digitale Maßnahme sollte der Landkreis als Erstes umsetzen?",
        "Was braucht es, damit alle Menschen im Landkreis digital teilhaben können?",
    ),
    fields=(
        FieldTemplate(
            name="Daseinsvorsorge",
            description=(
                "Digitale Grundversorgung für alle Menschen im Landkreis: Gesundheit und "
                "Pflege, Bildung, Mobilität und Nahversorgung, gerade in kleinen Orten."
            ),
            keywords=(
                "arzt",
                "hausarzt",
                "telemedizin",
                "e-rezept",
                "apotheke",
                "pflege",
                "pflegedienst",
                "hausnotruf",
                "schule",
                "schüler",
                "kita",
                "volkshochschule",
                "öpnv",
                "bus",
                "rufbus",
                "mitfahrbank",
                "carsharing",
                "nahversorgung",
                "dorfladen",
                "einkaufen",
            ),
            colour=FIELD_PALETTE[0],
        ),
        FieldTemplate(
            name="Wirtschaftsförderung",
            description=(
                "Ein innovatives Umfeld für Unternehmen, Handwerk, Handel, Landwirtschaft "
                "und Tourismus: Fachkräfte gewinnen, Gründungen unterstützen und neue "
                "Arbeitsformen wie Co-Working ermöglichen."
            ),
            keywords=(
                "wirtschaft",
                "unternehmen",
                "firmen",
                "betriebe",
                "mittelstand",
                "handwerk",
                "einzelhandel",
                "gewerbegebiet",
                "ansiedlung",
                "gründer",
                "start-up",
                "fachkräfte",
                "azubis",
                "ausbildungsplatz",
                "co-working",
                "homeoffice",
                "tourismus",
                "landwirtschaft",
                "ihk",
                "onlineshop",
            ),
            colour=FIELD_PALETTE[1],
        ),
        FieldTemplate(
            name="Verwaltung",
            description=(
                "Eine bürgernahe, digitale Verwaltung von Landkreis und Gemeinden: "
                "Online-Anträge, Terminvergabe, elektronische Akte und weniger Wege ins Amt."
            ),
            keywords=(
                "verwaltung",
                "landratsamt",
                "amt",
                "behörde",
                "rathaus",
                "bürgerbüro",
                "bürgerservice",
                "antrag",
                "anträge",
                "formulare",
                "terminvergabe",
                "personalausweis",
                "kfz-zulassung",
                "bauantrag",
                "e-akte",
                "e-government",
                "bürgerportal",
                "ozg",
                "ummelden",
                "gemeinderat",
            ),
            colour=FIELD_PALETTE[2],
        ),
        FieldTemplate(
            name="Daten",
            description=(
                "Querschnittsthema: Daten offen, sicher und nützlich machen, von Open Data "
                "und Sensorik über Datenplattformen bis zu Datenschutz und IT-Sicherheit."
            ),
            keywords=(
                "daten",
                "open-data",
                "opendata",
                "datenschutz",
                "dsgvo",
                "datensicherheit",
                "it-sicherheit",
                "cybersicherheit",
                "datenplattform",
                "datenbank",
                "schnittstelle",
                "dashboard",
                "sensoren",
                "messwerte",
                "geodaten",
                "kartendienst",
                "statistik",
                "auswertung",
                "datenraum",
                "digitaler zwilling",
            ),
            colour=FIELD_PALETTE[3],
        ),
        FieldTemplate(
            name="Breitband und digitale Infrastrukturen",
            description=(
                "Querschnittsthema: die technische Grundlage für alle anderen "
                "Handlungsfelder, also Glasfaser, Mobilfunk, öffentliches WLAN und "
                "digitale Infrastruktur wie Rechenzentren und Funknetze."
            ),
            keywords=(
                "breitband",
                "breitbandausbau",
                "glasfaser",
                "glasfaserausbau",
                "internet",
                "internetanschluss",
                "wlan",
                "w-lan",
                "hotspot",
                "freifunk",
                "funkloch",
                "mobilfunk",
                "handynetz",
                "netzabdeckung",
                "5g",
                "lte",
                "sendemast",
                "rechenzentrum",
                "server",
                "lorawan",
            ),
            colour=FIELD_PALETTE[4],
        ),
        FieldTemplate(
            name="Kooperation und Organisation",
            description=(
                "Querschnittsthema: Zusammenarbeit von Landkreis, Gemeinden, Wirtschaft, "
                "Vereinen und Bürgerschaft, mit klaren Ansprechpartnern, Netzwerken und "
                "gemeinsamer Nutzung von Wissen und Fördermitteln."
            ),
            keywords=(
                "kooperation",
                "zusammenarbeit",
                "vernetzung",
                "netzwerk",
                "interkommunal",
                "partnerschaft",
                "ansprechpartner",
                "koordination",
                "koordinierungsstelle",
                "digitallotse",
                "ersthelfer",
                "digiscouts",
                "arbeitsgruppe",
                "bürgerbeteiligung",
                "beteiligung",
                "ehrenamt",
                "vereine",
                "fördermittel",
                "wissensaustausch",
                "kompetenzzentrum",
            ),
            colour=FIELD_PALETTE[5],
        ),
    ),
    # Strategy workshop: take stock alone first (no anchoring on loud voices), then the
    # measures openly, a short pause before the room weighs them, then the result.
    run=(
        StepTemplate("silent", (0,), 8, title="Bestandsaufnahme – jede und jeder für sich"),
        StepTemplate("collect", (1, 2), 15, title="Maßnahmen und Teilhabe"),
        StepTemplate("pause", (), 10, title="Kaffeepause"),
        StepTemplate("vote", (), 7, title="Maßnahmen gewichten"),
        StepTemplate("result", title="Ergebnis"),
    ),
    method=(
        "Erst 8 Minuten still sammeln, was schon gelingt, dann 15 Minuten offen Maßnahmen und "
        "Teilhabe, nach der Pause 7 Minuten Punkte und das Ergebnis."
    ),
)


# ---------------------------------------------------------------------------
# Empty template: the moderator starts from scratch, without a run sheet (as before run sheets)
# ---------------------------------------------------------------------------

_BLANK = WorkshopTemplate(
    key="blank",
    label="Leer",
    title="",
    description="",
    questions=(),
    fields=(),
)


TEMPLATES: dict[str, WorkshopTemplate] = {
    template.key: template
    for template in (_DITHMARSCHEN, _SMARTE_LAND_REGIONEN, KGST_SEMINAR, DIGISCOUTS, SWOT, ONE_TWO_FOUR_ALL, _BLANK)
}
"""All templates by key, in the order they are offered in the UI."""


def get_template(key: str) -> WorkshopTemplate:
    """Return the template registered under ``key``.

    Raises ``KeyError`` if no template has that key.
    """
    try:
        return TEMPLATES[key]
    except KeyError:
        raise KeyError(f"unknown workshop template: {key!r}") from None
