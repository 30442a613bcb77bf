"""The documentation of a workshop and of a process, read back: every quote is in the
appendix with its number and field, the counts are the exports', hidden and pending ideas
never appear, other moderators get 404, and the English version speaks English."""

import csv
import io
from collections import Counter

import pytest

from accounts import log_in, make_account
from process_factories import build_process
from reports.reading import pdf_text, read_docx, squash

from factories import RichWorkshop

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GERMAN = {"field_sections": "Ergebnisse nach Handlungsfeldern", "appendix": "Anhang: alle Ideen"}
ENGLISH = {"field_sections": "Results by field of action", "appendix": "Appendix: all ideas"}


def _csv_counts(workshops):
    """Ideas per field name (None: unassigned) over the workshops' CSV exports, read back."""
    from participation.exports.services import export_file

    counts = Counter()
    for workshop in workshops:
        rows = list(csv.DictReader(io.StringIO(export_file(workshop, "csv").content.decode("utf-8-sig")), delimiter=";"))
        counts.update(row["Handlungsfeld"] if row["Handlungsfeld"] not in ("", "Noch nicht zugeordnet") else None
                      for row in rows)
    return counts


def _check(docx, pdf, headings=GERMAN):
    read = read_docx(docx, headings["field_sections"], headings["appendix"], appendix_prefix="A: ")
    assert read.appendix, "the appendix lists ideas"
    assert sorted(read.appendix) == list(range(1, len(read.appendix) + 1))  # A 1..N, each once
    assert read.quotes
    for field, number, paragraph in read.quotes:
        assert number in read.appendix, paragraph
        owner, text = read.appendix[number]
        assert owner == field, (paragraph, owner)
        quoted = squash(paragraph).split("„", 1)[-1].split("“", 1)[0] if "„" in paragraph else \
            squash(paragraph).split("“", 1)[-1].split("”", 1)[0]
        assert squash(text).startswith(quoted.removesuffix("…")), (quoted, text)
        assert quoted.endswith("…") or squash(text) == quoted
    text = squash(pdf_text(pdf))
    for number in read.appendix:
        assert f"A {number} " in text
    pdf_quotes = {int(n) for n in __import__("re").findall(r"\[A (\d+)\]", text)}
    assert pdf_quotes == {number for _f, number, _p in read.quotes}
    return read, text


def _field_counts(read, unassigned_label="Noch nicht zugeordnet"):
    counts = Counter(field for field, _text in read.appendix.values())
    if unassigned_label in counts:
        counts[None] = counts.pop(unassigned_label)
    return counts


def test_demo_workshop_documentation(app):
    from participation.demo.services import bootstrap_demo, fill_with_demo_ideas
    from participation.fields.services import run_analysis
    from participation.reports.services import workshop_report_file

    _moderator, _password, workshop = bootstrap_demo()
    assert fill_with_demo_ideas(workshop) >= 80
    run_analysis(workshop)
    docx = workshop_report_file(workshop, "docx")
    pdf = workshop_report_file(workshop, "pdf")
    assert docx.mimetype == DOCX and docx.filename.endswith("-dokumentation.docx")
    assert pdf.content.startswith(b"%PDF")
    read, _text = _check(docx.content, pdf.content)
    assert _field_counts(read) == _csv_counts([workshop])
    # Word styles: a title, chapters as Heading 1, fields as Heading 2
    levels = Counter(level for level, _text, _style in read.headings)
    assert levels[0] == 1 and levels[1] >= 5 and levels[2] >= 2 * len(workshop.fields)
    assert any("Typische Ideen" == text for _l, text, _s in read.headings)


@pytest.fixture
def world(moderator):
    return build_process(moderator)


def test_process_documentation_over_http(app, world):
    client = log_in(app, "moderatorin")
    base = f"/moderation/prozesse/{world.process.id}/dokumentation"
    docx = client.get(f"{base}.docx")
    pdf = client.get(f"{base}.pdf")
    assert docx.status_code == pdf.status_code == 200
    assert docx.mimetype == DOCX and pdf.mimetype == "application/pdf"
    assert "attachment" in docx.headers["Content-Disposition"]
    read, text = _check(docx.data, pdf.data)
    assert _field_counts(read) == _csv_counts(world.workshops)
    assert len(read.appendix) == sum(world.visible.values())
    for hidden in (RichWorkshop.hidden_text, RichWorkshop.pending_text):
        assert hidden not in "\n".join(read.paragraphs) and squash(hidden) not in text
    merged = RichWorkshop.merged_source_text.split(" 😊")[0]
    assert any(merged in paragraph and "Zusammengeführt" in paragraph for paragraph in read.paragraphs)
    # the workshops are named in the appendix and the facts
    for workshop in world.workshops:
        assert (3, workshop.title) in {(level, heading) for level, heading, _s in read.headings}
    assert "Papierkarten" in text


