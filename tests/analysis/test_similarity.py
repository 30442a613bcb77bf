"""Most similar ideas to one idea (merge suggestions) and the folded word search."""

import pytest

from bench.workshop_set import WORKSHOP_SET
from participation.analysis import SimilarIdeas, matches_words, similar_ideas

# A realistic evening: the labelled workshop set plus near-duplicates typed on phones
# (umlauts written out or lost, typos, a hyphen, shouting).
EVENING = {f"set-{number}": text for number, (_, text) in enumerate(WORKSHOP_SET)}
EVENING.update({
    "arzt": "Ärztehaus mit Videosprechstunde in Marne",
    "arzt-typo": "Aerztehaus mit Video-Sprechstunde in Marne!!",
    "bus": "Mehr Busse am Wochenende nach Büsum",
    "bus-typo": "Mehr Buse am Wochenende nach Busum bitte",
    "glas": "Glasfaserausbau in allen Dörfern",
    "glas-twin": "Glasfaser für alle Dörfer im Kreis",
    "emoji": "🚌🚌🚌",
})


@pytest.mark.parametrize("key, twin", [("arzt", "arzt-typo"), ("arzt-typo", "arzt"), ("bus", "bus-typo"), ("bus-typo", "bus")])
def test_the_near_duplicate_comes_first(key, twin):
    ranked = similar_ideas(EVENING, key)
    assert ranked[0][0] == twin, ranked
    assert ranked[0][1] > 0.8
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert key not in [other for other, _ in ranked]
    assert 1 <= len(ranked) <= 5


def test_a_rephrasing_comes_before_ideas_that_share_one_word():
    ranked = [key for key, _ in similar_ideas(EVENING, "glas", limit=None)]
    assert ranked[0] == "glas-twin", [EVENING[key] for key in ranked[:3]]
    shuttle = next(key for key, text in EVENING.items() if text.startswith("Autonomer Shuttle zwischen den Dörfern"))
    assert ranked.index(shuttle) > 0  # "Dörfern" alone is a weaker tie than "Glasfaser … Dörfer"


def test_unrelated_and_empty_ideas_are_no_suggestion():
    assert similar_ideas(EVENING, "emoji") == []  # no words: similar to nothing
    assert similar_ideas({"a": "Tablets für jede Klasse", "b": "Windpark-Bürgerbeteiligung"}, "a") == []
    assert similar_ideas(EVENING, "unknown key") == []
    assert similar_ideas({}, "a") == []


def test_limit_min_score_and_among():
    index = SimilarIdeas(EVENING)
    everything = index.to("bus", limit=None, min_score=0.0)
    assert len(everything) == len(EVENING) - 1  # every other idea, the emoji one with 0
    assert [key for key, _ in index.to("bus", limit=2)] == [key for key, _ in everything[:2]]
    among = {"glas", "arzt", "bus-typo", "bus"}
    assert [key for key, _ in index.to("bus", among=among, limit=None)] == ["bus-typo"]
    assert [key for key, _ in index.to("bus", among=among, limit=None, min_score=0.0)][0] == "bus-typo"
    assert "bus" in index and "nothing" not in index


def test_the_order_of_the_mapping_does_not_change_the_answer():
    backwards = dict(reversed(list(EVENING.items())))
    assert similar_ideas(backwards, "glas", limit=None) == similar_ideas(EVENING, "glas", limit=None)


@pytest.mark.parametrize(
    "query, found",
    [
        ("", True),
        ("aerztehaus", True),
        ("ÄRZTEHAUS marne", True),
        ("arztehaus   video", True),
        ("Marne Heide", False),
        ("Zahnarzt", False),
    ],
)
def test_matches_words_folds_case_and_umlauts(query, found):
    assert matches_words("Ärztehaus mit Videosprechstunde in Marne", query) is found


# Typed texts (the phone's hint while typing) and possible duplicates.
TYPED = {
    **EVENING,
    "rad": "Fahrradwege nach Heide",
    "rad-busum": "Radweg nach Büsum",
    "bus-heide": "Bus nach Heide",
    "stand": "Fahrradständer am Bahnhof",
    "park": "Mehr Bänke im Bürgerpark",
}


@pytest.mark.parametrize("typed, twin", [
    ("Fahradweg nach Heide", "rad"),  # typo, singular
    ("fahrradwege nach heide!!", "rad"),
    ("Mehr Baenke im Buergerpark", "park"),  # "ae"/"ue" for ä/ü
    ("Mehr Banke im Burgerpark", "park"),  # umlauts left out
    ("Aerztehaus mit Videosprechstunde", ("arzt", "arzt-typo")),  # the two say the same
    ("Ich wünsche mir einen Fahradweg nach Heide, damit die Kinder sicher fahren", "rad"),
])
def test_a_typed_near_duplicate_is_found_first(typed, twin):
    ranked = SimilarIdeas(TYPED).like(typed)
    assert ranked and ranked[0][0] in (twin if isinstance(twin, tuple) else (twin,)), ranked


def test_typed_text_without_content_or_match_finds_nothing():
    index = SimilarIdeas(TYPED)
    assert index.like("🙂🙂") == []
    assert index.like("und auch noch") == []
    assert index.like("Zzyzx Qwrt") == []
    assert SimilarIdeas({}).like("Bus") == []
    assert SimilarIdeas({1: "🙂"}).like("Bus") == []


def test_typed_text_excludes_keys_and_is_deterministic():
    index = SimilarIdeas(TYPED)
    assert index.like("Fahradweg nach Heide", exclude={"rad"})[0][0] != "rad"
    backwards = SimilarIdeas(dict(reversed(list(TYPED.items()))))
    assert backwards.like("Fahradweg nach Heide", limit=None) == index.like("Fahradweg nach Heide", limit=None)


def test_possible_duplicates_are_the_closest_pairs():
    pairs = SimilarIdeas(TYPED).duplicates(limit=10)
    found = {frozenset((a, b)) for a, b, _ in pairs}
    assert frozenset(("arzt", "arzt-typo")) in found
    assert frozenset(("bus", "bus-typo")) in found
    scores = [score for _, _, score in pairs]
    assert scores == sorted(scores, reverse=True)
    assert SimilarIdeas({1: "Bus"}).duplicates() == []
