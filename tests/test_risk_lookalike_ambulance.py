"""Look-alikes by mechanism, fourth session of 2026-12-05 (risk-looks): an ambulance named as a service, no patient told.

- 120 and 救护车 are how an emergency is told, and how citizens praise drivers who make way for one, ask what a ride
  costs or whether a deposit is due, ask how two numbers differ, or ask for an access road to be planned. With such praise,
  a fee, a plan or a question told (点赞, 让行, 开道, 收费, 多少钱, 费用, 押金, 区别, 规划, 建议, 能不能…) and nobody told ill,
  hurt or waiting anywhere (晕, 倒, 喘, 血, 不行了, 醒, 急, 占线, 不通, 没来, 突然, a relative, 病人…) nor a fire lane
  blocked, the emergency's hits are cancelled and the model's guess stays quiet (`looks.ambulance_as_service`).
- Someone ill beside the ambulance, a call unanswered or a fire lane blocked keeps it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

SERVICE = [  # (mechanism, text): no emergency raised (each raised for certain before this check)
    ("drivers praised for making way", "120急救车一路开道，私家车纷纷让行，银川司机素质点赞"),
    ("a fee asked", "120救护车出车一次多少钱，医保能报销吗"),
    ("a deposit asked", "叫救护车要不要先交押金"),
]


@pytest.mark.parametrize(("mechanism", "text"), SERVICE, ids=[x[0] for x in SERVICE])
def test_an_ambulance_named_as_a_service_is_no_emergency(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "medical" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): the emergency still raised
    ("someone collapsed", "我爸突然倒在地上叫不醒，救护车能不能快点来"),
    ("a fire lane blocked", "小区消防通道停满了车，昨晚救护车都进不来"),
    ("a call not answered", "打了120半小时了还没来，能不能催一下"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_an_ambulance_with_a_patient_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "medical" in raised(det, text), (mechanism, det.detect(text))
