"""Each step of the run sheet leaves a record, and the exports tell the run of the evening:
a run through collect → vote → result on a fake clock keeps each step's numbers, and the
CSV, XLSX, JSON and PDF carry them; a JSON round trip through the importer keeps the steps
and which idea came from which step."""

import csv
import io
import json

import jsonschema
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from participation import limits
from participation.charts.specs import chart_names, ideas_per_step
from participation.exports.importer import WorkshopImportError, import_workshop, read_document
from participation.exports.json_file import workshop_json, workshop_schema
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts
from participation.extensions import db
from participation.ideas.done import set_done
from participation.ideas.models import Idea
from participation.phases import services as phases
from participation.voting.services import cast_vote
from participation.workshops.models import RunStep, Workshop

from helpers import FakeClock, make_participant, post_idea

COLLECT_SECONDS = 600


@pytest.fixture
def clock(monkeypatch):
    # Steps and dots (``Vote.created_at``) are both stamped by ``limits.clock``.
    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


@pytest.fixture
def evening(workshop, moderator, clock):
    """The run through: collect (3 ideas, Anna says she is done), vote (2 dots), result."""
    phases.replace_steps(workshop, [
        {"kind": "collect", "duration_seconds": COLLECT_SECONDS},
        {"kind": "vote", "duration_seconds": 300, "title": "Punkten für Projekte"},
        {"kind": "result"},
    ])
    anna, ben = make_participant(workshop, "anna"), make_participant(workshop, "ben")
    before = post_idea(workshop, anna, "Eine Idee vor dem Ablauf")  # no step runs yet
    assert phases.next_step(workshop)
    ideas = [post_idea(workshop, anna, "Mitfahrbank am Markt"), post_idea(workshop, ben, "Dorfladen mit Café", 1),
             post_idea(workshop, ben, "Glasfaser für alle")]
    assert set_done(workshop, anna, True)
    clock.advance(COLLECT_SECONDS)
    assert phases.next_step(workshop)
    assert workshop.votes_hidden
    for voter, idea in ((anna, ideas[1]), (anna, ideas[2]), (ben, ideas[0])):
        assert cast_vote(workshop, voter, idea).rejection is None
    clock.advance(7200)
    assert phases.next_step(workshop)
    assert not workshop.votes_hidden
    return workshop, [before, *ideas]


def _steps(workshop):
    return db.session.scalars(db.select(RunStep).where(RunStep.workshop_id == workshop.id)
                              .order_by(RunStep.position)).all()


def test_each_step_keeps_its_numbers_when_it_ends(evening):
    workshop, _ideas = evening
    collect, vote, result = _steps(workshop)
    assert collect.record == {"ideas": 3, "dots": 0, "done": 1, "people": 2}
    assert vote.record == {"ideas": 0, "dots": 3, "done": 0, "people": 2}
    assert (collect.ended_at - collect.started_at).total_seconds() == COLLECT_SECONDS
    assert result.record is None and result.ended_at is None  # still running


def test_snapshot_and_chart_tell_which_step_produced_which_idea(evening):
    workshop, ideas = evening
    snapshot = workshop_snapshot(workshop, with_terms=False)
    assert [step.label for step in snapshot.steps] == ["1 Sammeln", "2 Punkten für Projekte", "3 Ergebnis"]
    assert [snapshot.step_label(idea.step_id) for idea in snapshot.ideas] == ["", "1 Sammeln", "1 Sammeln",
                                                                              "1 Sammeln"]
    assert "steps" in chart_names(snapshot)
    chart = ideas_per_step(snapshot, export_texts())
    assert chart.title == "Ideen je Schritt"
    assert dict(zip(chart.labels, chart.values)) == {"1 Sammeln": 3, "2 Punkten für Projekte": 0,
                                                     "3 Ergebnis": 0, "ohne Schritt": 1}


