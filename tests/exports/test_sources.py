"""Where each idea came from (Handy, Papier, Import: <file>) and its dots split into digital,
paper and total, in every export: CSV (csv module), XLSX (openpyxl), the PDF book (pypdf),
JSON (and its round trip through the importer); and older JSON files still import."""

import csv
import io
import json

import jsonschema
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from participation.exports.csv_file import workshop_csv
from participation.exports.importer import WorkshopImportError, import_workshop, read_document
from participation.exports.json_file import workshop_json, workshop_schema
from participation.exports.pdf_book import focus_book_pdf
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts
from participation.exports.xlsx_file import workshop_xlsx
from participation.ideas.models import IMPORT, PAPER, PHONE
from participation.ideas.state import vote_counts
from participation.workshops.services import update_workshop

from mixed_sources import (EXPECTED, IMPORT_FILE, IMPORTED, PAPER_DOTTED, PAPER_PLAIN, PHONE_TOP,
                           build_mixed_sources_workshop)

VOTE_HEADINGS = ("Punkte digital", "Punkte Papier", "Punkte gesamt")


@pytest.fixture
def mixed(workshop):
    return build_mixed_sources_workshop(workshop)


def csv_rows(content):
    header, *body = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    return header, [dict(zip(header, row, strict=True)) for row in body]


def test_the_snapshot_keeps_the_dots_apart_and_counts_them_as_the_app_does(workshop, mixed):
    snapshot = workshop_snapshot(workshop)
    by_text = {idea.text: idea for idea in snapshot.ideas}
    for text, (_words, digital, paper, total) in EXPECTED.items():
        idea = by_text[text]
        assert (idea.digital_votes, idea.paper_votes, idea.votes) == (digital, paper, total), text
        assert idea.votes == vote_counts([mixed[text].id])[mixed[text].id]  # as the wall ranks them
    assert (by_text[PAPER_DOTTED].source, by_text[PAPER_DOTTED].author) == (PAPER, "Hilde")
    assert (by_text[IMPORTED].source, by_text[IMPORTED].source_name) == (IMPORT, IMPORT_FILE)
    assert by_text[PHONE_TOP].source == PHONE
    split = snapshot.vote_split(snapshot.ideas)
    assert (split.digital, split.paper, split.total) == (3, 8, 11)


def test_csv_has_the_source_and_three_dot_columns(workshop, mixed):
    header, rows = csv_rows(workshop_csv(workshop_snapshot(workshop), export_texts()))
    assert header[4:9] == [*VOTE_HEADINGS, "Name (freiwillig)", "Quelle"]
    by_text = {row["Idee"]: row for row in rows}
    for text, (words, digital, paper, total) in EXPECTED.items():
        row = by_text[text]
        assert (row["Quelle"], row["Punkte digital"], row["Punkte Papier"], row["Punkte gesamt"]) == (
            words, str(digital), str(paper), str(total)), text
    assert by_text[PAPER_DOTTED]["Name (freiwillig)"] == "Hilde"  # the name on the card


def test_csv_headings_follow_the_language(app, workshop, mixed):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        texts = export_texts()
    header, rows = csv_rows(workshop_csv(workshop_snapshot(workshop), texts))
    assert [texts[key] for key in ("votes_digital", "votes_paper", "votes_total", "source")] == [
        "Digital dots", "Paper dots", "Total dots", "Source"]
    assert {"Digital dots", "Paper dots", "Total dots", "Source"} <= set(header)
    assert {row["Source"] for row in rows} == {"Phone", "Paper", "Import: ideen.xlsx"}


def test_while_hidden_all_three_columns_are_empty_and_say_so(workshop, mixed):
    update_workshop(workshop, votes_hidden=True)
    header, rows = csv_rows(workshop_csv(workshop_snapshot(workshop), export_texts()))
    hidden = [f"{heading} (Punkte verdeckt bis zum Aufdecken)" for heading in VOTE_HEADINGS]
    assert header[4:7] == hidden
    assert all(row[heading] == "" for row in rows for heading in hidden)
    assert {row["Quelle"] for row in rows} == {"Handy", "Papier", "Import: ideen.xlsx"}  # sources stay

    book = load_workbook(io.BytesIO(workshop_xlsx(workshop_snapshot(workshop), export_texts())))
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "verdeckt" in values and 11 not in values and 8 not in values
    assert json.loads(workshop_json(workshop_snapshot(workshop)))["ideas"][0]["paper_votes"] is None


def xlsx_idea_rows(book):
    """Every idea row of the field sheets as a dict by the sheet's header (row 3)."""
    rows = {}
    for sheet in book.worksheets[1:]:
        header = [cell.value for cell in sheet[3]]
        if "Idee" not in header:
            continue
        for values in sheet.iter_rows(min_row=4, values_only=True):
            row = dict(zip(header, values))
            rows[row["Idee"]] = row
    return rows


