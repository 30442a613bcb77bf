"""Choosing a project (Projektauswahl): a final vote on a shortlist of ideas or measures
of a process, by dots or by ranking; the result is recorded with the process."""

from flask import Blueprint

bp = Blueprint("choices", __name__)
