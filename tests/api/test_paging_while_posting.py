"""The paged idea list while the room goes on (issue 23): every idea that stays visible is
listed exactly once across the pages, though ideas are posted through the real posting
path between every two page requests and others are hidden and merged meanwhile."""

from participation.extensions import db
from participation.ideas.models import Idea
from participation.ideas.services import submit_idea
from participation.moderation import services as moderation

from helpers import make_participant


def _post(workshop, participant, number):
    idea, _ = submit_idea(workshop, participant, workshop.questions[number % len(workshop.questions)].id,
                          f"Idee {number}", f"while-paging-{number:04d}")
    return idea.id


def test_every_visible_idea_exactly_once_while_the_room_posts_hides_and_merges(app, client, workshop):
    app.config["IDEA_RATE_LIMIT"] = 10_000
    poster = make_participant(workshop, "poster")
    ids = [_post(workshop, poster, number) for number in range(40)]
    hidden, merged, target = set(), set(), ids[30]
    listed = []
    url, number, pages = f"/api/workshops/{workshop.code}/ideas?limit=7", 40, 0
    while url:
        body = client.get(url).get_json()
        listed += [idea["id"] for idea in body["ideas"]]
        pages += 1
        assert pages < 50
        # between two page requests: two new ideas, and now and then a moderator at work
        ids.append(_post(workshop, poster, number))
        ids.append(_post(workshop, poster, number + 1))
        number += 2
        if pages == 2:  # one already listed and one not yet listed are hidden
            for idea_id in (listed[0], ids[35]):
                moderation.hide(db.session.get(Idea, idea_id))
                hidden.add(idea_id)
        if pages == 3:  # one not yet listed is merged into another (it leaves the list)
            moderation.merge(db.session.get(Idea, ids[33]), db.session.get(Idea, target))
            merged.add(ids[33])
        if pages > 12:
            break  # the room does not stop; the client has read far enough past its start
        url = body["next"]
    assert len(listed) == len(set(listed)), "an idea was listed twice"
    listed_set = set(listed)
    # everything visible throughout that was posted before the last page was asked for
    last_seen = max(listed)
    stayed = [idea_id for idea_id in ids if idea_id <= last_seen and idea_id not in (hidden | merged)]
    missing = [idea_id for idea_id in stayed if idea_id not in listed_set]
    assert not missing, f"visible ideas missing from the pages: {missing}"
    assert ids[35] not in listed_set and ids[33] not in listed_set  # gone before their page came
    assert listed[0] in hidden  # listed before it was hidden: listed once, that is all


def test_paging_to_the_end_while_posting_reaches_the_end(app, client, workshop):
    """A client that pages while two ideas come per page still reaches the last page (the
    posts come at the end, each listed once)."""
    app.config["IDEA_RATE_LIMIT"] = 10_000
    poster = make_participant(workshop, "poster")
    ids = [_post(workshop, poster, number) for number in range(20)]
    listed, url, number = [], f"/api/workshops/{workshop.code}/ideas?limit=10", 20
    while url:
        body = client.get(url).get_json()
        listed += [idea["id"] for idea in body["ideas"]]
        if number < 30 and body["next"]:
            ids += [_post(workshop, poster, number), _post(workshop, poster, number + 1)]
            number += 2
        url = body["next"]
    assert number > 20  # the room posted while the client paged
    assert listed == sorted(ids)  # oldest first, each once, the late ones included
