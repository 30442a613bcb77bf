"""The combined exports of a process (CSV, XLSX, JSON, PDF): the workshops' own exports put
together, with one name per Handlungsfeld, only the ideas the room saw, for the process's
moderator only, and without a workshop that left the process."""

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from factories import RichWorkshop
from helpers import TEST_PASSWORD, csrf_token
from process_factories import build_process

FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}
SCHEMAS = Path(__file__).resolve().parents[2] / "participation"
NEVER = (RichWorkshop.hidden_text, RichWorkshop.pending_text)


@pytest.fixture
def world(moderator):
    return build_process(moderator)


def _url(world, fmt):
    return f"/moderation/prozesse/{world.process.id}/export.{fmt}"


def _rows(data, delimiter=";"):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def _own_csv(client, workshop):
    response = client.get(f"/moderation/workshops/{workshop.id}/export.csv")
    assert response.status_code == 200
    return _rows(response.data)


def _pdf_text(data):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _squash(text):
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_downloads_under_the_process_name(logged_in, world, fmt):
    response = logged_in.get(_url(world, fmt))
    assert response.status_code == 200
    assert response.mimetype == FORMATS[fmt]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'filename="{world.process.slug}-prozess.{fmt}"' in disposition
    assert "no-store" in response.headers["Cache-Control"]
    assert logged_in.get(f"/moderation/prozesse/{world.process.id}/export.docx").status_code == 404


def test_csv_is_the_workshops_own_rows_one_after_the_other(logged_in, world):
    rows = _rows(logged_in.get(_url(world, "csv")).data)
    header = list(rows[0])
    assert header[:2] == ["Workshop", "Datum"]
    assert [row["Workshop"] for row in rows] == [w.title for w in world.workshops for _n in range(world.visible[w.title])]
    assert {row["Workshop"]: row["Datum"] for row in rows} == {
        "Auftakt Dithmarschen Digital": "2026-09-01", "Online-Phase": "2026-09-15", "Zweiter Abend": "2026-10-20"}
    for workshop in world.workshops:
        own = _own_csv(logged_in, workshop)
        mine = [row for row in rows if row["Workshop"] == workshop.title]
        assert len(own) == len(mine) == world.visible[workshop.title]
        # every column the workshop's own CSV has, cell by cell (the Handlungsfeld names are the catalogue's)
        assert [{key: row[key] for key in own[0]} for row in mine] == own
        assert Counter(row["Handlungsfeld"] for row in mine) == Counter(row["Handlungsfeld"] for row in own)
        if "Gruppe" not in own[0]:
            assert {(row["Gruppe"], row["Im Plenum"]) for row in mine} == {("", "")}
    texts = [row["Idee"] for row in rows]
    assert not any(text in cell for text in NEVER for row in rows for cell in row.values())
    assert RichWorkshop.merged_source_text not in texts  # only as the merged text of its target
    assert sum(RichWorkshop.merged_source_text in row["Zusammengeführt mit"] for row in rows) == 1
    assert "'=SUMME(A1:A9) ist kein Vorschlag, aber ein Test" in texts  # no formula
    comma = _rows(logged_in.get(_url(world, "csv") + "?delimiter=comma").data, ",")
    assert [row["Idee"] for row in comma] == texts
    assert logged_in.get(_url(world, "csv") + "?delimiter=tab").status_code == 400


