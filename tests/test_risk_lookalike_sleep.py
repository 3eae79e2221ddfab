"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): sleep told as ordinary sleep.

- 睡过去, 不想醒来 and 熬不住了 are how a wish never to wake is told (想睡过去再也别醒), and how citizens tell a long sleep,
  a warm bed or a late night: 昨晚一觉睡过去了，醒来都中午十二点了; 下雪天真不想醒来，被窝太暖和舒服了; 改论文改到两点，
  困得熬不住了，先睡了. With the waking, the bed's comfort or sleepiness told, and no means, forever or cry anywhere in the
  post, the sleep's own hit is cancelled and the model's 轻生 guess stays quiet (`context._slept`).
- A wish never to wake (再也别醒), a means (安眠药, 炭), or a waking told as a torment (每天醒来都是折磨) keeps it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

SLEPT = [  # (mechanism, text): no 轻生 raised
    ("a waking told", "加了一周的班，昨晚一觉睡过去了，醒来都中午十二点了"),
    ("a warm bed", "下雪天真不想醒来，被窝太暖和舒服了"),
    ("sleepiness, off to bed", "宝宝半夜哭了三回，我困得熬不住了，先睡了"),
]


@pytest.mark.parametrize(("mechanism", "text"), SLEPT, ids=[x[0] for x in SLEPT])
def test_ordinary_sleep_is_no_cry(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("never to wake", "太累了，就想一觉睡过去，再也别醒"),
    ("a means beside the bed", "被窝里攒了一瓶安眠药，想睡过去"),
    ("a waking told as a torment", "每天醒来都是折磨，熬不住了"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_wish_never_to_wake_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))
