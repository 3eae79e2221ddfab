"""Which problem a report names (停水, 噪音, 井盖…), whatever words the citizen chose.

The classifier answers *what kind of matter* a message is, for routing; two reports of one
problem often land in different sub-topics ("丽景湖大妈音响开那么大声" is 商铺噪音 there,
"丽景湖广场舞太吵" 广场舞噪音), and two problems at one place often share one ("文昌路工地夜里
打桩" and "文昌路工地扬尘" are both 施工). Clustering needs the problem itself, so it reads it
from its own table (``problems.toml``: each problem with the words and phrasings citizens use for
it, and the problems often told as the same event from another side: 爆管 and 停水).

Cost: one Aho–Corasick pass (pyahocorasick) over the text for the words, then each problem's
few patterns (run without a Python test of their leading words first: the engine skips to them in C,
faster); about 25 µs per message for the whole table, loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import ahocorasick

from monitor.core.config import read_toml

TABLE = Path(__file__).with_name("problems.toml")
MAX_PROBLEMS = 4  # a message naming more is a list of grievances, not one problem
MEMO_TEXTS = 4096  # texts whose problems are remembered (a batch's posts, several times over)
# a clause a citizen sets aside before the complaint ("白天灰大也就忍了，半夜还打桩"; "吵就不说了，
# 扬尘大得…"; "先不说停车难，…"; "噪音先不说，…"): the problem named in it is the side one, whatever
# its place
_CONCEDED = re.compile(r"(也就|就|倒也|都|也|还)(忍了|算了|不说了|认了|不提了|罢了)|不说了|倒是其次|还能忍|还好说"
                       r"|^(先|且|暂且|姑且|别)(不)?说|(先|且|暂且|姑且)不(说|提|管)$"
                       # "不说3号楼电梯了", "油烟我管不了", "停水的事我不清楚": the post's matter
                       # passed over, before the writer's own
                       r"|^(先|就|咱)?不(说|提|聊)[^，,。！？!?]{1,12}了$|我?(管不了|管不着)$|我(不清楚|不了解|不懂)$"
                       # "油烟是一方面，更要命的是…", "暖气是好了，现在雪又没人扫": the matter
                       # weighed or settled, before the one the writer turns to
                       r"|是一方面$|(是|倒是|总算|终于)(好了|修好了|恢复了|通了)$"
                       # "这边不光暖气，路口井盖也冒热气": the matter others told, before the one added
                       r"|(不光|不只|不仅|不单)(是)?[^，,。！？!?]{1,8}$")
# clauses, split at punctuation or at a space: posts are often written with spaces for commas
# ("广场舞的事先不说了 东岸那片洼地积水…")
_CLAUSE = re.compile(r"[^，,。！？!?；;\s]+")


@dataclass(frozen=True)
class Problems:
    """The problem table, compiled: words in one automaton, phrasings as regular expressions."""

    automaton: ahocorasick.Automaton
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # problem, pattern
    related: dict[str, frozenset[str]]
    order: dict[str, int]
    by_topic: dict[str, str]  # a classifier's hot topic → the problem it names (``topics``)
    citywide: frozenset[str] = frozenset()  # problems of the whole city, told at no place (``citywide``)
    # of those, the ones that are one matter only within one county named (``citywide = "county"``)
    by_county: frozenset[str] = frozenset()
    # a problem that is the source of others, not the complaint, when they are named with it
    # (``yields``: road works that are noisy at night are a noise complaint)
    yields: dict[str, frozenset[str]] = field(default_factory=dict)
    # the answers for the texts read last: a post's signature is made twice in one batch (the
    # chaser check, then its case), and the table's patterns are most of a signature's cost
    _memo: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    # related at one spot only (``beside``: a jam and the stalls or the cars that cause it at a
    # market's gate), not along a whole road; also in ``related``
    beside: dict[str, frozenset[str]] = field(default_factory=dict)
    # kinds of one problem that are two problems at one place (``kinds``: noise from the building
    # site and noise from the square dancers across the road), kind → the words that tell it
    kinds: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each problem's own words
    # events whose effects are told as problems of their own (``event``: a burst main's jam, its
    # bus diverted, its flooded cellar): a report naming the event beside its own is the event's
    events: frozenset[str] = frozenset()
    # supplies cut by their network (``network``: water, power): a neighbour's cut told under
    # another's post is the same cut
    networks: frozenset[str] = frozenset()
    # nuisances the air carries from their source over the estates around (``drifts``: a night
    # smell from a town's works): told at several estates naming the same town, one nuisance
    drifts: frozenset[str] = frozenset()
    # events whose effects end with their repair, event → hours (``lasts``: a burst main's water
    # and ice are its own for a day or two; days later the same road's ice is the snow's)
    lasts: dict[str, float] = field(default_factory=dict)
    # problems an event is told by without being named, event → them (``effects``: the jam at a
    # burst's crossing, its bus diverted, its road dug up), and the other way round
    effects: dict[str, frozenset[str]] = field(default_factory=dict)
    causes: dict[str, frozenset[str]] = field(default_factory=dict)
    # the city's systems failing for hours (``outage``: the city's app or its payment counter
    # down): reports of it at no place are one matter that day only
    outages: frozenset[str] = frozenset()

    def find(self, text: str) -> tuple[str, ...]:
        """The problems ``text`` names, most-named first (ties: table order)."""
        found = self._memo.get(text)
        if found is None:
            found = self._find(text)
            if len(self._memo) >= MEMO_TEXTS:  # forgotten all at once: a batch's texts are read together
                self._memo.clear()
            self._memo[text] = found
        return found

    def _find(self, text: str) -> tuple[str, ...]:
        hits: dict[str, int] = {}
        first: dict[str, int] = {}
        spans: dict[str, list[tuple[int, int]]] = {}  # where each problem's words are written
        for end, (name, length) in self.automaton.iter(text):
            hits[name] = hits.get(name, 0) + length
            first[name] = min(first.get(name, end), end - length + 1)
            spans.setdefault(name, []).append((end - length + 1, end + 1))
        for name, pat in self.patterns:
            # no test of a leading literal first: the regular expression engine skips to it in C,
            # faster than a Python ``in`` before it (24 against 35 µs a text for the table)
            m = pat.search(text)
            if m:
                hits[name] = hits.get(name, 0) + max(1, len(m.group(0)) // 2)
                first[name] = min(first.get(name, m.start()), m.start())
        if not hits:
            return ()
        # the main problem: citizens state it first and the consequences after ("路面坑很深，下雨
        #积水看不见"), so the first named of those named at least half as much as the most named,
        # unless the clause naming it is one the citizen set aside (see _CONCEDED)
        side = conceded(text)
        # a problem's word that only qualifies another's ("疏通下水道的小广告", "人行横道的绿灯",
        # "卖辣条烤肠的小摊"): the thing complained of is the word after 的
        starts = {a for n, sp in spans.items() for a, _ in sp}
        for n, sp in spans.items():
            own = {x for x, _ in sp}
            if all(_qualifies(text, b, [a for a in starts if a not in own]) for _, b in sp):
                side.append((first[n], first[n] + 1))
        if side:
            aside = {n for n in hits if any(a <= first[n] < b for a, b in side)}
            if len(aside) < len(hits):
                for n in aside:  # ranked after every problem named outside such a clause
                    first[n] = len(text) + first[n]
        # the works that make the noise or the dust: the noise or the dust first, however much
        # more the works are told of
        yielding = {n for n, to in self.yields.items() if n in hits and any(t in hits for t in to)}
        for n in yielding:
            first[n] = 2 * len(text) + first[n]
        strong = max(hits.values()) / 2
        ranked = sorted(hits, key=lambda n: (hits[n] < strong or n in yielding, first[n], -hits[n], self.order[n]))
        return tuple(ranked[:MAX_PROBLEMS])

    def spans(self, text: str, name: str) -> list[tuple[int, int]]:
        """Where ``text`` writes the problem ``name`` (its words and phrasings), as (start, end)."""
        found = [(end - length + 1, end + 1) for end, (n, length) in self.automaton.iter(text) if n == name]
        for n, pat in self.patterns:
            if n == name:
                found += [m.span() for m in pat.finditer(text)]
        return found

    def of_topics(self, topics: list[str]) -> tuple[str, ...]:
        """The problems the classifier's hot topics name, in the order given (the order their
        words are written): what a report says when no word of the table is in it."""
        return tuple(dict.fromkeys(self.by_topic[t] for t in topics if t in self.by_topic))[:MAX_PROBLEMS]

    def are_related(self, a: str, b: str) -> bool:
        return b in self.related.get(a, ()) or a in self.related.get(b, ())

    def of_event(self, a: Sequence[str], b: Sequence[str]) -> bool:
        """Whether one of two reports' main problem is an event the other names beside its own
        (``events``): "北京中路堵死了，前面说是水管爆了" is the burst's, told by its jam."""
        return bool(a and b and (a[0] in self.events and a[0] in b or b[0] in self.events and b[0] in a))

    def effect_of(self, effect: str, event: str) -> bool:
        """Whether ``effect`` is a problem the event ``event`` is told by (``effects``)."""
        return effect in self.effects.get(event, ())

    def feeds(self, a: str, b: str) -> bool:
        """Whether one of two problems makes the other (``yields``: road works, their noise)."""
        return b in self.yields.get(a, ()) or a in self.yields.get(b, ())

    def with_terms(self, naming: Mapping[str, str]) -> Problems:
        """This table with the office's words for one thing (``config/cluster_terms.toml``
        ``[terms]``, word → the word shown): a problem named by one word of an entry is named by
        all of them (流浪狗 by 野狗 too). A word the table already gives a problem keeps it."""
        groups: dict[str, list[str]] = {}
        for word, head in naming.items():
            groups.setdefault(head, []).append(word)
        automaton = ahocorasick.Automaton()
        for name, words in self.words.items():
            for w in words:
                automaton.add_word(w, (name, len(w)))
        added = 0
        for name, words in self.words.items():
            for w in words:
                for other in groups.get(naming.get(w, ""), ()):
                    # a word holding one of the problem's own (渣土车 holds 渣土) would count twice
                    if not automaton.exists(other) and not any(x in other or other in x for x in words):
                        automaton.add_word(other, (name, len(other)))
                        added += 1
        if not added:
            return self
        automaton.make_automaton()
        return replace(self, automaton=automaton, _memo={})

    def kinds_of(self, problem: str, text: str) -> frozenset[str]:
        """The kinds of ``problem`` that ``text`` tells (empty when the table lists none for it
        or the text names none: "太吵了" may be any noise)."""
        return frozenset(k for k, words in self.kinds.get(problem, ()) if any(w in text for w in words))

    def only_beside(self, a: str, b: str) -> bool:
        """Whether two problems are related only where they meet at one spot (``beside``)."""
        return a != b and b in self.beside.get(a, ())


