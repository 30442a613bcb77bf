"""Templates of proven workshop formats: each brings questions, fields where they help the
analysis, and a run sheet that follows the method.

- KGSt seminar building blocks: Standortanalyse, Stakeholderanalyse, Wertversprechen, one
  round each, as the KGSt seminars on digital municipal administration run them.
- Digiscouts idea sprint: trainees of the administration collect problems of their daily
  work, then ideas, and the room votes for one project.
- SWOT: strengths, weaknesses, opportunities and threats, each a question.
- 1-2-4-All (Liberating Structures): one question; alone, in pairs, in fours, then all.

Pure data like ``catalog``; keywords are lower case and belong to one field of their
template; colours come from the shared palette in its order.
"""

from __future__ import annotations

from ..charts.palette import FIELD_PALETTE
from .template_types import FieldTemplate, StepTemplate, WorkshopTemplate, per_question

# ---------------------------------------------------------------------------
# KGSt seminar: three building blocks, one round each
# ---------------------------------------------------------------------------

KGST_SEMINAR = WorkshopTemplate(
    key="kgst-seminar",
    label="KGSt-Seminar: Standort, Beteiligte, Nutzen",
    title="Digitale Verwaltung – Standort, Beteiligte, Nutzen",
    description=(
        "Seminar in drei Bausteinen nach dem Vorbild der KGSt-Seminare: Standortanalyse "
        "(Wo stehen wir heute?), Stakeholderanalyse (Wer ist betroffen, wer entscheidet mit?) "
        "und Wertversprechen (Welchen Nutzen stiftet das für wen?). Jeder Baustein ist eine "
        "Arbeitsrunde; am Ende gewichten alle, woran weitergearbeitet wird."
    ),
    questions=(
        "Standortanalyse: Wo stehen wir heute?",
        "Stakeholderanalyse: Wer ist betroffen, wer entscheidet mit?",
        "Wertversprechen: Welchen Nutzen stiftet das für wen?",
    ),
    fields=(
        FieldTemplate(
            name="Organisation & Prozesse",
            description=(
                "Abläufe, Zuständigkeiten und Steuerung in der Verwaltung: was heute auf Papier, "
                "doppelt oder über viele Schreibtische läuft und wie es einfacher ginge."
            ),
            keywords=(
                "prozess", "prozesse", "ablauf", "abläufe", "zuständigkeit", "zuständigkeiten",
                "fachbereich", "dezernat", "steuerung", "medienbruch", "medienbrüche", "papier",
                "umlauf", "genehmigung", "workflow",
            ),
            colour=FIELD_PALETTE[0],
        ),
        FieldTemplate(
            name="Personal & Kompetenzen",
            description=(
                "Die Menschen in der Verwaltung: Wissen, Fortbildung, Führung, Veränderungsbereitschaft "
                "und die Frage, wer Neues in den Alltag trägt."
            ),
            keywords=(
                "mitarbeitende", "mitarbeiter", "beschäftigte", "personal", "führung", "führungskräfte",
                "fortbildung", "schulung", "kompetenz", "kompetenzen", "personalrat", "nachwuchs",
                "wissen", "akzeptanz", "kulturwandel",
            ),
            colour=FIELD_PALETTE[1],
        ),
        FieldTemplate(
            name="Technik & Daten",
            description=(
                "Fachverfahren, Schnittstellen, E-Akte, Daten und IT-Sicherheit: die technische "
                "Grundlage, auf der Prozesse digital laufen können."
            ),
            keywords=(
                "software", "fachverfahren", "schnittstelle", "schnittstellen", "e-akte", "dms",
                "daten", "datenschutz", "it-sicherheit", "it-dienstleister", "rechenzentrum", "server",
                "cloud", "hardware", "lizenzen",
            ),
            colour=FIELD_PALETTE[2],
        ),
        FieldTemplate(
            name="Bürgerschaft & Wirtschaft",
            description=(
                "Wer außerhalb der Verwaltung betroffen ist und profitiert: Bürgerinnen und Bürger, "
                "Unternehmen, Vereine, Politik und Nachbarkommunen."
            ),
            keywords=(
                "bürger", "bürgerinnen", "einwohner", "unternehmen", "betriebe", "vereine", "politik",
                "gemeinderat", "kreistag", "nachbarkommunen", "senioren", "jugendliche", "antragsteller",
                "kunden", "öffentlichkeit",
            ),
            colour=FIELD_PALETTE[3],
        ),
    ),
    run=(
        *per_question(3, minutes=15),
        StepTemplate("vote", minutes=5, title="Gewichten: Woran arbeiten wir weiter?"),
        StepTemplate("result", title="Ergebnis"),
    ),
    method=(
        "Drei Arbeitsrunden zu je 15 Minuten, eine je Baustein, dann 5 Minuten Punkte und das Ergebnis."
    ),
)


