"""Look-alikes by mechanism, fourth session of 2026-12-05 (risk-looks): a crowd's lawful step, its procedure asked.

- A group that asks how to take a lawful step (一起去人社局问问，需要带什么材料; 联名信有格式要求吗) tells a crowd in the
  words crowds are told in (联名, 一起去, 三十多户). With such a step (仲裁, 劳动争议, 联名信, 建议书, 劳动局, 劳动监察,
  人社局, 法律程序, 起诉) and its procedure asked (格式, 流程, 材料, 怎么申请, 需要带, 可以吗, 对吗, 怎么办), and nothing
  anywhere of an office pressed (上访, 信访, 去市里/省里/北京, 门口, 堵, 围, 坐, 讨说法, 横幅, 手印, 签字, 包车, 汽油,
  一起去 an office other than the labour bureau…), the crowd's hits are cancelled and the model's guess stays quiet
  (`looks.lawful_step_asked`).
- A joint letter signed and thumb-printed before a trip to the city government, or arbitration papers beside petrol,
  keep it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

LAWFUL = [  # (mechanism, text): no crowd raised (each raised for certain before this check)
    ("the labour bureau asked about", "我们车间七个人工资都被拖了，想一起去人社局问问，需要带什么材料"),
    ("a joint letter's format", "小区三十多户想给街道写联名信反映停车难，联名信有格式要求吗"),
]


@pytest.mark.parametrize(("mechanism", "text"), LAWFUL, ids=[x[0] for x in LAWFUL])
def test_a_lawful_step_asked_is_no_crowd(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "mass_incident" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): the crowd still raised
    ("a petition pressed", "我们三十多户已经联名签字按了手印，下周一起去市政府，联名信格式对吗"),
    ("papers beside petrol", "几十个工人准备一起去开发商办公室，仲裁材料都准备好了，再不给钱就带汽油去"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_crowd_pressing_an_office_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "mass_incident" in raised(det, text), (mechanism, det.detect(text))
