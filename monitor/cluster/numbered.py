"""Places named by a number or by their role: numbered schools and hospitals, bus lines, the city's
one 总医院 or 火车站.

Citizens write a numbered school or hospital whole or short (第二十一小学 = 二十一小, 第一人民医院 =
一院) and a bus line by its number (26路, 公交102, 坐102): each is filed under one key however it is
written, qualified by the county it belongs to when one is written (贺兰一中 is no 永宁一中). A
short form counts only where it cannot be a quantity (一小时, 三中午). A hospital or station the
city has one of is named by its role alone (总院, 附院, 汽车站). Pure functions over the text.
"""

from __future__ import annotations

import re

from monitor.cluster.place_keys import _add, W_AREA, W_STEM
from monitor.cluster.place_words import _CJK, STOP_CHARS
from monitor.cluster.word_lists import name_word_lists
from monitor.core.alternation import longest_first

# numbered schools and hospitals, written whole or short (第二十一小学 = 二十一小, 第一人民医院 = 一院)
_NUMBERED = re.compile(r"(第)?([一二三四五六七八九十百零〇两\d]{1,4})(小学|中学|完小|小|中|人民医院|医院|院|幼儿园)"
                       r"(?![时分钟点号年月日天周次个层楼栋元块岁里米度以组区队部段期])")
# bus lines (26路公交, 7路车): a line is a place of its own for a bus problem
# a number in digits before 路 is a line whatever follows (38路改线, 36路末班车, 12路司机): a
# city's roads are named, not numbered; in Chinese numerals only before a word for the bus (一路 is
# "all the way")
_BUS_LINE = re.compile(r"(?<![\d一二三四五六七八九十])(?:([\d]{1,3}|[一二三四五六七八九十]{1,3})路(?=公交|车|大巴|班车)"
                       r"|(\d{1,3})路(?![口段面灯边旁以东西南北中]))")
# a line written by its number alone, as riders say it: after 公交 or a verb of riding (公交102, 等了
# 102半小时, 坐102) or before what a line does (102改线, 102原线路, 102临时线路, 102末班): never a
# number of minutes, money, floors or houses
_BUS_BARE = re.compile(r"(?:公交车?|(?<=[坐等乘搭换])了?)(\d{1,3})(?![\d.分元号个天块米岁斤年次人层楼路点站%％栋单户家小])"
                       r"|(?<![\d.])(\d{1,3})(?=(?:原|临时)?(?:改线|线路|改道|停运|末班|首班|司机|公交))")


# a hospital a city has one of, named by its role alone (总医院, 医大总院, 附院, 中医院): one key
# however written, and the same spot as any hospital whose name ends with it (医科大学总医院)
# Stations likewise (火车站, 汽车南站: a city has one of each), and the 人民医院 when no number
# says which (第一人民医院 is 一院)
# (the medical university's 附属医院, 附院, is the city's 总医院: a city with one medical university
# has one, and its citizens call it by either)
ROLE_HOSPITALS = {"总医院": "总医院", "总院": "总医院", "附属医院": "总医院", "附院": "总医院",
                  "中医医院": "中医医院", "中医院": "中医医院", "妇幼保健院": "妇幼保健院",
                  "儿童医院": "儿童医院", "肿瘤医院": "肿瘤医院", "口腔医院": "口腔医院", "眼科医院": "眼科医院",
                  "人民医院": "人民医院", "火车站": "火车站", "高铁站": "火车站", "汽车站": "汽车站",
                  "客运站": "汽车站", "汽车南站": "汽车南站", "汽车北站": "汽车北站", "汽车东站": "汽车东站",
                  "汽车西站": "汽车西站", "火车东站": "火车东站"}
COUNTY_UNITS = ("县", "镇", "乡", "市")  # 贺兰县中医医院 is the county's own, no 中医医院 of the city
_OWNER = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]")
_ROLE_KEYS = frozenset(ROLE_HOSPITALS.values())  # found by their pattern, never learnt as names
_ROLE_HOSPITAL = re.compile(longest_first(ROLE_HOSPITALS))
SCHOOL_NEXT = frozenset("门校对附旁周学的，。、 老那这放站")  # 三中站: the bus stop named after the school
_NUMERALS = frozenset("一二三四五六七八九十百零两0123456789")
_KIND = {"小学": "小", "完小": "小", "小": "小", "中学": "中", "中": "中", "人民医院": "院", "医院": "院",
         "院": "院", "幼儿园": "幼"}


