"""Other forms of the gazetteer's and the learnt places: how citizens name one place otherwise.

Read once from the gazetteer (config/regions.toml), by rule, never place by place:

* **a county's town by any of its words**: the town of a county is written 灵武城区, 灵武城里,
  灵武城, 灵武市区 or 贺兰县城 alike. All are one key, the county's town as the gazetteer names it
  (a landmark written with a town word: 灵武市区, 贺兰县城), else the county's name and 县城; not
  the town as one end of a trip (…到永宁县城的班车: a bus's matter). A county's 街道 named for its
  town (城区街道) is the town too, at a 街道's weight;
* **a landmark without the town it is named after**: a landmark whose name begins with the name
  of its district's town (镇北堡西部影城 of 镇北堡镇) is written without it by visitors (西部影城),
  and it lies in that town: it is filed under the town too, at a town's weight, so a report
  naming the town alone (镇北堡那边堵死了) meets it;
* **an estate called by its short name before a building, a zone or a gate**: neighbours call an
  estate by one word of its name (万家 of 阅海万家, 湖滨 of 湖滨社区) and write after it what only an
  estate takes (万家D区, 万家12号楼, 华庭北门, 嘉苑物业). The word is often an everyday one (万家,
  湖滨: any lakeside), so it places only before such a mark — not before a pointer ("X这边也听得见"
  tells where the writer is) — and only when one estate learnt so far (or one community of the
  gazetteer) is called by it; a name learnt or the gazetteer's own is read as itself.

Pure reads of the text; the learnt estates are the reader's (:class:`~monitor.cluster.learnt.LearntPlaces`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from monitor.classify.settings import Gazetteer
from monitor.cluster.place_keys import ROAD_SUFFIXES, W_AREA, W_STEM, W_STREET, home_stem
from monitor.cluster.place_words import _CJK, STOP_CHARS

TOWN_WORDS = ("县城", "城区", "市区", "城里", "城")
NOT_AFTER_TOWN = "管市乡镇际建墙门"  # 城管, 城市, 城乡, 城际, 城建, 城墙, 城门: words, no town
TRIP_BEFORE, TRIP_AFTER = frozenset("到去往至进"), frozenset("到往至")  # a town as a trip's end

# what only an estate takes after its name: a zone (D区, 3期), a building or a unit (12号楼, 5栋, 3单元,
# 22楼), a gate, the estate's own words (小区, 物业, 业主). Not a pointer (那边, 这边): "X这边也听得
# 见" tells where the writer is, and 湖滨那边 may be any lakeside
ESTATE_MARK = re.compile(r"[A-Ha-h]区|(?:\d{1,3}|[一二三四五六七八九十两]{1,3})(?:号楼|栋|幢|单元|期)|\d{1,2}楼"
                         r"|门口|[东西南北]门|小区|物业|业主|家属院")
SHORT_NAME = (4, 3, 2)  # the lengths of an estate's short name, longest first


def _trip_end(text: str, start: int, end: int) -> bool:
    """Whether the town written at ``start:end`` is one end of a trip ("…到永宁县城的班车", "县城到
    银川的公交", "去县城上学"): a bus's or a road's matter, not the town's."""
    return text[max(0, start - 1):start] in TRIP_BEFORE or text[end:end + 1] in TRIP_AFTER


class PlaceForms:
    """The gazetteer's other forms, read once (see the module docstring)."""

    def __init__(self, gaz: Gazetteer) -> None:
        # county name or short → its town's key
        self.towns: dict[str, str] = {}
        self.town_streets: dict[str, str] = {}  # a county's 街道 named for its town → the town's key
        for d in gaz.districts:
            if d.name.endswith("区"):
                continue  # a city's district has no town of its own
            names = (d.name, *d.short)
            key = next((lm for lm in d.landmarks for n in names if lm.startswith(n) and lm[len(n):] in TOWN_WORDS),
                       "") or (d.short[0] if d.short else d.name) + "县城"
            for n in names:
                self.towns[n] = key
            for s in d.streets:
                if s.name[:2] in TOWN_WORDS:
                    self.town_streets[s.name] = key
        alts = "|".join(sorted(self.towns, key=len, reverse=True))
        self._town = re.compile(f"({alts})(县城|城区|市区|城里|城)") if alts else None
        # landmarks named after their town (镇北堡西部影城 of 镇北堡镇): the rest of the name → the
        # landmark, and the landmark → the town
        self.rests: dict[str, str] = {}
        self.landmark_towns: dict[str, str] = {}
        for d in gaz.districts:
            towns = [(n, s.name) for s in d.streets if s.name.endswith(("镇", "乡")) for n in (s.name, *s.short)]
            for lm in (*d.landmarks, *(x for s in d.streets for x in s.landmarks)):
                for n, town in sorted(towns, key=lambda t: -len(t[0])):
                    if lm.startswith(n) and len(lm) - len(n) >= 3:
                        self.rests[lm[len(n):]] = lm
                        self.landmark_towns[lm] = town
                        break
        # the gazetteer's communities by their name without 社区 (湖滨 of 湖滨社区); not a
        # community named after its road (文化东街社区: that is the road's name)
        self.communities: dict[str, set[str]] = {}
        for d in gaz.districts:
            for s in d.streets:
                for c in s.communities:
                    stem = c[:-2] if c.endswith("社区") else ""
                    if len(stem) >= 2 and not stem.endswith(ROAD_SUFFIXES):
                        self.communities.setdefault(stem, set()).add(c)

    def town_of(self, text: str, keys: Iterable[str]) -> tuple[str, float] | None:
        """The county's town ``text`` names, by any of its words, and its weight; None when none."""
        if self._town is not None:
            for m in self._town.finditer(text):
                if m.group(2) == "城" and text[m.end():m.end() + 1] in NOT_AFTER_TOWN:
                    continue  # 灵武城管: the county's office, no town
                if _trip_end(text, m.start(), m.end()):
                    continue
                return self.towns[m.group(1)], W_AREA
        for k in keys:
            if k in self.town_streets:
                return self.town_streets[k], W_STREET
        return None

    def landmarks_of(self, text: str, keys: Iterable[str]) -> dict[str, float]:
        """A landmark written without the town it is named after, and the town of every landmark
        named after one."""
        out: dict[str, float] = {}
        for rest, lm in self.rests.items():
            if rest in text:
                out[lm] = W_AREA
        for k in [*keys, *out]:
            if k in self.landmark_towns:
                out.setdefault(self.landmark_towns[k], W_STREET)
        return out

    def estates_by_short_name(self, text: str, tails: dict[str, set[str]], heads: dict[str, set[str]],
                              skip: Container[str], learnt: dict[str, dict[str, float]]) -> dict[str, float]:
        """Estates called by one word of their name before a mark only an estate takes (万家D区,
        湖滨3号楼): the one estate learnt (``tails``: by the endings of their names, ``heads``: by
        the beginnings) or the one community of the gazetteer called by it, at a name's weight.
        The word begins where a word may (the text's start, a stop: 我们万家12号楼), and is none of
        the gazetteer's names (``skip``: 阅海 is the 街道, 金凤 the district) nor a name ``learnt``
        (by its first two characters): those are read as themselves."""
        out: dict[str, float] = {}
        for m in ESTATE_MARK.finditer(text):
            i = m.start()
            for n in SHORT_NAME:
                j = i - n
                name = text[j:i]
                if j < 0 or not all(_CJK.match(ch) for ch in name) or name in skip \
                        or name in learnt.get(name[:2], ()):
                    continue
                if j > 0 and _CJK.match(text[j - 1]) and text[j - 1] not in STOP_CHARS:
                    continue  # inside a longer name (阅海万家D区: the estate is named whole)
                found = {k for k in tails.get(name, ()) if home_stem(k)} \
                    | {k for k in heads.get(name, ()) if home_stem(k)} | self.communities.get(name, set())
                if len(found) == 1:
                    out[found.pop()] = W_STEM
                    break
                if found:
                    break  # two estates called so: neither
        return out
