"""The editor page ("Workshop bearbeiten"): settings, questions and fields in one form.

Every button of the page submits the whole page, so whatever was typed in one section is
saved with a click in any other (a date and place typed, then a question saved: both
kept). The button says where the person is: the confirmation is shown in that section and
the page returns to it. Moving and deleting are buttons of the same form, so they save the
other edits first. When anything typed is refused, nothing is saved and the page comes
back with every section as typed and the errors beside their fields.
"""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..charts.palette import next_field_colour
from ..extensions import db
from . import bp, services, structure
from .access import managed_workshop
from .forms import FieldForm, QuestionForm, SettingsForm
from .models import Field, Question

PREFIX = "/moderation/workshops"
NOTICE_KEY = "editor_notice"


def render_editor(workshop, status=200, settings=None, question_forms=None, field_forms=None,
                  new_question=None, new_field=None, notice=None):
    """The editor with forms from the database, except the ones given (typed input shown again)."""
    question_forms = question_forms or {}
    field_forms = field_forms or {}
    for question in workshop.questions:
        question_forms.setdefault(question.id, QuestionForm(formdata=None, obj=question, prefix=f"q{question.id}"))
    for field in workshop.fields:
        if field.id not in field_forms:
            form = FieldForm(formdata=None, obj=field, prefix=f"f{field.id}")
            # obj wins over data=, so set the keywords afterwards: the list would show as its repr.
            form.keywords.data = ", ".join(field.keywords)
            field_forms[field.id] = form
    settings = settings or SettingsForm(formdata=None, obj=workshop)
    new_question = new_question or QuestionForm(formdata=None, prefix="new-question")
    # The colour picker offers the palette's next free colour, not one colour for all fields
    new_field = new_field or FieldForm(
        formdata=None, prefix="new-field", colour=next_field_colour(field.colour for field in workshop.fields)
    )
    # Where each refused field is, for the summary's links: "Frage 2: Leitfrage".
    sections = [(_("Einstellungen"), settings)]
    sections += [(_("Frage %(number)d", number=number), question_forms[question.id])
                 for number, question in enumerate(workshop.questions, start=1)]
    sections += [(field.name, field_forms[field.id]) for field in workshop.fields]
    sections += [(_("Neue Leitfrage"), new_question), (_("Neues Handlungsfeld"), new_field)]
    failed = [{"id": field.id, "text": f"{section}: {field.label.text}"}
              for section, form in sections for field in form if field.errors]
    return (
        render_template(
            "workshops/edit.html",
            workshop=workshop,
            settings=settings,
            question_forms=question_forms,
            field_forms=field_forms,
            new_question=new_question,
            new_field=new_field,
            notice=notice,
            failed=failed,
        ),
        status,
    )


@bp.get(f"{PREFIX}/<int:workshop_id>/edit")
@managed_workshop
def edit(workshop):
    return render_editor(workshop, notice=session.pop(NOTICE_KEY, None))


def _typed(form, *names):
    return any((getattr(form, name).data or "").strip() for name in names)


def _parse_action(workshop):
    """What the pressed button asks for besides saving: (kind, item, detail) or None.

    ``action`` is "move-questions-12-up", "delete-fields-3", "add-question", "add-field",
    or "save-<anchor>" for a section's save button.
    """
    action = request.form.get("action", "")
    parts = action.split("-")
    if parts[0] in ("move", "delete") and len(parts) >= 3 and parts[1] in ("questions", "fields"):
        model = Question if parts[1] == "questions" else Field
        item = db.session.get(model, int(parts[2])) if parts[2].isdecimal() and len(parts[2]) < 10 else None
        if item is None or item.workshop_id != workshop.id:
            abort(404)
        return parts[0], item, parts[3] if len(parts) > 3 else None
    if action in ("add-question", "add-field"):
        return action, None, None
    return None


def _anchor_of_save(workshop):
    """The section whose save button was pressed (an anchor of this page), else the top."""
    anchor = request.form.get("action", "").removeprefix("save-")
    known = {"top", "settings", "questions", "fields"}
    known |= {f"question-{item.id}" for item in workshop.questions}
    known |= {f"field-{item.id}" for item in workshop.fields}
    return anchor if anchor in known else "settings"


