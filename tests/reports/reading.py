"""Reading a documentation back: its DOCX (python-docx) and PDF (pypdf) as plain structures."""

import io
import re
from dataclasses import dataclass, field

from docx import Document
from pypdf import PdfReader

QUOTE = re.compile(r"\[A\s(\d+)\]")
NUMBER = re.compile(r"^A\s(\d+)$")


@dataclass
class ReadReport:
    headings: list = field(default_factory=list)  # (level, text, style name)
    quotes: list = field(default_factory=list)  # (field, number, paragraph text)
    appendix: dict = field(default_factory=dict)  # number -> (field, text)
    paragraphs: list = field(default_factory=list)


def read_docx(content, field_sections, appendix_heading, appendix_prefix="A: "):
    document = Document(io.BytesIO(content))
    report = ReadReport()
    chapter = current = None
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        text = paragraph.text
        report.paragraphs.append(text)
        if style.startswith("Heading") or style == "Title":
            level = 0 if style == "Title" else int(style.split()[-1])
            report.headings.append((level, text, style))
            if level == 1:
                chapter = text
            elif level == 2:
                current = text[len(appendix_prefix):] if chapter == appendix_heading else text
            continue
        if chapter == field_sections:
            for number in QUOTE.findall(text):
                report.quotes.append((current, int(number), text))
        elif chapter == appendix_heading and "\t" in text:
            label, body = text.split("\t", 1)
            match = NUMBER.match(label)
            if match:
                assert int(match.group(1)) not in report.appendix
                report.appendix[int(match.group(1))] = (current, body)
    return report


def pdf_text(content):
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def squash(text):
    return " ".join(text.replace("\u00a0", " ").split())
