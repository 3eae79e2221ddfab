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

Where two reports are (:mod:`~monitor.cluster.spots`: ``place``) and how strongly they describe
one problem in their own words (:mod:`~monitor.cluster.described`) are modules of their own; this
one weighs them with the problems of the table and decides.

Pure and deterministic: the same two signatures always give the same score and terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# the place half (spots.py) and the own-words evidence (described.py) are compared there; their
# names that other modules and tests import from here stay importable here
from monitor.cluster.described import Rarity, described, shared_things, term_weight
from monitor.cluster.markers import number
from monitor.cluster.problems import problems
from monitor.cluster.signature import ROAD_SUFFIXES, W_BASE_ROAD, W_ROAD, W_STREET, Signature
from monitor.cluster.spots import SPECIFIC, place_score, same_spot

__all__ = [
    "AGE_PENALTY", "BUILDING_PROBLEMS", "BURST_NAMED", "BUS_LINE", "CUT_TOLD", "DEFAULT_CAP", "DRIFT_DAYS", "EVENT_HOURS", "GRAM_WEIGHT",
    "KEY_BASE", "KEY_CAP", "KEY_STEP", "MIN_PLACE", "MIN_PROBLEM", "Match", "NUMBER_WORD", "OTHER_PROBLEM_CAP",
    "PLACE_WEIGHT", "PROBLEM_WEIGHT", "ROAD_KEY_STRENGTH", "SAME_PROBLEM", "THING_SUBTOPICS", "UNIT_PROBLEMS",
    "compare", "issue_match", "other_building", "other_gate", "placeless", "placeless_for_city", "problem_score",
    "said_apart", "told_by_effect",
    # owned by spots.py and described.py, imported from here by other modules and tests
    "SPECIFIC", "Rarity", "described", "place_score", "same_spot", "shared_things", "term_weight",
]

PLACE_WEIGHT = 0.4
PROBLEM_WEIGHT = 0.6
AGE_PENALTY = 0.2
MIN_PLACE = 0.5
MIN_PROBLEM = 0.5
RELATED_PROBLEM = 0.7  # two problems told as one: related, or an event and its effect (issue_match)
DEFAULT_CAP = 0.7  # a message without a domain word joins on shared words alone, never outright
OTHER_PROBLEM_CAP = 0.45  # below MIN_PROBLEM: different sub-topics never join on terms alone
GRAM_WEIGHT = 2.0  # without a domain word: twice the Jaccard of the terms' character pairs
KEY_BASE, KEY_STEP, KEY_CAP = 0.35, 0.3, 0.8  # one rare shared word: 0.65, two: 0.8
ROAD_KEY_STRENGTH = 2.0  # rare words shared that let a problem the table does not name join on a road
SAME_PROBLEM = 0.8  # issue_match of two reports whose main problem is the same
BURST_NAMED = MIN_PROBLEM  # …whose main problems differ, both naming a burst beside them (issue_match)
# …one's main problem a supply's cut the other names second, after its effect: enough on a road
# (0.4 × 0.7 + 0.6 × 0.6 = 0.64), below any agreement of main problems there (0.7, 0.76), so a
# report choosing between an effect's cluster and a cut's keeps to the one naming its own first
CUT_TOLD = 0.6
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


def _grams(s: Signature) -> set[str]:
    return {t[i:i + 2] for t in s.terms | s.words for i in range(len(t) - 1)}


# an event's effects are told the hours it happens: a jam "前面说是水管爆了" and the burst, not
# the burst of yesterday named beside today's jam (nor road works of last week beside a shop's
# dust); echoes.EVENT_WINDOW reads outages blamed on a main within the same hours
EVENT_HOURS = 12.0
DRIFT_DAYS = 1.0  # a drifting nuisance told at a county town alone is one matter for a day
OUTAGE_DAYS = 1.0  # the city's app down is one matter the day it is down (``outage`` in the table)


