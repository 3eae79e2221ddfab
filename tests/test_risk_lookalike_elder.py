"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): an elder's story of the old days set against now.

- Citizens retell what a grandparent told of the old days (a flood, a famine) and set it against now: 听我姥爷讲，六几年
  闹水灾，半个村子都冲塌了，现在修了水库，再不怕了. The danger's words sit a clause or two after the telling, out of reach
  of the past marker's own clause. With an elder's telling, the old days named beside it and a now told after the hit,
  the story is history (`context._elder_story`), and the model reads it so too.
- An elder's telling of now is a report (我姥爷刚才说胸口疼，现在喘不上气), and so is a story interrupted by what happens
  (奶奶讲着过去的事，突然晕倒了，现在还没醒): something sudden or going on between the telling and the now keeps it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

STORIES = [  # (mechanism, kind, text): the kind is not raised
    ("a flood long ago", "safety_hazard", "听我姥爷讲，六几年闹水灾，半个村子的土房都冲塌了，现在修了水库，再不怕了"),
    ("a famine long ago", "minor_domestic", "我奶奶常念叨她们那代人年轻时候吃不饱，饿死过人，如今顿顿有肉"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), STORIES, ids=[x[0] for x in STORIES])
def test_an_elders_story_of_the_old_days_is_history(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, kind, text): the kind is still raised
    ("an elder's telling of now", "medical", "我姥爷刚才说胸口疼得厉害，喘不上气，现在嘴唇都紫了"),
    ("a story interrupted", "medical", "奶奶讲着过去闹饥荒的事，突然晕倒了，叫她也不应，现在还没醒"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_what_happens_now_beside_a_story_stays(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    assert kind in raised(det, text), (mechanism, det.detect(text))
