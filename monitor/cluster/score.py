"""How alike two signatures are: one number, and the words that made it.

``score = 0.4 × place + 0.6 × problem − 0.2 × age / window``, and a join needs the place and the
problem to agree on their own as well (``place ≥ 0.5``, ``problem ≥ 0.5``): the same problem on
another street, or another problem on the same street, must never add up to a join.

Problem, from 0 to 1:

* same sub-topic: 0.5; 0.6 when it is a nuisance by nature (噪音, 油烟, 占道…: at one place
  there is one such nuisance, whatever words each citizen uses); same domain only: 0.2; the
  domains overlap (a joint case): 0.1;
* each lexicon word both name: +0.3 (up to 0.5); each content term both use: +0.15 (up to 0.3);
* one's sub-topic among the other's words (摆摊 written beside 人行道): 0.4;
* each names a problem (sub-topic or hot topic) the other does not: −0.3;
* two reports of a sub-topic that lists *things* (市政设施: 路灯, 井盖, 下水道…) naming different
  things and none in common are about different things: the sub-topic counts 0.25.

Pure and deterministic: the same two signatures always give the same score and terms.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jieba

from monitor.cluster.markers import number
from monitor.cluster.problems import problems
from monitor.cluster.signature import (AREA_SUFFIXES, COUNTY_UNITS, DERIVED, ESTATE_KINDS, HOME_SUFFIXES, ROAD_SUFFIXES, ROLE_HOSPITALS,
                                      MARKET_KINDS, W_BASE_ROAD, W_ROAD, W_STREET, Signature, base_road, common_words, unbranded,
                                      word_tag)

PLACE_WEIGHT = 0.4
PROBLEM_WEIGHT = 0.6
AGE_PENALTY = 0.2
MIN_PLACE = 0.5
MIN_PROBLEM = 0.5
DEFAULT_CAP = 0.7  # a message without a domain word joins on shared words alone, never outright
OTHER_PROBLEM_CAP = 0.45  # below MIN_PROBLEM: different sub-topics never join on terms alone
GRAM_WEIGHT = 2.0  # without a domain word: twice the Jaccard of the terms' character pairs
KEY_BASE, KEY_STEP, KEY_CAP = 0.35, 0.3, 0.8  # one rare shared word: 0.65, two: 0.8
ROAD_KEY_STRENGTH = 2.0  # rare words shared that let a problem the table does not name join on a road
MIN_SHARE = 0.25  # of the shorter report's rare words, shared, for them to say "one problem"
RARE_LOG = 11.0  # −log(frequency) in jieba's dictionary above which a word is rare (≈ 1 in 60,000)
_DIGITS = re.compile(r"[\d一二三四五六七八九十几号楼栋层个]")
SAME_PROBLEM = 0.8  # issue_match of two reports whose main problem is the same
SPECIFIC = 0.8  # a place key at least this heavy pins a spot (a 小区, a landmark, a crossing)
# sub-topics that list distinct things rather than ways to say one problem: two reports naming
# different things of one of these (路灯 / 井盖, 红绿灯 / 斑马线) are two problems
THING_SUBTOPICS = frozenset({"市政设施", "道路", "公交", "消防", "安全隐患", "学校管理", "医疗服务"})


@dataclass(frozen=True)
class Match:
    """The comparison of a new case with one candidate: score and the evidence for it."""

    score: float
    place: float
    problem: float
    places: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    subtopic: str | None = None
    # the problem's score before the place's caps (:func:`problem_score`'s): a chaser's own case
    # is weighed on it again, and it is not computed twice (0 when the places already differ)
    raw_problem: float = 0.0

    def joins(self, threshold: float) -> bool:
        return self.place >= MIN_PLACE and self.problem >= MIN_PROBLEM and self.score >= threshold

    def to_json(self) -> dict[str, Any]:
        return {"score": round(self.score, 3), "place": round(self.place, 3),
                "problem": round(self.problem, 3), "places": self.places, "words": self.words,
                "terms": self.terms, "subtopic": self.subtopic}


def place_score(a: Signature, b: Signature) -> tuple[float, list[str]]:
    """The weight of the best place both name; 0 when each pins a spot the other does not
    (two 小区 of one 街道, 丽景湖公园 and 丽景湖小区, two crossings of one road)."""
    # a key both only derived (北京东路 and 北京西路 both filed as 北京路) is no shared place
    shared = sorted(k for k in set(a.places) & set(b.places)
                    if not (a.places[k] in DERIVED and b.places[k] in DERIVED))
    best = max((min(a.places[k], b.places[k]) for k in shared), default=0.0)
    if not shared:
        # one wrote the name bare, the other with its place word (华庭 / 华庭小区): the name
        # places both, as a learnt name does
        for x, y, wx, wy in _stem_pairs(a.places, b.places):
            shared.append(x)
            best = max(best, min(wx, wy, W_STEM_SHARED))
    spots_a = [k for k, w in a.places.items() if w >= SPECIFIC]
    spots_b = [k for k, w in b.places.items() if w >= SPECIFIC]
    if spots_a and spots_b and not any(("×" in x) == ("×" in y) for x in spots_a for y in spots_b):
        # a crossing against a landmark or an estate: the underpass east of 人民广场 may be the
        # one at 北京路×正源街; spots of one kind say whether they differ, the roads decide here
        spots_a = spots_b = []
    if spots_a and spots_b:
        # a derived key already dropped its directions: it meets a crossing written without
        # them, never one written with another direction (北京东路 derived 北京路 ≠ 北京西路)
        same = [(x, y) for x in spots_a for y in spots_b
                if same_spot(x, y, directions=a.places[x] not in DERIVED and b.places[y] not in DERIVED)
                and not (a.places[x] in DERIVED and b.places[y] in DERIVED)]
        if not same:
            return 0.0, []
        best = 1.0  # "丽景湖公园" is the 丽景湖 of the gazetteer
        shared = sorted(set(shared) | {min(x, y, key=len) for x, y in same})
    return best, shared


W_STEM_SHARED = 0.7  # a name met bare on one side and with its place word on the other


def _stem_pairs(a: dict[str, float], b: dict[str, float]) -> list[tuple[str, str, float, float]]:
    """Keys of one that are the name of a spot key of the other, without its place word."""
    out = []
    for first, second in ((a, b), (b, a)):
        for k, w in second.items():
            stem = _split_suffix(k)[0]
            if len(stem) >= 2 and stem in first and first[stem] not in DERIVED:
                out.append((stem, k, first[stem], w))
    return out


def same_spot(x: str, y: str, *, directions: bool = True) -> bool:
    """Two spot keys for one spot: one is the other's beginning (丽景湖 / 丽景湖公园), one name with
    and without a word (恒泰大厦 / 恒泰商务大厦, 大世界市场 / 大世界菜市场), or one crossing with a
    road written short or without its direction (湖西路×康平路 / 宝湖西路×康平路, 北京路×正源北街 /
    北京中路×正源北街)."""
    if x.startswith(y) or y.startswith(x):
        return True
    if x in _ROLES or y in _ROLES:  # 总医院 is the city's one: 医科大学总医院, not 贺兰县中医医院
        role, other = (x, y) if x in _ROLES else (y, x)
        return other.endswith(role) and not other[:-len(role)].endswith(COUNTY_UNITS)
    if "×" in x and "×" in y:
        ra, rb = x.split("×"), y.split("×")
        # a road written short (湖西路 / 宝湖西路) or, for one of the two roads, without its
        # direction (北京路 / 北京中路) at a crossing with the same other road is one road; two
        # directions (北京东路 / 北京西路) are not, nor two roads each written another way
        # (北京东路×正源街 / 北京路×正源北街: 正源街 and 正源北街 are two streets)
        loose = 0
        for a in ra:
            if any(a.endswith(b) or b.endswith(a) for b in rb):
                continue
            if not (directions and any(base_road(a) == b or base_road(b) == a for b in rb)):
                return False
            loose += 1
        return loose <= 1
    sx, kx = _split_suffix(x)
    sy, ky = _split_suffix(y)
    if not (sx and sy):
        return False
    if kx == ky and (sx.startswith(sy) or sy.startswith(sx)):
        return True
    homes = kx in _HOMES and ky in _HOMES
    if sx == sy and kx in ESTATE_KINDS and ky in ESTATE_KINDS:
        return True  # 海宝小区 / 海宝新村 / 海宝花园 / 海宝社区: one estate, named with any word for one
    short, long_ = sorted((sx, sy), key=len)
    if (kx == ky or homes) and len(short) >= 2 and long_.endswith(short) and short not in common_words():
        return True  # 骄子小区 / 塞上骄子小区: the name's last word, as neighbours say it
    if homes and len(short) >= 2 and long_.startswith(short) and short not in common_words():
        return True  # 湖畔小区 / 湖畔嘉苑: an estate called by its first word and 小区
    if homes and (unbranded(sx) == sy or unbranded(sy) == sx):
        return True  # 万科金色家园 / 金色家园: the developer's brand written or left off
    if sx == sy and len(sx) == 2 and kx in MARKET_KINDS and ky in MARKET_KINDS:
        # 北门市场 / 北门菜市场 / 北门农贸市场: a market's name is often an everyday word of a place
        # (北门, 中心), never one of direction or pointing (附近, 这个: no name)
        return sx not in common_words() or word_tag(sx)[:1] in ("n", "s")
    return sx == sy and (len(sx) >= 3 or len(sx) == 2 and sx not in common_words()) \
        and kx in _MARKETS and ky in _MARKETS  # 丰庆农贸市场 / 丰庆菜市场 / 丰庆市场


_SUFFIXES = sorted(AREA_SUFFIXES, key=len, reverse=True)
_ROLES = frozenset(ROLE_HOSPITALS.values())
_HOMES = frozenset(HOME_SUFFIXES)
_MARKETS = {"市场", "菜市场", "农贸市场", "夜市", "商场", "商城"}  # kinds of one market citizens use for each other


@lru_cache(maxsize=65536)
def _split_suffix(key: str) -> tuple[str, str]:
    for suf in _SUFFIXES:
        if key.endswith(suf) and len(key) > len(suf):
            return key[:-len(suf)], suf
    return "", ""


def _grams(s: Signature) -> set[str]:
    return {t[i:i + 2] for t in s.terms | s.words for i in range(len(t) - 1)}


def _specific(s: Signature) -> bool:
    return any(w >= SPECIFIC for w in s.places.values())


# an event's effects are told the hours it happens: a jam "前面说是水管爆了" and the burst, not
# the burst of yesterday named beside today's jam (nor road works of last week beside a shop's
# dust); echoes.EVENT_WINDOW reads outages blamed on a main within the same hours
EVENT_HOURS = 12.0
DRIFT_DAYS = 1.0  # a drifting nuisance told at a county town alone is one matter for a day


def issue_match(a: Signature, b: Signature, age_days: float = 0.0) -> tuple[float, list[str]]:
    """How well the problems two reports name agree (both must name one), and which they share.

    Each report's main problem (the one it names most) decides:

    * the same main problem: 0.8 to 1.0 (by how much of the shorter list is shared);
    * each main problem named by the other, or the two often told as one event (爆管 and 停水),
      or one's main problem an event the other names beside its own (a jam "前面说是水管爆了"
      beside the burst: ``event`` in the table) told within ``EVENT_HOURS`` of it (``age_days``
      apart), or the new report's main problem one the old one's event is told by (a jam, a
      bus diverted, the road dug up: ``effects``) while the event lasts: 0.7;
    * one's main problem only a side remark of the other ("停车费比挂号费还高" beside "挂号排队
      两小时"): 0.45, below what a join needs — two problems at one place;
    * nothing in common: 0.0, however many words of the place and of filler the reports share.
    """
    table = problems()
    pa, pb = a.issues[0], b.issues[0]
    shared = [i for i in a.issues if i in b.issues]
    if pa == pb:
        if a.kinds and b.kinds and not a.kinds & b.kinds:
            return 0.0, []  # two kinds of it (the site's noise, the dancers'): two problems
        return 0.8 + 0.2 * len(shared) / min(len(a.issues), len(b.issues)), shared
    if _related_named(a, b) or (
            table.of_event(a.issues, b.issues) and age_days * 24 <= EVENT_HOURS) or told_by_effect(a, b, age_days):
        return 0.7, shared or [f"{pa}/{pb}"]
    return (0.45, shared) if shared else (0.0, [])


def told_by_effect(new: Signature, old: Signature, age_days: float) -> bool:
    """Whether ``new``'s main problem is one ``old``'s main problem, an event, is told by without
    being named (``effects`` in the table: "公交在解放西街绕行了" after the burst on 解放西街), within
    the hours the event lasts (``lasts``, else ``EVENT_HOURS``; two days on, a burst of the same
    road is another one). One way only: a burst told on a
    road where a jam was told before is no effect of the jam."""
    if not (new.issues and old.issues):
        return False
    table = problems()
    event = old.issues[0]
    return table.effect_of(new.issues[0], event) and abs(age_days) * 24 < table.lasts.get(event, EVENT_HOURS)


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
            elif not t and kx == ky and (head := _same_kind_of_thing(x, y)):
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


def problem_score(a: Signature, b: Signature, default: str = "其他",
                  rarity: Rarity | None = None) -> tuple[float, list[str], list[str], str | None]:
    return _problem(a, b, default, rarity)[:4]


def _problem(a: Signature, b: Signature, default: str, rarity: Rarity | None,
             age_days: float = 0.0) -> tuple[float, list[str], list[str], str | None, float]:
    """:func:`problem_score`, and how strongly the two describe one problem in their own words
    (:func:`described`; 0 when both name a problem of the table), which :func:`compare` weighs
    again on a road: computed once, as it walks every pair of things."""
    words = sorted(a.words & b.words)
    terms = sorted(a.terms & b.terms)
    if a.issues and b.issues:  # both name a problem of the table: that decides
        value, shared = issue_match(a, b, age_days)
        return value, sorted(set(words) | set(shared)), terms, shared[0] if shared else None, 0.0
    value, words, terms, sub = _words_score(a, b, default, words, terms)
    strength, keys = described(a, b, rarity)
    if strength:
        # without the table's word for it, the problem is what both describe: rare words they share
        value = max(value, min(KEY_CAP, KEY_BASE + KEY_STEP * strength))
        terms = sorted(set(terms) | set(keys))
    elif a.things and b.things and not (a.issues and b.issues) and not words:
        # each tells what is wrong with a thing, and not with the same thing (信报箱 broken, 晾衣架
        # fallen), and no word of the lexicon is shared: two problems at one place, whatever
        # sub-topic the place gave both
        value = min(value, OTHER_PROBLEM_CAP)
    elif bool(a.issues) != bool(b.issues) and not (words or terms) and not (b.topics if a.issues else a.topics):
        # one names a problem of the table; the other names none, no domain word of its own and
        # no word of the first: its sub-topic is the setting's (唐徕渠 makes 石凳坏了 a river
        # matter), no evidence that the two tell one problem
        value = min(value, OTHER_PROBLEM_CAP)
    return value, words, terms, sub, strength


def _words_score(a: Signature, b: Signature, default: str, words: list[str],
                 terms: list[str]) -> tuple[float, list[str], list[str], str | None]:
    """The problem from the classifier's words (domain, sub-topic, lexicon words, terms)."""
    if a.domain == default or b.domain == default:
        # one of them names no domain word: only the words they share can say it is one problem
        topics = a.problems & b.problems  # one of the classifier's hot topics (路灯不亮, 停水…)
        value = 0.5 * len(topics) + 0.3 * (len(words) - len(topics)) + 0.25 * len(terms)
        ga, gb = _grams(a), _grams(b)
        if ga and gb:  # the words differ but their characters agree (水管漏 / 漏水的管子)
            value = max(value, GRAM_WEIGHT * len(ga & gb) / len(ga | gb))
        return min(DEFAULT_CAP, value), words, terms, None
    same_sub = a.subtopic is not None and a.subtopic == b.subtopic and a.domain == b.domain
    crossed = not same_sub and (f"{a.domain}/{a.subtopic}" in b.topics or f"{b.domain}/{b.subtopic}" in a.topics)
    if same_sub:
        sub = 0.6 if a.nuisance else 0.5
        if a.subtopic in THING_SUBTOPICS and not words and a.words and b.words:
            sub = 0.25  # 路灯 vs 井盖: the same kind of thing, not the same thing
    elif crossed:  # one names the other's problem among its words (摆摊 beside 人行道)
        sub = 0.4
    elif a.domain == b.domain:
        sub = 0.2
    elif a.domain in b.domains or b.domain in a.domains:
        sub = 0.1
    else:
        sub = 0.0
    value = sub + min(0.5, 0.3 * len(words)) + min(0.3, 0.15 * len(terms))
    if a.topics - b.topics and b.topics - a.topics:
        value -= 0.3  # each names a problem the other does not: two problems at one place
    if not (same_sub or crossed or words):
        value = min(value, OTHER_PROBLEM_CAP)  # 停水 and 停电 in one 小区 share filler, not a problem
    return min(1.0, value), words, terms, a.subtopic if same_sub else None


