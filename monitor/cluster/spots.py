"""Whether two reports name one place: the place half of a comparison.

Two reports meet at a place both name (a key both filed, or a name one wrote bare and the other
with its place word), weighted by the lighter of the two keys. Where both pin a spot (a 小区, a
landmark, a crossing: :data:`SPECIFIC`), the spots must be one (:func:`same_spot`: 丽景湖 /
丽景湖公园, 骄子小区 / 塞上骄子小区, 万科金色家园 / 金色家园, a crossing with one road written short
or without its direction), else the reports are at two places however many keys they share (two
小区 of one 街道). Pure functions of the signatures' keys (:mod:`monitor.cluster.place_keys`).
"""

from __future__ import annotations

from functools import lru_cache

from monitor.cluster.numbered import COUNTY_UNITS, ROLE_HOSPITALS
from monitor.cluster.place_keys import DERIVED, ESTATE_KINDS, HOME_SUFFIXES, MARKET_KINDS, base_road, unbranded
from monitor.cluster.place_words import AREA_SUFFIXES
from monitor.cluster.signature import Signature
from monitor.cluster.word_lists import common_words, word_tag

SPECIFIC = 0.8  # a place key at least this heavy pins a spot (a 小区, a landmark, a crossing)


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
