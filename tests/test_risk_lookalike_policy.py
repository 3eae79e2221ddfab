"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): a policy's suicide clause read on someone else's behalf.

- 自杀 asked about beside insurance is how some who weigh their own death ask (自杀的话意外险赔不赔？我想给我闺女留点钱), and
  how citizens ask about a clause in a parent's or a customer's policy: 帮我爸看他的寿险合同，里面写自杀两年内不赔; 我是做保险
  的，客户问意外险保不保自杀. With the policy read for a parent, a customer or the family and nothing of the writer's own
  end, debt or plight anywhere in the post, the hit is cancelled and the model's guess stays quiet
  (`context._clause_for_another`).
- The writer's own plan beside the question (留点钱, 受益人, 要是我没了) keeps it, whoever else's policy is named.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

FOR_ANOTHER = [  # (mechanism, text): no 轻生 raised
    ("a parent's policy read", "帮我爸看他的寿险合同，里面写自杀两年内不赔，这个是行业通用的吗"),
    ("a customer's question", "我是做保险的，客户问意外险保不保自杀，条款一般怎么写"),
]


@pytest.mark.parametrize(("mechanism", "text"), FOR_ANOTHER, ids=[x[0] for x in FOR_ANOTHER])
def test_a_clause_read_for_another_is_no_cry(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("the writer's own plan", "请问自杀的话意外险赔不赔？我想给我闺女留点钱"),
    ("a parent's policy, the writer's own end beside it", "我在帮我妈看保单，要是我没了，受益人能改成她吗，自杀赔不赔"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_the_writers_own_end_beside_a_policy_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))
