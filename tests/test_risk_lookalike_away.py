"""Look-alikes by mechanism, third session of 2026-12-05 (risk-looks): running away announced as a wish, not done.

- 离家出走 is how a missing child is reported (孩子离家出走两天了), and how a grown writer vents a mood (被问工资问对象，我真想
  离家出走) or a parent asks about a teenager's phase (嚷着要离家出走，这叛逆期咋过). With the run announced as a wish or a
  threat (要, 想, 嚷着要), not told done, and nothing harmful, fearful or a search told anywhere in the post, the hit is
  cancelled and the model's guess stays quiet (`context._wished_away`).
- A child who wants to run from blows (我妈天天打我，我想离家出走), a run told done (离家出走了) or gone for days (两天没回来)
  keeps it.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

WISHED = [  # (mechanism, text): no 未成年人/家暴 raised
    ("a mood vented, its outing told", "周末被我妈念叨了一整天，我要离家出走去姥姥家躲清静"),
    ("a mood vented", "同学聚会被问工资问对象，我真想离家出走"),
    ("a teenager's phase asked about", "闺女为了买手机跟我吵，嚷着要离家出走，这叛逆期咋过"),
]


@pytest.mark.parametrize(("mechanism", "text"), WISHED, ids=[x[0] for x in WISHED])
def test_running_away_wished_is_no_missing_child(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 未成年人/家暴 still raised
    ("blows beside the wish", "我妈天天打我，我想离家出走，哪里能住"),
    ("gone for days", "我儿子说要离家出走，已经两天没回来了"),
    ("told done", "表弟离家出走了，手机关机"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_running_away_with_harm_or_done_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
