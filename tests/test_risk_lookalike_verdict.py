"""Look-alikes by mechanism, session of 2026-12-05 (risk-lookalikes): a post closed by the writer's own content verdict.

- The writer who ends a post on a verdict that what it told is fine (…，挺好; 挺热闹; 但很有意义; 变化真大) tells no
  danger: the verdict, as the post's last clause, settles its sentence for every kind but 轻生 (a farewell closes content
  too) and harm done to a person (a beating is never fine). Not when a sign of real danger of the kind is told (被困, 出不来),
  not after neglect or a danger going on told in its sentence (物业不管，挺好; 一直在晃…挺好: irony), and never 值了 (a
  threat's price) or 真好 alone (irony).
- Relief reached after a task told finished just before it (答辩完，终于解脱了; 期末考完了 解脱了) is a relief told done,
  not the result an ending would bring: 就 tells a condition met later (跳下去就解脱了, 等考完我就解脱了) and stays.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

SETTLED = [  # (mechanism, text, kind): no longer raised
    ("workers resting in the heat, a humane rule", "高温天工地下午停工了，工人们都在阴凉地里歇着喝茶，挺人性化的", "mass_incident"),
    ("toy blocks fallen, a child pleased", "儿子搭的积木城堡一碰全倒下了，他自己乐得不行，挺开心", "medical"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), SETTLED, ids=[x[0] for x in SETTLED])
def test_a_post_closed_content_is_settled(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text, kind): still raised
    ("neglect before the verdict: irony", "楼道里的电线老化了一直冒火花，物业就是不管，挺好", "safety_hazard"),
    ("a farewell closes content too", "绳子已经挂好了，一个人待着，挺好的", "self_harm"),
    ("a threat's price", "明天开车去广场人多的地方，撞死几个也值了", "threat"),
    ("someone trapped, the verdict ironic", "电梯卡在两层中间，里面的人出不来，物业说明天来，挺好", "safety_hazard"),
    ("a beating is never fine", "我家孩子在学校被老师打了，校长说会处理，挺好", "minor_domestic"),
    ("a danger going on, the verdict ironic", "小区门口的塔吊一直在晃，底下的工人还在干活，挺好", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), STANDS, ids=[x[0] for x in STANDS])
def test_a_verdict_beside_danger_settles_nothing(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))


RELIEF = [  # (mechanism, text, raised): whether 轻生 is raised
    ("a thesis defended, relief reached", "论文答辩完，终于解脱了，晚上去撸串", False),
    ("a term's exams over, relief reached", "这学期最后一门考完了 总算解脱了 明天睡到中午", False),
    ("relief as the result of a fall", "站在天台上想，跳下去就解脱了", True),
    ("relief promised after the exams", "等考完我就解脱了，到时候谁也别找我", True),
]


@pytest.mark.parametrize(("mechanism", "text", "flagged"), RELIEF, ids=[x[0] for x in RELIEF])
def test_relief_reached_after_a_task_is_no_cry(det: RiskDetector, mechanism: str, text: str, flagged: bool) -> None:
    assert ("self_harm" in raised(det, text)) is flagged, (mechanism, det.detect(text))
