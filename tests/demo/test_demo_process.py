"""The demo process: three workshops in one catalogue, a public measure; made once."""

from sqlalchemy import func, select

from participation.demo.process import PROCESS_TITLE, build_demo_process
from participation.extensions import db
from participation.ideas.state import count_public_ideas
from participation.measures.models import Measure
from participation.processes.models import Process


def test_the_demo_process_has_three_events_sharing_the_catalogue_and_a_public_measure(app):
    process = build_demo_process()
    assert process.title == PROCESS_TITLE and process.public
    workshops = db.session.get(Process, process.id).workshops
    assert len(workshops) == 3 and all(count_public_ideas(workshop) >= 10 for workshop in workshops)
    entries = {entry.id for entry in process.fields}
    for workshop in workshops:
        assert {field.process_field_id for field in workshop.fields} == entries
    measure = db.session.scalar(select(Measure).where(Measure.is_public.is_(True)))
    assert measure.stage == "planung" and len(measure.ideas) == 2 and len(measure.checkpoints) == 2
    assert build_demo_process().id == process.id  # made once
    assert db.session.scalar(select(func.count(Process.id))) == 1
