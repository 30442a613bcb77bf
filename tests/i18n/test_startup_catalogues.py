"""English without `make`: the app compiles missing or stale catalogues when it starts.

A fresh clone has .po files but no .mo files (build output, not in git); started with
``flask --app wsgi run`` or ``gunicorn wsgi:app`` it must still speak English.
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from flask import Flask

from participation.i18n import catalogues
from participation.i18n.catalogues import compile_catalogues, prepare_catalogues

REPO_ROOT = Path(__file__).resolve().parents[2]
GERMAN = "Mitmachen beim Workshop"
ENGLISH = "Take part in the workshop"

REQUESTS = """
import json, sys
from participation import create_app
from participation.extensions import db

app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
with app.app_context():
    db.create_all()
client = app.test_client()
by_browser = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
client.set_cookie("lang", "en")
by_cookie = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
client.set_cookie("lang", "de")
german = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
print(json.dumps({"browser": by_browser, "cookie": by_cookie, "german": german}))
"""


def _fresh_checkout(tmp_path):
    """The app's code as a clone has it: the .po files but no compiled .mo."""
    root = tmp_path / "clone"
    shutil.copytree(
        REPO_ROOT / "participation", root / "participation",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.partial"),
    )
    for folder in ("templates", "static"):
        (root / folder).symlink_to(REPO_ROOT / folder)
    return root


def test_a_fresh_checkout_without_compiled_catalogues_speaks_english(tmp_path):
    root = _fresh_checkout(tmp_path)
    mo = root / "participation/translations/en/LC_MESSAGES/messages.mo"
    assert not mo.exists()
    environment = dict(os.environ, PARTICIPATION_INSTANCE=str(tmp_path / "instance"), PYTHONPATH=str(root))
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(REQUESTS), f"sqlite:///{tmp_path / 'db.sqlite'}"],
        cwd=root, env=environment, capture_output=True, text=True, timeout=180, check=True,
    )
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    for way in ("browser", "cookie"):
        assert ENGLISH in pages[way], way
        assert GERMAN not in pages[way], way
    assert GERMAN in pages["german"]
    assert mo.exists()  # compiled beside its .po: the next start finds it


def _translations(tmp_path):
    source = tmp_path / "translations"
    shutil.copytree(REPO_ROOT / "participation/translations", source, ignore=shutil.ignore_patterns("*.mo"))
    return source


def _english(directory):
    return Translations.load(str(directory), ["en"]).gettext(GERMAN)


def _app(tmp_path):
    return Flask("catalogue_test", instance_path=str(tmp_path / "instance"))


def test_a_stale_catalogue_is_rebuilt(tmp_path):
    source = _translations(tmp_path)
    po = source / "en/LC_MESSAGES/messages.po"
    mo = po.with_suffix(".mo")
    with mo.open("wb") as handle:
        write_mo(handle, Catalog(locale="en"))  # an old build that lacks every string
    old = po.stat().st_mtime - 3600
    os.utime(mo, (old, old))
    assert _english(source) == GERMAN

    prepare_catalogues(_app(tmp_path), source)

    assert _english(source) == ENGLISH
    assert mo.stat().st_mtime >= po.stat().st_mtime
    assert not list(mo.parent.glob("*.partial"))


def test_a_current_catalogue_is_left_alone(tmp_path):
    source = _translations(tmp_path)
    compile_catalogues(source, source)
    mo = source / "en/LC_MESSAGES/messages.mo"
    before = mo.stat().st_mtime_ns
    os.utime(mo, ns=(before + 10**9, before + 10**9))
    prepare_catalogues(_app(tmp_path), source)
    assert mo.stat().st_mtime_ns == before + 10**9


def _refuse_writes_under(directory, monkeypatch):
    """A read-only package directory (the tests run as root, so chmod would not stop them)."""
    write = catalogues._write_atomically

    def write_unless_read_only(po, mo):
        if Path(mo).is_relative_to(directory):
            raise PermissionError(13, "Permission denied", str(mo))
        write(po, mo)

    monkeypatch.setattr(catalogues, "_write_atomically", write_unless_read_only)


def test_a_read_only_package_compiles_into_the_instance_folder(tmp_path, monkeypatch):
    source = _translations(tmp_path)
    _refuse_writes_under(source, monkeypatch)
    app = _app(tmp_path)

    prepare_catalogues(app, source)

    target = Path(app.instance_path) / "translations"
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(target)
    assert _english(target) == ENGLISH
    assert not (source / "en/LC_MESSAGES/messages.mo").exists()


def test_when_nothing_can_be_written_one_warning_says_so(tmp_path, monkeypatch, caplog):
    source = _translations(tmp_path)
    _refuse_writes_under(tmp_path, monkeypatch)
    app = _app(tmp_path)

    with caplog.at_level(logging.WARNING, logger=catalogues.__name__):
        prepare_catalogues(app, source)

    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "pybabel compile" in warnings[0].getMessage()
    assert "BABEL_TRANSLATION_DIRECTORIES" not in app.config
