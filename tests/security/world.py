"""Two workshops of two moderators, and every kind of visitor, for the security walks.

Workshop A (of ``owner``) is the rich export workshop plus a second focus group, a wall
link and a remote link; workshop B (of ``intruder``) has ideas, a field, a focus link and a measure of its own,
so that every id in a URL of A can be swapped for one of B. Clients: the owner (logged in
and joined A as an attendee, so one client can reach every route), the intruder (logged
in), an attendee of A (cookie only) and an anonymous visitor.
"""

import html
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from unittest.mock import patch

from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from factories import build_rich_workshop
from helpers import TEST_PASSWORD, csrf_token, make_participant, post_idea

OWNER, INTRUDER, ADMIN_NAME = "owner-anna", "intruder-bert", "admin-ada"
TITLE_A, TITLE_B = "Werkstatt Aalfang", "Werkstatt Brunsbüttel"
ATTENDEE_TEXT = "Eigene Idee der Teilnehmerin: Sitzbänke am Deich"
ATTENDEE_SECOND_TEXT = "Noch eine eigene Idee: Trinkwasserbrunnen am Hafen"
SECOND_MEASURE = "Glasfaser-Sprechstunde im Dorfgemeinschaftshaus"
B_TEXTS = ("Bürgerbus nach Brunsbüttel-Süd", "Lotsenhaus als Coworking-Ort", "Geheim: Schleuse verlegen")
B_MEASURE = "Lotsen-Coworking im Hafen"
TEMPLATE_A, TEMPLATE_B = "Vorlage Aalfang", "Vorlage Brunsbüttel"
PROCESS_A, PROCESS_B = "Strategieprozess Aalfang", "Strategieprozess Brunsbüttel"


@dataclass
class Side:
    """One workshop and the ids a URL can name in it."""

    workshop: object
    question_ids: list
    field_ids: list
    idea_ids: list  # visible ideas of other people than the attendee
    link_ids: list
    tokens: list  # focus tokens, one per link, in the same order
    measure_ids: list
    wall_key: str
    co_moderator_ids: list
    spare_account_id: int  # an account for the admin pages to act on
    saved_template_ids: list = field(default_factory=list)  # templates of the workshop's owner
    own_idea_id: int | None = None  # the attendee's own idea (workshop A only)
    step_ids: list = field(default_factory=list)  # the run sheet's steps (none running)
    remote_key: str = ""  # the secret remote link's key (the moderator's phone)
    cards_key: str = ""  # the secret "Kartenerfassung" link's key (a helper typing paper cards)
    paper_idea_ids: list = field(default_factory=list)  # paper cards typed in
    import_token: str = ""  # an uploaded file waiting for its import (of the workshop's owner)
    group_ids: list = field(default_factory=list)  # groups (issue 21): three tables; the last one has no ideas
    # --- group work: the facilitator page (issue 21, "facil") ---
    group_numbers: list = field(default_factory=list)  # groups 1 and 2
    facilitator_keys: list = field(default_factory=list)  # their Tischmoderation keys
    group_idea_ids: dict = field(default_factory=dict)  # group number -> its ideas (visible; [1] hidden, [5] promoted)
    # --- end group work: facilitator ---
    # --- issue 22: the process the workshop is in, its milestones and final vote ---
    process_id: int | None = None
    process_slug: str = ""
    process_field_ids: list = field(default_factory=list)  # catalogue entries
    milestone_ids: list = field(default_factory=list)  # milestones of the first measure (one ticked off)
    choice_ids: list = field(default_factory=list)  # the process's final vote (open)
    choice_codes: list = field(default_factory=list)  # its voting page's code
    candidate_ids: list = field(default_factory=list)  # its candidates
    # --- end issue 22 ---


@dataclass
class World:
    app: object
    a: Side
    b: Side
    owner: object
    intruder: object
    clients: dict = field(default_factory=dict)  # name -> test client
    tokens: dict = field(default_factory=dict)  # name -> CSRF token of that client's session
    secrets_of_a: tuple = ()
    secrets_of_b: tuple = ()

    def client(self, name):
        return self.clients[name]


