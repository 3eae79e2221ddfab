"""Look-alikes by mechanism, session of 2026-12-05 (risk-lookalikes): posts that tell a danger already answered.

- **The answer praised or thanked at the close.** A post that ends with a thanks (…，谢谢; 感谢工作人员 as its last
  clause) or praises the handling (医生很专业, 效率很高, 处理得很快, 好人多) thanks those who answered, as a thanks
  naming them does: the arrival or rescue it tells (十分钟就到了, 找到了, 接好了, 来看过了, 送去急诊) settles what came
  before it, for every kind but 轻生 (a farewell thanks too). A thanks after a request only (请快点来，谢谢) settles
  nothing; nor does a rescue after which the post tells what is still so or asks what to do now (来看过了，还是有味;
  送去急诊了，现在还没醒; …现在该做什么), nor an arrival only promised (说马上就到了).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

SETTLED = [  # (mechanism, text, kind): no longer raised
    ("an ambulance on time, the crew praised, a closing thanks",
     "昨天夜里我妈在厨房晕倒了，打了急救电话十分钟就到了，医生很专业，谢谢", "medical"),
    ("a lost child found, the staff thanked at the close", "逛超市的时候儿子走丢了一会儿，广播了以后找到了，感谢超市的工作人员",
     "minor_domestic"),
    ("a sagging wire mended the same day, the speed praised", "我们巷子口垂下来的那根电线，电力的师傅当天就来接好了，效率很高",
     "safety_hazard"),
    ("a smell checked and found harmless, a closing thanks",
     "前天厨房里闻到一股煤气味，燃气公司的人上门来看过了，说一切正常，谢谢", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), SETTLED, ids=[x[0] for x in SETTLED])
def test_an_answered_danger_praised_is_settled(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text, kind): still raised
    ("a thanks after a request, no answer told", "我爸刚才晕倒了，叫了急救，到现在还没到，麻烦快点，谢谢", "medical"),
    ("a checked smell that is still there", "楼道里煤气味很重，燃气公司来看过了，还是有味，谢谢", "safety_hazard"),
    ("taken to the emergency room, still unconscious", "我爸晕倒了 送去急诊了 现在还没醒 谢谢大家", "medical"),
    ("praise wished for, the sparks still flying", "配电箱一直在冒火花，希望电工来得很快，谢谢", "safety_hazard"),
    ("a child still missing, a thanks to those who share", "我家娃在公园走丢了，两个小时了还找不到，谢谢大家帮忙转发",
     "minor_domestic"),
    ("a farewell's thanks is never a rescue's", "药已经吃下去了，医生很专业也没用，谢谢这些年照顾我的人", "self_harm"),
    ("an ambulance only promised, what to do asked", "我爸刚才倒在客厅叫不醒，急救中心说马上就到了，现在该做什么，谢谢", "medical"),
    ("a fitter's arrival only reported", "单元门口一股很冲的煤气味，燃气公司的人说很快就到了，谢谢", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), STANDS, ids=[x[0] for x in STANDS])
def test_a_danger_not_answered_stands(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))
