"""The console of a workshop with groups: filter by group (and "ohne"), combined with the
question, status and text filters and paging; rows show their group. A workshop without
groups looks as before."""

from participation.moderation import services
from participation.moderation.services import NO_GROUP, console_page, parse_group_filter

from group_world import EXPECTED, build_group_workshop


def console(client, workshop, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    response = client.get(f"/moderation/workshops/{workshop.id}/console?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_without_groups_the_console_has_no_group_filter(logged_in, workshop):
    page = console(logged_in, workshop)
    assert 'id="filter-group"' not in page and "c-group" not in page


def test_the_group_filter_lists_only_that_groups_ideas(logged_in, workshop):
    groups, _ideas = build_group_workshop(workshop)
    page = console(logged_in, workshop, gruppe=groups[2].id)
    assert 'id="filter-group"' in page and f'<option value="{groups[2].id}" selected' in page
    shown = {text for text in EXPECTED if text in page}
    assert shown == {text for text, (number, _p, _q) in EXPECTED.items() if number == 2}
    assert page.count('class="badge c-group"') == 3 and "G2" in page
    assert page.count("im Plenum</span>") == 2  # the promoted ones say so


def test_ohne_lists_the_ideas_of_no_group(logged_in, workshop):
    build_group_workshop(workshop)
    page = console(logged_in, workshop, gruppe="ohne")
    assert {text for text in EXPECTED if text in page} == {
        text for text, (number, _p, _q) in EXPECTED.items() if number is None}
    assert 'class="badge c-group"' not in page
    assert '<option value="ohne" selected' in page


def test_the_group_filter_combines_with_question_status_text_and_paging(workshop):
    groups, ideas = build_group_workshop(workshop)
    services.hide(ideas["Digitale Sprechstunde im Rathaus"])
    question = workshop.questions[0].id
    listing = console_page(workshop, question, None, "", group=groups[2].id)
    assert [idea.text for idea in listing.ideas] == ["Schnelles WLAN im Bürgerhaus"]
    listing = console_page(workshop, None, "hidden", "", group=groups[2].id)
    assert [idea.text for idea in listing.ideas] == ["Digitale Sprechstunde im Rathaus"]
    listing = console_page(workshop, None, None, "wlan", group=groups[2].id)
    assert [idea.text for idea in listing.ideas] == ["Schnelles WLAN im Bürgerhaus"]
    assert console_page(workshop, None, None, "wlan", group=groups[1].id).total == 0
    first = console_page(workshop, None, None, "", page=1, per_page=2, group=groups[2].id)
    second = console_page(workshop, None, None, "", page=2, per_page=2, group=groups[2].id)
    assert (first.total, first.pages, len(first.ideas), len(second.ideas)) == (3, 2, 2, 1)
    page_of = services.console_page_of(workshop, ideas["Ärztehaus mit Videosprechstunde in Marne"], per_page=2,
                                       group=groups[2].id)
    assert page_of in (1, 2)
    assert services.console_page_of(workshop, ideas["Mitfahrbank am Marktplatz"], group=groups[2].id) is None


def test_a_bad_or_foreign_group_filter_shows_everything(app, workshop, moderator):
    from participation.workshops.services import create_workshop

    groups, _ideas = build_group_workshop(workshop)
    other = create_workshop(moderator, "dithmarschen")
    assert parse_group_filter(workshop, "ohne") == NO_GROUP
    assert parse_group_filter(workshop, str(groups[1].id)) == groups[1].id
    for raw in ("", "abc", "-1", "99999", None):
        assert parse_group_filter(workshop, raw) is None
    assert parse_group_filter(other, str(groups[1].id)) is None


def test_an_action_keeps_the_group_filter(logged_in, workshop):
    from helpers import csrf_token

    groups, ideas = build_group_workshop(workshop)
    idea = ideas["Digitale Sprechstunde im Rathaus"]
    response = logged_in.post(f"/moderation/workshops/{workshop.id}/ideas/{idea.id}/hide",
                              data={"csrf_token": csrf_token(logged_in), "gruppe": str(groups[2].id)})
    assert response.status_code == 302
    assert f"gruppe={groups[2].id}" in response.headers["Location"]
