"""Exports of a workshop for focus groups: CSV, XLSX, JSON (re-importable) and the PDF
"Fokusgruppen-Mappe"; plus the documents of single measures (PDF, DOCX)."""

from flask import Blueprint

bp = Blueprint("exports", __name__)

from . import views  # noqa: E402,F401
