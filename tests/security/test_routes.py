"""A walk over ``app.url_map``: every state-changing route refuses a request without a valid
CSRF token, every moderator route refuses attendees and anonymous visitors, and another
moderator's workshop answers 404 -- and none of these refused requests changes a row.

The URLs are filled from workshop A of the security world (``routes.build``); a route the
tables cannot fill fails ``test_every_route_is_covered``. Each walk collects all failures and
reports them together.
"""

import pytest

from helpers import csrf_token
from security.routes import (
    ADMIN,
    ATTENDEE,
    CARDS,
    EVERYBODY,
    FACIL,
    FOCUS,
    MODERATOR,
    OBJECT_ARGUMENTS,
    REMOTE,
    STATE_CHANGING,
    RouteNotCovered,
    build,
    in_safe_order,
    scope,
    sender_for,
    walk,
)
from security.world import database_state, leaked, state_difference

# Moderator routes whose owner's request rightly leaves the database as it is (with the
# world's data); every other state-changing route must change something when the owner sends
# it, which proves that the refused requests below would have mattered.
WRITES_NOTHING_FOR_THE_OWNER = {
    "auth.login",  # already logged in: back to the dashboard
    "workshops.delete_question",  # the question has ideas: refused with a message
    "moderation.show",  # the idea is visible already
    "moderation.unmerge",  # the idea is not merged
    "voting.unvote",  # no dot given yet
    "runsheet.add_default",  # the world's workshops have a run sheet already (tests/runsheet/test_editor.py)
    "paper.photo",  # reads a photo into proposals: nothing is stored before they are confirmed
    "runsheet.done",  # no collecting step runs in this world (tests/runsheet/test_done.py: one that does)
    "api.unvote",
    "fields.release",  # the analysis, not a moderator, placed the idea
    "fields.discovery",
    "fields.run",  # the analysis is up to date already
}
REFUSED_STATUSES = (401, 403, 404)


def _is_csrf_refusal(response):
    if response.status_code != 400:
        return False
    if response.is_json:
        return response.get_json().get("error") == "csrf"
    return "Sicherheits-Token" in response.get_data(as_text=True)


def _is_auth_refusal(response):
    if response.status_code in REFUSED_STATUSES:
        return True
    return response.status_code == 302 and response.location.split("?")[0].endswith("/moderation/login")


def _changing_requests(world):
    return [build(world, rule, method) for rule, method in walk(world.app, STATE_CHANGING.__contains__)]


def _check(failures, request, response, before, secrets, expectation, accepted):
    problems = []
    if not accepted(response):
        problems.append(f"answered {response.status_code} {response.location or ''}".strip())
    difference = state_difference(before, database_state())
    if difference:
        problems.append(f"changed the database ({difference})")
    shown = leaked(response, secrets)
    if shown:
        problems.append(f"showed {shown}")
    if problems:
        failures.append(f"{request.label} {expectation}: " + ", ".join(problems))
    return not difference


def test_every_route_is_covered(world):
    """Each route's URL can be filled for both workshops, and each has a scope."""
    problems = []
    for rule, method in walk(world.app):
        for side in (world.a, world.b):
            try:
                build(world, rule, method, side)
            except RouteNotCovered as missing:
                problems.append(str(missing))
    assert not problems, "\n".join(sorted(set(problems)))
    scopes = {scope(rule) for rule, _method in walk(world.app)}
    assert {MODERATOR, ATTENDEE, FOCUS, EVERYBODY} <= scopes


def test_state_changing_routes_refuse_requests_without_a_valid_csrf_token(world):
    """The owner (logged in and joined as attendee) without a token, or with another
    session's token, is refused on every route, the JSON API included."""
    failures, count = [], 0
    owner = world.client("owner")
    for request in _changing_requests(world):
        wrong_tokens = (("without token", None), ("with another session's token", world.tokens["intruder"]))
        for expectation, token in wrong_tokens:
            before = database_state()
            response = request.send(owner, token)
            _check(failures, request, response, before, (), f"{expectation} must be refused as CSRF",
                   _is_csrf_refusal)
            count += 1
    assert count >= 2 * 40, count
    assert not failures, "\n".join(failures)


