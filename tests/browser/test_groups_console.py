"""The moderator console of a workshop with groups: the group filter and the rows' group
badges, with 500 ideas in 8 groups on a 1366x768 laptop."""

import pytest
from playwright.sync_api import expect

from browser.test_accessibility import assert_accessible
from browser.test_console_scale import FULLY_VISIBLE_ROWS, laptop, open_console, store_evening  # noqa: F401

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots-downstream"


@pytest.fixture(scope="module")
def grouped_evening(database_app, workshop_factory):
    """500 ideas; every fifth of no group, the rest spread over 8 tables; one promoted."""
    from sqlalchemy import select

    from participation.core.timeutil import utcnow
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.groups.services import add_groups
    from participation.ideas.models import Idea
    from participation.workshops.models import Workshop

    info, texts = store_evening(database_app, workshop_factory, 500)
    with database_app.app_context():
        workshop = db.session.get(Workshop, info.id)
        groups = add_groups(workshop, 8)
        group_ids = [group.id for group in groups]
        with write_transaction() as session:
            ideas = session.scalars(select(Idea).where(Idea.workshop_id == info.id).order_by(Idea.id)).all()
            for number, idea in enumerate(ideas):
                idea.group_id = None if number % 5 == 0 else group_ids[number % 8]
            promoted = ideas[-2]  # a visible one (the newest is hidden)
            promoted.group_id = group_ids[1]
            promoted.promoted_at = utcnow()
        counts = {
            group_id: sum(1 for idea in ideas if idea.group_id == group_id) for group_id in group_ids
        }
        counts[None] = sum(1 for idea in ideas if idea.group_id is None)
        db.session.remove()
    return info, group_ids, counts


def test_ten_rows_fit_with_the_group_filter_and_badges(laptop, grouped_evening):  # noqa: F811
    workshop, group_ids, counts = grouped_evening
    page = open_console(laptop(), workshop)
    assert page.evaluate(FULLY_VISIBLE_ROWS) >= 10
    expect(page.locator("#console-ideas > li").nth(1).locator(".c-group")).to_have_text("G2 ★, im Plenum")
    page.screenshot(path=f"{SHOTS}/console-groups-laptop.png")
    page.select_option("#filter-group", str(group_ids[2]))
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#console-count")).to_have_text(str(counts[group_ids[2]]))
    expect(page.locator("#console-ideas .c-group").first).to_have_text("G3")
    page.screenshot(path=f"{SHOTS}/console-groups-g3.png")
    page.select_option("#filter-group", "ohne")
    page.select_option("#filter-status", "visible")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#filter-group")).to_have_value("ohne")
    expect(page.locator("#console-ideas .c-group")).to_have_count(0)
    assert 0 < int(page.locator("#console-count").inner_text()) <= counts[None]
    page.screenshot(path=f"{SHOTS}/console-groups-ohne.png")


@pytest.mark.parametrize("language", ["de", "en"])
def test_console_with_groups_is_accessible(laptop, grouped_evening, language):  # noqa: F811
    from browser.all_pages import switch_language

    workshop, _, _ = grouped_evening
    page = laptop()
    if language == "en":
        switch_language(page, "en")
    page.goto(f"/moderation/workshops/{workshop.id}/console?gruppe={workshop_group(grouped_evening)}")
    expect(page.locator("#filter-group")).to_be_visible()
    assert_accessible(page, f"console with groups ({language})")


def workshop_group(evening):
    return evening[1][0]
