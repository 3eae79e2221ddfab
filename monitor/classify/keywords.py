"""Keywords for hot-topic statistics: TF-IDF over the tokens we already have.

``jieba.analyse.extract_tags`` would segment the text a second time; this computes the same
score (term frequency × jieba's bundled IDF, unknown words at the median IDF) from the tokens of
the one segmentation the classifier already paid for.
"""

from __future__ import annotations

import functools
import heapq
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import jieba
import marisa_trie

from monitor.core.alternation import longest_first

# jieba's bundled IDF table, read from its file rather than through ``jieba.analyse``: importing
# that package loads the part-of-speech tagger's models too (about 130 MB we never use).
IDF_FILE = Path(jieba.__file__).with_name("analyse") / "idf.txt"


class IdfTable:
    """jieba's IDF table, held compactly: the words in a MARISA trie (word → row), the values in
    an array of doubles (the same ``float`` each line gives, so every score is unchanged).

    Why not a ``dict[str, float]``: its 270,000 words, a string object and a float object each,
    held 34 MB (tracemalloc) in the daemon for a table read only when a token is new to the
    :class:`KeywordScorer`'s memo; the trie and the array hold it in about 5 MB, and a lookup
    costs about 0.4 µs instead of 0.1 µs, on memo misses only (``bench/warmup_memory.py``).
    """

    __slots__ = ("_rows", "_values")

    def __init__(self, rows: marisa_trie.Trie, values: array) -> None:
        self._rows = rows
        self._values = values

    @classmethod
    def read(cls, path: Path) -> IdfTable:
        """``word idf`` per line, as ``jieba.analyse.TFIDF`` reads it (a repeated word: its last line).

        Two passes over the file, so no Python object per word outlives the read: the words
        into the trie, then each value into its word's row."""
        rows = marisa_trie.Trie(word for word, _ in cls._lines(path))
        values = array("d", bytes(8 * len(rows)))
        for word, value in cls._lines(path):
            values[rows[word]] = float(value)
        return cls(rows, values)

    @staticmethod
    def _lines(path: Path) -> Iterator[tuple[str, str]]:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                word, _, value = line.strip().partition(" ")
                if word and value:
                    yield word, value

    def get(self, word: str, default: float) -> float:
        row = self._rows.get(word)
        return default if row is None else self._values[row]

    def __len__(self) -> int:
        return len(self._values)

    def items(self) -> Iterator[tuple[str, float]]:
        values = self._values
        for word, row in self._rows.items():
            yield word, values[row]

    def median(self) -> float:
        """The value jieba gives unknown words: the middle one of the sorted values."""
        return sorted(self._values)[len(self._values) // 2]


@functools.cache
def idf_table() -> tuple[IdfTable, float]:
    """jieba's IDF table (:class:`IdfTable`) and its median, for unknown words.

    Read on first use, not at import: it takes most of a second, and every ``wenzheng`` command
    imports this module, most of them (``cases list``, ``sources``…) never to score a keyword.
    """
    table = IdfTable.read(IDF_FILE)
    return table, table.median()


# jieba.analyse's own stop list is a handful of English words; Chinese ones come from config
JIEBA_STOP: frozenset[str] = frozenset(
    "the of is and to in that we for an are by be as on with can if from which you it this then at "
    "have all not one has or".split())


# 好 as in 好几家, 好几天 (alone or doubled, 好好, it is filler anyway)
NUMERALS = "0-9０-９一二三四五六七八九十百千万两几多半好"


def amount_pattern(units: Iterable[str]) -> re.Pattern[str]:
    """A number ("十四"), a number with a unit ("3号楼", "二期", "十几天") or a bare unit ("号楼")."""
    alternatives = longest_first(units)
    units_part = f"|^[{NUMERALS}]*(?:{alternatives})$" if alternatives else ""
    return re.compile(f"^[{NUMERALS}]+$" + units_part)


class KeywordScorer:
    """Top-N TF-IDF keywords of a token list.

    What each distinct token is worth (its IDF, or ``None`` when it is a stop word, filler, amount,
    place name, too short or punctuation) is remembered: a message repeats the vocabulary of
    thousands before it, so after warm-up each token costs one dict lookup. The memo is bounded
    (cleared when full). Why places are dropped: "兴庆区" says where, not what; a hot-topic list
    of district names tells a leader nothing (the region is its own column).
    """

    def __init__(self, *, top: int, min_length: int, stopwords: Iterable[str] = (),
                 drop: Iterable[str] = (), units: Iterable[str] = (), place_suffixes: Iterable[str] = (),
                 not_places: Iterable[str] = (), known: Iterable[str] = (), memo_size: int = 200_000) -> None:
        self.top = top
        self.min_length = min_length
        self.stop = frozenset(stopwords) | frozenset(drop)
        self.amount = amount_pattern(units)
        self.place_suffixes = tuple(place_suffixes)
        self.not_places = tuple(not_places)
        self.known = frozenset(known)  # the lexicon's own words (断头路, 步行街) are matters, never names
        self.memo_size = memo_size
        self._memo: dict[str, float | None] = {}
        self._idf, self._median = idf_table()

    def _worth(self, t: str) -> float | None:
        if len(t) < self.min_length:
            return None
        if t in self.stop or t.lower() in JIEBA_STOP:
            return None
        if not t.strip() or t.isdigit() or (t.isascii() and not t.isalpha()):
            return None
        if self.amount.match(t):
            return None
        if self._named_place(t):
            return None
        return self._idf.get(t, self._median)

    def _named_place(self, t: str) -> bool:
        """A name shaped like a place the gazetteer does not list: 万寿路, 正源北街, 西地省.

        Why by shape: the gazetteer names the office's own districts and streets, but citizens and
        imported exports name roads, lanes and provinces it never will (another city's export names
        its own); a name (at least one character before the suffix, three in all) ending in 路, 街,
        巷, 大道, 省, 市 or 县 says where, not what. Generic nouns with the same ending (高速公路,
        商业街, 超市) are ``not_places``; the lexicon's own words (断头路) are ``known``."""
        return (bool(self.place_suffixes) and len(t) >= 3 and t.endswith(self.place_suffixes)
                and not t.endswith(self.not_places) and t not in self.known)

    def __call__(self, tokens: Sequence[str]) -> list[str]:
        """The ``top`` tokens by TF-IDF, highest first (ties: first occurrence), no duplicates."""
        memo = self._memo
        if len(memo) > self.memo_size:
            memo.clear()
        scored = []
        # Counter runs in C and keeps first-occurrence order
        for i, (t, n) in enumerate(Counter(tokens).items()):
            idf = memo.get(t, -1.0)
            if idf == -1.0:
                idf = memo[t] = self._worth(t)
            if idf is not None:
                scored.append((-n * idf, i, t))
        return [t for _, _, t in heapq.nsmallest(self.top, scored)]


def top_keywords(tokens: Sequence[str], *, top: int, min_length: int, stopwords: Iterable[str] = (),
                 drop: Iterable[str] = (), units: Iterable[str] = (), place_suffixes: Iterable[str] = (),
                 not_places: Iterable[str] = ()) -> list[str]:
    """One-off form of :class:`KeywordScorer`."""
    return KeywordScorer(top=top, min_length=min_length, stopwords=stopwords, drop=drop, units=units,
                         place_suffixes=place_suffixes, not_places=not_places)(tokens)
