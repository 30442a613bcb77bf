"""Top terms of texts."""

from participation.analysis import top_terms


def test_top_terms_in_readable_spelling():
    texts = ["Glasfaser für alle", "Glasfaserausbau jetzt", "Schnelles Internet und Glasfaser", "Internet!"]
    terms = top_terms(texts, n=3)
    assert terms[0] == "Glasfaser"
    assert "Internet" in terms
    assert len(terms) == 3


def test_top_terms_of_nothing():
    assert top_terms([]) == ()
    assert top_terms(["🙂", "und"]) == ()
    assert top_terms(["Bus"], n=0) == ()


def test_top_terms_do_not_depend_on_order():
    texts = ["Rufbus", "Bus am Abend", "Bahn und Bus", "Radweg"]
    assert top_terms(texts) == top_terms(texts[::-1])
