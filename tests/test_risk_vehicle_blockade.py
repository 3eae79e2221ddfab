"""Vehicles counted by the tens or hundreds, or ridden, to block a place (fourth session of 2026-12-05, risk-masks).

车堵 (a traffic jam) is a crowd's ordinary setting: named beside a crowd's hit it cancels it, as a queue or a sale does
(`[kinds.mass_incident] unless`, an everyday source). Drivers or riders who block a square or a gate with their vehicles
are told with the same characters (上百辆出租车停在广场上堵着; 一群骑手骑着车堵了配送点), so their strike was read as a jam.
Vehicles counted by the tens or hundreds (十辆车堵, 百辆车堵, 多辆车堵, and of lorries and taxis) or ridden (骑着车堵) are now a
blockade, not a jam (`not_unless`, beside 停车堵住 and 老板的车堵); a few cars stuck at a school gate, or dozens in the rain,
stay a jam. Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

BLOCKADES = [
    "出租车全停运了，一百多辆车堵在火车站广场，司机们都下车聚着",
    "几十个外卖骑手骑着车堵在站点门口，说平台乱扣钱",
]


@pytest.mark.parametrize("text", BLOCKADES)
def test_a_blockade_by_vehicles_is_a_crowd(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "mass_incident" in raised(det, text)


JAMS = [
    "早高峰好几辆车堵在学校门口，家长接送太乱了",
    "下雨了，路上几十辆车堵着走不动",
]


@pytest.mark.parametrize("text", JAMS)
def test_a_jam_stays_a_jam(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert raised(det, text) == {}