def overview_tables(sheet):
    """The overview's small tables: {first heading: [rows as tuples]} (a table ends at an empty row)."""
    tables, current = {}, None
    for values in sheet.iter_rows(values_only=True):
        if not any(value is not None for value in values):
            current = None
            continue
        if current is None and values[1] == "Anzahl Ideen":
            current = tables.setdefault(values[0], [])
            current.append(values)
        elif current is not None:
            current.append(values)
    return tables


def test_xlsx_has_the_source_three_dot_columns_and_a_split_overview(workshop, mixed):
    book = load_workbook(io.BytesIO(workshop_xlsx(workshop_snapshot(workshop), export_texts())))
    rows = xlsx_idea_rows(book)
    for text, (words, digital, paper, total) in EXPECTED.items():
        row = rows[text]
        assert (row["Quelle"], row["Punkte digital"], row["Punkte Papier"], row["Punkte gesamt"]) == (
            words, digital, paper, total), text

    tables = overview_tables(book.worksheets[0])
    questions = tables["Leitfrage"]
    assert questions[0][:5] == ("Leitfrage", "Anzahl Ideen", *VOTE_HEADINGS)
    assert questions[-1][:5] == ("Gesamt", 5, 3, 8, 11)
    first = workshop.questions[0].text  # Mitfahrbank (2+1), Bänke (0+3), Spielplatz: 2 + 4 = 6
    assert next(row for row in questions if row[0] == first)[1:5] == (3, 2, 4, 6)
    fields = tables["Handlungsfeld"]
    assert fields[0][:6] == ("Handlungsfeld", "Anzahl Ideen", *VOTE_HEADINGS, "Häufige Begriffe")
    assert fields[-1][:5] == ("Gesamt", 5, 3, 8, 11)
    sources = tables["Quelle"]
    assert sources[1:] == [("Handy", 2, 3, 1, 4, None), ("Papier", 2, 0, 3, 3, None),
                           ("Import: ideen.xlsx", 1, 0, 4, 4, None), ("Gesamt", 5, 3, 8, 11, None)]


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeeze(text):
    return "".join(text.split())


def test_the_pdf_book_names_sources_and_splits_the_dots(workshop, mixed):
    text = squeeze(pdf_text(focus_book_pdf(workshop_snapshot(workshop), export_texts(), charts=[])))
    assert squeeze("Punkte: 11 (3 digital, 8 Papier)") in text  # the cover
    assert squeeze("Punkte: 3 (2 digital, 1 Papier)") in text  # the phone idea with sticker dots
    assert squeeze("Punkte: 3 (0 digital, 3 Papier) · Leitfrage") in text
    assert squeeze("· Quelle: Papier · von Hilde") in text  # the name on the card
    assert squeeze("Punkte: 4 (0 digital, 4 Papier) · Leitfrage") in text
    assert squeeze("· Quelle: Import: ideen.xlsx · von Padlet-Gruppe") in text
    assert squeeze("Punkte: 1 · Leitfrage") in text  # no split without paper dots
    assert "Quelle:Handy" not in text  # a phone is the usual case, not worth a word


def test_the_pdf_book_without_paper_dots_looks_as_before(workshop):
    from helpers import make_participant, post_idea

    post_idea(workshop, make_participant(workshop), "Nur vom Handy")
    text = pdf_text(focus_book_pdf(workshop_snapshot(workshop), export_texts(), charts=[]))
    assert "digital," not in text and "Papier)" not in text and "Quelle" not in text


