"""bench/load.py --parts cost: what one post costs the server at 1,000 and at 20,000 ideas.

For each size a workshop of its own is filled to that many visible ideas in one bulk insert
(generated German texts, below; no labelled data), then one post starts the analysis of
the whole workshop and the bench waits until the server's CPU is flat again (the analysis
has settled). Each repetition then posts ``--cost-posts`` ideas through the JSON API at
``--cost-rate`` per second and keeps measuring the server tree's CPU (master and workers,
from /proc) until it is flat again, so the background analysis those posts cause is
counted. The idle CPU measured just before (the workers' own timers) is subtracted.

From ``fitted.INCREMENTAL_FROM`` ideas on, posts are sorted with the model of the last full
fit, and the workshop is fitted anew once it grew by ``fitted.GROWTH``: a few hundred posts
at the measured rate do not reach that fit, so its share is added from what the first
analysis (a full fit of the prefilled workshop) cost: fit CPU / (GROWTH x size) per post.
Below that size every run is a full fit, already in the measured CPU.

Printed per size: CPU milliseconds per post measured (median, min-max of the repetitions),
the full fits counted in the shared state during them, the first fit's CPU and its share per
post, their sum, POST latency p50/p95, how long the analysis took to settle; then the ratio
of the largest size's sum to the smallest's (target: within 10 %).
"""

import json
import random
import statistics
import subprocess
import time
from pathlib import Path

from servers import BIN, ROOT, Phone
from wall import _process_tree, cpu_seconds, percentile

PREFILL = """
import json, sys
from datetime import datetime, timezone
from sqlalchemy import insert
from participation import create_app
from participation.extensions import db
from participation.ideas.models import Idea
from participation.workshops.models import Workshop
code, texts = sys.argv[1], json.loads(sys.stdin.read())
app = create_app()
with app.app_context():
    workshop = Workshop.query.filter_by(code=code).one()
    questions = [question.id for question in workshop.questions]
    now = datetime.now(timezone.utc)
    rows = [{"workshop_id": workshop.id, "question_id": questions[number % len(questions)],
             "idempotency_key": f"prefill-{number}", "source": "import", "source_key": f"prefill-{number}",
             "source_name": "Lasttest", "text": text, "status": "visible", "field_terms": [],
             "created_at": now, "updated_at": now} for number, text in enumerate(texts)]
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(Idea), rows[start:start + 2000])
    db.session.commit()
    print(json.dumps([workshop.id, len(rows)]))
"""

# --- German ideas of the kind a county's workshops collect ------------------------------------------

_WHAT = ["eine Mitfahrbank", "einen Rufbus am Abend", "schnelles Glasfaser", "einen Dorfladen mit Café",
         "einen Coworking-Raum", "einen neuen Spielplatz", "einen sicheren Radweg", "einen Bürgerbus",
         "freies WLAN am Marktplatz", "ein Ärztehaus", "einen Jugendtreff", "eine Nachbarschaftshilfe",
         "mehr Bänke zum Ausruhen", "eine Ladesäule für E-Autos", "einen Wochenmarkt", "Carsharing",
         "eine Tagespflege für Senioren", "einen Bolzplatz", "Blühstreifen an den Feldern", "einen Repair-Café-Abend",
         "bessere Straßenbeleuchtung", "eine Packstation", "einen Fahrradverleih", "eine Kita mit längeren Zeiten"]
_WHERE = ["in Albersdorf", "in Heide", "in Meldorf", "in Büsum", "in Brunsbüttel", "in Wesselburen", "in Marne",
          "an der Schule", "am Bahnhof", "beim Sportplatz", "im Ortskern", "an der Bundesstraße", "am Deich",
          "bei der Kirche", "im Neubaugebiet", "an der Bushaltestelle"]
_WHY = ["damit Ältere ohne Auto mobil bleiben", "weil Familien sonst wegziehen", "damit Jugendliche einen Ort haben",
        "weil der Bus nur zweimal am Tag fährt", "damit man sich im Dorf wieder begegnet",
        "weil viele im Homeoffice arbeiten", "damit Kinder sicher zur Schule kommen", "weil die Wege zu weit sind",
        "damit Touristen länger bleiben", "weil das Ehrenamt Unterstützung braucht", "für mehr Klimaschutz vor Ort",
        "damit Pflegende entlastet werden", "weil es abends zu dunkel ist", "damit Betriebe Fachkräfte finden"]
