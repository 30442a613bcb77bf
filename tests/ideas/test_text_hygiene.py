"""Text hygiene: invisible characters, look-alike letters and direction overrides.

A word filter that compares what is stored must see the word the room sees, a text of
only invisible characters is empty, and nothing typed can turn the page around.
"""

import csv
import html
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.core.text import clean_line, clean_text, is_blank, skeleton
from participation.extensions import db
from participation.ideas.models import PENDING, VISIBLE, Idea, Participant
from participation.ideas.services import edit_idea
from participation.moderation import services as moderation
from participation.workshops.services import update_workshop

from helpers import csrf_token, make_participant, post_idea

BYPASSES = {
    "zero-width space": "Du bist ein Arsch\u200bloch",
    "soft hyphen": "Du bist ein Arsch\u00adloch",
    "word joiner": "Du bist ein Arsch\u2060loch",
    "zero-width joiner": "Du bist ein Arsch\u200dloch",
    "Cyrillic A": "Du bist ein \u0410rschloch",
    "Cyrillic mix": "Du bist ein \u0410rs\u0441hl\u043e\u0441h",
    "Greek omicron": "Du bist ein Arschl\u03bfch",
    "full-width": "Du bist ein \uff21\uff52\uff53\uff43\uff48\uff4c\uff4f\uff43\uff48",
    "bidi override": "Du bist ein Arsch\u202d\u202cloch",
}
INVISIBLE = {
    "zero-width spaces": "\u200b\u200b\u200b",
    "soft hyphens": "\u00ad\u00ad",
    "bidi controls": "\u202e\u2066\u200f",
    "Hangul filler": "\u3164\u3164",
    "byte-order marks and spaces": " \ufeff \u2060 ",
    "combining marks only": "\u0301\u0308",
    "mixed": "\u200b \u00ad\n\u200d\u202e",
}


def _post(client, workshop, token, text):
    data = {"question_id": workshop.questions[0].id, "text": text, "idempotency_key": "key-hygiene-1",
            "csrf_token": token}
    return client.post(f"/j/{workshop.code}/ideas", data=data)


def _stored():
    db.session.rollback()
    return db.session.scalars(select(Idea).order_by(Idea.id)).all()


@pytest.mark.parametrize("name", BYPASSES)
def test_the_word_filter_sees_through_disguises(app, workshop, name):
    update_workshop(workshop, word_filter=["Arschloch"])
    idea = post_idea(workshop, make_participant(workshop), BYPASSES[name])
    assert idea.status == PENDING
    assert "\u200b" not in idea.text and "\u00ad" not in idea.text and "\u202d" not in idea.text


def test_the_filter_list_may_hold_disguised_words_too(app, workshop):
    update_workshop(workshop, word_filter=["Ａrsch\u200bloch"])
    assert post_idea(workshop, make_participant(workshop), "So ein Arschloch").status == PENDING
    assert post_idea(workshop, make_participant(workshop, "ben"), "Mehr Radwege").status == VISIBLE


def test_an_edit_cannot_disguise_a_filtered_word(app, workshop):
    update_workshop(workshop, word_filter=["Arschloch"])
    idea = post_idea(workshop, make_participant(workshop), "Mehr Radwege")
    edit_idea(idea, "Mehr Radwege, du \u0410rsch\u200bloch")
    assert idea.status == PENDING


def test_a_disguised_word_is_stored_as_the_room_sees_it(attendee, workshop):
    client, token = attendee
    assert _post(client, workshop, token, "Glas\u200bfaser für \uff28\uff45\uff49\uff44\uff45").status_code == 302
    assert _stored()[-1].text == "Glasfaser für Heide"


@pytest.mark.parametrize("name", INVISIBLE)
def test_text_of_only_invisible_characters_is_refused_and_kept_in_the_form(attendee, workshop, name):
    client, token = attendee
    response = _post(client, workshop, token, INVISIBLE[name])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte schreiben Sie Ihre Idee in das Feld" in page
    areas = [html.unescape(area.split(">", 1)[1]) for area in page.split("<textarea")[1:]]
    assert any(INVISIBLE[name].strip(" \n") in area.split("</textarea>")[0] for area in areas)  # shown again
    assert _stored() == []
    # Among visible words the same characters are fine, and do not stay.
    assert _post(client, workshop, token, f"Vorne{INVISIBLE[name]}hinten").status_code == 302
    stored = _stored()[-1].text
    assert stored.startswith("Vorn") and stored.endswith("hinten")
    assert not set(stored) & set("\u200b\u00ad\u202e\u2066\u200f\u3164\ufeff\u2060\u200d")