def test_json_carries_sources_and_paper_dots_and_follows_schema_version_2(workshop, mixed):
    document = json.loads(workshop_json(workshop_snapshot(workshop)))
    assert document["version"] == 2
    jsonschema.Draft202012Validator(workshop_schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    by_text = {idea["text"]: idea for idea in document["ideas"]}
    assert {key: by_text[PAPER_DOTTED][key] for key in ("source", "source_name", "author", "nickname")} == {
        "source": "paper", "source_name": None, "author": "Hilde", "nickname": "Hilde"}
    assert {key: by_text[IMPORTED][key] for key in ("source", "source_name", "author", "votes", "paper_votes")} == {
        "source": "import", "source_name": "ideen.xlsx", "author": "Padlet-Gruppe", "votes": 4, "paper_votes": 4}
    assert (by_text[PHONE_TOP]["source"], by_text[PHONE_TOP]["votes"], by_text[PHONE_TOP]["paper_votes"]) == (
        "phone", 3, 1)
    assert by_text[PHONE_TOP]["author"] is None


def test_json_round_trip_keeps_sources_names_and_the_split(workshop, moderator, mixed):
    data = workshop_json(workshop_snapshot(workshop))
    copied = import_workshop(read_document(data), moderator)
    assert workshop_json(workshop_snapshot(copied)) == data
    snapshot = workshop_snapshot(copied)
    rows = {idea.text: idea for idea in snapshot.ideas}
    for text, (_words, digital, paper, total) in EXPECTED.items():
        assert (rows[text].digital_votes, rows[text].paper_votes, rows[text].votes) == (digital, paper, total)
    assert (rows[IMPORTED].source, rows[IMPORTED].source_name, rows[IMPORTED].author) == (IMPORT, IMPORT_FILE,
                                                                                          "Padlet-Gruppe")


def test_a_restored_workshop_still_knows_its_cards_and_rows(workshop, moderator, mixed):
    """The cards' and imported rows' own keys travel in the file: after a restore, sending
    the same card again or importing the same file again adds nothing."""
    from participation.ideas.cards import Card, add_cards

    copied = import_workshop(read_document(workshop_json(workshop_snapshot(workshop))), moderator)
    again = [Card(IMPORTED, key="ideen.xlsx:2", paper_votes=4)]
    states, repeated = add_cards(copied, copied.questions[1].id, again, source=IMPORT, source_name=IMPORT_FILE)
    assert (states, repeated) == ([], 1)
    states, repeated = add_cards(copied, copied.questions[0].id, [Card(PAPER_PLAIN, key="card-2")], source=PAPER)
    assert (states, repeated) == ([], 1)


def test_a_merged_paper_card_keeps_its_source_and_dots_through_the_round_trip(workshop, moderator, mixed):
    from participation.moderation import services as moderation

    moderation.merge(mixed[PAPER_DOTTED], mixed[PHONE_TOP])
    data = workshop_json(workshop_snapshot(workshop))
    target = next(idea for idea in json.loads(data)["ideas"] if idea["text"] == PHONE_TOP)
    assert (target["votes"], target["paper_votes"]) == (6, 4)
    assert [(item["source"], item["author"]) for item in target["merged"]] == [("paper", "Hilde")]
    copied = import_workshop(read_document(data), moderator)
    assert workshop_json(workshop_snapshot(copied)) == data


OLD_FILE = {
    "format": "participation-workshop",
    "version": 1,
    "workshop": {"title": "Alte Datei", "date": None, "place": "", "description": ""},
    "questions": ["Was fehlt?"],
    "fields": [],
    "ideas": [{"question": 0, "text": "Ein Bolzplatz", "created_at": "2025-03-01T09:15:00.000000Z",
               "nickname": "Jörg", "votes": 2, "field": None, "score": None, "terms": [], "confirmed": False,
               "merged": []}],
    "measures": [],
}


def test_a_version_1_file_still_imports_with_phones_and_digital_dots(app, moderator):
    copied = import_workshop(read_document(json.dumps(OLD_FILE).encode()), moderator)
    (idea,) = workshop_snapshot(copied).ideas
    assert (idea.source, idea.nickname, idea.digital_votes, idea.paper_votes, idea.votes) == (PHONE, "Jörg", 2, 0, 2)
    document = json.loads(workshop_json(workshop_snapshot(copied)))
    assert document["version"] == 2 and document["ideas"][0]["source"] == "phone"
    # version 1 knows no sources: its schema refuses them
    with pytest.raises(WorkshopImportError, match="unbekannt"):
        broken = json.loads(json.dumps(OLD_FILE))
        broken["ideas"][0]["source"] = "paper"
        import_workshop(broken, moderator)


def test_more_paper_dots_than_dots_is_refused(workshop, moderator, mixed):
    document = json.loads(workshop_json(workshop_snapshot(workshop)))
    document["ideas"][0]["paper_votes"] = document["ideas"][0]["votes"] + 1
    with pytest.raises(WorkshopImportError, match="Punkte auf Papier"):
        import_workshop(document, moderator)


def test_a_file_from_a_newer_app_is_refused_with_both_versions(app, moderator):
    with pytest.raises(WorkshopImportError, match="Version 3.*Versionen 1 bis 2"):
        import_workshop({**OLD_FILE, "version": 3}, moderator)



def test_the_exports_page_lists_the_stacked_numbers_and_the_sources_chart(logged_in, workshop, mixed):
    page = logged_in.get(f"/moderation/workshops/{workshop.id}/exports").get_data(as_text=True)
    # the charts' text alternative: a column per part and the total
    assert '<th scope="col">Punkte digital</th><th scope="col">Punkte Papier</th><th scope="col">Punkte gesamt</th>' in page
    assert "Ideen nach Quelle" in page and "Import: ideen.xlsx" in page
    chart = logged_in.get(f"/moderation/workshops/{workshop.id}/charts/sources.svg")
    assert chart.status_code == 200 and "Import: ideen.xlsx" in chart.get_data(as_text=True)
