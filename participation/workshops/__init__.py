"""Moderators prepare workshops: templates, questions, Handlungsfelder, join code, QR, poster."""

from flask import Blueprint

bp = Blueprint("workshops", __name__)
