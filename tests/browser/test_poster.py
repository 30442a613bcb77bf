"""The A4 poster prints on exactly one page, with a QR code that still scans, for the demo
workshop and for the worst case (a 200-character title and four questions of 300
characters); on screen, and only there, it warns when the address is localhost."""

import io
import re
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect
from pypdf import PdfReader

from browser.conftest import _context, log_in

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
WARNING = "Achtung: Diese Adresse können Handys nicht öffnen."
LONG_TITLE = ("Zukunftswerkstatt Digitalstrategie des Kreises Dithmarschen: Mobilität, Gesundheit, Bildung, "
              "Verwaltung und Breitband in Heide, Meldorf, Brunsbüttel und allen Ämtern des Kreises 2027")[:200]
LONG_QUESTIONS = [
    (f"Frage {number}: Welche konkreten Projektideen haben Sie für ein digitales Angebot, das Menschen in "
     "den Dörfern und Kleinstädten des Kreises im Alltag wirklich hilft – etwa bei Arztterminen, beim "
     "Pendeln ohne Auto, bei Behördengängen, in der Schule, im Ehrenamt oder in der Pflege von Angehörigen, "
     "und was bräuchte es, damit es auch ältere Menschen nutzen? " + "x" * 40)[:300]
    for number in range(1, 5)
]


@pytest.fixture
def laptop(browser, live_server):
    context = _context(browser, live_server, viewport=LAPTOP)
    page = context.new_page()
    log_in(page)
    yield page
    context.close()


@pytest.fixture
def worst_case(database_app, workshop_factory):
    from participation.extensions import db
    from participation.workshops.models import Workshop
    from participation.workshops.structure import add_question

    info = workshop_factory("blank", LONG_TITLE)
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        for text in LONG_QUESTIONS:
            add_question(workshop, text)
        db.session.remove()
    return info


def _print(page, workshop, out):
    """The poster as Chromium prints it on A4: (reader, the page as an image, the join URL)."""
    page.goto(f"/moderation/workshops/{workshop.id}/poster")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    (out / "poster.pdf").write_bytes(pdf)  # kept in the test's tmp_path to look at
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=2).to_pil()
    image.save(out / "poster.png")
    document.close()
    return PdfReader(io.BytesIO(pdf)), image, page.locator(".poster-url").inner_text()


def _assert_one_page_that_scans(reader, image, join_url, texts):
    assert len(reader.pages) == 1
    # NFKC: the PDF sets "fl" as a ligature
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", reader.pages[0].extract_text()))
    assert WARNING not in text  # the warning is for the screen, not for the wall of the hall
    for expected in texts:
        # what is printed is all there, not clipped at the box's bottom
        assert re.sub(r"\s+", " ", expected)[-40:] in text
    results = zxingcpp.read_barcodes(image)
    assert [result.text for result in results] == [join_url]


def _assert_fits_the_box(page):
    page.emulate_media(media="print")
    overflow = page.evaluate("""() => {
        const poster = document.querySelector('.poster').getBoundingClientRect();
        const last = [...document.querySelectorAll('.poster > *, .poster li')].at(-1).getBoundingClientRect();
        const qr = document.querySelector('.poster-qr').getBoundingClientRect();
        return {bottom: last.bottom - poster.bottom, qr: qr.width};
    }""")
    page.emulate_media(media="screen")
    assert overflow["bottom"] <= 0
    assert overflow["qr"] >= 60 / 25.4 * 96 - 1  # at least 6 cm: scans from a few metres


def test_demo_workshop_poster_is_one_a4_page_and_warns_only_on_screen(laptop, workshop, tmp_path):
    reader, image, join_url = _print(laptop, workshop, tmp_path)
    assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/j/{workshop.code}", join_url)
    _assert_one_page_that_scans(reader, image, join_url, [workshop.title, *workshop.questions])
    _assert_fits_the_box(laptop)
    alert = laptop.get_by_role("alert")
    expect(alert).to_contain_text(WARNING)
    expect(alert).to_be_visible()
    laptop.screenshot(path=str(tmp_path / "screen.png"), full_page=True)


def test_worst_case_poster_is_still_one_a4_page(laptop, worst_case, tmp_path):
    reader, image, join_url = _print(laptop, worst_case, tmp_path)
    _assert_one_page_that_scans(reader, image, join_url, [LONG_TITLE, *LONG_QUESTIONS])
    _assert_fits_the_box(laptop)
