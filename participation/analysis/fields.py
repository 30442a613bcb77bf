"""Assigning ideas to fields of action (Handlungsfelder), explained by matching terms.

Each field has a profile: its name (counted twice), description and keywords, turned
into the same TF-IDF features as the ideas (fitted on ideas and profiles together). A
moderator types a handful of keywords, and citizens use other words, so the profile is
then widened once by the room's own ideas that clearly match the field (pseudo-relevance
feedback, see :func:`expand_profiles`). An idea goes to the field with the highest
score, the cosine of idea and profile; below ``min_score`` it stays unassigned ("Noch
nicht zugeordnet"). A catch-all field ("Sonstiges", or marked so; see
:func:`is_catch_all`) does not compete on its own keywords: it receives every idea whose
best other field scores below ``CATCH_ALL_SCORE``. Confirmed moderator decisions
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
from .features import FeatureModel, Features, fit_features, unit_rows
from .learning import FieldScorer, example_centroids, fit_field_scorer
from .normalise import tokenize

__all__ = ["DEFAULT_MIN_SCORE", "FieldSpec", "Assignment", "FieldModel", "assign_to_fields", "fit_fields", "profile_text"]

DEFAULT_MIN_SCORE = 0.03
"""Score below which an idea stays unassigned (chosen on development data, see bench)."""

EXPANSION_ROUNDS = 1
"""Rounds of pseudo-relevance feedback (see :func:`expand_profiles`); 0 switches it off."""
EXPANSION_TOP = 20
EXPANSION_MARGIN = 0.02
EXPANSION_WEIGHT = 0.5
EXPANSION_DECIDED = 1
EXPANSION_SHARED = 2
EXPANSION_PURITY = 0.5
EXPANSION_PRIOR = 1
CATCH_ALL_SCORE = 0.06
"""Score of a catch-all field for every idea: an idea whose best other field scores less goes there."""

MAX_TERMS = 5
_TERM_SHARE = 0.15  # a term must carry at least this share of the strongest term


@dataclass(frozen=True)
class FieldSpec:
    """A field of action as the analysis sees it: plain data, no database row."""

    key: Hashable
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    catch_all: bool = False
    """Receives the ideas that fit no other field (see :func:`is_catch_all`)."""


@dataclass(frozen=True)
class Assignment:
    """The field of one idea; ``field_key`` is ``None`` for "Noch nicht zugeordnet"."""

    field_key: Hashable | None
    score: float
    terms: tuple[str, ...]
    confirmed: bool = False
    runner_up: float = 0.0
    """Score of the second-best field: how close the decision was (see :mod:`.confidence`)."""
    runner_up_key: Hashable | None = None
    """The second-best field (``None`` with a single field or when no second field scores)."""


CATCH_ALL_WORDS = frozenset({
    "sonstiges", "sonstige", "sonstigen", "sonst", "andere", "anderes", "anderen", "weiteres", "weitere",
    "weiteren", "allgemeines", "allgemein", "allgemeine", "verschiedenes", "diverses", "ubriges", "ubrige",
    "rest", "other", "others", "misc", "miscellaneous", "general",
})
"""Folded words that make a field named only by them (and by the words of ``_FILLER``) a catch-all."""
_FILLER = frozenset({"und", "oder", "ideen", "idee", "themen", "thema", "vorschlage", "anliegen", "punkte", "and", "ideas"})


def is_catch_all(field: FieldSpec) -> bool:
    """A field for whatever fits nowhere else: marked as such, or named like it
    ("Sonstiges", "Andere Ideen", "Weiteres", "Allgemeines", "Sonstiges / Übriges")."""
    if field.catch_all:
        return True
    words = {token.folded for token in tokenize(field.name)} - _FILLER
    return bool(words) and words <= CATCH_ALL_WORDS


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
    return fit_fields(ideas, fields, confirmed, min_score=min_score)[1]


def fit_fields(
    ideas: Mapping[Hashable, str],
    fields: Sequence[FieldSpec],
    confirmed: Mapping[Hashable, Hashable] | None = None,
    *,
    min_score: float | None = None,
) -> tuple[FieldModel | None, dict[Hashable, Assignment]]:
    """:func:`assign_to_fields`, and the fitted :class:`FieldModel` that assigns ideas
    posted later without a new fit (``None`` without ideas or fields)."""
    threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
    confirmed = {key: value for key, value in (confirmed or {}).items() if key in ideas}
    keys, texts = canonical_order(ideas)
    if not keys:
        return None, {}
    if not fields:
        return None, {
            key: Assignment(confirmed.get(key), 0.0, (), key in confirmed) for key in keys
        }
    field_index = {field.key: position for position, field in enumerate(fields)}

    features, feature_model = fit_features(
        texts + [profile_text(field) for field in fields],
        field_words=[token.folded for field in fields for token in tokenize(profile_text(field))],
    )
    matrix = features.matrix
    n = len(keys)
    ideas_matrix = matrix[:n]
    catch_all = np.array([is_catch_all(field) for field in fields])
    # A catch-all field does not compete on its own words: its profile is empty.
    profiles = (sp.diags((~catch_all).astype(np.float64)) @ matrix[n:]).tocsr()
    example_rows = [row for row, key in enumerate(keys) if key in confirmed and confirmed[key] in field_index]
    example_fields = [field_index[confirmed[keys[row]]] for row in example_rows]
    examples = ideas_matrix[example_rows]
    scorer = fit_field_scorer(ideas_matrix, profiles, examples, example_fields)
    scores = scorer.scores(ideas_matrix)
    for _ in range(EXPANSION_ROUNDS):
        expanded = expand_profiles(ideas_matrix, profiles, scores, catch_all, example_rows, example_fields)
        scorer = fit_field_scorer(ideas_matrix, expanded, examples, example_fields)
        scores = scorer.scores(ideas_matrix)
    model = FieldModel(feature_model, tuple(fields), catch_all, scorer, display_words(features, n), threshold, n)
    return model, model._assignments(keys, scores, features, confirmed)


class FieldModel:
    """A fitted field assignment: features, expanded profiles and the moderators' examples.

    :meth:`assign` sorts ideas the fit did not see, each from its own text alone: nothing is
    refitted (the IDF, the compound splitter, the profiles widened by the room's ideas and
    the example centroids stay as fitted), so assigning texts one by one, in batches or all
    at once gives the same result, at a cost proportional to the texts, not to the fitted
    workshop. Words the fit never saw add no word features and are not named as terms
    until the next fit; their character n-grams still count.
    """

    def __init__(self, features: FeatureModel, fields: tuple[FieldSpec, ...], catch_all: np.ndarray,
                 scorer: FieldScorer, shown: frozenset[str], threshold: float, size: int) -> None:
        self.features, self.fields, self.catch_all = features, fields, catch_all
        self.scorer, self.shown, self.threshold, self.size = scorer, shown, threshold, size
        self._field_index = {field.key: position for position, field in enumerate(fields)}

    def assign(self, ideas: Mapping[Hashable, str]) -> dict[Hashable, Assignment]:
        """The field of each idea (none confirmed), as the fitted model sees it."""
        keys, texts = canonical_order(ideas)
        if not keys:
            return {}
        batch = self.features.transform(texts)
        return self._assignments(keys, self.scorer.scores(batch.matrix), batch, {})

    def _assignments(self, keys: list[Hashable], scores: np.ndarray, features: Features,
                     confirmed: Mapping[Hashable, Hashable]) -> dict[Hashable, Assignment]:
        fields, field_index, catch_all, threshold = self.fields, self._field_index, self.catch_all, self.threshold
        n = len(keys)
        if catch_all.any():
            # What fits no other field well enough goes to the catch-all: it scores a constant
            # (or more, where decisions put similar ideas there).
            scores[:, catch_all] = np.maximum(scores[:, catch_all], CATCH_ALL_SCORE)
        ranking = np.argsort(-scores, axis=1, kind="stable")  # the first field among equals first
        best = ranking[:, 0]
        best_scores = scores[np.arange(n), best]
        second = ranking[:, 1] if scores.shape[1] > 1 else np.full(n, -1)
        runner_up = scores[np.arange(n), second] if scores.shape[1] > 1 else np.zeros(n)
        # The field each idea is explained against; -1: unassigned or an unknown field.
        columns = np.where((best_scores >= threshold) & (best_scores > 0.0), best, -1)
        for row, key in enumerate(keys):
            if key in confirmed:
                columns[row] = field_index.get(confirmed[key], -1)
        terms = explain(features, n, self.scorer.vectors, columns, shown=self.shown)

        result: dict[Hashable, Assignment] = {}
        for row, key in enumerate(keys):
            column = int(columns[row])
            if key in confirmed:
                score = float(scores[row, column]) if column >= 0 else 0.0
                result[key] = Assignment(confirmed[key], round(score, 6), terms[row], True)
            elif column < 0:
                result[key] = Assignment(None, round(max(float(best_scores[row]), 0.0), 6), (),
                                         runner_up=round(max(float(runner_up[row]), 0.0), 6))
            else:
                has_second = second[row] >= 0 and runner_up[row] > 0.0
                result[key] = Assignment(fields[column].key, round(float(scores[row, column]), 6), terms[row],
                                         runner_up=round(max(float(runner_up[row]), 0.0), 6),
                                         runner_up_key=fields[int(second[row])].key if has_second else None)
        return result


def expand_profiles(
    ideas: sp.csr_matrix,
    profiles: sp.csr_matrix,
    scores: np.ndarray,
    catch_all: np.ndarray,
    example_rows: Sequence[int] = (),
    example_fields: Sequence[int] = (),
) -> sp.csr_matrix:
    """Field profiles widened by the words of the ideas that clearly match them.

    Pseudo-relevance feedback (Rocchio): for every field, the ``EXPANSION_TOP`` ideas
    with the largest lead of that field over the next one (at least
    ``EXPANSION_MARGIN``), together with the ideas a moderator put there, form a
    distinctive centroid (see :func:`.learning.example_centroids`); the profile becomes
    ``profile + EXPANSION_WEIGHT * centroid``. So a field typed as "Bus, Bahn" learns
    "Haltestelle" and "Takt" from the room's own ideas. Catch-all fields stay empty.
    """
    n, n_fields = scores.shape
    named = np.flatnonzero(~catch_all)
    if n == 0 or len(named) == 0:
        return profiles
    named_scores = scores[:, named]
    order = np.argsort(-named_scores, axis=1, kind="stable")
    top = named_scores[np.arange(n), order[:, 0]]
    second = named_scores[np.arange(n), order[:, 1]] if len(named) > 1 else np.zeros(n)
    lead = top - second
    best = named[order[:, 0]]
    decided = np.zeros(n, dtype=bool)
    decided[list(example_rows)] = True
    # A moderator's decision counts as much as EXPANSION_DECIDED clear pseudo-examples.
    rows: list[int] = list(example_rows) * EXPANSION_DECIDED
    fields_of: list[int] = list(example_fields) * EXPANSION_DECIDED
    for field in named:
        candidates = np.flatnonzero((best == field) & (lead >= EXPANSION_MARGIN) & (top > 0) & ~decided)
        if len(candidates):
            # largest lead first, then the row (canonical order) among equals
            chosen = candidates[np.lexsort((candidates, -np.round(lead[candidates], 9)))][:EXPANSION_TOP]
            rows.extend(int(row) for row in chosen)
            fields_of.extend([int(field)] * len(chosen))
    if not rows:
        return profiles
    chosen_ideas = ideas[rows]
    centroids, _ = example_centroids(chosen_ideas, fields_of, n_fields, ideas)
    present = (ideas > 0).astype(np.float64).tocsr()
    # Only features that at least EXPANSION_SHARED of a field's chosen ideas share (the words
    # of a single idea would pull unrelated ideas in) and that are the field's own: of all
    # ideas using a feature, at least EXPANSION_PURITY go to that field
    # (or were put there), counted among the ideas with a clear field. A place name that
    # every field's ideas mention is no field word.
    membership = sp.csr_matrix((np.ones(len(rows)), (fields_of, np.arange(len(rows)))), shape=(n_fields, len(rows)))
    shared = (membership @ present[rows]).tocsr()
    shared.data = (shared.data >= EXPANSION_SHARED).astype(np.float64)
    clear = np.flatnonzero(((lead >= EXPANSION_MARGIN) & (top > 0)) | decided)
    owner = best.copy()
    owner[list(example_rows)] = list(example_fields)
    ownership = sp.csr_matrix((np.ones(len(clear)), (owner[clear], clear)), shape=(n_fields, n))
    users = np.asarray(present[clear].sum(axis=0)).ravel()  # among the ideas with a clear field
    owned = (ownership @ present).tocsr()
    owned.data = (owned.data >= EXPANSION_PURITY * (users[owned.indices] + EXPANSION_PRIOR)).astype(np.float64)
    centroids = unit_rows(centroids.multiply(shared).multiply(owned).tocsr())
    keep = sp.diags((~catch_all).astype(np.float64))
    return unit_rows(unit_rows(profiles) + EXPANSION_WEIGHT * (keep @ centroids))


def explain(features: Features, n: int, vectors: sp.csr_matrix, columns: np.ndarray, limit: int = MAX_TERMS,
            shown: frozenset[str] | None = None) -> list[tuple[str, ...]]:
    """For each of the first ``n`` rows, the readable words linking it to field ``columns[row]``.

    Each word of the idea gets its share of the cosine with the field vector: the word
    features it produced (stem and compound parts) plus its character n-grams, so a typo
    ("Internett") is named as well as an exact match. Words are listed strongest first,
    down to ``_TERM_SHARE`` of the strongest. Rows with column -1 get no terms. ``shown``:
    the words that may be named (default: :func:`.display.display_words` of ``features``).
    """
    n_word = features.n_word
    terms: list[tuple[str, ...]] = [() for _ in range(n)]
    if shown is None:
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
