"""The confidence words of a field assignment weigh the score and the margin to the runner-up."""

import pytest

from participation.analysis import FieldSpec, assign_to_fields
from participation.analysis.confidence import GUESSED, SURE, UNSURE, confidence, strength


@pytest.mark.parametrize("score, runner_up, word", [
    (0.40, 0.05, SURE),       # clear, nothing near
    (0.15, 0.10, SURE),       # at both thresholds
    (0.40, 0.37, UNSURE),     # high, but a second field is not far
    (0.12, 0.00, UNSURE),     # alone, but weak
    (0.149, 0.0, UNSURE),     # just under the sure score
    (0.30, 0.29, GUESSED),    # two fields practically tie, however high
    (0.05, 0.00, GUESSED),    # one weak word
    (0.06, 0.00, UNSURE),     # at the guess threshold
    (0.20, 0.181, GUESSED),   # margin just under 0.02
])
def test_words_from_score_and_margin(score, runner_up, word):
    assert confidence(score, runner_up) == word


def test_the_score_alone_does_not_decide():
    assert confidence(0.12, 0.0) == UNSURE and confidence(0.30, 0.29) == GUESSED
    assert strength(0.12, 0.0) > strength(0.30, 0.29)  # the lone match is the stronger one


def test_strength_is_the_margin_capped_by_the_score():
    assert strength(0.4, 0.1) == pytest.approx(0.3)
    assert strength(0.05, 0.0) == pytest.approx(0.05)


def test_assignments_carry_the_runner_up_score():
    fields = [FieldSpec("bus", "Mobilität", keywords=("bus", "radweg")), FieldSpec("netz", "Breitband", keywords=("glasfaser", "internet"))]
    result = assign_to_fields({1: "Bus fährt zu selten", 2: "Glasfaser und ein Bus mit Internet"}, fields)
    assert result[1].field_key == "bus" and result[1].runner_up == 0.0
    assert result[2].runner_up > 0.0 and result[2].score >= result[2].runner_up
    assert confidence(result[1].score, result[1].runner_up) != GUESSED
