"""What a case is about, for clustering: the places it names and the problem it describes.

Citizens name one place many ways ("丽景湖", "丽景湖公园那边", "兴庆区丽景湖小区门口") and one
problem in many words ("广场舞太吵", "音响声音大到晚上十点", "噪音扰民"). A signature keeps only
what identifies the problem at the place, so two reports compare on that and never on the filler
every appeal shares ("希望有关部门尽快解决", "严重影响居民生活"):

* **place keys**, weighted (:mod:`~monitor.cluster.places`, read with :mod:`~monitor.cluster.place_words`,
  :mod:`~monitor.cluster.numbered`, :mod:`~monitor.cluster.learnt`; keys and weights in
  :mod:`~monitor.cluster.place_keys`), the parts of a place written (:mod:`~monitor.cluster.place_parts`:
  building, unit, zone, gate) and the places named as someone else's (:mod:`~monitor.cluster.elsewhere`);
* **problem**: the domain and sub-topic the classifier chose (sub-topics are the classifier's
  synonym sets: 噪音 holds 广场舞, 太吵, 音响…), the problems of the table (:mod:`~monitor.cluster.problems`),
  the lexicon words found (路灯 vs 井盖 tell two 市政设施 problems apart), the things said to be
  faulty (:mod:`~monitor.cluster.faults`), and content terms: the remaining words that are not
  places, type words (投诉, 反映, 尽快解决), stop words or filler (:mod:`~monitor.cluster.problem_words`).

This module holds the :class:`Signature` itself, how the joining index files it, and
:class:`SignatureMaker`, which puts the two halves together. The names other modules and tests
import from here (word lists, place keys and weights, part readers) are re-exported from the
modules that own them, so callers need not know the layout.

Pure functions over the classifier's tokens: nothing here segments the text again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import ahocorasick

from monitor.classify.classifier import Classifier
from monitor.classify.result import Classification
from monitor.cluster.elsewhere import OWN_STATION, compared_with, said_not
from monitor.cluster.faults import things as fault_things
from monitor.cluster.numbered import COUNTY_UNITS, ROLE_HOSPITALS, numbered_places
from monitor.cluster.place_keys import (DERIVED, ESTATE_KINDS, HOME_SUFFIXES, MARKET_KINDS, W_AREA, W_BASE_CROSS,
                                        W_BASE_ROAD, W_ROAD, W_STEM, W_STREET, abbreviation, base_road, home_stem,
                                        spot_stem, unbranded)
from monitor.cluster.place_parts import building_numbers, gates_of, unit_numbers, zones_of
from monitor.cluster.place_words import _CJK, AREA_SUFFIXES, PLACE_WORDS, ROAD_SUFFIXES
from monitor.cluster.places import PlaceReader
from monitor.cluster.problem_words import FILLER, ProblemWords, _ThingSkip, _vote
from monitor.cluster.problems import problems
from monitor.cluster.terms import Terms
from monitor.cluster.word_lists import (JIEBA_DICT, LOOKING, REPOST_WORDS, TIMES, VERB_TAGS, DictionaryWords,
                                        common_words, dictionary_words, name_word_lists, not_name_words, trim_name,
                                        word_tag, word_tags)

__all__ = [
    # the signature, its maker and the joining index's tags (this module's own)
    "BURST_TAG", "ISSUE_TAG", "MAX_DOMAINS", "MAX_ISSUES", "UNNAMED", "Signature", "SignatureMaker",
    # imported from here by other modules and tests, owned elsewhere
    "AREA_SUFFIXES", "COUNTY_UNITS", "DERIVED", "DictionaryWords", "ESTATE_KINDS", "FILLER", "HOME_SUFFIXES",
    "JIEBA_DICT", "LOOKING", "MARKET_KINDS", "REPOST_WORDS", "ROAD_SUFFIXES", "ROLE_HOSPITALS", "TIMES",
    "VERB_TAGS", "W_AREA", "W_BASE_CROSS", "W_BASE_ROAD", "W_ROAD", "W_STEM", "W_STREET", "abbreviation",
    "base_road", "building_numbers", "common_words", "compared_with", "dictionary_words", "gates_of",
    "home_stem", "name_word_lists", "not_name_words", "numbered_places", "said_not", "spot_stem",
    "trim_name", "unbranded", "unit_numbers", "word_tag", "word_tags", "zones_of",
]

MAX_DOMAINS = 3  # domains a case is filed under in the joining index
MAX_ISSUES = 2  # problems a case is filed under in the joining index
ISSUE_TAG = "~"  # a problem in the index's domain column (no domain name starts with it)
UNNAMED = "~?"  # the index tag of reports naming no problem of the table
BURST_TAG = "~+"  # the index tag of a burst a report names, wherever it names it (~+爆管)


@dataclass(frozen=True)
class Signature:
    """Place keys (key → weight) and problem of one case; JSON-able via :meth:`to_json`."""

    places: dict[str, float]
    domain: str
    subtopic: str | None
    domains: tuple[str, ...]
    words: frozenset[str]
    terms: frozenset[str]
    nuisance: bool
    topics: frozenset[str] = frozenset()  # "domain/sub-topic" of every domain word written
    problems: frozenset[str] = frozenset()  # the classifier's hot topics named (广场舞噪音, 停水)
    issues: tuple[str, ...] = ()  # the problems named (problems.toml: 停水, 噪音…), most-named first
    unlike: frozenset[str] = frozenset()  # what the citizen says it is not (不是胜利街那栋): never joined
    buildings: frozenset[int] = frozenset()  # building numbers written (5号楼, 五栋, 5#): which lift
    region: str | None = None  # the county or district written (贺兰县): a city-wide matter's side
    gates: frozenset[str] = frozenset()  # the gates of a park or campus written (东门, 西门): which side
    # the things the citizen says something is wrong with, thing → kind of fault ("井盖松了":
    # 井盖 → broken): the problem by its form, for problems the table does not name (faults.py)
    things: dict[str, str] = field(default_factory=dict)
    # the kinds of the main problem told (problems.toml ``kinds``: noise from a building site, from
    # square dancers…): two reports of one problem naming two kinds and none in common are two
    kinds: frozenset[str] = frozenset()
    units: frozenset[int] = frozenset()  # unit numbers written (2单元, 5-2): which of a building's lifts
    zones: frozenset[str] = frozenset()  # an estate's zones or phases written (D区, 3期): which station
    # the district or county the writer says they write from ("我们西夏这边"), and the one they point
    # at as elsewhere ("跟金凤那边爆管有关系吗"): a cut told here is no burst's there
    here: str | None = None
    there: str | None = None
    # the writer says their building's heating has a station of its own (单独一个换热站): no estate's
    own_station: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"places": self.places, "domain": self.domain, "subtopic": self.subtopic,
                "domains": list(self.domains), "words": sorted(self.words),
                "terms": sorted(self.terms), "nuisance": self.nuisance, "topics": sorted(self.topics),
                "problems": sorted(self.problems), "issues": list(self.issues),
                **({"unlike": sorted(self.unlike)} if self.unlike else {}),
                **({"buildings": sorted(self.buildings)} if self.buildings else {}),
                **({"region": self.region} if self.region else {}),
                **({"gates": sorted(self.gates)} if self.gates else {}),
                **({"things": self.things} if self.things else {}),
                **({"kinds": sorted(self.kinds)} if self.kinds else {}),
                **({"units": sorted(self.units)} if self.units else {}),
                **({"zones": sorted(self.zones)} if self.zones else {}),
                **({"here": self.here} if self.here else {}),
                **({"there": self.there} if self.there else {}),
                **({"own_station": True} if self.own_station else {})}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Signature:
        return cls(places=dict(d.get("places") or {}), domain=d.get("domain") or "",
                   subtopic=d.get("subtopic"), domains=tuple(d.get("domains") or ()),
                   words=frozenset(d.get("words") or ()), terms=frozenset(d.get("terms") or ()),
                   nuisance=bool(d.get("nuisance")), topics=frozenset(d.get("topics") or ()),
                   problems=frozenset(d.get("problems") or ()), issues=tuple(d.get("issues") or ()),
                   unlike=frozenset(d.get("unlike") or ()), buildings=frozenset(d.get("buildings") or ()),
                   region=d.get("region") or None, gates=frozenset(d.get("gates") or ()),
                   things=dict(d.get("things") or {}), kinds=frozenset(d.get("kinds") or ()),
                   units=frozenset(d.get("units") or ()), zones=frozenset(d.get("zones") or ()),
                   here=d.get("here") or None, there=d.get("there") or None,
                   own_station=bool(d.get("own_station")))

    @property
    def district(self) -> str | None:
        """The district or county the case is told from: the one the writer says they are in, else
        the one the classifier read."""
        return self.here or self.region

    @property
    def place_label(self) -> str:
        """The most specific place, for people (the heaviest key, the longest on a tie)."""
        if not self.places:
            return ""
        return max(self.places, key=lambda k: (self.places[k], len(k)))

    def echoing(self, said: Signature, default: str) -> Signature:
        """This signature completed by ``said``'s, the signature of what the post answers or
        passes on (a 同问 under a post, a repost of it: :attr:`Item.context`): its place when it
        names none, its problem when it names none ("同问，我们宁华苑也是" under 金水苑's 停水 is
        停水 at 宁华苑; "+1" alone is the post's problem at the post's place). What it names
        itself stays its own; ``default``: the classifier's domain of a text naming none."""
        out = self
        if not self.places and said.places:
            out = replace(out, places=dict(said.places), region=self.region or said.region,
                          buildings=self.buildings or said.buildings, gates=self.gates or said.gates,
                          units=self.units or said.units, zones=self.zones or said.zones)
        if not self.issues and said.issues:
            out = replace(out, issues=said.issues, kinds=said.kinds, problems=self.problems | said.problems,
                          words=self.words | said.words, terms=self.terms | said.terms)
            if self.domain == default:
                out = replace(out, domain=said.domain, subtopic=said.subtopic, domains=said.domains,
                              topics=self.topics | said.topics)
        return out

    def index_domains(self) -> tuple[str, ...]:
        """What the joining index files this case under: its problems (as ``~停水``: two reports
        of one problem meet there whichever domain the classifier gave each) and its domains
        (for reports that name no problem of the table)."""
        named = sorted({t.split("/", 1)[0] for t in self.topics})
        domains = tuple(dict.fromkeys((self.domain, *self.domains, *named)))[:MAX_DOMAINS]
        # a problem the table does not name: the classifier's domain for it is often the place's
        # (唐徕渠 makes 石凳坏了 a river matter), so such reports also meet under one tag of their own
        unnamed = () if self.issues else (UNNAMED,)
        # a burst named anywhere (the road dug up, "…估计是管子爆了"): filed under a tag of its own,
        # where another witness's report naming it looks (score.issue_match); not under the burst's
        # problem, which the event rules read as the burst's own appeals
        lasts = problems().lasts
        burst = tuple(BURST_TAG + i for i in self.issues if i in lasts)
        return tuple(ISSUE_TAG + i for i in self.issues[:MAX_ISSUES]) + burst + unnamed + domains

    def wanted_tags(self) -> set[str]:
        """The index tags a candidate may be filed under: the same or a related problem, an event
        this one's main problem is told of (``effects``: a jam at a burst's crossing), or a shared
        domain."""
        table = problems()
        tags = set(self.index_domains())
        for i in self.issues[:MAX_ISSUES]:
            tags |= {ISSUE_TAG + r for r in table.related.get(i, ())}
        if self.issues:
            tags |= {ISSUE_TAG + e for e in table.causes.get(self.issues[0], ())}
        return tags