def test_moderator_routes_refuse_attendees_and_anonymous_visitors(world):
    """Every route of a moderator, reading ones too: an attendee's cookie (with a valid CSRF
    token of its own) or no cookie at all gets a login redirect or an error, no data."""
    failures, count = [], 0
    for rule, method in walk(world.app):
        if scope(rule) not in (MODERATOR, ADMIN):
            continue
        request = build(world, rule, method)
        for visitor in ("attendee", "anonymous"):
            before = database_state()
            response = request.send(world.client(visitor), world.tokens[visitor])
            _check(failures, request, response, before, world.secrets_of_a,
                   f"as {visitor} must be refused", _is_auth_refusal)
            count += 1
    assert count >= 2 * 50, count
    assert not failures, "\n".join(failures)


def test_another_moderators_workshop_answers_404(world):
    """The intruder, logged in with a valid CSRF token, gets 404 for every route that names
    the owner's workshop or anything in it; pages without such an argument show nothing of it."""
    failures, count = [], 0
    intruder = world.client("intruder")
    for rule, method in walk(world.app):
        if scope(rule) not in (MODERATOR, ADMIN) or rule.endpoint == "auth.logout":
            continue
        # a saved template belongs to the owner, not to a workshop: the intruder gets 404 for it too
        names_a_workshop = bool(set(rule.arguments) & {"workshop_id", "template_id", *OBJECT_ARGUMENTS})
        if scope(rule) == MODERATOR and not names_a_workshop and method != "GET":
            continue  # the intruder's own business (a new workshop, a new password)
        request = build(world, rule, method)
        before = database_state()
        response = request.send(intruder, world.tokens["intruder"])
        if scope(rule) == ADMIN:
            _check(failures, request, response, before, world.secrets_of_a,
                   "as a moderator without admin rights must be refused",
                   lambda response: response.status_code in (403, 404))
        elif names_a_workshop:
            _check(failures, request, response, before, world.secrets_of_a,
                   "as another moderator must be 404", lambda response: response.status_code == 404)
            count += 1
        else:
            _check(failures, request, response, before, world.secrets_of_a,
                   "as another moderator shows nothing of A", lambda response: response.status_code < 500)
    assert count >= 40, count
    assert not failures, "\n".join(failures)


def test_the_owner_gets_every_page_and_every_action(world):
    """The other side of the walks above: the same requests, sent by the owner (the admin for
    admin pages) with a valid token, are neither refused nor 404 -- so the refusals are real,
    not a wrong URL -- and change what they are meant to change."""
    def sender(rule):
        return world.client(sender_for(rule))

    failures, count = [], 0
    for rule, method in walk(world.app, lambda method: method == "GET"):
        if scope(rule) in (MODERATOR, ADMIN, FOCUS, REMOTE, CARDS, FACIL) and rule.endpoint != "live.stream":
            request = build(world, rule, method)
            response = request.send(sender(rule))
            if response.status_code != 200:
                failures.append(f"{request.label} answered {response.status_code}")
            count += 1
    for rule, method in in_safe_order(walk(world.app, STATE_CHANGING.__contains__)):
        request = build(world, rule, method)  # now: forms carry the current version or title
        before = database_state()
        client = sender(request.rule)
        response = request.send(client, csrf_token(client))  # a password change renews the session
        refused = _is_csrf_refusal(response) or response.status_code in (*REFUSED_STATUSES, 405)
        refused = refused or response.status_code >= 500 or (
            response.status_code == 302 and "/moderation/login" in (response.location or ""))
        changed = bool(state_difference(before, database_state()))
        if refused:
            failures.append(f"{request.label} by the owner answered {response.status_code}")
        elif not changed and request.rule.endpoint not in WRITES_NOTHING_FOR_THE_OWNER:
            failures.append(f"{request.label} by the owner changed nothing (give it a better form in FORMS)")
        count += 1
    assert count >= 60, count
    assert not failures, "\n".join(failures)


