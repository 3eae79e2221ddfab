"""Look-alikes by mechanism, fourth session of 2026-12-05 (risk-looks): minors at a venue, an inspection asked.

- Minors at an internet café, a bar or a KTV, or sold cigarettes, are told as a licensing complaint or a parent's
  question (请求相关部门检查; 这种网吧到底查不查) and as a child at risk there. With an inspection or a rule asked for
  (检查, 查处, 查不查, 管不管, 管得严, 咋管, 有没有人管) and no harm told anywhere (days away from home, hunger, a blow, cold,
  a faint, drink taken, a child abandoned, 陪酒, 赌…), the venue's hit is 疑似 for a person, not certain
  (`looks.venue_asked`, read by the rule check as a doubt: `looks.told_doubtful`). Told with a harm, or with no question
  (楼下网吧天天有初中生包夜，老板也不管), it stays certain.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

ASKED = [  # (mechanism, text): harm at home raised, 疑似 (each certain before)
    ("an inspection asked by a caller", "来电人反映某网吧接待未成年人上网，请求相关部门检查"),
    ("a parent asking if the rule is kept", "我家娃才十三，天天往网吧跑，这种网吧到底查不查"),
]


@pytest.mark.parametrize(("mechanism", "text"), ASKED, ids=[x[0] for x in ASKED])
def test_a_venue_asked_about_is_possible(det: RiskDetector, mechanism: str, text: str) -> None:
    got = raised(det, text)
    assert "minor_domestic" in got and got["minor_domestic"]["possible"], (mechanism, got)


STANDS = [  # (mechanism, text): harm at home certain
    ("a child days away from home", "网吧里一帮初中生通宵，有个孩子说三天没回家了，谁来管管"),
    ("no question asked", "楼下网吧天天有初中生包夜，老板也不管"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_venue_with_harm_stays_certain(det: RiskDetector, mechanism: str, text: str) -> None:
    got = raised(det, text)
    assert "minor_domestic" in got and not got["minor_domestic"]["possible"], (mechanism, got)
