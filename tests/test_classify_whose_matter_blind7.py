"""Which office a matter is, second round (the blind7 round, 2026-12-03, second session).

Sentences of our own, each beside a look-alike in the same words where one exists, read by the
lexicon alone (the cues) and as a fresh install reads it (the shipped models beside it).
"""

from __future__ import annotations

import pytest

from monitor.classify import Classifier
from tests.classifiers import cues, fresh  # noqa: F401 (fixtures)


@pytest.mark.parametrize(("text", "domain"), [
    # a swindle told by whom the swindler pretended to be: the office named is only the bait
    ("有人打电话自称社保局的，说我社保卡要停用，让我把钱转到安全账户", "公共安全"),
    # a man who films or gropes women and children: the police's, on a bus or at a school gate
    ("地铁口那个男的天天拿手机对着女学生偷拍", "公共安全"),
    # gambling, renting out bank cards, carbon monoxide, a rescue to be rewarded
    ("村里有人在自家院子里聚赌，来的都是开车来的外地人", "公共安全"),
    ("有人在学校附近高价收银行卡，说是跑分用的，这犯法吗", "公共安全"),
    ("烧炕的人家每年冬天都有煤气中毒的，能不能宣传一下", "公共安全"),
    ("我爸下河救了个小孩，能申请见义勇为吗", "公共安全"),
    ("网上买东西被人骗了八百块，这种要去哪报案", "公共安全"),  # reporting a crime, however asked
])
def test_whose_matter_it_is(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


@pytest.mark.parametrize(("text", "domain"), [
    ("社保卡丢了怎么补办，要带什么材料", "劳动和社会保障"),  # the office itself, no swindle told
    ("公交车司机开得太猛了，老人都站不稳", "交通"),  # a bus, nobody harassed
    ("学校门口的文具店卖刀片，孩子们天天买", "教育"),  # a school gate, nobody harassed
])
def test_their_look_alikes(cues: Classifier, fresh: Classifier, text: str, domain: str) -> None:
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == domain, got.evidence["domain"]


@pytest.mark.parametrize("text", [
    "又接到诈骗电话了，冒充供电公司说我家欠电费要断电",
    "坐公交车的时候有人对我动手动脚，司机也不管",
])
def test_the_frames_in_a_short_post(cues: Classifier, text: str) -> None:
    """The lexicon files these by the frame; a fresh install's shipped domain model may still overrule
    it in a short post (it reads 供电公司 and 公交车 as their offices' at a margin over .5): letting every
    frame stand against it read the written sets worse (6,554 -> 6,549: the 医保 frame's posts)."""
    got = cues.classify(text)
    assert got.domain == "公共安全", got.evidence["domain"]


def test_an_illness_that_spreads_at_a_school_is_the_health_authoritys(cues: Classifier) -> None:
    """In the lexicon, the school is the setting (a short post's domain the shipped model may still
    read as the school's: it reads the setting's words, not whose matter they are)."""
    got = cues.classify("我们班好几个同学得了水痘，学校还让大家照常上课，老师也不通知家长")
    assert got.domain == "卫生健康", got.evidence["domain"]
    assert any(f["frame"] == "学校里的传染病" for f in got.evidence["domain"].get("frames", ()))


@pytest.mark.parametrize("text", [
    "考研的成绩什么时候出来？",
    "教资面试报名入口什么时候开",
    "想考教师资格证，普通话要几级",
])
def test_the_exams_beyond_school_are_the_education_systems(cues: Classifier, fresh: Classifier, text: str) -> None:
    """Named things with no word before (a wrong 其他: unroutable at the hub), one family at a time."""
    for clf in (cues, fresh):
        got = clf.classify(text)
        assert got.domain == "教育", got.evidence["domain"]