def said_apart(a: Signature, b: Signature) -> bool:
    """Whether ``a`` says it is not about what ``b`` names ("不是胜利街那栋" against a case at
    胜利街, "不是烧烤那家" against one about a barbecue): a place key, a problem or a word of ``b``
    holds a name ``a`` set apart."""
    named = [k for k in (*b.places, *b.issues, *b.words, *b.terms) if not NUMBER_WORD.fullmatch(k)]
    if any(x in k or len(k) >= 2 and k in x and x.endswith(k) for x in a.unlike for k in named):
        return True
    # "跟6号楼不是一根管": a building set apart is any report's naming it
    return bool(b.buildings) and any(m and int(number(m.group(1))) in b.buildings
                                     for m in (_UNLIKE_BUILDING.fullmatch(x) for x in a.unlike))


NUMBER_WORD = re.compile(r"[号楼栋单元层户期区]+")  # 号楼, 单元: a word of numbering, no name
_UNLIKE_BUILDING = re.compile(r"(\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢)")


# problems of one building, not of an estate: 5号楼's lift and 8号楼's are two problems
# (and its heating: a riser or a valve; its stairwell's lights)
BUILDING_PROBLEMS = frozenset({"电梯", "房屋漏水", "燃气", "供暖", "楼道灯"})
UNIT_PROBLEMS = frozenset({"电梯", "楼道灯"})  # …and of a unit's: its lift, its stairwell's lights


