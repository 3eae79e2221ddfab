"""Keywords for hot-topic statistics: TF-IDF over the tokens we already have.

``jieba.analyse.extract_tags`` would segment the text a second time; this computes the same
score (term frequency × jieba's bundled IDF, unknown words at the median IDF) from the tokens of
the one segmentation the classifier already paid for.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import jieba

# jieba's bundled IDF table, read from its file rather than through ``jieba.analyse``: importing
# that package loads the part-of-speech tagger's models too (about 130 MB we never use).
IDF_FILE = Path(jieba.__file__).with_name("analyse") / "idf.txt"


@functools.cache
def idf_table() -> tuple[dict[str, float], float]:
    """``word idf`` per line, as ``jieba.analyse.TFIDF`` reads it; the median for unknown words.

    Read on first use, not at import: it takes most of a second, and every ``wenzheng`` command
    imports this module, most of them (``cases list``, ``sources``…) never to score a keyword.
    """
    idf: dict[str, float] = {}
    with IDF_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.strip().partition(" ")
            if word and value:
                idf[word] = float(value)
    return idf, sorted(idf.values())[len(idf) // 2]


# jieba.analyse's own stop list is a handful of English words; Chinese ones come from config
JIEBA_STOP: frozenset[str] = frozenset(
    "the of is and to in that we for an are by be as on with can if from which you it this then at "
    "have all not one has or".split())


# 好 as in 好几家, 好几天 (alone or doubled, 好好, it is filler anyway)
NUMERALS = "0-9０-９一二三四五六七八九十百千万两几多半好"


def amount_pattern(units: Iterable[str]) -> re.Pattern[str]:
    """A number ("十四"), a number with a unit ("3号楼", "二期", "十几天") or a bare unit ("号楼")."""
    alternatives = "|".join(re.escape(u) for u in sorted(set(units), key=len, reverse=True))
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
                 drop: Iterable[str] = (), units: Iterable[str] = (), memo_size: int = 200_000) -> None:
        self.top = top
        self.min_length = min_length
        self.stop = frozenset(stopwords) | frozenset(drop)
        self.amount = amount_pattern(units)
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
        return self._idf.get(t, self._median)

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
                 drop: Iterable[str] = (), units: Iterable[str] = ()) -> list[str]:
    """One-off form of :class:`KeywordScorer`."""
    return KeywordScorer(top=top, min_length=min_length, stopwords=stopwords, drop=drop, units=units)(tokens)
