"""Ideas from other tools: a CSV or XLSX file (a Mentimeter, Padlet or Decidim export, a
spreadsheet of ideas collected elsewhere) mapped column by column into a workshop."""

from flask import Blueprint

bp = Blueprint("imports", __name__)
