"""A moderator's own templates: a workshop's questions, fields (with keywords) and run sheet
saved under a name, downloaded as a JSON file and imported on another installation.

The file is a versioned document::

    {"format": "participation-template", "version": 1, "name": ..., "description": ...,
     "questions": ["..."],
     "fields": [{"name", "description", "keywords": [...], "colour", "catch_all"}],
     "steps": [{"kind", "question_positions": [0-based], "duration_seconds", "auto_advance",
                "title"}]}

Never any idea, name or count of a workshop's attendees. An imported file is checked
strictly (``read_document``): anything unexpected is refused with a message for the person
and nothing is stored.
"""

import json
import re

from flask_babel import gettext as _
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from .models import STEP_KINDS, SavedTemplate

FORMAT, VERSION = "participation-template", 1
MAX_FILE_BYTES = 200 * 1024
MAX_QUESTIONS, MAX_FIELDS, MAX_STEPS, MAX_KEYWORDS = 20, 30, 40, 200
MAX_NAME, MAX_DESCRIPTION, MAX_QUESTION, MAX_FIELD_NAME, MAX_FIELD_DESCRIPTION = 120, 2000, 300, 120, 2000
MAX_KEYWORD, MAX_STEP_TITLE, MAX_DURATION = 80, 120, 6 * 60 * 60
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class TemplateInvalid(Exception):
    """A file or form that cannot become a template; ``message`` says why, in words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- from workshops and catalogue templates to the document's parts ---------------------


def payload_of_workshop(workshop):
    """Questions, fields and run sheet of a workshop, as a saved template keeps them."""
    positions = {question.id: index for index, question in enumerate(workshop.questions)}
    return {
        "questions": [question.text for question in workshop.questions],
        "fields": [
            {"name": field.name, "description": field.description or "", "keywords": list(field.keywords or ()),
             "colour": field.colour, "catch_all": bool(field.catch_all)}
            for field in workshop.fields
        ],
        "steps": [
            {"kind": step.kind,
             "question_positions": sorted(positions[qid] for qid in step.question_ids or () if qid in positions),
             "duration_seconds": step.duration_seconds, "auto_advance": bool(step.auto_advance),
             "title": step.title or ""}
            for step in workshop.steps
        ],
    }


def payload_of_catalog(template):
    """A catalogue template (``catalog.WorkshopTemplate``) in the same shape."""
    return {
        "questions": list(template.questions),
        "fields": [
            {"name": field.name, "description": field.description, "keywords": list(field.keywords),
             "colour": field.colour, "catch_all": False}
            for field in template.fields
        ],
        "steps": [
            {"kind": step.kind, "question_positions": list(step.questions),
             "duration_seconds": step.duration_seconds, "auto_advance": step.auto, "title": step.title}
            for step in template.run
        ],
    }


def document_of(template):
    """The JSON file's content for a saved template."""
    return {"format": FORMAT, "version": VERSION, "name": template.name, "description": template.description,
            **template.payload}


def file_name_of(template):
    slug = re.sub(r"[^a-z0-9]+", "-", template.name.lower().translate(str.maketrans("äöüß", "aous"))).strip("-")
    return f"vorlage-{slug[:60] or template.id}.json"


# --- checking a document --------------------------------------------------------------------


def _text(value, limit, what, required=False):
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise TemplateInvalid(_("%(what)s muss ein Text sein.", what=what))
    # JSON escapes can carry NUL and lone surrogates, which no database stores as text
    value = "".join(char for char in value if char != "\x00" and not "\ud800" <= char <= "\udfff").strip()
    if required and not value:
        raise TemplateInvalid(_("%(what)s fehlt.", what=what))
    if len(value) > limit:
        raise TemplateInvalid(_("%(what)s ist zu lang (höchstens %(limit)d Zeichen).", what=what, limit=limit))
    return value


def _list(value, limit, what, too_many):
    if value is None:
        return []
    if not isinstance(value, list):
        raise TemplateInvalid(_("%(what)s: Hier wird eine Liste erwartet.", what=what))
    if len(value) > limit:
        raise TemplateInvalid(too_many)
    return value


def _field(raw, number):
    what = _("Handlungsfeld %(number)d", number=number)
    if not isinstance(raw, dict):
        raise TemplateInvalid(_("%(what)s ist unvollständig.", what=what))
    keywords = []
    for keyword in _list(raw.get("keywords"), MAX_KEYWORDS, _("Die Schlagwörter von %(what)s", what=what),
                         _("%(what)s hat zu viele Schlagwörter (höchstens %(limit)d).", what=what,
                           limit=MAX_KEYWORDS)):
        keyword = " ".join(_text(keyword, MAX_KEYWORD, _("Ein Schlagwort von %(what)s", what=what)).split()).lower()
        if keyword and keyword not in keywords:
            keywords.append(keyword)
    colour = raw.get("colour")
    if not isinstance(colour, str) or not COLOUR.match(colour):
        raise TemplateInvalid(_("%(what)s hat keine gültige Farbe (z. B. #1f5f8b).", what=what))
    return {
        "name": _text(raw.get("name"), MAX_FIELD_NAME, _("Der Name von %(what)s", what=what), required=True),
        "description": _text(raw.get("description"), MAX_FIELD_DESCRIPTION,
                             _("Die Beschreibung von %(what)s", what=what)),
        "keywords": keywords,
        "colour": colour.lower(),
        "catch_all": raw.get("catch_all") is True,
    }