def numbered_places(text: str, city_names: frozenset[str] = frozenset(),
                    counties: frozenset[str] | None = None) -> dict[str, float]:
    """Numbered schools and hospitals and bus lines, one key however written (二十一小, 一院, 26路).

    A short form counts only when it cannot be a quantity: "第…" before it, or a number of two
    characters or more ("二十一小"), or 院 after a single numeral ("一院"); "一小时", "三中午"
    are excluded by the character after it.
    """
    out: dict[str, float] = {}
    for m in _NUMBERED.finditer(text):
        first, num, kind = m.group(1), m.group(2), m.group(3)
        short = kind in ("小", "中", "院")
        named = any(text.endswith(c, 0, m.start()) for c in city_names)  # 银川二中, 兴庆区二中
        if short and not first and len(num) < 2 and kind != "院" and not named and not (
                text[m.end():m.end() + 1] in SCHOOL_NEXT and text[m.start() - 1:m.start()] not in _NUMERALS):
            continue  # 二中 only before 门口/校门/的…: "一中午", "三小时" are no school
        if kind == "院" and not first and text[m.start() - 1:m.start()] not in ("", "市", "区", "县", "到", "在", "，"):
            continue
        out[f"{_qualifier(text, m.start(), city_names, counties)}{num}{_KIND[kind]}"] = W_AREA
    for m in _BUS_LINE.finditer(text):
        out[f"{m.group(1) or m.group(2)}路公交"] = W_AREA
    for m in _BUS_BARE.finditer(text):
        out[f"{m.group(1) or m.group(2)}路公交"] = W_AREA
    for m in _ROLE_HOSPITAL.finditer(text):
        if text[m.start() - 1:m.start()] in _NUMERALS | {"第"}:
            continue  # 第一人民医院: the number says which, numbered_places files it
        # a county's or town's own (贺兰县中医院, K7县妇幼保健院), written with its 县/市/镇; never a
        # name before it (医大总院, 宁夏医科大学总医院 are the 总医院). A role names a place less
        # surely than a name (a province has many 妇幼保健院): it places, it does not pin
        unit = text[m.start() - 1:m.start()]
        own = ""
        if unit in COUNTY_UNITS:
            j = m.start() - 1
            while j > 0 and m.start() - 1 - j < 4 and text[j - 1] not in STOP_CHARS and _OWNER.match(text[j - 1]):
                j -= 1
            own = text[j:m.start() - 1]
            own = own if own not in city_names and own + unit not in city_names else ""
        _add(out, (own + unit if own else "") + ROLE_HOSPITALS[m.group(0)], W_STEM)
    return out


_NUMBERED_KEY = re.compile(r"^[一二三四五六七八九十百零〇两\d]{1,4}[小中院幼]$")  # a city's numbered school


def _qualifier(text: str, start: int, city_names: frozenset[str], counties: frozenset[str] | None = None) -> str:
    """The town or county a numbered school or hospital belongs to, when one is written before it
    (洪桥镇一中, 贺兰县一中, 贺兰一中 → 贺兰); nothing for the city's own (银川二中, 市第一人民医院),
    nor for a part of the city named before it (丽景五小, 丽景街第三小学: the city's numbering is
    one, and neighbours call it 五小): a name before the number qualifies it only when written
    with its 县/镇/乡/市 or when it is a county of ``counties`` (all names, when not given)."""
    raw = text[max(0, start - 4):start]
    before = raw.rstrip("县区市镇乡")
    with_unit = len(before) < len(raw) and not raw.endswith("区")
    name = ""
    for ch in reversed(before):
        # a county may be written by a code (K7县一中: letters published with their places masked)
        if ch in STOP_CHARS or not (_CJK.match(ch) or ch.isascii() and ch.isalnum()) or len(name) == 2:
            break
        name = ch + name
    if len(name) < 2 or name in city_names or any(c.endswith(name) for c in city_names):
        return ""
    if name in name_word_lists()[0]:
        return ""  # "上次反映十二小…": a verb before the school is no county of it
    if counties is not None and not with_unit and name not in counties:
        return ""  # a part of the city: its school is the city's
    return name


