"""Participation processes (Beteiligungsprozesse): several workshops of one strategy (a
kick-off, an online phase, a second evening) with one shared catalogue of Handlungsfelder,
counts across the events and combined exports."""

from flask import Blueprint

bp = Blueprint("processes", __name__)
