"""Discovery and similar-idea benchmarks (sections of ``bench/analysis.py``).

* ``discovery-sets``: discovery against the word-TF-IDF + KMeans baseline, computed in the
  same run, on four tasks: Ottensen modes of transport, Ottensen specifications (the second
  label scheme), the workshop set, and the long-text set (see :mod:`bench.discovery_sets`).
  k = number of gold classes. Spread: five draws per task (90 % subsamples of the items,
  seeded; for the long-text set five differently seeded builds), mean ± standard deviation.
* ``discovery-stability``: one idea added (five different ones, from the demo ideas):
  adjusted Rand index between the groupings of the other ideas before and after, and the
  share of the other ideas that change group (groups matched one to one for most overlap).
* ``similar``: the query index of :class:`SimilarIdeas` on 2,000 synthetic ideas: time to
  build it, and the latency of "similar to a typed text" (median, 95th percentile) over 300
  typed texts, and of "similar to an idea".
"""

from __future__ import annotations

import random
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from threadpoolctl import threadpool_limits

from bench.datasets import load_ottensen, load_workshop_set
from bench.discovery_sets import long_texts, ottensen_specifications
from participation.analysis import SimilarIdeas
from participation.analysis.discovery import cluster_ideas
from participation.demo.ideas import DEMO_IDEAS

DRAWS = 5
SUBSAMPLE = 0.9
ADDITIONS = 5
SIMILAR_IDEAS = 2000
SIMILAR_QUERIES = 300


def _tasks(part: str, seed: int = 0) -> dict[str, list]:
    """Items (with .key, .text, .label) per task for one part ("dev" or "test")."""
    return {
        "Ottensen modes": [item for item in load_ottensen() if item.label and item.part == part],
        "Ottensen spec.": [item for item in ottensen_specifications() if item.part == part],
        "Workshop": [item for item in load_workshop_set() if item.part == part],
        "Long texts": long_texts(part, seed=seed),
    }


def baseline(texts: list[str], k: int, seed: int = 0) -> np.ndarray:
    matrix = TfidfVectorizer().fit_transform(texts)
    return KMeans(n_clusters=k, random_state=seed, n_init=10).fit_predict(matrix)


def ours(items, k: int | None) -> list[int]:
    groups = cluster_ideas({item.key: item.text for item in items}, k)
    label = {key: number for number, (group, _) in enumerate(groups) for key in group.idea_keys}
    return [label[item.key] for item in items]


def _draws(name: str, part: str):
    """The DRAWS item lists of a task (subsamples, or long-text builds)."""
    if name == "Long texts":
        return [_tasks_long(part, seed) for seed in range(DRAWS)]
    items = _tasks(part)[name]
    size = int(round(SUBSAMPLE * len(items)))
    return [random.Random(f"{name}-{seed}").sample(items, size) for seed in range(DRAWS)]


def _tasks_long(part: str, seed: int):
    return long_texts(part, seed=seed)


def _spread(values) -> str:
    return f"{np.mean(values):.3f} ± {np.std(values):.3f}"


def discovery_sets_table(parts=("dev", "test")) -> None:
    print()
    print(f"Discovery on four tasks (k = gold classes; mean ± sd over {DRAWS} draws: 90 % subsamples,")
    print("for the long-text set differently seeded builds; the baseline's KMeans seeded with the draw)")
    header = (f"{'task':<16}{'part':<5}{'n':>5}{'k':>3} | {'baseline NMI':>15} {'ARI':>15} | "
              f"{'ours NMI':>15} {'ARI':>15} | {'NMI ratio':>9} {'s':>5}")
    print(header)
    print("-" * len(header))
    ratios: dict[str, list[float]] = {part: [] for part in parts}
    with threadpool_limits(limits=1, user_api="blas"):
        for name in ("Ottensen modes", "Ottensen spec.", "Workshop", "Long texts"):
            for part in parts:
                scores = {"b_nmi": [], "b_ari": [], "o_nmi": [], "o_ari": []}
                seconds = []
                draws = _draws(name, part)
                for seed, items in enumerate(draws):
                    gold = [item.label for item in items]
                    k = len(set(gold))
                    base = baseline([item.text for item in items], k, seed)
                    start = time.process_time()
                    mine = ours(items, k)
                    seconds.append(time.process_time() - start)
                    scores["b_nmi"].append(normalized_mutual_info_score(gold, base))
                    scores["b_ari"].append(adjusted_rand_score(gold, base))
                    scores["o_nmi"].append(normalized_mutual_info_score(gold, mine))
                    scores["o_ari"].append(adjusted_rand_score(gold, mine))
                ratio = np.mean(scores["o_nmi"]) / max(np.mean(scores["b_nmi"]), 1e-9)
                ratios[part].append(ratio)
                print(
                    f"{name:<16}{part:<5}{len(draws[0]):>5}{k:>3} | {_spread(scores['b_nmi']):>15} "
                    f"{_spread(scores['b_ari']):>15} | {_spread(scores['o_nmi']):>15} {_spread(scores['o_ari']):>15} | "
                    f"{ratio:>8.2f}x {np.mean(seconds):>5.2f}"
                )
    for part in parts:
        print(f"Mean NMI ratio over the four tasks, {part}: {np.mean(ratios[part]):.2f}x "
              f"(lowest {min(ratios[part]):.2f}x); 's' = CPU seconds of our discovery per draw")


