"""What each live page costs when it opens on a big workshop: statements, bytes, time.

Online phases stay open for weeks and grow to tens of thousands of ideas. Every page and
JSON endpoint that a phone, a wall or a moderator opens must read a bounded amount
whatever the workshop's size. This builds a workshop of N ideas (default 20,000; spread
over the questions, fields and groups, with dots and one logged event per idea) in a
fresh SQLite database, opens each page once through Flask's test client and prints, per
page: the SQL statements it ran, the rows those statements returned, the response's
bytes and the time it took (median of a few runs).

    .venv/bin/python bench/initial_loads.py                  # 20,000 ideas
    .venv/bin/python bench/initial_loads.py --ideas 1000     # compare: the numbers must not grow

Statements and rows are the honest measure (they do not depend on the machine's load);
the times are for orientation only.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import event as sa_event  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from helpers import TEST_PASSWORD, csrf_token, known_hashes  # noqa: E402


def build(ideas_count, directory):
    from participation import create_app

    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.db",
        "ANALYSIS_IN_BACKGROUND": False, "RUN_SHEET_TICK_SECONDS": 0,
    })
    with app.app_context():
        from participation.extensions import db

        db.create_all()
    return app


def seed(app, ideas_count):
    from participation.auth.services import create_moderator
    from participation.core.timeutil import utcnow
    from participation.database import write_transaction
    from participation.events.models import Event
    from participation.extensions import db
    from participation.groups.services import add_groups
    from participation.ideas.models import VISIBLE, Idea, Participant, Vote
    from participation.workshops.models import Workshop
    from participation.workshops.services import create_workshop

    with app.app_context():
        with known_hashes():
            moderator = create_moderator("moderatorin", TEST_PASSWORD)
        workshop = create_workshop(moderator, "dithmarschen")
        groups = add_groups(workshop, 4)
        questions = [question.id for question in workshop.questions]
        fields = [field.id for field in workshop.fields] + [None]
        group_ids = [group.id for group in groups] + [None]
        start = utcnow() - timedelta(days=20)
        with write_transaction() as session:
            people = [{"workshop_id": workshop.id, "token_hash": f"bench{number:06d}".ljust(64, "x"),
                       "nickname": f"Person {number}"} for number in range(500)]
            session.execute(insert(Participant), people)
        participant_ids = db.session.scalars(db.select(Participant.id).where(Participant.workshop_id == workshop.id)).all()
        rows = []
        for number in range(ideas_count):
            rows.append({
                "workshop_id": workshop.id, "question_id": questions[number % len(questions)],
                "field_id": fields[number % len(fields)], "group_id": group_ids[number % len(group_ids)],
                "participant_id": participant_ids[number % len(participant_ids)],
                "idempotency_key": f"bench-{number:06d}", "status": VISIBLE,
                "created_at": start + timedelta(seconds=60 * number), "updated_at": start,
                "text": f"Idee {number}: Mitfahrbank und Glasfaser für jedes Dorf, Radweg nach Heide",
            })
        with write_transaction() as session:
            for chunk in range(0, len(rows), 5000):
                session.execute(insert(Idea), rows[chunk:chunk + 5000])
        idea_ids = db.session.scalars(db.select(Idea.id).where(Idea.workshop_id == workshop.id).order_by(Idea.id)).all()
        with write_transaction() as session:
            votes = [{"idea_id": idea_id, "participant_id": participant_ids[(index * 7) % len(participant_ids)]}
                     for index, idea_id in enumerate(idea_ids[::3])]
            session.execute(insert(Vote), votes)
            # one logged event per idea, as posting writes them
            seq = db.session.get(Workshop, workshop.id).event_seq
            events = [{"workshop_id": workshop.id, "seq": seq + index + 1, "kind": "idea",
                       "payload": {"idea": {"id": idea_id}}, "created_at": start}
                      for index, idea_id in enumerate(idea_ids)]
            for chunk in range(0, len(events), 5000):
                session.execute(insert(Event), events[chunk:chunk + 5000])
            session.execute(db.text("UPDATE workshop SET event_seq = :seq WHERE id = :id"),
                            {"seq": seq + len(events), "id": workshop.id})
        return workshop.id, workshop.code


class Counter:
    def __init__(self, engine):
        self.statements = self.rows = 0
        sa_event.listen(engine, "after_cursor_execute", self._after)

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.statements += 1

    def reset(self):
        self.statements = 0


def pages(workshop_id, code):
    moderation = f"/moderation/workshops/{workshop_id}"
    return [
        ("phone", "phone", f"/j/{code}/ideas"),
        ("phone", "poll after=0 (phone)", f"/w/{code}/events.json?view=phone&after=0"),
        ("phone", "API ideas (first page)", f"/api/workshops/{code}/ideas"),
        ("moderator", "wall", f"/w/{code}/wall"),
        ("moderator", "wall by field", f"/w/{code}/wall?by=field"),
        ("moderator", "wall plenary", f"/w/{code}/wall?zeige=plenum"),
        ("moderator", "wall count", f"/w/{code}/wall/count"),
        ("moderator", "group wall", f"/w/{code}/gruppe/1"),
        ("moderator", "group wall count", f"/w/{code}/gruppe/1/anzahl"),
        ("moderator", "group poll after=0", f"/w/{code}/gruppe/1/poll?after=0"),
        ("moderator", "groups grid", f"{moderation}/gruppen/uebersicht"),
        ("moderator", "groups grid json", f"{moderation}/gruppen/uebersicht.json"),
        ("moderator", "moderation console", f"{moderation}/console"),
        ("moderator", "console list", f"{moderation}/console?partial=list"),
        ("moderator", "Handlungsfelder", f"{moderation}/fields"),
        ("moderator", "Handlungsfelder map.svg", f"{moderation}/fields/map.svg"),
        ("moderator", "poll after=0 (moderation)", f"/w/{code}/events.json?view=moderation&after=0"),
        ("moderator", "overview", f"{moderation}"),
    ]


def measure(app, workshop_id, code, runs, only=None):
    from participation.extensions import db

    with app.app_context():
        counter = Counter(db.engine)
    moderator = app.test_client()
    token = csrf_token(moderator)
    moderator.post("/moderation/login", data={"username": "moderatorin", "password": TEST_PASSWORD,
                                              "csrf_token": token})
    phone = app.test_client()
    token = csrf_token(phone)
    phone.post(f"/j/{code}", data={"nickname": "Inge", "csrf_token": token})
    clients = {"phone": phone, "moderator": moderator}
    only = set(only or ())
    for who, name, url in pages(workshop_id, code):
        if only and name not in only:
            continue
        times, statements, size, status = [], None, 0, None
        for _run in range(runs):
            counter.reset()
            started = time.perf_counter()
            response = clients[who].get(url)
            body = response.get_data()
            times.append(time.perf_counter() - started)
            statements, size, status = counter.statements, len(body), response.status_code
        yield name, status, statements, size, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ideas", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", help="measure only this page (by its name; repeatable)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = build(options.ideas, directory)
        started = time.perf_counter()
        workshop_id, code = seed(app, options.ideas)
        print(f"{options.ideas:,} ideas seeded in {time.perf_counter() - started:.1f} s", flush=True)
        print(f"{'page':32} {'status':>6} {'SQL':>5} {'bytes':>10} {'ms':>8}")
        for name, status, statements, size, seconds in measure(app, workshop_id, code, options.runs, options.page):
            print(f"{name:32} {status:>6} {statements:>5} {size:>10,} {seconds * 1000:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
