"""Representative ideas of a field: central, different from each other, deterministic."""

import random

from participation.analysis.representatives import representatives

MOBILITY = [
    "Mehr Busse am Abend zwischen Heide und Meldorf",
    "Busse am Wochenende auch in die Dörfer",
    "Ein Rufbus für die Dörfer am Abend",
    "Busfahrplan besser auf die Bahn abstimmen",
    "Mehr Busse für Schüler am Nachmittag",
    "Radweg entlang der Bundesstraße",
    "Der Eiswagen soll öfter kommen",  # the outlier
]


def test_empty_one_and_two():
    assert representatives([]) == []
    assert representatives(["Mehr Busse"]) == [0]
    assert sorted(representatives(["Mehr Busse am Abend", "Glasfaser für jedes Dorf"])) == [0, 1]
    assert representatives(["Mehr Busse"], k=0) == []


def test_picks_central_over_outlier():
    picked = representatives(MOBILITY, k=3)
    assert len(picked) == 3
    assert 6 not in picked  # the ice-cream van is not representative of buses
    assert MOBILITY[picked[0]] != MOBILITY[6]


def test_no_two_near_duplicates_when_another_central_idea_exists():
    texts = [
        "Mehr Busse am Abend zwischen Heide und Meldorf",
        "Mehr Busse am Abend zwischen Heide und Meldorf!",
        "mehr busse am abend zwischen heide und meldorf",
        "Busse am Wochenende auch in die Dörfer",
        "Ein Rufbus für die Dörfer am Abend",
    ]
    picked = representatives(texts, k=2)
    assert len(picked) == 2
    assert len({0, 1, 2} & set(picked)) <= 1


def test_all_duplicates_give_one_quote():
    assert len(representatives(["Mehr Busse"] * 4, k=3)) == 1


def test_emoji_only_texts_and_blanks():
    texts = ["🚌🚌", "👍", "", "Mehr Busse am Abend", "Busse auch am Sonntag"]
    picked = representatives(texts, k=5)
    assert picked[:2] in ([3, 4], [4, 3])  # ideas with words first
    assert sorted(picked) == sorted(set(picked))
    assert representatives(["🚌", "👍"], k=2) == [0, 1]  # by key when nothing has words


def test_deterministic_under_input_order():
    keys = [f"A{n:03d}" for n in range(len(MOBILITY))]
    expected = [keys[index] for index in representatives(MOBILITY, keys, k=4)]
    for seed in range(5):
        pairs = list(zip(MOBILITY, keys))
        random.Random(seed).shuffle(pairs)
        texts, shuffled_keys = zip(*pairs)
        assert [shuffled_keys[index] for index in representatives(list(texts), list(shuffled_keys), k=4)] == expected


def test_ties_go_to_the_smaller_key():
    texts = ["Glasfaser für Heide", "Glasfaser für Meldorf"]
    assert representatives(texts, keys=[2, 1], k=1) == [1]
