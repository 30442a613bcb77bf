"""The app's own CSV and XLSX exports of a rich workshop, imported into a second workshop
with the same questions: texts, questions, dots and Handlungsfelder arrive, once."""

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.ideas.models import IMPORT, Idea

from factories import build_rich_workshop
from imports.conftest import form_values, preview_url
from imports.test_views import import_with, page_text


@pytest.fixture
def rich(workshop):
    return build_rich_workshop(workshop)


@pytest.fixture
def second(moderator, workshop):
    from participation.workshops.services import create_workshop, update_workshop

    target = create_workshop(moderator, "dithmarschen", title="Zweiter Abend")
    update_workshop(target, idea_max_length=2000)
    assert [question.text for question in target.questions] == [question.text for question in workshop.questions]
    return target


def _exported(workshop):
    """Text -> (question position, dots, field name or None) of the workshop's visible ideas."""
    from participation.exports.snapshot import workshop_snapshot

    snapshot = workshop_snapshot(workshop, with_terms=False)
    positions = {question.id: question.position for question in snapshot.questions}
    return {idea.text: (positions[idea.question_id], idea.votes, idea.field_name) for idea in snapshot.ideas}


def _imported(workshop):
    db.session.rollback()
    ideas = db.session.scalars(select(Idea).where(Idea.workshop_id == workshop.id)).all()
    positions = {question.id: question.position for question in workshop.questions}
    fields = {item.id: item.name for item in workshop.fields}
    assert {idea.source for idea in ideas} == {IMPORT}
    return {idea.text: (positions[idea.question_id], idea.paper_votes, fields.get(idea.field_id) if idea.field_confirmed
                        else None) for idea in ideas}, ideas


@pytest.mark.parametrize("delimiter", ["semicolon", "comma"])
def test_the_csv_export_comes_back(logged_in, workshop, rich, second, upload, delimiter):
    export = logged_in.get(f"/moderation/workshops/{workshop.id}/export.csv?delimiter={delimiter}")
    assert export.status_code == 200
    url = preview_url(upload(second, "export.csv", export.data))
    page = logged_in.get(url)
    values = form_values(page.get_data(as_text=True))
    # Leitfrage, Handlungsfeld, Idee, Zusammengeführt mit, Punkte digital, Punkte Papier,
    # Punkte gesamt, Name (freiwillig), ...
    assert values == {"text": "2", "question": "c0", "author": "7", "votes": "6", "category": "1"}
    assert "Keine Probleme gefunden." in page_text(page)
    assert import_with(logged_in, url, values).status_code == 302

    expected = _exported(workshop)
    imported, ideas = _imported(second)
    assert set(imported) == set(rich.visible) == set(expected)
    for text, (position, votes, field) in expected.items():
        assert imported[text][:2] == (position, votes), text
        # the export's "Noch nicht zugeordnet" is no field; the others arrive as decisions
        assert imported[text][2] == field, text
    assert "=SUMME(A1:A9) ist kein Vorschlag, aber ein Test" in imported
    assert sum(idea.paper_votes for idea in ideas) == sum(rich.voted.values())

    again = preview_url(upload(second, "export.csv", export.data))
    assert import_with(logged_in, again, values).status_code == 302
    assert len(_imported(second)[1]) == len(rich.visible)


def test_the_xlsx_export_comes_back_from_its_sheets(logged_in, workshop, rich, second, upload):
    export = logged_in.get(f"/moderation/workshops/{workshop.id}/export.xlsx")
    assert export.status_code == 200
    url = preview_url(upload(second, "export.xlsx", export.data))
    page = logged_in.get(url)
    text = page_text(page)
    values = form_values(page.get_data(as_text=True))
    # one table from the field sheets (Leitfrage, Idee, ..., then the sheet's name); the
    # overview sheet is another table, not chosen
    assert values["table"] == "1" and values["text"] == "1" and values["question"] == "c0"
    assert values["votes"] == "5" and values["author"] == "6"  # "Punkte gesamt", after digital and paper
    assert values["category"] == "12"  # the sheet name (the last column): the Handlungsfeld
    assert "Keine Probleme gefunden." in text
    assert import_with(logged_in, url, values).status_code == 302

    expected = _exported(workshop)
    imported, ideas = _imported(second)
    assert set(imported) == set(expected) == set(rich.visible)
    for text_, (position, votes, field) in expected.items():
        assert imported[text_] == (position, votes, field), text_
    assert sum(idea.paper_votes for idea in ideas) == sum(rich.voted.values())
