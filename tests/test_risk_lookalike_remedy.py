"""Look-alikes by mechanism, second session of 2026-12-05 (risk-looks): a spell told over once a remedy or a rest was
taken.

- Citizens who tell a mild spell and how it passed name what they did and the outcome (吃了片止疼药好多了; 喝了两瓶淡盐
  水…休息了一会儿就好了; 吃了退烧药，半夜退了): the remedy told done settles the emergency before it, as 现在好了 does
  (`matching._REMEDIED`, an outcome with the checks every settled word has).
- Not a remedy promised (喝点淡盐水就好了: advice, the spell not yet over), and nothing is settled when the spell is told
  back after it (…降下来了，可半夜又烧起来了; …好点了，但现在又开始喘不上气).

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

OVER = [  # (mechanism, text): no emergency raised
    ("heat stroke rested off", "昨天下午中暑了，喝了两瓶淡盐水，在空调屋里休息了一会儿就好了"),
    ("a fever down after a tablet", "闺女晚上烧到三十九度二，吃了退烧药，半夜退了"),
]


@pytest.mark.parametrize(("mechanism", "text"), OVER, ids=[x[0] for x in OVER])
def test_a_spell_over_after_a_remedy_is_settled(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "medical" not in raised(det, text), (mechanism, det.detect(text))


BACK = [  # (mechanism, text): still raised
    ("the fever back at night", "孩子烧到三十九度，吃了退烧药降下来了，可半夜又烧起来了，还抽了一下"),
    ("breathless again", "我爸胸口疼，吃了速效救心丸好点了，但现在又开始喘不上气"),
]


@pytest.mark.parametrize(("mechanism", "text"), BACK, ids=[x[0] for x in BACK])
def test_a_spell_back_after_the_remedy_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "medical" in raised(det, text), (mechanism, det.detect(text))
