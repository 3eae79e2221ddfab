"""What the signature maker learns from the texts it reads, so that a later text naming a place
bare or short is placed too.

A citizen writes "阅海湾小区" once and "阅海湾那边" the next time; "塞上骄子小区" and "骄子小区";
"宁夏大学" and "宁大"; "宁安大街和长城中路路口" and "宁安长城路口". No gazetteer holds every estate,
shop and crossing of a city, so the maker remembers what texts wrote in full (names, spots by
their beginnings and endings, universities' short forms, the roads of crossings) and finds them
in later texts.

Bounded: the names are forgotten all at once past ``learn``'s limit (100,000), spots and short
forms stop growing at :data:`MAX_SPOTS` and :data:`MAX_SHORTS`. What is learnt is read and grown
by every source's thread of one daemon, so the maker holds ``_learning`` while it reads places.
"""

from __future__ import annotations

import threading

from monitor.classify.lexicon import Entry
from monitor.cluster.numbered import _ROLE_KEYS
from monitor.cluster.place_keys import (ANY_ESTATE, BRANDS, ESTATE_KINDS, MARKET_KINDS, UNIVERSITY, W_AREA, W_ROAD,
                                        abbreviation, base_road, home_stem, spot_stem, unbranded)
from monitor.cluster.place_words import CROSSING, ROAD_SUFFIXES, ROADS_FOR_CROSSING
from monitor.cluster.word_lists import common_words

MAX_ESTATES = 4  # learnt spots a case is also filed under
MAX_SPOTS = 50_000  # learnt spot names kept (forgotten with the learnt names)
MAX_SHORTS = 200  # short forms learnt per process (a city has a few dozen universities)


