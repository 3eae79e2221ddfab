"""Fill a pyahocorasick automaton common characters first, with landings.

Why: pyahocorasick looks a text character up among a trie node's children one by one, in the
order they were added. A root with a thousand children (one per first character of a word)
compares a character that begins no word (的, 了, a comma) with every one of them before the walk
gives up on it; such characters are a fifth of a text's positions, and those scans were a fifth
of risk detection's and an eighth of classification's instructions (callgrind). Two changes fix
that without changing any match:

* words are added common characters first (:func:`by_frequency`), so a common character is
  found after a few comparisons;
* each of the most frequent characters that begins no word gets a *landing* (:func:`landings`):
  a key that no text holds (the character and :data:`NEVER`), so the character has a child at
  the root, in its frequency place. A landing has no output a text can reach: the hits are the
  same (``bench/risk_parity.py``; classification: every field of the shared train split).

Used by the classification lexicon (ranked by jieba's dictionary). The risk detector's automata are
double arrays since 2026-12-04 (see monitor/classify/risk/matching.py); :func:`foreign` stays for
``bench/risk_parity.py``, which imports a detector of an earlier revision beside this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# a landing's second character: a noncharacter, so no text holds it and a landing is never found
NEVER = "\uffff"
# landings for the most frequent characters only: each also costs a comparison for every character
# sought after it at the root, and real letters hold rarer characters than written sets (callgrind,
# 1,500 real texts: 300 landings -5.7 %, all 1,816 training characters +3.4 %)
LANDINGS = 300
# what a text's characters that no key holds are walked as (see :func:`foreign`): a noncharacter,
# whose landing (:func:`foreign_landing`) is the root's first child
FOREIGN = "\ufffe"


def by_frequency(chars: str) -> Callable[[str], tuple[int, ...]]:
    """A sort key putting words whose characters are common first (``chars``: most frequent
    first; unknown characters last, then by code point)."""
    rank = {ch: i for i, ch in enumerate(chars)}
    last = len(rank)
    return lambda word: tuple(rank.get(ch, last + ord(ch)) for ch in word)


def landings(words: Iterable[str], chars: str) -> set[str]:
    """The landing keys for the :data:`LANDINGS` most frequent characters of ``chars`` that
    begin none of ``words``."""
    firsts = {w[0] for w in words}
    return {c + NEVER for c in chars[:LANDINGS] if c not in firsts}


def is_landing(key: str) -> bool:
    """Whether ``key`` is a landing (see :func:`landings`), not a word."""
    return key[-1] == NEVER


def foreign(words: Iterable[str]) -> re.Pattern[str]:
    """An expression for one character that no key of ``words`` holds. Why: such a character
    (a rare one, or one blanked as ``\\0``) is compared with every child of the root, a thousand
    and more, before the walk gives up on it; walked as :data:`FOREIGN` instead
    (``pattern.sub(FOREIGN, text)``), it is found at once by its landing, the root's first child.
    The hits are the same, at the same positions: no key holds either character, and one
    character stands for one."""
    held = set("".join(words)) - {NEVER, FOREIGN}
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(held)) + "]")


def foreign_landing() -> str:
    """The landing of :data:`FOREIGN`: added to an automaton before any other key, so that it is
    the root's first child."""
    return FOREIGN + NEVER
