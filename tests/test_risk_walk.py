"""The risk detector's two automata (daachorse double arrays: the words of ``risk.toml`` and the
model's n-grams) find what a plain search finds: every occurrence of every key, overlapping, by its
end and, at one end, the longest first (the order the rule check and the walk's first-wins read),
also in a long letter and in a text holding a lone surrogate, which UTF-8 cannot encode."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.text import normalise, walkable

ROOT = Path(__file__).resolve().parents[1]

# sentences of my own: a long letter, characters no key holds (鼋, 曌, 龘, ㈱, ©), an emoji, a lone surrogate
_FILLER = "我们小区的物业这几年换了三家，每一家都说会把路灯修好，可到现在还是黑的，老人晚上出门很不方便。"
_TEXTS = [
    _FILLER * 5 + "鼋曌龘这栋楼地下室一股很冲的煤气味，已经两天了，没人来查。",
    "龘㈱我实在撑不下去了，活着没什么意思，今晚就从桥上跳下去。©",
    "楼道里电瓶车着了😂不是开玩笑，烟特别大，孩子还在屋里",
    "他喝多了就打我跟孩子\ud83d，邻居报了警",
    "",
]


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector.load(ROOT / "config" / "risk.toml")


def _plain(keys: list[str], text: str) -> list[tuple[int, int, int]]:
    found = [(i, i + len(k), n) for n, k in enumerate(keys) for i in range(len(text)) if text.startswith(k, i)]
    return sorted(found, key=lambda hit: (hit[1], hit[0]))


@pytest.mark.parametrize("text", _TEXTS)
def test_automata_find_what_a_plain_search_finds(detector: RiskDetector, text: str) -> None:
    norm = normalise(text)
    for automaton, keys in ((detector.matcher._ac, detector.matcher.words),
                            (detector.learned._grams, detector.learned._gram_text)):
        assert automaton is not None
        assert automaton.find_overlapping(walkable(norm)) == _plain(keys, norm)


def test_lone_surrogate_is_walked_in_its_place(detector: RiskDetector) -> None:
    text = "地下室一股煤气\udc00味，管子\ud83d漏了"
    assert len(walkable(text)) == len(text) and "\ud83d" not in walkable(text)
    flags = detector.detect(text)
    # the same decision as for the text with those characters as another that no key holds
    plain = detector.detect(text.replace("\udc00", "鼋").replace("\ud83d", "鼋"))
    assert [(f["flag"], f["label"], f["possible"]) for f in flags] == [(f["flag"], f["label"], f["possible"]) for f in plain]
    assert flags, "a gas smell and a leak raise a flag"


# dates of my own, close together, at the ends, followed by 起 (since, not then), in a long letter
_DATED = [
    "2019年3月5日起就开始漏水，2020年又漏过一次，十年前修过，半年前物业说管，腊月二十三那天又坏了",
    "3月份和5月12日都反映过，正月初三也打过电话，两个多月前来看过，今年1月",
    "年月日月年1月2月3月4月5月6月7月8月9月10月11月12月起",
    _FILLER * 3 + "去年8月楼顶漏了，2018年12月28日修的，三个月前又裂了",
    "没有日期的一句话",
]


def test_dates_read_around_year_and_month_find_what_the_whole_text_search_finds() -> None:
    import re._parser

    from monitor.classify.risk.matching import _DATE, _DATE_WIDTH, _dates
    assert re._parser.parse(_DATE.pattern).getwidth()[1] <= _DATE_WIDTH
    for text in _DATED:
        norm = normalise(text)
        assert [(m.start(), m.end(), m.group()) for m in _dates(norm)] == \
            [(m.start(), m.end(), m.group()) for m in _DATE.finditer(norm)]


def test_cues_with_digits_tried_where_one_can_start_are_those_found_at_every_position(detector: RiskDetector) -> None:
    import re

    m = detector.matcher
    assert m._digit_cues is not None
    everywhere = re.compile("(?=" + m._digit_cues.pattern + ")")
    for text in ("我们村才3户人家，200多名工人堵在门口，还有12楼的30多个住户，孩子才5岁",
                 "10片安眠药吃了，楼上23层，才000", _FILLER * 2 + "一共180余人"):
        norm = normalise(text)
        found = [(at.start(), at.start() + len(at.group(1))) for at in everywhere.finditer(norm)]
        starts = [(at.start(), mt.end()) for at in m._digit_starts.finditer(norm)
                  if (mt := m._digit_cues.match(norm, at.start())) is not None]
        assert found == starts and found
