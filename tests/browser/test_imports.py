"""The import pages in Chromium at 1366x768: a wide file (12 columns, long texts) in the
preview without the page scrolling sideways, axe clean on the upload and the preview pages
in German and English, and an import that lands on the console with its counts."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from browser.conftest import _context, log_in
from browser.test_accessibility import assert_accessible

LAPTOP = {"width": 1366, "height": 768}
SCREENSHOTS = "/tmp"
LONG = ("Ein Bürgerbus für die Dörfer zwischen Heide und Büsum, der nach Bedarf fährt und per App "
        "oder Telefon bestellt werden kann, damit auch ältere Menschen ohne Auto mitkommen. ")


def wide_csv(question):
    """Twelve columns like a Padlet or survey export, long texts in three of them."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["ID", "Frage", "Beitrag", "Autor", "Stimmen", "Kategorie", "Erstellt", "Geändert",
                     "Kommentare", "Anhang", "Link", "Notiz der Redaktion"])
    for number in range(1, 16):
        writer.writerow([number, question, (LONG * (1 + number % 3)).strip(), f"Person {number}", number % 5,
                         "Mobilität" if number % 2 else "Gesundheit und Pflege", "2026-05-04 18:12", "2026-05-04 19:40",
                         LONG.strip() if number % 4 == 0 else "", f"bild-{number}.jpg",
                         f"https://padlet.example/post/{number}", "Bitte prüfen" if number == 3 else ""])
    writer.writerow([16, question, "", "Leere Zeile", "x", "Unbekannt", "", "", "", "", "", ""])
    return buffer.getvalue().encode("utf-8-sig")


@pytest.fixture
def laptop(browser, live_server):
    context = _context(browser, live_server, viewport=LAPTOP)
    page = context.new_page()
    log_in(page)
    yield page
    context.close()


def _upload(page, workshop, name, content, mime="text/csv"):
    page.goto(f"/moderation/workshops/{workshop.id}/import")
    page.set_input_files("#import-file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.get_by_role("button", name="Datei prüfen").click()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def test_the_preview_of_a_wide_file_with_long_texts(laptop, workshop):
    page = laptop
    _upload(page, workshop, "padlet-export.csv", wide_csv(workshop.questions[0]))
    expect(page.get_by_role("heading", name="2. Spalten zuordnen")).to_be_visible()
    expect(page.get_by_label("Text der Idee")).to_have_value("2")
    expect(page.locator(".import-problems")).to_contain_text("Kein Text")
    _no_sideways_scroll(page)
    rows = page.get_by_role("region", name="Tabelle der ersten Zeilen (seitlich verschiebbar)")
    assert rows.evaluate("element => element.scrollWidth > element.clientWidth"), "twelve columns scroll in their box"
    page.screenshot(path=f"{SCREENSHOTS}/import-preview-1366.png")
    page.screenshot(path=f"{SCREENSHOTS}/import-preview-1366-full.png", full_page=True)
    assert_accessible(page, "the import preview")

    page.get_by_role("button", name="Importieren").click()
    expect(page.locator(".error-summary")).to_contain_text("Nichts importiert: 6 Zeilen haben Probleme")
    expect(page.get_by_label("Text der Idee")).to_have_value("2")  # the choices stay
    assert_accessible(page, "the import preview with an error")
    page.get_by_label("Zeilen mit Problemen überspringen").check()
    page.get_by_role("button", name="Importieren").click()
    expect(page.locator(".flash")).to_contain_text("10 Ideen aus „padlet-export.csv“ importiert, 6 Zeilen mit Problemen übersprungen.")
    expect(page.locator(".console-import a")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/import-console-1366.png")


def test_the_import_pages_in_english(laptop, workshop):
    page = laptop
    page.goto(f"/language/en?next=/moderation/workshops/{workshop.id}/import")
    expect(page.get_by_role("heading", name=re.compile("^Import ideas"))).to_be_visible()
    assert_accessible(page, "the upload page in English")
    page.set_input_files("#import-file", files=[{"name": "bild.csv", "mimeType": "text/csv",
                                                  "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}])
    page.get_by_role("button", name="Check file").click()
    expect(page.locator(".error-summary")).to_contain_text("not a table but a PNG file")
    assert_accessible(page, "the upload page with an error in English")
    page.set_input_files("#import-file", files=[{"name": "wide.csv", "mimeType": "text/csv",
                                                  "buffer": wide_csv(workshop.questions[1])}])
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_role("heading", name="2. Map the columns")).to_be_visible()
    _no_sideways_scroll(page)
    assert_accessible(page, "the import preview in English")


def test_the_upload_page_in_german_with_an_error(laptop, workshop):
    page = laptop
    page.goto(f"/moderation/workshops/{workshop.id}/import")
    assert_accessible(page, "the upload page")
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.locator(".error-summary")).to_contain_text("Bitte wählen Sie eine CSV- oder Excel-Datei")
    assert_accessible(page, "the upload page with an error")
    page.screenshot(path=f"{SCREENSHOTS}/import-upload-1366.png")