def other_gate(a: Signature, b: Signature) -> bool:
    """Whether two reports of one problem each name a gate of the place and none in common: the
    street lamps outside a park's east gate and its west gate are two problems."""
    return bool(a.gates and b.gates and not a.gates & b.gates)


def other_building(a: Signature, b: Signature) -> bool:
    """Whether two reports of a building's own problem (a lift, a leak, gas in the stairwell)
    each name buildings and none in common: two buildings of one estate; or of a unit's own (a
    lift) each name units and none in common: two units of one building."""
    if not (a.issues and b.issues):
        return False
    pa, pb = a.issues[0], b.issues[0]
    if a.zones and b.zones and not a.zones & b.zones and pa in BUILDING_PROBLEMS and pb in BUILDING_PROBLEMS:
        return True  # two zones of one estate (阅海万家A区 / D区): each its own station, as a building
    if a.buildings and b.buildings and not a.buildings & b.buildings:
        # both main problems a building's, or one's main a building's and named by the other too (a
        # gas smell in 2号楼's cellar told smell first, gas in 7号楼's stairwell told gas first)
        return (pa in BUILDING_PROBLEMS and (pb in BUILDING_PROBLEMS or pa in b.issues)) \
            or (pb in BUILDING_PROBLEMS and pb in a.issues)
    # one building's lifts serve a unit each: 5号楼2单元's and 5号楼3单元's are two problems
    return bool(a.units and b.units and not a.units & b.units and pa in UNIT_PROBLEMS and pb in UNIT_PROBLEMS)


