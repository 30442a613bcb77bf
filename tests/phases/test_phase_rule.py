"""The one rule of what the room may do in each step (``phases.phase``), as plain values."""

from datetime import datetime, timedelta, timezone

import pytest

from participation.phases.phase import Phase, StepView

NOW = datetime(2026, 12, 6, 18, 0, tzinfo=timezone.utc)


def step(kind, questions=(), ends_in=None, auto=False, paused=None, ended=False):
    ends_at = NOW + timedelta(seconds=ends_in) if ends_in is not None else None
    return StepView(1, kind, tuple(questions), ends_at, paused, auto, NOW if ended else None)


def test_without_a_run_sheet_the_workshop_is_open_or_closed_as_before():
    open_, closed = Phase(True), Phase(False)
    assert open_.may_post(7, NOW) and open_.may_vote(NOW) and open_.kind == "open"
    assert not closed.may_post(7, NOW) and not closed.may_vote(NOW) and closed.kind == "closed"
    assert not open_.silent and not open_.calm and open_.remaining(NOW) is None


@pytest.mark.parametrize("kind, posts, votes", [
    ("collect", True, False), ("silent", True, False), ("vote", False, True),
    ("result", False, False), ("present", False, False), ("pause", False, False), ("closed", False, False),
])
def test_each_kind_opens_what_it_says(kind, posts, votes):
    phase = Phase(True, step(kind))
    assert phase.may_post(7, NOW) is posts
    assert phase.may_vote(NOW) is votes
    assert phase.silent is (kind == "silent")
    assert phase.calm is (kind in ("pause", "closed"))


def test_every_kind_is_in_the_table_above():
    from participation.workshops.models import STEP_KINDS

    assert set(STEP_KINDS) == {"collect", "silent", "vote", "result", "present", "pause", "closed"}


def test_groups_presenting_is_neither_calm_nor_ranked():
    """Gruppen stellen vor: the wall keeps its list (the presentation covers it), no dots ranked."""
    phase = Phase(True, step("present"))
    assert not phase.calm and not phase.ranked and not phase.silent and phase.kind == "present"


def test_a_closed_workshop_overrides_every_step():
    assert not Phase(False, step("collect")).may_post(7, NOW)
    assert not Phase(False, step("vote")).may_vote(NOW)


def test_a_collecting_step_takes_ideas_only_for_its_questions():
    phase = Phase(True, step("collect", questions=(3, 4)))
    assert phase.may_post(3, NOW) and phase.may_post(4, NOW)
    assert not phase.may_post(5, NOW)


def test_a_step_that_waits_for_the_moderator_stays_open_after_its_time():
    phase = Phase(True, step("collect", ends_in=-30))
    assert phase.may_post(7, NOW) and phase.remaining(NOW) == 0


def test_an_automatic_step_ends_the_moment_its_time_is_up_before_any_tick():
    phase = Phase(True, step("collect", ends_in=-1, auto=True))
    assert not phase.may_post(7, NOW) and phase.running(NOW) is None
    assert Phase(True, step("collect", ends_in=1, auto=True)).may_post(7, NOW)
    assert not Phase(True, step("vote", ends_in=0, auto=True)).may_vote(NOW)


def test_an_ended_step_allows_nothing():
    phase = Phase(True, step("collect", ended=True))
    assert not phase.may_post(7, NOW) and phase.running(NOW) is None and phase.remaining(NOW) is None


def test_remaining_time_of_running_and_paused_countdowns():
    assert Phase(True, step("collect", ends_in=125.5)).remaining(NOW) == 125.5
    assert Phase(True, step("collect", paused=42.0)).remaining(NOW) == 42.0


def test_results_are_ranked_only_once_the_dots_are_revealed():
    assert Phase(True, step("result")).ranked
    assert not Phase(True, step("result"), votes_hidden=True).ranked
