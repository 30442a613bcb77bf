"""No workshop's data is reachable with another workshop's code, link, key or ids.

The walk swaps every object id in every URL (ideas, questions, fields, focus links, measures,
co-moderators) for one of the other workshop, and the workshop itself for the other one,
sent by someone who may use the route in its own workshop: each answers 404, changes nothing
and shows nothing of the other workshop. Then the pieces the walk cannot express: a phone in
a workshop it never joined, wall keys, focus links of other fields, ids inside forms and JSON.
"""

from sqlalchemy import select

from security.routes import (
    ADMIN,
    ATTENDEE,
    CARDS,
    FOCUS,
    MODERATOR,
    OBJECT_ARGUMENTS,
    argument_value,
    build,
    scope,
    walk,
)
from security.world import B_MEASURE, SECOND_MEASURE, database_state, leaked, state_difference

SENDER = {MODERATOR: "owner", ATTENDEE: "attendee", FOCUS: "anonymous", CARDS: "anonymous"}  # cards: A's key


def _swapped_requests(world):
    """(request, sender, secrets it must not show) with one workshop's objects in the other's URL."""
    swapped = []
    for rule, method in walk(world.app):
        kind = scope(rule)
        objects = [name for name in rule.arguments if name in OBJECT_ARGUMENTS]
        if kind not in SENDER or not objects:
            continue
        values_b = {}
        for name in sorted(rule.arguments, key=lambda name: name != "kind"):
            values_b[name] = argument_value(rule, name, world.b, values_b)
        for name in objects:  # A's workshop (code, token), one object of B
            swapped.append((build(world, rule, method, world.a, {name: values_b[name]}), SENDER[kind],
                            world.secrets_of_b))
        # B's workshop, A's objects: the sender may use B's code or link, not A's objects through it
        of_b = {name: values_b[name] for name in ("workshop_id", "code", "token", "process_id") if name in values_b}
        swapped.append((build(world, rule, method, world.a, of_b), SENDER[kind], world.secrets_of_a))
    return swapped


def _refused_with_404(failures, world, request, sender, secrets):
    before = database_state()
    response = request.send(world.client(sender), world.tokens[sender])
    problems = []
    if response.status_code != 404:
        problems.append(f"answered {response.status_code}")
    difference = state_difference(before, database_state())
    if difference:
        problems.append(f"changed the database ({difference})")
    if leaked(response, secrets):
        problems.append(f"showed {leaked(response, secrets)}")
    if problems:
        failures.append(f"{request.label} by {sender}: " + ", ".join(problems))


def test_ids_of_another_workshop_answer_404_everywhere(world):
    failures = []
    swapped = _swapped_requests(world)
    for request, sender, secrets in swapped:
        _refused_with_404(failures, world, request, sender, secrets)
    assert len(swapped) >= 40, len(swapped)
    assert not failures, "\n".join(failures)


def test_a_focus_link_reaches_only_the_measures_of_its_own_field(world):
    """Token of A's first field with the measure of A's second field (and the other way)."""
    failures, count = [], 0
    for rule, method in walk(world.app):
        if scope(rule) != FOCUS or "measure_id" not in rule.arguments:
            continue
        for token, measure_id in zip(world.a.tokens, reversed(world.a.measure_ids)):
            request = build(world, rule, method, world.a, {"token": token, "measure_id": measure_id})
            _refused_with_404(failures, world, request, "anonymous", ())
            count += 1
    assert count >= 8
    assert not failures, "\n".join(failures)


def test_the_focus_page_shows_its_field_and_nothing_else(world):
    client = world.client("anonymous")
    first, second = (client.get(f"/f/{token}") for token in world.a.tokens)
    assert first.status_code == second.status_code == 200
    first_title = world.secrets_of_a[1]  # the measure of the first field (Mobilität)
    assert leaked(first, [first_title]) and not leaked(first, [SECOND_MEASURE])
    assert leaked(second, [SECOND_MEASURE]) and not leaked(second, [first_title])
    for page, own in zip((first, second), world.a.tokens):
        assert not leaked(page, world.secrets_of_b)
        assert not leaked(page, [world.a.wall_key, *(token for token in world.a.tokens if token != own)])


