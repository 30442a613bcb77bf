"""What stamping ``Idea.posted_seq`` costs a post (issue 23, the API's pages in commit order).

Posts ideas one after another through the real posting path (``submit_idea``: the group
writer, the event log's commit) in-process, alternating post by post with the stamp and
without it (the events recorded as before), and prints the median time per post of each.

    python bench/posted_seq.py --database sqlite --posts 1000
    python bench/posted_seq.py --database postgresql://postgres@127.0.0.1:5432/test --posts 1000
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from participation import create_app  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.ideas import posting  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="sqlite", help="sqlite or a PostgreSQL URL")
    parser.add_argument("--posts", type=int, default=1000, help="posts of each kind")
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp()
    schema = None
    if arguments.database == "sqlite":
        url = f"sqlite:///{folder}/bench.sqlite"
    else:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(arguments.database).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = arguments.database.replace("postgresql://", "postgresql+psycopg://") + f"?options=-csearch_path%3D{schema}"
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "ANALYSIS_IN_BACKGROUND": True,
                      "IDEA_RATE_LIMIT": 10**9, "INSTANT_POST_SECONDS": 0})
    original = posting.record_events
    results = {"stamped": [], "not stamped": []}
    with app.app_context():
        db.create_all()
    with app.app_context():
        from participation.auth.services import create_moderator
        from participation.database import write_transaction
        from participation.ideas.models import Participant
        from participation.ideas.services import submit_idea
        from participation.workshops.services import create_workshop

        moderator = create_moderator("bench", "bench-passwort-42")
        workshop = create_workshop(moderator, "dithmarschen")
        with write_transaction() as session:
            participant = Participant(workshop_id=workshop.id, token_hash="b" * 64, nickname="Bench")
            session.add(participant)
        question = workshop.questions[0].id
        unstamped = (lambda session, workshop_id, kind, payloads, posted=False:
                     original(session, workshop_id, kind, payloads))
        for number in range(arguments.posts * 2):  # alternating post by post: the load drifts alike for both
            stamped = number % 2 == 0
            posting.record_events = original if stamped else unstamped
            started = time.perf_counter()
            submit_idea(workshop, participant, question, f"Bench-Idee {number}", f"bench-{number}")
            results["stamped" if stamped else "not stamped"].append((time.perf_counter() - started) * 1000)
        posting.record_events = original
        db.session.remove()
        db.engine.dispose()
    if schema:
        with create_engine(arguments.database).begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    for name, times in results.items():
        quartiles = statistics.quantiles(times, n=4)
        print(f"{name:12}: median {statistics.median(times):.3f} ms per post, quartiles {quartiles[0]:.3f}"
              f"–{quartiles[2]:.3f} ms, {len(times)} posts")


if __name__ == "__main__":
    main()
