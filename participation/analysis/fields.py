"""Assigning ideas to fields of action (Handlungsfelder), explained by matching terms.

Each field has a profile: its name (counted twice), description and keywords, turned
into the same TF-IDF features as the ideas (fitted on ideas and profiles together). An
idea goes to the field with the highest score, the cosine of idea and profile; below
``min_score`` it stays unassigned ("Noch nicht zugeordnet"). Confirmed moderator decisions
are never changed and add evidence for the other ideas (see :mod:`.learning`), so a score
can exceed 1; it is a similarity, not a probability.

The terms of an assignment are the words the idea shares with the field, strongest
first, in the spelling people used ("Glasfaser", "Bus"). When only character n-grams
connect them (a typo such as "Internett"), the idea's word that is closest to the field
is named instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .corpus import canonical_order
from .display import display_words
from .features import Features, build_features
from .learning import field_scores
from .normalise import tokenize

__all__ = ["DEFAULT_MIN_SCORE", "FieldSpec", "Assignment", "assign_to_fields", "profile_text"]

DEFAULT_MIN_SCORE = 0.03
"""Score below which an idea stays unassigned (chosen on development data, see bench)."""

MAX_TERMS = 5
_TERM_SHARE = 0.15  # a term must carry at least this share of the strongest term


@dataclass(frozen=True)
class FieldSpec:
    """A field of action as the analysis sees it: plain data, no database row."""

    key: Hashable
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """The field of one idea; ``field_key`` is ``None`` for "Noch nicht zugeordnet"."""

    field_key: Hashable | None
    score: float
    terms: tuple[str, ...]
    confirmed: bool = False
    runner_up: float = 0.0
    """Score of the second-best field: how close the decision was (see :mod:`.confidence`)."""


def profile_text(field: FieldSpec) -> str:
    """The text a field is described by: name twice, description, keywords."""
    return "\n".join([field.name, field.name, field.description, ", ".join(field.keywords)])


def assign_to_fields(
    ideas: Mapping[Hashable, str],
    fields: Sequence[FieldSpec],
    confirmed: Mapping[Hashable, Hashable] | None = None,
    *,
    min_score: float | None = None,
) -> dict[Hashable, Assignment]:
    """Assign every idea to its best field, or to none when nothing fits well enough.

    ``confirmed`` maps idea keys to the field key a moderator chose; those ideas keep it
    (``confirmed=True``; ``None`` means "confirmed as unassigned") and serve as training
    examples for all other ideas. A confirmed field key that is not among ``fields`` is
    kept too, with score 0. Keys of ``confirmed`` that are not ideas are ignored.
    The result has the same keys as ``ideas`` and does not depend on their order.
    """
    threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
    confirmed = {key: value for key, value in (confirmed or {}).items() if key in ideas}
    keys, texts = canonical_order(ideas)
    if not keys:
        return {}
    field_index = {field.key: position for position, field in enumerate(fields)}
    if not fields:
        return {
            key: Assignment(confirmed.get(key), 0.0, (), key in confirmed) for key in keys
        }

    features = build_features(
        texts + [profile_text(field) for field in fields],
        field_words=[token.folded for field in fields for token in tokenize(profile_text(field))],
    )
    matrix = features.matrix
    n = len(keys)
    ideas_matrix, profiles = matrix[:n], matrix[n:]
    example_rows = [row for row, key in enumerate(keys) if key in confirmed and confirmed[key] in field_index]
    example_fields = [field_index[confirmed[keys[row]]] for row in example_rows]
    scores, vectors = field_scores(ideas_matrix, profiles, ideas_matrix[example_rows], example_fields)
    best = np.argmax(scores, axis=1)  # the first field among equals
    best_scores = scores[np.arange(n), best]
    runner_up = np.partition(scores, -2, axis=1)[:, -2] if scores.shape[1] > 1 else np.zeros(n)
    # The field each idea is explained against; -1: unassigned or an unknown field.
    columns = np.where((best_scores >= threshold) & (best_scores > 0.0), best, -1)
    for row, key in enumerate(keys):
        if key in confirmed:
            columns[row] = field_index.get(confirmed[key], -1)
    terms = explain(features, n, vectors, columns)

    result: dict[Hashable, Assignment] = {}
    for row, key in enumerate(keys):
        column = int(columns[row])
        if key in confirmed:
            score = float(scores[row, column]) if column >= 0 else 0.0
            result[key] = Assignment(confirmed[key], round(score, 6), terms[row], True)
        elif column < 0:
            result[key] = Assignment(None, round(max(float(best_scores[row]), 0.0), 6), ())
        else:
            result[key] = Assignment(fields[column].key, round(float(scores[row, column]), 6), terms[row],
                                     runner_up=round(max(float(runner_up[row]), 0.0), 6))
    return result


def explain(features: Features, n: int, vectors: sp.csr_matrix, columns: np.ndarray, limit: int = MAX_TERMS) -> list[tuple[str, ...]]:
    """For each of the first ``n`` rows, the readable words linking it to field ``columns[row]``.

    Each word of the idea gets its share of the cosine with the field vector: the word
    features it produced (stem and compound parts) plus its character n-grams, so a typo
    ("Internett") is named as well as an exact match. Words are listed strongest first,
    down to ``_TERM_SHARE`` of the strongest. Rows with column -1 get no terms.
    """
    n_word = features.n_word
    terms: list[tuple[str, ...]] = [() for _ in range(n)]
    shown = display_words(features, n) if np.any(columns >= 0) else frozenset()
    for column in np.unique(columns[columns >= 0]):
        rows = np.flatnonzero(columns == column)
        # Scaling columns by a sparse diagonal keeps the product sparse.
        product = (features.matrix[rows] @ sp.diags(vectors[column].toarray().ravel())).tocsr()
        words = product[:, :n_word].tocsr()
        chars = product[:, n_word:].tocsr()
        pairs = [(position, token) for position, row in enumerate(rows) for token in features.tokens[row]]
        if pairs:
            ngrams = features.char_ngrams([token for _, token in pairs])
            char_share = np.asarray(ngrams.multiply(chars[[position for position, _ in pairs]]).sum(axis=1)).ravel()
        else:
            char_share = np.zeros(0)
        contributions: list[dict[str, float]] = [{} for _ in rows]
        for position in range(len(rows)):
            start, end = words.indptr[position], words.indptr[position + 1]
            for col, value in zip(words.indices[start:end], words.data[start:end]):
                if value > 0:
                    word = features.readable[col]
                    contributions[position][word] = contributions[position].get(word, 0.0) + value
        for (position, token), value in zip(pairs, char_share):
            if value > 0:
                word = features.readable_stem(features.stems[token]) or token.surface
                contributions[position][word] = contributions[position].get(word, 0.0) + value
        for position, row in enumerate(rows):
            ranked = sorted(contributions[position].items(), key=lambda item: (-item[1], item[0]))
            ranked = [item for item in ranked if item[0] in shown]  # no filler (see .display)
            if ranked:
                floor = ranked[0][1] * _TERM_SHARE
                terms[row] = tuple(word for word, value in ranked[:limit] if value >= floor)
    return terms