def _login(client, username):
    token = csrf_token(client)
    response = client.post("/moderation/login", data={"username": username, "password": TEST_PASSWORD,
                                                       "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return csrf_token(client)  # the session starts afresh at login


def _join(client, workshop, nickname="Inge"):
    token = csrf_token(client)
    response = client.post(f"/j/{workshop.code}", data={"nickname": nickname, "csrf_token": token})
    assert response.status_code == 302
    return token


def _today():
    from participation.focus_groups.services import BERLIN

    return datetime.now(BERLIN).date()


def _side(workshop, idea_ids, links, measure_ids, co_moderator, spare):
    from participation.imports.services import keep_pending
    from participation.workshops.co_moderators import invite_co_moderator
    from participation.ideas.cards import Card, add_cards
    from participation.workshops.cards_keys import rotate_cards_key
    from participation.workshops.remote_keys import rotate_remote_key
    from participation.workshops.wall_keys import ensure_wall_token

    invite_co_moderator(workshop, co_moderator.username)
    if not workshop.steps:  # the template brought no run sheet: the default one
        from participation.runsheet.defaults import add_default_run

        add_default_run(workshop)
    cards, _repeated = add_cards(workshop, workshop.questions[0].id,
                                 [Card(text="Papierkarte vom Stehtisch", key="world-card-1", paper_votes=1)])
    # --- groups (issue 21): three tables, the first asks for help and has a facilitator link ---
    from participation.groups.keys import rotate_facilitator_key
    from participation.groups.services import add_groups, raise_help

    groups = add_groups(workshop, 3)
    raise_help(groups[0])  # the overview's "erledigt" has something to clear
    rotate_facilitator_key(groups[0])
    # --- end groups ---

    return Side(
        workshop=workshop,
        question_ids=[question.id for question in workshop.questions],
        field_ids=[item.id for item in workshop.fields],
        idea_ids=idea_ids,
        link_ids=[link.id for link, _token in links],
        tokens=[token for _link, token in links],
        measure_ids=measure_ids,
        wall_key=ensure_wall_token(workshop),
        co_moderator_ids=[co_moderator.id],
        spare_account_id=spare.id,
        step_ids=[step.id for step in workshop.steps],
        remote_key=rotate_remote_key(workshop),
        cards_key=rotate_cards_key(workshop),
        paper_idea_ids=[state["id"] for state in cards],
        import_token=keep_pending(workshop, workshop.owner, "ideen.csv", "Idee\nAus einer Datei\n".encode()).token,
        group_ids=[group.id for group in groups],  # issue 21; group_numbers: the facilitated groups (below)
    )


def _measure(workshop, field_, title, ideas=()):
    from participation.database import write_transaction
    from participation.measures.models import Measure
    from participation.ideas.models import Idea

    with write_transaction() as session:
        measure = Measure(workshop_id=workshop.id, field_id=field_.id, title=title, description="Entwurf")
        measure.fields = [session.get(type(field_), field_.id)]
        measure.ideas = [session.get(Idea, idea.id) for idea in ideas]
        session.add(measure)
    return measure.id


def build_world(app):
    """Both workshops, their links and measures, and the logged-in/joined clients.

    Built fast: cheap password hashes, and the analysis runs once per workshop at the end
    instead of after every idea."""
    from participation.core.signals import content_changed

    with patch("participation.auth.models.generate_password_hash", _cheap_hash), content_changed.muted():
        world = _build_world(app)
    from participation.fields.services import run_analysis

    run_analysis(world.a.workshop)
    run_analysis(world.b.workshop)
    return world


def _cheap_hash(password):
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def _build_world(app):
    from participation.auth.models import ADMIN
    from participation.auth.services import create_moderator
    from participation.extensions import db
    from participation.focus_groups import services as focus
    from participation.measures.models import Measure
    from participation.ideas.models import HIDDEN, PENDING, Idea
    from participation.workshops.services import create_workshop

    owner = create_moderator(OWNER, TEST_PASSWORD)  # the first account (maybe an admin)
    intruder = create_moderator(INTRUDER, TEST_PASSWORD)
    co_a, co_b = (create_moderator(name, TEST_PASSWORD) for name in ("co-carla", "co-dora"))
    create_moderator("co-emil", TEST_PASSWORD)  # to be invited by a form
    spare = create_moderator("konto-fritz", TEST_PASSWORD)  # for the admin pages to act on
    create_moderator(ADMIN_NAME, TEST_PASSWORD, role=ADMIN)

    a = create_workshop(owner, "dithmarschen", title=TITLE_A)
    rich = build_rich_workshop(a)
    mobility = next(item for item in a.fields if "Mobilität" in item.name)
    broadband = next(item for item in a.fields if item is not mobility)
    first_measure = db.session.scalar(select(Measure.id).where(Measure.workshop_id == a.id))
    second_measure = _measure(a, broadband, SECOND_MEASURE)
    links_a = [
        focus.create_link(a, mobility, _today() + timedelta(days=5), "Gruppe Mobilität"),
        focus.create_link(a, broadband, _today() + timedelta(days=5), "Gruppe Breitband"),
    ]
    visible_a = db.session.scalars(
        select(Idea.id)
        .where(Idea.workshop_id == a.id, Idea.status == "visible", Idea.merged_into_id.is_(None))
        .order_by(Idea.id)
    ).all()

    b = create_workshop(intruder, "dithmarschen", title=TITLE_B)
    people_b = [make_participant(b, name) for name in ("bodo", "berit")]
    ideas_b = [post_idea(b, people_b[number % 2], text_, question=number % 3)
               for number, text_ in enumerate(B_TEXTS)]
    field_b = b.fields[0]
    links_b = [focus.create_link(b, field_b, _today() + timedelta(days=5), "Gruppe B")]
    measure_b = _measure(b, field_b, B_MEASURE, ideas_b[:1])

    from participation.workshops.saved_templates import save_workshop_as_template

    template_a = save_workshop_as_template(owner, a, TEMPLATE_A)
    template_b = save_workshop_as_template(intruder, b, TEMPLATE_B)

    world = World(
        app=app,
        a=_side(a, list(visible_a), links_a, [first_measure, second_measure], co_a, spare),
        b=_side(b, [idea.id for idea in ideas_b], links_b, [measure_b], co_b, spare),
        owner=owner,
        intruder=intruder,
    )
    world.a.saved_template_ids = [template_a.id]
    world.b.saved_template_ids = [template_b.id]
    _facilitated_groups(world.a)
    _facilitated_groups(world.b)
    _process(world.a, owner, PROCESS_A)
    _process(world.b, intruder, PROCESS_B)

    clients = {name: app.test_client() for name in ("owner", "intruder", "admin", "attendee", "anonymous")}
    world.clients = clients
    world.tokens["owner"] = _login(clients["owner"], OWNER)
    _join(clients["owner"], a, "Anna (Moderation)")
    world.tokens["intruder"] = _login(clients["intruder"], INTRUDER)
    world.tokens["admin"] = _login(clients["admin"], ADMIN_NAME)
    world.tokens["attendee"] = _join(clients["attendee"], a)
    world.tokens["anonymous"] = csrf_token(clients["anonymous"])
    for number, text_ in enumerate((ATTENDEE_TEXT, ATTENDEE_SECOND_TEXT)):
        response = clients["attendee"].post(f"/j/{a.code}/ideas", data={
            "question_id": a.questions[number].id, "text": text_, "csrf_token": world.tokens["attendee"]})
        assert response.status_code == 302
    db.session.rollback()
    world.a.own_idea_id = db.session.scalar(select(Idea.id).where(Idea.text == ATTENDEE_TEXT))

    hidden = db.session.scalar(select(Idea.text).where(Idea.workshop_id == a.id, Idea.status == HIDDEN))
    pending = db.session.scalar(select(Idea.text).where(Idea.workshop_id == a.id, Idea.status == PENDING))
    world.secrets_of_a = (TITLE_A, rich.measure_title, SECOND_MEASURE, hidden, pending, world.a.wall_key,
                          world.a.remote_key, world.a.cards_key, *world.a.tokens, *rich.visible[:3], TEMPLATE_A,
                          *world.a.facilitator_keys, PROCESS_A)
    world.secrets_of_b = (TITLE_B, B_MEASURE, world.b.wall_key, world.b.remote_key, world.b.cards_key, *world.b.tokens, *B_TEXTS,
                          TEMPLATE_B, *world.b.facilitator_keys, PROCESS_B)
    return world


# --- group work: the facilitator page (issue 21, "facil") ---
def _facilitated_groups(side):
    """Two groups with a facilitator link each and six ideas each, posted in the group:
    the walk hides [0], shows [1] (hidden here), corrects [2], merges [3] into [4],
    promotes [4] and takes [5] back (promoted here)."""
    from participation.extensions import db
    from participation.groups import services
    from participation.groups.keys import rotate_facilitator_key
    from participation.ideas.models import Idea
    from participation.moderation.services import hide
    from participation.workshops.models import Group, Workshop

    groups = services.add_groups(db.session.get(Workshop, side.workshop.id), 2, prefix="Tischgruppe")
    for group in groups:
        person = make_participant(db.session.get(Workshop, side.workshop.id), f"tisch{group.id}")
        services.join_group(person, db.session.get(Group, group.id))
        side.group_idea_ids[group.number] = [
            post_idea(db.session.get(Workshop, side.workshop.id), person, f"Tischidee {n} der Gruppe {group.number}").id
            for n in range(6)]
        side.group_numbers.append(group.number)
        side.facilitator_keys.append(rotate_facilitator_key(db.session.get(Group, group.id)))
        ideas = side.group_idea_ids[group.number]
        hide(db.session.get(Idea, ideas[1]))
        services.promote(db.session.get(Group, group.id), db.session.get(Idea, ideas[5]))
# --- end group work: facilitator ---


# --- issue 22: processes, Rückmeldung, the final vote ---
def _process(side, owner, title):
    """A process (not public) with the side's workshop in it; the first measure with two
    milestones (the first ticked off); an open final vote with two candidates."""
    import secrets as random_secrets
    from datetime import date

    from participation.choices.models import OPEN, ProjectCandidate, ProjectChoice
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.measures.models import Measure, MeasureMilestone
    from participation.processes import services as processes
    from participation.workshops.models import Workshop

    process = processes.create_process(owner, title, "Vom Auftakt zur Strategie")
    processes.join(process, db.session.get(Workshop, side.workshop.id))
    side.process_id, side.process_slug = process.id, process.slug
    side.process_field_ids = [entry.id for entry in process.fields]
    with write_transaction() as session:
        measure = session.get(Measure, side.measure_ids[0])
        milestones = [MeasureMilestone(measure_id=measure.id, position=0, title="Standorte festlegen",
                                       done_on=date(2026, 11, 2)),
                      MeasureMilestone(measure_id=measure.id, position=1, title="Förderantrag stellen")]
        session.add_all(milestones)
        choice = ProjectChoice(process_id=process.id, title="Welches Projekt zuerst?", state=OPEN,
                               code=random_secrets.token_urlsafe(6))
        choice.candidates = [ProjectCandidate(position=0, title="Mitfahrbank", measure_id=measure.id),
                             ProjectCandidate(position=1, title="Repair-Café")]
        session.add(choice)
    side.milestone_ids = [milestone.id for milestone in milestones]
    side.choice_ids, side.choice_codes = [choice.id], [choice.code]
    side.candidate_ids = [candidate.id for candidate in choice.candidates]
# --- end issue 22 ---


def leaked(response, secrets):
    """The secrets that appear in the response body (raw or HTML-escaped)."""
    body = response.get_data(as_text=True)
    return [secret for secret in secrets if secret and (secret in body or html.escape(secret) in body)]


def database_state(workshop_id=None):
    """Every row of every table (or the rows of one workshop's tables), to prove that a
    refused request changed nothing."""
    from participation.extensions import db

    db.session.rollback()  # see what the requests committed
    state = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            key = [column.name for column in table.primary_key.columns]
            key = key or [column.name for column in table.columns]
            order = ", ".join(f'"{name}"' for name in key)
            where, parameters = "", {}
            if workshop_id is not None:
                column = "id" if table.name == "workshop" else "workshop_id"
                if column not in table.columns:
                    continue
                where, parameters = f' WHERE "{column}" = :workshop', {"workshop": workshop_id}
            query = text(f'SELECT * FROM "{table.name}"{where} ORDER BY {order}')
            rows = connection.execute(query, parameters).all()
            state[table.name] = [tuple(map(_hashable, row)) for row in rows]
    return state


def _hashable(value):
    """JSON columns come back as lists and dicts on PostgreSQL."""
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


def state_difference(before, after):
    """A short description of what changed between two database states ('' if nothing)."""
    changes = []
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, ())), set(after.get(table, ()))
        if old != new:
            changes.append(f"{table}: -{len(old - new)} +{len(new - old)} rows")
    return "; ".join(changes)
