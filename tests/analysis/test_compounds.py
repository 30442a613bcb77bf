"""Splitting German compounds into known words."""

import pytest

from participation.analysis.compounds import CompoundSplitter, head_specificity


def splitter():
    corpus = ["glasfaser", "glasfaser", "angebote", "angebote", "gemeinschaft", "gemeinschaft", "ehre", "ehre"]
    return CompoundSplitter(corpus, field_words=["bildung", "ausbau", "haus", "arzt", "schule"])


def test_compounds_split_into_known_words_without_linking_letters():
    split = splitter().split
    assert split("glasfaserausbau") == ("glasfaser", "ausbau")
    assert split("bildungsangebote") == ("bildung", "angebote")
    assert split("dorfgemeinschaftshaus") == ("dorf", "gemeinschaft", "haus")
    assert split("ehrenamt") == ("ehre", "amt")


def test_known_words_are_split_too_and_short_words_are_not():
    split = splitter().split
    assert split("bahnhof") == ("bahn", "hof")
    assert split("rufbus") == ("ruf", "bus")
    assert split("kita") == ()


def test_unknown_modifier_still_yields_the_head():
    # "Zahn" is unknown here, "Arzt" is a field word: a Zahnarzt is an Arzt.
    assert splitter().split("zahnarzt") == ("zahn", "arzt")


def test_words_without_known_parts_stay_whole():
    split = splitter().split
    assert split("kostenlos") == ()
    assert split("verwaltung") == ()
    assert split("internet") == ()


def test_words_seen_once_in_the_corpus_are_not_known():
    lonely = CompoundSplitter(["windpark"], field_words=[])
    assert lonely.frequency("windpark") == 0
    assert CompoundSplitter(["windpark", "windpark"]).frequency("windpark") == 2


def test_head_specificity_is_learned_from_how_a_word_is_used():
    # Documents using each term as a word of its own, as a modifier, as a head:
    # "platz" only ever as a head (Spielplatz, Marktplatz, Arbeitsplätze, ...), "bus" also
    # on its own and as a modifier (Bus, Busfahrplan), "arzt" in between, "glasfaser" never
    # as a head.
    as_word, as_modifier, as_head = [0, 7, 1, 3], [0, 1, 1, 2], [6, 5, 4, 0]
    platz, bus, arzt, glasfaser = head_specificity(as_word, as_modifier, as_head)
    assert platz == pytest.approx(1 / 7)
    assert bus == glasfaser == 1.0
    assert arzt == pytest.approx(3 / 5)
