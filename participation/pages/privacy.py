"""What the app stores about attendees, taken from the schema and the configuration.

The privacy page (/datenschutz, /w/<code>/datenschutz) is rendered from this module, not
from free prose, so it cannot drift from the code: cookie names, lifetimes and flags come
from the configuration, the list of stored data from the tables themselves. Tests hold
it to the schema: every column of an attendee's records must be described here, and the
page only claims "no IP address, no user agent" while no column could hold one.
"""

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..auth import throttle
from ..choices import services as choices  # issue 22 (choices): the final vote's ballots and cookie
from ..extensions import db
from ..i18n import selection
from ..ideas.participants import NICKNAME_MAX_LENGTH
from ..workshops.retention import retention_days

# Column names that would mean the schema can hold a network address or device identifier.
NETWORK_IDENTIFIER = re.compile(
    r"(^|_)(ip|ips|ip_?addr(ess)?|remote_?addr(ess)?|client_?addr(ess)?|user_?agent|useragent|fingerprint)($|_)",
    re.IGNORECASE,
)

# Every column of the tables an attendee's data lives in, grouped by what it means to them.
ATTENDEE_RECORDS = {
    "participant": (_l("Ihre Teilnahme an einem Workshop"), (
        (("id", "workshop_id"), _l("eine laufende Nummer und der Workshop, an dem Sie teilnehmen")),
        (("token_hash",), _l("die SHA-256-Prüfsumme der Zufallszahl aus Ihrem Cookie – nicht die Zufallszahl "
                             "selbst; aus der Prüfsumme lässt sich das Cookie nicht zurückrechnen")),
        (("nickname",), _l("Ihr Name oder Spitzname – nur wenn Sie einen angeben")),
        (("created_at",), _l("wann Sie dem Workshop beigetreten sind")),
        (("held",), _l("ob Sie beigetreten sind, als sehr viele Geräte auf einmal dazukamen (etwa ein Skript); "
                       "dann warten Ihre Ideen auf die Freigabe durch die Moderation. Ihre Adresse wird dafür "
                       "nicht gespeichert, nur für Sekunden als Prüfsumme mit geheimem Schlüssel gezählt")),
        (("done_step_id",), _l("ob Sie im laufenden Schritt des Ablaufs „Ich bin fertig“ gesagt haben")),
        (("queue_waiting", "queue_reported_at"),
         _l("wie viele Ideen oder Punkte Ihr Handy zuletzt als „wartet auf Netz“ gemeldet hat, und wann – "
            "nur eine Zahl, damit die Moderation sieht, dass noch Ideen unterwegs sind")),
        (("group_id",), _l("in welcher Gruppe (an welchem Tisch) Sie mitarbeiten – nur wenn Sie eine wählen")),
    )),
    "idea": (_l("Ihre Ideen"), (
        (("id", "workshop_id", "question_id", "participant_id"),
         _l("eine laufende Nummer, Workshop und Frage, und dass die Idee von Ihnen ist")),
        (("text",), _l("der Text, den Sie schreiben")),
        (("idempotency_key",), _l("eine Zufallskennung des Formulars: zweimal Absenden speichert die Idee nur einmal")),
        (("status", "merged_into_id"),
         _l("ob die Idee sichtbar, ausgeblendet oder noch nicht freigegeben ist, und ob die Moderation sie "
            "mit einer ähnlichen Idee zusammengeführt hat")),
        (("field_id", "field_score", "field_terms", "field_confirmed"),
         _l("in welches Handlungsfeld die Idee einsortiert ist, mit den Wörtern, die dafür sprachen")),
        (("step_id",), _l("in welchem Schritt des Ablaufs die Idee geschrieben wurde")),
        (("source", "source_name", "source_key", "author", "paper_votes"),
         _l("bei Ideen von Papierkarten oder aus einer importierten Datei: woher die Idee kommt (mit dem "
            "Dateinamen), eine Kennung der Karte oder Zeile, damit nichts doppelt gespeichert wird, der Name "
            "auf der Karte, falls einer daraufsteht, und die Klebepunkte – bei Ideen vom Handy bleibt das leer")),
        (("group_id", "promoted_at"),
         _l("in welcher Gruppe die Idee geschrieben wurde, und ob und wann die Gruppe sie ins Plenum gegeben hat")),
        (("created_at", "updated_at"), _l("wann Sie die Idee geschrieben und zuletzt geändert haben")),
        (("posted_seq",), _l("an welcher Stelle der Reihenfolge aller Beiträge des Workshops die Idee gespeichert "
                             "wurde – nur eine Zahl, damit Listen jede Idee genau einmal zeigen")),
    )),
    "vote": (_l("Ihre Punkte"), (
        (("id", "idea_id", "participant_id"), _l("für welche Idee Sie einen Punkt gegeben haben")),
        (("created_at",), _l("wann")),
    )),
    "idea_revision": (_l("Frühere Fassungen einer Idee"), (
        (("id", "idea_id", "text"), _l("der Text einer Idee vor einer Änderung")),
        (("edited_by",), _l("ob Sie oder die Moderation geändert haben")),
        (("created_at",), _l("wann")),
    )),
    "event": (_l("Protokoll für die Live-Anzeige"), (
        (("workshop_id", "seq", "kind", "payload"),
         _l("jede Änderung an der Ideenwand mit dem Text und Spitznamen der Idee, damit Wand und Handys "
            "sie sofort zeigen; löschen Sie eine Idee, verschwindet ihr Text auch hier")),
        (("created_at",), _l("wann")),
    )),
    # --- issue 22, choices ---
    "project_ballot": (_l("Ihr Stimmzettel bei einer Projektauswahl"), (
        (("id", "choice_id"), _l("eine laufende Nummer und die Abstimmung, an der Sie teilnehmen")),
        (("voter",), _l("die SHA-256-Prüfsumme der Zufallszahl aus Ihrem Abstimmungs-Cookie (zusammen mit dem "
                        "Code der Abstimmung) – nicht die Zufallszahl selbst; so können Sie nur einmal abstimmen "
                        "und Ihre Stimme ändern, und Ihre Stimmen in verschiedenen Abstimmungen lassen sich nicht "
                        "verbinden")),
        (("marks",), _l("Ihre Stimme: wie viele Punkte Sie welchem Vorschlag gegeben haben, oder Ihre Rangfolge")),
        (("created_at", "updated_at"), _l("wann Sie abgestimmt und Ihre Stimme zuletzt geändert haben")),
    )),
    # --- end issue 22, choices ---
}


