"""A place key, its weight, and the forms of one name that mean one place.

Every place a case names is filed as a key (丽景湖公园, 北京路, 北京路×正源街) with a weight that
says how surely it pins the spot: a 小区 or a landmark pins it, a name without its place word or a
road less, a 街道 (an administrative area of dozens of streets) least, and a key derived from
another (a road without its direction) is marked by its own weight so two derived keys never meet
(:data:`DERIVED`). The forms of one name (an estate with and without its developer's brand, a
university and its short form, a road with and without its direction) are decided here once, for
the reader that files the keys (:mod:`monitor.cluster.places`) and for the scorer that compares
them (:mod:`monitor.cluster.score`).
"""

from __future__ import annotations

from monitor.cluster.place_words import _CJK, _SUFFIX_END, DIRECTIONS, ROAD_SUFFIXES

W_AREA = 1.0       # a 小区, landmark, community or road crossing pins the place
W_STEM = 0.7       # a name without its place word: 丽景湖 may be the park or the 小区 beside it
W_ROAD = 0.7       # a road is long: the same problem on it is likely, not certain, the same spot
W_STREET = 0.5     # a 街道 (sub-district) is an administrative area, not a spot
# a crossing written with directions (北京中路×正源北街) is also filed without them (北京路×正源街):
# citizens drop the 北/中 of one road or both. The weight marks the derived key: two cases that
# both *derived* it wrote other directions (北京东路 / 北京西路) and do not meet there. A road alone
# is not filed without its direction: 清和南街 and 清和街 may be two streets, a crossing of two
# such roads hardly two places
W_BASE_CROSS = 0.95
# a road written with its direction (民族北街) is also filed without it (民族街), weaker than the
# road itself: a neighbour writing 民族街 means one of its halves, most likely the one with the
# problem; two cases that both derived it (民族北街 / 民族南街) do not meet there (DERIVED)
W_BASE_ROAD = 0.6
DERIVED = frozenset({W_BASE_CROSS, W_BASE_ROAD})


def _add(places: dict[str, float], key: str, weight: float) -> None:
    """File ``key`` at ``weight`` unless it is already filed heavier (keys are cut at 64
    characters: the index's column)."""
    key = key[:64]
    if weight > places.get(key, 0.0):
        places[key] = weight


UNIVERSITY = "大学"
HOME_SUFFIXES = ("家属院", "小区", "花园", "家园", "新村", "公寓", "大院", "苑", "华庭", "豪庭", "雅居", "名居", "山庄", "名邸",
                 "御景")  # words for one estate


def spot_stem(key: str) -> str:
    """The name of a spot without its place word (恒泰商务大厦 → 恒泰商务); "" for other keys."""
    m = _SUFFIX_END.search(key)
    return key[:m.start()] if m and m.start() > 0 and "×" not in key else ""


MARKET_KINDS = ("市场", "菜市场", "农贸市场")  # words for one market
ESTATE_KINDS = HOME_SUFFIXES + ("社区",)  # a 社区 is named after the estate it grew from
ANY_ESTATE = ("小区", "社区")  # the words anyone adds to an estate's name, whatever its own word


def home_stem(key: str) -> str:
    """The name of a housing estate without its word (塞上骄子小区 → 塞上骄子); "" for other keys."""
    for suf in HOME_SUFFIXES:
        if key.endswith(suf) and len(key) > len(suf):
            return key[:-len(suf)]
    return ""


# developers whose brand citizens write before an estate's name, or leave off (万科金色家园 /
# 金色家园): national brands only, each a name no estate is otherwise called by
BRANDS = ("碧桂园", "雅居乐", "万科", "恒大", "保利", "绿地", "中海", "融创", "龙湖", "华润", "金地", "世茂",
          "万达", "招商", "富力", "建发", "旭辉", "绿城", "中梁", "金科", "荣盛", "远洋", "首开")


def unbranded(stem: str) -> str:
    """An estate's name without the developer's brand before it (万科金色 → 金色); "" when it has
    none, or nothing of two characters is left."""
    for brand in BRANDS:
        if stem.startswith(brand) and len(stem) - len(brand) >= 2:
            return stem[len(brand):]
    return ""


def abbreviation(name: str) -> str:
    """The short form Chinese gives a university: the first character of each two-character word
    of its name, then 大 (宁夏大学 → 宁大, 北方民族大学 → 北民大, 宁夏医科大学 → 宁医大); "" for
    any other name, or a name of an odd length that cannot be read as two-character words."""
    if not name.endswith(UNIVERSITY):
        return ""
    stem = name[:-len(UNIVERSITY)]
    if len(stem) not in (2, 4) or not all(_CJK.match(ch) for ch in stem):
        return ""
    return stem[::2] + "大"


def base_road(key: str) -> str:
    """A road without the direction before its road word (正源北街 → 正源街, 北京中路 → 北京路);
    the key itself when it has none or the rest would be a single character (东路, 中街)."""
    for suf in ROAD_SUFFIXES:
        if key.endswith(suf):
            stem = key[:-len(suf)]
            if len(stem) >= 3 and stem[-1] in DIRECTIONS:
                return stem[:-1] + suf
            break
    return key
