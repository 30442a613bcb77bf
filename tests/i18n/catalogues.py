"""Helpers for the language tests: the translation files and their compiled form.

``make run`` and ``make test`` compile the catalogues with pybabel; a plain ``pytest``
run compiles them here when the .mo is missing or older than its .po, so English pages
never show a stale translation in a test.
"""

import os
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO_ROOT / "participation" / "translations"
# A %-placeholder as Python (and Jinja's newstyle gettext) reads it, including "%%".
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def po_files():
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def read_catalogue(path):
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parts[-3])


def compile_stale_catalogues():
    for po in po_files():
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_name(mo.name + ".partial")
        with partial.open("wb") as handle:
            write_mo(handle, read_catalogue(po))  # fuzzy entries stay out, as with pybabel
        os.replace(partial, mo)  # a running server never reads half a file


def english_catalogue():
    return read_catalogue(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


def german_ui_fragments():
    """Pieces of German UI text that an English page must not contain.

    Every German msgid (each plural form) split at its placeholders; pieces that also occur
    in some English translation ("Workshop", "Status", "PDF") or are too short to be telling
    are left out.
    """
    catalogue = english_catalogue()
    english = "\n".join(
        form for message in catalogue if message.id
        for form in (message.string if isinstance(message.string, tuple) else (message.string,))
    )
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        for form in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in PLACEHOLDER.split(form):
                piece = piece.strip(" .,:;·–…()„“")
                if len(piece) >= 5 and any(char.isalpha() for char in piece) and piece not in english:
                    fragments.add(piece)
    return sorted(fragments)