def network_identifier_columns():
    """"table.column" for every column whose name suggests an address or a device identifier."""
    return sorted(
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if NETWORK_IDENTIFIER.search(column.name)
    )


def attendee_records():
    """[(title, [description, ...])] for the page, in the order above."""
    return [(title, [text for _columns, text in groups]) for title, groups in ATTENDEE_RECORDS.values()]


@dataclass
class Cookie:
    name: str
    purpose: str
    content: str
    lifetime_days: int | None  # None: until the browser is closed
    who: str
    http_only: bool
    same_site: str
    secure: bool


def cookies():
    config = current_app.config
    return [
        Cookie(
            name=config["PARTICIPANT_COOKIE"],
            purpose=_l("merkt sich, welche Ideen und Punkte Ihre sind, damit Sie sie ändern und löschen können"),
            content=_l("eine Zufallszahl; gespeichert wird nur ihre SHA-256-Prüfsumme"),
            lifetime_days=config["PARTICIPANT_COOKIE_MAX_AGE"] // 86400,
            who=_l("alle, die einem Workshop beitreten"),
            http_only=True,
            same_site="Lax",
            secure=bool(config["PARTICIPANT_COOKIE_SECURE"]),
        ),
        Cookie(
            name=config.get("SESSION_COOKIE_NAME", "session"),
            purpose=_l("schützt Formulare vor Fälschung (Sicherheits-Token); bei der Moderation auch die Anmeldung"),
            content=_l("ein signierter Sicherheits-Token; bei der Moderation zusätzlich die Kontonummer und eine "
                       "Prüfsumme von Adresse und Browser, die ein gestohlenes Cookie anderswo unbrauchbar macht"),
            lifetime_days=None,
            who=_l("alle, die ein Formular öffnen"),
            http_only=bool(config.get("SESSION_COOKIE_HTTPONLY", True)),
            same_site=config.get("SESSION_COOKIE_SAMESITE") or "Lax",
            secure=bool(config["SESSION_COOKIE_SECURE"]),
        ),
        Cookie(
            name=selection.COOKIE,
            purpose=_l("merkt sich die Sprache, die Sie gewählt haben"),
            content=_l("das Kürzel der Sprache, z. B. „de“ oder „en“"),
            lifetime_days=selection.COOKIE_MAX_AGE // 86400,
            who=_l("nur wer die Sprache umschaltet"),
            http_only=True,
            same_site="Lax",
            secure=bool(config["SESSION_COOKIE_SECURE"]),
        ),
        Cookie(
            name=config.get("REMEMBER_COOKIE_NAME", "remember_token"),
            purpose=_l("hält die Anmeldung der Moderation, wenn sie „Angemeldet bleiben“ wählt"),
            content=_l("die Kontonummer und die Sitzungskennung des Kontos, signiert; beim Abmelden und mit "
                       "einem neuen Passwort wird sie auf dem Server ungültig"),
            lifetime_days=_days(config.get("REMEMBER_COOKIE_DURATION")) or 365,
            who=_l("nur Moderatorinnen und Moderatoren"),
            http_only=bool(config.get("REMEMBER_COOKIE_HTTPONLY", True)),
            same_site=config.get("REMEMBER_COOKIE_SAMESITE") or "Lax",
            secure=bool(config["REMEMBER_COOKIE_SECURE"]),
        ),
        Cookie(
            name=throttle.DEVICE_COOKIE,
            purpose=_l("erkennt einen Browser, mit dem sich eine Moderatorin schon einmal angemeldet hat, damit "
                       "fremde Rateversuche ihre Anmeldung nicht verzögern"),
            content=_l("eine Zufallszahl und Prüfsummen der Benutzernamen, signiert"),
            lifetime_days=throttle.DEVICE_COOKIE_MAX_AGE // 86400,
            who=_l("nur Moderatorinnen und Moderatoren"),
            http_only=True,
            same_site="Lax",
            secure=bool(config["SESSION_COOKIE_SECURE"]),
        ),
        # --- issue 22, choices ---
        Cookie(
            name=choices.VOTER_COOKIE,
            purpose=_l("merkt sich, welcher Stimmzettel einer Projektauswahl Ihrer ist, damit Sie nur einmal "
                       "abstimmen und Ihre Stimme ändern können"),
            content=_l("eine Zufallszahl; gespeichert wird nur ihre SHA-256-Prüfsumme"),
            lifetime_days=choices.VOTER_COOKIE_MAX_AGE // 86400,
            who=_l("nur wer bei einer Projektauswahl abstimmt"),
            http_only=True,
            same_site="Lax",
            secure=bool(config["PARTICIPANT_COOKIE_SECURE"]),
        ),
        # --- end issue 22, choices ---
    ]


def _days(duration):
    if duration is None:
        return None
    seconds = duration.total_seconds() if hasattr(duration, "total_seconds") else float(duration)
    return int(seconds // 86400)


def facts():
    """Everything the privacy page states that depends on code or configuration."""
    config = current_app.config
    return {
        "records": attendee_records(),
        "cookies": cookies(),
        "no_network_identifiers": not network_identifier_columns(),
        "retention_days": retention_days(),
        "rate_window": config["RATE_LIMIT_WINDOW"],
        "nickname_max": NICKNAME_MAX_LENGTH,
        # SQLite runs with secure_delete: deleted rows are overwritten in the file at once.
        "overwrites_deleted": db.engine.dialect.name == "sqlite",
        "operator": config.get("OPERATOR_NAME"),
        "privacy_contact": config.get("PRIVACY_CONTACT"),
    }