def _changed_share(before: list[int], after: list[int]) -> float:
    # Share of ideas outside the best one-to-one matching of old and new groups.
    a, b = np.asarray(before), np.asarray(after)
    overlap = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(overlap, (a, b), 1)
    rows, cols = linear_sum_assignment(-overlap)
    return 1.0 - overlap[rows, cols].sum() / len(a)


def discovery_stability_table(parts=("dev", "test")) -> None:
    print()
    print(f"Discovery stability: one idea added ({ADDITIONS} different demo ideas); ARI of the other ideas'")
    print("groupings before/after (mean / min) and share of them changing group (mean / max)")
    additions = random.Random(0).sample([text for _, text, _ in DEMO_IDEAS], ADDITIONS)
    header = f"{'task':<16}{'part':<5}{'k':>6} | {'ARI mean':>8} {'min':>6} | {'changed':>8} {'max':>6}"
    print(header)
    print("-" * len(header))
    with threadpool_limits(limits=1, user_api="blas"):
        for part in parts:
            for name, items in _tasks(part).items():
                if name == "Long texts":
                    items = items[:1000]
                ideas = {item.key: item.text for item in items}
                keys = list(ideas)
                for k in (len(set(item.label for item in items)), None):
                    before = _grouping(ideas, k)
                    agreement, changed = [], []
                    for number, text in enumerate(additions):
                        after = _grouping({**ideas, f"added-{number}": text}, k)
                        old, new = [before[key] for key in keys], [after[key] for key in keys]
                        agreement.append(adjusted_rand_score(old, new))
                        changed.append(_changed_share(old, new))
                    label = "auto" if k is None else f"{k}"
                    print(f"{name:<16}{part:<5}{label:>6} | {np.mean(agreement):>8.3f} {min(agreement):>6.3f} | "
                          f"{np.mean(changed):>7.1%} {max(changed):>6.1%}")
    print("(Long texts: the first 1,000 of the set.)")


def _grouping(ideas, k) -> dict:
    return {key: number for number, (group, _) in enumerate(cluster_ideas(ideas, k)) for key in group.idea_keys}


def similar_table() -> None:
    from bench.analysis import _typo, synthetic_ideas

    print()
    print(f"Similar ideas: {SIMILAR_IDEAS} synthetic ideas; {SIMILAR_QUERIES} typed texts (an idea with a typo "
          "and words dropped)")
    ideas = synthetic_ideas(SIMILAR_IDEAS, seed=1)
    rng = random.Random(2)
    queries = []
    for _ in range(SIMILAR_QUERIES):
        words = ideas[rng.randrange(SIMILAR_IDEAS)].split()
        if len(words) > 4:
            del words[rng.randrange(len(words))]
        queries.append(" ".join(_typo(word, rng) if rng.random() < 0.2 else word for word in words))
    with threadpool_limits(limits=1, user_api="blas"):
        start = time.perf_counter()
        index = SimilarIdeas(ideas)
        index.like("Bus")  # builds the query index
        built = time.perf_counter() - start
        start = time.perf_counter()
        index.to(next(iter(ideas)))  # fits the analysis features
        built_features = time.perf_counter() - start
        typed, typed_cpu = [], []
        for text in queries:
            start, cpu = time.perf_counter(), time.process_time()
            index.like(text)
            typed.append((time.perf_counter() - start) * 1000)
            typed_cpu.append((time.process_time() - cpu) * 1000)
        to_idea = []
        for key in rng.sample(list(ideas), 100):
            start = time.perf_counter()
            index.to(key)
            to_idea.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        pairs = index.duplicates()
        duplicates = time.perf_counter() - start
    print(f"  query index built (typed texts, duplicates): {built:.2f} s; analysis features (idea -> ideas): "
          f"{built_features:.2f} s")
    print(f"  typed text -> closest ideas: median {np.median(typed):.2f} ms, p95 {np.percentile(typed, 95):.2f} ms, "
          f"max {max(typed):.2f} ms (CPU: median {np.median(typed_cpu):.2f} ms, p95 {np.percentile(typed_cpu, 95):.2f} ms)")
    print(f"  idea -> closest ideas:       median {np.median(to_idea):.2f} ms, p95 {np.percentile(to_idea, 95):.2f} ms")
    print(f"  possible duplicates (closest pairs of all {SIMILAR_IDEAS}): {duplicates * 1000:.0f} ms, "
          f"{len(pairs)} pairs")
    load = float(open("/proc/loadavg").read().split()[0])
    print(f"Target: typed text well under 50 ms at 2,000 ideas. (1-minute load average: {load:.2f} on 2 cores)")
