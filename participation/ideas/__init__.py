"""Attendees: join a workshop by code, post ideas to its questions, edit or delete their own."""

from flask import Blueprint

bp = Blueprint("ideas", __name__)
