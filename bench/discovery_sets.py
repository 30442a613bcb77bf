"""Labelled sets for the discovery benchmark, beyond the two in :mod:`bench.datasets`.

* ``Ottensen-spec``: the second, independent label scheme of the Ottensen contributions
  (what the contribution specifies): "moving traffic" only versus "parking" only.
* ``Long``: a large set of long contributions on one topic, built from Ottensen: each
  text joins two contributions of one mode-of-transport class with 2 to 4 contributions
  drawn from all Ottensen contributions (any or no class: general talk about traffic in
  the quarter), shuffled, drawn with a seeded generator. The texts are as long as written
  statements (a few hundred words), all about urban mobility, and only partly about
  their class, which they take from the two class contributions. Dev and test texts are built only from dev
  and test contributions respectively, so the parts stay apart.

All of this is derived from the Ottensen data at run time (nothing is copied into the
repository).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from bench.datasets import OTTENSEN_CSV, load_ottensen

LONG_SIZE = {"dev": 1000, "test": 2300}
SAME_CLASS = 2
OTHER_PARTS = (2, 4)


@dataclass(frozen=True)
class LabelledText:
    key: str
    text: str
    label: str
    part: str


def ottensen_specifications() -> list[LabelledText]:
    """Contributions labelled only "moving traffic" or only "parking"."""
    items = {item.key: item for item in load_ottensen()}
    result = []
    with OTTENSEN_CSV.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            parking = row["stationary traffic (parking)"] == "1"
            moving = row["moving traffic"] == "1"
            others = row["new services"] == "1" or row["inter- and multimodality"] == "1"
            if parking != moving and not others:
                item = items[row["document_id"]]
                label = "Parken" if parking else "Fließender Verkehr"
                result.append(LabelledText(item.key, item.text, label, item.part))
    return result


def long_texts(part: str, size: int | None = None, seed: int = 0) -> list[LabelledText]:
    """``size`` long texts built from the ``part`` ("dev"/"test") of Ottensen (see above)."""
    size = LONG_SIZE[part] if size is None else size
    pool: dict[str, list[str]] = {}
    everything = [item.text for item in load_ottensen() if item.part == part]
    for item in load_ottensen():
        if item.label and item.part == part:
            pool.setdefault(item.label, []).append(item.text)
    labels = sorted(pool)
    weights = [len(pool[label]) for label in labels]
    rng = random.Random(f"long-{part}-{seed}")
    result = []
    for number in range(size):
        label = rng.choices(labels, weights)[0]
        texts = rng.sample(pool[label], min(SAME_CLASS, len(pool[label])))
        texts += [text for text in rng.sample(everything, OTHER_PARTS[1] + SAME_CLASS) if text not in texts][
            : rng.randint(*OTHER_PARTS)
        ]
        rng.shuffle(texts)
        text = "\n\n".join(texts)
        result.append(LabelledText(f"long-{part}-{number}", text, label, part))
    return result
