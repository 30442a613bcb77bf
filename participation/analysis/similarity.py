"""Which ideas say nearly the same: the closest ideas to one idea, for merging duplicates.

The cosine of two ideas' TF-IDF rows (:mod:`.features`: word stems, compound parts and
character n-grams, so "Ärztehaus" finds "Aerztehaus" and "Internett" finds "Internet").
:class:`SimilarIdeas` builds the features once for a set of ideas and then answers "most
similar to X" for any of them; :func:`similar_ideas` is the one-off form.

:meth:`SimilarIdeas.like` answers the same for a text nobody has posted yet (a person
typing on the phone), and :meth:`SimilarIdeas.duplicates` lists the closest pairs (the
console's "mögliche Doppelungen"). Both use a query index fitted once per set of ideas:
folded word stems and character 3- to 5-grams of the content words, TF-IDF weighted with
the ideas' document frequencies, the character part weighted more than in the analysis
features (``QUERY_WORD_WEIGHT``). A typed text is turned into the same features with that
vocabulary, so a question costs one sparse product: well under a millisecond for 2,000
ideas (bench/analysis.py, similar ideas). "Fahradweg nach Heide" finds "Fahrradwege nach
Heide" through the shared n-grams, "Buergerpark" finds "Bürgerpark" through folding.
:func:`matches_words` is the plain search a moderator types: every word of the query,
folded like the analysis folds (case, umlauts, ß), occurs in the text.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from functools import lru_cache

import numpy as np

from .corpus import canonical_order
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from .features import build_features, content_tokens, unit_rows
from .normalise import fold, stem

__all__ = ["MIN_SIMILARITY", "MIN_TYPED_SIMILARITY", "SimilarIdeas", "matches_words", "similar_ideas"]

MIN_SIMILARITY = 0.15
"""Below this cosine two ideas share little more than a common word; not a suggestion."""

MIN_TYPED_SIMILARITY = 0.35
"""A typed text and an idea below this cosine (query index) are not shown as similar."""

QUERY_WORD_WEIGHT = 0.3
"""Share of the word stems in the query index; the rest is character n-grams, which
carry typed texts' typos ("Fahradweg") that no stem matches."""

MIN_DUPLICATE = 0.5
"""Pairs of ideas at least this close (query index) are possible duplicates."""


DUPLICATE_BLOCK = 256  # rows of the similarity product computed at a time (memory: block x ideas)