def compare(new: Signature, old: Signature, *, age_days: float, window_days: float,
            default: str = "其他", rarity: Rarity | None = None) -> Match:
    if (new.unlike or old.unlike) and (said_apart(new, old) or said_apart(old, new)):
        return Match(0.0, 0.0, 0.0)
    if other_building(new, old) or other_gate(new, old):
        return Match(0.0, 0.0, 0.0)
    place, places = place_score(new, old)
    if place == 0.0:
        place, places = _carried(new, old)
    if place == 0.0:
        return Match(0.0, 0.0, 0.0)
    problem, words, terms, sub, strength = _problem(new, old, default, rarity, abs(age_days))
    raw = problem
    # a problem told in words of no table entry joins on a road when two rare words agree, or one
    # and the domain the classifier gave both (or found none for one): one shared word alone may be
    # told of two problems of two domains on one long road
    # When one names a problem of the table and the other none, the one word they share may be
    # the setting (人行道, 树枝), not the problem: on a road two must agree
    told = strength >= ROAD_KEY_STRENGTH or (
        strength >= 1.0 and not (new.issues or old.issues)
        and (new.domain == old.domain or default in (new.domain, old.domain)))
    if (problem < 0.55 or not (new.issues and old.issues)) and place < SPECIFIC and not told:
        # a weak problem match, or one read from the classifier's words alone (a problem in words
        # of no table entry), joins at a precise spot only, never on a road or a name alone
        problem = min(problem, MIN_PROBLEM - 0.05)
    if place < SPECIFIC and new.issues and old.issues and _roads_only(places) \
            and problems().only_beside(new.issues[0], old.issues[0]):
        # met only on a road (a long one: 长城中路, 胜利街), the problems related at one spot only
        # (``beside`` in problems.toml: the school run's jam and the snack carts at the gate, a
        # market's stalls and cars parked at the hospital down the road): two matters of the road
        problem = min(problem, MIN_PROBLEM - 0.05)
    if place < W_ROAD and told_by_effect(new, old, age_days) and not _related_named(new, old):
        # an event's effect meets it at its road or its spot, not anywhere in a 街道 or a town
        problem = min(problem, MIN_PROBLEM - 0.05)
    if place == W_BASE_ROAD and problem < SAME_PROBLEM:
        # met only on a road one of them wrote with its direction (清和南街 / 清和街): the same
        # problem, not a related one, says it is the same half of the road (爆管 on 清和南街 and
        # 积水 at a crossing of 清和街 are two events)
        problem = min(problem, MIN_PROBLEM - 0.05)
    age = min(1.0, max(0.0, age_days) / window_days)
    score = PLACE_WEIGHT * place + PROBLEM_WEIGHT * problem - AGE_PENALTY * age
    return Match(round(score, 4), place, problem, places, words, terms, sub, raw)


