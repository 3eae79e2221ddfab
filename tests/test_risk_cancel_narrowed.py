"""What an exception word or a laugh beside a danger may silence (risk-cancel, eighth session of 2026-12-05).

An `unless` word in the clause before a hit is the topic the hit is told under (烧烤摊…，烟大得很): it frames the hit. A
hit whose own clause tells its time as now (今天, 现在, 刚才…) or someone acted on (教练把孩子…) is told for itself: the
matter of the clause before is where the writer came from, not what the danger is about, and it frames nothing, for the
patterns and for the model's guess alike. A laugh a clause further on makes a joke of words said (a cry, a threat), not of
harm told done to someone, where it is as often scorn. A degree word whose complement is told plainly (吵得很凶, 水急得很)
or as what was said in anger (气得说明天…) is no figure of speech. Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector, normalise


@pytest.mark.parametrize(("kind", "text"), [
    ("medical", "社保卡补办的事跑了三趟还没办下来，刚才我妈在厨房晕倒了"),
    ("medical", "我奶奶有哮喘，外面雾霾特别大，现在喘得说不出话了"),
    ("minor_domestic", "带娃去游泳班，教练把孩子头按水里不让起来"),
])
def test_a_danger_told_now_is_not_framed_by_the_clause_before(det: RiskDetector, kind: str, text: str) -> None:
    assert kind in raised(det, text), text


def test_a_scornful_laugh_after_a_child_harmed_silences_nothing(det: RiskDetector) -> None:
    text = "对门天天把他家五岁的娃关在阳台上，冻得直哆嗦，哈哈这种人也配当爹"
    flag = raised(det, text)
    assert "minor_domestic" in flag and not flag["minor_domestic"]["possible"], text


@pytest.mark.parametrize("text", [
    # the topic before frames a hit told with no time of its own
    "隔壁邻居在院子里烤全羊，烟大得很，说是过年请客",
    "报了个游泳班，教练很负责，娃学得挺快",
    # a danger told now, but watched in a film: still relayed
    "看了个电视剧，现在那个女主晕倒了，好虐",
    # a degree told by its effect is still a figure
    "楼上装修吵得我想跳楼",
    "被领导当众批评了一顿，气得说不出话",
    # a laugh a clause further on still jokes about words said
    "熊孩子又在墙上乱画，我说再画我打死你 他冲我做了个鬼脸 哈哈",
])
def test_look_alikes_stay_quiet(det: RiskDetector, text: str) -> None:
    assert not raised(det, text), text


def test_what_was_said_in_anger_is_no_figure(det: RiskDetector) -> None:
    text = "娃在学校被人打了，他爸气得说明天拿刀去学校找那家人"
    assert "threat" in raised(det, text), text


@pytest.mark.parametrize(("text", "figure"), [
    ("两个村的人都跑到镇政府了，现在大院里全是人，吵得很凶", False),
    ("河滩上几个娃在耍水，水急得很", False),
    ("楼上装修吵得我想跳楼", True),
])
def test_a_degree_told_plainly_is_no_figure(det: RiskDetector, text: str, figure: bool) -> None:
    assert bool(det.matcher.walk(normalise(text)).hypers) is figure, text
