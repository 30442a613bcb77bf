"""The editor page is one form: whatever button a moderator presses, nothing typed on the
page is lost (issue 15, item 9: date and place were dropped when a question was saved),
the confirmation appears in the section the button belongs to, and a refused save keeps
everything as typed and stores nothing."""

import re
from datetime import date
from html.parser import HTMLParser

from sqlalchemy import select

from helpers import make_participant, post_idea

from participation.extensions import db
from participation.workshops.models import Workshop

BASE = "/moderation/workshops"


class _EditorForm(HTMLParser):
    """What a browser without JavaScript would send from the page's form #editor."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.data, self.action = {}, None
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "editor"
            if self.inside:
                self.action = attrs["action"]
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.data[name] = attrs.get("value", "")
        elif tag == "input" and name and "checked" in attrs:
            self.data[name] = attrs.get("value", "y")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self.data):
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n") if not self.data[self._textarea] else data


def _page(client, workshop):
    response = client.get(f"{BASE}/{workshop.id}/edit")
    assert response.status_code == 200
    parser = _EditorForm()
    parser.feed(response.get_data(as_text=True))
    assert parser.action == f"{BASE}/{workshop.id}/edit", "the page is one form posting to the editor"
    return parser.data


def _stored(workshop_id):
    db.session.rollback()
    return db.session.get(Workshop, workshop_id)


def test_typing_date_and_place_then_saving_a_question_keeps_all_three(logged_in, workshop):
    question = workshop.questions[1]
    data = _page(logged_in, workshop)
    data.update({"event_date": "2027-03-18", "place": "Stadthalle Heide",
                 f"q{question.id}-text": "Welche Projektidee haben Sie für den Kreis?",
                 "action": f"save-question-{question.id}"})
    response = logged_in.post(f"{BASE}/{workshop.id}/edit", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{BASE}/{workshop.id}/edit#question-{question.id}"
    stored = _stored(workshop.id)
    assert stored.event_date == date(2027, 3, 18) and stored.place == "Stadthalle Heide"
    assert stored.questions[1].text == "Welche Projektidee haben Sie für den Kreis?"
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    # the confirmation sits in the question's card, the anchor the page jumps to
    card = html[html.index(f'id="question-{question.id}"'):]
    card = card[:card.index('class="actions item-actions"')]
    assert ('class="editor-notice editor-notice-ok" role="status">Die Frage ist gespeichert. '
            "Ihre übrigen Änderungen auf dieser Seite sind ebenfalls gespeichert.</p>") in card
    assert html.count('class="editor-notice') == 1
    # shown once: a reload shows no confirmation
    assert 'class="editor-notice' not in logged_in.get(f"{BASE}/{workshop.id}/edit").get_data(as_text=True)


def test_moving_a_field_saves_what_was_typed_elsewhere(logged_in, workshop):
    field = workshop.fields[2]
    data = _page(logged_in, workshop)
    data.update({"place": "Meldorf", "new-question-text": "Was fehlt in Ihrem Dorf?",
                 "action": f"move-fields-{field.id}-up"})
    response = logged_in.post(f"{BASE}/{workshop.id}/edit", data=data)
    assert response.headers["Location"].endswith(f"#field-{field.id}")
    stored = _stored(workshop.id)
    assert stored.place == "Meldorf"
    assert stored.questions[-1].text == "Was fehlt in Ihrem Dorf?"
    assert stored.fields[1].id == field.id


def test_a_refused_save_stores_nothing_and_keeps_everything_typed(logged_in, workshop):
    question = workshop.questions[0]
    data = _page(logged_in, workshop)
    data.update({"place": "Brunsbüttel", f"q{question.id}-text": "   ", "new-field-name": "Tourismus",
                 "action": "save-settings"})
    response = logged_in.post(f"{BASE}/{workshop.id}/edit", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="Brunsbüttel"' in html and 'value="Tourismus"' in html
    assert "Nichts gespeichert" in html
    assert f'<a href="#q{question.id}-text">Frage 1: Leitfrage</a>' in html
    assert 'data-unsaved-on-load="true"' in html  # with JavaScript, leaving warns
    stored = _stored(workshop.id)
    assert stored.place != "Brunsbüttel" and stored.questions[0].text == question.text
    assert "Tourismus" not in [field.name for field in stored.fields]


def test_a_question_with_ideas_is_kept_and_the_reason_shown_at_it(logged_in, workshop):
    question = workshop.questions[0]
    post_idea(workshop, make_participant(workshop), "Bürgerbus per App")
    data = _page(logged_in, workshop)
    data.update({"place": "Büsum", "action": f"delete-questions-{question.id}"})
    response = logged_in.post(f"{BASE}/{workshop.id}/edit", data=data)
    assert response.headers["Location"].endswith(f"#question-{question.id}")
    assert _stored(workshop.id).place == "Büsum"
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    card = html[html.index(f'id="question-{question.id}"'):]
    assert card.index('role="alert">Ihre Änderungen sind gespeichert. Diese Frage hat schon eine Idee') < card.index("<textarea")


def test_an_item_of_another_workshop_is_404(logged_in, workshop, moderator):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    data = _page(logged_in, workshop)
    data["action"] = f"delete-questions-{other.questions[0].id}"
    assert logged_in.post(f"{BASE}/{workshop.id}/edit", data=data).status_code == 404
    assert db.session.scalar(select(Workshop).where(Workshop.id == other.id)) is not None


def test_a_question_emptied_and_deleted_is_deleted_without_an_error(logged_in, workshop):
    question = workshop.questions[2]
    data = _page(logged_in, workshop)
    data.update({f"q{question.id}-text": "", "action": f"delete-questions-{question.id}"})
    response = logged_in.post(f"{BASE}/{workshop.id}/edit", data=data)
    assert response.headers["Location"].endswith("#questions")
    assert question.id not in [item.id for item in _stored(workshop.id).questions]
