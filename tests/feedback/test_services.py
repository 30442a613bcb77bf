"""Rückmeldung below the pages: stages (a dropped measure needs a reason), the public text,
milestones, and what the public and the phones get to see."""

from datetime import date, timedelta

import pytest

from participation.extensions import db
from participation.feedback import services
from participation.feedback.services import FeedbackError
from participation.measures.models import Measure, MeasureMilestone

from .world import HIDDEN, MERGED, PENDING, PUBLIC, SECRET, VISIBLE, build


@pytest.fixture
def world(moderator, workshop):
    return build(moderator, workshop)


def _fresh(measure):
    db.session.rollback()
    return db.session.get(Measure, measure.id)


def test_a_stage_moves_and_records_when(world):
    measure = world.public
    assert measure.stage == "idee" and measure.stage_changed_at is None
    services.set_stage(measure, "planung")
    measure = _fresh(measure)
    assert measure.stage == "planung" and measure.stage_changed_at is not None
    first = measure.stage_changed_at
    services.set_stage(measure, "planung", "unverändert")
    assert _fresh(measure).stage_changed_at == first  # the same stage: no new date
    assert services.stage_label("umsetzung") == "in Umsetzung"


def test_dropping_needs_a_reason_and_an_unknown_stage_is_refused(world):
    with pytest.raises(FeedbackError, match="warum") as refused:
        services.set_stage(world.public, "verworfen", "   ")
    assert refused.value.field == "stage_reason"
    with pytest.raises(FeedbackError, match="Liste"):
        services.set_stage(world.public, "vergessen")
    assert _fresh(world.public).stage == "idee"
    services.set_stage(world.public, "verworfen", "Kein Betreiber gefunden.")
    measure = _fresh(world.public)
    assert (measure.stage, measure.stage_reason) == ("verworfen", "Kein Betreiber gefunden.")


def test_the_form_stores_all_or_nothing(world):
    with pytest.raises(FeedbackError):
        services.save_feedback(world.secret, "verworfen", "", "Neuigkeit", True)
    measure = _fresh(world.secret)
    assert (measure.stage, measure.public_update, measure.is_public) == ("idee", "", False)
    with pytest.raises(FeedbackError, match="zu lang"):
        services.set_public_update(measure, "x" * (services.UPDATE_MAX + 1), True)
    services.save_feedback(measure, "umsetzung", "", "  Es geht los.  ", True)
    measure = _fresh(measure)
    assert (measure.stage, measure.public_update, measure.is_public) == ("umsetzung", "Es geht los.", True)


def test_milestones_are_added_ticked_renamed_moved_and_deleted(world):
    measure = world.public
    first = services.add_milestone(measure, "Fahrplan entwerfen")
    second = services.add_milestone(measure, "Fahrzeuge beschaffen")
    with pytest.raises(FeedbackError, match="Namen"):
        services.add_milestone(measure, "  ")
    services.tick_milestone(first)
    assert db.session.get(MeasureMilestone, first.id).done_on == services.today()
    services.tick_milestone(first, date(2026, 3, 1))
    assert db.session.get(MeasureMilestone, first.id).done_on == date(2026, 3, 1)
    with pytest.raises(FeedbackError, match="Zukunft"):
        services.tick_milestone(second, services.today() + timedelta(days=2))
    assert services.milestone_counts(_fresh(measure)) == (1, 2)
    services.untick_milestone(db.session.get(MeasureMilestone, first.id))
    assert db.session.get(MeasureMilestone, first.id).done_on is None
    services.rename_milestone(db.session.get(MeasureMilestone, second.id), "Busse leasen")
    services.move_milestone(db.session.get(MeasureMilestone, second.id), "up")
    assert [item.title for item in _fresh(measure).checkpoints] == ["Busse leasen", "Fahrplan entwerfen"]
    services.move_milestone(db.session.get(MeasureMilestone, second.id), "up")  # at the top: stays
    assert [item.title for item in _fresh(measure).checkpoints] == ["Busse leasen", "Fahrplan entwerfen"]
    services.delete_milestone(db.session.get(MeasureMilestone, second.id))
    assert [item.title for item in _fresh(measure).checkpoints] == ["Fahrplan entwerfen"]


def test_the_public_sees_public_measures_with_visible_ideas_only(world):
    shown = services.public_measures(world.process.workshops)
    assert [item["measure"].title for item in shown] == [PUBLIC]
    texts = [idea.text for idea in shown[0]["ideas"]]
    assert texts == [VISIBLE]
    assert not {HIDDEN, PENDING, MERGED} & set(texts)
    assert SECRET not in [item["measure"].title for item in shown]


def test_the_phone_note_is_for_the_author_and_public_measures_only(world, workshop):
    from helpers import make_participant, post_idea

    assert [m.title for m in services.notes_for(world.author)] == [PUBLIC]
    other = make_participant(workshop, "carla")
    post_idea(workshop, other, "Eine ganz andere Idee")
    assert services.notes_for(other) == []
    assert services.notes_for(None) == []
    services.set_public_update(world.public, "", False)
    assert services.notes_for(world.author) == []
