"""A threat dared on a lawful act, read so by the model too (fourth session of 2026-12-05, risk-masks).

The patterns read a threat promised on the writer's use of the law (谁敢去举报，就…; 再敢投诉就…) with the lawful words
as what the threat is about, not as a complaint's look-alike talk (`rules._dared`), and the model's own `[model.unless]`
does the same (`learned._not_the_writers_way`). The threat kind's `unless` (劳动仲裁, 仲裁: a worker's lawful step)
still silenced the model's guess when the lawful act was the dare's, so a foreman's threat told without a pattern's
word of harm (叫人在路上堵谁) reached nobody. Now the model skips a threat's `unless` word inside the dare as well.
Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

# a threat dared on a worker's lawful step, its harm told without a pattern's word
DARED = [
    "厂长在群里说，谁敢去劳动仲裁，他就叫人在下班路上堵谁，上个月已经有人被打了",
    "老板放话谁要是敢去仲裁，就让他在银川待不下去，还找了几个混混守在宿舍门口",
]


@pytest.mark.parametrize("text", DARED)
def test_a_threat_dared_on_arbitration_is_raised(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "threat" in raised(det, text)


# the worker's own lawful step, or a dare whose price is money: no threat
LAWFUL = [
    "我们几个准备去劳动仲裁，工头说随便，反正他也不怕",
    "老板说谁敢去申请劳动仲裁，工资就一分不发，我们只能忍着",
]


@pytest.mark.parametrize("text", LAWFUL)
def test_a_lawful_step_stays_quiet(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "threat" not in raised(det, text)
