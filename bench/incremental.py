"""Incremental field analysis: how often it differs from a full fit, and what a post costs.

Run with ``cd /work/main && .venv/bin/python bench/incremental.py`` (a few minutes;
``--quick`` for fewer repetitions, ``--only quality`` or ``--only cost``).

Quality: a workshop grows idea by idea (the order of arrival drawn at random, 5 orders).
* "fit on the first X %": a full fit on the first X % of the ideas, the rest sorted with that
  model, compared with a full fit on all ideas (the field each idea gets).
* "refit rule" (what the server does): a full fit at the first 8 ideas, then every idea is
  sorted with the current model until the workshop has grown by 25 % since the last fit,
  then a full fit again. Each incrementally sorted idea is compared with the field the NEXT
  full fit gives it (that fit rewrites it): how long a post shows a field that differs.
  "today": the same comparison for the field a full run after the idea's burst of 25 gave
  it (what the server did before): full fits also move ideas as the workshop grows.
Both without moderator decisions, and with 10 % of the ideas decided (gold label) as they
arrive. Accuracy against the gold labels (single-label items) is given for reference.
No parameter was tuned on these numbers.

Cost: the analysis' CPU seconds per post in a hall posting bursts of 25 ideas, at 1,000 and
20,000 ideas (synthetic ideas as in bench/analysis.py), with BLAS on one thread:
* full: today's run after every burst (fit + score all ideas), divided by the burst;
* incremental: sorting the burst with the fitted model, divided by the burst, plus the
  amortised refit (one full fit per 25 % growth: fit(N) / (0.25 N) per post).
Medians and min–max of several repetitions; only the pure analysis (no database reads or
writes, which add a full read of the workshop to every full run).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from participation.analysis import assign_to_fields  # noqa: E402
from participation.analysis.fields import fit_fields  # noqa: E402
from participation.fields.fitted import GROWTH  # noqa: E402

from bench.analysis import synthetic_ideas  # noqa: E402
from bench.datasets import OTTENSEN_FIELDS, dithmarschen_fields, load_ottensen, load_workshop_set  # noqa: E402

ORDERS = (0, 1, 2, 3, 4)
FIRST_FIT = 8
BURST = 25
SIZES = (1_000, 20_000)
DECIDED_SHARE = 0.1


def _load():
    return Path("/proc/loadavg").read_text().split()[0]


def _datasets():
    ottensen = load_ottensen()
    names = {field.name: field.key for field in OTTENSEN_FIELDS}
    workshop = load_workshop_set()
    fields = dithmarschen_fields()
    workshop_names = {field.name: field.key for field in fields}
    return {
        "Ottensen": ([(item.key, item.text, names.get(item.label)) for item in ottensen], OTTENSEN_FIELDS),
        "Workshop": ([(item.key, item.text, workshop_names.get(item.label)) for item in workshop], fields),
    }


def _decisions(order, items, seed):
    """Which ideas a moderator decides (gold label), drawn once per order."""
    rng = random.Random(1000 + seed)
    return {key: label for key, _, label in items if label is not None and rng.random() < DECIDED_SHARE}


def _split(items, fields, share, seed, decide):
    order = list(items)
    random.Random(seed).shuffle(order)
    decided = _decisions(order, items, seed) if decide else {}
    cut = int(len(order) * share)
    fitted = {key: text for key, text, _ in order[:cut]}
    model, _ = fit_fields(fitted, fields, {key: decided[key] for key in fitted if key in decided})
    rest = {key: text for key, text, _ in order[cut:] if key not in decided}
    incremental = model.assign(rest)
    full = assign_to_fields({key: text for key, text, _ in order}, fields, decided)
    differ = sum(incremental[key].field_key != full[key].field_key for key in rest)
    gold = {key: label for key, _, label in items if label is not None}
    labelled = [key for key in rest if key in gold]
    right_incremental = sum(incremental[key].field_key == gold[key] for key in labelled)
    right_full = sum(full[key].field_key == gold[key] for key in labelled)
    return differ, len(rest), right_incremental, right_full, len(labelled)


def _growing(items, fields, seed, decide):
    """Refit rule: how many incrementally sorted ideas the next full fit moves, and how many
    ideas a full run after every burst (today) had put elsewhere than that same next fit.

    Returns (moved incremental, moved today, ideas compared)."""
    order = list(items)
    random.Random(seed).shuffle(order)
    decided = _decisions(order, items, seed) if decide else {}

    def fit(seen):
        return fit_fields({k: t for k, t, _ in seen}, fields, {k: decided[k] for k, _, _ in seen if k in decided})

    text_of = {k: t for k, t, _ in order}
    differ = differ_today = total = 0
    fitted_on = FIRST_FIT
    model, _ = fit(order[:fitted_on])
    pending, today, burst = {}, {}, []
    position = fitted_on
    while position < len(order):
        key, text, _ = order[position]
        position += 1
        if key not in decided:
            burst.append(key)
        # a decision arriving makes the next run a full fit, as does 25 % growth
        refit = key in decided or position - fitted_on > GROWTH * fitted_on or position == len(order)
        if burst and (len(burst) == BURST or refit):
            # the burst sorted with the model (at once: the same as one by one, see the tests)
            texts = {k: text_of[k] for k in burst}
            pending.update({k: assignment.field_key for k, assignment in model.assign(texts).items()})
            _, result = fit(order[:position])  # today: a full run after the burst
            today.update({k: result[k].field_key for k in burst})
            burst = []
        if refit:
            model, result = fit(order[:position])
            differ += sum(result[k].field_key != field for k, field in pending.items())
            differ_today += sum(result[k].field_key != field for k, field in today.items())
            total += len(pending)
            pending, today = {}, {}
            fitted_on = position
    return differ, differ_today, total


def quality(orders=ORDERS):
    print()
    print("Quality: incremental field vs the field of a full fit (share of the incrementally sorted ideas")
    print(f"whose field differs; mean over {len(orders)} random orders of arrival, min-max in brackets)")
    header = (f"{'data':<9} {'decided':>7} | {'fit on 25 %':>18} | {'fit on 50 %':>18} | {'refit rule':>18} | "
              f"{'today (full runs)':>18} | acc. incr / full (25 %)")
    print(header)
    print("-" * len(header))
    for name, (items, fields) in _datasets().items():
        for decide in (False, True):
            cells = []
            accuracy = None
            for share in (0.25, 0.5):
                rates, right_incremental, right_full, labelled = [], 0, 0, 0
                for seed in orders:
                    differ, rest, inc, full, lab = _split(items, fields, share, seed, decide)
                    rates.append(differ / rest)
                    right_incremental, right_full, labelled = right_incremental + inc, right_full + full, labelled + lab
                cells.append(_rate(rates))
                if share == 0.25:
                    accuracy = f"{right_incremental / labelled:.3f} / {right_full / labelled:.3f}"
            rates, today = [], []
            for seed in orders:
                differ, differ_today, total = _growing(items, fields, seed, decide)
                rates.append(differ / max(total, 1))
                today.append(differ_today / max(total, 1))
            cells.extend([_rate(rates), _rate(today)])
            print(f"{name:<9} {'10 %' if decide else 'none':>7} | {cells[0]:>18} | {cells[1]:>18} | {cells[2]:>18} | "
                  f"{cells[3]:>18} | {accuracy}")
    print(f"(1-minute load average: {_load()})")


def _rate(rates):
    return f"{statistics.mean(rates):6.1%} ({min(rates):.0%}-{max(rates):.0%})"


def cost(sizes=SIZES, repeats=5):
    print()
    print(f"Cost: CPU ms of the analysis per post, bursts of {BURST} posts, BLAS on one thread;")
    print(f"median (min-max) of {repeats} repetitions (3 for full fits of 10,000 ideas or more)")
    fields = dithmarschen_fields()
    header = (f"{'ideas':>7} | {'full fit':>10} | {'full: per post':>22} | {'sort a burst':>12} | "
              f"{'incremental + refit: per post':>30}")
    print(header)
    print("-" * len(header))
    results = {}
    with threadpool_limits(limits=1, user_api="blas"):
        for size in sizes:
            ideas = synthetic_ideas(size + BURST * repeats, seed=size)
            keys = sorted(ideas)
            fitted = {key: ideas[key] for key in keys[:size]}
            fits, model = [], None
            for _ in range(3 if size >= 10_000 else repeats):
                started = time.process_time()
                model, _ = fit_fields(fitted, fields)
                fits.append(time.process_time() - started)
            bursts = []
            for number in range(repeats):
                burst = {key: ideas[key] for key in keys[size + number * BURST : size + (number + 1) * BURST]}
                started = time.process_time()
                model.assign(burst)
                bursts.append(time.process_time() - started)
            full_per_post = [fit / BURST for fit in fits]
            refit_share = statistics.median(fits) / (GROWTH * size)
            incremental_per_post = [burst / BURST + refit_share for burst in bursts]
            results[size] = (statistics.median(full_per_post), statistics.median(incremental_per_post))
            print(f"{size:>7} | {_ms(fits)} | {_ms(full_per_post, 22)} | {_ms(bursts, 12)} | "
                  f"{_ms(incremental_per_post, 30)}")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        print(f"Per post at {large:,} vs {small:,} ideas: full x{results[large][0] / results[small][0]:.1f}, "
              f"incremental x{results[large][1] / results[small][1]:.2f}")
    print(f"(1-minute load average: {_load()})")


def _ms(values, width=10):
    text = f"{statistics.median(values) * 1000:.1f} ({min(values) * 1000:.1f}-{max(values) * 1000:.1f})"
    return f"{text:>{width}}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("quality", "cost"), help="one section")
    parser.add_argument("--quick", action="store_true", help="2 orders of arrival, 3 repetitions")
    options = parser.parse_args(argv)
    print(__doc__.split("\n\n")[0])
    print(f"(1-minute load average at the start: {_load()})")
    if options.only in (None, "quality"):
        quality(ORDERS[:2] if options.quick else ORDERS)
    if options.only in (None, "cost"):
        cost(repeats=3 if options.quick else 5)


if __name__ == "__main__":
    main()
