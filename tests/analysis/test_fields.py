"""Assigning ideas to fields of action, learning from moderator decisions."""

import random

import pytest

from participation.analysis import DEFAULT_MIN_SCORE, Assignment, FieldSpec, assign_to_fields
from participation.workshops.catalog import get_template

FIELDS = [
    FieldSpec(1, "Mobilität", "Bus, Bahn und Radverkehr auf dem Land", ("bus", "bahn", "rufbus", "radweg", "carsharing")),
    FieldSpec(2, "Breitband", "Schnelles Internet für alle", ("glasfaser", "internet", "wlan", "funkloch", "mobilfunk")),
    FieldSpec(3, "Bildung", "Lernen in Schule und Volkshochschule", ("schule", "lehrer", "kita", "vhs", "unterricht")),
]


def dithmarschen():
    return [FieldSpec(f.name, f.name, f.description, f.keywords) for f in get_template("dithmarschen").fields]


def test_ideas_go_to_the_matching_field_with_terms():
    ideas = {
        "a": "Rufbus per App bestellen 🚌",
        "b": "Glasfaserausbau bis in die letzte Milchkammer!!",
        "c": "Mehr Lehrer an die Grundschulen",
        "d": "Car-Sharing-App für Pendler",
        "e": "Funklöcher kartieren",
    }
    result = assign_to_fields(ideas, FIELDS)
    assert {key: result[key].field_key for key in ideas} == {"a": 1, "b": 2, "c": 3, "d": 1, "e": 2}
    assert "Rufbus" in result["a"].terms
    assert "Glasfaserausbau" in result["b"].terms
    assert all(0 < result[key].score <= 1 for key in ideas)
    assert not any(assignment.confirmed for assignment in result.values())


def test_typos_are_matched_and_named():
    result = assign_to_fields({"x": "Schnelleres Internett im Dorf"}, FIELDS)
    assert result["x"].field_key == 2
    assert "Internett" in result["x"].terms


def test_nothing_fits_means_unassigned():
    result = assign_to_fields({"x": "Mehr Bänke im Park zum Ausruhen", "y": "Bus"}, FIELDS)
    assert (result["x"].field_key, result["x"].terms) == (None, ())
    assert result["x"].score < DEFAULT_MIN_SCORE
    assert result["y"].field_key == 1


def test_min_score_controls_what_is_unassigned():
    ideas = {"x": "Bus"}
    assert assign_to_fields(ideas, FIELDS, min_score=0.99)["x"].field_key is None
    assert assign_to_fields(ideas, FIELDS, min_score=0.0)["x"].field_key == 1


def test_confirmed_decisions_are_never_overridden():
    ideas = {"a": "Glasfaser für alle", "b": "Rufbus", "c": "Schule"}
    confirmed = {"a": 3, "b": None, "c": "gone"}  # against the text, unassigned, unknown field
    result = assign_to_fields(ideas, FIELDS, confirmed)
    assert (result["a"].field_key, result["a"].confirmed) == (3, True)
    assert (result["b"].field_key, result["b"].confirmed) == (None, True)
    assert (result["c"].field_key, result["c"].confirmed, result["c"].score) == ("gone", True, 0.0)


def test_confirmed_keys_that_are_no_ideas_are_ignored():
    result = assign_to_fields({"a": "Bus"}, FIELDS, {"zzz": 2})
    assert set(result) == {"a"}


def test_similar_ideas_follow_a_confirmed_decision():
    ideas = {
        "moved": "Smartboards für alle Klassenräume",
        "similar": "Smartboards in den Klassenräumen",
        "other": "Rufbus am Abend",
    }
    before = assign_to_fields(ideas, FIELDS)
    assert before["similar"].field_key is None  # no keyword of any field
    after = assign_to_fields(ideas, FIELDS, {"moved": 3})
    assert after["similar"].field_key == 3
    assert "Smartboards" in after["similar"].terms
    assert after["other"].field_key == 1


def test_learning_keeps_the_keyword_assignments():
    ideas = {i: text for i, text in enumerate(["Bus", "Bahn", "Glasfaser", "WLAN", "Schule", "Kita", "Radweg"])}
    confirmed = {0: 1, 2: 2, 4: 3}
    result = assign_to_fields(ideas, FIELDS, confirmed)
    assert [result[i].field_key for i in range(7)] == [1, 1, 2, 2, 3, 3, 1]


