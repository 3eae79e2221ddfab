"""Look-alikes by mechanism, sixth session of 2026-12-05 (risk-looks): what someone does to a thing of the writer's.

- Harm at home's 把 rule (把我 / 把他 / 把她 with 打了, 砸, 扔出, 摔在… within ten characters) reads what is done *to* a
  person. Told with 的 after the person (把我的…, 把她的…), what is done is done to a thing of theirs: a mahjong table
  thrown out, a figurine dropped, a keyboard threatened. The rule's hit is cancelled there (rules._BA_PERSON), as the
  kind's masks already did for a list of things (把我的东西, 把我的手机…); other rules and the model read on.
- A body or kin told so is still the person (把我的头, 把她的孩子): the hit stands.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

QUIET = [  # (mechanism, text): no harm at home raised
    ("a table thrown out", "媳妇嫌我天天下棋，把我的棋盘桌扔出门了，今晚只能看电视"),
    ("a figurine dropped", "外甥来家里玩，把我的模型摔在地上碎成三块"),
    ("a keyboard threatened", "我妈说再熬夜就把我的键盘砸了，吓得我赶紧睡了"),
]


@pytest.mark.parametrize(("mechanism", "text"), QUIET, ids=[x[0] for x in QUIET])
def test_a_thing_of_the_writers_is_no_harm_at_home(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): harm at home still raised
    ("a head pushed", "他一喝酒就发疯，昨晚把我的头按在地上打"),
    ("a child locked in", "继父把她的儿子锁在阳台上，一整晚没让进屋"),
    ("an arm twisted", "老公把我的胳膊拧得青紫，还不让我出门"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_body_or_kin_told_so_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "minor_domestic" in raised(det, text), (mechanism, det.detect(text))
