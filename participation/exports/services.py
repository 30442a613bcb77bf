"""Exports and charts of a workshop as files: one place decides format, name and content.

Views and the CLI call ``export_file``; the writers it dispatches to are pure.
"""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import get_locale

from ..charts.cache import chart_cache
from ..charts.render import SIZES as CHART_SIZES
from ..charts.render import render_chart
from ..charts.specs import BUILDERS, chart_names, overview_charts
from ..database import write_transaction
from .snapshot import workshop_snapshot
from .texts import export_texts

EXPORT_FORMATS = ("xlsx", "csv", "json", "pdf")
CSV_DELIMITERS = {";": ";", ",": ",", "semicolon": ";", "comma": ","}
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "svg": "image/svg+xml",
    "png": "image/png",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    mimetype: str
    filename: str


def slug(text, limit=40, fallback="workshop"):
    """A file-name or address part: ASCII letters, digits and dashes ("Dithmarschen Digital"
    → "dithmarschen-digital"); ``fallback`` when nothing of ``text`` is left."""
    text = text.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or fallback


def file_name(workshop, suffix, extension):
    return f"{workshop.code}-{slug(workshop.title)}{'-' + suffix if suffix else ''}.{extension}"


def _locale():
    return str(get_locale() or "de")


def chart_png_list(workshop, snapshot, texts):
    """The overview charts as (title, PNG) for the XLSX and PDF exports (cached)."""
    return [
        (spec.title, chart_cache.get((workshop.id, name, "png", _locale()), spec, lambda s: render_chart(s, "png")))
        for name, spec in zip(chart_names(snapshot), overview_charts(snapshot, texts))
    ]


def chart_file(workshop, name, fmt, size="desktop"):
    """One overview chart as SVG or PNG, for a page or a phone (``size``); drawn again only
    when its data changed."""
    if name not in BUILDERS or fmt not in ("svg", "png") or size not in CHART_SIZES:
        raise KeyError(name)
    spec = BUILDERS[name](workshop_snapshot(workshop, with_terms=False), export_texts())
    key = (workshop.id, name, fmt, _locale()) if size == "desktop" else (workshop.id, name, fmt, _locale(), size)
    content = chart_cache.get(key, spec, lambda s: render_chart(s, fmt, size))
    return ExportFile(content, MIMETYPES[fmt], file_name(workshop, f"chart-{name}", fmt))


def export_file(workshop, fmt, delimiter=";"):
    """The whole workshop in ``fmt`` (one of EXPORT_FORMATS)."""
    if fmt not in EXPORT_FORMATS:
        raise KeyError(fmt)
    texts = export_texts()
    snapshot = workshop_snapshot(workshop, with_terms=fmt != "csv")
    # Each writer is imported when its format is asked for: they load openpyxl, fpdf, ...
    if fmt == "csv":
        from .csv_file import workshop_csv

        content = workshop_csv(snapshot, texts, delimiter=delimiter)
    elif fmt == "xlsx":
        from .xlsx_file import workshop_xlsx

        content = workshop_xlsx(snapshot, texts, charts=chart_png_list(workshop, snapshot, texts))
    elif fmt == "json":
        from .json_file import workshop_json

        content = workshop_json(snapshot)
    else:
        from .pdf_book import focus_book_pdf

        content = focus_book_pdf(snapshot, texts, charts=chart_png_list(workshop, snapshot, texts))
    suffix = "fokusgruppen-mappe" if fmt == "pdf" else "ideen"
    return ExportFile(content, MIMETYPES[fmt], file_name(workshop, suffix, fmt))


def set_results_published(workshop, published):
    """Show (or hide again) the results page for attendees at /w/<code>/results."""
    with write_transaction():
        workshop.results_published = bool(published)
    return workshop
