"""The Fokusgruppen-Mappe, read back with pypdf: the right ideas, every field, a contents
page that points where the chapters really start, and texts that survive as typed."""

import io
import random
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

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
NO_EMOJI_FONT = "no emoji font here (CI installs Debian's fonts-noto-color-emoji): emoji are placeholders"


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
    end = next(index for index, text in enumerate(pages) if text.startswith("Übersicht"))
    entries = []
    for text in pages[start:end]:
        for line in text.splitlines()[1 if text is pages[start] else 0:]:
            match = re.match(r"^(.+?)\s*(\d+)$", line.strip())
            assert match, line
            entries.append((match[1].strip(), int(match[2])))
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
    assert len(idea_meta_lines(pages)) == len(rich.visible)
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
    fields = len(snapshot.fields)
    first_field = next(index for index, text in enumerate(pages) if text.startswith(snapshot.fields[0].name))
    assert first_field == 1 + contents_pages(1 + 2 * fields) + 2  # cover, contents, two overview pages
    assert len(reader.pages) == first_field + 3 * fields  # a chapter page and a two-page sheet each
    assert "\n".join(pages).count("Diesem Handlungsfeld ist noch keine Idee zugeordnet.") == fields
    assert "Noch nicht zugeordnet" not in [title for title, _page in contents(pages)]  # no appendix
    assert all(field.name in "\n".join(pages) for field in snapshot.fields)


def synthetic(snapshot, count, texts=(), long_every=25):
    """``snapshot`` with ``count`` made-up ideas (``texts`` first), no database needed: every
    field and the unassigned pile get some in turn, every 11th has a merged text."""
    moment = datetime(2021, 10, 28, 17, 0, tzinfo=timezone.utc)
    homes = [*snapshot.fields, None]
    ideas = []
    for number in range(count):
        field = homes[number % len(homes)]
        question = snapshot.questions[number % len(snapshot.questions)]
        if number < len(texts):
            text = texts[number]
        elif number % long_every == 0:
            text = f"Lange Idee {number}: " + "Glasfaser für Süderdeich und Büsum, bitte schnell. " * 40
        else:
            text = f"Idee {number}: mehr Radwege zwischen Heide und Meldorf, Nummer {number} 🚲"
        ideas.append(IdeaRow(
            id=number + 1, question_id=question.id, question=question.text, text=text, votes=number % 7,
            nickname=None if number % 3 else f"Person {number}",
            created_at=moment + timedelta(seconds=7 * number),
            field_id=field.id if field else None, field_name=field.name if field else None, score=None,
            terms=(), confirmed=False,
            merged=(MergedText(f"Zusammengeführt {number}", None, moment),) if number % 11 == 0 else (),
        ))
    fields = tuple(
        replace(field, terms=("radweg",), ideas=tuple(by_votes(i for i in ideas if i.field_id == field.id)))
        for field in snapshot.fields
    )
    unassigned = tuple(by_votes(idea for idea in ideas if idea.field_id is None))
    return replace(snapshot, ideas=tuple(ideas), fields=fields, unassigned=unassigned)


def idea_meta_lines(pages):
    """The small line under each listed idea ("Punkte: 3 · Leitfrage: …"): one per idea."""
    return [line for text in pages for line in text.splitlines()
            if line.startswith("Punkte: ") and " · Leitfrage: " in line]


def test_five_hundred_ideas_finish_and_long_texts_run_over_pages(workshop):
    snapshot = synthetic(workshop_snapshot(workshop), 500)
    data = focus_book_pdf(snapshot, export_texts())  # its speed is measured in bench/, not asserted here
    _reader, pages = read_pages(data)
    everything = squeeze("\n".join(pages))
    for idea in snapshot.ideas:
        assert squeeze(drawn(idea.text)) in everything, idea.id
    assert len(idea_meta_lines(pages)) == 500
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


