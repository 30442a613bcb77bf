"""A participation process of three workshops, built through the real services (issue 22).

"Auftakt" is the rich export workshop (hidden, pending and merged ideas, dots, a decision, a
measure); "Online-Phase" has phone ideas and a moderator's decisions; "Zweiter Abend" has
phone ideas, paper cards and two groups. All three share the Dithmarschen catalogue.
``expected`` holds what the process page and its exports must count.
"""

from collections import Counter
from dataclasses import dataclass, field

from factories import build_rich_workshop
from helpers import make_participant, post_idea

ONLINE_TEXTS = (
    ("Mehr Busse am Abend zwischen Heide und Meldorf", "Mobilität"),
    ("Ein Rufbus, den man per App bestellt", "Mobilität"),
    ("Tablets für jede Grundschulklasse", "Bildung"),
    ("Programmierkurse für Kinder in der Bücherei", "Bildung"),
    ("Telemedizin-Sprechstunde in der Apotheke", "Gesundheit & Pflege"),
    ("Pflegeberatung per Videoanruf für Angehörige", "Gesundheit & Pflege"),
    ("Glasfaser bis in jedes Dorf, auch Außenbereiche", "Breitband & Infrastruktur"),
    ("Freies WLAN an allen Bushaltestellen 📶", "Breitband & Infrastruktur"),
    ("Bürgeramt online: Ummelden ohne Wartezeit", "Verwaltung & Bürgerservice"),
    ("Coworking im alten Bahnhof für Pendler", "Wirtschaft & Arbeit"),
)
EVENING_TEXTS = (
    ("Carsharing mit E-Autos in jedem Ortsteil", "Mobilität"),
    ("Mitfahrbänke mit digitaler Anzeige", "Mobilität"),
    ("Digitale Lernplattform für die Volkshochschule", "Bildung"),
    ("Smarte Straßenbeleuchtung spart Strom", "Umwelt & Energie"),
    ("Vereinsportal für Ehrenamtliche im Kreis", "Kultur, Freizeit & Ehrenamt"),
    ("Hausarzt-Termine online buchen", "Gesundheit & Pflege"),
)
PAPER_TEXTS = ("Busfahrplan als App fürs Dorf", "Tablet-Kurse für Senioren im Gemeindehaus", "Mehr Ladesäulen")


@dataclass
class ProcessWorld:
    process: object
    workshops: list  # Auftakt, Online-Phase, Zweiter Abend
    groups: list = field(default_factory=list)  # the evening's two groups
    decided: dict = field(default_factory=dict)  # idea id -> field name a moderator chose
    visible: Counter = field(default_factory=Counter)  # workshop title -> ideas the room saw
    paper: Counter = field(default_factory=Counter)  # workshop title -> paper cards


def build_process(owner, title="Dithmarschen Digital – Strategieprozess"):
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.fields import services as sorting
    from participation.groups import services as groups
    from participation.ideas.cards import Card, add_cards
    from participation.ideas.state import count_public_ideas
    from participation.processes import services as processes
    from participation.voting.services import give_vote
    from participation.workshops.models import Workshop
    from participation.workshops.services import create_workshop
    from datetime import date

    kickoff = create_workshop(owner, "dithmarschen", title="Auftakt Dithmarschen Digital")
    build_rich_workshop(kickoff)
    online = create_workshop(owner, "dithmarschen", title="Online-Phase")
    evening = create_workshop(owner, "dithmarschen", title="Zweiter Abend")
    with write_transaction():
        kickoff.event_date, online.event_date, evening.event_date = date(2026, 9, 1), date(2026, 9, 15), date(2026, 10, 20)
        kickoff.place, evening.place = "Heide", "Meldorf"

    world = ProcessWorld(process=None, workshops=[kickoff, online, evening])
    people = [make_participant(online, name) for name in ("olga", "oskar", "otto")]
    online_ideas = [post_idea(online, people[n % 3], text, question=n % 3) for n, (text, _f) in enumerate(ONLINE_TEXTS)]
    for voter in people[1:]:  # not its author (people[0]): nobody dots their own idea
        give_vote(voter, online_ideas[0])
    give_vote(people[0], online_ideas[2])
    fields = {item.name: item for item in online.fields}
    for idea, (_text, name) in list(zip(online_ideas, ONLINE_TEXTS))[:4]:
        sorting.move_idea(idea, fields[name])
        world.decided[idea.id] = name

    tables = groups.add_groups(evening, 2, prefix="Tisch")
    guests = [make_participant(evening, name) for name in ("eva", "emil", "enno", "edda")]
    for number, person in enumerate(guests):
        groups.join_group(person, tables[number % 2])
    for n, (text, _f) in enumerate(EVENING_TEXTS):
        post_idea(evening, db.session.get(type(guests[0]), guests[n % 4].id), text, question=n % 3)
    add_cards(evening, evening.questions[1].id, [Card(text=text, key=f"papier-{n}") for n, text in enumerate(PAPER_TEXTS)])
    world.groups = tables

    process = processes.create_process(owner, title, "Vom Auftakt bis zur Kreisstrategie")
    for workshop in world.workshops:
        processes.join(process, db.session.get(Workshop, workshop.id))
        sorting.run_analysis(db.session.get(Workshop, workshop.id))
    world.process = process
    for workshop in world.workshops:
        workshop = db.session.get(Workshop, workshop.id)
        world.visible[workshop.title] = count_public_ideas(workshop)
    world.paper["Zweiter Abend"] = len(PAPER_TEXTS)
    return world
