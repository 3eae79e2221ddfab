"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): an ultimatum whose consequence is the writer's
own recourse.

- A writer who tells what they will do if ignored, and names a way to one's due as that consequence (publish what
  happened, go to the petition office, write to the mayor's mailbox, hand a recording to an office, call a tow truck,
  bring the press), makes a complaint in a threat's grammar (我就, 等着, 说到做到). The model, which learnt threats by
  that grammar, guessed a threat; its guess is now quiet (`context._RECOURSE`, `learned._recourse`).
- Not when the consequence is someone's dare (我要是敢报警就把…发到网上), a place the writer will be (信访局门口), or
  when harm is told on the way to the recourse or after it in its sentence (带上汽油, 打一顿, 收拾).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

QUIET = [  # (mechanism, text): no threat raised
    ("a contract published", "装修公司再拖着不退定金，我就把合同和聊天记录发到网上，让大家都看看"),
    ("the petition office next week", "物业你们等着，下礼拜我就去信访办反映，说到做到"),
    ("evidence handed to an office", "再让我撞见有人往绿化带倒垃圾，我就拍下来交给城管"),
    ("a tow truck called", "谁的车再堵我家车库门口，我就叫拖车来拖走"),
]


@pytest.mark.parametrize(("mechanism", "text"), QUIET, ids=[x[0] for x in QUIET])
def test_the_writers_recourse_is_no_threat(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): a threat still raised
    ("someone's dare", "她说我要是敢报警就把我的视频发到网上"),
    ("a place, not a way", "再不给解决，我就去信访局门口把自己点了"),
    ("harm on the way", "再不给钱，我就带上汽油去信访局"),
    ("a beating before the post", "我要是再见到他，我就把他打一顿然后发抖音"),
    ("harm after the recourse", "再不退钱我就发到网上曝光，然后去他家把他收拾了"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_harm_beside_a_recourse_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" in raised(det, text), (mechanism, det.detect(text))