def test_the_api_refuses_invisible_text_too(client, workshop):
    response = client.post(f"/api/workshops/{workshop.code}/ideas", headers={"X-CSRFToken": csrf_token(client)},
                           json={"question_id": workshop.questions[0].id, "text": "\u200b\u2060\u00ad"})
    assert response.status_code == 422 and response.get_json()["field"] == "text"


def test_a_moderator_cannot_correct_a_text_into_nothing(app, workshop):
    idea = post_idea(workshop, make_participant(workshop), "Mehr Radwege")
    with pytest.raises(moderation.ModerationError):
        moderation.fix_text(idea, "\u200b\u202e")
    moderation.fix_text(idea, "Mehr Rad\u00adwege \u202eund Busse")
    assert idea.text == "Mehr Radwege und Busse"


def test_direction_overrides_are_not_stored_and_names_are_isolated(attendee, workshop):
    client, token = attendee
    token = csrf_token(client)
    client.post(f"/j/{workshop.code}", data={"nickname": "\u202eNina\u202c", "csrf_token": token})
    assert _post(client, workshop, token, "Idee \u202egnp.exe\u202c harmlos").status_code == 302
    idea = _stored()[-1]
    assert idea.text == "Idee gnp.exe harmlos"
    db.session.rollback()
    assert db.session.get(Participant, idea.participant_id).nickname == "Nina"
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert "Sie schreiben als <bdi>Nina</bdi>." in page


def test_a_nickname_of_invisible_characters_is_no_nickname(client, workshop):
    token = csrf_token(client)
    client.post(f"/j/{workshop.code}", data={"nickname": "\u3164\u200b", "csrf_token": token})
    db.session.rollback()
    assert db.session.scalars(select(Participant.nickname)).all() == [None]


def test_names_and_texts_of_other_people_are_isolated_on_the_pages(app, workshop, logged_in):
    anna = make_participant(workshop, "\u05e9\u05dc\u05d5\u05dd")  # Hebrew: right to left, no control
    post_idea(workshop, anna, "Mehr Radwege")
    console = logged_in.get(f"/moderation/workshops/{workshop.id}/console").get_data(as_text=True)
    assert "<bdi>\u05e9\u05dc\u05d5\u05dd</bdi>" in console
    css = (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if "unicode-bidi: isolate" in line)
    for name in (".idea-text", ".nick", ".wall-text", ".wall-nick", ".wall-spotlight-text", ".c-text"):
        assert name in rule


def test_exports_carry_no_direction_tricks(app, workshop):
    from participation.exports.cells import csv_text, is_formula_like
    from participation.exports.pdf_base import printable

    assert "\u202e" not in printable("Idee \u202egnp.exe")
    for sneaky in ("\u202e=HYPERLINK(\"https://evil.example\")", "\u200b+1", "\ufeff@SUM(A1)"):
        assert is_formula_like(sneaky)
        assert next(csv.reader(io.StringIO(csv_text(sneaky))))[0].startswith("'")


def test_the_cleaning_itself():
    assert clean_text("👩\u200d💻 Kurs") == "👩\u200d💻 Kurs"  # the joiner of an emoji stays
    assert clean_text("Zeile 1\r\nZeile 2\u2028Zeile 3\tEnde") == "Zeile 1\nZeile 2\nZeile 3 Ende"
    assert clean_text("\ufb01sch \u00bd") == "fisch 1\u20442"
    assert clean_text("vor\x00nach \x1b[31m \x85 \x9b") == "vornach [31m"
    assert clean_line("  Jan \n aus\u00a0Heide ") == "Jan aus Heide"
    assert skeleton("\u0410\u0420\u0421\u0425") == "apcx" and skeleton("\u0391\u03a1") == "ap"
    assert is_blank("\u0301 \u200b") and not is_blank("🙂") and not is_blank("?")
