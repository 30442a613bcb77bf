"""The rules an idea's text must follow, shared by posting and editing.

Rule violations raise ``IdeaRejected`` with a German message for the person; the caller
writes nothing then. No database access here: the rules see plain values.
"""

import re
import secrets

from flask_babel import gettext as _

from ..core.text import clean_text as _clean, is_blank, skeleton

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")


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
    """What a phone sends as it is stored (``core.text.clean_text``): NFKC, Unix newlines,
    no invisible, bidi or control characters, trimmed."""
    return _clean(raw)


def check_text(workshop, raw):
    """The cleaned text, or ``IdeaRejected`` when it is empty or longer than the workshop allows."""
    text = clean_text(raw)
    if not text or is_blank(text):  # only spaces, marks or invisible characters
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


def reject_closed_step():
    """The run sheet's current step takes no ideas for this question (and the grace after
    a collecting step has passed)."""
    raise IdeaRejected(
        _(
            "In diesem Schritt des Workshops werden zu dieser Frage keine Ideen gesammelt. Ihr Text "
            "wurde nicht gespeichert; er bleibt im Feld, damit Sie ihn kopieren können."
        ),
        field=None,
    )


def reject_foreign_question():
    raise IdeaRejected(
        _("Diese Frage gehört nicht zu diesem Workshop. Bitte wählen Sie eine Frage von dieser Seite."),
        field="question_id",
    )


def needs_approval(workshop, text):
    """Pre-moderation, or a word of the workshop's filter list in the text (``text`` is
    cleaned already: no invisible character splits a word)."""
    if workshop.premoderation:
        return True
    # Compared as skeletons: "Аrschloch" with a Cyrillic "А" is the word on the list.
    shown = skeleton(text)
    return any(skeleton(word) in shown for word in workshop.word_filter or () if skeleton(word))
