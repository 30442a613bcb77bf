"""The plenary wall's modes (``?zeige=alle|plenum|g<number>``) and the marks of ideas
groups promoted to the plenary, as the server draws them."""

import json
import re
from html import unescape

import pytest

from participation.extensions import db
from participation.groups import services
from participation.ideas.models import Idea
from participation.workshops.wall_keys import ensure_wall_token

from groups.walls_world import three_tables


@pytest.fixture
def tables(workshop):
    tables = three_tables(workshop, per_group=3)
    for index in (0, 2):
        services.promote(tables.group(2), db.session.get(Idea, tables.ideas[2][index].id))
    services.promote(tables.group(3), db.session.get(Idea, tables.ideas[3][1].id))
    return tables


def _page(client, tables, zeige=None):
    key = ensure_wall_token(tables.fresh())
    query = f"&zeige={zeige}" if zeige is not None else ""
    response = client.get(f"/w/{tables.workshop.code}/wall?key={key}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _cards(html):
    """{idea id: (text, promoted mark)} of the page's cards."""
    html = re.sub(r"<template.*?</template>", "", html, flags=re.S)
    cards = {}
    for match in re.finditer(r'<li class="wall-card[^"]*" id="wall-idea-(\d+)"(.*?)</li>', html, re.S):
        text = unescape(re.search(r'<p class="wall-text">(.*?)</p>', match.group(2), re.S).group(1))
        mark = re.search(r'<span class="wall-promoted"( hidden)?>(.*?)</span>', match.group(2), re.S)
        cards[int(match.group(1))] = (text, None if mark.group(1) else unescape(mark.group(2)))
    return cards


def test_all_ideas_by_default_with_the_promoted_ones_marked_by_their_group(client, tables):
    cards = _cards(_page(client, tables))
    everything = [idea for number in (0, 1, 2, 3) for idea in tables.ideas[number]]
    assert set(cards) == {idea.id for idea in everything}
    marks = {idea_id: mark for idea_id, (_text, mark) in cards.items() if mark}
    assert marks == {tables.ideas[2][0].id: "★ Tisch 2", tables.ideas[2][2].id: "★ Tisch 2",
                     tables.ideas[3][1].id: "★ Tisch 3"}
    assert _cards(_page(client, tables, "alle")) == cards
    assert _cards(_page(client, tables, "unsinn")) == cards  # anything unknown: as without


def test_plenum_shows_only_promoted_ideas_in_a_column_per_group(client, tables):
    html = _page(client, tables, "plenum")
    cards = _cards(html)
    assert set(cards) == {tables.ideas[2][0].id, tables.ideas[2][2].id, tables.ideas[3][1].id}
    for number in (1, 2, 3):
        group = tables.group(number)
        assert f'id="wall-list-group-{group.id}"' in html and f'id="wall-g-{group.id}">{group.name}<' in html
    column_two = re.search(r'id="wall-list-group-%d">(.*?)</ul>' % tables.group(2).id, html, re.S).group(1)
    assert f"wall-idea-{tables.ideas[2][0].id}" in column_two and f"wall-idea-{tables.ideas[3][1].id}" not in column_two
    assert 'data-scope="plenum"' in html and 'id="wall-count">3<' in html
    names = json.loads(unescape(re.search(r'data-group-names="([^"]*)"', html).group(1)))
    assert names == {str(group.id): group.name for group in tables.groups}


def test_one_group_on_the_plenary(client, tables):
    html = _page(client, tables, "g1")
    assert set(_cards(html)) == {idea.id for idea in tables.ideas[1]}
    assert 'data-scope="gruppe"' in html and f'data-scope-group="{tables.group(1).id}"' in html
    assert 'id="wall-count">3<' in html
    key = ensure_wall_token(tables.fresh())
    assert client.get(f"/w/{tables.workshop.code}/wall?key={key}&zeige=g9").status_code == 404


def test_the_walls_count_follows_its_mode(client, tables):
    key = ensure_wall_token(tables.fresh())
    code = tables.workshop.code
    counts = {zeige: client.get(f"/w/{code}/wall/count?key={key}&zeige={zeige}").get_json()["count"]
              for zeige in ("alle", "plenum", "g2")}
    assert counts == {"alle": 10, "plenum": 3, "g2": 3}
    group_count = client.get(f"/w/{code}/gruppe/2/anzahl?key={key}").get_json()
    assert group_count["count"] == 3 and group_count["highest_id"] == max(idea.id for idea in tables.ideas[2])


def test_a_group_wall_marks_its_promoted_ideas_im_plenum(client, tables):
    key = ensure_wall_token(tables.fresh())
    html = client.get(f"/w/{tables.workshop.code}/gruppe/2?key={key}").get_data(as_text=True)
    cards = _cards(html)
    assert set(cards) == {idea.id for idea in tables.ideas[2]}
    assert {idea_id for idea_id, (_text, mark) in cards.items() if mark == "★ im Plenum"} == {
        tables.ideas[2][0].id, tables.ideas[2][2].id}
    assert "Tisch 3" not in html and "Tisch 1" not in html  # no other group's name either


def test_the_moderators_message_shows_on_the_group_walls(client, tables):
    key = ensure_wall_token(tables.fresh())
    url = f"/w/{tables.workshop.code}/gruppe/1?key={key}"
    assert re.search(r'<p class="group-message" id="group-message" hidden>', client.get(url).get_data(as_text=True))
    services.send_group_message(tables.fresh(), "Noch 5 Minuten <b>")
    html = client.get(url).get_data(as_text=True)
    assert '<p class="group-message" id="group-message">Noch 5 Minuten &lt;b&gt;</p>' in html
