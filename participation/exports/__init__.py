"""Exports of a workshop for focus groups: CSV, XLSX, JSON (re-importable) and the PDF
"Fokusgruppen-Mappe"; charts; the results page; plus the documents of single measures."""

from flask import Blueprint

bp = Blueprint("exports", __name__)


def init_app(app):
    # Views import the focus feature, whose models the snapshot needs: load them only once
    # every package is importable, not while ``participation.exports`` itself is loading.
    from . import views  # noqa: F401

    app.register_blueprint(bp)
