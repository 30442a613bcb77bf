"""Reading JSON that clients send: anything that is not JSON is a 400 with a clear message.

Python's parser recurses once per nesting level, so ``[`` repeated 10,000 times raised
RecursionError, which no JSON-reading code expects (a 500). The app's JSON provider
turns it into the ValueError every other kind of broken JSON raises (invalid UTF-8,
a truncated document, NaN, a number with thousands of digits), and the request class
answers every such failure with the same friendly 400, for ``request.get_json`` anywhere.
"""

from flask import Request, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from .errors import abort_friendly


class NotJson(ValueError):
    """The bytes are no JSON document this app reads."""


class SafeJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            return super().loads(s, parse_constant=_reject_constant, **kwargs)
        except RecursionError:
            raise NotJson("nested too deeply") from None


def _reject_constant(name):
    raise NotJson(f"{name} is not JSON")  # NaN, Infinity: Python accepts them, JSON does not


class JsonRequest(Request):
    def on_json_loading_failed(self, error):
        abort_friendly(400, _("Die gesendeten Daten sind kein gültiges JSON."))


NOT_JSON = object()


def json_body():
    """The request body as JSON, or ``NOT_JSON`` when it is none (or says it is something else)."""
    try:
        return request.get_json()
    except BadRequest:
        return NOT_JSON
