"""An attendee deletes all their own ideas with one button, after a confirmation page.

Through the same path as a single deletion: walls and phones see each idea go, merges
are undone, a spotlight is cleared, and the live event log keeps no copy of the texts.
"""

import json

from sqlalchemy import func, select

from participation.extensions import db
from participation.ideas.models import Idea, IdeaRevision, Participant, Vote
from participation.ideas.services import edit_idea
from participation.events.models import Event
from participation.moderation import services as moderation
from participation.voting.services import give_vote
from participation.workshops.services import set_open

from helpers import csrf_token, make_participant, post_idea

MINE = ("Glasfaser bis ins letzte Dorf", "Bürgerbus nach Bedarf", "WLAN im Freibad")


def _me(workshop):
    db.session.rollback()
    return db.session.scalar(select(Participant).where(Participant.nickname == "Inge", Participant.workshop_id == workshop.id))


def _post_mine(client, token, workshop, texts=MINE):
    for number, text in enumerate(texts):
        response = client.post(f"/j/{workshop.code}/ideas", data={
            "question_id": workshop.questions[number % 3].id, "text": text,
            "idempotency_key": f"key-mine-{number:04d}", "csrf_token": token,
        })
        assert response.status_code == 302
    db.session.rollback()


def _texts(workshop):
    db.session.rollback()
    return sorted(db.session.scalars(select(Idea.text).where(Idea.workshop_id == workshop.id)))


def _event_dump(workshop):
    db.session.rollback()
    events = db.session.scalars(select(Event).where(Event.workshop_id == workshop.id).order_by(Event.seq)).all()
    return events, json.dumps([event.payload for event in events], ensure_ascii=False)


def test_button_confirm_page_then_everything_of_mine_is_gone(attendee, workshop):
    client, token = attendee
    _post_mine(client, token, workshop)
    other = make_participant(workshop, "otto")
    post_idea(workshop, other, "Die Idee von Otto bleibt")
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    url = f"/j/{workshop.code}/ideas/delete-all"
    assert url in page and "Alle meine Ideen löschen" in page
    confirm = client.get(url)
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "Alle 3 Ideen von Ihnen wirklich löschen?" in html
    assert all(text in html for text in MINE) and "Otto" not in html
    assert len(_texts(workshop)) == 4  # looking at the page deletes nothing
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    assert _texts(workshop) == ["Die Idee von Otto bleibt"]
    assert "Ihre 3 Ideen wurden gelöscht." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_each_deletion_reaches_walls_and_the_log_forgets_the_texts(attendee, workshop):
    client, token = attendee
    _post_mine(client, token, workshop)
    ids = set(db.session.scalars(select(Idea.id)))
    client.post(f"/j/{workshop.code}/ideas/delete-all", data={"csrf_token": token})
    events, dump = _event_dump(workshop)
    deleted = {event.payload["id"] for event in events if event.kind == "idea.deleted"}
    assert deleted == ids
    assert events[-1].kind == "idea.deleted"
    for text in MINE:
        assert text not in dump


def test_stream_replay_after_deletion_shows_no_text(app, attendee, workshop):
    client, token = attendee
    _post_mine(client, token, workshop, MINE[:1])
    client.post(f"/j/{workshop.code}/ideas/delete-all", data={"csrf_token": token})
    replay = app.test_client().get(f"/w/{workshop.code}/events.json?view=phone&after=0")
    assert replay.status_code == 200
    assert MINE[0] not in replay.get_data(as_text=True)


def test_merges_spotlight_edits_and_votes_are_cleaned_up(attendee, workshop):
    client, token = attendee
    _post_mine(client, token, workshop)
    me = _me(workshop)
    mine = {idea.text: idea for idea in db.session.scalars(select(Idea).where(Idea.participant_id == me.id))}
    otto = make_participant(workshop, "otto")
    ottos = post_idea(workshop, otto, "Ottos Bürgerbus am Wochenende")
    ottos_merged = post_idea(workshop, otto, "Ottos Glasfaser-Idee", question=1)
    moderation.merge(mine[MINE[1]], ottos)  # mine merged into Otto's
    moderation.merge(ottos_merged, mine[MINE[0]])  # Otto's merged into mine
    edit_idea(mine[MINE[2]], "WLAN im Freibad und in der Bücherei")
    moderation.spotlight(workshop, mine[MINE[2]])
    give_vote(otto, mine[MINE[2]])
    assert client.post(f"/j/{workshop.code}/ideas/delete-all", data={"csrf_token": token}).status_code == 302

    db.session.rollback()
    assert db.session.get(Idea, ottos_merged.id).merged_into_id is None  # stands on its own again
    workshop_now = db.session.get(type(workshop), workshop.id)
    assert workshop_now.spotlight_idea_id is None
    assert db.session.scalar(select(func.count(Vote.id))) == 0
    assert db.session.scalar(select(func.count(IdeaRevision.id))) == 0
    events, dump = _event_dump(workshop)
    for text in (*MINE, "WLAN im Freibad und in der Bücherei"):
        assert text not in dump, text
    # Otto's idea was announced again without my merged text
    last_about_otto = [e for e in events if e.kind == "idea" and e.payload["idea"]["id"] == ottos.id][-1]
    assert last_about_otto.payload["idea"]["merged_texts"] == []


def test_closed_workshop_refuses_kindly_and_points_to_the_privacy_contact(attendee, workshop):
    client, token = attendee
    _post_mine(client, token, workshop)
    set_open(workshop, False)
    page = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    # The link stays in the page for a live reopening, hidden while closed (phone.css)
    assert 'data-open="0"' in page
    assert f'<p class="when-open"><a class="button danger" href="/j/{workshop.code}/ideas/delete-all"' in page
    assert f"/w/{workshop.code}/datenschutz" in page
    response = client.post(f"/j/{workshop.code}/ideas/delete-all", data={"csrf_token": token})
    assert response.status_code == 422
    assert "nimmt gerade keine Ideen an" in response.get_data(as_text=True)
    assert len(_texts(workshop)) == 3


def test_without_own_ideas_there_is_nothing_to_delete(app, attendee, workshop):
    client, token = attendee
    otto = make_participant(workshop, "otto")
    post_idea(workshop, otto, "Ottos Idee")
    assert "Alle meine Ideen löschen" not in client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    response = client.post(f"/j/{workshop.code}/ideas/delete-all", data={"csrf_token": token})
    assert response.status_code == 302
    stranger = app.test_client()
    assert stranger.post(f"/j/{workshop.code}/ideas/delete-all",
                         data={"csrf_token": csrf_token(stranger)}).status_code == 302
    assert _texts(workshop) == ["Ottos Idee"]


def test_csrf_token_is_required(attendee, workshop):
    client, token = attendee
    _post_mine(client, token, workshop)
    assert client.post(f"/j/{workshop.code}/ideas/delete-all").status_code == 400
    assert len(_texts(workshop)) == 3


def test_only_this_workshop(attendee, workshop, moderator):
    from participation.workshops.services import create_workshop

    client, token = attendee
    _post_mine(client, token, workshop, MINE[:1])
    second = create_workshop(moderator, "dithmarschen", "Zweiter Abend")
    client.post(f"/j/{second.code}", data={"nickname": "Inge", "csrf_token": token})
    _post_mine(client, token, second, MINE[1:2])
    client.post(f"/j/{second.code}/ideas/delete-all", data={"csrf_token": token})
    assert _texts(workshop) == [MINE[0]]
    assert _texts(second) == []