def test_a_phone_cannot_act_on_ideas_of_a_workshop_it_never_joined(world):
    """The attendee of A, with B's code and B's ideas: no dot, no edit, no deletion, and it
    does not become a participant of B by trying."""
    failures, count = [], 0
    for rule, method in walk(world.app, lambda method: method != "GET"):
        if scope(rule) != ATTENDEE or "idea_id" not in rule.arguments:
            continue
        request = build(world, rule, method, world.b)
        before = database_state()
        response = request.send(world.client("attendee"), world.tokens["attendee"])
        difference = state_difference(before, database_state())
        if difference or response.status_code in (200, 201):
            failures.append(
                f"{request.label}: answered {response.status_code}, changed {difference or 'nothing'}")
        count += 1
    assert count >= 6
    assert not failures, "\n".join(failures)


def test_the_wall_key_of_one_workshop_opens_no_other_wall(world):
    owner, attendee, anonymous = (world.client(name) for name in ("owner", "attendee", "anonymous"))
    a, b = world.a, world.b
    assert anonymous.get(f"/w/{a.workshop.code}/wall?key={a.wall_key}").status_code == 200
    refused = anonymous.get(f"/w/{b.workshop.code}/wall?key={a.wall_key}")
    assert refused.status_code == 403 and not leaked(refused, world.secrets_of_b)
    assert anonymous.get(f"/w/{b.workshop.code}/events.json?view=wall&key={a.wall_key}").status_code == 403
    assert anonymous.get(f"/w/{a.workshop.code}/events.json?view=wall&key={a.wall_key}").status_code == 200
    # without a key: moderators of B only; the owner of A gets 404, a phone the login page
    other = owner.get(f"/w/{b.workshop.code}/wall")
    assert other.status_code == 404 and not leaked(other, world.secrets_of_b)
    login = attendee.get(f"/w/{a.workshop.code}/wall")
    assert login.status_code == 302 and "/moderation/login" in login.location
    for view in ("wall", "moderation"):
        for client in (attendee, anonymous):
            assert client.get(f"/w/{a.workshop.code}/events.json?view={view}").status_code == 403
    assert owner.get(f"/w/{b.workshop.code}/events.json?view=moderation").status_code == 403


def test_the_api_refuses_questions_and_ideas_of_another_workshop(world):
    from participation.extensions import db
    from participation.ideas.models import Idea

    attendee, token = world.client("attendee"), world.tokens["attendee"]
    a, b = world.a, world.b
    before = database_state()
    response = attendee.post(f"/api/workshops/{a.workshop.code}/ideas", headers={"X-CSRFToken": token},
                             json={"question_id": b.question_ids[0], "text": "In die falsche Frage"})
    assert response.status_code == 422 and response.get_json()["field"] == "question_id"
    for method in ("post", "delete"):
        response = attendee.open(f"/api/workshops/{a.workshop.code}/ideas/{b.idea_ids[0]}/vote",
                                 method=method, headers={"X-CSRFToken": token})
        assert response.status_code == 404
    assert not state_difference(before, database_state())
    listed = attendee.get(f"/api/workshops/{a.workshop.code}/ideas").get_json()["ideas"]
    of_a = set(db.session.scalars(select(Idea.id).where(Idea.workshop_id == a.workshop.id)))
    assert listed and {idea["id"] for idea in listed} <= of_a
    assert not leaked(attendee.get(f"/api/workshops/{a.workshop.code}/ideas"), world.secrets_of_b)


