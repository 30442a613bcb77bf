"""How sure the analysis is of a field, in words a clerk understands.

A score alone says little: it is a cosine similarity (plus evidence from moderator
decisions), so 0.12 can be a clear case when no other field comes near, and 0.30 a coin
toss when a second field scores 0.29. The words therefore weigh the score AND the margin
to the second-best field:

* ``SURE`` ("sicher"): score at least ``SURE_SCORE`` and ahead of the runner-up by at
  least ``SURE_MARGIN`` - the idea shares several field words, and no other field does;
* ``GUESSED`` ("geraten"): score below ``GUESS_SCORE`` (one weak shared word, often a
  character n-gram) or a margin below ``GUESS_MARGIN`` (two fields practically tie);
* ``UNSURE`` ("unsicher"): everything between - worth a glance.

The thresholds come from the 125- and 500-idea test halls (tests/hall_ideas.py, 10
fields): best scores have a median of about 0.15 and a lower quartile of about 0.10;
ideas under 0.06 were matched by a single weak word, and with a margin under 0.02 the
second field was as plausible as the first when we read them. Pure: no Flask, no database.
"""

from __future__ import annotations

__all__ = ["SURE", "UNSURE", "GUESSED", "confidence", "least_certain_first", "margin", "strength"]

SURE, UNSURE, GUESSED = "sure", "unsure", "guessed"

SURE_SCORE = 0.15
SURE_MARGIN = 0.05
GUESS_SCORE = 0.06
GUESS_MARGIN = 0.02


def confidence(score: float, runner_up: float) -> str:
    """``SURE``, ``UNSURE`` or ``GUESSED`` for an idea put into a field with ``score``
    while the second-best field scored ``runner_up``."""
    margin = round(score - runner_up, 6)  # 0.15 - 0.10 is 0.0499999… in floating point
    if score < GUESS_SCORE or margin < GUESS_MARGIN:
        return GUESSED
    if score >= SURE_SCORE and margin >= SURE_MARGIN:
        return SURE
    return UNSURE


def strength(score: float, runner_up: float) -> float:
    """A single number to order matches by, weakest first: the margin, capped by the score
    (a lone weak match is no stronger than its score)."""
    return min(score, score - runner_up)


def margin(score: float, runner_up: float) -> float:
    """How far the chosen field is ahead of the second-best one (0: a tie)."""
    return round(max(score - runner_up, 0.0), 6)


def least_certain_first(assignments) -> list:
    """Keys of the undecided assignments (a mapping key → :class:`.fields.Assignment`),
    smallest margin between the two best fields first: the questions whose answer
    teaches the analysis the most (active learning, "Unsichere zuerst"). Among equal
    margins the idea with more evidence comes first (a tie of two good matches before an
    idea that matches nothing), then the key's ``repr`` (deterministic).
    """
    undecided = [(key, assignment) for key, assignment in assignments.items() if not assignment.confirmed]
    undecided.sort(key=lambda item: (margin(item[1].score, item[1].runner_up), -item[1].score, repr(item[0])))
    return [key for key, _ in undecided]
