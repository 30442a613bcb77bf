"""German normalisation: folding, tokenising, stemming."""

import pytest
import snowballstemmer
from snowballstemmer import german_stemmer

from participation.analysis.normalise import fold, stem, tokenize


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ärzte", "arzte"),
        ("Aerzte", "arzte"),
        ("ÄRZTE", "arzte"),
        ("Straße", "strasse"),
        ("Fußgänger", "fussganger"),
        ("Fussgaenger", "fussganger"),
        ("Müll", "mull"),
        ("Muell", "mull"),
        ("Café", "cafe"),
        # "ue" after a vowel or "q" is no typed umlaut.
        ("neue", "neue"),
        ("Feuer", "feuer"),
        ("Quelle", "quelle"),
        ("Bauer", "bauer"),
    ],
)
def test_fold_umlauts_sharp_s_and_case(text, folded):
    assert fold(text) == folded


def test_tokenize_keeps_hyphenated_compounds_with_their_parts():
    (token,) = tokenize("Car-Sharing-App")
    assert token.surface == "Car-Sharing-App"
    assert token.folded == "carsharingapp"
    assert token.parts == ("car", "sharing", "app")


def test_tokenize_glues_single_letters_and_numbers_to_their_word():
    tokens = {token.surface: token for token in tokenize("E-Mail, W-LAN und eine Tempo-30-Zone")}
    assert tokens["E-Mail"].folded == "email" and tokens["E-Mail"].parts == ()
    assert tokens["W-LAN"].folded == "wlan" and tokens["W-LAN"].parts == ()
    assert tokens["Tempo-30-Zone"].parts == ("tempo", "zone")


def test_tokenize_drops_links_numbers_emoji_and_punctuation():
    text = "Rufbus!!! 🚌🚌 ab 7:40 Uhr, 30 km/h – siehe https://example.org/bus?x=1 oder info@kreis.de 👍"
    assert [token.surface for token in tokenize(text)] == ["Rufbus", "ab", "Uhr", "km", "siehe", "oder"]


def test_tokenize_keeps_words_with_digits():
    assert [token.folded for token in tokenize("5G und LTE")] == ["5g", "und", "lte"]


def test_tokenize_of_emoji_only_and_empty_text():
    assert tokenize("🙂👍🎉") == []
    assert tokenize("") == []
    assert tokenize("!!! ??? ...") == []


@pytest.mark.parametrize(
    ("words", "common"),
    [
        (["Ärzte", "Aerzte", "Arzt", "arzt"], "arzt"),
        (["Schule", "Schulen", "Schüler", "Schueler"], "schul"),
        (["Kita", "Kitas"], "kita"),
        (["App", "Apps"], "app"),
        (["Bus", "Busse"], "bus"),
        (["Funkloch", "Funklöcher", "Funkloecher"], "funkloch"),
        (["Angebot", "Angebote"], "angebot"),
    ],
)
def test_stem_brings_inflections_and_spellings_together(words, common):
    assert {stem(word.lower()) for word in words} == {common}


def test_stem_leaves_words_ending_in_s_alone():
    assert stem("kreis") == "kreis"
    assert stem("haus") == "haus"
    assert stem("glas") == "glas"


def test_fast_stemmer_gives_the_same_stems_as_the_pure_python_one():
    # snowballstemmer uses PyStemmer (C) when it is installed; both implement Snowball 3.
    fast = snowballstemmer.stemmer("german")
    slow = german_stemmer.GermanStemmer()
    words = "Bildungsangebote Glasfaserausbau Mobilität Fahrräder Bürgerämter Verwaltungen Wärmepumpen".lower().split()
    assert [fast.stemWord(word) for word in words] == [slow.stemWord(word) for word in words]
