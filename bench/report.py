"""Time the documentation (Dokumentation) of a large process: DOCX and PDF together.

Builds a process of three workshops with 2,000 visible ideas (German texts composed here
from a few hundred phrases: mobility, schools, health, broadband, administration, energy,
culture, work), dots, and the analysis' field assignment, on a fresh SQLite database;
then builds the process's DOCX and PDF three times and prints the median and spread of
the runs and the machine's load.

    .venv/bin/python bench/report.py              # 2,000 ideas, 3 runs
    .venv/bin/python bench/report.py --ideas 500 --runs 5
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = {
    "Mobilität": (
        ["Mehr Busse", "Ein Rufbus", "Carsharing mit E-Autos", "Mitfahrbänke", "Ein Fahrplan in Echtzeit",
         "Sichere Radwege", "Ladesäulen", "Ein E-Bike-Verleih", "Ein Bürgerbus", "Eine Mitfahr-App"],
        ["am Abend", "am Wochenende", "für Schüler", "für Pendler", "für ältere Menschen", "ohne eigenes Auto"],
        ["zwischen Heide und Meldorf", "in jedem Dorf", "am Bahnhof", "an der Schule", "nach Büsum", "im ganzen Kreis"],
    ),
    "Bildung": (
        ["Tablets", "Eine Lernplattform", "Programmierkurse", "Medienkompetenz-Kurse", "Digitale Tafeln",
         "Eine Schul-Cloud", "WLAN", "Lern-Apps", "Computerkurse", "Eine Hausaufgabenhilfe per Video"],
        ["für Grundschulkinder", "für Senioren", "für Lehrkräfte", "für Eltern", "für Auszubildende", "am Nachmittag"],
        ["in jeder Schule", "in der Bücherei", "in der Volkshochschule", "im Jugendzentrum", "im Gemeindehaus", "online"],
    ),
    "Gesundheit & Pflege": (
        ["Eine Videosprechstunde", "Telemedizin", "Das E-Rezept", "Ein Hausnotruf", "Digitallotsen",
         "Online-Termine", "Eine Pflegeberatung per Video", "Sturzsensoren", "Eine Gesundheits-App", "Ein Medikamentenplan"],
        ["beim Hausarzt", "für Angehörige", "für alleinlebende Senioren", "im Pflegeheim", "in der Apotheke", "nachts"],
        ["auf dem Land", "ohne lange Fahrt", "in Heide", "im Dorf", "im ganzen Kreis", "rund um die Uhr"],
    ),
    "Breitband & Infrastruktur": (
        ["Glasfaser", "Freies WLAN", "Besserer Mobilfunk", "Schnelles Internet", "Ein Funkmast",
         "Öffentliche Ladestationen", "Smarte Straßenlaternen", "Ein offenes Datenportal", "LoRaWAN-Sensoren", "5G"],
        ["bis ins Haus", "an Bushaltestellen", "für Höfe im Außenbereich", "für Betriebe", "auf dem Marktplatz", "am Deich"],
        ["in jedem Dorf", "in der Marsch", "in Wesselburen", "an der Küste", "im Gewerbegebiet", "im ganzen Kreis"],
    ),
    "Verwaltung & Bürgerservice": (
        ["Online-Anträge", "Ein Bürgerportal", "Online-Termine im Bürgerbüro", "Eine digitale Bauakte",
         "Ummelden per App", "Ein Chat mit dem Amt", "Formulare ohne Papier", "Eine Mängelmelder-App", "Digitale Ratssitzungen", "Der digitale Personalausweis"],
        ["ohne Wartezeit", "auch am Abend", "in einfacher Sprache", "für alle Ämter", "mit Statusanzeige", "barrierefrei"],
        ["beim Kreis", "in der Gemeinde", "im Amt", "für Bürgerinnen und Bürger", "für Vereine", "für Betriebe"],
    ),
    "Umwelt & Energie": (
        ["Smarte Heizungssteuerung", "Ein Energiemonitor", "Solaranlagen", "Ein Bürgerwindpark-Portal",
         "Sensoren für den Pegel", "Eine Müll-App", "Ein Repair-Café", "Smarte Straßenbeleuchtung", "Wärmepumpen-Beratung", "Eine Klimakarte"],
        ["für öffentliche Gebäude", "für Hausbesitzer", "zum Strom sparen", "mit Förderung", "für Schulen", "am Deich"],
        ["im Kreis", "im Dorf", "an der Küste", "in Heide", "in jeder Gemeinde", "online"],
    ),
    "Kultur, Freizeit & Ehrenamt": (
        ["Ein Vereinsportal", "Ein Veranstaltungskalender", "Eine Ehrenamtsbörse", "Ein digitales Museum",
         "Eine Tourismus-App", "Ein Dorf-Chat", "Eine Jugend-App", "Ein Kulturticket", "Ein Makerspace", "Ein Sportplatz-Buchungssystem"],
        ["für Ehrenamtliche", "für Jugendliche", "für Gäste", "für Familien", "für Vereine", "am Wochenende"],
        ["im ganzen Kreis", "in jedem Dorf", "in Meldorf", "an der Küste", "in Büsum", "online"],
    ),
    "Wirtschaft & Arbeit": (
        ["Coworking-Räume", "Homeoffice-Plätze", "Ein Online-Marktplatz", "Digitalberatung", "Ein Dorfladen mit App",
         "Eine Jobbörse", "Fachkräfte-Werbung", "Ein Gründerzentrum", "Lieferdienste", "Digitale Hofläden"],
        ["für Pendler", "für Handwerksbetriebe", "für Landwirte", "für kleine Läden", "für Gründerinnen", "für Auszubildende"],
        ["im alten Bahnhof", "in Heide", "im Dorf", "im Gewerbegebiet", "im ganzen Kreis", "an der Küste"],
    ),
}
ENDINGS = ["", "", "", "!", " – das wäre super.", ", damit niemand abgehängt wird.", " 👍", ", bitte bald.",
           ", so wie in Nordfriesland.", ". Das spart viel Zeit."]


def german_ideas(count, seed=22):
    rng = random.Random(seed)
    names = list(TOPICS)
    for number in range(count):
        subjects, who, where = TOPICS[names[number % len(names)]]
        yield f"{rng.choice(subjects)} {rng.choice(who)} {rng.choice(where)}{rng.choice(ENDINGS)}"


def build(app, ideas, seed=22):
    from sqlalchemy import select

    from participation.auth.services import create_moderator
    from participation.extensions import db
    from participation.fields.services import run_analysis
    from participation.ideas.models import Idea, Participant, Vote
    from participation.processes import services as processes
    from participation.workshops.models import Workshop
    from participation.workshops.services import create_workshop

    rng = random.Random(seed)
    owner = create_moderator("bench", "bench-password-123")
    workshops = [create_workshop(owner, "dithmarschen", title=title) for title in
                 ("Auftakt in Heide", "Online-Phase", "Zweiter Abend in Meldorf")]
    for workshop, when, place in zip(workshops, (date(2026, 9, 1), date(2026, 9, 15), date(2026, 10, 20)),
                                     ("Heide", "", "Meldorf")):
        workshop.event_date, workshop.place = when, place
    db.session.commit()
    texts = list(german_ideas(ideas, seed))
    for number, workshop in enumerate(workshops):
        share = texts[number::3]
        people = [Participant(workshop_id=workshop.id, token_hash=f"bench-{workshop.id}-{n}", nickname=None)
                  for n in range(max(10, len(share) // 4))]
        db.session.add_all(people)
        db.session.flush()
        questions = workshop.questions
        rows = [Idea(workshop_id=workshop.id, question_id=questions[n % len(questions)].id,
                     participant_id=people[n % len(people)].id, idempotency_key=f"b{n}", text=text)
                for n, text in enumerate(share)]
        db.session.add_all(rows)
        db.session.flush()
        for person in people:  # three dots each, never on their own idea
            for idea in rng.sample(rows, 3):
                if idea.participant_id != person.id:
                    db.session.add(Vote(idea_id=idea.id, participant_id=person.id))
        db.session.commit()
    process = processes.create_process(owner, "Dithmarschen Digital – Bench", "2,000 Ideen aus drei Veranstaltungen")
    for workshop in workshops:
        processes.join(process, db.session.get(Workshop, workshop.id))
        run_analysis(db.session.get(Workshop, workshop.id))
    return process.id


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="report-bench-")
    os.environ.setdefault("PARTICIPATION_INSTANCE", folder)
    from participation import create_app
    from participation.extensions import db

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "ANALYSIS_IN_BACKGROUND": False})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        process_id = build(app, options.ideas)
        print(f"built {options.ideas} ideas in 3 workshops in {time.perf_counter() - started:.1f} s")
        from participation.processes.models import Process
        from participation.reports.services import process_report_file

        load_before = os.getloadavg()
        runs = []
        for _run in range(options.runs):
            with app.test_request_context("/", headers={"Accept-Language": "de"}):
                db.session.expire_all()
                process = db.session.get(Process, process_id)
                started = time.perf_counter()
                docx = process_report_file(process, "docx")
                middle = time.perf_counter()
                pdf = process_report_file(process, "pdf")
                ended = time.perf_counter()
            runs.append((ended - started, middle - started, ended - middle))
            print(f"  run: {ended - started:.2f} s (DOCX {middle - started:.2f} s, {len(docx.content) // 1024} KiB; "
                  f"PDF {ended - middle:.2f} s, {len(pdf.content) // 1024} KiB)")
        load_after = os.getloadavg()
    totals = [run[0] for run in runs]
    print(f"DOCX+PDF of a {options.ideas}-idea process, {options.runs} runs: median {statistics.median(totals):.2f} s, "
          f"spread {min(totals):.2f}–{max(totals):.2f} s "
          f"(DOCX median {statistics.median(r[1] for r in runs):.2f} s, PDF median {statistics.median(r[2] for r in runs):.2f} s)")
    print(f"load average (1/5/15 min) before {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
          f"after {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