def test_csv_has_a_step_column(logged_in, evening):
    workshop, _ideas = evening
    text = logged_in.get(f"/moderation/workshops/{workshop.id}/export.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-1] == "Schritt"
    by_text = {row[2]: row for row in rows[1:]}
    assert by_text["Mitfahrbank am Markt"][-1] == "1 Sammeln"
    assert by_text["Eine Idee vor dem Ablauf"][-1] == ""
    assert by_text["Dorfladen mit Café"][4] == "1"  # revealed: the dots are there


def test_xlsx_has_a_run_sheet_and_a_step_column(logged_in, evening):
    workshop, _ideas = evening
    book = load_workbook(io.BytesIO(logged_in.get(f"/moderation/workshops/{workshop.id}/export.xlsx").data))
    sheet = book["Ablauf"]
    assert sheet["A1"].value == "Ablauf des Abends"
    header = [cell.value for cell in sheet[3]]
    assert header[:4] == ["Schritt", "Art", "Titel", "Leitfragen"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert [row[1] for row in rows] == ["Sammeln", "Punkten", "Ergebnis"]
    assert rows[0][3] == "alle Leitfragen" and rows[0][4] == 10
    assert rows[0][7:] == [3, 0, 1, 2]  # ideas, dots, done, present
    assert rows[1][2] == "Punkten für Projekte" and rows[1][7:] == [0, 3, 0, 2]
    assert rows[2][6] is None and rows[2][7] is None  # running: no end, no record yet
    idea_sheets = [name for name in book.sheetnames if name not in ("Übersicht", "Ablauf")]
    steps = [row[-1].value for name in idea_sheets for row in book[name].iter_rows(min_row=4)]
    assert book[idea_sheets[0]].cell(3, 13).value == "Schritt"  # still the last column
    assert sorted(value or "" for value in steps) == ["", "1 Sammeln", "1 Sammeln", "1 Sammeln"]


def test_pdf_book_has_the_run_of_the_evening(logged_in, evening):
    workshop, _ideas = evening
    reader = PdfReader(io.BytesIO(logged_in.get(f"/moderation/workshops/{workshop.id}/export.pdf").data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ablauf des Abends" in text
    assert "2. Punkten: Punkten für Projekte" in text
    assert "1 von 2 fertig" in text
    assert "Ideen im Schritt" in text


def test_pdf_book_without_a_run_sheet_has_no_such_section(logged_in, workshop):
    reader = PdfReader(io.BytesIO(logged_in.get(f"/moderation/workshops/{workshop.id}/export.pdf").data))
    assert "Ablauf des Abends" not in "\n".join(page.extract_text() for page in reader.pages)


def test_json_carries_the_run_sheet_and_each_ideas_step(logged_in, evening):
    workshop, _ideas = evening
    document = json.loads(logged_in.get(f"/moderation/workshops/{workshop.id}/export.json").data)
    jsonschema.validate(document, workshop_schema())
    steps = document["steps"]
    assert [step["kind"] for step in steps] == ["collect", "vote", "result"]
    assert steps[0]["duration_seconds"] == COLLECT_SECONDS and steps[0]["questions"] == []
    assert steps[0]["record"] == {"ideas": 3, "dots": 0, "done": 1, "people": 2}
    assert steps[1]["title"] == "Punkten für Projekte" and steps[1]["record"]["dots"] == 3
    assert steps[2]["ended_at"] is None and steps[2]["record"] is None
    assert [idea["step"] for idea in document["ideas"]] == [None, 0, 0, 0]
    assert "votes_hidden" not in document["workshop"]


def test_json_round_trip_through_the_importer_keeps_the_steps(evening, moderator):
    workshop, _ideas = evening
    first = workshop_json(workshop_snapshot(workshop))
    copy = import_workshop(read_document(first), moderator)
    copy = db.session.get(Workshop, copy.id)
    steps = _steps(copy)
    assert [step.kind for step in steps] == ["collect", "vote", "result"]
    assert steps[0].record == {"ideas": 3, "dots": 0, "done": 1, "people": 2}
    assert copy.current_step_id is None and not copy.is_open  # a record of an evening that is over
    step_of = dict(db.session.execute(db.select(Idea.text, Idea.step_id).where(Idea.workshop_id == copy.id)).all())
    assert step_of["Mitfahrbank am Markt"] == steps[0].id and step_of["Eine Idee vor dem Ablauf"] is None
    assert workshop_json(workshop_snapshot(copy)) == first


def test_a_step_question_refers_to_a_question_of_the_file(evening, moderator):
    workshop, _ideas = evening
    document = json.loads(workshop_json(workshop_snapshot(workshop)))
    document["steps"][0]["questions"] = [7]
    with pytest.raises(WorkshopImportError) as error:
        import_workshop(document, moderator)
    assert "steps[0].questions[0]" in error.value.message