def _related_named(a: Signature, b: Signature) -> bool:
    """Whether two reports' main problems agree otherwise than as an event and its effect: the
    same, each named by the other, or related (:func:`issue_match`'s first way to 0.7)."""
    table = problems()
    pa, pb = a.issues[0], b.issues[0]
    linked = table.are_related(pa, pb)
    return pa == pb or (pa in b.issues or linked) and (pb in a.issues or linked)


def _carried(a: Signature, b: Signature) -> tuple[float, list[str]]:
    """Two estates' reports of one nuisance the air carries (``drifts`` in the table: a night
    smell), both naming the same town it comes from or lies in ("兴泾那边的厂" at 西夏嘉园 and at
    宁夏大学): the town is their place (a 街道's weight: it places, it does not pin), though each
    pins its own estate. Anything else at two estates stays two."""
    if not (a.issues and b.issues and a.issues[0] == b.issues[0] in problems().drifts):
        return 0.0, []
    towns = sorted(k for k in set(a.places) & set(b.places) if k.endswith(("镇", "乡")))
    return (W_STREET, towns) if towns else (0.0, [])


def _roads_only(places: list[str]) -> bool:
    """Whether the places two reports met on are roads (or their 街道) and nothing narrower."""
    return bool(places) and all("×" not in k and (k.endswith(ROAD_SUFFIXES) or k.endswith("街道")) for k in places)


