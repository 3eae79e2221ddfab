"""Keywords for hot-topic statistics: TF-IDF over the tokens we already have.

``jieba.analyse.extract_tags`` would segment the text a second time; this computes the same
score (term frequency × jieba's bundled IDF, unknown words at the median IDF) from the tokens of
the one segmentation the classifier already paid for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import jieba.analyse

_TFIDF = jieba.analyse.default_tfidf
IDF: dict[str, float] = _TFIDF.idf_freq
MEDIAN_IDF: float = _TFIDF.median_idf
JIEBA_STOP: frozenset[str] = frozenset(_TFIDF.stop_words)


def top_keywords(tokens: Sequence[str], *, top: int, min_length: int,
                 stopwords: Iterable[str] | frozenset[str] = (), keep: frozenset[str] = frozenset()) -> list[str]:
    """The ``top`` tokens by TF-IDF, highest first (ties: first occurrence), no duplicates.

    ``keep`` words (place names) are never dropped as stop words.
    """
    stop = stopwords if isinstance(stopwords, frozenset) else frozenset(stopwords)
    counts: dict[str, int] = {}
    for t in tokens:
        if len(t) < min_length:
            continue
        if t in counts:
            counts[t] += 1
            continue
        if (t in stop or t.lower() in JIEBA_STOP) and t not in keep:
            continue
        if not t.strip() or t.isdigit() or t.isascii() and not t.isalpha():
            continue
        counts[t] = 1
    if not counts:
        return []
    get = IDF.get
    scored = sorted(((-n * get(t, MEDIAN_IDF), i, t) for i, (t, n) in enumerate(counts.items())))
    return [t for _, _, t in scored[:top]]
