"""Parsing the number typed into a "Klebepunkte" field."""

import pytest

from participation.voting.paper import PAPER_VOTES_MAX, PaperVotesRejected, parse_paper_votes


@pytest.mark.parametrize("raw, count", [(None, 0), ("", 0), ("  ", 0), ("0", 0), (" 12 ", 12), ("007", 7),
                                        (str(PAPER_VOTES_MAX), PAPER_VOTES_MAX)])
def test_numbers_are_read(app, raw, count):
    with app.test_request_context():
        assert parse_paper_votes(raw) == count


@pytest.mark.parametrize("raw", ["-1", "1.5", "3,0", "drei", "1e3", str(PAPER_VOTES_MAX + 1), "٣", "²"])
def test_anything_else_is_refused_in_german(app, raw):
    with app.test_request_context(), pytest.raises(PaperVotesRejected) as refused:
        parse_paper_votes(raw)
    assert "Klebepunkte: bitte eine ganze Zahl von 0 bis 10000 eintragen." == refused.value.message
