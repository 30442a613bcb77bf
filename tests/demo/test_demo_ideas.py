"""Tests for the demo idea data set."""

from collections import Counter

from participation.demo.ideas import DEMO_IDEAS

UMLAUTS = set("äöüÄÖÜß")


def _texts():
    return [text for _, text, _ in DEMO_IDEAS]


def test_enough_ideas():
    assert len(DEMO_IDEAS) >= 75


def test_entries_are_well_formed():
    for entry in DEMO_IDEAS:
        assert len(entry) == 3
        index, text, nickname = entry
        assert index in (0, 1, 2)
        assert isinstance(text, str)
        assert nickname is None or (isinstance(nickname, str) and nickname.strip() == nickname != "")


def test_questions_evenly_used():
    counts = Counter(index for index, _, _ in DEMO_IDEAS)
    for index in (0, 1, 2):
        assert counts[index] >= 20, counts


def test_texts_non_empty_stripped_and_short_enough():
    for text in _texts():
        assert text
        assert text == text.strip()
        assert len(text) <= 500, text


def test_at_least_one_long_text():
    assert any(len(text) > 300 for text in _texts())


def test_umlauts_present():
    assert sum(1 for text in _texts() if UMLAUTS & set(text)) >= 5


def test_emoji_present():
    assert sum(1 for text in _texts() if any(ord(ch) > 0x1F000 for ch in text)) >= 3


def test_texts_unique():
    texts = _texts()
    assert len(set(texts)) == len(texts)
