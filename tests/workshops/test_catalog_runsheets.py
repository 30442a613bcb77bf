"""Every catalogue template brings a valid run sheet, and creating a workshop from it
prepares exactly those steps (prepared, not started)."""

import pytest

from participation.phases import services as phases
from participation.phases.phase import phase_of
from participation.workshops.catalog import TEMPLATES, get_template
from participation.workshops.models import STEP_KINDS
from participation.workshops.services import create_workshop

RUNS = [key for key, template in TEMPLATES.items() if template.run]


def test_every_template_but_blank_has_a_run_sheet_and_blank_has_none():
    assert RUNS == [key for key in TEMPLATES if key != "blank"]
    assert get_template("blank").run == ()
    assert {"kgst-seminar", "digiscouts", "swot", "1-2-4-all"} <= set(TEMPLATES)


@pytest.mark.parametrize("key", RUNS)
def test_steps_name_known_kinds_and_existing_questions(key):
    template = get_template(key)
    for step in template.run:
        assert step.kind in STEP_KINDS, (key, step)
        assert all(0 <= position < len(template.questions) for position in step.questions), (key, step)
        assert step.minutes is None or 0 < step.minutes <= 6 * 60, (key, step)
        assert len(step.title) <= 120
        assert not (step.auto and step.minutes is None), "moving on by itself needs a countdown"
    assert template.method, key
    assert template.run[-1].kind == "result", key


@pytest.mark.parametrize("key", RUNS)
def test_the_phase_rule_accepts_every_step_of_the_created_workshop(app, moderator, key):
    template = get_template(key)
    workshop = create_workshop(moderator, key)
    assert len(workshop.steps) == len(template.run)
    for step, planned in zip(workshop.steps, template.run):
        ids = [workshop.questions[position].id for position in planned.questions]
        assert phases.check_step(workshop, step.kind, step.question_ids, step.duration_seconds, step.title) == (
            planned.kind, sorted(ids), planned.duration_seconds, planned.title)
        assert step.auto_advance is planned.auto
        assert step.started_at is None and step.ended_at is None
    # prepared, not started: the workshop is open as a whole, as without a run sheet
    assert workshop.current_step_id is None
    assert phase_of(workshop).may_post(workshop.questions[0].id)
    # and the services can run it from the first step to the last
    phases.start_step(workshop, workshop.steps[0])
    for _step in workshop.steps[1:]:
        phases.next_step(workshop)
    assert workshop.current_step_id == workshop.steps[-1].id


def test_dithmarschen_default_run(app, moderator):
    workshop = create_workshop(moderator, "dithmarschen")
    steps = [(step.kind, step.question_ids, step.duration_seconds, step.auto_advance) for step in workshop.steps]
    questions = [question.id for question in workshop.questions]
    assert steps == [
        ("collect", [questions[0]], 600, False),
        ("collect", [questions[1]], 600, False),
        ("collect", [questions[2]], 600, False),
        ("vote", [], 300, False),
        ("result", [], None, False),
    ]


def test_one_two_four_all_is_timed_as_the_method(app):
    run = get_template("1-2-4-all").run
    assert [(step.kind, step.minutes, step.auto) for step in run] == [
        ("silent", 1, True), ("collect", 2, True), ("collect", 4, True), ("vote", 5, False), ("result", None, False)]


def test_blank_workshop_has_no_run_sheet(app, moderator):
    workshop = create_workshop(moderator, "blank", title="Leer")
    assert workshop.steps == [] and workshop.current_step_id is None
