"""Tasks for the guided-sorting benchmark: labelled sets with the catalogues of real use.

A task is a list of labelled items and a catalogue of fields. Besides the catalogues used
while the analysis was developed (the Ottensen fields with 15-16 keywords and a
description each, the Dithmarschen template with 20), the tasks imitate how a moderator
really sets up a workshop: a name and 5-8 keywords typed in a minute, no description.

The moderator keyword lists below were written from the field NAMES only, before looking
at any idea of the sets, as a moderator would type them; they were not changed after
seeing results. Catalogues of 5 to 12 fields, some with a "Sonstiges" field that gets
every idea of no named field, and ideas of very different lengths (the 12-field task
mixes one-line workshop ideas, Ottensen titles alone and full Ottensen contributions).

Every item keeps the development/test part of ``bench.datasets.Item`` (a hash of its text).
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass

from participation.analysis import FieldSpec

from bench.datasets import OTTENSEN_CSV, OTTENSEN_FIELDS, Item, dithmarschen_fields, load_ottensen, load_workshop_set
from bench import workshop_set as ws

SONSTIGES = "Sonstiges"


@dataclass(frozen=True)
class Task:
    name: str
    items: list[Item]
    fields: tuple[FieldSpec, ...]
    note: str


def _field(name: str, *keywords: str) -> FieldSpec:
    return FieldSpec(name, name, "", tuple(keywords))


# Written from the names only (see the module docstring).
MODERATOR_WORKSHOP = {
    ws.BILDUNG: ("Schule", "Kita", "Lernen", "Lehrer", "Schüler", "Weiterbildung", "Volkshochschule"),
    ws.GESUNDHEIT: ("Arzt", "Krankenhaus", "Pflege", "Apotheke", "Gesundheit", "Senioren", "Notfall"),
    ws.MOBILITAET: ("Bus", "Bahn", "Radweg", "Auto", "Verkehr", "Carsharing", "Mitfahren"),
    ws.VERWALTUNG: ("Amt", "Antrag", "Rathaus", "Formulare", "online", "Termin", "Bürgerbüro"),
    ws.WIRTSCHAFT: ("Arbeitsplätze", "Unternehmen", "Firmen", "Handwerk", "Homeoffice", "Fachkräfte", "Ausbildung"),
    ws.BREITBAND: ("Internet", "Glasfaser", "Funkloch", "Netz", "WLAN", "Handyempfang", "5G"),
    ws.UMWELT: ("Klima", "Energie", "Solar", "Windkraft", "Naturschutz", "Müll", "Strom"),
    ws.KULTUR: ("Verein", "Ehrenamt", "Kultur", "Sport", "Jugend", "Veranstaltungen", "Museum"),
}
MODERATOR_MODES = {
    "Radverkehr": ("Fahrrad", "Radweg", "Radfahrer", "Fahrradstraße", "Abstellplätze", "Lastenrad"),
    "Fußverkehr": ("Fußgänger", "Gehweg", "Bürgersteig", "Zebrastreifen", "Ampel", "barrierefrei"),
    "ÖPNV": ("Bus", "Bahn", "Haltestelle", "HVV", "Takt", "S-Bahn"),
    "Wirtschaftsverkehr": ("Lieferverkehr", "Lieferwagen", "LKW", "Anlieferung", "Paketdienst", "Ladezone"),
    "Autoverkehr": ("Auto", "Parkplatz", "Parken", "Tempo", "Stau", "Durchgangsverkehr"),
}
PARKEN, FLIESSEND, UMSTIEG, ANGEBOTE = "Parken", "Fließender Verkehr", "Umsteigen & Verknüpfung", "Neue Mobilitätsangebote"
MODERATOR_SPECS = {
    PARKEN: ("Parkplatz", "Parken", "Parkhaus", "Anwohnerparken", "Stellplätze", "Falschparker"),
    FLIESSEND: ("Verkehr", "Tempo", "Ampel", "Kreuzung", "Stau", "Fahrbahn", "Durchfahrt"),
    UMSTIEG: ("Umsteigen", "Mobilitätsstation", "Park and Ride", "Bike and Ride", "Verknüpfung", "Anschluss"),
    ANGEBOTE: ("Sharing", "E-Scooter", "Leihräder", "App", "Shuttle", "Car-Sharing", "Rufbus"),
}
# A catch-all as a moderator types it: a name and perhaps a word or two.
CATCH_ALL = _field(SONSTIGES, "Allgemeines", "Weiteres")


def _ottensen_rows() -> list[dict]:
    with OTTENSEN_CSV.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _short(item: Item) -> Item:
    """Half of the Ottensen contributions (by hash) as their title only: very short texts."""
    if zlib.crc32(item.key.encode()) % 2:
        return item
    return Item(item.key, item.text.split("\n", 1)[0], item.label, item.labels)


def tasks() -> list[Task]:
    ottensen = load_ottensen()
    modes = [item for item in ottensen if item.label]
    no_mode = [Item(item.key, item.text, SONSTIGES, frozenset({SONSTIGES})) for item in ottensen if not item.labels]
    workshop = load_workshop_set()
    spec_flags = {"stationary traffic (parking)": PARKEN, "moving traffic": FLIESSEND,
                  "inter- and multimodality": UMSTIEG, "new services": ANGEBOTE}
    specs = []
    for row in _ottensen_rows():
        found = [label for flag, label in spec_flags.items() if row[flag] == "1"]
        if len(found) <= 1:
            label = found[0] if found else SONSTIGES
            specs.append(Item(row["document_id"], f"{row['title'].strip()}\n{row['text'].strip()}", label, frozenset({label})))
    moderator_workshop = tuple(_field(name, *words) for name, words in MODERATOR_WORKSHOP.items())
    moderator_modes = tuple(_field(name, *words) for name, words in MODERATOR_MODES.items())
    # 6 named fields + Sonstiges, which is right for the ideas of the two fields left out
    left_out = {ws.WIRTSCHAFT, ws.KULTUR}
    workshop_other = [item if item.label not in left_out else Item(item.key, item.text, SONSTIGES, frozenset({SONSTIGES}))
                      for item in workshop]
    # 12 fields: 7 workshop fields (without Mobilität) + the 5 Ottensen modes, mixed lengths
    mixed = [item for item in workshop if item.label != ws.MOBILITAET] + [_short(item) for item in modes]
    return [
        Task("Ott-modes", modes, OTTENSEN_FIELDS, "5 fields, developer's lists (15-16 words + description)"),
        Task("Ott-modes-m", modes, moderator_modes, "5 fields, moderator lists (6 words)"),
        Task("Ott-modes-m+S", modes + no_mode, moderator_modes + (CATCH_ALL,), "6 fields incl. Sonstiges (no mode)"),
        Task("Ott-specs-m+S", specs, tuple(_field(name, *words) for name, words in MODERATOR_SPECS.items()) + (CATCH_ALL,),
             "5 fields incl. Sonstiges, second label scheme"),
        Task("WS", workshop, dithmarschen_fields(), "8 fields, template lists (20 words + description)"),
        Task("WS-m", workshop, moderator_workshop, "8 fields, moderator lists (7 words)"),
        Task("WS-m+S", workshop_other, tuple(field for field in moderator_workshop if field.key not in left_out) + (CATCH_ALL,),
             "7 fields incl. Sonstiges (ideas of 2 fields)"),
        Task("Mixed-12-m", mixed, tuple(field for field in moderator_workshop if field.key != ws.MOBILITAET) + moderator_modes,
             "12 fields, short and long texts"),
    ]
