"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): a crowd gathered for an occasion the post names.

- A feast, a show, a match, a school's meeting, an outing or a game named anywhere in a post (九十大寿, 球赛, 婚礼, 公会,
  开学典礼) is what its crowd gathered for, when the post tells no grievance and no conflict: the crowd's hits are
  cancelled and the model's guess of a crowd stays quiet (`context._occasion`).
- A grievance, a conflict or a crush told anywhere in the post keeps the crowd (a concert cancelled and refunds demanded
  at the gate; relatives quarrelling at a birthday feast, 围在门口不让走; 栏杆都被挤弯了).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

OCCASIONS = [  # (mechanism, text): no crowd raised
    ("a birthday feast", "奶奶过九十大寿，三代人五十多口聚在一起，院子里坐得满满当当"),
    ("fans meeting for a match", "兄弟们，周六球赛，体育场门口集合，带好加油棒和队旗"),
]


@pytest.mark.parametrize(("mechanism", "text"), OCCASIONS, ids=[x[0] for x in OCCASIONS])
def test_a_crowd_at_an_occasion_is_no_incident(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "mass_incident" not in raised(det, text), (mechanism, det.detect(text))


TROUBLE = [  # (mechanism, text): a crowd still raised
    ("refunds demanded", "演唱会临时取消了，上千人堵在体育场门口要退票，保安拦不住"),
    ("a quarrel at a feast", "寿宴上两家亲戚吵起来了，几十个人围在门口不让走"),
    ("a crush", "音乐节门口几千人挤在一起，栏杆都被挤弯了"),
]


@pytest.mark.parametrize(("mechanism", "text"), TROUBLE, ids=[x[0] for x in TROUBLE])
def test_a_crowd_in_trouble_at_an_occasion_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "mass_incident" in raised(det, text), (mechanism, det.detect(text))