class SimilarIdeas:
    """Features of a set of ideas (key → text), fitted once, asked many times.

    Each kind of question fits what it needs on first use: :meth:`to` the analysis
    features, :meth:`like` and :meth:`duplicates` the (faster) query index.
    """

    def __init__(self, ideas: Mapping[Hashable, str]) -> None:
        self.keys, texts = canonical_order(ideas)
        self._row = {key: row for row, key in enumerate(self.keys)}
        self._texts = texts
        self._features: sp.csr_matrix | None = None  # the analysis features, fitted on first use
        self._query: _QueryIndex | None = None

    def __contains__(self, key: Hashable) -> bool:
        return key in self._row

    def to(
        self,
        key: Hashable,
        *,
        limit: int | None = 5,
        among: Collection[Hashable] | None = None,
        min_score: float = MIN_SIMILARITY,
    ) -> list[tuple[Hashable, float]]:
        """The ideas most similar to ``key``, closest first, as ``(key, cosine)``.

        ``among`` limits the answer to these keys (say, the ideas a merge may go to);
        ``key`` itself is never in it. Equal scores keep the canonical order (by text), so
        the answer does not depend on the order of the mapping. An unknown key has none.
        """
        row = self._row.get(key)
        if row is None:
            return []
        matrix = self._matrix()
        scores = np.asarray((matrix @ matrix[row].T).toarray()).ravel()
        allowed = None if among is None else {self._row[k] for k in among if k in self._row}
        ranked = [
            (self.keys[other], float(scores[other]))
            for other in np.argsort(-scores, kind="stable")
            if other != row and scores[other] >= min_score and (allowed is None or other in allowed)
        ]
        return ranked if limit is None else ranked[:limit]


    def like(
        self,
        text: str,
        *,
        limit: int | None = 3,
        exclude: Collection[Hashable] = (),
        min_score: float = MIN_TYPED_SIMILARITY,
    ) -> list[tuple[Hashable, float]]:
        """The ideas closest to a typed ``text`` (not one of the ideas), closest first.

        ``exclude``: keys never answered (say, the person's own ideas). Equal scores keep
        the canonical order. A text without content words has no similar ideas.
        """
        if not self.keys:
            return []
        scores = self._index().scores(text)
        if scores is None:
            return []
        excluded = {self._row[key] for key in exclude if key in self._row}
        ranked = []
        for row in np.argsort(-scores, kind="stable"):
            if scores[row] < min_score or (limit is not None and len(ranked) >= limit):
                break
            if row not in excluded:
                ranked.append((self.keys[row], round(float(scores[row]), 6)))
        return ranked

    def duplicates(self, *, limit: int = 5, min_score: float = MIN_DUPLICATE) -> list[tuple[Hashable, Hashable, float]]:
        """The closest pairs of ideas, ``(key, key, cosine)``, closest first (at most ``limit``).

        Within a pair the keys are in canonical order; equal scores keep that order too.
        """
        return self.duplicates_of(None, limit=limit, min_score=min_score)

    def duplicates_of(
        self, among: Collection[Hashable] | None, *, limit: int = 5, min_score: float = MIN_DUPLICATE,
        block: int = DUPLICATE_BLOCK,
    ) -> list[tuple[Hashable, Hashable, float]]:
        """Like :meth:`duplicates`, only the pairs with at least one idea of ``among`` (None:
        every idea); the same pairs in the same order as the full product would give.

        The products are taken ``block`` rows at a time: the whole ``n x n`` product of a
        workshop of 20,000 ideas that share their common words held gigabytes.
        """
        if len(self.keys) < 2:
            return []
        matrix = self._index().matrix.tocsr()
        if among is None:
            chosen = np.arange(len(self.keys))
        else:
            chosen = np.array(sorted(self._row[key] for key in among if key in self._row), dtype=np.int64)
        is_chosen = np.zeros(len(self.keys), dtype=bool)
        is_chosen[chosen] = True
        found_rows, found_cols, found_values = [], [], []
        for start in range(0, len(chosen), block):
            rows_here = chosen[start:start + block]
            product = (matrix[rows_here] @ matrix.T).tocoo()
            row = rows_here[product.row]
            col = product.col
            # each pair once: (i, j) with i < j when both are chosen, any order otherwise
            keep = (product.data >= min_score - 1e-9) & (row != col) & ((row < col) | ~is_chosen[col])
            row, col, value = row[keep], col[keep], np.round(product.data[keep], 6)
            first, second = np.minimum(row, col), np.maximum(row, col)
            order = np.lexsort((second, first, -value))[:limit]  # the best of this block suffice
            found_rows.append(first[order])
            found_cols.append(second[order])
            found_values.append(value[order])
        if not found_rows:
            return []
        rows, cols, values = np.concatenate(found_rows), np.concatenate(found_cols), np.concatenate(found_values)
        order = np.lexsort((cols, rows, -values))[:limit]
        return [(self.keys[rows[i]], self.keys[cols[i]], float(values[i])) for i in order]

    def _matrix(self) -> sp.csr_matrix:
        if self._features is None:
            self._features = build_features(self._texts).matrix
        return self._features

    def _index(self) -> "_QueryIndex":
        if self._query is None:
            self._query = _QueryIndex(self._texts)
        return self._query


def _word_features(text: str) -> list[str]:
    return [stem(token.lower) for token in content_tokens(text)]


def _char_features(text: str) -> list[str]:
    grams: list[str] = []
    for token in content_tokens(text):
        grams.extend(_grams(token.folded))
    return grams