def test_deterministic_and_independent_of_order():
    ideas = {i: text for i, (_, text) in enumerate(_workshop()[:60])}
    shuffled = list(ideas.items())
    random.Random(1).shuffle(shuffled)
    first = assign_to_fields(ideas, dithmarschen(), {0: "Bildung"})
    assert first == assign_to_fields(ideas, dithmarschen(), {0: "Bildung"})
    assert first == assign_to_fields(dict(shuffled), dithmarschen(), {0: "Bildung"})


def test_one_more_idea_changes_few_others():
    ideas = {i: text for i, (_, text) in enumerate(_workshop())}
    before = assign_to_fields(ideas, dithmarschen())
    for extra in ("Bessere Busverbindungen nach Heide", "Glasfaser", "🙂", "Kultur"):
        after = assign_to_fields({**ideas, "new": extra}, dithmarschen())
        changed = sum(after[key].field_key != before[key].field_key for key in ideas)
        assert changed <= 0.02 * len(ideas)


def test_edge_cases():
    fields = dithmarschen()
    assert assign_to_fields({}, fields) == {}
    assert assign_to_fields({"a": "Bus"}, []) == {"a": Assignment(None, 0.0, ())}
    assert assign_to_fields({"a": "Bus"}, [], {"a": 5}) == {"a": Assignment(5, 0.0, (), True)}
    long_idea = ("Ich wünsche mir mehr Busse und einen Rufbus für die Dörfer. " * 40)[:2000]
    result = assign_to_fields(
        {"one": "Glasfaser", "emoji": "🚌🚌🚌", "stop": "und oder aber", "empty": "", "long": long_idea}, fields
    )
    assert result["one"].field_key == "Breitband & Infrastruktur"
    assert result["emoji"] == Assignment(None, 0.0, ())
    assert result["stop"] == Assignment(None, 0.0, ())
    assert result["empty"] == Assignment(None, 0.0, ())
    assert result["long"].field_key == "Mobilität"


def test_single_idea_workshop():
    assert assign_to_fields({"x": "Videosprechstunde beim Hausarzt"}, dithmarschen())["x"].field_key == "Gesundheit & Pflege"


@pytest.mark.parametrize("key", [0, "text-key", ("tuple", 1), None])
def test_any_hashable_keys(key):
    assert assign_to_fields({key: "Bus und Bahn"}, FIELDS)[key].field_key == 1


def _workshop():
    from bench.workshop_set import WORKSHOP_SET

    return list(WORKSHOP_SET)


def test_generic_compound_heads_do_not_assign_on_their_own():
    # "Arbeitsplätze" is a keyword of "Wirtschaft & Arbeit"; a playground or an ice-cream
    # parlour on the market square shares only the generic head "Platz" with it.
    probes = {
        "spiel": "Spielplatz für die Kleinen",
        "eis": "Eisdiele am Marktplatz",
        "park": "Mehr Parkplätze am Marktplatz Heide",
        "beratung": "Beratungsstelle für Senioren",
    }
    ideas = {index: text for index, (_, text) in enumerate(_workshop())}
    result = assign_to_fields(probes, dithmarschen())
    for key in probes:
        assert result[key].field_key is None, (probes[key], result[key])
        assert result[key].score < DEFAULT_MIN_SCORE
    # Among a workshop's ideas the profiles grow by the room's words (a field learns
    # "kleine Betriebe"), but still no idea is matched through the generic head "Platz".
    result = assign_to_fields({**ideas, **probes}, dithmarschen())
    for key in probes:
        assert not any("platz" in term.casefold() for term in result[key].terms), (probes[key], result[key])


def test_topical_heads_and_modifiers_still_assign():
    probes = {
        "Zahnarzt": "Gesundheit & Pflege",
        "Kinderarzt im Dorf": "Gesundheit & Pflege",
        "Nachtbus": "Mobilität",
        "Windstrom": "Umwelt & Energie",
        "Jugendzentrum": "Kultur, Freizeit & Ehrenamt",
        "Sportangebote": "Kultur, Freizeit & Ehrenamt",
    }
    ideas = {index: text for index, (_, text) in enumerate(_workshop())}
    for context in ({}, ideas):
        result = assign_to_fields({**context, **{text: text for text in probes}}, dithmarschen())
        assert {text: result[text].field_key for text in probes} == probes