# ---------------------------------------------------------------------------
# Digiscouts: trainees find problems in the administration and pick one project
# ---------------------------------------------------------------------------

DIGISCOUTS = WorkshopTemplate(
    key="digiscouts",
    label="Digiscouts-Ideensprint",
    title="Digiscouts – Ideensprint",
    description=(
        "Ideensprint nach dem Vorbild der Digiscouts: Auszubildende und Nachwuchskräfte sammeln, "
        "wo es im Arbeitsalltag der Verwaltung hakt, entwickeln digitale Lösungen dafür und "
        "wählen gemeinsam das eine Projekt, das sie umsetzen."
    ),
    questions=(
        "Wo hakt es in unserem Arbeitsalltag in der Verwaltung?",
        "Welche digitale Lösung würde dabei helfen?",
    ),
    fields=(
        FieldTemplate(
            name="Papier & Formulare",
            description="Ausdrucken, Unterschreiben, Abheften: Formulare, Akten und Post, die noch auf Papier laufen.",
            keywords=(
                "papier", "formular", "formulare", "ausdrucken", "drucker", "unterschrift", "unterschreiben",
                "akte", "akten", "ablage", "aktenordner", "scannen", "post", "hauspost", "stempel",
            ),
            colour=FIELD_PALETTE[0],
        ),
        FieldTemplate(
            name="Kommunikation & Zusammenarbeit",
            description="Absprachen im Team und zwischen Ämtern: E-Mails, Telefon, Besprechungen, geteilte Dokumente.",
            keywords=(
                "e-mail", "e-mails", "mail", "telefon", "rückruf", "besprechung", "meeting", "chat",
                "teams", "videokonferenz", "absprache", "abstimmung", "vertretung", "übergabe", "intranet",
            ),
            colour=FIELD_PALETTE[1],
        ),
        FieldTemplate(
            name="Termine & Bürgerkontakt",
            description="Wie Bürgerinnen und Bürger die Verwaltung erreichen: Termine, Warteschlangen, Auskünfte, Online-Dienste.",
            keywords=(
                "termin", "termine", "terminvergabe", "wartezeit", "warteschlange", "wartemarke",
                "sprechzeiten", "öffnungszeiten", "bürgerbüro", "auskunft", "anfrage", "anfragen",
                "onlinedienst", "chatbot", "bürgerportal",
            ),
            colour=FIELD_PALETTE[2],
        ),
        FieldTemplate(
            name="IT-Ausstattung & Software",
            description="Rechner, Programme, Zugänge und Netz: was fehlt, langsam ist oder nicht zusammenpasst.",
            keywords=(
                "rechner", "computer", "laptop", "bildschirm", "monitor", "programm", "programme",
                "passwort", "passwörter", "login", "netzwerk", "wlan", "homeoffice", "tablet", "diensthandy",
            ),
            colour=FIELD_PALETTE[3],
        ),
        FieldTemplate(
            name="Wissen & Einarbeitung",
            description="Wie Wissen weitergegeben wird: Einarbeitung, Anleitungen, Schulungen und Ansprechpersonen.",
            keywords=(
                "einarbeitung", "anleitung", "anleitungen", "handbuch", "wiki", "schulung", "schulungen",
                "lernvideo", "erklärvideo", "azubi", "azubis", "ausbildung", "ansprechpartner", "wissen",
                "checkliste",
            ),
            colour=FIELD_PALETTE[4],
        ),
    ),
    run=(
        StepTemplate("collect", (0,), 10, title="Probleme sammeln"),
        StepTemplate("collect", (1,), 15, title="Ideen entwickeln"),
        StepTemplate("vote", (1,), 5, title="Ein Projekt wählen"),
        StepTemplate("result", (1,), title="Unser Projekt"),
    ),
    method=(
        "Probleme sammeln (10 Minuten), Lösungsideen entwickeln (15 Minuten), dann punkten alle für "
        "das eine Projekt: Die Idee mit den meisten Punkten steht im Ergebnis oben."
    ),
)