def _step(raw, number, question_count):
    what = _("Schritt %(number)d des Ablaufs", number=number)
    if not isinstance(raw, dict) or raw.get("kind") not in STEP_KINDS:
        raise TemplateInvalid(_("%(what)s hat keine bekannte Art.", what=what))
    positions = raw.get("question_positions") or []
    if not isinstance(positions, list) or not all(
            type(position) is int and 0 <= position < question_count for position in positions):
        raise TemplateInvalid(_("%(what)s nennt eine Leitfrage, die es in der Vorlage nicht gibt.", what=what))
    duration = raw.get("duration_seconds")
    if duration is not None and (type(duration) is not int or not 0 < duration <= MAX_DURATION):
        raise TemplateInvalid(_("%(what)s: Die Dauer muss zwischen 1 Sekunde und 6 Stunden liegen.", what=what))
    return {
        "kind": raw["kind"],
        "question_positions": sorted(set(positions)),
        "duration_seconds": duration,
        "auto_advance": raw.get("auto_advance") is True,
        "title": _text(raw.get("title"), MAX_STEP_TITLE, _("Der Titel von %(what)s", what=what)),
    }


def read_document(raw):
    """The checked template (name, description, payload) from a file's bytes, or ``TemplateInvalid``."""
    if len(raw) > MAX_FILE_BYTES:
        raise TemplateInvalid(_("Die Datei ist zu groß (höchstens %(size)d KB).", size=MAX_FILE_BYTES // 1024))
    if not raw.strip():
        raise TemplateInvalid(_("Bitte wählen Sie eine Vorlagen-Datei (.json) aus."))
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise TemplateInvalid(_("Die Datei ist keine JSON-Datei. Bitte wählen Sie eine heruntergeladene "
                                "Vorlage (.json).")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TemplateInvalid(_("Die Datei ist keine Workshop-Vorlage dieser App."))
    if document.get("version") != VERSION:
        raise TemplateInvalid(_("Diese Vorlage hat eine Version (%(version)s), die diese Installation nicht "
                                "kennt.", version=str(document.get("version"))[:10]))
    questions = [
        _text(text, MAX_QUESTION, _("Leitfrage %(number)d", number=number), required=True)
        for number, text in enumerate(_list(document.get("questions"), MAX_QUESTIONS, _("Die Leitfragen"),
                                            _("Die Vorlage hat zu viele Leitfragen (höchstens %(limit)d).",
                                              limit=MAX_QUESTIONS)), start=1)
    ]
    fields = [_field(raw_field, number) for number, raw_field in enumerate(
        _list(document.get("fields"), MAX_FIELDS, _("Die Handlungsfelder"),
              _("Die Vorlage hat zu viele Handlungsfelder (höchstens %(limit)d).", limit=MAX_FIELDS)), start=1)]
    steps = [_step(raw_step, number, len(questions)) for number, raw_step in enumerate(
        _list(document.get("steps"), MAX_STEPS, _("Der Ablauf"),
              _("Der Ablauf hat zu viele Schritte (höchstens %(limit)d).", limit=MAX_STEPS)), start=1)]
    name = _text(document.get("name"), MAX_NAME, _("Der Name der Vorlage"), required=True)
    description = _text(document.get("description"), MAX_DESCRIPTION, _("Die Beschreibung der Vorlage"))
    return name, description, {"questions": questions, "fields": fields, "steps": steps}


# --- stored templates ------------------------------------------------------------------------


def templates_of(account):
    """The account's own templates, newest first (admins too see only their own)."""
    return db.session.scalars(
        select(SavedTemplate).where(SavedTemplate.owner_id == account.id)
        .order_by(SavedTemplate.created_at.desc(), SavedTemplate.id.desc())
    ).all()


def template_by_id(template_id):
    return db.session.get(SavedTemplate, template_id)


def save_template(owner, name, description, payload):
    with write_transaction() as session:
        template = SavedTemplate(owner_id=owner.id, name=name.strip(), description=(description or "").strip(),
                                 payload=payload)
        session.add(template)
    return template


def save_workshop_as_template(owner, workshop, name, description=""):
    return save_template(owner, name, description, payload_of_workshop(workshop))


def import_template(owner, raw):
    """Store the template in a file's bytes; ``TemplateInvalid`` (nothing stored) if it is not one."""
    name, description, payload = read_document(raw)
    return save_template(owner, name, description, payload)


def delete_template(template):
    with write_transaction() as session:
        session.delete(template)
