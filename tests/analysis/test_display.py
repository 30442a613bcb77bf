"""Terms shown to people: nouns and compounds of a field, no filler, no stem false friends."""

import numpy as np
import pytest

from participation.analysis import FieldSpec, assign_to_fields, discover_groups, top_terms
from participation.analysis.display import DISPLAY_FILLER, is_display_filler
from participation.analysis.features import build_features
from participation.analysis.normalise import fold

# Words that were shown as "Häufige Begriffe" and reached the PDF book and results page.
SHOWN_BEFORE = ("zeigt", "gerade", "Uhr", "rund", "Tag", "Hause", "bricht")

LONG_TEXTS = [
    "Der Bus fährt gerade um 8 Uhr, die App zeigt aber 8:15. Rund um den Bahnhof bricht "
    "das Netz ab, und zu Hause kommt man nicht mehr an.",
    "Am Tag fährt der Bus nur zweimal, gerade am Wochenende fehlt eine Verbindung nach Heide.",
    "Die Haltestelle am Markt zeigt keinen Fahrplan, rund um die Uhr wäre ein Display gut.",
    "Nach Hause kommt man abends nur mit dem Auto, der Rufbus bricht den Dienst um 20 Uhr ab.",
]


def test_filler_words_are_never_top_terms():
    terms = top_terms(LONG_TEXTS, n=12)
    assert terms  # the nouns remain
    assert {"Bus", "Haltestelle", "Fahrplan"} & set(terms)
    for word in SHOWN_BEFORE:
        assert word not in terms


@pytest.mark.parametrize("word", SHOWN_BEFORE)
def test_the_shown_filler_is_on_the_list(word):
    assert fold(word) in DISPLAY_FILLER and is_display_filler(word)


def test_topic_nouns_are_not_filler():
    for word in ("Bus", "Haus", "Ärztehaus", "Glasfaser", "Radweg", "WLAN", "Ladesäule", "Spielplatz"):
        assert not is_display_filler(word)


def test_verbs_and_adjectives_are_not_shown_when_people_capitalise_nouns():
    texts = [
        "Der Radweg nach Heide ist kaputt und wird nie repariert",
        "Wir wollen einen sicheren Radweg zur Schule, der beleuchtet wird",
        "Radweg an der Schule beleuchtet und repariert bitte",
    ]
    terms = top_terms(texts, n=8)
    assert "Radweg" in terms and "Schule" in terms
    assert not {"repariert", "beleuchtet", "kaputt", "sicheren"} & set(terms)


def test_lower_case_typing_still_shows_nouns():
    texts = ["radweg nach heide kaputt", "radweg zur schule fehlt", "bus fährt gerade um 8 uhr zur schule"]
    terms = top_terms(texts, n=8)
    assert "radweg" in terms and "schule" in terms
    assert not {"gerade", "uhr"} & set(terms)


def test_discovered_group_terms_have_no_filler():
    ideas = {number: text for number, text in enumerate(LONG_TEXTS * 3)}
    for group in discover_groups(ideas, k=2):
        assert not {fold(term) for term in group.terms} & DISPLAY_FILLER


def _share_a_word(first: str, second: str) -> bool:
    features = build_features([first, second])
    words = features.word_block().toarray()
    return bool(np.any((words[0] > 0) & (words[1] > 0)))


# German compound and inflection cases: (text, text, whether they must share a word term).
CASES = [
    ("Ladesäulen", "Läden", False),  # charging (laden) is not shops (Laden)
    ("Ladestation", "Läden", False),
    ("Ladesäulen", "Ladestation", True),  # both are about charging
    ("Dorfladen", "Läden", True),  # a shop is a shop
    ("Fahrradwege", "Radweg", True),
    ("Ärzte", "Arzt", True),
    ("Aerztehaus", "Ärzte", True),
    ("Bäume", "Baum", True),
    ("Städte", "Stadt", True),
    ("Gärten", "Garten", True),
    ("Glasfaserausbau", "Glasfaser", True),
    ("Bushaltestellen", "Haltestelle", True),
]


@pytest.mark.parametrize("first, second, shared", CASES)
def test_compounds_and_false_friends(first, second, shared):
    assert _share_a_word(first, second) == shared


def test_a_false_friend_is_no_matching_term():
    fields = [FieldSpec("shops", "Nahversorgung", "Einkaufen im Dorf", ("Läden", "Dorfladen", "Einkaufen"))]
    assignments = assign_to_fields({1: "Mehr Ladesäulen am Bahnhof", 2: "Die Läden im Dorf erhalten"}, fields, min_score=0.0)
    assert not {"Läden", "Laden"} & set(assignments[1].terms)
    assert {"Läden", "Laden"} & set(assignments[2].terms)


def test_matching_terms_skip_filler_but_keep_field_keywords():
    fields = [FieldSpec("walk", "Fußverkehr", "Zu Fuß unterwegs", ("Gehweg", "barrierefrei", "Uhr"))]
    assignments = assign_to_fields(
        {1: "Der Gehweg ist gerade um 8 Uhr voll, barrierefrei ist er nicht"}, fields, min_score=0.0
    )
    terms = set(assignments[1].terms)
    assert "Gehweg" in terms and "barrierefrei" in terms
    assert not {"Uhr", "gerade"} & terms
