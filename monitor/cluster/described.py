"""How strongly two reports describe one problem in their own words: rare words and faulty things.

For a problem the table (``problems.toml``) names for neither report, or for one only, what
the two say is the evidence: the rare words both use (护栏, 减速带, 杨絮: rare in jieba's dictionary,
or used at few places among the recent cases) and the things both find wrong (井盖 松了 / 井盖 晃,
:mod:`monitor.cluster.faults`), never everyday words (晚上, 小孩, 危险) or numbers. The scorer
(:mod:`monitor.cluster.score`) turns the strength into a problem score and asks for more of it on
a road than at a spot. Pure functions; jieba's frequencies are read once per process.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

import jieba

from monitor.cluster.signature import Signature

MIN_SHARE = 0.25  # of the shorter report's rare words, shared, for them to say "one problem"
RARE_LOG = 11.0  # −log(frequency) in jieba's dictionary above which a word is rare (≈ 1 in 60,000)
_DIGITS = re.compile(r"[\d一二三四五六七八九十几号楼栋层个]")


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], float]:
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, math.log(jieba.dt.total)


def specificity(term: str) -> float:
    """How much one shared word says that two reports are about one thing: 1 for a word the
    dictionary holds but rarely (护栏, 限速, 减速带, 渗水), 0 for everyday words (晚上, 小孩, 危险,
    标志), ½ for a word it does not hold (撒漏, or a fragment jieba cut out of a phrase)."""
    if len(term) < 2 or _DIGITS.search(term):
        return 0.0  # 一所, 三年, 号楼: counts and numbers, not things
    freq, log_total = _dictionary()
    f = freq.get(term)
    if not f:
        return 0.5
    return 1.0 if log_total - math.log(f) >= RARE_LOG else 0.0


# how specific a word is among the recent cases (faults.Spread.weight): 1, ½, 0, or None while
# too few places were seen to say
Rarity = Callable[[str], "float | None"]


def term_weight(term: str, rarity: Rarity | None = None) -> float:
    """A shared word's weight: the recent cases' say (a word used at few places is specific,
    whatever the season: 杨絮 in spring, 蚊子 in summer), except that an everyday word of the
    dictionary (晚上, 小孩, 危险) stays out whatever its count; the dictionary's alone until the
    recent cases are enough to say."""
    base = specificity(term)
    if base == 0.0 or rarity is None:
        return base
    said = rarity(term)
    return base if said is None else said


def thing_weight(thing: str, rarity: Rarity | None = None) -> float:
    """A thing found wrong in both reports: the recent cases say how specific it is; before
    they can, a rare word of the dictionary 1, a word it lacks ¾, an everyday one ½ (灯, 水管
    and 树枝 are everyday words, yet the thing a fault is told of)."""
    if len(thing) < 2 or _DIGITS.search(thing):
        return 0.0
    said = rarity(thing) if rarity is not None else None
    if said is not None:
        return said
    return {1.0: 1.0, 0.5: 0.75}.get(specificity(thing), 0.5)


def _same_thing(x: str, y: str) -> str:
    """The thing two reports name alike: one word, or one inside the other (杨絮 / 杨絮堆)."""
    if x == y:
        return x
    short, long_ = sorted((x, y), key=len)
    return short if len(short) >= 2 and short in long_ else ""


def _same_kind_of_thing(x: str, y: str) -> str:
    """Two words for one kind of thing: the same last character, the head of a Chinese noun
    (杨絮 / 柳絮, 水管 / 暖管), each of two characters or more; the head itself is returned."""
    return x[-1] if len(x) >= 2 and len(y) >= 2 and x[-1] == y[-1] and x[-1] not in _NOT_HEADS else ""


_NOT_HEADS = frozenset("子头儿们的了上下里边面处些个家人")


def shared_things(a: Signature, b: Signature, rarity: Rarity | None = None) -> tuple[float, list[str]]:
    """The things both say something is wrong with, and how strongly they say "one problem":
    each shared thing its weight, twice when the fault is of one kind too (井盖 松了 / 井盖
    晃): the thing and what is wrong with it agree."""
    if not (a.things and b.things):
        return 0.0, []
    best: dict[str, float] = {}
    for x, kx in a.things.items():
        for y, ky in b.things.items():
            t = _same_thing(x, y)
            if t and (w := thing_weight(t, rarity)) > 0:
                best[t] = max(best.get(t, 0.0), w * (2.0 if kx == ky else 1.0))
            elif not t and kx == ky and _same_kind_of_thing(x, y):
                # one kind of thing with one kind of fault (杨絮 and 柳絮 flying): half a thing,
                # weighed by the rarer of the two words
                w = min(thing_weight(x, rarity), thing_weight(y, rarity))
                if w > 0:
                    key = f"{x}/{y}" if x < y else f"{y}/{x}"
                    best[key] = max(best.get(key, 0.0), w)
    # a thing inside another shared one (杨絮 and 杨絮堆 both met) counts once
    kept = {t: w for t, w in best.items() if not any(t != u and t in u for u in best)}
    return sum(kept.values()), sorted(kept)


def key_terms(a: Signature, b: Signature, rarity: Rarity | None = None) -> tuple[float, list[str]]:
    """The problem words two reports share, places and filler left out (signature terms and
    lexicon words, near-synonyms made one), and their weight: how strongly they say "one
    problem" when the problem table names none for one of the two."""
    ta, tb = a.terms | a.words, b.terms | b.words
    kept = [(t, w) for t in sorted(ta & tb) if (w := term_weight(t, rarity)) > 0]
    if not kept:
        return 0.0, []
    # the share of the shorter report's rare words: a short post sharing one of its three says
    # more than a long letter sharing one of its thirty (教育局, 住院 are in many a long letter)
    fewer = min(sum(1 for t in ta if term_weight(t, rarity) > 0), sum(1 for t in tb if term_weight(t, rarity) > 0))
    if len(kept) / max(1, fewer) < MIN_SHARE:
        return 0.0, []
    return sum(w for _, w in kept), [t for t, _ in kept]


def described(a: Signature, b: Signature, rarity: Rarity | None = None) -> tuple[float, list[str]]:
    """How strongly two reports describe one problem in their own words, for problems the table
    names for neither or for one only: the rare words they share and the things both find wrong
    (each word counted once, as a thing when it is one)."""
    t_strength, things = shared_things(a, b, rarity)
    k_strength, keys = key_terms(a, b, rarity)
    if things:
        k_strength = sum(term_weight(k, rarity) for k in keys
                         if not any(_same_thing(k, t) for t in things))
    return t_strength + k_strength, sorted(set(things) | set(keys))