# ---------------------------------------------------------------------------
# SWOT
# ---------------------------------------------------------------------------

SWOT = WorkshopTemplate(
    key="swot",
    label="SWOT-Analyse",
    title="SWOT-Analyse",
    description=(
        "Stärken, Schwächen, Chancen und Risiken eines Vorhabens, einer Einrichtung oder eines "
        "Ortes: erst der Blick nach innen (Stärken, Schwächen), dann nach außen (Chancen, Risiken)."
    ),
    questions=(
        "Stärken: Was gelingt uns heute gut, worauf können wir bauen?",
        "Schwächen: Wo hakt es, was fehlt uns?",
        "Chancen: Welche Entwicklungen von außen können wir nutzen?",
        "Risiken: Welche Entwicklungen von außen gefährden das Vorhaben?",
    ),
    fields=(),
    run=(
        StepTemplate("collect", (0, 1), 10, title="Innen: Stärken und Schwächen"),
        StepTemplate("collect", (2, 3), 10, title="Außen: Chancen und Risiken"),
        StepTemplate("vote", minutes=5, title="Was ist am wichtigsten?"),
        StepTemplate("result", title="Ergebnis"),
    ),
    method=(
        "Zwei Runden zu je 10 Minuten (innen: Stärken und Schwächen; außen: Chancen und Risiken), "
        "dann 5 Minuten Punkte für das Wichtigste."
    ),
)


# ---------------------------------------------------------------------------
# 1-2-4-All (Liberating Structures)
# ---------------------------------------------------------------------------

ONE_TWO_FOUR_ALL = WorkshopTemplate(
    key="1-2-4-all",
    label="1-2-4-Alle",
    title="1-2-4-Alle",
    description=(
        "Alle kommen zu Wort, in wenigen Minuten: Jede und jeder denkt erst allein nach, dann zu "
        "zweit, dann zu viert; zuletzt sieht der ganze Raum, was entstanden ist."
    ),
    questions=("Welche Idee würde unser Vorhaben in den nächsten Monaten am meisten voranbringen?",),
    fields=(),
    # The app keeps time and collects; the pairs and fours form in the room.
    run=(
        StepTemplate("silent", minutes=1, auto=True, title="1 – allein nachdenken"),
        StepTemplate("collect", minutes=2, auto=True, title="2 – zu zweit"),
        StepTemplate("collect", minutes=4, auto=True, title="4 – zu viert"),
        StepTemplate("vote", minutes=5, title="Alle – gemeinsam sichten und punkten"),
        StepTemplate("result", title="Ergebnis"),
    ),
    method=(
        "1 Minute still allein (niemand sieht die Ideen der anderen), 2 Minuten zu zweit, 4 Minuten "
        "zu viert – jeweils automatisch weiter –, dann 5 Minuten für alle: gemeinsam sichten und "
        "punkten. Paare und Vierergruppen finden sich im Raum; die App hält die Zeit und sammelt."
    ),
)

__all__ = ["KGST_SEMINAR", "DIGISCOUTS", "SWOT", "ONE_TWO_FOUR_ALL"]
