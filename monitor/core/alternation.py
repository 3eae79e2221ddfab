"""One regular-expression alternation of literal words, the longest first.

Why one helper: Python's ``re`` tries the alternatives of ``a|b`` left to right and takes the first
that matches, not the longest, so a word list compiled as written finds 小区 inside 小区门口 and
stops. Every word list the classifier, the risk rules and the cluster signature compile (units,
similes, place suffixes, filler, hospital roles) wants the longest word at a position; sorting them
longest first in one place keeps the rule, and the escaping, the same everywhere. Equal lengths are
ordered by the words themselves, so the compiled pattern is the same in every process (a set's
order is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first(words: Iterable[str]) -> str:
    """``"|".join`` of the distinct ``words``, escaped, longest first; ``""`` for none (callers
    decide what an empty list means: a pattern of ``""`` matches everywhere)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
