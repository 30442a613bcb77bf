"""Compressed answers (Flask-Compress), and the answers that are never compressed.

Pages, JSON, stylesheets, scripts and SVG go out gzip-compressed when the browser accepts it
(a phone page of 100 ideas: 93 KB becomes about 8 KB). Never compressed:

* a streamed answer, above all the event stream (``text/event-stream``): a compressor holds
  bytes back until it has a block, and each event must reach the phone at once;
* what is compressed already (PNG, PDF, XLSX, DOCX, ZIP: not in ``COMPRESS_MIMETYPES``);
* answers marked ``Cache-Control: no-store``: the app marks those that carry a secret (the
  wall key, focus-group tokens, any address with ``key=``), and a secret in a compressed
  answer next to text an attacker chose can be read from the answers' sizes (BREACH). The
  CSRF token on ordinary pages is masked per answer instead (``core.csrf_mask``);
* partial answers (206) and answers that are small: static files under ``COMPRESS_MIN_SIZE``,
  answers made per request under ``COMPRESS_MIN_SIZE_ANSWERS`` (1 KB: the same packets either
  way, and compressing each cost the load bench's server 5 % of its samples).

Static files are compressed once per version and algorithm and kept (a small bounded cache);
pages are compressed per answer.
"""

from collections import OrderedDict

from flask import request
from flask_compress import Compress

from .static_files import static_files

STATIC_CACHE_ENTRIES = 256  # files x algorithms; the static folder holds about 50 files


class BoundedCache:
    """The cache backend Flask-Compress asks for, keeping the newest ``size`` entries."""

    def __init__(self, size=STATIC_CACHE_ENTRIES):
        self.size = size
        self.data = OrderedDict()

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value):
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.size:
            self.data.popitem(last=False)


def _static_cache_key(request):
    filename = (request.view_args or {}).get("filename", "")
    return f"{filename}@{static_files().fingerprint(filename)}"


def register(app):
    """Call before any other after-request hook is registered: it must run last, when the
    answer's headers (Cache-Control above all) are final."""
    pages = Compress()
    pages.init_app(app)
    files = Compress()
    files.init_app(app)
    files.cache, files.cache_key = BoundedCache(), _static_cache_key

    @app.after_request
    def _compress(response):
        static = request.endpoint == "static"
        if not may_compress(response) or (not static and _small(response, app.config["COMPRESS_MIN_SIZE_ANSWERS"])):
            response.vary.add("Accept-Encoding")
            return response
        return (files if static else pages).after_request(response)


def _small(response, limit):
    length = response.content_length
    return length is not None and length < limit


def may_compress(response):
    if response.is_streamed or response.mimetype == "text/event-stream":
        return False
    if response.status_code == 206 or "Content-Range" in response.headers:
        return False
    return "no-store" not in (response.headers.get("Cache-Control") or "")
