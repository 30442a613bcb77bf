"""TF-IDF features: words, compound parts, character n-grams."""

import numpy as np

from participation.analysis.features import build_features


def cosine(features, a, b):
    return float((features.matrix[a] @ features.matrix[b].T).toarray()[0, 0])


def test_rows_are_unit_length_and_empty_texts_have_no_features():
    texts = ["Glasfaser für alle Dörfer", "🙂🙂🙂", "und oder aber nicht", "", "Bus"]
    features = build_features(texts)
    norms = np.sqrt(np.asarray(features.matrix.multiply(features.matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, [1, 0, 0, 0, 1])
    assert list(features.empty_rows()) == [False, True, True, True, False]


def test_compound_parts_connect_compounds_with_their_words():
    texts = ["Glasfaserausbau im Dorf", "Ausbau der Glasfaser", "Bildungsangebote für Senioren", "Angebote"]
    features = build_features(texts + ["Glasfaser", "Glasfaser", "Angebote"])
    assert "ausbau" in features.word_terms and "glasfas" in features.word_terms
    assert cosine(features, 0, 1) > 0.3
    assert cosine(features, 2, 3) > 0.2


def test_hyphenated_and_joined_spellings_meet():
    features = build_features(["Car-Sharing-App für den Kreis", "Carsharing am Bahnhof", "Sharing", "Kreis am Bahnhof"])
    assert cosine(features, 0, 1) > 0.15
    assert "carsharing" in features.word_terms


def test_typos_meet_through_character_ngrams():
    features = build_features(["Schnelles Internett", "Internet im Dorf", "Bürgerbüro"])
    assert cosine(features, 0, 1) > 0.1
    assert cosine(features, 0, 2) < 0.05


def test_readable_spelling_is_the_most_frequent_form():
    features = build_features(["Schule", "Schulen", "Schulen", "schulen"])
    assert features.readable[features.word_terms.index("schul")] == "Schulen"


def test_columns_do_not_depend_on_the_order_of_texts():
    texts = ["Rufbus per App", "Glasfaser im Dorf", "Ärzte auf dem Land"]
    forward, backward = build_features(texts), build_features(texts[::-1])
    assert forward.word_terms == backward.word_terms
    assert np.allclose(forward.matrix.toarray(), backward.matrix[::-1].toarray())


def test_long_ideas_and_umlaut_spellings():
    long_text = ("Wir brauchen endlich schnelles Internet auf dem Land, Glasfaser für alle Höfe. " * 30)[:2000]
    features = build_features([long_text, "Glasfaser", "Hoefe"])
    assert features.matrix.shape[0] == 3
    assert cosine(features, 0, 1) > 0.1
    assert cosine(features, 0, 2) > 0.05


COMPOUNDS = [
    "Spielplatz am Deich erneuern",
    "Mehr Arbeitsplätze in der Region",
    "Eisdiele am Marktplatz",
    "Parkplätze am Bahnhof",
    "Rufbus am Abend",
    "Bus fährt zu selten",
    "Busfahrplan im Netz",
    "Nachtbus am Wochenende",
    "Zahnarzt online buchen",
    "Kein Arzt im Dorf",
]


def test_generic_compound_heads_do_not_connect_ideas():
    # "platz" is only ever the head of a compound here: Spielplatz, Arbeitsplätze, Marktplatz
    # and Parkplätze are different things and must not look alike through it.
    features = build_features(COMPOUNDS)
    spielplatz, arbeitsplaetze, eisdiele, parkplaetze = 0, 1, 2, 3
    assert cosine(features, spielplatz, arbeitsplaetze) < 0.01
    assert cosine(features, eisdiele, arbeitsplaetze) < 0.01
    assert cosine(features, parkplaetze, arbeitsplaetze) < 0.01
    row = features.word_block()[spielplatz].toarray().ravel()
    spiel, platz = (features.word_terms.index(term) for term in ("spiel", "platz"))
    assert row[spiel] > 5 * row[platz] > 0  # the modifier carries the topic


def test_heads_that_are_words_of_their_own_still_connect():
    # "Bus" and "Arzt" are also used on their own: Rufbus, Nachtbus and Bus, Zahnarzt and
    # Arzt keep meeting through them.
    features = build_features(COMPOUNDS)
    rufbus, bus, busfahrplan, nachtbus, zahnarzt, arzt = 4, 5, 6, 7, 8, 9
    assert cosine(features, rufbus, bus) > 0.05
    assert cosine(features, nachtbus, rufbus) > 0.04
    assert cosine(features, busfahrplan, bus) > 0.05
    assert cosine(features, zahnarzt, arzt) > 0.05
