"""Files the import tests upload, made by the tests: other tools' layouts and bad files."""

import io
import zipfile

from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(sheets):
    """An XLSX file with ``sheets``: {name: [row, ...]} (values as openpyxl writes them)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mentimeter_xlsx(questions):
    """Like Mentimeter's results export: a title block, then Question / Response / Votes."""
    rows = [("Mentimeter", None, None), ("Presentation: Dorfentwicklung Heide", None, None),
            ("Exported 2026-05-04 19:30", None, None), (), ("Question", "Response", "Votes")]
    for question, answers in questions.items():
        for answer, votes in answers:
            rows.append((question, answer, votes))
    return xlsx({"Results": rows})


def padlet_csv(posts, section_heading="Section"):
    """Like Padlet's CSV export: comma-separated, UTF-8 with BOM, quoted multi-line bodies."""
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Subject", "Body", "Attachment", "Author", "Created At", section_heading, "Upvotes"])
    for subject, body, author, section, upvotes in posts:
        writer.writerow([subject, body, "", author, "2026-05-04 18:12:00 UTC", section, upvotes])
    return buffer.getvalue().encode("utf-8-sig")


def zip_bomb_xlsx(unpacked_megabytes=200):
    """A ZIP that looks like a workbook, with one member of zeros that unpacks to hundreds of MB
    (written in chunks: the test never holds it unpacked)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_megabytes):
                member.write(chunk)
    return buffer.getvalue()


def png():
    """A real PNG (the start of one is enough to be refused)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()
