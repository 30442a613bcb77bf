"""TF-IDF features of German ideas: word stems, compound parts and character n-grams.

Every text becomes one row of a sparse matrix with two blocks:

* word block: Snowball stems of the content words (stop words removed), plus the stems of
  the parts of compounds ("Car-Sharing-App" → car, sharing, app, carsharing, sharingapp;
  "Glasfaserausbau" → glasfaser, ausbau) at half weight. Sublinear TF, smoothed IDF,
  rows L2-normalised.
* character block: character 3- to 5-grams within the folded content words, which match
  typos ("Internett"), inflections the stemmer misses and compounds nobody split.

The blocks are weighted so that the cosine of two rows is ``WORD_WEIGHT`` times the word
cosine plus the rest times the character cosine. The IDF is fitted on the texts given
(ideas plus field profiles), so the features of an idea depend only slightly on the
others: one more idea changes every IDF by a tiny amount.

Word features keep a readable form for explanations: the most frequent spelling that
produced the stem ("Schule" for ``schul``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from .compounds import CompoundSplitter
from .normalise import Token, stem, tokenize
from .stopwords import STOP_WORDS

__all__ = ["WORD_WEIGHT", "PART_WEIGHT", "Features", "build_features", "content_tokens", "unit_rows"]

WORD_WEIGHT = 0.6
"""Share of the word block in the cosine of two texts; the rest is character n-grams."""

PART_WEIGHT = 0.5
"""Count of a compound part relative to a whole word."""

CHAR_NGRAMS = (3, 5)


def content_tokens(text: str) -> list[Token]:
    """Tokens of ``text`` that carry content (no stop words, no single letters)."""
    return [token for token in tokenize(text) if token.folded not in STOP_WORDS and len(token.folded) > 1]


@dataclass
class Features:
    """The feature matrix of a corpus and what is needed to explain it."""

    matrix: sp.csr_matrix
    """One L2-normalised row per text: word block, then character block."""
    word_terms: list[str]
    """Stem of each word column."""
    readable: list[str]
    """Readable spelling of each word column."""
    tokens: list[list[Token]] = field(repr=False, default_factory=list)
    word_weight: float = WORD_WEIGHT
    stems: dict[Token, str] = field(repr=False, default_factory=dict)
    """Main stem of every token."""
    token_index: dict[Token, int] = field(repr=False, default_factory=dict)
    token_ngrams: sp.csr_matrix | None = field(repr=False, default=None)
    """Character n-gram counts of every distinct token (rows as in ``token_index``)."""

    @property
    def n_word(self) -> int:
        return len(self.word_terms)

    def word_block(self) -> sp.csr_matrix:
        return self.matrix[:, : self.n_word]

    def char_block(self) -> sp.csr_matrix:
        return self.matrix[:, self.n_word :]

    def empty_rows(self) -> np.ndarray:
        """Boolean mask of texts without any feature (emoji, only stop words, empty)."""
        return np.asarray(self.matrix.getnnz(axis=1) == 0)

    def char_ngrams(self, tokens: Sequence[Token]) -> sp.csr_matrix:
        """Which character n-grams (columns of the character block) each token contains."""
        if self.token_ngrams is None or not tokens:
            return sp.csr_matrix((len(tokens), self.matrix.shape[1] - self.n_word))
        ngrams = self.token_ngrams[[self.token_index[token] for token in tokens]]
        ngrams.data[:] = 1.0
        return ngrams

    def readable_stem(self, stem_: str) -> str | None:
        """Readable spelling of a word column's stem, ``None`` if it is no column."""
        position = bisect_left(self.word_terms, stem_)
        if position < len(self.word_terms) and self.word_terms[position] == stem_:
            return self.readable[position]
        return None


