"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): a child told content or praised.

- Parents tell how their child is doing in the words harm at home is told in (孩子, 奶奶家, 老师, 幼儿园), and the model
  reads those words as harm: 孩子在外婆家住了半个月，天天打视频，乖得很. With the child told content or praised (乖得很,
  玩疯了, 抢着去, 很有耐心, 背会了) and nothing harsh, fearful or sad told anywhere in the post, the model's 未成年人/家暴
  guess stays quiet (`context._content_child`).
- Harm at home is told beside a child's good nature too (平时很乖，最近一听见他爸开门就躲; 挺乖的孩子，胳膊上全是紫印子):
  a blow, a wound, fear, hiding, hunger or tears anywhere in the post keeps the guess.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.context import _content_child

CONTENT = [  # (mechanism, text): the child's contentment is what the post tells
    ("praised while away", "寒假孩子在外婆家住了半个月，天天跟他爸爸打视频，乖得很"),
    ("a patient teacher", "女儿上小学以后的班主任很有耐心，孩子每天放学回家都跟我讲老师的事"),
    ("something learnt", "幼儿园老师教了儿歌，孩子回家给爷爷奶奶背会了"),
]


@pytest.mark.parametrize(("mechanism", "text"), CONTENT, ids=[x[0] for x in CONTENT])
def test_a_child_told_content_is_no_harm(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): harm told beside a child's good nature; the praise is no reason to keep quiet
    ("hiding beside the praise", "孩子平时可乖了，最近一听见他爸开门就往床底下躲"),
    ("bruises beside the praise", "挺乖的一个孩子，胳膊上全是紫印子，问他也不说"),
    ("hunger beside play", "娃在楼下玩疯了也没人叫回家，两天没吃饭了"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_harm_beside_praise_is_not_read_as_content(det: RiskDetector, mechanism: str, text: str) -> None:
    assert _content_child(text) is None, mechanism
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