@lru_cache(maxsize=100_000)
def _grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[start : start + size] for size in range(3, 6) for start in range(len(padded) - size + 1))


class _QueryIndex:
    """Word stems and character n-grams of the ideas, able to turn a new text into features."""

    def __init__(self, texts: list[str]) -> None:
        self.words = TfidfVectorizer(analyzer=_word_features, sublinear_tf=True, dtype=np.float64)
        self.chars = TfidfVectorizer(analyzer=_char_features, sublinear_tf=True, dtype=np.float64)
        word_matrix = self._fit(self.words, texts)
        char_matrix = self._fit(self.chars, texts)
        self.matrix = self._combine(word_matrix, char_matrix)
        self.matrix_t = self.matrix.T.tocsr()

    @staticmethod
    def _fit(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
        try:
            return vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # no feature at all (only emoji, only stop words)
            vectorizer.vocabulary_ = None
            return sp.csr_matrix((len(texts), 0))

    @staticmethod
    def _combine(words: sp.csr_matrix, chars: sp.csr_matrix) -> sp.csr_matrix:
        return unit_rows(sp.hstack(
            [unit_rows(words) * np.sqrt(QUERY_WORD_WEIGHT), unit_rows(chars) * np.sqrt(1.0 - QUERY_WORD_WEIGHT)], format="csr"
        ))

    def scores(self, text: str) -> np.ndarray | None:
        """Cosine of ``text`` with every idea, or None if it has no known feature."""
        parts = [self._transform(vectorizer, analyse(text or ""))
                 for vectorizer, analyse in ((self.words, _word_features), (self.chars, _char_features))]
        query = sp.hstack(
            [parts[0] * np.sqrt(QUERY_WORD_WEIGHT), parts[1] * np.sqrt(1.0 - QUERY_WORD_WEIGHT)], format="csr"
        )
        if query.nnz == 0:
            return None
        return np.asarray((query @ self.matrix_t).toarray()).ravel()


    @staticmethod
    def _transform(vectorizer: TfidfVectorizer, features: list[str]) -> sp.csr_matrix:
        # Like the vectorizer's transform, except that features the ideas never had (a
        # word nobody else used, a typo's n-grams) count in the length of the vector with
        # the highest IDF: an unknown word is a difference, so the few known words of a
        # typed text do not carry all its weight.
        vocabulary = vectorizer.vocabulary_
        width = len(vocabulary) if vocabulary else 0
        if not features:
            return sp.csr_matrix((1, width))
        idf = vectorizer.idf_ if vocabulary else np.zeros(0)
        unknown_idf = float(idf.max()) if len(idf) else 1.0
        counts: dict[str, int] = {}
        for feature in features:
            counts[feature] = counts.get(feature, 0) + 1
        columns, values, norm = [], [], 0.0
        for feature, count in counts.items():
            column = vocabulary.get(feature) if vocabulary else None
            weight = (1.0 + np.log(count)) * (idf[column] if column is not None else unknown_idf)
            norm += weight * weight
            if column is not None:
                columns.append(column)
                values.append(weight)
        values = np.asarray(values) / np.sqrt(norm) if norm else np.asarray(values)
        return sp.csr_matrix((values, (np.zeros(len(columns), dtype=int), columns)), shape=(1, width))


def similar_ideas(
    ideas: Mapping[Hashable, str], key: Hashable, *, limit: int | None = 5, min_score: float = MIN_SIMILARITY
) -> list[tuple[Hashable, float]]:
    """The ideas of ``ideas`` most similar to the idea ``key``, closest first."""
    return SimilarIdeas(ideas).to(key, limit=limit, min_score=min_score)


def matches_words(text: str, query: str) -> bool:
    """Whether every word of ``query`` occurs in ``text`` (folded: "arzte" finds "Ärzte")."""
    folded = fold(text or "")
    return all(fold(word) in folded for word in (query or "").split())
