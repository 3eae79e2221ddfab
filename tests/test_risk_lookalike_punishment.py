"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): a school's mild punishment weighed by a parent.

- A child made to stand (罚站) for a small offence or a short time (上课说话, 忘带练习册, 十分钟, 一节课), often asked about
  (这样合理吗, 算不算体罚), is a rule weighed, no child harmed: harm at home's hits are cancelled and the model's guess of
  the kind stays quiet (`context._mild_punishment`).
- Anything harsh told anywhere in the post keeps it: outdoors or in the cold, for hours or a whole day, a blow, a wound,
  a faint, food withheld (罚站在教室外头，站了整整一天，冻得直哆嗦; …还被老师扇了两个耳光).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

MILD = [  # (mechanism, text): no harm at home raised
    ("ten minutes for talking", "闺女说今天上课说话被老师罚站了，站了十分钟，这样合理吗"),
    ("a lesson for a forgotten book", "儿子因为忘带练习册被罚站了一节课，学校这样算不算体罚"),
]


@pytest.mark.parametrize(("mechanism", "text"), MILD, ids=[x[0] for x in MILD])
def test_a_mild_punishment_weighed_is_no_harm(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


HARSH = [  # (mechanism, text): still raised
    ("a whole day in the cold", "孩子被罚站在教室外头，站了整整一天，冻得直哆嗦"),
    ("slapped as well", "孩子上课说话被罚站了一节课，还被老师扇了两个耳光"),
]


@pytest.mark.parametrize(("mechanism", "text"), HARSH, ids=[x[0] for x in HARSH])
def test_a_harsh_punishment_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