class SignatureMaker(PlaceReader, ProblemWords):
    """Builds signatures with the classifier's own index (gazetteer, lexicon, type words)."""

    def __init__(self, classifier: Classifier, terms: Terms | None = None) -> None:
        PlaceReader.__init__(self, classifier)
        ProblemWords.__init__(self, classifier, terms)

    def make(self, text: str, c: Classification) -> Signature:
        """The signature of ``text`` classified as ``c``; the places it names are learnt for later
        texts (under the lock every source's thread shares)."""
        unlike, masked = said_not(text)
        own = compared_with(masked)
        with self._learning:
            places = self._places(own, c) if own != masked else {}
            if not places:  # only the place likened to or passed over is named: the writer's own
                places = self._places(masked, c)  # is not, so that one is kept
        sig = self._signature(text, c, places)
        if own != text:  # the buildings of the place set apart are not the writer's either
            sig = replace(sig, buildings=building_numbers(own), gates=gates_of(own), units=unit_numbers(own),
                          zones=zones_of(own))
        here, there = self.districts_said(text)
        if here or there:
            sig = replace(sig, here=here, there=there)
        if OWN_STATION.search(text):
            sig = replace(sig, own_station=True)
        return replace(sig, unlike=unlike) if unlike else sig

    def _signature(self, text: str, c: Classification, places: dict[str, float]) -> Signature:
        found = self.lexicon_words(text)
        # a word of a hot topic stands for its topic (the classifier's near-synonyms: 红绿灯 and
        # 信号灯 are 交通拥堵's), other domain words for themselves
        hot = {t for w in found if (t := self._topic(w))}
        words = {self._topic(w) or self.terms(w) for w in found}
        place_chars = "".join(places)
        if self.term_words.kind == ahocorasick.AHOCORASICK:
            found_terms = {self.terms(w) for _end, w in self.term_words.iter_long(text) if w not in found}
        else:
            found_terms = set()
        terms = found_terms | {self.terms(t) for t in c.tokens
                 if len(t) >= 2 and _CJK.match(t) and t not in self.stop and t not in self.type_words
                 and t not in found and t not in PLACE_WORDS and t not in place_chars
                 and not self._is_place(t)}
        domain = c.rule_domain or c.domain or self.default_domain
        subtopic = c.subtopic if domain == (c.rule_domain or c.domain) else c.subtopics.get(domain)
        with_domain = {w: d for w, d in found.items() if d}
        if domain == self.default_domain and with_domain:
            domain, subtopic = _vote(with_domain)  # the classifier's tokens missed words the text has
        topics = {f"{d}/{sub}" for pairs in found.values() for d, sub in pairs}
        domains = tuple(dict.fromkeys([domain, *(c.domains or ()), c.domain or domain]))
        table = self.table
        # no word of the table: a hot topic of the classifier may still name the problem (KTV
        # "鬼哭狼嚎" is 商铺噪音, so 噪音), in the order its words are written
        issues = table.find(text) or table.of_topics(
            [t for w in sorted(found, key=text.find) if (t := self._topic(w))])
        skip = _ThingSkip(self.stop, self.type_words, places)
        things = {self.terms(t): k for t, k in fault_things(text, c.tokens, skip).items()
                  if not self._is_place(t)}
        return Signature(places=places, domain=domain, subtopic=subtopic, domains=domains,
                         words=frozenset(words), terms=frozenset(sorted(terms)[:24]),
                         nuisance=bool(subtopic and subtopic in self.nuisance), topics=frozenset(topics),
                         problems=frozenset(hot), issues=issues, buildings=building_numbers(text), gates=gates_of(text), zones=zones_of(text),
                         units=unit_numbers(text),
                         region=c.region or None, things=things,
                         kinds=table.kinds_of(issues[0], text) if issues else frozenset())
