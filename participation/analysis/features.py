"""TF-IDF features of German ideas: word stems, compound parts and character n-grams.

Every text becomes one row of a sparse matrix with two blocks:

* word block: Snowball stems of the content words (stop words removed), plus the stems of
  the parts of compounds ("Car-Sharing-App" → car, sharing, app, carsharing, sharingapp;
  "Glasfaserausbau" → glasfaser, ausbau) at half weight; the head of a compound (its last
  part) only at half weight times its specificity (see
  :func:`.compounds.head_specificity`), so that generic heads ("platz" of "Spielplatz" and
  "Arbeitsplätze") do not connect ideas. Sublinear TF (a part alone keeps its weight),
  smoothed IDF, rows L2-normalised.
* character block: character 3- to 5-grams within the folded content words, which match
  typos ("Internett"), inflections the stemmer misses and compounds nobody split; the
  n-grams inside a compound's head are weighted by the head's specificity too.

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
from collections.abc import Sequence, Set
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from .compounds import DISTINCT_PARTS, CompoundSplitter, head_specificity
from .normalise import Token, stem, tokenize
from .stopwords import STOP_WORDS

__all__ = [
    "WORD_WEIGHT", "PART_WEIGHT", "FeatureModel", "Features", "build_features", "content_tokens", "fit_features",
    "unit_rows",
]

WORD_WEIGHT = 0.6
"""Share of the word block in the cosine of two texts; the rest is character n-grams."""

PART_WEIGHT = 0.5
"""Count of a compound part relative to a whole word (a head's is further scaled down)."""

CHAR_NGRAMS = (3, 5)
_ROLES = ("word", "modifier", "head")  # how a term occurs in a word: the word itself, or a part


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
    """Maps tokens to stems; compound parts come from a corpus splitter."""

    def __init__(self, splitter: CompoundSplitter) -> None:
        self.splitter = splitter
        self._cache: dict[Token, tuple[str, tuple[tuple[str, str, bool], ...]]] = {}

    def forget(self) -> None:
        """Drop the cached analyses (and splits): a fitted model keeps only what it needs."""
        self._cache = {}
        self.splitter.split.cache_clear()

    def analyse(self, token: Token) -> tuple[str, tuple[tuple[str, str, bool], ...]]:
        """Main stem of the token and ``(stem, piece, is_head)`` of each compound part."""
        cached = self._cache.get(token)
        if cached is None:
            cached = self._cache[token] = self._analyse(token)
        return cached

    def _analyse(self, token: Token) -> tuple[str, tuple[tuple[str, str, bool], ...]]:
        main = stem(token.lower)
        pieces: list[tuple[str, bool]] = []  # (piece, is the head or ends in it)
        if token.parts:
            parts = token.parts
            # Every run of adjacent pieces: "car sharing app" → carsharing, sharingapp, ...
            for size in range(1, len(parts)):
                for start in range(len(parts) - size + 1):
                    pieces.append(("".join(parts[start : start + size]), start + size == len(parts)))
            for position, part in enumerate(parts):
                split = self.splitter.split(part)
                last = position == len(parts) - 1
                pieces.extend((piece, last and index == len(split) - 1) for index, piece in enumerate(split))
        else:
            split = self.splitter.split(token.folded)
            pieces.extend((piece, index == len(split) - 1) for index, piece in enumerate(split))
        found: dict[str, tuple[str, bool]] = {}
        for piece, is_head in pieces:
            if piece in STOP_WORDS or len(piece) < 3:
                continue
            piece_stem = DISTINCT_PARTS.get(piece) or stem(piece)
            if piece_stem == main:
                continue
            if piece_stem not in found:
                found[piece_stem] = (piece, is_head)
            elif not is_head:  # a modifier anywhere in the word: counted as a modifier
                found[piece_stem] = (found[piece_stem][0], False)
        return main, tuple((part, piece, is_head) for part, (piece, is_head) in found.items())


def build_features(texts: Sequence[str], field_words: Sequence[str] = (), *, word_weight: float = WORD_WEIGHT) -> Features:
    """Fit the features on ``texts`` and return their matrix (rows in the given order).

    ``field_words`` are the words of the field profiles: extra known words for the
    compound splitter, and topics: a compound head that a field uses as a word of its own
    ("Arzt" in "Zahnarzt") counts fully.
    Every distinct word is analysed once; a text's counts are then the sum of its
    words' counts (a sparse product), which keeps 50,000 ideas fast.
    """
    return fit_features(texts, field_words, word_weight=word_weight)[0]


def fit_features(
    texts: Sequence[str], field_words: Sequence[str] = (), *, word_weight: float = WORD_WEIGHT
) -> tuple[Features, FeatureModel]:
    """:func:`build_features`, and the fitted :class:`FeatureModel` that turns unseen texts
    into rows of the same columns (see :meth:`FeatureModel.transform`)."""
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
    topics = {stem(word) for word in field_words if word not in STOP_WORDS}
    word_matrix, word_terms, readable, heads, specific, word_idf = _word_block(occurrences, unique, analyser, topics)
    char_matrix, token_ngrams, char_vocabulary, char_idf = _char_block(occurrences, unique, heads)
    matrix = sp.hstack(
        [unit_rows(word_matrix) * np.sqrt(word_weight), unit_rows(char_matrix) * np.sqrt(1.0 - word_weight)],
        format="csr",
    )
    stems = {token: analyser.analyse(token)[0] for token in unique}
    features = Features(
        unit_rows(matrix), word_terms, readable, tokens, word_weight, stems, token_index, token_ngrams
    )
    analyser.forget()  # the model keeps the splitter, not the analyses of the whole corpus
    model = FeatureModel(
        analyser, word_terms, readable, specific, word_idf, char_vocabulary, char_idf, word_weight
    )
    return features, model


class FeatureModel:
    """Fitted features: vocabulary, IDF, compound splitter and head specificities.

    :meth:`transform` turns texts that were not part of the fit into rows of the same
    columns, without refitting anything: words the fit never saw add no word feature
    (their character n-grams that the fit knows still count), document frequencies and
    head specificities stay as fitted. Each row depends only on its own text, so texts
    transformed one by one, in batches or all at once give identical rows; a fitted
    text gets its fitted row (up to rounding in the last bit). The cost is proportional
    to the texts transformed, not to the fitted corpus.
    """

    def __init__(self, analyser, word_terms, readable, specific, word_idf, char_vocabulary, char_idf, word_weight):
        self._analyser = analyser
        self.word_terms = word_terms
        self.readable = readable
        self._columns = {term: column for column, term in enumerate(word_terms)}
        self._specific = specific
        self._word_idf = word_idf
        self._char_idf = char_idf
        self.word_weight = word_weight
        self.n_word = len(word_terms)
        self.n_char = len(char_vocabulary) if char_vocabulary is not None else 0
        self._ngrams = self._inside = None
        if char_vocabulary:
            self._ngrams = CountVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=False,
                                           vocabulary=char_vocabulary, dtype=np.float64)
            self._inside = CountVectorizer(analyzer="char", ngram_range=CHAR_NGRAMS, lowercase=False,
                                           vocabulary=char_vocabulary, dtype=np.float64)
            for vectorizer in (self._ngrams, self._inside):
                # The fitted vocabulary as it is: no validation and no copy of it per vectorizer.
                vectorizer.vocabulary_, vectorizer.fixed_vocabulary_ = char_vocabulary, True

    def transform(self, texts: Sequence[str]) -> Features:
        """Rows of ``texts`` in the fitted columns, with what :func:`.fields.explain` needs."""
        tokens = [content_tokens(text) for text in texts]
        if len(self._analyser._cache) > _ANALYSIS_CACHE:
            self._analyser.forget()  # a long-lived model stays small
        # Distinct words in a fixed order (not the order of the batch), so that the sums
        # of a row are added up in the same order whatever else is transformed with it.
        unique = sorted({token for doc in tokens for token in doc}, key=_token_key)
        token_index = {token: position for position, token in enumerate(unique)}
        rows = [row for row, doc in enumerate(tokens) for _ in doc]
        columns = [token_index[token] for doc in tokens for token in doc]
        occurrences = sp.csr_matrix(
            (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64))),
            shape=(len(texts), len(unique)),
        )
        occurrences.sum_duplicates()
        analyses = [self._analyser.analyse(token) for token in unique]
        word_rows: list[int] = []
        word_columns: list[int] = []
        word_values: list[float] = []
        heads: dict[int, tuple[int, float]] = {}
        for position, (token, (main, parts)) in enumerate(zip(unique, analyses)):
            column = self._columns.get(main)
            if column is not None:
                word_rows.append(position)
                word_columns.append(column)
                word_values.append(1.0)
            head: tuple[int, float] | None = None
            for part, piece, is_head in parts:
                column = self._columns.get(part)
                # A head the fit never saw has no counts: it counts fully (specificity 1).
                specific = float(self._specific[column]) if column is not None else 1.0
                if column is not None:
                    word_rows.append(position)
                    word_columns.append(column)
                    word_values.append(PART_WEIGHT * (specific if is_head else 1.0))
                begin = token.folded.rfind(piece)
                if is_head and begin > 0 and (head is None or begin > head[0]):
                    head = (begin, specific)
            if head is not None and head[1] < 1:
                heads[position] = head
        token_terms = sp.csr_matrix(
            (word_values, (np.asarray(word_rows, dtype=np.int64), np.asarray(word_columns, dtype=np.int64))),
            shape=(len(unique), self.n_word),
        )
        token_terms.sum_duplicates()
        word_matrix = self._weighted(occurrences @ token_terms, self._word_idf)
        token_ngrams = self._token_ngrams(unique, heads)
        if token_ngrams is None:
            char_matrix = sp.csr_matrix((len(texts), self.n_char))
        else:
            char_matrix = self._weighted(occurrences @ token_ngrams, self._char_idf)
        matrix = sp.hstack(
            [unit_rows(word_matrix) * np.sqrt(self.word_weight), unit_rows(char_matrix) * np.sqrt(1.0 - self.word_weight)],
            format="csr",
        )
        matrix.sort_indices()
        stems = {token: main for token, (main, _) in zip(unique, analyses)}
        return Features(unit_rows(matrix), self.word_terms, self.readable, tokens, self.word_weight, stems,
                        token_index, token_ngrams)

    def _token_ngrams(self, unique: list[Token], heads: dict[int, tuple[int, float]]) -> sp.csr_matrix | None:
        if self._ngrams is None or not unique:
            return None
        word_ngrams = self._ngrams.transform([token.folded for token in unique]).tocsr()
        if heads:
            rows = sorted(heads)
            inside = self._inside.transform([unique[row].folded[heads[row][0] :] + " " for row in rows])
            discount = [1.0 - heads[row][1] for row in rows]
            selector = sp.csr_matrix((discount, (rows, np.arange(len(rows)))), shape=(len(unique), len(rows)))
            word_ngrams = (word_ngrams - selector @ inside).tocsr()
            word_ngrams.eliminate_zeros()
        word_ngrams.sort_indices()
        return word_ngrams

    @staticmethod
    def _weighted(counts: sp.csr_matrix, idf: np.ndarray | None) -> sp.csr_matrix:
        counts = counts.tocsr()
        counts.sort_indices()
        if idf is None or counts.shape[1] == 0:
            return counts
        counts.data = _sublinear(counts.data) * idf[counts.indices]
        return unit_rows(counts)


