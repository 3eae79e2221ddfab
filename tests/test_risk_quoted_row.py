"""Words someone said, wrote or searched, quoted in a row (fourth session of 2026-12-05, risk-masks).

A short quote after a naming word (叫"燃烧瓶", 是"跳楼价") names a shop, a dish or a sale: it is masked as a look-alike
phrase. Two readings of that overreached. A quote right after another was masked whatever the first was, so in a row of
words someone said or posted (发“…”“…”, 称“……”“…”) every quote after the first was read as a name; and 是 after what
someone searched or wrote (搜索记录全是“…”, 留言写的是“…”) was read as naming. Now a quote in a row is read as the row's
first (a row of names stays one: 是“跳楼价”“大出血”), a quote too long for a name starts a row of speech, and 是 after a
search, a note or a saying is no naming word. Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.matching import _named_quotes

# words of an ending searched, posted or said, quoted one after another
SAID = [
    ("女儿平板里的搜索记录全是“吃多少药会死”“从几楼跳下去不疼”", "self_harm"),
    ("他最近老在朋友圈发“撑不住了”“下辈子见”，今天电话一直关机", "self_harm"),
    ("我翻到我弟的备忘录，写的是“活着没意思”“明晚去桥上跳下去”", "self_harm"),
]


@pytest.mark.parametrize(("text", "kind"), SAID)
def test_words_said_in_a_row_are_read(det: RiskDetector, text: str, kind: str) -> None:  # noqa: F811
    assert kind in raised(det, text)


def test_a_row_after_a_long_quote_is_speech() -> None:
    # the first quote, too long for a name, is what the caller said: the short one after it is said too
    norm = "来电人称“我知道你家孩子在哪上学”“出了事你们自己负责”"
    assert _named_quotes(norm) == []


# a row of names stays a row of names; a child's catchphrases told as talk stay masked as before
NAMES = [
    "店家说这批羽绒服是“跳楼价”“大出血”，结果比网上还贵",
    "这条街新开的两家店叫“辣翻天”、“炸裂鸡排”，排队的人特别多",
    "班里的小孩说话都是“不想活了”“笑死了”，都是网上学的口头禅，老师能不能管管",
]


@pytest.mark.parametrize("text", NAMES)
def test_a_row_of_names_stays_a_look_alike(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert raised(det, text) == {}
