"""While a voting step counts the dots in secret, no count leaves the app: not in any
export (CSV, XLSX, JSON, PDF), chart, the exports and results pages, the console or its
merge page, nor the API. After the reveal every count is back."""

import csv
import io
import json
import re

import jsonschema
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from participation.exports.importer import import_workshop, read_document
from participation.exports.json_file import workshop_json, workshop_schema
from participation.exports.services import set_results_published
from participation.exports.snapshot import workshop_snapshot
from participation.phases import services as phases
from participation.voting.services import cast_vote

from helpers import csrf_token, make_participant, post_idea

NOTE = "Punkte verdeckt bis zum Aufdecken"


@pytest.fixture
def voting(workshop):
    """A voting step with hidden dots: "Mitfahrbank" has 2, "Dorfladen" 1."""
    phases.replace_steps(workshop, [{"kind": "collect"}, {"kind": "vote"}, {"kind": "result"}])
    anna, ben, cem = (make_participant(workshop, name) for name in ("anna", "ben", "cem"))
    assert phases.next_step(workshop)
    bank = post_idea(workshop, anna, "Mitfahrbank am Markt")
    shop = post_idea(workshop, anna, "Dorfladen mit Café", 1)
    post_idea(workshop, ben, "Glasfaser für alle")
    assert phases.next_step(workshop)
    assert workshop.votes_hidden
    for voter, idea in ((ben, bank), (cem, bank), (ben, shop)):
        assert cast_vote(workshop, voter, idea).rejection is None
    return workshop, bank, shop


def _export(client, workshop, fmt):
    response = client.get(f"/moderation/workshops/{workshop.id}/export.{fmt}")
    assert response.status_code == 200
    return response.data


