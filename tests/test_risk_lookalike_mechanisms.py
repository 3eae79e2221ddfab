"""Look-alikes read by mechanism (eighth session of 2026-12-04): why a danger's words were used, not which words.

- The act named as the bare topic of a verdict or a definition (打老婆是不对的; 打娃到底管不管用; 同归于尽是什么意思;
  家暴零容忍): the hit opens its clause and the verdict follows it at once, so the act is talked about and told of
  nobody; the model reads it so too. Told of someone (他天天打孩子，这样不好吧; 我老公打孩子不对吗) or quoted from
  someone's own words (你发的"不想活了"是什么意思) it stands.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

RAISED = [  # (mechanism, text, kind): raised for certain
    ("a verdict a clause after a beating told", "他天天打孩子，这样不好吧", "minor_domestic"),
    ("a verdict asked of someone's beating", "我老公打孩子不对吗，昨天又打了", "minor_domestic"),
    ("the meaning of someone's own words asked", "你昨晚发的“不想活了”是什么意思？你现在在哪", "self_harm"),
    ("a definition asked, then the act told", "跳楼是什么意思啊，我弟弟刚才说要跳楼", "self_harm"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), RAISED, ids=[x[0] for x in RAISED])
def test_a_danger_told_stays_certain(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["possible"], (mechanism, det.detect(text))


QUIET = [  # (mechanism, text, kind): not raised at all (the model quiet too)
    ("a verdict on the act", "打老婆是不对的，咱们村得好好宣传", "minor_domestic"),
    ("a slogan against the act", "家暴零容忍，转发支持", "minor_domestic"),
    ("whether the act works, asked", "集体上访有用吗 想问问过来人", "mass_incident"),
    ("an opinion's opening before the verdict", "我觉得打娃真的不好，讲道理比啥都强", "minor_domestic"),
    ("a definition of a longer word begun by the hit", "同归于尽是什么意思，语文作业要造句", "threat"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), QUIET, ids=[x[0] for x in QUIET])
def test_a_lookalike_is_read_by_its_mechanism(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))
