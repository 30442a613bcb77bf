"""Static files with fingerprinted addresses, cached by browsers for a year.

``url_for('static', filename=...)`` adds ``?v=<hash>``, the first 12 hex digits of the
SHA-256 of the file as it is sent. An answer to an address with the current hash is
``Cache-Control: public, max-age=31536000, immutable``: a phone loads each file once, and a
changed file has a new address. Without the hash, or with an old one, the answer says
``no-cache`` (the browser asks again every time, with its ETag).

Scripts are ES modules that import each other (``from "./live.js"``). A module is sent with
its imports pointing at the fingerprinted addresses of those modules, so its own hash changes
when any module it imports changes, and the whole graph is cached by the browser without an
import map. Comments are left out of scripts and stylesheets as they are sent (they are half
of their size; nothing else is changed, line breaks stay): lines that are only a comment,
block comments and indentation. A script with a multi-line string (a template literal over
several lines, a line continued with a backslash) is sent as it is.
"""

import hashlib
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, request
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

_EXTENSION = "participation_static_files"
IMPORT = re.compile(r'(\b(?:from|import)\s*\(?\s*")(\.{1,2}/[^"?#]+\.js)(")')
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


@dataclass
class Asset:
    data: bytes
    fingerprint: str
    mimetype: str
    stamp: tuple  # (mtime_ns, size) of the file when it was read
    imports: dict = field(default_factory=dict)  # module filename -> the hash written into data


class StaticFiles:
    """The app's static folder, read and fingerprinted once per version of each file."""

    def __init__(self, folder):
        self.folder = str(folder)
        self._assets = {}

    def asset(self, filename, _importers=frozenset()):
        """The file as it is sent (None when there is no such file)."""
        path = safe_join(self.folder, filename)
        if path is None:
            return None
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self._assets.get(filename)
        if kept is not None and kept.stamp == stamp and self._imports_current(kept, filename, _importers):
            return kept
        data = Path(path).read_bytes()
        imports = {}
        if filename.endswith(".js"):
            data, imports = self._module(filename, data, _importers | {filename})
        elif filename.endswith(".css"):
            data = strip_css(data.decode("utf-8")).encode("utf-8")
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        fingerprint = hashlib.sha256(data).hexdigest()[:12]
        asset = self._assets[filename] = Asset(data, fingerprint, mimetype, stamp, imports)
        return asset

    def fingerprint(self, filename):
        asset = self.asset(filename)
        return asset.fingerprint if asset is not None else None

    def _imports_current(self, asset, filename, importers):
        importers = importers | {filename}
        for name, fingerprint in asset.imports.items():
            current = self.asset(name, importers)
            if current is None or current.fingerprint != fingerprint:
                return False
        return True

    def _module(self, filename, data, importers):
        imports = {}

        def fingerprinted(match):
            name = posixpath.normpath(posixpath.join(posixpath.dirname(filename), match.group(2)))
            if name in importers:  # an import cycle: that one edge keeps its plain address
                return match.group(0)
            imported = self.asset(name, importers)
            if imported is None:
                return match.group(0)
            imports[name] = imported.fingerprint
            return f"{match.group(1)}{match.group(2)}?v={imported.fingerprint}{match.group(3)}"

        text = IMPORT.sub(fingerprinted, strip_js(data.decode("utf-8")))
        return text.encode("utf-8"), imports


def strip_js(text):
    """``text`` without whole-line and block comments, indentation and empty lines; as it is
    when a string spans lines (then a comment could be part of a string)."""
    lines = text.split("\n")
    if any(line.count("`") % 2 or line.rstrip().endswith("\\") for line in lines):
        return text
    kept, in_block = [], False
    for line in lines:
        line = line.strip()
        if in_block:
            if "*/" not in line:
                continue
            in_block, line = False, line.split("*/", 1)[1].strip()
        elif line.startswith("//"):
            continue
        elif line.startswith("/*"):
            if "*/" not in line:
                in_block = True
                continue
            rest = line.split("*/", 1)[1].strip()
            line = rest
        if line:
            kept.append(line)
    return "\n".join(kept) + "\n"


def strip_css(text):
    """``text`` without comments, indentation and empty lines (as it is if a string could
    hold a comment's characters)."""
    if re.search(r"[\"'][^\"'\n]*/\*", text):
        return text
    lines = (line.strip() for line in CSS_COMMENT.sub("", text).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def static_files(app=None):
    return (app or current_app).extensions[_EXTENSION]


def register(app):
    """Fingerprints in every ``url_for('static', ...)``; call from the factory."""
    app.extensions[_EXTENSION] = StaticFiles(app.static_folder)

    @app.url_defaults
    def _fingerprint(endpoint, values):
        if endpoint == "static" and "v" not in values and values.get("filename"):
            fingerprint = static_files(app).fingerprint(values["filename"])
            if fingerprint:
                values["v"] = fingerprint


def send_static(app, filename):
    """The answer for /static/<filename>: the file as it is sent, cached for a year when
    asked for by its current hash, else revalidated on every use."""
    asset = static_files(app).asset(filename)
    if asset is None:
        raise NotFound()
    response = app.response_class(asset.data, mimetype=asset.mimetype)
    if request.args.get("v") == asset.fingerprint:
        max_age = app.config["STATIC_IMMUTABLE_MAX_AGE"]
        response.headers["Cache-Control"] = f"public, max-age={max_age}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.set_etag(asset.fingerprint)
    return response.make_conditional(request)