def _csv(client, workshop):
    text = _export(client, workshop, "csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _pdf_text(client, workshop):
    reader = PdfReader(io.BytesIO(_export(client, workshop, "pdf")))
    return "\n".join(page.extract_text() for page in reader.pages)


def _dot_counts(text):
    """Every "2 Punkte"/"Punkte: 2" a page or file shows."""
    return re.findall(r"\b\d+ Punkte?\b|Punkte: \d+", text)


def test_csv_leaves_the_vote_cells_empty_and_says_why(logged_in, voting):
    workshop, _bank, _shop = voting
    rows = _csv(logged_in, workshop)
    assert rows[0][4:7] == [f"Punkte {part} ({NOTE})" for part in ("digital", "Papier", "gesamt")]
    assert {cell for row in rows[1:] for cell in row[4:7]} == {""}


def test_xlsx_has_no_count_but_the_note(logged_in, voting):
    workshop, _bank, _shop = voting
    book = load_workbook(io.BytesIO(_export(logged_in, workshop, "xlsx")))
    overview = [cell.value for row in book["Übersicht"].iter_rows() for cell in row]
    assert f"Punkte: {NOTE}" in overview
    assert "verdeckt" in overview  # the sums per question and field
    for name in book.sheetnames:
        sheet = book[name]
        if sheet.cell(3, 4).value == f"Punkte digital ({NOTE})":  # an idea sheet
            assert [sheet.cell(3, column).value for column in (5, 6)] == [
                f"Punkte Papier ({NOTE})", f"Punkte gesamt ({NOTE})"]
            assert all(cell.value is None for row in sheet.iter_rows(min_row=4) for cell in row[3:6])


def test_json_has_null_votes_and_the_import_keeps_them_hidden(logged_in, voting, moderator):
    workshop, _bank, _shop = voting
    data = _export(logged_in, workshop, "json")
    document = json.loads(data)
    assert document["workshop"]["votes_hidden"] is True
    assert {idea["votes"] for idea in document["ideas"]} == {None}
    jsonschema.validate(document, workshop_schema())

    copy = import_workshop(read_document(data), moderator)
    assert copy.votes_hidden
    assert workshop_json(workshop_snapshot(copy)) == data


def test_pdf_says_the_dots_are_hidden(logged_in, voting):
    workshop, _bank, _shop = voting
    text = _pdf_text(logged_in, workshop)
    assert NOTE in text and "Punkte: verdeckt" in text
    assert _dot_counts(text) == []


def test_charts_show_no_dots(logged_in, voting):
    workshop, _bank, _shop = voting
    page = logged_in.get(f"/moderation/workshops/{workshop.id}/exports").get_data(as_text=True)
    assert NOTE in page
    assert _dot_counts(page) == []
    svg = logged_in.get(f"/moderation/workshops/{workshop.id}/charts/votes.svg").get_data(as_text=True)
    assert NOTE in svg
    assert "Ideen je Schritt" in page  # the run sheet's chart is among them


def test_published_results_show_no_dots(client, voting):
    workshop, _bank, _shop = voting
    set_results_published(workshop, True)
    page = client.get(f"/w/{workshop.code}/results").get_data(as_text=True)
    assert NOTE in page and "Punkte verdeckt" in page
    assert _dot_counts(page.replace(NOTE, "")) == []


def test_console_shows_only_the_total_of_dots_given(logged_in, voting):
    workshop, bank, _shop = voting
    page = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert NOTE in page and "bisher 3 Punkte vergeben" in page
    assert page.count('data-hidden="1"') == 3  # each idea's count: "verdeckt"
    assert "2 Punkte" not in page and "1 Punkt<" not in page
    merge = logged_in.get(f"/moderation/workshops/{workshop.id}/ideas/{bank.id}/merge?q=Dorfladen")
    merge_page = merge.get_data(as_text=True)
    assert "Dorfladen" in merge_page and "Punkte verdeckt" in merge_page
    assert "1 Punkt" not in merge_page


def test_api_has_null_votes_and_a_new_etag_after_the_reveal(app, voting):
    workshop, _bank, _shop = voting
    api = app.test_client()
    response = api.get(f"/api/workshops/{workshop.code}/ideas")
    assert {idea["votes"] for idea in response.get_json()["ideas"]} == {None}
    etag = response.headers["ETag"]
    assert api.get(f"/api/workshops/{workshop.code}/ideas", headers={"If-None-Match": etag}).status_code == 304
    about = api.get(f"/api/workshops/{workshop.code}").get_json()
    assert about["phase"]["kind"] == "vote" and about["phase"]["votes_hidden"] is True

    assert phases.reveal_votes(workshop)
    response = api.get(f"/api/workshops/{workshop.code}/ideas", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert sorted(idea["votes"] for idea in response.get_json()["ideas"]) == [0, 1, 2]


def test_api_vote_answer_has_no_count_while_hidden(app, voting):
    workshop, _bank, shop = voting
    phone = app.test_client()
    token = csrf_token(phone)
    assert phone.post(f"/j/{workshop.code}", data={"nickname": "Dora", "csrf_token": token}).status_code == 302
    answer = phone.post(f"/api/workshops/{workshop.code}/ideas/{shop.id}/vote", headers={"X-CSRFToken": token})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["votes"] is None


def test_everything_counts_again_after_the_reveal(logged_in, voting):
    workshop, bank, _shop = voting
    assert phases.reveal_votes(workshop)
    rows = _csv(logged_in, workshop)
    assert rows[0][4:7] == ["Punkte digital", "Punkte Papier", "Punkte gesamt"]
    assert {row[2]: row[4:7] for row in rows[1:]}["Mitfahrbank am Markt"] == ["2", "0", "2"]
    document = json.loads(_export(logged_in, workshop, "json"))
    assert "votes_hidden" not in document["workshop"]
    assert sorted(idea["votes"] for idea in document["ideas"]) == [0, 1, 2]
    assert "Punkte: 2" in _pdf_text(logged_in, workshop)
    console = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert "2 Punkte" in console and NOTE not in console
    svg = logged_in.get(f"/moderation/workshops/{workshop.id}/charts/votes.svg").get_data(as_text=True)
    assert NOTE not in svg