_HOW = ["Die Gemeinde könnte das mit dem Amt zusammen planen.", "Vielleicht gibt es dafür Fördermittel vom Land.",
        "Der Verein würde gern mithelfen.", "Ein Probejahr wäre ein guter Anfang.", "",
        "Das sollte barrierefrei sein.", "Bitte auch am Wochenende.", "Wir könnten eine Umfrage im Ort machen.", ""]
_OPENING = ["Wir brauchen", "Ich wünsche mir", "Es fehlt", "Toll wäre", "Bitte prüfen:", "Mein Vorschlag:"]


def idea_texts(count, seed):
    """``count`` distinct German ideas (seeded)."""
    chance = random.Random(seed)
    texts, seen = [], set()
    while len(texts) < count:
        text = (f"{chance.choice(_OPENING)} {chance.choice(_WHAT)} {chance.choice(_WHERE)}, "
                f"{chance.choice(_WHY)}. {chance.choice(_HOW)}").strip()
        if text in seen:
            text = f"{text} ({len(texts) + 1})"
        seen.add(text)
        texts.append(text)
    return texts


# --- measuring ------------------------------------------------------------------------------------


def tree_cpu(roots):
    return cpu_seconds([pid for root in roots for pid in _process_tree(root)])


def idle_rate(roots, seconds=5.0):
    before, started = tree_cpu(roots), time.monotonic()
    time.sleep(seconds)
    return (tree_cpu(roots) - before) / (time.monotonic() - started)


def analysis_state(env):
    """The analysis runner's shared state as the servers see it."""
    from participation.fields.coordination import FileState, RedisState

    if env.get("REDIS_URL"):
        import redis

        return RedisState(redis.Redis.from_url(env["REDIS_URL"]))
    return FileState(Path(env["PARTICIPATION_INSTANCE"]) / "analysis")


def pending_analysis(state, workshop_id):
    """A function telling whether the shared ``state`` shows a change of the workshop not
    analysed yet (None when the state cannot be read: then CPU alone decides)."""

    def pending():
        try:
            seen = state.read(workshop_id)
            return seen["changes"] != seen["analysed"]
        except Exception:  # another version of the runner: CPU decides
            return None

    return pending


def fits_of(state, workshop_id):
    try:
        return state.read(workshop_id)["fits"]
    except Exception:
        return None


def refit_share_ms(fit_cpu_seconds, size):
    """The per-post share of the full fit that growth brings (0 where every run fits in full)."""
    from participation.fields.fitted import GROWTH, INCREMENTAL_FROM

    if size < INCREMENTAL_FROM:
        return 0.0
    return fit_cpu_seconds * 1000 / max(1.0, GROWTH * size)


def wait_until_flat(roots, idle, pending=lambda: None, window=3.0, limit=300.0, margin=0.05):
    """Wait until the server's CPU over ``window`` seconds is back near ``idle`` cores and the
    runner has no change left to analyse; returns the seconds waited (``limit`` at most)."""
    started = time.monotonic()
    history = [(started, tree_cpu(roots))]
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        history.append((time.monotonic(), tree_cpu(roots)))
        old = [point for point in history if point[0] <= history[-1][0] - window]
        if old:
            then, cpu_then = old[-1]
            rate = (history[-1][1] - cpu_then) / (history[-1][0] - then)
            if rate <= idle + margin and not pending():
                return time.monotonic() - started
    return limit


