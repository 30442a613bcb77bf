"""Every string of the code is in each catalogue, translated, not fuzzy, with the same
placeholders and all plural forms.

The strings are extracted from the code exactly as ``make catalog`` does. A German
string added to the code makes this fail until ``make catalog`` has merged it into the
.po files and someone has translated it there: that is intended.
"""

import subprocess
import sys
from collections import Counter

import pytest
from babel.messages.pofile import read_po

from i18n.catalogues import PLACEHOLDER, REPO_ROOT, po_files, read_catalogue

# The Makefile's EXTRACT_OPTIONS: the same mapping and keywords as `make catalog`.
EXTRACT_OPTIONS = ["-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext"]
HOW_TO_FIX = "run `make catalog`, then translate in participation/translations/<lang>/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    pot = tmp_path_factory.mktemp("catalogue") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", *EXTRACT_OPTIONS]
    command += ["-o", str(pot), "."]
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True, timeout=120)
    with pot.open("rb") as handle:
        return [message for message in read_po(handle) if message.id]


@pytest.fixture(scope="module", params=po_files(), ids=lambda path: path.parts[-3])
def catalogue(request):
    return read_catalogue(request.param)


def _forms(value):
    return value if isinstance(value, tuple) else (value,)


def _show(message):
    return repr(_forms(message.id)[0])


def _report(problems, catalogue):
    return f"{len(problems)} problem(s) in {catalogue.locale} ({HOW_TO_FIX}):\n" + "\n".join(problems)


def _entries(source_messages, catalogue):
    """(message in the code, its entry in the catalogue) for each string the catalogue has."""
    for message in source_messages:
        entry = catalogue.get(message.id)
        if entry is not None:
            yield message, entry


def test_there_is_an_english_catalogue():
    assert [path.parts[-3] for path in po_files()] == ["en"]


def test_the_code_has_strings_to_translate(source_messages):
    assert len(source_messages) > 500


def test_every_string_of_the_code_is_in_the_catalogue(source_messages, catalogue):
    missing = [f"missing: {_show(message)}" for message in source_messages if message.id not in catalogue]
    assert not missing, _report(missing, catalogue)


def test_every_string_is_translated_and_not_fuzzy(source_messages, catalogue):
    problems = []
    for _message, entry in _entries(source_messages, catalogue):
        if entry.fuzzy:
            problems.append(f"fuzzy: {_show(entry)}")
        elif not all(form.strip() for form in _forms(entry.string)):
            problems.append(f"untranslated: {_show(entry)}")
    assert not problems, _report(problems, catalogue)


def test_plural_strings_have_every_plural_form(source_messages, catalogue):
    problems = []
    for message, entry in _entries(source_messages, catalogue):
        if entry.id != message.id:
            problems.append(f"singular/plural differs from the code: {_show(message)}")
        elif message.pluralizable and len(entry.string) != catalogue.num_plurals:
            problems.append(f"{len(entry.string)} of {catalogue.num_plurals} plural forms: {_show(message)}")
    assert not problems, _report(problems, catalogue)


def test_translations_keep_the_placeholders(source_messages, catalogue):
    """%(name)s and friends unchanged, and no lone "%" (Jinja formats every string with %).

    A singular form may leave out the number ("one idea" for "%(num)d idea"); every other
    form has exactly the placeholders of its German original.
    """
    problems = []
    for _message, entry in _entries(source_messages, catalogue):
        if entry.fuzzy:
            continue
        originals = _forms(entry.id)
        for index, translated in enumerate(_forms(entry.string)):
            wanted = Counter(PLACEHOLDER.findall(originals[min(index, len(originals) - 1)]))
            found = Counter(PLACEHOLDER.findall(translated))
            if found != wanted and not (entry.pluralizable and index == 0 and found <= wanted):
                problems.append(f"placeholders {sorted(found)} instead of {sorted(wanted)}: {_show(entry)}")
            if "%" in PLACEHOLDER.sub("", translated):
                problems.append(f"a lone % (write %% for a percent sign): {_show(entry)}")
    problems += [f"{error}: {_show(message)}" for message, errors in catalogue.check() for error in errors]
    assert not problems, _report(problems, catalogue)
