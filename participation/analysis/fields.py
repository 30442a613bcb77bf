"""Assigning ideas to fields of action (Handlungsfelder), explained by matching terms.

Each field has a profile: its name (counted twice), description and keywords, turned
into the same TF-IDF features as the ideas (fitted on ideas and profiles together). An
idea goes to the field whose vector is most similar (cosine); below ``min_score`` it stays
unassigned ("Noch nicht zugeordnet"). Confirmed moderator decisions are kept as they are
and teach the field vectors (see :mod:`.learning`).

The terms of an assignment are the words the idea shares with the field, strongest
first, in the spelling people used ("Glasfaser", "Bus"). When only character n-grams
connect them (a typo such as "Internett"), the idea's word that is closest to the field
is named instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .corpus import canonical_order
from .features import Features, build_features
from .learning import field_scores, field_vectors
from .normalise import tokenize

__all__ = ["DEFAULT_MIN_SCORE", "FieldSpec", "Assignment", "assign_to_fields", "profile_text"]

DEFAULT_MIN_SCORE = 0.05
"""Cosine below which an idea stays unassigned (chosen on development data, see bench)."""

MAX_TERMS = 5
_CHAR_TERM_MIN = 0.02  # a word must share at least this much with the field to be named


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
    example_rows = [row for row, key in enumerate(keys) if confirmed.get(key, None) in field_index]
    example_fields = [field_index[confirmed[keys[row]]] for row in example_rows]
    examples = ideas_matrix[example_rows]
    vectors = field_vectors(profiles, examples, example_fields)
    scores = field_scores(ideas_matrix, vectors, examples, example_fields)

    result: dict[Hashable, Assignment] = {}
    for row, key in enumerate(keys):
        if key in confirmed:
            chosen = confirmed[key]
            column = field_index.get(chosen)
            if column is None:
                result[key] = Assignment(chosen, 0.0, (), True)
            else:
                score = float(scores[row, column])
                result[key] = Assignment(chosen, round(score, 6), matching_terms(features, row, vectors, column), True)
            continue
        column = int(np.argmax(scores[row]))  # the first field among equals
        score = float(scores[row, column])
        if score < threshold or score <= 0.0:
            result[key] = Assignment(None, round(max(score, 0.0), 6), ())
        else:
            result[key] = Assignment(fields[column].key, round(score, 6), matching_terms(features, row, vectors, column))
    return result


def matching_terms(features: Features, row: int, vectors, column: int, limit: int = MAX_TERMS) -> tuple[str, ...]:
    """Readable words that connect idea ``row`` with field vector ``column``."""
    n_word = features.n_word
    idea = features.matrix.getrow(row)
    vector = vectors.getrow(column)
    product = idea[:, :n_word].multiply(vector[:, :n_word]).tocoo()
    ranked = sorted(zip(product.data, product.col), key=lambda item: (-item[0], features.readable[item[1]]))
    terms: list[str] = []
    for value, col in ranked:
        word = features.readable[col]
        if value > 0 and word not in terms:
            terms.append(word)
        if len(terms) == limit:
            break
    if terms or not features.tokens[row]:
        return tuple(terms)
    # Only character n-grams connect them: name the idea's word that is closest.
    words = [token.folded for token in features.tokens[row]]
    char_rows = features.char_vectors(words)
    closeness = np.asarray((char_rows @ vector[:, n_word:].T).toarray()).ravel()
    best = int(np.argmax(closeness))
    if closeness[best] >= _CHAR_TERM_MIN:
        return (features.tokens[row][best].surface,)
    return ()