def post_costs(env, bases, codes, roots, args):
    results = {}
    for size in args.cost_sizes:
        code = codes[str(size)]
        started = time.monotonic()
        texts = idea_texts(size, seed=size)
        done = subprocess.run([str(BIN / "python"), "-c", PREFILL, code], cwd=ROOT, env=env, input=json.dumps(texts),
                              capture_output=True, text=True, check=True)
        workshop_id, filled = json.loads(done.stdout.strip().splitlines()[-1])
        state = analysis_state(env)
        pending = pending_analysis(state, workshop_id)
        phones = [Phone(bases, code) for _ in range(10)]
        idle = idle_rate(roots)
        before, began = tree_cpu(roots), time.monotonic()
        phones[0].post("Startschuss für die Analyse: ein Bücherschrank am Dorfplatz", "cost-start")
        settled = wait_until_flat(roots, idle, pending)
        fit_cpu = tree_cpu(roots) - before - idle * (time.monotonic() - began)
        print(f"  {size} ideas: filled in {time.monotonic() - started:.0f} s, first analysis (a full fit) "
              f"settled after {settled:.0f} s, {fit_cpu:.1f} s CPU", flush=True)
        repetitions = []
        fresh = idea_texts(size + args.cost_posts * args.cost_repeats, seed=size + 1)[-args.cost_posts * args.cost_repeats:]
        for repetition in range(args.cost_repeats):
            idle = idle_rate(roots)
            fits_before = fits_of(state, workshop_id)
            before, began = tree_cpu(roots), time.monotonic()
            latencies, errors = [], 0
            for number in range(args.cost_posts):
                due = began + number / args.cost_rate
                time.sleep(max(0.0, due - time.monotonic()))
                sent = time.monotonic()
                status, _ = phones[number % len(phones)].post(
                    fresh[repetition * args.cost_posts + number], f"cost-{repetition}-{number}", question=number)
                latencies.append((time.monotonic() - sent) * 1000)
                errors += status not in (200, 201)
            posting = time.monotonic() - began
            settle = wait_until_flat(roots, idle, pending)
            elapsed = time.monotonic() - began
            used = tree_cpu(roots) - before - idle * elapsed
            repetitions.append({"cpu_ms_per_post": used / args.cost_posts * 1000, "p50": percentile(latencies, 50),
                                "p95": percentile(latencies, 95), "errors": errors, "posting_s": posting,
                                "settle_s": settle, "idle_cores": idle,
                                "fits": None if fits_before is None else fits_of(state, workshop_id) - fits_before})
        results[size] = {"filled": filled, "repetitions": repetitions, "fit_cpu_s": fit_cpu,
                         "refit_share_ms": refit_share_ms(fit_cpu, filled)}
    return results


def print_costs(costs):
    print("\nserver CPU per post, request + the background analysis it causes (idle subtracted), "
          "+ the share of the next full fit; target: the largest size within 10 % of the smallest")
    print(f"{'ideas':>7}{'measured ms':>13}{'min-max':>13}{'fits':>6}{'fit s':>7}{'share ms':>10}{'total ms':>10}"
          f"{'POST p50':>10}{'p95':>8}{'settle s':>10}{'errors':>8}")
    totals = {}
    for size, one in costs.items():
        reps = one["repetitions"]
        cpu = [rep["cpu_ms_per_post"] for rep in reps]
        fits = [rep.get("fits") for rep in reps]
        share = one.get("refit_share_ms", 0.0)
        totals[size] = statistics.median(cpu) + share
        print(f"{one['filled']:>7}{statistics.median(cpu):>13.1f}{f'{min(cpu):.1f}-{max(cpu):.1f}':>13}"
              f"{'?' if None in fits else sum(fits):>6}{one.get('fit_cpu_s', 0.0):>7.1f}{share:>10.1f}"
              f"{totals[size]:>10.1f}"
              f"{statistics.median(rep['p50'] for rep in reps):>8.0f}ms{statistics.median(rep['p95'] for rep in reps):>6.0f}ms"
              f"{statistics.median(rep['settle_s'] for rep in reps):>10.1f}{sum(rep['errors'] for rep in reps):>8}")
    sizes = sorted(totals, key=int)
    for smaller in sizes[:-1]:  # the pair (the smallest), and each size between
        if totals[smaller] > 0:
            ratio = totals[sizes[-1]] / totals[smaller]
            print(f"cost at {sizes[-1]} / cost at {smaller}: {ratio:.2f} "
                  f"({'pass' if ratio <= 1.10 else 'FAIL'}: target <= 1.10)")
