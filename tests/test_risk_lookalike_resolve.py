"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): a resolve whose object is an everyday decision.

- 谁也别拦我, 别劝了 and their kin are how a farewell is told, and how a decision about a job, a study, a purchase or a
  holiday is announced (下个月就辞职，谁也别拦我; 今年我要备考…，谁都别劝我). With such a decision named in the post, the
  resolve's own hit is cancelled and the model's 轻生 guess stays quiet beside it (`context._RESOLVE`, `_DECISION`).
- A cry, a means or a place beside it is read on its own (老板逼我辞职，我真的不想活了; …今晚就去黄河大桥), and a farewell
  told as a sign of real danger (别找我 beside nothing else) is no resolve about a decision.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

DECIDED = [  # (mechanism, text): no 轻生 raised
    ("quitting a job", "这破班我是一天也不想上了，下个月就辞职，谁也别拦我"),
    ("studying for an exam", "今年我要备考注册会计师，谁都别劝我"),
]


@pytest.mark.parametrize(("mechanism", "text"), DECIDED, ids=[x[0] for x in DECIDED])
def test_a_resolve_about_a_decision_is_no_farewell(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("a cry beside the decision", "老板逼我辞职，我真的不想活了，谁也别拦我"),
    ("a place beside it", "工作辞了，钱也没了，今晚就去黄河大桥，谁也别拦我"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_cry_beside_a_resolve_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))
