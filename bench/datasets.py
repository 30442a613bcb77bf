"""Evaluation data for ``bench/analysis.py``: the Ottensen corpus and our workshop set.

The Ottensen contributions are read from ``../shared/data/ottensen/`` (never copied into
the repository; see its README.md and TERMS-OF-USE.txt: contributions CC BY 4.0 with the
contribution URL as attribution, categories CC BY-SA 4.0). They are multi-label; the
single-label subset keeps contributions with exactly one of five mode-of-transport
classes, read from the category hierarchy:

* Radverkehr: non-motorized + cycling only        * Fußverkehr: non-motorized + walking only
* ÖPNV: motorized + public transport (local) only  * Wirtschaftsverkehr: motorized + commercial
* Autoverkehr: motorized transport and nothing more specific

The fields for Ottensen (name, description, keywords) were written by the developer from
general knowledge of urban mobility planning before looking at the classification
results, and were not changed afterwards to fit the contributions.

Every item also falls deterministically into a development or a test part (by a hash of
its text): method choices were made looking at the development part only, the benchmark
reports the test part (and the full set for reference).
"""

from __future__ import annotations

import csv
import zlib
from dataclasses import dataclass
from pathlib import Path

from participation.analysis import FieldSpec
from participation.workshops.catalog import get_template

from bench.workshop_set import WORKSHOP_SET

_OTTENSEN_PLACES = [
    parent / "shared" / "data" / "ottensen" / "dataset-Ottensen-thematic-d1a.csv"
    for parent in Path(__file__).resolve().parents[2:4]
]  # next to the repository, or next to the folder of worktrees (/work/wt/<name>)
OTTENSEN_CSV = next((path for path in _OTTENSEN_PLACES if path.exists()), _OTTENSEN_PLACES[0])

DEV_SHARE = 0.4


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    label: str | None  # single gold field, or None when the item is not single-label
    labels: frozenset[str]  # every field the item belongs to

    @property
    def part(self) -> str:
        """"dev" or "test", fixed by a hash of the text."""
        return "dev" if zlib.crc32(self.text.encode("utf-8")) % 1000 < DEV_SHARE * 1000 else "test"


RAD, FUSS, OEPNV, WIRTSCHAFT, AUTO = "Radverkehr", "Fußverkehr", "ÖPNV", "Wirtschaftsverkehr", "Autoverkehr"

OTTENSEN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        RAD,
        RAD,
        "Radfahren im Quartier: Radwege und Fahrradstraßen, sichere Kreuzungen, "
        "Abstellanlagen und Leihräder für Radfahrende.",
        ("fahrrad", "fahrräder", "rad", "radweg", "radfahrer", "radfahrende", "radverkehr",
         "fahrradstraße", "radspur", "fahrradbügel", "fahrradständer", "abstellanlage",
         "lastenrad", "stadtrad", "radfahren"),
    ),
    FieldSpec(
        FUSS,
        FUSS,
        "Zu Fuß unterwegs: breite und freie Gehwege, sichere Überwege, Barrierefreiheit und "
        "Aufenthaltsqualität für Fußgängerinnen und Fußgänger.",
        ("fußgänger", "fußgängerin", "gehweg", "bürgersteig", "fußweg", "zebrastreifen",
         "überweg", "zu fuß", "flanieren", "spazieren", "barrierefrei", "kinderwagen",
         "rollstuhl", "rollator", "fußgängerzone", "gehen"),
    ),
    FieldSpec(
        OEPNV,
        OEPNV,
        "Öffentlicher Nahverkehr: Busse und Bahnen, Haltestellen, Takt, Linien und die "
        "Anbindung des Quartiers.",
        ("bus", "busse", "buslinie", "haltestelle", "bushaltestelle", "metrobus", "s-bahn",
         "u-bahn", "bahnhof", "hvv", "takt", "fahrplan", "öpnv", "nahverkehr", "linie", "busspur"),
    ),
    FieldSpec(
        WIRTSCHAFT,
        WIRTSCHAFT,
        "Lieferverkehr und Gewerbe: Anlieferung für Geschäfte und Gastronomie, Lieferzonen, "
        "Paketdienste und Handwerker.",
        ("lieferverkehr", "lieferung", "anlieferung", "lieferzone", "ladezone", "lieferwagen",
         "lkw", "transporter", "paketdienst", "pakete", "handwerker", "gewerbe", "geschäfte",
         "einzelhandel", "lieferdienst"),
    ),
    FieldSpec(
        AUTO,
        AUTO,
        "Autos im Quartier: fließender Verkehr, Parken, Geschwindigkeit und Durchgangsverkehr.",
        ("auto", "autos", "pkw", "autofahrer", "parkplatz", "parkplätze", "parken",
         "anwohnerparken", "parkhaus", "tempo 30", "geschwindigkeit", "durchgangsverkehr",
         "stau", "verkehrsberuhigung", "motorrad", "kfz"),
    ),
)


def load_ottensen(path: Path = OTTENSEN_CSV) -> list[Item]:
    """All contributions; ``label`` set for the single-label subset."""
    items = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            flags = {name for name, value in row.items() if value == "1"}
            labels = set()
            if "cycling" in flags:
                labels.add(RAD)
            if "walking" in flags:
                labels.add(FUSS)
            if flags & {"public transport (local)", "public transport (long-distance)"}:
                labels.add(OEPNV)
            if "commercial transport" in flags:
                labels.add(WIRTSCHAFT)
            if "motorized transport" in flags:
                labels.add(AUTO)
            specific = flags & {"cycling", "walking", "scooters", "public transport (local)",
                                "public transport (long-distance)", "commercial transport"}
            modes = flags & {"motorized transport", "non-motorized transport"}
            label = None
            if len(specific) == 1 and len(modes) == 1:
                (only,) = specific
                label = {"cycling": RAD, "walking": FUSS, "public transport (local)": OEPNV,
                         "commercial transport": WIRTSCHAFT}.get(only)
            elif not specific and modes == {"motorized transport"}:
                label = AUTO
            text = f"{row['title'].strip()}\n{row['text'].strip()}"
            items.append(Item(row["document_id"], text, label, frozenset(labels)))
    return items


def dithmarschen_fields() -> tuple[FieldSpec, ...]:
    """Fields of the "dithmarschen" template, as written in the catalogue."""
    return tuple(
        FieldSpec(field.name, field.name, field.description, field.keywords)
        for field in get_template("dithmarschen").fields
    )


def load_workshop_set() -> list[Item]:
    return [Item(f"w{index:03d}", text, label, frozenset({label})) for index, (label, text) in enumerate(WORKSHOP_SET)]