def test_xlsx_has_the_counts_every_idea_and_a_sheet_per_workshop(logged_in, world):
    from openpyxl import load_workbook

    rows = _rows(logged_in.get(_url(world, "csv")).data)
    book = load_workbook(io.BytesIO(logged_in.get(_url(world, "xlsx")).data))
    titles = [w.title for w in world.workshops]
    assert book.sheetnames == ["Übersicht", "Ideen", *titles]

    overview = [[cell for cell in row] for row in book["Übersicht"].iter_rows(values_only=True)]
    start = next(n for n, row in enumerate(overview) if row[0] == "Handlungsfeld")
    assert list(overview[start][1:5]) == [*titles, "Gesamt"]
    table = {}
    for row in overview[start + 1:]:
        if row[0] is None:
            break
        table[row[0]] = row[1:5]
    expected = Counter((row["Handlungsfeld"], row["Workshop"]) for row in rows)
    for name, counts in table.items():
        if name == "Gesamt":
            assert list(counts) == [*(world.visible[t] for t in titles), sum(world.visible.values())]
            continue
        assert list(counts[:3]) == [expected[(name, title)] for title in titles], name
        assert counts[3] == sum(counts[:3])
    assert sum(table["Gesamt"][:3]) == len(rows)

    ideas = list(book["Ideen"].iter_rows(min_row=3, values_only=True))
    heading, body = ideas[0], ideas[1:]
    assert heading[:3] == ("Workshop", "Datum", "Handlungsfeld")
    assert [row[heading.index("Idee")] for row in body] == [row["Idee"].removeprefix("'") for row in rows]
    assert [row[2] for row in body] == [row["Handlungsfeld"] for row in rows]
    for title in titles:
        sheet = list(book[title].iter_rows(min_row=4, values_only=True))
        assert len(sheet) == world.visible[title]
    cells = [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert not any(text in cell for text in NEVER for cell in cells)


def test_json_holds_each_workshops_own_document_and_the_catalogue(logged_in, world):
    import jsonschema
    from referencing import Registry, Resource

    from participation.exports.json_file import check_document

    document = json.loads(logged_in.get(_url(world, "json")).data)
    process_schema = json.loads((SCHEMAS / "processes/schema/process-v1.schema.json").read_text(encoding="utf-8"))
    workshop_schema = json.loads((SCHEMAS / "exports/schema/workshop-v2.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(workshop_schema["$id"], Resource.from_contents(workshop_schema))
    jsonschema.Draft202012Validator(process_schema, registry=registry).validate(document)

    assert (document["format"], document["version"]) == ("participation-process", 1)
    assert document["process"]["title"] == world.process.title
    assert [w["workshop"]["title"] for w in document["workshops"]] == [w.title for w in world.workshops]
    for workshop, inside in zip(world.workshops, document["workshops"]):
        own = json.loads(logged_in.get(f"/moderation/workshops/{workshop.id}/export.json").data)
        assert inside == own
        check_document(inside)  # each part can be imported as a workshop again
    for entry in document["catalogue"]:
        for workshop, position in zip(document["workshops"], entry["workshop_fields"]):
            assert position is not None and workshop["fields"][position]["name"] == entry["name"]
    text = json.dumps(document, ensure_ascii=False)
    assert not any(never in text for never in NEVER)


def test_pdf_book_has_the_counts_and_every_workshop(logged_in, world, tmp_path):
    import pypdfium2

    data = logged_in.get(_url(world, "pdf")).data
    text = _squash(_pdf_text(data))
    assert "Beteiligungsprozess" in text and "Ideen je Handlungsfeld und Workshop" in text
    for workshop in world.workshops:
        assert workshop.title in text
    for idea in ("Coworking im alten Bahnhof für Pendler", "Busfahrplan als App fürs Dorf", "Mitfahrbank für Büsum"):
        assert idea in text
    assert not any(_squash(never) in text for never in NEVER)
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[2].render(scale=1).to_pil()  # the counts table
    finally:
        document.close()
    darkest, lightest = image.convert("L").getextrema()
    assert image.size[0] > 500 and darkest < 100 < lightest


def test_another_moderator_gets_nothing(app, world):
    from participation.auth.services import create_moderator

    create_moderator("andere", TEST_PASSWORD)
    client = app.test_client()
    client.post("/moderation/login", data={"username": "andere", "password": TEST_PASSWORD,
                                           "csrf_token": csrf_token(client)})
    for fmt in FORMATS:
        assert client.get(_url(world, fmt)).status_code == 404
    assert app.test_client().get(_url(world, "csv")).status_code in (302, 401)


def test_a_workshop_that_left_is_gone_and_keeps_its_own_export(logged_in, world):
    from participation.extensions import db
    from participation.processes import services
    from participation.workshops.models import Workshop

    evening = world.workshops[2]
    own_json_before = _analysis_free(json.loads(logged_in.get(f"/moderation/workshops/{evening.id}/export.json").data))
    own_csv_before = _own_csv(logged_in, evening)
    services.leave(db.session.get(Workshop, evening.id))
    rows = _rows(logged_in.get(_url(world, "csv")).data)
    assert {row["Workshop"] for row in rows} == {"Auftakt Dithmarschen Digital", "Online-Phase"}
    assert "Busfahrplan als App fürs Dorf" not in {row["Idee"] for row in rows}
    document = json.loads(logged_in.get(_url(world, "json")).data)
    assert [w["workshop"]["title"] for w in document["workshops"]] == ["Auftakt Dithmarschen Digital", "Online-Phase"]
    assert all(len(entry["workshop_fields"]) == 2 for entry in document["catalogue"])
    assert "Zweiter Abend" not in _squash(_pdf_text(logged_in.get(_url(world, "pdf")).data))
    # Its own export keeps every idea, field, dot and group; only the analysis' suggestions
    # (score, terms) are computed anew without the other workshops' decisions.
    own_json_after = _analysis_free(json.loads(logged_in.get(f"/moderation/workshops/{evening.id}/export.json").data))
    assert own_json_after == own_json_before
    suggestions = ("Passung", "Passende Begriffe")
    assert ([{k: v for k, v in row.items() if k not in suggestions} for row in _own_csv(logged_in, evening)]
            == [{k: v for k, v in row.items() if k not in suggestions} for row in own_csv_before])


def _analysis_free(document):
    for idea in document["ideas"]:
        idea.pop("score"), idea.pop("terms")
    return document


def test_the_books_line_wrapping_keeps_every_character_and_the_width():
    from participation.processes.exports import wrap_lines

    widths = {ord(char): 500 for char in "abcdefghijklmnopqrstuvwxyz -+ü"}
    widths = type("Widths", (dict,), {"__missing__": lambda self, key: 1000})(widths)
    k = 1.0  # 10 pt text: each of these characters 5 units wide, a line 50 units: 10 characters
    text = "ab cd ef gh ij kl\nüüüüüüüüüüüüüüüüüüüüüüü\n\nx"
    lines = wrap_lines(text, 50, 10, widths, k)
    assert lines == ["ab cd ef", "gh ij kl", "üüüüüüüüüü", "üüüüüüüüüü", "üüü", "", "x"]
    assert all(sum(widths[ord(char)] for char in line) * 10 * 0.001 / k <= 50 for line in lines)


def test_a_process_without_workshops_exports_empty_files(logged_in, moderator):
    from participation.processes import services

    process = services.create_process(moderator, "Noch leer")
    for fmt in FORMATS:
        response = logged_in.get(f"/moderation/prozesse/{process.id}/export.{fmt}")
        assert response.status_code == 200, fmt
    rows = _rows(logged_in.get(f"/moderation/prozesse/{process.id}/export.csv").data)
    assert rows == []
    document = json.loads(logged_in.get(f"/moderation/prozesse/{process.id}/export.json").data)
    assert document["workshops"] == [] and document["process"]["slug"] == process.slug


def test_a_field_spelt_otherwise_in_one_workshop_carries_the_catalogues_name(logged_in, moderator):
    from helpers import make_participant, post_idea
    from participation.extensions import db
    from participation.fields import services as sorting
    from participation.processes import services
    from participation.workshops.models import Workshop
    from participation.workshops.services import create_workshop
    from participation.workshops.structure import update_field

    first = create_workshop(moderator, "dithmarschen", title="Auftakt")
    second = create_workshop(moderator, "dithmarschen", title="Zweiter Abend")
    update_field(db.session.get(Workshop, second.id).fields[0], " bildung ", "", ["Schule"], "#123456")
    process = services.create_process(moderator, "Kreisstrategie")
    for workshop in (first, second):
        workshop = db.session.get(Workshop, workshop.id)
        services.join(process, workshop)
        idea = post_idea(workshop, make_participant(workshop, "ina"), f"Tablets für die Schule in {workshop.title}")
        sorting.move_idea(idea, db.session.get(Workshop, workshop.id).fields[0])
    assert _own_csv(logged_in, second)[0]["Handlungsfeld"] == "bildung"  # its own export keeps its spelling
    rows = _rows(logged_in.get(f"/moderation/prozesse/{process.id}/export.csv").data)
    assert [(row["Workshop"], row["Handlungsfeld"]) for row in rows] == [("Auftakt", "Bildung"),
                                                                          ("Zweiter Abend", "Bildung")]
    document = json.loads(logged_in.get(f"/moderation/prozesse/{process.id}/export.json").data)
    entry = next(entry for entry in document["catalogue"] if entry["name"] == "Bildung")
    assert [workshop["fields"][position]["name"] for workshop, position
            in zip(document["workshops"], entry["workshop_fields"])] == ["Bildung", "bildung"]