_ANALYSIS_CACHE = 20_000


def _token_key(token: Token) -> tuple:
    return (token.folded, token.surface, token.lower, token.parts)


def unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty); also for matrices without columns."""
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return sp.csr_matrix(matrix.shape)
    return normalize(matrix).tocsr()


def _word_block(
    occurrences: sp.csr_matrix, unique: list[Token], analyser: _WordAnalyser, topics: Set[str] = frozenset()
) -> tuple[sp.csr_matrix, list[str], list[str], dict[int, tuple[int, float]], np.ndarray, np.ndarray | None]:
    """Word TF-IDF, its terms and readable forms, the head of each split word, the
    specificity of each term as a head and the IDF of each term (``None``: no terms).

    The head of a split word is given as ``token row → (start of the head in the folded
    word, specificity of the head)`` for heads of specificity below 1, for the character
    block.
    """
    frequency = np.asarray(occurrences.sum(axis=0)).ravel()
    vocabulary: dict[str, int] = {}
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    part_spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    # (token row, term column) of each role: the whole word, a modifier, a head.
    entries: dict[str, tuple[list[int], list[int]]] = {role: ([], []) for role in _ROLES}
    head_starts: dict[int, tuple[int, int]] = {}  # token row → (start of its head, term)
    for position, token in enumerate(unique):
        main, parts = analyser.analyse(token)
        spellings[main][token.surface] += int(frequency[position])
        entries["word"][0].append(position)
        entries["word"][1].append(vocabulary.setdefault(main, len(vocabulary)))
        for part, piece, is_head in parts:
            part_spellings[part][piece] += int(frequency[position])
            rows, cols = entries["head" if is_head else "modifier"]
            rows.append(position)
            cols.append(vocabulary.setdefault(part, len(vocabulary)))
            # The head is the part that starts last in the word ("platz" in "spielplatze").
            begin = token.folded.rfind(piece)
            if is_head and begin > 0 and (position not in head_starts or begin > head_starts[position][0]):
                head_starts[position] = (begin, cols[-1])
    # Columns in sorted order, so that the matrix does not depend on the order of texts.
    word_terms = sorted(vocabulary)
    remap = np.empty(len(vocabulary), dtype=np.int64)
    for new, term in enumerate(word_terms):
        remap[vocabulary[term]] = new
    roles = {
        role: sp.csr_matrix(
            (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), remap[np.asarray(cols, dtype=np.int64)])),
            shape=(len(unique), len(word_terms)),
        )
        for role, (rows, cols) in entries.items()
    }
    specific = head_specificity(*((occurrences @ roles[role]).getnnz(axis=0) for role in _ROLES))
    if topics:
        # A head that the fields use as a word of its own is a topic there ("Arzt").
        specific[[column for column, term in enumerate(word_terms) if term in topics]] = 1.0
    token_terms = roles["word"] + PART_WEIGHT * (roles["modifier"] + roles["head"] @ sp.diags(specific))
    counts = (occurrences @ token_terms).tocsr()
    idf = None
    if word_terms:
        counts.data = _sublinear(counts.data)
        transformer = TfidfTransformer()
        counts = transformer.fit_transform(counts)
        idf = transformer.idf_
    readable = [_readable(term, spellings, part_spellings) for term in word_terms]
    heads = {row: (begin, float(specific[remap[term]])) for row, (begin, term) in head_starts.items()}
    heads = {row: head for row, head in heads.items() if head[1] < 1}
    return counts, word_terms, readable, heads, specific, idf


def _sublinear(values: np.ndarray) -> np.ndarray:
    # 1 + log(tf) for counts of at least one; a weighted compound part alone (below one)
    # keeps its weight, so that a small weight stays small and positive.
    return np.where(values >= 1.0, 1.0 + np.log(np.maximum(values, 1.0)), values)


def _char_block(
    occurrences: sp.csr_matrix, unique: list[Token], heads: dict[int, tuple[int, float]]
) -> tuple[sp.csr_matrix, sp.csr_matrix | None, dict[str, int] | None, np.ndarray | None]:
    # Returns the TF-IDF, the n-grams of each distinct word, the vocabulary and the IDF.
    # Character n-grams never cross word boundaries ("char_wb"), so a text's n-gram counts
    # are the sum of its words' counts: n-grams are extracted once per distinct word.
    if not unique:
        return sp.csr_matrix((occurrences.shape[0], 0)), None, None, None
    counter = CountVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=False, dtype=np.float64)
    word_ngrams = counter.fit_transform([token.folded for token in unique]).tocsr()
    if heads:
        # The n-grams inside the head of a split compound count as much as the head says
        # (its specificity): "Spielplatz" and "Arbeitsplätze" share "platz" n-grams, and
        # a generic head should not connect them through the back door.
        rows = sorted(heads)
        inside = CountVectorizer(
            analyzer="char", ngram_range=CHAR_NGRAMS, lowercase=False, vocabulary=counter.vocabulary_,
            dtype=np.float64,
        ).transform([unique[row].folded[heads[row][0] :] + " " for row in rows])
        discount = [1.0 - heads[row][1] for row in rows]
        selector = sp.csr_matrix((discount, (rows, np.arange(len(rows)))), shape=(len(unique), len(rows)))
        word_ngrams = (word_ngrams - selector @ inside).tocsr()
        word_ngrams.eliminate_zeros()
    counts = (occurrences @ word_ngrams).tocsr()
    counts.data = _sublinear(counts.data)
    transformer = TfidfTransformer()
    char_matrix = transformer.fit_transform(counts)
    return char_matrix, word_ngrams, counter.vocabulary_, transformer.idf_


def _readable(term: str, spellings: dict[str, Counter[str]], part_spellings: dict[str, Counter[str]]) -> str:
    # Most frequent spelling; among equals the shorter, then the alphabetically first.
    candidates = spellings.get(term) or part_spellings.get(term) or Counter({term: 1})
    return min(candidates.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]
