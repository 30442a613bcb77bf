"""The written documentation (Dokumentation) of a workshop or a process, as DOCX and PDF:
built from the stored data only (counts, terms, quoted ideas), never invented text."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
