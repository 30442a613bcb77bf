"""Benchmark of the text analysis: discovery, field assignment, stability, speed.

Run with ``cd /work/main && .venv/bin/python bench/analysis.py`` (about two minutes, plus about ten
for the sections discovery-sets, discovery-stability and similar of bench/discovery_bench.py). While
developing, ``--only discovery assignment --parts dev`` runs a quick subset on the development
parts (``--help`` lists the flags).

Data (see bench/datasets.py): the real "FreiRaum Ottensen" contributions (single-label
subset of five mode-of-transport classes) and our invented, labelled workshop set for the
eight "Dithmarschen Digital" fields. Method choices and parameters were made on the
development part of each set; the tables report the held-out test part (and the full set
for reference, which includes the development items).

Baselines, computed in the same run:
* discovery: sklearn ``TfidfVectorizer()`` (default word features) + ``KMeans(n_clusters=k,
  random_state=0, n_init=10)`` with k = number of gold classes;
* assignment: the same default TF-IDF, each field one document (name, description,
  keywords; with confirmed ideas their texts appended), nearest field by cosine.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, f1_score, normalized_mutual_info_score
from sklearn.metrics.pairwise import cosine_similarity
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from participation.analysis import assign_to_fields, discover_groups  # noqa: E402
from participation.analysis import normalise  # noqa: E402
from participation.analysis.discovery import cluster_ideas  # noqa: E402
from participation.analysis.fields import profile_text  # noqa: E402
from participation.demo.ideas import DEMO_IDEAS  # noqa: E402

from bench.datasets import OTTENSEN_FIELDS, dithmarschen_fields, load_ottensen, load_workshop_set  # noqa: E402

CONFIRMED_SHARE = 0.1
CONFIRMED_SEEDS = (0, 1, 2, 3, 4)
STABILITY_ADDITIONS = 20
SIZES = (500, 5_000, 10_000, 50_000)


SECTIONS = ("discovery", "assignment", "multilabel", "stability", "speed", "guided",
            "discovery-sets", "discovery-stability", "similar")
PARTS = ("dev", "test", "full")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS, help="sections to run (default: all)")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=("test", "full"),
                        help="parts of each data set in the quality tables (default: test full)")
    parser.add_argument("--sizes", nargs="+", type=int, default=SIZES, help="numbers of ideas for the speed table")
    options = parser.parse_args(argv)
    ottensen = [item for item in load_ottensen() if item.label]
    workshop = load_workshop_set()
    datasets = {
        "Ottensen": (ottensen, OTTENSEN_FIELDS),
        "Workshop": (workshop, dithmarschen_fields()),
    }
    print(__doc__.split("\n\n")[0])
    print()
    for name, (items, _) in datasets.items():
        test = [item for item in items if item.part == "test"]
        print(f"{name}: {len(items)} items, {len(test)} in the test part, {len(set(i.label for i in items))} classes")
    print("Ottensen fields: written by the developer from general knowledge of urban mobility planning,")
    print("not fitted to the contributions. Workshop fields: the catalogue's Dithmarschen template.")
    print("Workshop set: invented by the developer of the analysis (probably easier than real data).")

    if "discovery" in options.only:
        discovery_table(datasets, options.parts)
    if "assignment" in options.only:
        assignment_table(datasets, options.parts)
    if "multilabel" in options.only:
        multilabel_line()
    if "stability" in options.only:
        stability_table(datasets)
    if "speed" in options.only:
        performance_table(options.sizes)
    if "guided" in options.only:
        guided_table(("dev", "test"))
    # Discovery on more tasks, its stability, similar ideas: bench/discovery_bench.py
    from bench import discovery_bench

    if "discovery-sets" in options.only:
        discovery_bench.discovery_sets_table([part for part in options.parts if part != "full"] or ("dev", "test"))
    if "discovery-stability" in options.only:
        discovery_bench.discovery_stability_table([part for part in options.parts if part != "full"] or ("dev", "test"))
    if "similar" in options.only:
        discovery_bench.similar_table()


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


def baseline_clusters(texts: list[str], k: int) -> np.ndarray:
    matrix = TfidfVectorizer().fit_transform(texts)
    return KMeans(n_clusters=k, random_state=0, n_init=10).fit_predict(matrix)


def our_clusters(items, k: int | None) -> tuple[list[int], int]:
    groups = cluster_ideas({item.key: item.text for item in items}, k)
    label = {key: number for number, (group, _) in enumerate(groups) for key in group.idea_keys}
    return [label[item.key] for item in items], len(groups)


def _part(items, part: str) -> list:
    return [item for item in items if part == "full" or item.part == part]


def discovery_table(datasets, parts=("test", "full")) -> None:
    print()
    print("Discovery (NMI / ARI against the gold classes)")
    header = (f"{'data':<10}{'part':<6}{'n':>5}{'k':>3} | {'baseline':>14} | {'ours, k=gold':>13} {'NMI ratio':>9} "
              f"{'chance':>6} | {'ours, auto k':>18}")
    print(header)
    print("-" * len(header))
    for name, (items, _) in datasets.items():
        for part in parts:
            chosen = _part(items, part)
            gold = [item.label for item in chosen]
            k = len(set(gold))
            base = baseline_clusters([item.text for item in chosen], k)
            ours, _ = our_clusters(chosen, k)
            auto, auto_k = our_clusters(chosen, None)
            b_nmi, o_nmi = normalized_mutual_info_score(gold, base), normalized_mutual_info_score(gold, ours)
            shuffled = np.random.RandomState(0)
            chance = np.mean([normalized_mutual_info_score(shuffled.permutation(gold), ours) for _ in range(20)])
            print(
                f"{name:<10}{part:<6}{len(chosen):>5}{k:>3} | "
                f"{b_nmi:.3f} / {adjusted_rand_score(gold, base):>6.3f} | "
                f"{o_nmi:.3f} / {adjusted_rand_score(gold, ours):.3f} {o_nmi / b_nmi:>8.2f}x {chance:>6.3f} | "
                f"k={auto_k:<2} {normalized_mutual_info_score(gold, auto):.3f} / {adjusted_rand_score(gold, auto):.3f}"
            )
    print("Target: NMI ratio >= 1.8x (test part). 'chance' = NMI of our k=gold grouping against shuffled gold")
    print("labels (mean of 20): what NMI a grouping of these sizes gets without any relation to the classes.")


# ---------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------


def confirmed_split(items, share: float, seed: int) -> dict[str, str]:
    order = np.random.RandomState(seed).permutation(len(items))
    return {items[index].key: items[index].label for index in order[: int(round(share * len(items)))]}


def macro_f1(items, predicted: dict, exclude=()) -> float:
    evaluated = [item for item in items if item.key not in exclude]
    gold = [item.label for item in evaluated]
    guess = [predicted[item.key] if predicted[item.key] is not None else "-" for item in evaluated]
    return f1_score(gold, guess, labels=sorted(set(gold)), average="macro", zero_division=0)


def baseline_assign(items, fields, confirmed=None) -> dict:
    texts = {item.key: item.text for item in items}
    documents = [profile_text(field) for field in fields]
    for key, label in (confirmed or {}).items():
        documents[[field.key for field in fields].index(label)] += "\n" + texts[key]
    vectorizer = TfidfVectorizer().fit([item.text for item in items] + documents)
    similarity = cosine_similarity(vectorizer.transform([item.text for item in items]), vectorizer.transform(documents))
    result = {item.key: fields[int(np.argmax(row))].key for item, row in zip(items, similarity)}
    for key, label in (confirmed or {}).items():
        result[key] = label
    return result


def ours_assign(items, fields, confirmed=None, min_score=None) -> dict:
    assignments = assign_to_fields({item.key: item.text for item in items}, fields, confirmed, min_score=min_score)
    return {key: assignment.field_key for key, assignment in assignments.items()}


def assignment_table(datasets, parts=("test", "full")) -> None:
    print()
    print(f"Field assignment (macro-F1; 'unassigned' counts as wrong; {int(CONFIRMED_SHARE * 100)} % confirmed: "
          f"mean of {len(CONFIRMED_SEEDS)} seeded draws, evaluated on the rest)")
    header = (f"{'data':<10}{'part':<6} | {'keywords: base':>14} {'ours':>6} {'assigned':>8} {'ours forced':>11} | "
              f"{'10 % confirmed: base':>20} {'ours':>6} {'ours forced':>11}")
    print(header)
    print("-" * len(header))
    for name, (items, fields) in datasets.items():
        for part in parts:
            chosen = _part(items, part)
            base = macro_f1(chosen, baseline_assign(chosen, fields))
            ours = ours_assign(chosen, fields)
            forced = macro_f1(chosen, ours_assign(chosen, fields, min_score=0.0))
            coverage = np.mean([value is not None for value in ours.values()])
            learned = {"base": [], "ours": [], "forced": []}
            for seed in CONFIRMED_SEEDS:
                confirmed = confirmed_split(chosen, CONFIRMED_SHARE, seed)
                learned["base"].append(macro_f1(chosen, baseline_assign(chosen, fields, confirmed), confirmed))
                learned["ours"].append(macro_f1(chosen, ours_assign(chosen, fields, confirmed), confirmed))
                learned["forced"].append(macro_f1(chosen, ours_assign(chosen, fields, confirmed, 0.0), confirmed))
            print(
                f"{name:<10}{part:<6} | {base:>14.3f} {macro_f1(chosen, ours):>6.3f} {coverage:>7.0%} {forced:>11.3f} | "
                f"{np.mean(learned['base']):>20.3f} {np.mean(learned['ours']):>6.3f} {np.mean(learned['forced']):>11.3f}"
            )
    print("'ours' uses the default min_score (ideas below it stay unassigned); 'forced' assigns every idea")
    print("that shares anything with a field (min_score=0).")


def multilabel_line() -> None:
    items = [item for item in load_ottensen() if item.labels]
    for label, predicted in (
        ("baseline", baseline_assign(items, OTTENSEN_FIELDS)),
        ("ours", ours_assign(items, OTTENSEN_FIELDS, min_score=0.0)),
    ):
        hits = np.mean([predicted[item.key] in item.labels for item in items])
        print(f"Ottensen, all {len(items)} contributions with a mode of transport: predicted field is one of the "
              f"item's categories: {label} {hits:.1%}")


# ---------------------------------------------------------------------------
# Stability
# ---------------------------------------------------------------------------


def stability_table(datasets) -> None:
    print()
    print(f"Stability: one idea added, {STABILITY_ADDITIONS} times (new ideas: the repository's demo ideas);")
    print("share of the other ideas whose field changes (mean / max), and ARI of discovery before/after")
    pool = [text for _, text, _ in DEMO_IDEAS]
    rng = random.Random(0)
    additions = rng.sample(pool, STABILITY_ADDITIONS)
    for name, (items, fields) in datasets.items():
        ideas = {item.key: item.text for item in items}
        confirmed = confirmed_split(items, CONFIRMED_SHARE, 0)
        for label, decisions in (("keywords", None), ("10 % confirmed", confirmed)):
            before = assign_to_fields(ideas, fields, decisions)
            changes = []
            for number, text in enumerate(additions):
                after = assign_to_fields({**ideas, f"new{number}": text}, fields, decisions)
                changes.append(np.mean([after[key].field_key != before[key].field_key for key in ideas]))
            print(f"  {name:<9} {label:<15} fields changed: {np.mean(changes):.2%} mean, {max(changes):.2%} max")
        groups_before = _grouping(ideas)
        agreement = []
        for number, text in enumerate(additions[:5]):
            groups_after = _grouping({**ideas, f"new{number}": text})
            keys = list(ideas)
            agreement.append(adjusted_rand_score([groups_before[k] for k in keys], [groups_after[k] for k in keys]))
        print(f"  {name:<9} discovery (auto k) ARI before/after one addition: {np.mean(agreement):.3f} mean (5 additions)")


def _grouping(ideas) -> dict:
    return {key: number for number, group in enumerate(discover_groups(ideas)) for key in group.idea_keys}


# ---------------------------------------------------------------------------
# Speed and memory
# ---------------------------------------------------------------------------


def synthetic_ideas(n: int, seed: int = 0) -> dict[int, str]:
    """``n`` ideas made by perturbing real and realistic texts (see performance_table)."""
    rng = random.Random(seed)
    short = [item.text for item in load_workshop_set()] + [text for _, text, _ in DEMO_IDEAS]
    long = [item.text for item in load_ottensen()]
    emoji = ["🙂", "👍", "🚌", "!!", "😡", "💡"]
    ideas = {}
    for number in range(n):
        text = rng.choice(long) if rng.random() < 0.1 else rng.choice(short)
        words = text.split()
        if len(words) > 4 and rng.random() < 0.5:  # drop a run of words
            start = rng.randrange(len(words))
            del words[start : start + rng.randint(1, 3)]
        if rng.random() < 0.3:  # add words of another idea
            words += rng.choice(short).split()[: rng.randint(1, 4)]
        words = [_typo(word, rng) if rng.random() < 0.08 else word for word in words]
        if rng.random() < 0.15:
            words.append(rng.choice(emoji))
        ideas[number] = " ".join(words)
    return ideas


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:position] + word[position + 1 :]
    if kind == 1:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position] + word[position:]


def _clear_caches() -> None:
    for function in (normalise.fold, normalise.stem, normalise._token):
        function.cache_clear()


def _pipeline(fields, ideas) -> tuple[int, int]:
    assignments = assign_to_fields(ideas, fields)
    unassigned = {key: ideas[key] for key, assignment in assignments.items() if assignment.field_key is None}
    groups = discover_groups(unassigned)
    return len(unassigned), len(groups)


def performance_table(sizes=SIZES) -> None:
    print()
    print("Speed and memory: assign_to_fields (8 Dithmarschen fields) + discover_groups on the unassigned ideas.")
    print("Synthetic ideas: workshop-set and demo ideas (90 %) and Ottensen contributions (10 %), with words")
    print("dropped and added, typos and emoji. 'cold' = first run with empty word caches, 'warm' = best of")
    print("two more runs (one for 50,000); wall-clock and CPU seconds of this process; peak = tracemalloc")
    print("peak of a separate run; maxrss = process high-water mark so far.")
    print("BLAS limited to one thread (threadpoolctl), as for a server process: on this shared 2-core machine")
    print("two BLAS threads fight with other work and are slower (set OPENBLAS_NUM_THREADS=1 in production).")
    fields = dithmarschen_fields()
    header = (f"{'ideas':>7} {'unassigned':>10} {'groups':>6} | {'cold wall':>9} {'cpu':>5} | {'warm wall':>9} {'cpu':>5} | "
              f"{'peak MiB':>8} {'maxrss MiB':>10}")
    print(header)
    print("-" * len(header))
    timings = {}
    with threadpool_limits(limits=1, user_api="blas"):
        for n in sizes:
            timings[n] = _measure(fields, n)
    if 10_000 in timings:
        cold, warm = timings[10_000]
        verdict = "met" if cold[0] < 3.0 else "missed"
        print(f"Target: 10,000 ideas assigned + discovered in under 3 s: {verdict} "
              f"(cold {cold[0]:.2f} s wall / {cold[1]:.2f} s CPU, warm {warm[0]:.2f} s wall / {warm[1]:.2f} s CPU).")
    load = float(Path("/proc/loadavg").read_text().split()[0])
    print(f"(2-core machine shared with other work; 1-minute load average at the end: {load:.2f})")


def _measure(fields, n: int):
    ideas = synthetic_ideas(n)
    gc.collect()
    _clear_caches()
    (unassigned, groups), cold = _timed(lambda: _pipeline(fields, ideas))
    warm = min((_timed(lambda: _pipeline(fields, ideas))[1] for _ in range(1 if n > 10_000 else 2)), key=lambda t: t[0])
    _clear_caches()
    tracemalloc.start()
    _pipeline(fields, ideas)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:>7} {unassigned:>10} {groups:>6} | {cold[0]:>9.2f} {cold[1]:>5.2f} | {warm[0]:>9.2f} {warm[1]:>5.2f} | "
          f"{peak:>8.0f} {maxrss:>10.0f}")
    return cold, warm


def _timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


# ---------------------------------------------------------------------------
# Guided sorting on tasks that imitate real use (bench/guided_sets.py)
# ---------------------------------------------------------------------------


def guided_scores(task, part: str) -> tuple[float, list[float]]:
    """Keywords-only macro-F1 and the macro-F1 on the rest after 10 % decisions, per draw."""
    chosen = _part(task.items, part)
    keywords_only = macro_f1(chosen, ours_assign(chosen, task.fields))
    learned = []
    for seed in CONFIRMED_SEEDS:
        confirmed = confirmed_split(chosen, CONFIRMED_SHARE, seed)
        learned.append(macro_f1(chosen, ours_assign(chosen, task.fields, confirmed), confirmed))
    return keywords_only, learned


ACTIVE_ROUNDS = 5


def active_decisions(chosen, fields, share: float = CONFIRMED_SHARE) -> dict:
    """``share`` of the ideas decided as a moderator on "Unsichere zuerst" would: in
    ``ACTIVE_ROUNDS`` rounds, the least certain undecided ideas first, re-run after each."""
    from participation.analysis.confidence import least_certain_first

    ideas = {item.key: item.text for item in chosen}
    gold = {item.key: item.label for item in chosen}
    total = int(round(share * len(chosen)))
    decided: dict = {}
    for round_ in range(ACTIVE_ROUNDS):
        wanted = total * (round_ + 1) // ACTIVE_ROUNDS - len(decided)
        order = least_certain_first(assign_to_fields(ideas, fields, decided))
        decided.update({key: gold[key] for key in order[:wanted]})
    return decided


def guided_scores_all(task, part: str) -> tuple[list[float], float]:
    """Macro-F1 over ALL ideas (decided ones count as decided) after 10 % decisions:
    random draws (one per seed) and least certain first (deterministic)."""
    chosen = _part(task.items, part)
    random_draws = []
    for seed in CONFIRMED_SEEDS:
        confirmed = confirmed_split(chosen, CONFIRMED_SHARE, seed)
        random_draws.append(macro_f1(chosen, ours_assign(chosen, task.fields, confirmed)))
    active = active_decisions(chosen, task.fields)
    return random_draws, macro_f1(chosen, ours_assign(chosen, task.fields, active))


def guided_table(parts=("dev", "test")) -> None:
    from bench.guided_sets import tasks

    print()
    print(f"Guided sorting on tasks imitating real use (macro-F1; unassigned counts as wrong; "
          f"{int(CONFIRMED_SHARE * 100)} % decided: mean ± SD of {len(CONFIRMED_SEEDS)} draws, evaluated on the rest)")
    header = f"{'task':<15}{'part':<6}{'n':>5}{'fields':>7} | {'keywords':>8} | {'10 % decided':>13} | note"
    print(header)
    print("-" * len(header))
    means = {part: ([], []) for part in parts}
    for task in tasks():
        for part in parts:
            keywords_only, learned = guided_scores(task, part)
            means[part][0].append(keywords_only)
            means[part][1].append(np.mean(learned))
            print(f"{task.name:<15}{part:<6}{len(_part(task.items, part)):>5}{len(task.fields):>7} | {keywords_only:>8.3f} | "
                  f"{np.mean(learned):>6.3f} ± {np.std(learned):.3f} | {task.note}")
    for part, (keywords_only, learned) in means.items():
        print(f"{'mean of tasks':<15}{part:<6}{'':>12} | {np.mean(keywords_only):>8.3f} | {np.mean(learned):>6.3f} "
              f"(SD over tasks {np.std(keywords_only):.3f} / {np.std(learned):.3f})")
    print()
    print("Which 10 % to decide: macro-F1 over ALL ideas (the decided ones as decided), random draws (mean ± SD of 5)")
    print(f"against 'Unsichere zuerst' (least certain first, {ACTIVE_ROUNDS} rounds with a re-run after each)")
    header = f"{'task':<15}{'part':<6} | {'random 10 %':>13} | {'least certain first':>19}"
    print(header)
    print("-" * len(header))
    totals = {part: ([], []) for part in parts}
    for task in tasks():
        for part in parts:
            random_draws, active = guided_scores_all(task, part)
            totals[part][0].append(np.mean(random_draws))
            totals[part][1].append(active)
            print(f"{task.name:<15}{part:<6} | {np.mean(random_draws):>6.3f} ± {np.std(random_draws):.3f} | {active:>19.3f}")
    for part, (random_means, active) in totals.items():
        print(f"{'mean of tasks':<15}{part:<6} | {np.mean(random_means):>13.3f} | {np.mean(active):>19.3f}")


if __name__ == "__main__":
    main()