def _remote_requests(world, side=None, key=None, link=REMOTE):
    return [build(world, rule, method, side, link_key=key)
            for rule, method in walk(world.app) if scope(rule) == link]


def _refused_remote(failures, world, requests, visitor, expectation, key):
    # the page echoes its own address (the language switch): the key sent is no secret there
    secrets = [secret for secret in world.secrets_of_a if secret != key]
    for request in requests:
        before = database_state()
        response = request.send(world.client(visitor), world.tokens[visitor])
        _check(failures, request, response, before, secrets, expectation,
               lambda response: response.status_code == 404)
    return len(requests)


def test_remote_routes_refuse_a_missing_wrong_or_revoked_key(world):
    """The remote's page and actions (sent with a valid CSRF token) answer 404 and change
    nothing without A's current remote key: no key, a wrong one, B's, A's wall key; for
    another moderator, A's key on B's remote; and A's key once replaced or revoked."""
    from participation.extensions import db
    from participation.workshops.models import Workshop
    from participation.workshops.remote_keys import revoke_remote_key, rotate_remote_key

    failures, count = [], 0
    wrong_keys = {"no key": "", "a wrong key": "falsch-" + world.a.remote_key[7:], "B's remote key": world.b.remote_key,
                  "A's wall key": world.a.wall_key}
    for visitor in ("anonymous", "attendee", "intruder"):
        for what, key in wrong_keys.items():
            count += _refused_remote(failures, world, _remote_requests(world, key=key), visitor,
                                     f"by {visitor} with {what} must be 404", key)
    count += _refused_remote(failures, world, _remote_requests(world, world.b, key=world.a.remote_key),
                             "anonymous", "on B's remote with A's key must be 404", world.a.remote_key)

    old_key = world.a.remote_key
    rotate_remote_key(db.session.get(Workshop, world.a.workshop.id))
    count += _refused_remote(failures, world, _remote_requests(world, key=old_key), "anonymous",
                             "with A's replaced key must be 404", old_key)
    revoke_remote_key(db.session.get(Workshop, world.a.workshop.id))
    count += _refused_remote(failures, world, _remote_requests(world, key=old_key), "anonymous",
                             "with A's revoked key must be 404", old_key)
    assert count >= 2 * 15, count
    assert not failures, "\n".join(failures)


# A's secret link keys: each opens its own pages and nothing of the moderation
LINK_KEYS = {
    "remote": lambda side: side.remote_key,
    "cards": lambda side: side.cards_key,
    "facilitator": lambda side: side.facilitator_keys[0],
}


@pytest.mark.parametrize("link", LINK_KEYS)
def test_a_link_key_opens_no_moderator_route(world, link):
    """Whoever holds one of A's secret link keys (the remote, the paper-card entry, a group's
    facilitator; in the query and in the form) is still an anonymous visitor everywhere else:
    the console, the editor, the run sheet's and the groups' moderator pages, sticker dots on
    the console, making or revoking any link are refused."""
    failures, count = [], 0
    key = LINK_KEYS[link](world.a)
    for rule, method in walk(world.app):
        if scope(rule) not in (MODERATOR, ADMIN):
            continue
        request = build(world, rule, method)
        request.url += ("&" if "?" in request.url else "?") + f"key={key}"
        request.form = {**request.form, "key": key}
        before = database_state()
        response = request.send(world.client("anonymous"), world.tokens["anonymous"])
        # the login redirect keeps the address asked for: the key sent comes back, nothing else
        _check(failures, request, response, before, [secret for secret in world.secrets_of_a if secret != key],
               f"with the {link} key must be refused", _is_auth_refusal)
        count += 1
    assert count >= 50, count
    assert not failures, "\n".join(failures)