BUS_LINE = "路公交"  # the ending of a bus line's place key (26路公交)


def placeless_for_city(sig: Signature) -> bool:
    """Whether a report is told at no place as far as a matter of the whole city goes: it names
    none, or only the bus lines where the city's ride code failed it ("在3路上刷不出来", "坐22路扫码
    上不了车": the line is where, the code is the matter)."""
    if not sig.places:
        return True
    table = problems()
    return bool(sig.issues) and sig.issues[0] in table.citywide and sig.issues[0] not in table.by_county \
        and all(k.endswith(BUS_LINE) for k in sig.places)


def placeless(new: Signature, old: Signature, *, age_days: float, window_days: float) -> Match:
    """Two reports that name no place at all: one matter of the whole city (提前供暖, 养老金没到账,
    乘车码刷不了, a bus line's new route) when both name the same main problem of the table and it
    is one of the city's (``citywide`` in problems.toml), and they name no two counties or
    districts (贺兰 and 永宁 each asking for more buses to the city are two matters).

    A problem of a flat or an estate told without its name ("停水了", "电梯又坏了") is no such
    matter: two of them are two estates nobody named, and stay apart."""
    if not (placeless_for_city(new) and placeless_for_city(old)) or not (new.issues and old.issues):
        return Match(0.0, 0.0, 0.0)
    # a city-wide matter both name, even after a symptom told first ("冷得受不了，能不能早点供暖"):
    # the heating's date is the matter, the cold is why it is asked
    table = problems()
    shared = set(new.issues) & set(old.issues) & table.citywide
    if not shared and new.issues[0] == old.issues[0] in table.drifts and not (new.places or old.places) \
            and new.region and new.region == old.region and abs(age_days) <= DRIFT_DAYS:
        # a smell over one county town told at the town alone, the same night or the next day:
        # the air carries it over the whole town (灵武这边味道很大 / 灵武+1 味道好重); two counties
        # or two weeks are two matters, and an estate named pins its own (score._carried)
        shared = {new.issues[0]}
    if not shared:
        return Match(0.0, 0.0, 0.0)
    if shared <= table.by_county and not (new.region and new.region == old.region):
        # buses told at no place and no line: one matter only as one county's link to the city
        # (贺兰's buses to the city); in the city, two lines nobody named (a long wait here, a
        # driver who did not stop there)
        return Match(0.0, 0.0, 0.0)
    if new.region and old.region and new.region != old.region:
        return Match(0.0, 0.0, 0.0)
    if (new.unlike or old.unlike) and (said_apart(new, old) or said_apart(old, new)):
        return Match(0.0, 0.0, 0.0)
    problem, shared = issue_match(new, old, abs(age_days))
    age = min(1.0, max(0.0, age_days) / window_days)
    score = PROBLEM_WEIGHT * problem + PLACE_WEIGHT * MIN_PLACE - AGE_PENALTY * age
    return Match(round(score, 4), 0.0, problem, [], shared, sorted(new.terms & old.terms), None)
