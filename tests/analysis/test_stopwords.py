"""Our German stop word list."""

import pytest

from participation.analysis.normalise import fold
from participation.analysis.stopwords import STOP_WORDS, is_stop_word


@pytest.mark.parametrize(
    "word", ["und", "der", "für", "über", "dass", "daß", "nicht", "würde", "könnte", "bitte", "endlich", "idee", "digital", "online", "app"]
)
def test_function_words_filler_and_medium_words_are_stop_words(word):
    assert is_stop_word(fold(word))


@pytest.mark.parametrize("word", ["bus", "schule", "internet", "netz", "wlan", "glasfaser", "pflege", "arzt", "verein", "gehen"])
def test_topic_words_are_not_stop_words(word):
    assert not is_stop_word(fold(word))


def test_stop_words_are_stored_folded():
    assert "fur" in STOP_WORDS and "für" not in STOP_WORDS
    assert all(word == fold(word) for word in STOP_WORDS)


def test_single_letters_count_as_stop_words():
    assert is_stop_word("x")
