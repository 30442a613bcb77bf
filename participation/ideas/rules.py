"""The rules an idea's text must follow, shared by posting and editing.

Rule violations raise ``IdeaRejected`` with a German message for the person; the caller
writes nothing then. No database access here: the rules see plain values.
"""

import re
import secrets
import unicodedata

from flask_babel import gettext as _

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
# Control characters other than newline and tab, the byte-order mark, and lone surrogates
# (JSON can carry them as "\ud83d" escapes; no database can store them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ud800-\udfff]")


class IdeaRejected(Exception):
    def __init__(self, message, field="text"):
        super().__init__(message)
        self.message = message
        self.field = field


def new_idempotency_key():
    return secrets.token_urlsafe(18)


def usable_idempotency_key(sent):
    """The client's key if it is one we accept, else a fresh one (no protection, no harm)."""
    return sent if isinstance(sent, str) and IDEMPOTENCY_KEY.match(sent) else new_idempotency_key()


def clean_text(raw):
    """Normalise what a phone sends: NFC, Unix newlines, no control characters, trimmed."""
    text = unicodedata.normalize("NFC", raw or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def check_text(workshop, raw):
    """The cleaned text, or ``IdeaRejected`` when it is empty or longer than the workshop allows."""
    text = clean_text(raw)
    if not text:
        raise IdeaRejected(_("Bitte schreiben Sie Ihre Idee in das Feld, bevor Sie sie absenden."))
    limit = workshop.idea_max_length
    if len(text) > limit:
        raise IdeaRejected(
            _(
                "Ihre Idee ist %(length)d Zeichen lang, erlaubt sind höchstens %(limit)d. "
                "Bitte kürzen Sie sie um %(over)d Zeichen.",
                length=len(text),
                limit=limit,
                over=len(text) - limit,
            )
        )
    return text


def check_open(workshop):
    if not workshop.is_open:
        raise IdeaRejected(
            _(
                "Dieser Workshop nimmt gerade keine Ideen an. Ihr Text wurde nicht gespeichert; "
                "Sie können ihn kopieren und später einreichen."
            ),
            field=None,
        )


def reject_foreign_question():
    raise IdeaRejected(
        _("Diese Frage gehört nicht zu diesem Workshop. Bitte wählen Sie eine Frage von dieser Seite."),
        field="question_id",
    )


def needs_approval(workshop, text):
    """Pre-moderation, or a word of the workshop's filter list in the text."""
    if workshop.premoderation:
        return True
    folded = text.casefold()
    return any(word.casefold() in folded for word in workshop.word_filter or () if word.strip())
