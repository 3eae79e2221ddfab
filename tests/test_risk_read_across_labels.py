"""Look-alike words read across a word's boundary or in the hotline's label (fourth session of 2026-12-05, risk-masks).

Continues tests/test_risk_read_across.py (女主 in 女主人). A look-alike word found inside a longer word, or in the label a
work order opens with, cancelled the danger told beside it:
- 直排 (a discharge complained of, a direct-vent heater) inside 一直排 (a works that keeps discharging);
- 直排式, the direct-vent heater itself, is the danger, as 直排式热水器 already was;
- 男主 (a show's hero) inside 男主人 (the man of the house, as a neighbour or the hotline names him);
- 工单 (a work order's load: 一天要回两百个工单) as the hotline's label of the order it relays (【工单】, 12345工单, 紧急工单);
and 砸 inside 摔砸声 (the noise of a quarrel heard through a wall) read as something falling on the child heard crying.
Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

TOLD = [
    ("工业园那家厂子夜里一直排黄烟，村里好几个老人嗓子疼得说不出话", "safety_hazard"),
    ("出租屋卫生间里的燃气热水器是直排式的，洗澡洗到一半头晕得站不住", "safety_hazard"),
    ("对门男主人又喝醉了，半夜把老婆按在地上打，孩子吓得直哭", "minor_domestic"),
    ("【工单】市民反映某小区自来水有股怪味，楼里十几户喝了以后上吐下泻，请卫健部门处置", "medical"),
]


@pytest.mark.parametrize(("text", "kind"), TOLD)
def test_a_danger_beside_a_word_read_across_is_raised(det: RiskDetector, text: str, kind: str) -> None:  # noqa: F811
    got = raised(det, text)
    assert kind in got
    assert not got[kind]["possible"]  # certain, as the patterns read it


def test_a_shows_hero_stays_a_look_alike(det: RiskDetector) -> None:  # noqa: F811
    assert raised(det, "这部剧的男主被人打得好惨，看得我直哭") == {}


def test_the_noise_of_smashing_drops_nothing_on_the_child(det: RiskDetector) -> None:  # noqa: F811
    got = raised(det, "隔壁屋里传出摔砸声和孩子的哭喊声，一晚上没停")
    assert "minor_domestic" in got
    assert "safety_hazard" not in got
