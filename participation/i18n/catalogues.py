"""Compiled message catalogues (.mo) at start-up, however the app is started.

The .po files are in git; their compiled .mo files are build output that ``make run``
creates. An app started another way (``flask --app wsgi run``, ``gunicorn wsgi:app`` on a
fresh clone) would have no .mo, and Flask-Babel then silently shows German for "English".
So the factory compiles every catalogue whose .mo is missing or older than its .po:
beside the .po when the package directory is writable, otherwise in the instance folder,
and points Flask-Babel there.

Several gunicorn workers may start at once: each writes a temporary file of its own in the
target directory and renames it over the .mo, so nobody ever reads half a file and the
last rename simply wins (all of them wrote the same bytes).
"""

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

SOURCE = Path(__file__).resolve().parent.parent / "translations"


def prepare_catalogues(app, source=SOURCE):
    """Make sure Flask-Babel finds current .mo files; call before ``babel.init_app``.

    An installation that names its own BABEL_TRANSLATION_DIRECTORIES is left alone.
    """
    if app.config.get("BABEL_TRANSLATION_DIRECTORIES"):
        return
    try:
        compile_catalogues(source, source)  # nothing to do when `make` (or an earlier start) did it
        return
    except OSError as error:
        reason = error
    fallback = Path(app.instance_path) / "translations"
    try:
        compile_catalogues(source, fallback)
    except OSError as error:
        log.warning(
            "Message catalogues could not be compiled (%s; %s): pages stay German. "
            "Run `make translations` or `pybabel compile -d %s`.",
            reason, error, source,
        )
        return
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(fallback)


def compile_catalogues(source, target):
    """Compile each ``<lang>/LC_MESSAGES/<domain>.po`` under source into the same place under target.

    Only catalogues whose .mo is missing or older than the .po are compiled. Raises OSError
    when a .mo cannot be written.
    """
    source, target = Path(source), Path(target)
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = (target / po.relative_to(source)).with_suffix(".mo")
        if _is_stale(po, mo):
            mo.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(po, mo)


def _is_stale(po, mo):
    try:
        return mo.stat().st_mtime < po.stat().st_mtime
    except FileNotFoundError:
        return True


def _write_atomically(po, mo):
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale=po.parts[-3])
    descriptor, partial = tempfile.mkstemp(dir=mo.parent, prefix=mo.name + ".", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write_mo(handle, catalogue)  # fuzzy entries stay out, as with `pybabel compile`
        os.chmod(partial, 0o644)  # mkstemp makes it 0600; other users of the folder read it too
        os.replace(partial, mo)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
