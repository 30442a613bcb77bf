"""Dates in the exports follow the export's language (``texts["locale"]``), in Berlin time.

German is written as it always was (05.03.2025, 28.10.2021 19:05); English the way Babel's
English writes it (Mar 5, 2025, Oct 28, 2021 7:05 PM). Read back with pypdf and python-docx.
"""

import io
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest
from docx import Document
from flask_babel import force_locale
from pypdf import PdfReader

from participation.exports.measure_docs import measure_docx, measure_pdf
from participation.exports.pdf_book import focus_book_pdf
from participation.exports.snapshot import workshop_snapshot
from participation.exports.texts import export_texts

from factories import build_rich_workshop

EVENT_DATE = date(2025, 3, 5)
UPDATED = datetime(2021, 10, 28, 17, 5, tzinfo=timezone.utc)  # 19:05 in Berlin (summer time)
DATES = {
    "de": {"event": "05.03.2025", "stamp": "Fassung 4, Stand 28.10.2021 19:05"},
    "en": {"event": "Mar 5, 2025", "stamp": "Version 4, as of Oct 28, 2021 7:05 PM"},
}


def texts_in(language):
    """The export's words in ``language``, and the language itself, as the exports get them."""
    with force_locale(language):
        texts = export_texts()
    texts.setdefault("locale", language)
    return texts


def spaced(text):
    """Babel's English times have a narrow no-break space before "PM"; compare with a plain one."""
    return " ".join(text.replace("\u202f", " ").split())


def pdf_text(data):
    return spaced("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def dated(workshop):
    """The rich workshop on 5 March 2025; its measure last changed on 28 October 2021, 19:05."""
    build_rich_workshop(workshop)
    snapshot = replace(workshop_snapshot(workshop), event_date=EVENT_DATE, place="Heide")
    return snapshot, replace(snapshot.measures[0], updated_at=UPDATED, version=4)


@pytest.mark.parametrize("language", DATES)
def test_focus_book_cover_writes_the_date_in_the_export_language(dated, language):
    snapshot, _measure = dated
    texts = texts_in(language)
    # no chapters: the cover is what carries the date, and the book is quick to draw
    data = focus_book_pdf(replace(snapshot, fields=(), unassigned=()), texts, charts=[])
    cover = spaced(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert f"{DATES[language]['event']} · Heide" in cover
    other = "en" if language == "de" else "de"
    assert DATES[other]["event"] not in cover


@pytest.mark.parametrize("language", DATES)
def test_measure_pdf_writes_dates_in_the_export_language(dated, language):
    snapshot, measure = dated
    text = pdf_text(measure_pdf(snapshot, measure, texts_in(language)))
    assert f"{snapshot.title} · Heide · {DATES[language]['event']}" in text
    assert DATES[language]["stamp"] in text
    if language == "en":
        assert "28.10.2021" not in text and "05.03.2025" not in text


@pytest.mark.parametrize("language", DATES)
def test_measure_docx_writes_dates_in_the_export_language(dated, language):
    snapshot, measure = dated
    document = Document(io.BytesIO(measure_docx(snapshot, measure, texts_in(language))))
    paragraphs = [spaced(paragraph.text) for paragraph in document.paragraphs]
    assert f"{snapshot.title} · Heide · {DATES[language]['event']}" in paragraphs
    assert DATES[language]["stamp"] in paragraphs


def test_without_a_locale_the_exports_write_german_dates(dated):
    snapshot, measure = dated
    texts = export_texts()
    texts.pop("locale", None)
    text = pdf_text(measure_pdf(snapshot, measure, texts))
    assert DATES["de"]["stamp"] in text and DATES["de"]["event"] in text


def test_naive_timestamps_are_read_as_utc(dated):
    snapshot, measure = dated
    naive = replace(measure, updated_at=UPDATED.replace(tzinfo=None))
    document = Document(io.BytesIO(measure_docx(snapshot, naive, texts_in("de"))))
    assert DATES["de"]["stamp"] in [paragraph.text for paragraph in document.paragraphs]


def test_an_english_download_has_english_dates(logged_in, workshop):
    import re

    from participation.measures.models import Measure
    from participation.extensions import db

    build_rich_workshop(workshop)
    measure = db.session.scalar(db.select(Measure).where(Measure.workshop_id == workshop.id))
    logged_in.set_cookie("lang", "en")
    response = logged_in.get(f"/moderation/workshops/{workshop.id}/measures/{measure.id}.docx")
    assert response.status_code == 200
    paragraphs = [spaced(paragraph.text) for paragraph in Document(io.BytesIO(response.data)).paragraphs]
    stamp = next(paragraph for paragraph in paragraphs if paragraph.startswith("Version "))
    assert re.fullmatch(r"Version \d+, as of [A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d\d [AP]M", stamp), stamp
