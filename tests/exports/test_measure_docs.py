"""One measure as PDF and DOCX, read back with pypdf and python-docx: every box of the
sheet in order, the right boxes ticked, the source ideas, and texts exactly as typed."""

import io
import re
from dataclasses import replace

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from participation.exports.measure_docs import measure_docx, measure_pdf
from participation.exports.pdf_base import PLACEHOLDER, missing_glyphs
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts

from factories import RichWorkshop, build_rich_workshop

FOOTER = re.compile(r"^Seite (\d+) von (\d+)$", re.MULTILINE)
NO_EMOJI_FONT = "no emoji font here (CI installs Debian's fonts-noto-color-emoji): emoji are placeholders"


def pdf_text(data):
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    bodies = []
    for number, text in enumerate(pages, start=1):
        assert FOOTER.search(text).groups() == (str(number), str(len(pages)))
        header, _newline, body = text.partition("\n")
        assert header.startswith("Maßnahmenmerkblatt: ")  # the running header, then the page
        bodies.append(FOOTER.sub("", body))
    return reader, "\n".join(bodies)


def squeeze(text):
    return "".join(text.split())


def drawn(text):
    missing = missing_glyphs(text)
    return "".join(PLACEHOLDER if char in missing else char for char in text)


@pytest.fixture
def rich_measure(workshop):
    build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    return snapshot, snapshot.measures[0]


def test_measure_pdf_is_the_filled_sheet(rich_measure):
    snapshot, measure = rich_measure
    texts = export_texts()
    _reader, text = pdf_text(measure_pdf(snapshot, measure, texts))
    flat = squeeze(text)
    position = 0
    for _name, label, _hint in texts["sheet"]:  # every box, in the sheet's order
        position = flat.find(squeeze(label), position)
        assert position != -1, label
    assert squeeze(RichWorkshop.measure_title) in flat
    assert squeeze(drawn(measure.texts["description"])) in flat
    assert "Amt Büsum-Wesselburen\nSeniorenbeirat" in text
    assert "=2+3 (nur ein Test)" in text
    assert "☒ hoch" in text and "☐ niedrig" in text and "☐ mittel" in text
    for field in snapshot.fields:
        ticked = field.id in measure.field_ids
        assert f"{'☒' if ticked else '☐'} {field.name}" in text
    assert text.count("☒") == 2  # one priority, one field
    source = flat[flat.index(squeeze(texts["source_ideas"])):]
    for idea in measure.ideas:
        assert squeeze(f"{drawn(idea.text)} (Punkte: {idea.votes})") in source
    assert squeeze(drawn(f"+ Zusammengeführt mit: {RichWorkshop.merged_source_text}")) in source
    assert squeeze("Erarbeitet in der Fokusgruppe Mobilität") in flat

    if missing_glyphs("😊🚌"):
        pytest.skip(NO_EMOJI_FONT)
    assert "Kosten gering 😊" in text and "🚌" in source


def test_measure_docx_is_editable_in_word(rich_measure):
    snapshot, measure = rich_measure
    texts = export_texts()
    document = Document(io.BytesIO(measure_docx(snapshot, measure, texts)))
    assert document.core_properties.title == f"Maßnahmenmerkblatt: {RichWorkshop.measure_title}"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [label for _name, label, _hint in texts["sheet"]] + [texts["source_ideas"]]
    paragraphs = [p.text for p in document.paragraphs]
    assert RichWorkshop.measure_title in paragraphs
    assert measure.texts["description"] in paragraphs  # emoji and quotes untouched
    after_actors = paragraphs[paragraphs.index("Akteure") + 1:][:2]
    assert after_actors == ["Amt Büsum-Wesselburen", "Seniorenbeirat"]
    assert "=2+3 (nur ein Test)" in paragraphs
    fields_table, priority_table = document.tables
    assert [[cell.text for cell in row.cells] for row in priority_table.rows] == [
        ["niedrig", "☐"], ["mittel", "☐"], ["hoch", "☒"]]
    assert [[cell.text for cell in row.cells] for row in fields_table.rows] == [
        [field.name, "☒" if field.id in measure.field_ids else "☐"] for field in snapshot.fields]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == [f"{idea.text} (Punkte: {idea.votes})" for idea in measure.ideas]
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet 2"] == [
        f"+ Zusammengeführt mit: {RichWorkshop.merged_source_text}"]


HOSTILE = "<b>fett</b> %PDF-1.4 {nb} **x** Null\x00Byte\x07 \ufffe Ende"


def test_measure_docx_is_a4_portrait(rich_measure):
    snapshot, measure = rich_measure
    document = Document(io.BytesIO(measure_docx(snapshot, measure, export_texts())))
    assert document.sections
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert section.orientation == WD_ORIENT.PORTRAIT
        margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
        assert all(15 <= round(margin.mm) <= 30 for margin in margins)
        text_width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
        assert 150 <= round(text_width) <= 180


def test_long_and_hostile_measures(rich_measure):
    snapshot, measure = rich_measure
    texts = export_texts()
    long_description = "\n".join(f"Absatz {n}: Glasfaser für Süderdeich und Büsum. " * 6 for n in range(40))
    measure = replace(
        measure, title="Titel \x00 <i>kursiv</i>", priority="", field_ids=(), field_names=(), ideas=(),
        texts={**measure.texts, "description": long_description, "period": HOSTILE, "status": "x" * 900,
               "notes": "Zeile 1\r\nZeile 2\rZeile 3"},
    )
    reader, text = pdf_text(measure_pdf(snapshot, measure, texts))
    assert len(reader.pages) >= 3
    flat = squeeze(text)
    assert squeeze(long_description) in flat
    assert squeeze("<b>fett</b> %PDF-1.4 {nb} **x** NullByte") in flat  # control characters dropped
    assert f"{PLACEHOLDER}Ende" in flat
    assert "x" * 900 in flat
    assert "Titel<i>kursiv</i>" in flat
    assert "☒" not in text and "(nicht festgelegt)" in text
    assert "Mit keiner Idee verknüpft." in text
    assert "Zeile 1\nZeile 2\nZeile 3" in text

    document = Document(io.BytesIO(measure_docx(snapshot, measure, texts)))
    paragraphs = [p.text for p in document.paragraphs]
    assert document.core_properties.title == "Maßnahmenmerkblatt: Titel  <i>kursiv</i>"
    assert f"<b>fett</b> %PDF-1.4 {{nb}} **x** NullByte {PLACEHOLDER} Ende" in paragraphs
    assert paragraphs.count("Zeile 2") == 1 and "(nicht festgelegt)" in paragraphs
    assert sum(1 for p in paragraphs if p.startswith("Absatz ")) == 40


def test_a_measure_with_only_a_title(workshop):
    from participation.database import write_transaction
    from participation.measures.models import Measure

    with write_transaction() as session:
        session.add(Measure(workshop_id=workshop.id, title="Nur ein Titel"))
    snapshot = workshop_snapshot(workshop)
    texts = export_texts()
    (measure,) = snapshot.measures
    _reader, text = pdf_text(measure_pdf(snapshot, measure, texts))
    assert "Nur ein Titel" in text and text.count("(leer)") == len(texts["sheet"]) - 3
    document = Document(io.BytesIO(measure_docx(snapshot, measure, texts)))
    assert "Nur ein Titel" in [p.text for p in document.paragraphs]