def test_ids_of_another_workshop_inside_forms_change_nothing_there(world):
    """Ids that travel in the form rather than the URL: a merge target, a field to move to, a
    proposal's ideas, a measure's fields and ideas. The owner's own workshop may change (a
    proposal adopted without ideas is still a new field); the other workshop never does."""
    from participation.measures.models import Measure

    owner, token = world.client("owner"), world.tokens["owner"]
    a, b = world.a, world.b
    base = f"/moderation/workshops/{a.workshop.id}"
    attempts = [
        (f"{base}/ideas/{a.idea_ids[0]}/merge", {"target_id": b.idea_ids[0]}),
        (f"{base}/fields/ideas/{a.idea_ids[0]}/move", {"field_id": b.field_ids[0]}),
        (f"{base}/fields/proposals/merge", {"idea_id": b.idea_ids[:2], "field_id": b.field_ids[0],
                                            "term": "x"}),
        (f"{base}/fields/proposals/merge", {"idea_id": b.idea_ids[:2], "field_id": a.field_ids[0],
                                            "term": "x"}),
        (f"{base}/fields/proposals/adopt", {"idea_id": b.idea_ids[:2], "name": "Fremde Ideen", "term": "x"}),
    ]
    failures = []
    for url, form in attempts:
        before = database_state(b.workshop.id)
        response = owner.post(url, data={**form, "csrf_token": token})
        difference = state_difference(before, database_state(b.workshop.id))
        if difference or response.status_code >= 500:
            failures.append(f"POST {url} {form}: {response.status_code}, changed {difference or 'nothing'}")
    assert not failures, "\n".join(failures)

    # a focus group of A names B's field and B's ideas in a new measure
    anonymous = world.client("anonymous")
    response = anonymous.post(f"/f/{a.tokens[0]}/measures/new", data={
        "csrf_token": world.tokens["anonymous"], "title": "Mit fremden Bezügen", "version": "0",
        "field_ids": [str(a.field_ids[0]), str(b.field_ids[0])], "idea_ids": [str(i) for i in b.idea_ids]})
    assert response.status_code in (302, 422)
    from participation.extensions import db

    db.session.rollback()
    for measure in db.session.scalars(select(Measure).where(Measure.workshop_id == a.workshop.id)):
        assert {item.workshop_id for item in measure.fields} <= {a.workshop.id}, measure.title
        assert {idea.workshop_id for idea in measure.ideas} <= {a.workshop.id}, measure.title
    assert not leaked(anonymous.get(f"/f/{a.tokens[0]}"), [B_MEASURE, *b.tokens])


def test_admins_pages_need_an_admin_and_moderators_routes_need_a_moderator(world):
    """The scopes the walks rely on: every /moderation/ route except the login is for
    moderators, the admin pages for admins."""
    for rule, _method in walk(world.app):
        if rule.rule.startswith("/moderation/") and rule.endpoint != "auth.login":
            assert scope(rule) in (MODERATOR, ADMIN), rule.rule


# --- group walls (issue 21, walls) ---
def test_group_wall_keys_open_only_their_own_workshops_group_walls(world):
    """A's wall key and A's facilitator key open A's group wall, its poll and its count;
    with B's code, without a key, or for the intruder: 404 (nothing says the group exists)."""
    anonymous, intruder = world.client("anonymous"), world.client("intruder")
    a, b = world.a, world.b
    paths = ("", "/poll", "/anzahl")
    for key in (a.wall_key, a.facilitator_keys[0]):
        for path in paths:
            assert anonymous.get(f"/w/{a.workshop.code}/gruppe/{a.group_numbers[0]}{path}?key={key}").status_code == 200
            refused = anonymous.get(f"/w/{b.workshop.code}/gruppe/{b.group_numbers[0]}{path}?key={key}")
            assert refused.status_code == 404 and not leaked(refused, world.secrets_of_b)
    for path in paths:
        url = f"/w/{a.workshop.code}/gruppe/{a.group_numbers[0]}{path}"
        for client in (anonymous, intruder):
            refused = client.get(url)
            assert refused.status_code == 404 and not leaked(refused, world.secrets_of_a)
        # a facilitator key is no wall key for the plenary
        assert anonymous.get(f"/w/{a.workshop.code}/wall?key={a.facilitator_keys[0]}").status_code in (403, 404)
# --- end group walls ---
