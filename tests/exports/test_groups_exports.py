"""Group work in every export, read back with real readers: CSV (csv module), XLSX
(openpyxl), the PDF book (pypdf for its text, pypdfium2 for a picture of its group page),
JSON version 2 (jsonschema) and its round trip through the importer; a workshop without
groups exports as before, and older files without groups still import."""

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

from group_world import EXPECTED, GROUPS, PROMOTED_ORDER, build_group_workshop, group_label

SHOTS = "/tmp/shots-downstream"


@pytest.fixture
def grouped(workshop):
    return build_group_workshop(workshop)


def csv_rows(content):
    header, *body = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    return header, [dict(zip(header, row, strict=True)) for row in body]


def test_the_snapshot_knows_groups_their_ideas_and_the_promoted_first(workshop, grouped):
    snapshot = workshop_snapshot(workshop)
    assert [group.label for group in snapshot.groups] == [group_label(n) for n in (1, 2, 3)]
    assert snapshot.groups[0].topic == "Mobilität auf dem Land"
    second = snapshot.groups[1]
    assert [idea.text for idea in second.ideas][:2] == list(PROMOTED_ORDER)  # in the order promoted
    assert [idea.text for idea in second.promoted] == list(PROMOTED_ORDER)
    assert {idea.text for idea in snapshot.ungrouped} == {t for t, (n, _p, _q) in EXPECTED.items() if n is None}
    for idea in snapshot.ideas:
        number, promoted, _question = EXPECTED[idea.text]
        assert (idea.group_number, idea.promoted, idea.group_label) == (number, promoted, group_label(number))


def test_csv_has_a_group_and_a_plenary_column(workshop, grouped):
    header, rows = csv_rows(workshop_csv(workshop_snapshot(workshop), export_texts()))
    assert header[-2:] == ["Gruppe", "Im Plenum"]
    by_text = {row["Idee"]: row for row in rows}
    assert set(by_text) == set(EXPECTED)
    for text, (number, promoted, _question) in EXPECTED.items():
        assert (by_text[text]["Gruppe"], by_text[text]["Im Plenum"]) == (
            group_label(number), "ja" if promoted else "nein"), text


