"""Look-alikes by mechanism, fourth session of 2026-12-05 (risk-looks): a cry over a trivial burden, life going on.

- 不活了, 不想活了 and 想死 are how 轻生 is told, and how writers on many sets vent over weight gained (胖了八斤，我不活了),
  one problem whose answer they ask for (这道题…不活了，有没有大神救救我) or a long day they carry on from with a meal
  (不想活了，下班先去吃顿烤肉续命). With such a burden or carrying on told, and nothing anywhere of a means, a place, an
  end, a plight or harm (药, 绳, 刀, 楼顶, 桥, 跳, 遗书, 解脱, 抑郁, 欠, 债, 饿死, 不吃, 打, 骂, 别回…), 轻生's hits are
  cancelled and the model's guess stays quiet (`looks.trivial_cry`).
- The same burden told beside a plight, a threat at home or a means keeps it: a diet that starves, a father's 别回家, pills
  made ready.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

TRIVIAL = [  # (mechanism, text): no 轻生 raised (each raised for certain before this check)
    ("weight gained", "过了个年胖了八斤，我不活了，明天开始跑步"),
    ("weight gained, a meal first", "称了下体重又涨了三斤，不想活了，先把这碗面吃完再说"),
    ("one problem, its answer asked for", "这道几何题写了一晚上，不活了，有没有大神救救我"),
    ("a long day carried on with a meal", "加了一周的班，真的不想活了，下班先去吃顿烤肉续命"),
]


@pytest.mark.parametrize(("mechanism", "text"), TRIVIAL, ids=[x[0] for x in TRIVIAL])
def test_a_cry_over_a_trivial_burden_is_no_cry(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): 轻生 still raised
    ("a diet that starves", "减肥减得一口饭都不吃，活着有什么意思，胖了就是原罪"),
    ("a problem beside a father's threat", "这道题做不出来，我爸说考不上就别回家，我真的不想活了"),
    ("weight beside blows and a means", "胖了十斤，老公天天骂我，我不想活了，药都准备好了"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_cry_with_a_plight_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "self_harm" in raised(det, text), (mechanism, det.detect(text))
