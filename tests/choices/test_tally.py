"""Counting a final vote: dots summed, ranking by Borda, ties ordered the same way every time."""

import pytest

from participation.choices.tally import DOTS, RANKING, border_slots, pick_from_tie, tally

CANDIDATES = [(11, "Repair-Café"), (12, "Mitfahrbank"), (13, "WLAN im Park")]


def by_id(rows):
    return {row["candidate_id"]: row for row in rows}


def test_dots_are_summed_and_the_best_is_chosen():
    rows = tally(DOTS, CANDIDATES, [{"11": 2, "12": 1}, {"12": 3}, {"13": 1, "11": 1}], winners=1)
    assert [row["candidate_id"] for row in rows] == [12, 11, 13]
    assert [row["score"] for row in rows] == [4, 3, 1]
    assert [row["rank"] for row in rows] == [1, 2, 3]
    assert [row["chosen"] for row in rows] == [True, False, False]
    assert [row["decided_by"] for row in rows] == [None, "score", "score"]
    assert not any(row["border_tie"] for row in rows)
    assert rows[0]["title"] == "Mitfahrbank"


def test_ranking_is_a_borda_count():
    ballots = [{"11": 1, "12": 2, "13": 3}, {"12": 1, "11": 2, "13": 3}, {"11": 1, "13": 2, "12": 3}]
    rows = by_id(tally(RANKING, CANDIDATES, ballots, winners=2))
    # n = 3: first place 3 points, second 2, third 1
    assert rows[11]["score"] == 3 + 2 + 3
    assert rows[12]["score"] == 2 + 3 + 1
    assert rows[13]["score"] == 1 + 1 + 2
    assert rows[11]["chosen"] and rows[12]["chosen"] and not rows[13]["chosen"]


def test_ranking_tie_goes_to_more_first_places_then_to_the_ballot_order():
    # 11 and 12: 1+3 = 4 points each... (n=2 candidates here)
    two = [(11, "A"), (12, "B")]
    rows = tally(RANKING, two, [{"11": 1, "12": 2}, {"12": 1, "11": 2}], winners=1)
    assert [row["candidate_id"] for row in rows] == [11, 12]  # equal in everything: ballot order
    assert rows[1]["decided_by"] == "position"
    assert all(row["border_tie"] for row in rows)

    three = [(11, "A"), (12, "B"), (13, "C")]
    ballots = [{"12": 1, "13": 2, "11": 3}, {"11": 2, "13": 1, "12": 3}, {"11": 1, "12": 2, "13": 3},
               {"12": 1, "11": 2, "13": 3}]
    rows = tally(RANKING, three, ballots, winners=1)
    scores = {row["candidate_id"]: (row["score"], row["second"]) for row in rows}
    assert scores[11] == (1 + 2 + 3 + 2, 1) and scores[12] == (3 + 1 + 2 + 3, 2)
    assert rows[0]["candidate_id"] == 12  # 9 points, two first places


def test_dots_tie_goes_to_more_supporters():
    rows = tally(DOTS, CANDIDATES, [{"11": 3}, {"12": 1}, {"12": 1}, {"12": 1}], winners=1)
    assert [row["candidate_id"] for row in rows[:2]] == [12, 11]
    assert rows[1]["decided_by"] == "second"
    assert rows[0]["border_tie"] and rows[1]["border_tie"] and not rows[2]["border_tie"]


def test_no_ballots_keeps_the_ballot_order():
    rows = tally(DOTS, CANDIDATES, [], winners=2)
    assert [row["candidate_id"] for row in rows] == [11, 12, 13]
    assert all(row["score"] == 0 for row in rows)
    assert [row["chosen"] for row in rows] == [True, True, False]
    assert all(row["border_tie"] for row in rows)
    assert tally(RANKING, [], [], winners=1) == []


def test_the_count_is_deterministic_whatever_the_order_of_ballots():
    ballots = [{"11": 1}, {"12": 1}, {"13": 2}, {"11": 1, "12": 1}]
    first = tally(DOTS, CANDIDATES, ballots, winners=1)
    assert tally(DOTS, CANDIDATES, list(reversed(ballots)), winners=1) == first


def test_marks_of_unknown_candidates_and_nonsense_are_ignored():
    rows = by_id(tally(DOTS, CANDIDATES, [{"99": 5, "11": "x", "12": None, "13": 2}], winners=1))
    assert rows[11]["score"] == 0 and rows[13]["score"] == 2
    rows = by_id(tally(RANKING, CANDIDATES, [{"11": 7, "12": 1, "13": 0}], winners=1))
    assert rows[11]["score"] == 0 and rows[12]["score"] == 3


def test_more_winners_than_candidates_chooses_all():
    rows = tally(DOTS, CANDIDATES[:2], [{"11": 1}], winners=5)
    assert all(row["chosen"] for row in rows)
    assert not any(row["border_tie"] for row in rows)


def test_the_moderator_picks_among_a_border_tie():
    rows = tally(DOTS, CANDIDATES, [{"11": 2}, {"12": 1}, {"13": 1}], winners=2)
    assert [row["candidate_id"] for row in rows] == [11, 12, 13]
    assert border_slots(rows) == 1
    picked = pick_from_tie(rows, [13])
    assert [row["candidate_id"] for row in picked] == [11, 13, 12]
    assert [row["chosen"] for row in picked] == [True, True, False]
    assert [row["rank"] for row in picked] == [1, 2, 3]
    assert picked[1]["decided_by"] == "score" and picked[2]["decided_by"] == "moderator"
    with pytest.raises(ValueError):
        pick_from_tie(rows, [11])  # not among the tied
    with pytest.raises(ValueError):
        pick_from_tie(rows, [12, 13])  # one slot only


def test_equal_borda_points_are_ordered_by_first_places_then_ballot_order():
    ballots = [{"11": 2, "12": 1, "13": 3}] * 2 + [{"11": 2, "12": 3, "13": 1}] * 2
    rows = tally(RANKING, CANDIDATES, ballots, winners=1)
    assert [row["score"] for row in rows] == [8, 8, 8]
    assert [row["candidate_id"] for row in rows] == [12, 13, 11]
    assert [row["decided_by"] for row in rows] == [None, "position", "second"]
