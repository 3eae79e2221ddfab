"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): sleeping pills asked about as a medicine.

- 安眠药 is a means at hand in a cry, and a medicine citizens ask about: how to get it for sleeplessness (失眠快半年了，想找
  医生开点安眠药，挂哪个科; 药店说要处方) or how to throw away expired ones. With sleeplessness and a doctor, a prescription
  or the health insurance told, or an expiry and a bin, and no hoard, cry or end anywhere in the post, 轻生's hits are
  cancelled and the model's guess stays quiet (`context._pill_as_medicine`).
- A hoard is told by its count or its sufficiency (每次只开七片，我已经攒了一抽屉; 多开点，一次性解决), and a cry beside the
  pills (想睡过去) keeps them: those stay.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector, normalise
from monitor.classify.risk.context import _pill_as_medicine

MEDICINE = [  # (mechanism, text): sleeping pills asked about as a medicine; no 轻生 raised
    ("which department for sleeplessness", "失眠快半年了，想找医生开点安眠药，社区医院挂哪个科？"),
    ("a prescription asked about", "我妈晚上老睡不着，药店说安眠药要处方才卖，麻烦问下社区医院能开吗"),
    ("expired pills thrown away", "今天收拾屋子把过期的安眠药都翻出来了，这种药要扔进哪个垃圾桶？"),
]


@pytest.mark.parametrize(("mechanism", "text"), MEDICINE, ids=[x[0] for x in MEDICINE])
def test_sleeping_pills_asked_about_are_a_medicine(det: RiskDetector, mechanism: str, text: str) -> None:
    assert _pill_as_medicine(normalise(text)) is not None, mechanism
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("a hoard by its count", "失眠好几年了，安眠药每次只开七片，我已经攒了一抽屉"),
    ("a hoard by its sufficiency", "睡不着，想去医院多开点安眠药，一次性解决"),
    ("a cry beside the pills", "失眠太痛苦了，安眠药找出来了，想睡过去"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_hoard_or_a_cry_beside_pills_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert _pill_as_medicine(normalise(text)) is None, mechanism
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))