class _WordAnalyser:
    """Maps tokens to weighted stems; compound parts come from a corpus splitter."""

    def __init__(self, splitter: CompoundSplitter) -> None:
        self.splitter = splitter
        self._cache: dict[Token, tuple[str, tuple[tuple[str, str], ...]]] = {}

    def analyse(self, token: Token) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Main stem of the token and ``(stem, piece)`` of each compound part."""
        cached = self._cache.get(token)
        if cached is None:
            cached = self._cache[token] = self._analyse(token)
        return cached

    def _analyse(self, token: Token) -> tuple[str, tuple[tuple[str, str], ...]]:
        main = stem(token.lower)
        pieces: list[str] = []
        if token.parts:
            parts = token.parts
            # Every run of adjacent pieces: "car sharing app" → carsharing, sharingapp, ...
            for size in range(1, len(parts)):
                for start in range(len(parts) - size + 1):
                    pieces.append("".join(parts[start : start + size]))
            for part in parts:
                pieces.extend(self.splitter.split(part))
        else:
            pieces.extend(self.splitter.split(token.folded))
        found: dict[str, str] = {}
        for piece in pieces:
            if piece in STOP_WORDS or len(piece) < 3:
                continue
            piece_stem = stem(piece)
            if piece_stem != main and piece_stem not in found:
                found[piece_stem] = piece
        return main, tuple(found.items())


def build_features(texts: Sequence[str], field_words: Sequence[str] = (), *, word_weight: float = WORD_WEIGHT) -> Features:
    """Fit the features on ``texts`` and return their matrix (rows in the given order).

    ``field_words`` are extra known words for the compound splitter (field keywords).
    Every distinct word is analysed once; a text's counts are then the sum of its
    words' counts (a sparse product), which keeps 50,000 ideas fast.
    """
    tokens = [content_tokens(text) for text in texts]
    token_index: dict[Token, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    document_frequency: Counter[str] = Counter()
    for row, doc in enumerate(tokens):
        for token in doc:
            rows.append(row)
            columns.append(token_index.setdefault(token, len(token_index)))
        document_frequency.update({token.folded for token in doc})
    unique = list(token_index)
    occurrences = sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64))),
        shape=(len(texts), len(unique)),
    )
    splitter = CompoundSplitter(
        (word for word, count in document_frequency.items() for _ in range(min(count, 2))),
        field_words,
    )
    analyser = _WordAnalyser(splitter)
    word_matrix, word_terms, readable = _word_block(occurrences, unique, analyser)
    char_matrix, token_ngrams = _char_block(occurrences, unique)
    matrix = sp.hstack(
        [unit_rows(word_matrix) * np.sqrt(word_weight), unit_rows(char_matrix) * np.sqrt(1.0 - word_weight)],
        format="csr",
    )
    stems = {token: analyser.analyse(token)[0] for token in unique}
    return Features(
        unit_rows(matrix), word_terms, readable, tokens, word_weight, stems, token_index, token_ngrams
    )


def unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty); also for matrices without columns."""
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return sp.csr_matrix(matrix.shape)
    return normalize(matrix).tocsr()


def _word_block(
    occurrences: sp.csr_matrix, unique: list[Token], analyser: _WordAnalyser
) -> tuple[sp.csr_matrix, list[str], list[str]]:
    frequency = np.asarray(occurrences.sum(axis=0)).ravel()
    vocabulary: dict[str, int] = {}
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    part_spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for position, token in enumerate(unique):
        main, parts = analyser.analyse(token)
        spellings[main][token.surface] += int(frequency[position])
        rows.append(position)
        cols.append(vocabulary.setdefault(main, len(vocabulary)))
        values.append(1.0)
        for part, piece in parts:
            part_spellings[part][piece] += int(frequency[position])
            rows.append(position)
            cols.append(vocabulary.setdefault(part, len(vocabulary)))
            values.append(PART_WEIGHT)
    # Columns in sorted order, so that the matrix does not depend on the order of texts.
    word_terms = sorted(vocabulary)
    remap = np.empty(len(vocabulary), dtype=np.int64)
    for new, term in enumerate(word_terms):
        remap[vocabulary[term]] = new
    token_terms = sp.csr_matrix(
        (np.asarray(values), (np.asarray(rows, dtype=np.int64), remap[np.asarray(cols, dtype=np.int64)])),
        shape=(len(unique), len(word_terms)),
    )
    counts = (occurrences @ token_terms).tocsr()
    if word_terms:
        counts = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    readable = [_readable(term, spellings, part_spellings) for term in word_terms]
    return counts, word_terms, readable


def _char_block(occurrences: sp.csr_matrix, unique: list[Token]) -> tuple[sp.csr_matrix, sp.csr_matrix | None]:
    # Character n-grams never cross word boundaries ("char_wb"), so a text's n-gram counts
    # are the sum of its words' counts: n-grams are extracted once per distinct word.
    if not unique:
        return sp.csr_matrix((occurrences.shape[0], 0)), None
    counter = CountVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=False, dtype=np.float64)
    word_ngrams = counter.fit_transform([token.folded for token in unique])
    char_matrix = TfidfTransformer(sublinear_tf=True).fit_transform(occurrences @ word_ngrams)
    return char_matrix, word_ngrams.tocsr()


def _readable(term: str, spellings: dict[str, Counter[str]], part_spellings: dict[str, Counter[str]]) -> str:
    # Most frequent spelling; among equals the shorter, then the alphabetically first.
    candidates = spellings.get(term) or part_spellings.get(term) or Counter({term: 1})
    return min(candidates.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
