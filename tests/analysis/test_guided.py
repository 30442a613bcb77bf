"""Guided sorting: catch-all fields, profiles widened by the room's ideas, learning from
decisions, the active-learning order, determinism."""

import random

from participation.analysis import FieldSpec, assign_to_fields
from participation.analysis.confidence import least_certain_first, margin
from participation.analysis.fields import CATCH_ALL_SCORE, is_catch_all

MOBILITY = FieldSpec("mob", "Mobilität", "", ("Bus", "Bahn", "Radweg"))
NET = FieldSpec("net", "Breitband", "", ("Internet", "Glasfaser", "Funkloch"))
OTHER = FieldSpec("other", "Sonstiges", "", ("Bus", "Allgemeines"))


def test_catch_all_by_name_or_mark():
    for name in ("Sonstiges", "Andere", "Anderes", "Weiteres", "Allgemeines", "Sonstige Ideen", "Sonstiges / Übriges"):
        assert is_catch_all(FieldSpec(name, name)), name
    for name in ("Mobilität", "Andere Verkehrsmittel", "Allgemeine Verwaltung", "Ideen"):
        assert not is_catch_all(FieldSpec(name, name)), name
    assert is_catch_all(FieldSpec("x", "Offene Punkte", catch_all=True))


def test_catch_all_receives_what_fits_no_other_field():
    ideas = {1: "Der Bus fährt zu selten", 2: "Mehr Bänke im Park zum Ausruhen", 3: "Glasfaser für jedes Dorf"}
    without = assign_to_fields(ideas, [MOBILITY, NET])
    assert without[2].field_key is None
    result = assign_to_fields(ideas, [MOBILITY, NET, OTHER])
    assert [result[key].field_key for key in (1, 2, 3)] == ["mob", "other", "net"]
    assert result[2].score == CATCH_ALL_SCORE and result[2].terms == ()


def test_catch_all_does_not_compete_on_its_own_keywords():
    # "Bus" is a keyword of Sonstiges too, and the catch-all comes first: Mobilität still wins
    result = assign_to_fields({1: "Bus"}, [OTHER, MOBILITY])
    assert result[1].field_key == "mob"


def test_marked_catch_all_with_a_plain_name():
    open_points = FieldSpec("open", "Offene Punkte", "", ("Park",), catch_all=True)
    result = assign_to_fields({1: "Mehr Bänke im Park", 2: "Radweg nach Heide"}, [MOBILITY, open_points])
    assert result[1].field_key == "open" and result[2].field_key == "mob"


def test_profiles_learn_the_rooms_words():
    # "Haltestelle" is no keyword; it comes with the ideas that clearly are about buses.
    ideas = {
        1: "Bus und Bahn besser takten, die Haltestelle ist zu weit",
        2: "Der Bus zur Haltestelle am Markt fährt zu selten",
        3: "Glasfaser ins Dorf, das Internet ist zu langsam",
        4: "Funkloch an der Schule, Internet fällt aus",
        5: "Ein Dach über der Haltestelle",
    }
    assert assign_to_fields(ideas, [MOBILITY, NET])[5].field_key == "mob"


DOGS = [
    "Eine eingezäunte Hundewiese für Hunde ohne Leine",
    "Hundewiese am Stadtpark, damit Hunde frei laufen können",
    "Kotbeutel-Spender für Hundebesitzer an der Hundewiese",
]
OTHERS = [
    "Der Bus fährt abends nicht mehr", "Radweg nach Heide ausbauen", "Bahn öfter als stündlich",
    "Glasfaser für alle Dörfer", "Funkloch an der B5 schließen", "Internet in der Schule ist langsam",
]


def test_three_decisions_move_a_similar_idea():
    fields = [MOBILITY, NET, FieldSpec("free", "Freizeit", "", ("Sport", "Verein", "Spielplatz"))]
    ideas = {f"d{number}": text for number, text in enumerate(DOGS)}
    ideas |= {f"o{number}": text for number, text in enumerate(OTHERS)}
    ideas["new"] = "Wiese für Hunde mit Zaun im Park"
    before = assign_to_fields(ideas, fields)
    assert before["new"].field_key != "free"
    after = assign_to_fields(ideas, fields, {f"d{number}": "free" for number in range(3)})
    assert after["new"].field_key == "free"
    assert all(after[key].field_key == before[key].field_key for key in ideas if key.startswith("o"))


def test_least_certain_first_orders_by_margin():
    fields = [MOBILITY, NET]
    ideas = {
        "clear": "Bus und Bahn und Radweg",
        "tie": "Bus mit Internet",
        "weak": "Radweg",
        "nothing": "Mehr Bänke",
        "decided": "Glasfaser",
    }
    result = assign_to_fields(ideas, fields, {"decided": "net"})
    order = least_certain_first(result)
    assert "decided" not in order and len(order) == 4
    margins = [margin(result[key].score, result[key].runner_up) for key in order]
    assert margins == sorted(margins)
    assert order[0] in ("tie", "nothing") and order[-1] == "clear"
    assert order.index("tie") < order.index("weak")


def test_deterministic_whatever_the_order():
    from bench.workshop_set import WORKSHOP_SET

    ideas = {index: text for index, (_, text) in enumerate(WORKSHOP_SET)}
    fields = [MOBILITY, NET, OTHER]
    confirmed = {0: "other", 50: "mob", 140: "net"}
    first = assign_to_fields(ideas, fields, confirmed)
    items = list(ideas.items())
    random.Random(3).shuffle(items)
    assert assign_to_fields(dict(items), fields, confirmed) == first
    assert assign_to_fields(ideas, fields, confirmed) == first