def _qualifies(text: str, end: int, others: list[int]) -> bool:
    """Whether a word ending at ``end`` qualifies a word of another problem: up to two more
    characters of the phrase, 的, then that word (疏通下水道的小广告, 卖辣条烤肠的小摊)."""
    for gap in range(3):
        at = end + gap
        if text[at:at + 1] == "的" and not _BREAK.search(text[end:at]):
            return any(at + 1 <= a <= at + 2 for a in others)
    return False


_BREAK = re.compile(r"[，,。！？!?；;、\s]")


def conceded(text: str) -> list[tuple[int, int]]:
    """The spans of the clauses a citizen sets aside ("X也就忍了", "X就不说了", "先不说X"): the
    problem in them is not the one they write about."""
    return [m.span() for m in _CLAUSE.finditer(text) if _CONCEDED.search(m.group(0).strip())]


def load(path: Path = TABLE) -> Problems:
    """Compile a problem table; a bad table names the file, the problem and what is wrong."""
    data = read_toml(path, ValueError)
    automaton = ahocorasick.Automaton()
    patterns: list[tuple[str, str, re.Pattern[str]]] = []
    related: dict[str, frozenset[str]] = {}
    by_topic: dict[str, str] = {}
    citywide: set[str] = set()
    by_county: set[str] = set()
    yields: dict[str, frozenset[str]] = {}
    beside: dict[str, frozenset[str]] = {}
    kinds: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    own_words: dict[str, tuple[str, ...]] = {}
    events: set[str] = set()
    networks: set[str] = set()
    drifts: set[str] = set()
    outages: set[str] = set()
    lasts: dict[str, float] = {}
    effects: dict[str, frozenset[str]] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict) or not (entry.get("words") or entry.get("patterns")):
            raise ValueError(f"{path}: [{name}] needs words or patterns")
        for w in entry.get("words", []):
            automaton.add_word(w, (name, len(w)))
        own_words[name] = tuple(entry.get("words", []))
        for p in entry.get("patterns", []):
            try:
                patterns.append((name, re.compile(p)))
            except re.error as err:
                raise ValueError(f"{path}: [{name}] patterns: {p!r} is not a regular expression ({err})") from err
        for key in ("related", "beside"):
            unknown = [r for r in entry.get(key, []) if r not in data]
            if unknown:
                raise ValueError(f"{path}: [{name}] {key}: unknown problem {unknown[0]!r}")
        related[name] = frozenset(entry.get("related", [])) | frozenset(entry.get("beside", []))
        if entry.get("beside"):
            beside[name] = frozenset(entry["beside"])
        unknown = [r for r in entry.get("yields", []) if r not in data]
        if unknown:
            raise ValueError(f"{path}: [{name}] yields: unknown problem {unknown[0]!r}")
        if entry.get("yields"):
            yields[name] = frozenset(entry["yields"])
        for topic in entry.get("topics", []):
            if topic in by_topic:
                raise ValueError(f"{path}: [{name}] topics: {topic!r} already names [{by_topic[topic]}]")
            by_topic[topic] = name
        table_kinds = entry.get("kinds", {})
        if not isinstance(table_kinds, dict):
            raise ValueError(f"{path}: [{name}] kinds: a table of kind = [words], not {table_kinds!r}")
        for kind, words in table_kinds.items():
            if not (isinstance(words, list) and words and all(isinstance(w, str) and w for w in words)):
                raise ValueError(f"{path}: [{name}] kinds: {kind!r} needs a list of words, not {words!r}")
        if table_kinds:
            kinds[name] = tuple((k, tuple(w)) for k, w in table_kinds.items())
        for key, into in (("event", events), ("network", networks), ("drifts", drifts), ("outage", outages)):
            flag = entry.get(key, False)
            if not isinstance(flag, bool):
                raise ValueError(f"{path}: [{name}] {key}: {flag!r} is not true or false")
            if flag:
                into.add(name)
        if "effects" in entry:
            told = entry["effects"]
            if not entry.get("event") or not isinstance(told, list):
                raise ValueError(f"{path}: [{name}] effects: a list of problems of an event (event = true), not {told!r}")
            unknown = [r for r in told if r not in data]
            if unknown:
                raise ValueError(f"{path}: [{name}] effects: unknown problem {unknown[0]!r}")
            effects[name] = frozenset(told)
        if "lasts" in entry:
            hours = entry["lasts"]
            if not entry.get("event") or isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0:
                raise ValueError(f"{path}: [{name}] lasts: hours of an event (event = true), not {hours!r}")
            lasts[name] = float(hours)
        flag = entry.get("citywide", False)
        if not isinstance(flag, bool) and flag != "county":
            raise ValueError(f"{path}: [{name}] citywide: {flag!r} is not true, false or \"county\"")
        if flag:
            citywide.add(name)
        if flag == "county":
            by_county.add(name)
    automaton.make_automaton()
    for name, rel in list(related.items()):  # related both ways: the index looks from either side
        for other in rel:
            related[other] = related[other] | {name}
    for name, rel in list(beside.items()):
        for other in rel:
            beside[other] = beside.get(other, frozenset()) | {name}
    return Problems(automaton, tuple(patterns), related, {n: i for i, n in enumerate(data)}, by_topic,
                    frozenset(citywide), frozenset(by_county), yields, beside=beside, kinds=kinds, words=own_words,
                    events=frozenset(events), networks=frozenset(networks),
                    drifts=frozenset(drifts), lasts=lasts, effects=effects, outages=frozenset(outages),
                    causes={e: frozenset(n for n, told in effects.items() if e in told)
                            for e in {e for told in effects.values() for e in told}})


@cache
def problems() -> Problems:
    """The shipped table, compiled once per process."""
    return load()