def issue_match(a: Signature, b: Signature, age_days: float = 0.0) -> tuple[float, list[str]]:
    """How well the problems two reports name agree (both must name one), and which they share.

    Each report's main problem (the one it names most) decides:

    * the same main problem: 0.8 to 1.0 (by how much of the shorter list is shared);
    * each main problem named by the other, or the two often told as one event (爆管 and 停水),
      or one's main problem an event the other names beside its own (a jam "前面说是水管爆了"
      beside the burst: ``event`` in the table) told within ``EVENT_HOURS`` of it (``age_days``
      apart), or the new report's main problem one the old one's event is told by (a jam, a
      bus diverted, the road dug up: ``effects``) while the event lasts: 0.7;
    * a burst both name beside their own main problems within ``EVENT_HOURS`` (the ice its water
      left and the road dug up to mend it: :func:`_burst_named_by_both`): ``BURST_NAMED``, enough
      at one spot (a crossing, an estate) and never on a road alone, and below any agreement of
      their main problems, which a case choosing between clusters prefers;
    * one's main problem a supply cut by its network (停电, 停水) that the other, told within
      ``EVENT_HOURS``, names second after what the cut did first (the lift stopped, the lights
      dark: :func:`_cut_told_by_effect`): ``CUT_TOLD``, 0.6;
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
    if _related_named(a, b) and not _event_over(a, b, age_days) or (
            table.of_event(a.issues, b.issues) and age_days * 24 <= EVENT_HOURS) or told_by_effect(a, b, age_days):
        return RELATED_PROBLEM, shared or [f"{pa}/{pb}"]
    if _burst_named_by_both(shared, age_days):
        return BURST_NAMED, shared
    if _cut_told_by_effect(a, b, age_days) or _cut_told_by_effect(b, a, age_days):
        return CUT_TOLD, shared
    return (0.45, shared) if shared else (0.0, [])


def _burst_named_by_both(shared: list[str], age_days: float) -> bool:
    """Whether two reports told within ``EVENT_HOURS`` of each other both name an event that ends
    with its repair (``lasts`` in the table: a burst main), each beside a main problem of its own:
    a burst is told by whatever struck each witness first (the road dug up, the ice its water
    left, the steam, the jam) and named after it ("…挖开了，估计是管子爆了" / "…水流了一地都结冰了，
    说是管道爆口"), so the burst both name is the matter, not their first words. Road works, an
    event that goes on for weeks, are named beside too many other matters of a road to tie them."""
    lasts = problems().lasts
    return abs(age_days) * 24 <= EVENT_HOURS and any(issue in lasts for issue in shared)


def _cut_told_by_effect(cut: Signature, other: Signature, age_days: float) -> bool:
    """Whether ``cut``'s main problem is a supply cut by its network (``network`` in the table:
    water, power) that ``other``, told within ``EVENT_HOURS`` of it, names second, after what
    the cut did to its writer first (the lights out, the lift stopped, the fridge thawing, the
    water back yellow: "…停电六个小时了，天黑了路灯也不亮"): the cut is the matter. Not when the
    other names a second network's cut as well (没水又没电: a list of an estate's grievances),
    nor the cut only third or later (set aside: "停电就算了，…蚊子才是要命")."""
    table = problems()
    main = cut.issues[0]
    return (main in table.networks and abs(age_days) * 24 <= EVENT_HOURS
            and other.issues[1:2] == (main,) and other.issues[0] not in table.networks
            and not any(i in table.networks for i in other.issues if i != main))


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
    if problem < RELATED_PROBLEM and new.issues and old.issues and _one_night_out(new, old, places):
        # a night market's smoke and its noise at one market: one nuisance of its evenings
        problem = RELATED_PROBLEM
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


# what a night market's evenings bring on its neighbours: the barbecue's smoke, the drinking and
# singing till two (eval10, eval12, eval20, eval21 each told them as one problem of the market);
# its stalls on the road, its cars, its rubbish and its food are each a problem of their own
NIGHT_OUT = frozenset({"油烟", "噪音"})
NIGHT_MARKETS = ("夜市", "大排档", "烧烤城", "美食街")


def _one_night_out(a: Signature, b: Signature, places: list[str]) -> bool:
    """Whether two reports tell a night market's smoke and its noise, met at the market itself."""
    return {a.issues[0], b.issues[0]} == NIGHT_OUT and any(k.endswith(NIGHT_MARKETS) for k in places)


def _event_over(a: Signature, b: Signature, age_days: float) -> bool:
    """Whether two reports whose main problems are only related (爆管 and 积水), one of them an
    event that ends with its repair (``lasts``: a burst main), were told further apart than the
    event lasts: a burst three days after a storm's flooded underpass is no water of that storm,
    nor the storm's water the burst's. The event named by both (the burst named beside the water)
    still ties them."""
    table = problems()
    pa, pb = a.issues[0], b.issues[0]
    if pa == pb or pa in b.issues and pb in a.issues:
        return False
    hours = [table.lasts[p] for p in (pa, pb) if p in table.lasts and not (p in a.issues and p in b.issues)]
    return bool(hours) and abs(age_days) * 24 > max(hours)


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
    if shared <= table.outages and abs(age_days) > OUTAGE_DAYS:
        return Match(0.0, 0.0, 0.0)  # (the app down last week and today: two failures)
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
