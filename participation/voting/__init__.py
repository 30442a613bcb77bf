"""Dot voting: each attendee gives a few dots to other people's ideas, one per idea."""

from flask import Blueprint

bp = Blueprint("voting", __name__)
