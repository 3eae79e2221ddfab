"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): a fire risk named as the ground of someone's ban.

- 火灾隐患 and an e-bike in a lift are how a hazard is reported, and how citizens question a rule that binds them: 物业不让，
  说有火灾隐患，这事到底谁说了算; 宿管说有火灾隐患不让用，那咋取暖; 电瓶车推进电梯被保安拦了…这个规定是谁定的. The hazard is
  what the ban already answers. With the risk named as the ground of someone's ban or worry (or a ban beside what it bans
  for fire), a question about the rule, and no hazard told as present or persisting anywhere, the hazard's hits are
  cancelled and the model's guess stays quiet (`context._ban_asked`).
- A ban flouted (还是照样拉线充电) or a hazard seen (昨天楼道里那辆就冒烟了) keeps it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector, normalise
from monitor.classify.risk.context import _ban_asked

BANNED = [  # (mechanism, text): no 安全隐患 raised
    ("a charger refused", "想在楼下给电动车装个充电插座，物业不让，说有火灾隐患，这事到底谁说了算"),
    ("a heater refused", "宿舍冬天太冷，我们买了个小电暖器，宿管说有火灾隐患不让用，那咋取暖"),
    ("a lift refused", "电瓶车推进电梯被保安拦了，说是有消防隐患，这个规定是谁定的？"),
]


@pytest.mark.parametrize(("mechanism", "text"), BANNED, ids=[x[0] for x in BANNED])
def test_a_ban_questioned_is_no_hazard_report(det: RiskDetector, mechanism: str, text: str) -> None:
    assert _ban_asked(normalise(text)) is not None, mechanism
    assert "safety_hazard" not in raised(det, text), (mechanism, det.detect(text))


def test_a_ban_flouted_is_not_read_as_a_question_about_it() -> None:
    """The ban told broken (还是照样拉线充电) is a hazard going on, not a rule asked about."""
    assert _ban_asked(normalise("物业贴了告示不让电动车进楼，可三楼那家还是照样拉线在楼道里充电，谁管？")) is None


def test_a_hazard_seen_beside_the_ban_stays(det: RiskDetector) -> None:
    """Smoke seen beside the ban (昨天楼道里那辆就冒烟了) is the hazard itself: it stays raised."""
    text = "电动车进电梯被拦了，说有火灾隐患，可昨天楼道里那辆就冒烟了，规定有啥用"
    assert _ban_asked(normalise(text)) is None
    assert "safety_hazard" in raised(det, text), det.detect(text)
