"""Clauses, sentences and windows: where a hit's context may lie, and how a hit finds it quickly.

Every context check reads a hit's own clause (up to ，。！？…) or sentence (up to 。！？), so their
bounds are computed one way for all of them. A long text's context items are read by window
(:func:`_ends`, :func:`_near`), so that a hit reads only the items near it.

Cost: a bisection per bound; a window index only for a role with more than ``_MANY`` items in a text; in a text of
``_LONG`` characters or more, its sentence ends found once and each search to a sentence's or the text's end
remembered (:func:`_search`), so that no hit reads the rest of a long sentence again.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from operator import itemgetter
from typing import Any

_SECOND = itemgetter(1)
_THIRD = itemgetter(2)


def _word_end(item: tuple[Any, ...]) -> int:
    """Where an item told as (start, word, …) ends: a past, standing, settled or laugh word."""
    return int(item[0]) + len(item[1])


# what ends a clause (each also a key of the walk: see matching.Matcher); the space is one kept by
# `normalise` between clauses of a post written without punctuation
_CLAUSE_MARKS = "，。！？；,.!?;…~～\n "
_CLAUSE = re.compile(f"[{re.escape(_CLAUSE_MARKS)}]")
_STOPS = "。！？!?\n"
_SENTENCE = re.compile(r"[。！？!?\n]")


def _clause_starts(norm: str, lo: int, hi: int) -> list[int]:
    """Where each clause between ``lo`` and ``hi`` begins."""
    return [lo] + [mt.end() for mt in _CLAUSE.finditer(norm, lo, hi)]


def _sentence(norm: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence (up to 。！？) around ``at``, its start looked for within 200 characters."""
    back = max(0, at - 200)
    return max([back] + [norm.rfind(c, back, at) + 1 for c in _STOPS]), _sentence_end(norm, at)


def _sentence_end(norm: str, at: int) -> int:
    """Where the sentence holding position ``at`` ends (its 。！？ or the text's end): in a long text, a bisection
    of its sentence ends, found once per text (see :func:`_memo`)."""
    if len(norm) < _LONG:
        mt = _SENTENCE.search(norm, at)
        return mt.start() if mt is not None else len(norm)
    ends = _memo(norm)[1]
    i = bisect_left(ends, at)
    return ends[i] if i < len(ends) else len(norm)


def _sentence_ends(norm: str) -> list[int]:
    """Where ``norm``'s sentences end (each 。！？ or line break), ascending, for :func:`_clause`: in a long text the list
    found once per text (see :func:`_memo`), so a caller reads it and never changes it."""
    if len(norm) < _LONG:
        return [mt.start() for mt in _SENTENCE.finditer(norm)]
    return _memo(norm)[1]


# one text's memo, per thread: the text, its sentence ends, and each pattern's last search (see _search); only for a
# text of _LONG characters or more: a shorter one searches as it did (its searches are short; the memo cost 5 % more
# instructions on the written sets, bench/risk_cost.py --callgrind)
_MEMO = threading.local()
_LONG = 1_000


def _memo(norm: str) -> tuple[str, list[int], dict[tuple[re.Pattern[str], int], tuple[int, re.Match[str] | None]]]:
    """The memo of ``norm``, made anew when the text is not the last one read (by identity)."""
    memo = getattr(_MEMO, "text", None)
    if memo is None or memo[0] is not norm:
        memo = (norm, [mt.start() for mt in _SENTENCE.finditer(norm)], {})
        _MEMO.text = memo
    return memo


def _search(rx: re.Pattern[str], norm: str, lo: int, hi: int | None = None) -> re.Match[str] | None:
    """``rx.search(norm, lo, hi)``, the same match, remembered per long text and ``hi``: a later search from
    ``lo`` or after, with the same ``hi``, reuses it while the match found does not start before ``lo``
    (no match starts between the two positions, and a match at a position does not depend on where
    the search began). A check each hit makes to the end of its sentence or of the text (…可还是,
    still so; a word anywhere) read the rest of a long sentence once per hit: a text of one sentence
    repeating a settled hit with commas only was quadratic (36,000 characters, 12 s)."""
    n = len(norm)
    hi = n if hi is None or hi > n else hi
    if n < _LONG:
        return rx.search(norm, lo, hi)
    lo = max(lo, 0)
    seen = _memo(norm)[2]
    got = seen.get((rx, hi))
    if got is not None and got[0] <= lo and (got[1] is None or got[1].start() >= lo):
        return got[1]
    mt = rx.search(norm, lo, hi)
    seen[(rx, hi)] = (lo, mt)
    return mt


def _clause(breaks: list[int], s: int, n: int) -> tuple[int, int]:
    """Bounds of the clause (between punctuation) holding position ``s``."""
    i = bisect_left(breaks, s)
    return (breaks[i - 1] + 1 if i else 0), (breaks[i] if i < len(breaks) else n)


_MANY = 24  # context items of one role in a text before its hits read them by window (see _ends)


def _ends(items: list[Any], end: Callable[[Any], int]) -> list[int] | None:
    """The end of each of ``items``, ascending, when there are many of them; ``items`` is sorted by
    end in place (stable) if the walk's order was not already that. Each hit then reads only the
    items ending in its window (``_near``), not all of them: a long text repeating one hit and its
    denial (煤气泄漏，不是煤气泄漏。… 100,000 characters) was quadratic, 42 s. A short text keeps its
    lists as they are (``None``): no work added where there is nothing to bound."""
    if len(items) <= _MANY:
        return None
    ends = [end(x) for x in items]
    if any(a > b for a, b in zip(ends, ends[1:])):
        items.sort(key=end)
        ends.sort()
    return ends


def _near(items: list[Any], ends: list[int] | None, lo: int, hi: int) -> list[Any]:
    """The items ending from ``lo`` to ``hi`` (all of them when ``ends`` is None), in their order."""
    if ends is None:
        return items
    return items[bisect_left(ends, lo):bisect_right(ends, hi)]
