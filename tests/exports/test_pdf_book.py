"""The Fokusgruppen-Mappe, read back with pypdf: the right ideas, every field, a contents
page that points where the chapters really start, and texts that survive as typed."""

import io
import re
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from participation.exports.pdf_base import PLACEHOLDER, missing_glyphs
from participation.exports.pdf_book import contents_pages, focus_book_pdf
from participation.exports.rows import IdeaRow, MergedText, by_votes
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts

from factories import RichWorkshop, build_rich_workshop

EMOJI = "🚌🩺🚗⚡😊"
FOOTER = re.compile(r"^Seite (\d+) von (\d+)$")
NO_EMOJI_FONT = "no emoji font installed (CI installs Debian's fonts-noto-color-emoji); emoji are placeholders"


def read_pages(data):
    """Each page's text without the running header and the page-number footer."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        lines = page.extract_text().splitlines()
        body = []
        for line in lines:
            match = FOOTER.match(line.strip())
            if match:
                assert (int(match[1]), int(match[2])) == (number, len(reader.pages))
            elif not line.startswith("Fokusgruppen-Mappe · "):
                body.append(line)
        pages.append("\n".join(body))
    return reader, pages


def squeeze(text):
    """Without any whitespace: line wrapping must not matter when comparing texts."""
    return "".join(text.split())


def drawn(text):
    """``text`` as the PDF can show it on this machine (missing emoji → placeholder)."""
    missing = missing_glyphs(text)
    return "".join(PLACEHOLDER if char in missing else char for char in text)


def contents(pages):
    """(title, page number) of every line of the table of contents."""
    start = next(index for index, text in enumerate(pages) if text.startswith("Inhalt"))
    entries = []
    for text in pages[start:]:
        for line in text.splitlines():
            match = re.match(r"^(.+?)\s*(\d+)$", line.strip())
            if match and not line.startswith("Inhalt"):
                entries.append((match[1].strip(), int(match[2])))
        if entries and not text.startswith("Inhalt"):
            break
    return entries


def test_book_holds_exactly_the_visible_ideas(workshop):
    rich = build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    reader, pages = read_pages(focus_book_pdf(snapshot, export_texts()))
    everything = squeeze("\n".join(pages))

    for text in rich.visible:
        assert squeeze(drawn(text)) in everything, text
    for field in snapshot.fields:
        for number, idea in enumerate(field.ideas, start=1):
            assert squeeze(f"{number}. {drawn(idea.text)}") in everything
    assert squeeze(rich.hidden_text) not in everything
    assert squeeze(rich.pending_text) not in everything
    merged = squeeze(f"+ Zusammengeführt mit: {drawn(RichWorkshop.merged_source_text)}")
    assert everything.count(merged) == 1
    assert everything.count(squeeze(drawn(rich.merge_target_text))) == 1
    assert "Punkte:3" in everything
    assert "vonAnna" in everything  # nicknames shown when given
    assert squeeze("=SUMME(A1:A9) ist kein Vorschlag") in everything
    assert len(reader.pages) >= 2 + 1 + 2 * len(snapshot.fields)

    if missing_glyphs(EMOJI):
        pytest.skip(NO_EMOJI_FONT)
    for emoji in EMOJI:
        assert emoji in everything


def test_contents_point_to_the_chapters(workshop):
    build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    reader, pages = read_pages(focus_book_pdf(snapshot, export_texts()))
    entries = contents(pages)
    chapters = ["Übersicht", *(field.name for field in snapshot.fields)]
    if snapshot.unassigned:
        chapters.append("Noch nicht zugeordnet")
    titles = [title for title, _page in entries]
    for chapter in chapters:
        assert drawn(chapter) in titles
    for title, page in entries:
        assert 1 < page <= len(pages)
        assert squeeze(title.rstrip("…")) in squeeze(pages[page - 1]), (title, page)
    for title, page in entries:
        if title in chapters:
            assert squeeze(pages[page - 1]).startswith(squeeze(title)), (title, page)
    # The bookmarks (PDF outline) agree with the printed page numbers
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline
               if not isinstance(item, list)]
    assert [(drawn(title), page) for title, page in outline] == [
        entry for entry in entries if entry[0] in chapters
    ]


def test_every_field_has_a_chapter_and_a_blank_sheet(workshop):
    build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    texts = export_texts()
    _reader, pages = read_pages(focus_book_pdf(snapshot, texts))
    everything = "\n".join(pages)
    sheets = [text for text in pages if text.startswith("Maßnahmenmerkblatt zum Ausfüllen")]
    assert len(sheets) == len(snapshot.fields)
    for field in snapshot.fields:
        chapter = next(text for text in pages if squeeze(text).startswith(squeeze(drawn(field.name))))
        if field.ideas:
            assert squeeze(f"Ideen ({len(field.ideas)})") in squeeze(everything)
        else:
            assert "Diesem Handlungsfeld ist noch keine Idee zugeordnet." in chapter
    for _name, label, _hint in texts["sheet"]:
        assert everything.count(label) >= len(snapshot.fields), label
    assert f"☐ {texts['priorities']['hoch']}" in everything
    assert "☒" not in everything  # nothing ticked on a blank sheet


def test_a_workshop_without_ideas_gives_a_valid_book(workshop):
    snapshot = workshop_snapshot(workshop)
    reader, pages = read_pages(focus_book_pdf(snapshot, export_texts()))
    first_field = next(index for index, text in enumerate(pages) if text.startswith(snapshot.fields[0].name))
    assert first_field == 1 + contents_pages(1 + 2 * len(snapshot.fields)) + 2  # cover, contents, overview
    assert len(reader.pages) == first_field + 3 * len(snapshot.fields)  # chapter page + two-page sheet
    assert "\n".join(pages).count("Diesem Handlungsfeld ist noch keine Idee zugeordnet.") == len(snapshot.fields)
    assert "Noch nicht zugeordnet" not in [title for title, _page in contents(pages)]  # no appendix
    assert all(field.name in "\n".join(pages) for field in snapshot.fields)


def synthetic(snapshot, count, texts=None, long_every=25):
    """``snapshot`` with ``count`` made-up ideas spread over its fields (no database)."""
    ideas = []
    fields = list(snapshot.fields)
    moment = snapshot.ideas[0].created_at if snapshot.ideas else None
    from datetime import datetime, timezone

    moment = moment or datetime(2021, 10, 28, 17, 0, tzinfo=timezone.utc)
    for number in range(count):
        field = fields[number % (len(fields) + 1)] if number % (len(fields) + 1) < len(fields) else None
        question = snapshot.questions[number % len(snapshot.questions)]
        if texts and number < len(texts):
            text = texts[number]
        elif number % long_every == 0:
            text = f"Lange Idee {number}: " + "Glasfaser für Süderdeich und Büsum, bitte schnell. " * 40
        else:
            text = f"Idee {number}: mehr Radwege zwischen Heide und Meldorf, Nummer {number} 🚲"
        ideas.append(IdeaRow(
            id=number + 1, question_id=question.id, question=question.text, text=text, votes=number % 7,
            nickname=None if number % 3 else f"Person {number}", created_at=moment + timedelta(seconds=7 * number),
            field_id=field.id if field else None, field_name=field.name if field else None, score=None,
            terms=(), confirmed=False,
            merged=(MergedText(f"Zusammengeführt {number}", None, moment),) if number % 11 == 0 else (),
        ))
    new_fields = tuple(
        replace(field, ideas=tuple(by_votes(idea for idea in ideas if idea.field_id == field.id)), terms=("radweg",))
        for field in fields
    )
    return replace(snapshot, ideas=tuple(ideas), fields=new_fields,
                   unassigned=tuple(by_votes(idea for idea in ideas if idea.field_id is None)))


def test_five_hundred_ideas_finish_and_long_texts_run_over_pages(workshop):
    snapshot = synthetic(workshop_snapshot(workshop), 500)
    started = time.perf_counter()
    data = focus_book_pdf(snapshot, export_texts())
    elapsed = time.perf_counter() - started
    assert elapsed < 60, f"500 ideas took {elapsed:.1f} s"
    _reader, pages = read_pages(data)
    everything = squeeze("\n".join(pages))
    for idea in snapshot.ideas:
        assert squeeze(drawn(idea.text)) in everything, idea.id
    numbered = sum(len(field.ideas) for field in snapshot.fields) + len(snapshot.unassigned)
    assert numbered == 500
    assert contents(pages)[-1][0] == "Noch nicht zugeordnet"


HOSTILE = (
    "<b>x</b> <script>alert(1)</script>",
    "%PDF-1.7 endobj trailer",
    "{nb} Seiten und \\(klammer) (offen",
    "**fett** __kursiv__ --durch--",
    "Null\x00Byte, Klingel\x07 und Escape\x1b[31m",
    "Zeile eins\r\nZeile zwei\rZeile drei\u2028vier",
    "Noncharacter \ufdd0nb\ufdd0 und \uffff",
    "x" * 2500,
    "\u202eumgedreht\u202c und Arabisch مرحبا und 北京",
)


def test_hostile_texts_are_drawn_as_plain_text(workshop):
    base = workshop_snapshot(workshop)
    snapshot = synthetic(base, len(HOSTILE), texts=HOSTILE)
    snapshot = replace(snapshot, title="Titel mit \x00 <i>Markup</i> {nb}")
    data = focus_book_pdf(snapshot, export_texts())
    _reader, pages = read_pages(data)
    everything = squeeze("\n".join(pages))
    assert squeeze(HOSTILE[0]) in everything
    assert squeeze(HOSTILE[1]) in everything
    assert squeeze(HOSTILE[2]) in everything  # "{nb}" is not the page count
    assert squeeze(HOSTILE[3]) in everything
    assert "NullByte,Klingelund Escape[31m".replace(" ", "") in everything  # control characters dropped
    assert "ZeileeinsZeilezweiZeiledreivier" in everything
    assert f"Noncharacter{PLACEHOLDER}nb{PLACEHOLDER}und{PLACEHOLDER}" in everything
    assert "x" * 2500 in everything
    assert "<i>Markup</i>{nb}" in everything


def test_given_charts_are_used_instead_of_drawing_them(workshop):
    build_rich_workshop(workshop)
    snapshot = workshop_snapshot(workshop)
    charts = []
    for number in range(4):
        buffer = io.BytesIO()
        Image.new("RGB", (800, 300), (255, 255, 255 - number)).save(buffer, format="PNG")
        charts.append((f"Diagramm {number}", buffer.getvalue()))
    reader, pages = read_pages(focus_book_pdf(snapshot, export_texts(), charts=charts))
    overview = next(index for index, text in enumerate(pages) if text.startswith("Übersicht"))
    images = [image for page in reader.pages[overview:overview + 2] for image in page.images]
    assert len(images) == 4
    assert all(image.image.size == (800, 300) for image in images)