@bp.post(f"{PREFIX}/<int:workshop_id>/edit")
@managed_workshop
def save_page(workshop):
    action = _parse_action(workshop)
    # One HTML form, one CSRF token: the settings form checks it for all of them.
    settings = SettingsForm()
    part = {"meta": {"csrf": False}}
    question_forms = {question.id: QuestionForm(prefix=f"q{question.id}", **part) for question in workshop.questions}
    field_forms = {field.id: FieldForm(prefix=f"f{field.id}", **part) for field in workshop.fields}
    new_question = QuestionForm(prefix="new-question", **part)
    new_field = FieldForm(prefix="new-field", **part)

    # A question or field not in the submitted page (added by a co-moderator meanwhile)
    # keeps what is stored: only what this page showed is saved.
    for item_id in list(question_forms):
        if f"q{item_id}-text" not in request.form:
            del question_forms[item_id]
    for item_id in list(field_forms):
        if f"f{item_id}-name" not in request.form:
            del field_forms[item_id]
    adding_question = (action and action[0] == "add-question") or _typed(new_question, "text")
    adding_field = (action and action[0] == "add-field") or _typed(new_field, "name", "description", "keywords")
    deleting = {(type(action[1]), action[1].id)} if action and action[0] == "delete" else set()
    forms = [settings]
    forms += [form for item_id, form in question_forms.items() if (Question, item_id) not in deleting]
    forms += [form for item_id, form in field_forms.items() if (Field, item_id) not in deleting]
    forms += [new_question] if adding_question else []
    forms += [new_field] if adding_field else []
    valid = all([form.validate() for form in forms])  # every form, so every error is shown
    if not valid:
        return render_editor(
            workshop, 422, settings=settings, question_forms=question_forms, field_forms=field_forms,
            new_question=new_question, new_field=new_field,
            notice={"anchor": "top", "kind": "error",
                    "text": _("Nichts gespeichert: Bitte korrigieren Sie die markierten Angaben. Alles, was Sie "
                              "eingegeben haben, steht noch da.")},
        )

    # The item being deleted is saved too when its text is valid (it stays if it cannot be
    # deleted); emptied on the way out, it is simply deleted.
    for model, item_id in deleting:
        forms_of_kind = question_forms if model is Question else field_forms
        if item_id in forms_of_kind and not forms_of_kind[item_id].validate():
            del forms_of_kind[item_id]
    changed = _save_changes(workshop, settings, question_forms, field_forms)
    notice = _apply(workshop, action, changed, new_question if adding_question else None,
                    new_field if adding_field else None)
    session[NOTICE_KEY] = notice
    return redirect(url_for("workshops.edit", workshop_id=workshop.id, _anchor=notice["anchor"]))


def _save_changes(workshop, settings, question_forms, field_forms):
    """Store what differs from the database; returns the anchors of the sections changed."""
    changed = set()
    values = {
        "title": settings.title.data.strip(),
        "event_date": settings.event_date.data,
        "place": (settings.place.data or "").strip(),
        "description": (settings.description.data or "").strip(),
        "idea_max_length": settings.idea_max_length.data,
        "is_open": settings.is_open.data,
        "language": settings.language.data or None,
    }
    different = {name: value for name, value in values.items() if getattr(workshop, name) != value}
    if different:
        services.update_workshop(workshop, **different)
        changed.add("settings")
    for question in list(workshop.questions):
        form = question_forms.get(question.id)
        if form is not None and form.text.data.strip() != question.text:
            structure.update_question(question, form.text.data)
            changed.add(f"question-{question.id}")
    for field in list(workshop.fields):
        form = field_forms.get(field.id)
        if form is None:
            continue
        values = form.values()
        new = (values["name"].strip(), values["description"].strip(), values["keywords"], values["colour"],
               values["catch_all"])
        if new != (field.name, field.description, list(field.keywords), field.colour, bool(field.catch_all)):
            structure.update_field(field, **values)
            changed.add(f"field-{field.id}")
    return changed


def _saved_texts(anchor, changed):
    """Name what the pressed button saved, and say so when other sections were saved with it."""
    if anchor not in changed:
        return [_("Ihre Änderungen sind gespeichert.")] if changed else []
    texts = [_("Die Einstellungen sind gespeichert.") if anchor == "settings"
             else _("Die Frage ist gespeichert.") if anchor.startswith("question-")
             else _("Das Handlungsfeld ist gespeichert.")]
    if changed - {anchor}:
        texts.append(_("Ihre übrigen Änderungen auf dieser Seite sind ebenfalls gespeichert."))
    return texts


def _apply(workshop, action, changed, new_question, new_field):
    """Add, move or delete as the button asked; returns the notice for the section it concerns."""
    # A section's save button names that section; adding, moving and deleting say their own.
    anchor = _anchor_of_save(workshop) if action is None else "top"
    texts = _saved_texts(anchor, changed)
    kind = "ok"
    if new_question is not None:
        question = structure.add_question(workshop, new_question.text.data)
        texts.append(_("Die Frage ist hinzugefügt."))
        anchor = f"question-{question.id}"
    if new_field is not None:
        field = structure.add_field(workshop, **new_field.values())
        texts.append(_("Das Handlungsfeld ist hinzugefügt."))
        anchor = f"field-{field.id}"
    if action and action[0] == "move":
        item = action[1]
        structure.move(item, -1 if action[2] == "up" else 1)
        texts.append(_("Verschoben."))
        anchor = f"{'question' if isinstance(item, Question) else 'field'}-{item.id}"
    elif action and action[0] == "delete":
        item = action[1]
        if isinstance(item, Question):
            try:
                structure.delete_question(item)
            except structure.QuestionInUse as in_use:
                kind, anchor = "error", f"question-{item.id}"
                texts.append(ngettext(
                    "Diese Frage hat schon eine Idee und kann deshalb nicht gelöscht werden. Sie können den Text ändern.",
                    "Diese Frage hat schon %(num)d Ideen und kann deshalb nicht gelöscht werden. "
                    "Sie können den Text ändern.", in_use.idea_count))
            else:
                texts.append(_("Die Frage ist gelöscht."))
                anchor = "questions"
        else:
            structure.delete_field(item)
            texts.append(_("Das Handlungsfeld ist gelöscht."))
            anchor = "fields"
    if not texts:
        texts.append(_("Es gab nichts zu speichern: Alles ist schon so gespeichert."))
    return {"anchor": anchor, "kind": kind, "text": " ".join(texts)}