class LearntPlaces:
    """The names, spots, short forms and crossings learnt so far, and how a text is read for them.

    The base of the place reader (:class:`~monitor.cluster.places.PlaceReader`), which sets the
    classifier's ``entries`` and the city's ``area_names`` and strips a city's prefix
    (``_strip``) before this is initialised; the methods here only read and grow what is learnt.
    """

    entries: dict[str, Entry]  # the classifier's words (the reader's)
    area_names: frozenset[str]  # the city's, its districts' and counties' names (the reader's)

    def __init__(self) -> None:
        # names learnt from earlier messages ("阅海湾" from "阅海湾小区"), so a later message that
        # writes the name bare ("阅海湾那边") is placed too: name → weight, by first two characters
        self.learnt: dict[str, dict[str, float]] = {}
        self.learnt_count = 0
        self.road_stems: dict[str, str] = {}  # bare names of roads seen at a crossing → the road
        # learnt spots (a name and its place word) by their name, by every beginning of it
        # (恒泰商务大厦 under 恒泰: 恒泰大厦 may be it) and, for housing estates, by every ending
        # (塞上骄子小区 under 骄子: neighbours call an estate by its last word, 骄子小区)
        self.spot_names: dict[str, set[str]] = {}
        self.spot_heads: dict[str, set[str]] = {}
        self.home_tails: dict[str, set[str]] = {}
        # short forms of the gazetteer's and learnt universities (宁大 = 宁夏大学): short → name
        self.shorts: dict[str, str] = {}
        # what is learnt is read and grown by every source's thread of one daemon: one at a time
        # (a dict grown while another thread walks it raises)
        self._learning = threading.Lock()
        for w, e in self.entries.items():
            if e.place is not None and e.place.kind not in ("district", "street"):
                self._add_short(w)

    def _strip(self, name: str) -> str:
        """A name without the city's or a district's prefix: the reader's (:meth:`PlaceReader._strip`)."""
        raise NotImplementedError

    def learn(self, places: dict[str, float], limit: int = 100_000) -> None:
        """Remember names of three characters or more, and two-character ones that are no common
        word (北塔, 正丰 are names; 阳光, 幸福 are words first: "阳光很好" names no 阳光花园)."""
        if self.learnt_count > limit:
            self.learnt.clear()
            self.home_tails.clear()
            self.spot_names.clear()
            self.spot_heads.clear()
            self.road_stems.clear()
            self.learnt_count = 0
        common = common_words()
        for key, w in places.items():
            if "×" in key and w >= W_AREA and len(self.road_stems) < MAX_SPOTS:
                # the roads of a crossing, by their bare names (宁安大街 → 宁安, 长城中路 → 长城,
                # 长城路): a later "宁安长城路口" or "亲水宝湖那个十字路口" names the same crossing
                for road in key.split("×"):
                    for form in (road, base_road(road)):
                        stem = next((form[:-len(x)] for x in ROAD_SUFFIXES if form.endswith(x)), "")
                        if len(stem) >= 2:
                            self.road_stems.setdefault(stem, road)
            if len(key) >= 2 and key not in common and "×" not in key and w >= W_ROAD and key not in _ROLE_KEYS \
                    and key not in self.area_names:
                bucket = self.learnt.setdefault(key[:2], {})
                if key not in bucket:
                    self.learnt_count += 1
                    if key.endswith(UNIVERSITY) and len(self.shorts) < MAX_SHORTS:
                        self._add_short(key)
                    if w >= W_AREA:
                        self._learn_estate(key)
                bucket[key] = max(w, bucket.get(key, 0.0))

    def _same_estates(self, places: dict[str, float]) -> list[str]:
        """Learnt spots this case's spot may be, named longer or shorter (恒泰大厦 ↔ 恒泰商务大厦,
        怀远路夜市 ↔ 怀远夜市, 骄子小区 ↔ 塞上骄子小区, 海宝小区 ↔ 海宝新村): filed under their
        keys too, so the index finds them (whether they are one spot is
        :func:`~monitor.cluster.score.same_spot`'s to say)."""
        out: set[str] = set()
        common = common_words()
        for key, w in places.items():
            stem = spot_stem(key) if w >= W_AREA else ""
            if len(stem) < 2:
                continue
            if home_stem(key):
                # the estate with and without its developer's brand (万科金色家园 / 金色家园),
                # however everyday the name left (金色)
                bare = unbranded(stem)
                out |= {k for k in self.spot_names.get(bare, ()) if home_stem(k)} if bare else \
                    {k for b in BRANDS for k in self.spot_names.get(b + stem, ()) if home_stem(k)}
            kind = key[len(stem):]
            if kind in MARKET_KINDS:
                # one market with any of its words (北门市场 / 北门菜市场), its name an everyday
                # word or not; same_spot says which names may be one
                out |= {k for k in self.spot_names.get(stem, ()) if k[len(stem):] in MARKET_KINDS}
            elif kind in ESTATE_KINDS:
                # an estate with its own word and with the word anyone adds (新华苑 / 新华小区 /
                # 新华社区); two own words of one everyday name are two estates (锦绣苑, 锦绣华庭)
                out |= {k for k in self.spot_names.get(stem, ()) if k[len(stem):] in ESTATE_KINDS
                        and (kind in ANY_ESTATE or k[len(stem):] in ANY_ESTATE)}
            if stem in common:
                out.discard(key)
                continue
            out |= self.spot_heads.get(stem, set())  # longer names beginning with this one
            for n in range(2, len(stem)):
                out |= self.spot_names.get(stem[:n], set())  # shorter names it begins with
            if home_stem(key):
                out |= self.home_tails.get(stem, set())
                for n in range(2, len(stem)):
                    if stem[-n:] not in common:
                        out |= self.spot_names.get(stem[-n:], set())
            out.discard(key)
        return sorted(k for k in out if k not in places)[:MAX_ESTATES]

    def _learn_estate(self, key: str) -> None:
        stem = spot_stem(key)
        if len(stem) < 2 or len(self.spot_names) > MAX_SPOTS:
            return
        self.spot_names.setdefault(stem, set()).add(key)
        for n in range(2, len(stem) + 1):
            self.spot_heads.setdefault(stem[:n], set()).add(key)
        if home_stem(key):
            for n in range(2, len(stem) + 1):
                self.home_tails.setdefault(stem[-n:], set()).add(key)

    def _add_short(self, name: str) -> None:
        short = abbreviation(self._strip(name))
        if short and short not in common_words() and short not in self.entries:
            self.shorts.setdefault(short, name)

    def _shorts_in(self, text: str) -> dict[str, float]:
        """Names written by their short form (宁大西门 → 宁夏大学); a short form inside a longer
        name (宁大街) is not one."""
        out: dict[str, float] = {}
        for short, name in self.shorts.items():
            i = text.find(short)
            if i >= 0 and text[i + len(short):i + len(short) + 1] not in "街路道":
                out[name] = W_AREA
        return out

    def _bare_crossing(self, text: str) -> list[str]:
        """Two roads of a known crossing written by their bare names just before 路口 / 十字
        ("宁安长城路口", "亲水宝湖那个十字路口"): the roads, or [] when not two."""
        for word in CROSSING:
            at = text.find(word)
            if at < 0:
                continue
            window = text[max(0, at - 10):at]
            found: list[str] = []
            a = 0
            while a < len(window) - 1:
                hit = next((window[a:b] for b in range(min(len(window), a + 4), a + 1, -1)
                            if window[a:b] in self.road_stems), "")
                if hit:
                    road = self.road_stems[hit]
                    if road not in found:
                        found.append(road)
                    a += len(hit)
                else:
                    a += 1
            if len(found) == ROADS_FOR_CROSSING:
                return found
        return []

    def _learnt_in(self, text: str) -> dict[str, float]:
        out: dict[str, float] = {}
        get = self.learnt.get
        for i in range(len(text) - 2):
            bucket = get(text[i:i + 2])
            if bucket:
                for name, w in bucket.items():
                    if text.startswith(name, i):
                        out[name] = w
        return out