def test_without_groups_csv_and_xlsx_have_no_group_column(workshop):
    from helpers import make_participant, post_idea

    post_idea(workshop, make_participant(workshop), "Mehr Bänke am Deich")
    snapshot = workshop_snapshot(workshop)
    header, _rows = csv_rows(workshop_csv(snapshot, export_texts()))
    assert "Gruppe" not in header and "Im Plenum" not in header
    book = load_workbook(io.BytesIO(workshop_xlsx(snapshot, export_texts())))
    values = {cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert not {"Gruppe", "Im Plenum", "Gruppen", "Ideen der Gruppen"} & values
    assert "Gruppen" not in book.sheetnames
    assert "groups" not in json.loads(workshop_json(snapshot))
    assert "group" not in json.loads(workshop_json(snapshot))["ideas"][0]


def test_xlsx_has_group_columns_an_overview_per_group_and_a_group_sheet(workshop, grouped):
    book = load_workbook(io.BytesIO(workshop_xlsx(workshop_snapshot(workshop), export_texts())))
    rows = {}
    for sheet in book.worksheets[1:]:
        if sheet.title == "Gruppen":
            continue
        header = [cell.value for cell in sheet[3]]
        assert header[-2:] == ["Gruppe", "Im Plenum"], sheet.title
        for values in sheet.iter_rows(min_row=4, values_only=True):
            row = dict(zip(header, values))
            rows[row["Idee"]] = row
    for text, (number, promoted, _question) in EXPECTED.items():
        assert (rows[text]["Gruppe"] or "", rows[text]["Im Plenum"]) == (
            group_label(number), "ja" if promoted else "nein"), text

    overview = [values for values in book.worksheets[0].iter_rows(values_only=True)]
    start = next(number for number, values in enumerate(overview) if values[0] == "Gruppe")
    assert overview[start][:6] == ("Gruppe", "Anzahl Ideen", "Davon im Plenum", "Punkte digital",
                                   "Punkte Papier", "Punkte gesamt")
    table = [values[:6] for values in overview[start + 1:start + 6]]
    assert table == [
        ("1 Tisch Nord", 2, 0, 0, 0, 0),
        ("2 Tisch Süd", 3, 2, 2, 0, 2),
        ("3 Online-Raum", 1, 0, 0, 0, 0),
        ("ohne Gruppe", 2, 0, 1, 0, 1),
        ("Gesamt", 8, 2, 3, 0, 3),
    ]

    sheet = book["Gruppen"]
    header = [cell.value for cell in sheet[3]]
    listed = [dict(zip(header, values)) for values in sheet.iter_rows(min_row=4, values_only=True)]
    assert [row["Gruppe"] or "" for row in listed] == sorted(
        (group_label(n) for n, _p, _q in EXPECTED.values()), key=lambda label: label or "~")
    second = [row for row in listed if row["Gruppe"] == "2 Tisch Süd"]
    assert [row["Idee"] for row in second[:2]] == list(PROMOTED_ORDER)
    assert [row["Im Plenum"] for row in second] == ["ja", "ja", "nein"]


def pdf_pages(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squeeze(text):
    return "".join(text.split())


def test_the_pdf_book_has_a_group_chapter_with_the_promoted_first(workshop, grouped):
    data = focus_book_pdf(workshop_snapshot(workshop), export_texts(), charts=[])
    pages = pdf_pages(data)
    text = squeeze("\n".join(pages))
    assert squeeze("Ideen der Gruppen") in text
    for number, (name, _topic) in enumerate(GROUPS, start=1):
        assert squeeze(f"Gruppe {number}: {name}") in text
    assert squeeze("Thema: Mobilität auf dem Land") in text
    chapter = squeeze("\n".join(pages[next(n for n, page in enumerate(pages) if "Ideen der Gruppen" in page
                                           and "Inhalt" not in page):]))
    south = chapter[chapter.index(squeeze("Gruppe 2: Tisch Süd")):chapter.index(squeeze("Gruppe 3: Online-Raum"))]
    assert squeeze("Davon im Plenum: 2") in south
    positions = [south.index(squeeze(text)) for text in (*PROMOTED_ORDER, "Digitale Sprechstunde im Rathaus")]
    assert positions == sorted(positions)  # promoted first, in their order, then the rest
    assert south.count("IMPLENUM") == 2  # each promoted idea marked
    no_group = chapter[chapter.index(squeeze("Gruppe 3: Online-Raum")):]
    assert squeeze("ohne Gruppe") in no_group and squeeze("Repair-Café im Gemeindehaus") in no_group
    # in the Handlungsfeld chapters each idea names its group
    assert squeeze("Gruppe: 1 Tisch Nord") in text
    # the contents list the chapter and every group
    contents = squeeze(pages[1])
    assert squeeze("Ideen der Gruppen") in contents and squeeze("Gruppe 2: Tisch Süd") in contents


def test_the_pdf_group_page_renders(workshop, grouped, tmp_path):
    import os

    import pypdfium2

    data = focus_book_pdf(workshop_snapshot(workshop), export_texts(), charts=[])
    pages = pdf_pages(data)
    number = max(n for n, page in enumerate(pages) if "Ideen der Gruppen" in page)
    document = pypdfium2.PdfDocument(data)
    image = document[number].render(scale=1.5).to_pil()
    assert image.size[0] > 800
    os.makedirs(SHOTS, exist_ok=True)
    image.save(f"{SHOTS}/pdf-groups-page.png")
    document.close()


def test_the_pdf_book_without_groups_has_no_group_chapter(workshop):
    from helpers import make_participant, post_idea

    post_idea(workshop, make_participant(workshop), "Mehr Bänke am Deich")
    text = "\n".join(pdf_pages(focus_book_pdf(workshop_snapshot(workshop), export_texts(), charts=[])))
    assert "Ideen der Gruppen" not in text and "Gruppe" not in text


def test_json_has_groups_and_each_ideas_group_and_follows_the_schema(workshop, grouped):
    document = json.loads(workshop_json(workshop_snapshot(workshop)))
    jsonschema.Draft202012Validator(workshop_schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["groups"] == [
        {"number": 1, "name": "Tisch Nord", "topic": "Mobilität auf dem Land", "question": None},
        {"number": 2, "name": "Tisch Süd", "topic": "", "question": None},
        {"number": 3, "name": "Online-Raum", "topic": "Digitale Verwaltung", "question": None},
    ]
    for idea in document["ideas"]:
        number, promoted, _question = EXPECTED[idea["text"]]
        assert (idea["group"], idea["promoted"]) == (number, promoted)


def test_json_round_trip_restores_groups_and_the_ideas_groups(workshop, moderator, grouped):
    data = workshop_json(workshop_snapshot(workshop))
    copied = import_workshop(read_document(data), moderator)
    assert workshop_json(workshop_snapshot(copied)) == data
    assert [(group.number, group.name, group.topic, group.facilitator_salt) for group in copied.groups] == [
        (1, "Tisch Nord", "Mobilität auf dem Land", None), (2, "Tisch Süd", "", None),
        (3, "Online-Raum", "Digitale Verwaltung", None)]
    snapshot = workshop_snapshot(copied)
    for idea in snapshot.ideas:
        number, promoted, _question = EXPECTED[idea.text]
        assert (idea.group_number, idea.promoted) == (number, promoted)
    assert copied.group_promote_limit >= 2


def test_a_group_with_a_question_keeps_it_through_the_file(workshop, moderator, grouped):
    from participation.groups.services import update_group

    groups, _ideas = grouped
    update_group(groups[3], "Online-Raum", "Digitale Verwaltung", workshop.questions[2].id)
    document = json.loads(workshop_json(workshop_snapshot(workshop)))
    assert document["groups"][2]["question"] == 2
    copied = import_workshop(document, moderator)
    assert copied.groups[2].question_id == copied.questions[2].id


def test_an_old_file_without_groups_still_imports(app, moderator):
    from exports.test_json import small

    copied = import_workshop(small(), moderator)
    assert copied.groups == []
    assert all(idea.group_id is None for idea in workshop_snapshot(copied).ideas)


@pytest.mark.parametrize("change, words", [
    (lambda d: d["ideas"][0].update(group=7), "„ideas[0].group“ steht die Gruppe 7"),
    (lambda d: d["groups"].append(dict(d["groups"][0])), "„groups[3].number“ kommt die Gruppennummer 1 doppelt vor"),
    (lambda d: d["groups"][0].update(question=9), "„groups[0].question“ steht die Position 9"),
    (lambda d: d["groups"][0].update(name=""), "„groups[0].name“ darf der Text nicht leer sein"),
])
def test_a_broken_group_in_a_file_gives_a_message_and_stores_nothing(workshop, moderator, grouped, change, words):
    from participation.extensions import db
    from participation.workshops.models import Workshop

    document = json.loads(workshop_json(workshop_snapshot(workshop)))
    change(document)
    before = db.session.query(Workshop).count()
    with pytest.raises(WorkshopImportError) as refusal:
        import_workshop(document, moderator)
    assert words in refusal.value.message
    assert db.session.query(Workshop).count() == before
