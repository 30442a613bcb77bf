"""The late-post rule end to end (issue 19): an idea typed while its collecting step ran
and sent after the step ended is kept for the moderator's approval within the grace
period (60 s by default) and refused after it, its text left in the field; with
JavaScript and without.

The live server has its own clock, so the step is ended at a known server time instead:
the phone loads the page and types during the step, then the step is ended in the
server's database as of 20 (or 90) seconds ago (``next_step`` under a clock set back by
that much, as if the moderator had pressed "next" then), and the phone sends. The
server's "now" is the real time, so the post arrives 20 (90) seconds after the end, give
or take the test's own milliseconds: far from the 60 s border either way.
"""

import pytest
from playwright.sync_api import expect

from browser.run_sheet import Contract, set_run_sheet

pytestmark = pytest.mark.browser

TYPED = "Ein Jugendtreff im alten Bahnhof von Albersdorf"


def _start_first_step(database_app, workshop_id):
    from participation.extensions import db
    from participation.phases.services import next_step
    from participation.workshops.models import Workshop

    with database_app.app_context():
        assert next_step(db.session.get(Workshop, workshop_id))
        db.session.remove()


def _end_step_ago(database_app, workshop_id, seconds, monkeypatch):
    """Move on to the next step as of ``seconds`` ago (the collecting step ended then)."""
    from participation import limits
    from participation.extensions import db
    from participation.phases.services import next_step
    from participation.workshops.models import Workshop

    real = limits.clock
    with monkeypatch.context() as patch, database_app.app_context():
        patch.setattr(limits, "clock", lambda: real() - seconds)
        assert next_step(db.session.get(Workshop, workshop_id))
        db.session.remove()


def _ideas(database_app, workshop_id):
    from sqlalchemy import select

    from participation.extensions import db
    from participation.ideas.models import Idea

    with database_app.app_context():
        rows = db.session.execute(select(Idea.text, Idea.status, Idea.step_id)
                                  .where(Idea.workshop_id == workshop_id)).all()
        db.session.remove()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("seconds_late, kept", [(20, True), (90, False)], ids=["20s-pending", "90s-refused"])
def test_a_post_sent_after_its_step_ended(request, database_app, new_workshop, attendee_class, monkeypatch,
                                          javascript, seconds_late, kept):
    workshop = new_workshop()
    collect, _vote = set_run_sheet(database_app, workshop.id, [
        {"kind": "collect", "duration_seconds": 600},
        {"kind": "vote", "duration_seconds": 300},
    ])
    _start_first_step(database_app, workshop.id)
    page = request.getfixturevalue("phone" if javascript else "phone_nojs")
    phone = attendee_class(page, workshop).join("Jonas")
    section = page.locator("section.question").first
    section.get_by_label("Ihre Idee").fill(TYPED)  # typed while the step runs

    _end_step_ago(database_app, workshop.id, seconds_late, monkeypatch)
    contract = Contract()
    if javascript and contract.present(page, "#phase", "phone"):
        # The phone hears that the step ended. Within the grace the form with the typed text
        # stays open; after it, the form closes and the text is shown to copy (nothing sent).
        expect(page.locator("#phase")).to_have_attribute("data-kind", "vote")
        if not kept:
            copy = section.locator(".refused-copy textarea")
            expect(copy).to_have_value(TYPED)
            expect(section.get_by_role("button", name="Idee absenden")).to_be_hidden()
            assert _ideas(database_app, workshop.id) == []
            contract.finish()
            return
        expect(section.get_by_role("button", name="Idee absenden")).to_be_visible()
    with page.expect_navigation() as sent:
        section.get_by_role("button", name="Idee absenden").click()

    stored = _ideas(database_app, workshop.id)
    if kept:
        assert stored == [(TYPED, "pending", collect)], stored
        mine = page.locator('li[id^="idea-"]', has_text=TYPED)  # in "Meine Ideen"
        expect(mine).to_have_count(1)
        expect(mine).to_contain_text("wartet auf Freigabe")
        if contract.present(page, "#phase", "phone"):  # the phone's own word for a late post
            expect(page.get_by_text("kam kurz nach dem Ende der Sammelphase an")).to_be_visible()
    else:
        assert stored == [], stored
        assert sent.value.status == 409 or sent.value.status == 422, sent.value.status
        expect(page.get_by_text("Ihr Text wurde nicht gespeichert")).to_be_visible()
        kept_text = page.locator("textarea").evaluate_all("areas => areas.map(area => area.value)")
        assert TYPED in kept_text, f"the text is not in a field any more: {kept_text}"
    assert phone is not None
    contract.finish()
