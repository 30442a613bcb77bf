"""What the phone page of a workshop with 100 ideas costs on the wire and in CPU.

    .venv/bin/python bench/page_weight.py [--ideas 100] [--rounds 200]

Builds the workshop of tests/page_weight.py (German ideas, umlauts, emoji, every eighth
long) on a temporary SQLite database, then prints
1. the first visit through the Flask test client: the page and every file it loads, as
   sent with ``Accept-Encoding: identity`` and with ``gzip, deflate``;
2. the phone page compressed with gzip at several levels, brotli and zstd: bytes and the
   CPU time of one compression (median of ``--rounds``, process CPU time).
Bytes are exact; the times depend on the machine's load (print ``uptime`` with them).
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import brotli  # noqa: E402
from flask_compress.compat import compression  # noqa: E402


def _app(folder):
    os.environ["PARTICIPATION_INSTANCE"] = str(Path(folder) / "instance")
    from participation import create_app

    return create_app({
        "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
        "ANALYSIS_IN_BACKGROUND": False, "RUN_SHEET_TICK_SECONDS": 0,
    })


def _cpu_ms(function, rounds):
    times = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    from helpers import csrf_token
    from page_weight import build_busy_workshop, first_visit

    from participation.auth.services import create_moderator
    from participation.extensions import db
    from participation.workshops.services import create_workshop

    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            db.create_all()
            workshop = create_workshop(create_moderator("bench", "bench-passwort-42"), "dithmarschen")
            build_busy_workshop(workshop, args.ideas)
            code = workshop.code
        client = app.test_client()
        with app.app_context():
            client.post(f"/j/{code}", data={"nickname": "Inge", "csrf_token": csrf_token(client)})
            for accept in ("identity", "gzip, deflate"):
                print(f"First visit, Accept-Encoding: {accept}")
                print(first_visit(client, f"/j/{code}/ideas", accept).table(), "\n")
            html = client.get(f"/j/{code}/ideas", headers={"Accept-Encoding": "identity"}).get_data()

    print(f"The phone page ({args.ideas} ideas): {len(html):,} B; one compression, median of {args.rounds}")
    candidates = [(f"gzip {level}", lambda level=level: gzip.compress(html, level)) for level in (1, 4, 6, 9)]
    candidates += [(f"brotli {quality}", lambda quality=quality: brotli.compress(html, quality=quality))
                   for quality in (1, 4, 5, 11)]
    candidates += [("zstd 3", lambda: compression.zstd.compress(html, 3))]
    for name, function in candidates:
        rounds = max(args.rounds // 20, 3) if name == "brotli 11" else args.rounds
        print(f"  {name:<10} {len(function()):>7,} B  {_cpu_ms(function, rounds):6.2f} ms CPU")
    print("load:", " ".join(Path("/proc/loadavg").read_text().split()[:3]))


if __name__ == "__main__":
    main()
