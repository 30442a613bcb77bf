"""The phone page at the sizes of a real evening, checked on the server's HTML.

* A hall of 12,000 ideas: the phone page and every page its links lead to stay small,
  while "Meine Ideen" lists every idea of this person (issue 15, item 15).
* A post that arrives after closing: one message, once, and the text kept where the
  person can copy it (item 3, the phone without JavaScript).
"""

import re
from datetime import timedelta

from sqlalchemy import insert, select

from participation.core.timeutil import utcnow
from participation.database import write_transaction
from participation.ideas.models import VISIBLE, Idea, Participant
from participation.workshops.services import set_open, update_workshop

HALL_IDEAS = 12_000
MY_IDEAS = 40
# The newest 100 others' ideas and 40 of my own came to 110 KB; a page of every idea was 6 MB.
PAGE_BYTES = 160_000


def _crowd(workshop, count):
    """``count`` visible ideas of 300 other people, inserted in one statement, a second apart."""
    start = utcnow() - timedelta(seconds=count)
    with write_transaction() as session:
        people = [Participant(workshop_id=workshop.id, token_hash=f"hall-{n:04d}-".ljust(64, "0"), nickname=f"Gast {n}")
                  for n in range(300)]
        session.add_all(people)
        session.flush()
        questions = [question.id for question in workshop.questions]
        session.execute(insert(Idea), [
            {"workshop_id": workshop.id, "question_id": questions[n % len(questions)],
             "participant_id": people[n % len(people)].id, "idempotency_key": f"hall-{n:06d}",
             "text": f"Idee {n}: Glasfaser und ein Rufbus für jedes Dorf im Kreis, auch abends und am Wochenende",
             "status": VISIBLE, "created_at": start + timedelta(seconds=n), "updated_at": start}
            for n in range(count)
        ])


def _links_to_idea_lists(html, code):
    """Links to pages that list ideas (not those of one idea of mine: edit, delete)."""
    return {link for link in re.findall(rf'href="(/j/{code}/ideas[^"#]*)', html)
            if not re.search(r"/ideas/\d+/", link) and not link.endswith("/delete-all")}


def test_phone_pages_stay_small_with_12000_ideas_and_list_all_of_mine(app, attendee, workshop):
    client, token = attendee
    _crowd(workshop, HALL_IDEAS)
    mine = []
    for n in range(MY_IDEAS):  # before the rate limit: straight into the database like the others
        mine.append(f"Meine Idee {n}: ein Dorfladen mit Café in Tellingstedt")
    me = client.get(f"/j/{workshop.code}/ideas")
    participant_id = _my_participant_id(workshop)
    with write_transaction() as session:
        session.execute(insert(Idea), [
            {"workshop_id": workshop.id, "question_id": workshop.questions[0].id, "participant_id": participant_id,
             "idempotency_key": f"mine-{n:04d}", "text": text, "status": VISIBLE}
            for n, text in enumerate(mine)
        ])
    assert me.status_code == 200

    page = client.get(f"/j/{workshop.code}/ideas")
    html = page.get_data(as_text=True)
    assert len(page.data) < PAGE_BYTES, len(page.data)
    assert f"Meine Ideen ({MY_IDEAS})" in html
    for text in mine:
        assert text in html
    assert f"von {HALL_IDEAS} Ideen" in html

    # every page the phone page links to (older ideas, a page at a time) is small too
    links = _links_to_idea_lists(html, workshop.code)
    for link in links:
        linked = client.get(link, follow_redirects=True)
        assert linked.status_code == 200, link
        assert len(linked.data) < PAGE_BYTES, (link, len(linked.data))
    assert any("/ideas/older?vor=" in link for link in links), links


def _my_participant_id(workshop):
    from participation.extensions import db

    return db.session.scalar(select(Participant.id).where(Participant.workshop_id == workshop.id,
                                                          Participant.nickname == "Inge"))


def test_post_after_closing_shows_one_message_once_and_keeps_the_text(attendee, workshop):
    client, token = attendee
    text = "Ein Bürgerbus, der auch abends nach Meldorf fährt"
    set_open(workshop, False)
    response = client.post(f"/j/{workshop.code}/ideas", data={
        "question_id": workshop.questions[1].id, "text": text, "idempotency_key": "late-post-0001",
        "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    # one message (in the closed banner, announced as an alert), not a red box and a yellow one
    assert html.count("nimmt gerade keine Ideen an") == 1
    assert 'class="error-summary"' not in html and 'class="warning"' not in html
    assert re.search(r'id="workshop-state" class="workshop-state" role="alert">\s*<div class="closed-banner">', html)
    # the text, read-only where it can be copied, and in its question's (hidden) form for a reopening
    assert re.search(rf'<textarea readonly[^>]*>{text}</textarea>', html)
    assert re.search(rf'<textarea id="text-{workshop.questions[1].id}"[^>]*>{text}</textarea>', html)
    assert 'data-open="0"' in html and '<div class="questions when-open" id="questions">' in html


def test_closed_page_leads_with_my_ideas_and_the_results(attendee, workshop):
    client, token = attendee
    client.post(f"/j/{workshop.code}/ideas", data={
        "question_id": workshop.questions[0].id, "text": "Schnelles WLAN im Bürgerhaus",
        "idempotency_key": "mine-000000001", "csrf_token": token})
    update_workshop(workshop, is_open=False, results_published=True)
    html = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    banner, mine, questions = (html.index(marker) for marker in (
        'class="closed-banner"', 'id="my-ideas-heading"', 'id="questions"'))
    assert banner < mine < questions
    results = html.index(f'href="/w/{workshop.code}/results"', html.index('class="closed-banner"'))
    assert results < mine  # the results link is in the banner

    set_open(workshop, True)
    html = client.get(f"/j/{workshop.code}/ideas").get_data(as_text=True)
    assert 'class="closed-banner"' not in html.split("<template", 1)[0]
    assert html.index('id="questions"') < html.index('id="my-ideas-heading"')  # open: the forms first
