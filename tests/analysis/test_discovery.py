"""Discovering groups among ideas, with automatic k and labels."""

import random

import pytest

from participation.analysis import Group, discover_groups
from participation.analysis.labelling import EMPTY_LABEL

IDEAS = {
    1: "Rufbus per App bestellen",
    2: "Mehr Busse am Wochenende",
    3: "Bus fährt zu selten ins Dorf",
    4: "Busverbindung nach Heide",
    5: "Glasfaser für alle Dörfer",
    6: "Glasfaserausbau beschleunigen",
    7: "Schnelles Internet mit Glasfaser",
    8: "Glasfaser statt DSL",
    9: "Mehr Lehrer an den Schulen",
    10: "Schulen brauchen Tablets und Lehrer",
    11: "Lehrer fortbilden, Schulen ausstatten",
    12: "Schulen und Lehrer digital vernetzen",
}
TOPICS = [{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}]


def partition(groups):
    return sorted(sorted(group.idea_keys) for group in groups)


def test_k_groups_follow_the_topics_and_are_labelled_by_their_top_terms():
    groups = discover_groups(IDEAS, k=3)
    assert partition(groups) == sorted(sorted(topic) for topic in TOPICS)
    by_first = {min(group.idea_keys): group for group in groups}
    assert by_first[1].terms[0] == "Bus"
    assert "Glasfaser" in by_first[5].terms[:2]
    assert {"Schulen", "Lehrer"} <= set(by_first[9].terms[:3])
    for group in groups:
        assert group.label == ", ".join(group.terms[:3])


def test_automatic_k_finds_the_topics():
    assert partition(discover_groups(IDEAS)) == sorted(sorted(topic) for topic in TOPICS)


def test_every_idea_in_exactly_one_group_largest_first():
    ideas = {**IDEAS, 13: "Bus", 14: "🙂", 15: "und auch"}
    groups = discover_groups(ideas, k=3)
    keys = [key for group in groups for key in group.idea_keys]
    assert sorted(keys) == sorted(ideas)
    assert groups[-1].label == EMPTY_LABEL and set(groups[-1].idea_keys) == {14, 15}
    sizes = [len(group.idea_keys) for group in groups[:-1]]
    assert sizes == sorted(sizes, reverse=True)


def test_deterministic_and_independent_of_order():
    items = list(IDEAS.items())
    random.Random(3).shuffle(items)
    assert discover_groups(IDEAS) == discover_groups(dict(items)) == discover_groups(IDEAS)


def test_more_groups_than_ideas_and_k_one():
    ideas = {1: "Bus", 2: "Glasfaser", 3: "Schule"}
    assert partition(discover_groups(ideas, k=10)) == [[1], [2], [3]]
    assert partition(discover_groups(ideas, k=1)) == [[1, 2, 3]]
    assert partition(discover_groups({1: "Bus", 2: "Bus", 3: "Bus"}, k=3)) == [[1, 2, 3]]


def test_edge_cases():
    assert discover_groups({}) == []
    assert discover_groups({"a": "Glasfaser"}) == [Group("Glasfaser", ("Glasfaser",), ("a",))]
    assert discover_groups({"a": "🙂", "b": ""}) == [Group(EMPTY_LABEL, (), ("b", "a"))]  # canonical order
    long_idea = ("Busse fahren zu selten, wir brauchen einen Rufbus für alle Dörfer. " * 40)[:2000]
    groups = discover_groups({**IDEAS, 99: long_idea}, k=3)
    assert any(99 in group.idea_keys and 1 in group.idea_keys for group in groups)


def test_ideas_are_ordered_most_typical_first():
    groups = discover_groups({**IDEAS, 20: "Glasfaser"}, k=3)
    fibre = next(group for group in groups if 20 in group.idea_keys)
    assert fibre.idea_keys[-1] != 20 or len(fibre.idea_keys) == 1
    assert set(fibre.idea_keys) == {5, 6, 7, 8, 20}


def test_realistic_workshop_without_warnings():
    from bench.workshop_set import WORKSHOP_SET

    ideas = {index: text for index, (_, text) in enumerate(WORKSHOP_SET)}
    groups = discover_groups(ideas)
    assert 2 <= len(groups) <= 12
    assert sum(len(group.idea_keys) for group in groups) == len(ideas)
    assert all(group.terms for group in groups)
    assert len(discover_groups(ideas, max_k=4)) <= 4


# --- stability: one more idea must not reshuffle the groups ----------------------------------

_TOPIC_WORDS = {
    "bus": ["Bus", "Rufbus", "Haltestelle", "Fahrplan", "Busverbindung", "Bürgerbus", "Linie"],
    "net": ["Glasfaser", "Internet", "WLAN", "Breitband", "Funkloch", "Mobilfunk", "Netz"],
    "school": ["Schule", "Lehrer", "Tablets", "Unterricht", "Grundschule", "Klassen", "Schüler"],
    "doctor": ["Hausarzt", "Telemedizin", "Ärztehaus", "Praxis", "Pflege", "Sprechstunde", "Apotheke"],
}


def _topic_ideas(seed=0, per_topic=15):
    rng = random.Random(seed)
    ideas, gold = {}, {}
    for topic, words in _TOPIC_WORDS.items():
        for number in range(per_topic):
            key = f"{topic}-{number}"
            ideas[key] = f"{' und '.join(rng.sample(words, 3))} in {rng.choice(['Heide', 'Büsum', 'Marne', 'Meldorf'])}"
            gold[key] = topic
    return ideas, gold


def _grouping(ideas, k=None):
    return {key: number for number, group in enumerate(discover_groups(ideas, k)) for key in group.idea_keys}


@pytest.mark.parametrize("k", [4, None])
def test_one_added_idea_does_not_reshuffle_the_groups(k):
    from sklearn.metrics import adjusted_rand_score

    # 32 ideas: the rule of thumb for k (sqrt(n / 2)) gives 4 for 32 and 33 ideas alike.
    # (Where one idea moves it to the next whole number, k changes and so do the groups.)
    ideas, _ = _topic_ideas(per_topic=8)
    before = _grouping(ideas, k)
    for added in ("Mehr Busse nach Heide am Abend", "Schnelles Internet für die Schule", "🙂"):
        after = _grouping({**ideas, "added": added}, k)
        keys = sorted(ideas)
        assert adjusted_rand_score([before[key] for key in keys], [after[key] for key in keys]) >= 0.9, added


def test_discovery_finds_the_synthetic_topics():
    from sklearn.metrics import normalized_mutual_info_score

    ideas, gold = _topic_ideas(seed=1)
    found = _grouping(ideas, 4)
    keys = sorted(ideas)
    assert normalized_mutual_info_score([gold[key] for key in keys], [found[key] for key in keys]) >= 0.8


def test_samples_change_by_at_most_one_member_when_an_idea_is_added():
    from participation.analysis.discovery import _hashes, _stable_sample

    texts = [f"Idee Nummer {number}" for number in range(300)]
    before = {texts[row] for row in _stable_sample(_hashes(texts), 100)}
    more = texts[:150] + ["Eine neue Idee"] + texts[150:]
    after = {more[row] for row in _stable_sample(_hashes(more), 100)}
    assert len(before - after) <= 1 and len(after - before) <= 1
