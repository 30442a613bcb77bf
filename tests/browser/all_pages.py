"""Every main page of the app, with the data it needs, for the reflow and the full axe checks.

``make_world`` stores one workshop the way a finished evening leaves it: ideas of other
people (one with dots), analysed into Handlungsfelder, results published and a focus-group
link for Mobilität. ``attendee_session`` and ``moderator_session`` open a page in a given
context that has joined and posted an idea, or logged in, and can switch the language
through the header's switch address ``/language/en?next=…``.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

OTHER_IDEAS = (
    "Mitfahrbank in Albersdorf 🚌",
    "Rufbus per App bestellen, auch abends",
    "Glasfaser fürs Dorf",
    "Telemedizin beim Hausarzt",
    "Schul-App für Elternbriefe",
    "Hundewiese mit Zaun am Ortsrand",
)
BUS_IDEA = OTHER_IDEAS[0]
MY_IDEA = "Ein Dorfladen mit Café, in dem man sich trifft und der auch sonntags offen hat"


@dataclass(frozen=True)
class World:
    workshop: object  # conftest.WorkshopInfo
    ideas: dict  # text -> id
    fields: dict  # name -> id
    token: str  # the focus group's link token


def make_world(database_app, workshop_factory, title=None):
    from participation.database import write_transaction
    from participation.exports.services import set_results_published
    from participation.extensions import db
    from participation.focus_groups import services as focus
    from participation.ideas.models import VISIBLE, Idea, Participant
    from participation.fields.services import run_analysis
    from participation.voting.services import give_vote
    from participation.workshops.models import Workshop

    workshop = workshop_factory(title=title)
    with database_app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        with write_transaction() as session:
            people = [
                Participant(workshop_id=stored.id, token_hash=f"pages-{stored.id}-{n}".ljust(64, "0"), nickname="Hauke")
                for n in range(3)
            ]
            session.add_all(people)
            session.flush()
            ideas = [
                Idea(workshop_id=stored.id, question_id=stored.questions[n % 3].id, participant_id=people[0].id,
                     idempotency_key=f"browser-pages-{n:04d}", text=text, status=VISIBLE)
                for n, text in enumerate(OTHER_IDEAS)
            ]
            session.add_all(ideas)
        for voter in people[1:]:
            give_vote(voter, ideas[1])
        run_analysis(stored)
        db.session.rollback()
        set_results_published(stored, True)
        fields = {field.name: field.id for field in stored.fields}
        mobility = next(field for field in stored.fields if field.name == "Mobilität")
        _, token = focus.create_link(stored, mobility, datetime.now(focus.BERLIN).date(), "Gruppe A")
        world = World(workshop, {idea.text: idea.id for idea in ideas}, fields, token)
        db.session.remove()
    return world


# (name, what, path template) -- attendee pages are opened by a phone that joined and posted
ATTENDEE_PAGES = [
    ("start", "the start page", "/"),
    ("join", "the join page", "/j/{code}"),
    ("ideas", "the idea page with my idea and others' ideas", "/j/{code}/ideas"),
    ("delete-all", "the page that deletes all my ideas", "/j/{code}/ideas/delete-all"),
    ("older-ideas", "the page of others' older ideas", "/j/{code}/ideas/older?vor={newest}"),
    ("privacy", "the privacy page", "/datenschutz"),
    ("workshop-privacy", "the workshop's privacy page", "/w/{code}/datenschutz"),
    ("accessibility", "the accessibility statement", "/barrierefreiheit"),
    ("help", "the help page in plain language", "/hilfe"),
    ("results", "the published results", "/w/{code}/results"),
    ("focus-group", "the focus group's page", "/f/{token}"),
    ("measure", "the focus group's new measure sheet", "/f/{token}/measures/new"),
    ("login", "the moderators' login page", "/moderation/login"),
]
MODERATOR_PAGES = [
    ("dashboard", "the moderator's dashboard", "/moderation/"),
    ("overview", "the workshop overview", "/moderation/workshops/{id}"),
    ("new", "the new-workshop page", "/moderation/workshops/new"),
    ("edit", "the workshop editor", "/moderation/workshops/{id}/edit"),
    ("poster", "the poster", "/moderation/workshops/{id}/poster"),
    ("console", "the moderation console", "/moderation/workshops/{id}/console"),
    ("fields", "the Handlungsfelder page", "/moderation/workshops/{id}/fields"),
    ("exports", "the exports page", "/moderation/workshops/{id}/exports"),
    ("focus", "the focus-group management page", "/moderation/workshops/{id}/focus"),
    ("admin", "the admin's account page", "/moderation/admin/"),
    ("admin-address", "the admin's public address page", "/moderation/admin/address"),
]

# Pages only the axe check opens (test_accessibility_all.py), not the reflow test: the wall
# is made for a projector, not for a 320 px phone. ``{idea}`` is the bus idea of others.
WALL_PAGES = [
    ("wall", "the wall", "/w/{code}/wall"),
    ("wall-fields", "the wall by Handlungsfeld", "/w/{code}/wall?by=field"),
]
FIX_TEXT_PAGE = ("fix-text", "the moderator's fix-text page", "/moderation/workshops/{id}/ideas/{idea}/edit")
MERGE_PAGE = ("merge", "the merge page (without JavaScript)", "/moderation/workshops/{id}/ideas/{idea}/merge")


def path(template, world):
    return template.format(code=world.workshop.code, id=world.workshop.id, token=world.token,
                           idea=world.ideas[BUS_IDEA], newest=max(world.ideas.values()))


def switch_language(page, language, next_path="/"):
    """Switch like the header's link does; the choice is kept in the ``lang`` cookie."""
    page.goto(f"/language/{language}?next={quote(next_path)}")
    assert page.evaluate("() => document.documentElement.lang").startswith(language)


def attendee_session(context, world, attendee_class, language="de"):
    """A page of ``context`` that joined the workshop and posted ``MY_IDEA`` (in German)."""
    page = context.new_page()
    person = attendee_class(page, world.workshop).join("Inge")
    person.post(MY_IDEA)
    if language != "de":
        switch_language(page, language)
    return page


def moderator_session(context, login, language="de"):
    page = context.new_page()
    login(page)
    if language != "de":
        switch_language(page, language)
    return page


def open_page(page, template, world):
    response = page.goto(path(template, world))
    assert response is not None and response.ok, f"{template}: {response and response.status}"
    page.wait_for_load_state()
    return page
