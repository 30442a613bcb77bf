"""The Handlungsfelder page of a workshop with groups: filter by group (and "ohne"),
combined with the other filters; rows show their group. Without groups, no group filter."""

import html
import re

from group_world import EXPECTED, build_group_workshop


def fields_page(client, workshop, query=""):
    response = client.get(f"/moderation/workshops/{workshop.id}/fields{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row_texts(page):
    """The idea texts of the page's rows."""
    pattern = r'<span class="sort-text">([^<]*)'
    return {html.unescape(text).strip() for text in re.findall(pattern, page)}


def test_without_groups_there_is_no_group_filter(logged_in, workshop):
    assert 'id="sort-group"' not in fields_page(logged_in, workshop)


def test_filter_by_group_and_ohne(logged_in, workshop):
    groups, _ideas = build_group_workshop(workshop)
    page = fields_page(logged_in, workshop, f"?gruppe={groups[1].id}")
    assert 'id="sort-group"' in page
    assert f'<option value="{groups[1].id}" selected>1. Tisch Nord (2)</option>' in page
    assert row_texts(page) == {text for text, (number, _p, _q) in EXPECTED.items() if number == 1}
    assert page.count('class="badge sort-group"') == 2
    page = fields_page(logged_in, workshop, "?gruppe=ohne")
    assert row_texts(page) == {text for text, (number, _p, _q) in EXPECTED.items() if number is None}
    assert 'class="badge sort-group"' not in page
    assert row_texts(fields_page(logged_in, workshop)) == set(EXPECTED)


def test_group_filter_combines_with_the_field_filter_and_travels_with_a_move(logged_in, workshop):
    from helpers import csrf_token

    groups, ideas = build_group_workshop(workshop)
    mobility = next(item for item in workshop.fields if "Mobilität" in item.name)
    page = fields_page(logged_in, workshop, f"?gruppe={groups[2].id}&field={mobility.id}")
    assert row_texts(page) == set()  # group 2 has nothing in Mobilität
    assert '<input type="hidden" name="gruppe"' not in page  # no rows, no move forms
    page = fields_page(logged_in, workshop, f"?gruppe={groups[1].id}&field={mobility.id}")
    assert f'<input type="hidden" name="gruppe" value="{groups[1].id}">' in page
    idea = ideas["Mitfahrbank am Marktplatz"]
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/fields/ideas/{idea.id}/move",
                              data={"csrf_token": csrf_token(logged_in), "field_id": "", "gruppe": str(groups[1].id)})
    assert response.status_code == 302 and f"gruppe={groups[1].id}" in response.headers["Location"]
