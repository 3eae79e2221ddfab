"""Institutions as places: a school, kindergarten, hospital or market pointed at by where it is, and
an experimental school by its short forms.

Why a module of its own: the reader (:mod:`monitor.cluster.places`) files a name written before
its place word (前进街小学, 东门菜市场), but citizens often point at an institution instead of
naming it, by the road, town, 街道 or landmark it stands in and its kind: "前进街那个小学",
"阅海那家私立幼儿园", "胜利街那个菜市场", "永宁县城那个幼儿园". Their neighbours write the name
(前进街小学), so the pointer is filed under the key the name files: area + kind. It places, it
does not pin (an area may hold two kindergartens): :data:`W_STEM`. The area must be one the reader
found in the text already (a road, a 街道, a landmark) or a county written with its town: "我们那个
小学" points at none. Nothing here is learnt (a pointer names no institution a later text could
name by its area alone).

An experimental school is named whole, short or by its branch ("阅海实验小学", "阅海实小",
"实验小学阅海分校"): one school, filed as 阅海实小 (as 宁大 is 宁夏大学); a bare 实小 or
实验小学 places at :data:`W_STEM`; two branches are two schools.

Pure functions over the text and the keys already found: one pass of two patterns.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from monitor.cluster.place_keys import _add, W_AREA, W_STEM
from monitor.cluster.place_words import STOP_CHARS

# an institution's kind as citizens write it → the word its key is filed with (a market by any of
# its words: same_spot takes 市场, 菜市场 and 农贸市场 for one)
KINDS = {"小学": "小学", "中学": "中学", "幼儿园": "幼儿园", "医院": "医院", "卫生院": "卫生院",
         "菜市场": "菜市场", "农贸市场": "菜市场", "菜市": "菜市场"}
# the pointer between the area and the kind: 那个, 那家, 一家…, and what qualifies a kind without
# naming one (私立, 民办, 公办, 普惠, 新开的)
_POINTER = r"(?:那个|这个|那家|这家|一家|一个|那所|这所|一所|旁边的|边上的|附近的|里的|跟前的)"
QUALITIES = ("私立", "民办", "公办", "普惠", "公立")  # a kind of school, no name (普惠幼儿园 is no spot)
INSTITUTION_WORDS = ("幼儿园", "小学", "中学", "医院")  # the places a quality qualifies
_QUALITY = r"(?:私立|民办|公办|普惠|公立|新开的|新建的|新)?"
_POINTED = re.compile(_POINTER + _QUALITY + "(" + "|".join(sorted(KINDS, key=len, reverse=True)) + ")")
# what may stand between the area's name and the pointer: where in it (阅海这边那家…, 永宁县城那个…)
_WITHIN = ("", "这边", "那边", "这块", "那块", "这片", "那片", "一带")
_TOWN = ("县城", "城里", "城区")  # a county named by its town
# an experimental school: whole (阅海实验小学), short (阅海实小), a branch (实验小学阅海分校), bare
_EXPERIMENTAL = re.compile(r"实验小学([\u4e00-\u9fff]{2,4})分校|([\u4e00-\u9fff]{0,6}?)(实验小学|实小)")
_NOT_BEFORE_SHORT = frozenset("老")  # 老实小… is no school


def unqualified(name: str) -> str:
    """A school's name without the kind of school written last (阅海普惠 → 阅海; 普惠 → "")."""
    for q in QUALITIES:
        if name.endswith(q):
            return name[:-len(q)]
    return name


def _area_forms(found: Mapping[str, float]) -> dict[str, str]:
    """How the areas found may be written → the name an institution's key begins with: a road
    as written (前进街), a 街道 without its word (阅海街道 → 阅海), a landmark as filed."""
    forms: dict[str, str] = {}
    for key in found:
        if "×" in key or len(key) < 2:
            continue
        forms[key] = key[:-2] if key.endswith("街道") and len(key) >= 4 else key
        if key.endswith("街道") and len(key) >= 4:
            forms[key[:-2]] = key[:-2]
    return forms


def _written_before(text: str, end: int, forms: Mapping[str, str], counties: Collection[str]) -> str:
    """The area written right before position ``end`` (with where in it between), or ""."""
    for within in _WITHIN:
        stop = end - len(within)
        if text[stop:end] != within:
            continue
        for written in sorted(forms, key=len, reverse=True):
            if text.endswith(written, 0, stop):
                return forms[written]
    for town in _TOWN:
        stop = end - len(town)
        if text[stop:end] == town:
            for county in counties:
                name = county[:-1] if county.endswith("县") and len(county) >= 3 else county
                if text.endswith(county, 0, stop) or text.endswith(name, 0, stop):
                    return name
    return ""


def institution_places(text: str, found: Mapping[str, float], counties: Collection[str] = ()) -> dict[str, float]:
    """The institutions ``text`` points at by their area and kind, and its experimental schools,
    key → weight (see the module docstring). ``found``: the keys the reader found in the text."""
    out: dict[str, float] = {}
    forms = _area_forms(found)
    for m in _POINTED.finditer(text):
        area = _written_before(text, m.start(), forms, counties)
        if area:
            _add(out, area + KINDS[m.group(1)], W_STEM)
    for m in _EXPERIMENTAL.finditer(text):
        if m.group(1):  # 实验小学阅海分校
            _add(out, m.group(1) + "实小", W_AREA)
            continue
        if text[m.start(3) - 1:m.start(3)] in _NOT_BEFORE_SHORT:
            continue
        named = ""
        before = m.group(2)
        for k in range(len(before)):  # the longest area found written just before it
            if before[k:] in forms:
                named = forms[before[k:]]
                break
        if named:
            _add(out, named + "实小", W_AREA)
        elif not text.startswith("分校", m.end()) and (not before or before[-1] in STOP_CHARS):
            _add(out, "实小", W_STEM)  # bare; a name the reader does not know files nothing
    return out
