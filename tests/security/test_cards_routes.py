"""The paper-card routes (/karten/<code>..., scope CARDS): without A's current
"Kartenerfassung" key (or A's moderator) every page and action answers 404 and changes
nothing; the key opens no moderator route."""

from security.routes import ADMIN, CARDS, MODERATOR, build, walk, scope
from security.test_routes import _check
from security.world import database_state


def _cards_requests(world, side=None, key=None):
    return [build(world, rule, method, side, cards_key=key) for rule, method in walk(world.app) if scope(rule) == CARDS]


def _refused(failures, world, requests, visitor, expectation, key):
    secrets = [secret for secret in world.secrets_of_a if secret != key]
    for request in requests:
        before = database_state()
        response = request.send(world.client(visitor), world.tokens[visitor])
        _check(failures, request, response, before, secrets, expectation, lambda response: response.status_code == 404)
    return len(requests)


def test_cards_routes_refuse_a_missing_wrong_or_revoked_key(world):
    from participation.extensions import db
    from participation.workshops.cards_keys import revoke_cards_key, rotate_cards_key
    from participation.workshops.models import Workshop

    failures, count = [], 0
    wrong_keys = {"no key": "", "a wrong key": "falsch-" + world.a.cards_key[7:], "B's cards key": world.b.cards_key,
                  "A's remote key": world.a.remote_key, "A's wall key": world.a.wall_key}
    for visitor in ("anonymous", "attendee", "intruder"):
        for what, key in wrong_keys.items():
            count += _refused(failures, world, _cards_requests(world, key=key), visitor,
                              f"by {visitor} with {what} must be 404", key)
    count += _refused(failures, world, _cards_requests(world, world.b, key=world.a.cards_key), "anonymous",
                      "on B's cards with A's key must be 404", world.a.cards_key)
    old_key = world.a.cards_key
    rotate_cards_key(db.session.get(Workshop, world.a.workshop.id))
    count += _refused(failures, world, _cards_requests(world, key=old_key), "anonymous",
                      "with A's replaced key must be 404", old_key)
    revoke_cards_key(db.session.get(Workshop, world.a.workshop.id))
    count += _refused(failures, world, _cards_requests(world, key=old_key), "anonymous",
                      "with A's revoked key must be 404", old_key)
    assert count >= 3 * 5 * 3, count
    assert not failures, "\n".join(failures)


def test_the_cards_key_opens_no_moderator_route(world):
    from security.test_routes import _is_auth_refusal

    failures, count = [], 0
    key = world.a.cards_key
    for rule, method in walk(world.app):
        if scope(rule) not in (MODERATOR, ADMIN):
            continue
        request = build(world, rule, method)
        request.url += ("&" if "?" in request.url else "?") + f"key={key}"
        request.form = {**request.form, "key": key}
        before = database_state()
        response = request.send(world.client("anonymous"), world.tokens["anonymous"])
        _check(failures, request, response, before, [secret for secret in world.secrets_of_a if secret != key],
               "with the cards key must be refused", _is_auth_refusal)
        count += 1
    assert count >= 50, count
    assert not failures, "\n".join(failures)
