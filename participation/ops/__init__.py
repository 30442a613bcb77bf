"""Operations: /healthz, backup and restore, automatic deletion (retention), structured logs."""

from flask import Blueprint

bp = Blueprint("ops", __name__)
