"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): a question asked ahead of need, its purpose told.

- A citizen who asks about a hazard or an emergency and says the question is asked ahead (想存手机里备用, 提前问问心里有底,
  有没有使用建议, 想了解一下收费标准, 求专业回答) seeks knowledge before anything happened: the hit is cancelled for
  hazards and emergencies (`context._ahead`), and the model's guess of the kind stays quiet beside it.
- Not when the hit's sentence tells something now (刚才, 突然, 现在…), nor beside a sign of real danger of the kind; and
  not for 轻生 or harm at home, which are veiled as questions for a friend or about the terms.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

AHEAD = [  # (mechanism, text, kind): no longer raised
    ("ready for a faint", "家里老人有高血压，晕倒了该叫120还是直接去医院？提前问问心里有底", "medical"),
    ("advice on a heater", "电暖器放在床边会不会着火？有没有使用建议", "safety_hazard"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), AHEAD, ids=[x[0] for x in AHEAD])
def test_a_question_asked_ahead_is_no_danger(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


NOW = [  # (mechanism, text, kind): still raised
    ("a smell told now", "厨房的燃气管子刚才一直有味，抢修电话是多少？想存手机里备用", "safety_hazard"),
    ("a faint told now", "我爸刚才突然晕倒了叫不醒，该叫120还是直接去医院？提前问问心里有底", "medical"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind"), NOW, ids=[x[0] for x in NOW])
def test_a_danger_told_now_beside_the_question_stays(det: RiskDetector, mechanism: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))
