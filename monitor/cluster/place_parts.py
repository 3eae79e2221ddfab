"""Which part of a place a citizen writes: the building, the unit, the zone of an estate, the gate.

Two reports from one estate are often two problems: one building's lift is not another's, one
zone's heating station is not the other zone's, the east gate of a park is not its west gate.
Citizens write these parts by number or side (5号楼, 五栋, 5#, 2单元, 5-2, D区, 3期, 东门), in
digits or Chinese numerals alike; the functions here read them into plain numbers and letters so
the scorer compares like with like. Pure functions over the text.
"""

from __future__ import annotations

import re

from monitor.cluster.markers import number

# the place name written before a building's number or an estate's zone is the estate's
# (:meth:`~monitor.cluster.places.PlaceReader.written_places`)
_BUILDING = re.compile(r"(?<![\d一二三四五六七八九十])(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|单元|号院)")
# building-unit as neighbours write it after the estate (丽水苑3-2的电梯, 5-2的电梯也坏了): what may
# stand before and after the two numbers, so that buildings and units read it alike (not 5-2号)
_DASHED_BEFORE = r"(?:^|(?<=[\u4e00-\u9fff]))"
# (nor a range of a quantity: 室温15-17度, 3-5天, 10-20元, 2-3层, 7-8个人)
_DASHED_AFTER = r"(?![\d\-:./号月日点度℃°元块毛天周岁斤两米个人层次年万千分秒小%％])"
# a building of an estate by its number: 5号楼, 五号楼, 5栋, 5幢, 5#(2单元), the 5 of 5-2
_BUILDING_NO = re.compile(r"(?<![\d一二三四五六七八九十])(\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|#|＃)"
                          + r"|" + _DASHED_BEFORE + r"(\d{1,2})-\d{1,2}" + _DASHED_AFTER)


# a gate of a park, a campus or an estate, written after its name (宝湖公园东门, 宝湖西门外头, 宁大
#北门): the side of it a problem is on; a gate at the start of a sentence or after a verb of going
# (从南门到火车站) names a district of the city, not a side
_GATE = re.compile(r"(?<=[\u4e00-\u9fff])(?<![从到去往在回出进过走绕])([东西南北])(?:大)?门(?![诊票卫市面帘])")


def gates_of(text: str) -> frozenset[str]:
    """The sides of a place written as its gates (东门 → 东)."""
    return frozenset(_GATE.findall(text))


# a unit (单元) of a building, which one lift serves: "5号楼2单元", "三单元", "5-2的电梯"
_UNIT_NO = re.compile(r"(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,2})单元"
                      + r"|" + _DASHED_BEFORE + r"\d{1,2}-(\d{1,2})" + _DASHED_AFTER)


def unit_numbers(text: str) -> frozenset[int]:
    """The unit numbers ``text`` writes (2单元, 二单元, the 2 of 5-2)."""
    return frozenset(int(number(m.group(1) or m.group(2))) for m in _UNIT_NO.finditer(text))


# a zone or a phase of a large estate ("阅海万家D区", "A区D区应该不是一个换热站", "悦澜府3期"): its own
# heating station, lifts and pipes, as a building has its own (two zones' cold flats are two matters)
_ZONE = re.compile(r"(?<![A-Za-z])([A-Ha-h])区|(?<![\d一二三四五六七八九十第])(\d|[一二三四五六七八九])期(?![间限货])")


def zones_of(text: str) -> frozenset[str]:
    """The zone or phase of an estate ``text`` writes first (D区 → D, 3期 and 三期 → 3): the
    writer's own, named before any other it is likened to ("A区暖气还是温的，D区都修好了")."""
    m = _ZONE.search(text)
    if m is None:
        return frozenset()
    return frozenset({m.group(1).upper() if m.group(1) else str(int(number(m.group(2))))})


def building_numbers(text: str) -> frozenset[int]:
    """The building numbers ``text`` writes (五号楼 and 5号楼 alike)."""
    return frozenset(int(number(m.group(1) or m.group(2))) for m in _BUILDING_NO.finditer(text))
