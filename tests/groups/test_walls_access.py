"""Who may open a group's wall, its stream and its poll: the workshop's wall key, the
group's own facilitator key or a logged-in moderator; everybody else gets 404, whether
the group exists or not."""

import pytest

from participation.groups.keys import revoke_facilitator_key, rotate_facilitator_key
from participation.workshops.wall_keys import ensure_wall_token

from groups.walls_world import three_tables


@pytest.fixture
def tables(workshop):
    return three_tables(workshop)


def _urls(code, number, key):
    suffix = f"?key={key}" if key is not None else ""
    return [f"/w/{code}/gruppe/{number}{suffix}", f"/w/{code}/gruppe/{number}/poll{suffix}",
            f"/w/{code}/gruppe/{number}/anzahl{suffix}"]


def test_the_wall_key_opens_every_group_wall_and_shows_only_its_ideas(client, tables):
    key = ensure_wall_token(tables.fresh())
    for number in (1, 2, 3):
        for url in _urls(tables.workshop.code, number, key):
            assert client.get(url).status_code == 200, url
        page = client.get(f"/w/{tables.workshop.code}/gruppe/{number}?key={key}").get_data(as_text=True)
        assert 'id="group-wall"' in page and f"Tisch {number}" in page
        for other in (0, 1, 2, 3):
            for text in tables.texts(other):
                assert (text in page) == (other == number), (number, text)


def test_a_facilitator_key_opens_its_own_group_wall_only(client, tables):
    key = rotate_facilitator_key(tables.group(2))
    for url in _urls(tables.workshop.code, 2, key):
        assert client.get(url).status_code == 200, url
    for number in (1, 3, 4):
        for url in _urls(tables.workshop.code, number, key):
            assert client.get(url).status_code == 404, url
    # not the plenary either: that is the wall key's
    assert client.get(f"/w/{tables.workshop.code}/wall?key={key}").status_code in (403, 404)


def test_wrong_missing_and_revoked_keys_get_404(client, tables):
    code = tables.workshop.code
    key = rotate_facilitator_key(tables.group(1))
    for wrong in (None, "", "falsch", key + "x"):
        for url in _urls(code, 1, wrong):
            assert client.get(url).status_code == 404, url
    assert client.get(f"/w/{code}/gruppe/9?key={ensure_wall_token(tables.fresh())}").status_code == 404
    assert client.get(f"/w/ZZZZZZ/gruppe/1?key={key}").status_code == 404
    revoke_facilitator_key(tables.group(1))
    for url in _urls(code, 1, key):
        assert client.get(url).status_code == 404, url
    rotated = rotate_facilitator_key(tables.group(1))
    assert client.get(f"/w/{code}/gruppe/1?key={key}").status_code == 404  # the old link stays dead
    assert client.get(f"/w/{code}/gruppe/1?key={rotated}").status_code == 200


def test_moderators_need_no_key_and_other_moderators_get_404(app, logged_in, tables):
    from helpers import TEST_PASSWORD, csrf_token
    from participation.auth.services import create_moderator

    for url in _urls(tables.workshop.code, 3, None):
        assert logged_in.get(url).status_code == 200, url
    create_moderator("fremde", TEST_PASSWORD)
    stranger = app.test_client()
    stranger.post("/moderation/login", data={"username": "fremde", "password": TEST_PASSWORD,
                                            "csrf_token": csrf_token(stranger)})
    for url in _urls(tables.workshop.code, 3, None):
        assert stranger.get(url).status_code == 404, url


def test_a_wall_key_of_another_workshop_opens_nothing(client, moderator, tables):
    from participation.workshops.services import create_workshop

    other = create_workshop(moderator, "dithmarschen")
    other_key = ensure_wall_token(other)
    for url in _urls(tables.workshop.code, 1, other_key):
        assert client.get(url).status_code == 404, url


def test_a_group_wall_shows_the_qr_code_of_its_groups_link(client, tables):
    code = tables.workshop.code
    key = ensure_wall_token(tables.fresh())
    page = client.get(f"/w/{code}/gruppe/2?key={key}").get_data(as_text=True)
    assert f'src="/j/{code}/g2/qr.svg"' in page and f"/j/{code}/g2</span>" in page
    assert f"/w/{code}/qr.svg" not in page
    svg = client.get(f"/j/{code}/g2/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert client.get(f"/j/{code}/g99/qr.svg").status_code == 404
    plenary = client.get(f"/w/{code}/wall?key={key}").get_data(as_text=True)
    assert f'src="/w/{code}/qr.svg"' in plenary
