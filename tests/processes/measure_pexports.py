"""Not a test (pytest collects only test_*.py): builds the factory process, fills each
workshop up to 667 visible ideas (2,001 in all, 3 to 25 words each), times each combined
export and writes the files and PNGs of the PDF's first pages to /tmp/pexp. Run:

    .venv/bin/python -m pytest -q -s -p no:cacheprovider tests/processes/measure_pexports.py -k sqlite
"""

import random
import time
from pathlib import Path

from process_factories import build_process

OUT = Path("/tmp/pexp")


def test_measure(app, moderator):
    from participation.database import write_transaction
    from participation.extensions import db
    from participation.ideas.models import Idea
    from participation.processes.exports import process_export
    from participation.processes.models import Process
    from participation.workshops.models import Workshop

    world = build_process(moderator)
    process = db.session.get(Process, world.process.id)
    shown = sum(world.visible.values())
    rng = random.Random(4)
    words = ("Bus", "Glasfaser", "Schule", "Tablet", "Pflege", "WLAN", "Radweg", "Ehrenamt", "Bürgerbüro", "Dorf",
             "Carsharing", "Ladesäule", "Volkshochschule", "Telemedizin", "Coworking")
    with write_transaction() as session:
        for workshop in process.workshops:
            workshop = session.get(Workshop, workshop.id)
            person = workshop.participants[0] if hasattr(workshop, "participants") and workshop.participants else None
            person_id = person.id if person else session.scalar(
                db.select(Idea.participant_id).where(Idea.workshop_id == workshop.id).limit(1))
            fields = [item.id for item in workshop.fields]
            for n in range(667 - world.visible[workshop.title]):
                text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 25))) + f" Nr. {n}"
                session.add(Idea(workshop_id=workshop.id, question_id=workshop.questions[n % len(workshop.questions)].id,
                                 participant_id=person_id, idempotency_key=f"m{workshop.id}-{n}", text=text,
                                 field_id=rng.choice(fields + [None]), field_score=0.3, field_terms=["Bus"]))
    OUT.mkdir(exist_ok=True)
    with app.test_request_context():
        for fmt in ("csv", "xlsx", "json", "pdf"):
            start = time.perf_counter()
            export = process_export(db.session.get(Process, process.id), fmt)
            took = time.perf_counter() - start
            (OUT / export.filename).write_bytes(export.content)
            print(f"{fmt}: {took:.2f} s, {len(export.content) / 1024:.0f} KiB")
    from participation.processes.exports import process_snapshot
    print("ideas:", process_snapshot(db.session.get(Process, process.id)).idea_count, "factory visible:", shown)
    import pypdfium2

    document = pypdfium2.PdfDocument((OUT / export.filename).read_bytes())
    print("pages:", len(document))
    for number in (0, 1, 2, 3, 4):
        document[number].render(scale=1.5).to_pil().save(OUT / f"page{number + 1}.png")
    document.close()