def test_facts_count_people_paper_cards_ideas_and_dots(app, world):
    from participation.reports.content import process_report

    report = process_report(world.process)
    by_title = {event.title: event for event in report.events}
    for workshop in world.workshops:
        assert by_title[workshop.title].ideas == world.visible[workshop.title]
    assert by_title["Zweiter Abend"].paper_cards == 3
    assert by_title["Online-Phase"].people == 3 and by_title["Online-Phase"].dots == 3
    assert by_title["Zweiter Abend"].people == 4
    assert report.totals.ideas == sum(world.visible.values())
    assert sum(section.count for section in report.fields) + report.unassigned == report.totals.ideas
    for section in report.fields:
        assert len(section.representatives) <= 5 and len(section.top) <= 3
        assert [quote.votes for quote in section.top] == sorted((q.votes for q in section.top), reverse=True)


def test_workshop_documentation_over_http_and_the_overview_link(app, world):
    client = log_in(app, "moderatorin")
    kickoff = world.workshops[0]
    for kind in ("docx", "pdf"):
        response = client.get(f"/moderation/workshops/{kickoff.id}/dokumentation.{kind}")
        assert response.status_code == 200
    read, text = _check(client.get(f"/moderation/workshops/{kickoff.id}/dokumentation.docx").data,
                        client.get(f"/moderation/workshops/{kickoff.id}/dokumentation.pdf").data)
    assert _field_counts(read) == _csv_counts([kickoff])
    assert RichWorkshop.hidden_text not in text and RichWorkshop.pending_text not in text
    page = client.get(f"/moderation/workshops/{kickoff.id}/exports").get_data(as_text=True)
    assert f"/moderation/workshops/{kickoff.id}/dokumentation.docx" in page
    assert f"/moderation/workshops/{kickoff.id}/dokumentation.pdf" in page


def test_another_moderator_gets_404(app, world):
    make_account("andere")
    client = log_in(app, "andere")
    for kind in ("docx", "pdf"):
        assert client.get(f"/moderation/prozesse/{world.process.id}/dokumentation.{kind}").status_code == 404
        assert client.get(f"/moderation/workshops/{world.workshops[0].id}/dokumentation.{kind}").status_code == 404


def test_english_documentation_has_english_headings(app, world):
    client = log_in(app, "moderatorin")
    client.set_cookie("lang", "en")
    base = f"/moderation/prozesse/{world.process.id}/dokumentation"
    read, text = _check(client.get(f"{base}.docx").data, client.get(f"{base}.pdf").data, ENGLISH)
    headings = {heading for _level, heading, _style in read.headings}
    assert {"Key figures", "Guiding questions", "Most dots", "Typical ideas", ENGLISH["appendix"]} <= headings
    assert "Ergebnisse nach Handlungsfeldern" not in headings and "Typische Ideen" not in headings
    assert "Paper cards" in text


def test_process_slot_links_both_files(app, world):
    from flask import render_template

    with app.test_request_context():
        html = render_template("reports/_process_slot.html", process=world.process)
    for kind in ("docx", "pdf"):
        assert f"/moderation/prozesse/{world.process.id}/dokumentation.{kind}" in html


def test_empty_process_and_workshop_still_give_files(app, moderator, workshop):
    from participation.processes import services as processes
    from participation.reports.services import process_report_file, workshop_report_file

    process = processes.create_process(moderator, "Noch leer")
    for kind in ("docx", "pdf"):
        assert process_report_file(process, kind).content
        assert workshop_report_file(workshop, kind).content
    read = read_docx(workshop_report_file(workshop, "docx").content, GERMAN["field_sections"], GERMAN["appendix"])
    assert read.appendix == {} and read.quotes == []