def test_without_an_emoji_font_emoji_become_visible_placeholders(workshop, monkeypatch, caplog):
    from participation.exports import pdf_base

    monkeypatch.setattr(pdf_base, "emoji_font_paths", lambda: ())
    snapshot = synthetic(workshop_snapshot(workshop), 2, texts=("Bus 🚌 und Arzt 🩺", "Blitz ⚡ und 😊"))
    _reader, pages = read_pages(focus_book_pdf(snapshot, export_texts(), charts=[]))
    everything = "\n".join(pages)
    assert f"Bus {PLACEHOLDER} und Arzt {PLACEHOLDER}" in everything
    assert "Blitz ⚡ und 😊" in everything  # DejaVu has these itself (in black and white)
    assert not [record for record in caplog.records if "missing" in record.getMessage()]


def test_many_fields_make_a_longer_contents(workshop):
    base = workshop_snapshot(workshop)
    template = base.fields[0]
    fields = tuple(
        replace(template, id=100 + n, position=n, name=f"Handlungsfeld {n} 🚲 " + "lang " * (n % 3) * 12)
        for n in range(16)
    )
    snapshot = synthetic(replace(base, fields=fields), 40)
    reader, pages = read_pages(focus_book_pdf(snapshot, export_texts(), charts=[]))
    entries = contents(pages)
    assert len(entries) == 1 + 16 * 2 + sum(1 for field in snapshot.fields if field.ideas) + 1
    overview = next(index for index, text in enumerate(pages) if text.startswith("Übersicht"))
    assert overview == 1 + contents_pages(len(entries)) >= 3  # the contents run over several pages
    for title, page in entries:
        assert squeeze(title.rstrip("…")) in squeeze(pages[page - 1]), (title, page)


WORDS = ("Radweg", "Glasfaser", "Bürgerbus", "Ärztehaus", "Dorfladen", "Mitfahrbank", "und", "für",
         "die", "Gemeinde", "Breitbandversorgung", "schnell", "Ehrenamt", "Jugendtreff", "Heide")


def test_an_idea_and_its_details_line_stay_on_one_page(workshop):
    """Ideas of every length and details that wrap ("· von" at the bottom, "Hauke" on the
    next page was the bug): each idea's first words and its "von …" are on the same page."""
    base = workshop_snapshot(workshop)
    question = replace(base.questions[0], text="Was brauchen Dörfer wie Süderdeich, Wesselburen und "
                       "Hedwigenkoog, damit junge Familien bleiben und Ältere gut versorgt sind?")
    base = replace(base, questions=(question,))
    chance = random.Random(15)
    texts = [f"Idee {n}: " + " ".join(chance.choices(WORDS, k=chance.choice((2, 9, 25, 60, 90))))
             for n in range(160)]
    snapshot = synthetic(base, len(texts), texts=texts)
    snapshot = replace(snapshot, ideas=tuple(replace(idea, nickname=f"Hauke{idea.id}") for idea in snapshot.ideas))
    snapshot = synthetic_fields(snapshot)
    _reader, pages = read_pages(focus_book_pdf(snapshot, export_texts(), charts=[]))
    squeezed = [squeeze(page) for page in pages]
    for idea in snapshot.ideas:
        start = squeeze(idea.text.split(":")[0] + ":")
        text_pages = [n for n, page in enumerate(squeezed) if start in page]
        detail_pages = [n for n, page in enumerate(pages) if re.search(rf"von\s+Hauke{idea.id}$", page, re.M)]
        assert len(text_pages) == 1 and detail_pages == text_pages, (idea.id, text_pages, detail_pages)
    for page in pages:
        first = page.strip().splitlines()[0] if page.strip() else ""
        assert not first.startswith(("Punkte:", "Leitfrage:", "von ", "Hauke")), first


def synthetic_fields(snapshot):
    """The fields' and the unassigned pile's ideas again from ``snapshot.ideas``."""
    ideas = snapshot.ideas
    fields = tuple(replace(field, ideas=tuple(by_votes(i for i in ideas if i.field_id == field.id)))
                   for field in snapshot.fields)
    return replace(snapshot, fields=fields, unassigned=tuple(by_votes(i for i in ideas if i.field_id is None)))
