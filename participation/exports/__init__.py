"""Exports of a workshop for focus groups: CSV, XLSX, JSON (re-importable) and the PDF
"Fokusgruppen-Mappe"; charts; the results page; plus the documents of single measures."""

from flask import Blueprint

bp = Blueprint("exports", __name__)
