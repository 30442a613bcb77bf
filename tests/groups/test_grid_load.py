"""The overview under a small load: 30 phones (threads, each its own client and cookie)
join, go to one of 5 groups (5 stay without a group), post at the same moment and some
say they are done; once every phone has finished, the overview's numbers are exactly
what the phones did and what the database holds. No timing is judged."""

import threading
import traceback

from sqlalchemy import select

from groups.grid_load import GROUPS, PEOPLE, WITHOUT_GROUP, counted_from_the_database, fresh, start_collecting
from helpers import csrf_token
from participation.extensions import db
from participation.groups import services
from participation.ideas.models import Participant
from participation.workshops.models import Group


def _choose_group(app, send, client, token, workshop, nickname, group_id):
    """The phone's own group form once it exists (``groups.choose``); else the service."""
    if "groups.choose" in app.view_functions:
        response = send(client, f"/j/{workshop.code}/gruppe", {"group_id": str(group_id), "csrf_token": token})
        assert response.status_code in (200, 302, 303), response.status_code
        return
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.workshop_id == workshop.id,
                                                             Participant.nickname == nickname))
        services.join_group(person, db.session.get(Group, group_id))


def test_thirty_phones_in_five_groups_and_the_overview_counts_exactly(app, logged_in, workshop):
    groups = services.add_groups(workshop, GROUPS)
    workshop = start_collecting(fresh(workshop))
    question_ids = [question.id for question in workshop.questions]
    code, group_ids = workshop.code, [group.id for group in groups]
    together = threading.Barrier(PEOPLE)
    # All thirty requests in the app at once: more than the database pool holds (5 + 10).
    # Before ``load_posting`` read through the request's own connection, PostgreSQL
    # requests each held one and waited for a second until the pool timed out.
    server = threading.BoundedSemaphore(PEOPLE)
    failures = []

    def send(client, url, data):
        with server:
            return client.post(url, data=data)

    def phone(number):
        try:
            client = app.test_client()
            token = csrf_token(client)
            nickname = f"Handy {number:02d}"
            assert send(client, f"/j/{code}", {"nickname": nickname, "csrf_token": token}).status_code == 302
            if number < PEOPLE - WITHOUT_GROUP:
                _choose_group(app, send, client, token, workshop, nickname, group_ids[number % GROUPS])
            together.wait(timeout=300)  # everybody posts at once
            for count in range(1 + number % 3):
                response = send(client, f"/j/{code}/ideas", {
                    "question_id": str(question_ids[count % len(question_ids)]), "csrf_token": token,
                    "text": f"Handy {number} Idee {count}: Sitzbank am Deich Nummer {number * 10 + count}",
                    "idempotency_key": f"grid-load-{number:02d}-{count}-abcdef"})
                assert response.status_code in (302, 303), (number, count, response.status_code)
            if number % 4 == 0:
                assert send(client, f"/j/{code}/fertig", {"done": "1", "csrf_token": token}).status_code == 302
        except Exception as error:  # reported below: a thread's assertion would vanish
            failures.append((number, traceback.format_exc()[-3000:]))
            together.abort()

    phones = [threading.Thread(target=phone, args=(number,)) for number in range(PEOPLE)]
    for thread in phones:
        thread.start()
    for thread in phones:
        thread.join(timeout=600)
    assert not failures, "\n\n".join(text for _n, text in failures[:1])
    assert not any(thread.is_alive() for thread in phones)

    # what the phones did, worked out from the script alone
    in_group = [number for number in range(PEOPLE) if number < PEOPLE - WITHOUT_GROUP]
    expected = {}
    for key, members in [(group_id, [n for n in in_group if group_ids[n % GROUPS] == group_id])
                         for group_id in group_ids] + [(None, list(range(PEOPLE - WITHOUT_GROUP, PEOPLE)))]:
        expected[key] = {"ideas": sum(1 + n % 3 for n in members), "pending": 0, "people": len(members),
                         "done": sum(1 for n in members if n % 4 == 0), "promoted": 0}
    db.session.rollback()
    assert counted_from_the_database(workshop) == expected

    body = logged_in.get(f"/moderation/workshops/{workshop.id}/gruppen/uebersicht.json").get_json()
    got = {row["id"]: {key: row[key] for key in ("ideas", "pending", "people", "done", "promoted")}
           for row in body["groups"]}
    assert got == expected
    assert sum(row["ideas"] for row in got.values()) == sum(1 + n % 3 for n in range(PEOPLE))