def test_paper_card_routes_refuse_a_missing_wrong_or_revoked_key(world):
    """The paper-card page and its forms (sent with a valid CSRF token) answer 404 and change
    nothing without A's current "Kartenerfassung" key: no key, a wrong one, B's, A's remote
    or wall key; for another moderator, A's key on B's page; A's key once replaced or revoked."""
    from participation.extensions import db
    from participation.workshops.cards_keys import revoke_cards_key, rotate_cards_key
    from participation.workshops.models import Workshop

    failures, count = [], 0
    key_a = world.a.cards_key
    wrong_keys = {"no key": "", "a wrong key": "falsch-" + key_a[7:], "B's cards key": world.b.cards_key,
                  "A's remote key": world.a.remote_key, "A's wall key": world.a.wall_key}
    for visitor in ("anonymous", "attendee", "intruder"):
        for what, key in wrong_keys.items():
            count += _refused_remote(failures, world, _remote_requests(world, key=key, link=CARDS), visitor,
                                     f"by {visitor} with {what} must be 404", key)
    count += _refused_remote(failures, world, _remote_requests(world, world.b, key=key_a, link=CARDS),
                             "anonymous", "on B's cards page with A's key must be 404", key_a)
    rotate_cards_key(db.session.get(Workshop, world.a.workshop.id))
    count += _refused_remote(failures, world, _remote_requests(world, key=key_a, link=CARDS), "anonymous",
                             "with A's replaced key must be 404", key_a)
    revoke_cards_key(db.session.get(Workshop, world.a.workshop.id))
    count += _refused_remote(failures, world, _remote_requests(world, key=key_a, link=CARDS), "anonymous",
                             "with A's revoked key must be 404", key_a)
    assert count >= 2 * 15, count
    assert not failures, "\n".join(failures)


# --- group work: the facilitator page (issue 21, "facil") ---
def test_facilitator_routes_refuse_a_missing_wrong_other_groups_or_revoked_key(world):
    """The facilitator page of A's group 1 and its actions (sent with a valid CSRF token)
    answer 404 and change nothing without group 1's current key: no key, a wrong one, group
    2's (on group 1's page and, through group 2's own address, on group 1's ideas), B's,
    A's cards, remote or wall key; A's key on B's group; the key once replaced or revoked."""
    from participation.extensions import db
    from participation.groups.keys import revoke_facilitator_key, rotate_facilitator_key
    from participation.groups.services import group_by_number
    from participation.workshops.models import Workshop

    failures, count = [], 0
    key_1, key_2 = world.a.facilitator_keys
    wrong_keys = {"no key": "", "a wrong key": "falsch-" + key_1[7:], "group 2's key": key_2,
                  "B's group 1 key": world.b.facilitator_keys[0], "A's cards key": world.a.cards_key,
                  "A's remote key": world.a.remote_key, "A's wall key": world.a.wall_key}
    for visitor in ("anonymous", "attendee", "intruder"):
        for what, key in wrong_keys.items():
            count += _refused_remote(failures, world, _remote_requests(world, key=key, link=FACIL), visitor,
                                     f"by {visitor} with {what} must be 404", key)
    # the facilitator of group 2, at their own group's address, on group 1's ideas
    on_group_1 = [build(world, rule, method, link_key=key_2, overrides={"number": world.a.group_numbers[1]})
                  for rule, method in walk(world.app) if scope(rule) == FACIL and "idea_id" in rule.arguments]
    assert len(on_group_1) >= 6
    count += _refused_remote(failures, world, on_group_1, "anonymous",
                             "by group 2's facilitator on group 1's idea must be 404", key_2)
    count += _refused_remote(failures, world, _remote_requests(world, world.b, key=key_1, link=FACIL),
                             "anonymous", "on B's group with A's key must be 404", key_1)
    workshop = db.session.get(Workshop, world.a.workshop.id)
    rotate_facilitator_key(group_by_number(workshop, world.a.group_numbers[0]))
    count += _refused_remote(failures, world, _remote_requests(world, key=key_1, link=FACIL), "anonymous",
                             "with group 1's replaced key must be 404", key_1)
    revoke_facilitator_key(group_by_number(workshop, world.a.group_numbers[0]))
    count += _refused_remote(failures, world, _remote_requests(world, key=key_1, link=FACIL), "anonymous",
                             "with group 1's revoked key must be 404", key_1)
    assert count >= 3 * 7 * 9, count
    assert not failures, "\n".join(failures)


# --- end group work: facilitator ---
