"""Look-alikes by mechanism, fifth session of 2026-12-05 (risk-modellooks): a mishap told with its luck, the model doubting.

- A hazard's words tell a mishap that ended well (a tree blown down, 没砸着人; a fall on ice, 好在没事; a bike down a slope,
  还好没撞到人). Told with such luck and nothing anywhere still at risk (还有, 还在, 照样, 随时, 下次; 不管, 又, 一直…), a
  pattern's certain hit the model scores under `doubt` is dropped, not shown 疑似 (`looks.harm_averted`, read by
  `learned.ModelStep._doubted`): the model reads the post as none of the kind's dangers and the writer says nobody came
  to harm.
- The luck alone cancels nothing: a hazard told with it that the model reads as a hazard stays certain (a flowerpot blown
  off a balcony, 幸好没砸到人), and so does one beside another kind raised as certain; 轻生 is never read so.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector
from monitor.classify.risk.looks import at_play, harm_averted, laughed_off
from monitor.classify.risk.text import normalise

AVERTED = [  # (mechanism, text): no hazard raised (each raised 疑似, the model doubting, before this check)
    ("a bike down a slope", "儿子骑自行车从坡上冲下来，刹不住，还好没撞到人"),
    ("water at a garage door", "雨太大了，车库门口进了点水，幸好车停得高，没泡着"),
]


@pytest.mark.parametrize(("mechanism", "text"), AVERTED, ids=[x[0] for x in AVERTED])
def test_a_doubted_mishap_told_with_its_luck_is_no_hazard(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "safety_hazard" not in raised(det, text), (mechanism, det.detect(text))


@pytest.mark.parametrize("text", ["楼上花盆被风吹下来了，幸好没砸到人，碎了一地"])
def test_a_hazard_the_model_does_not_doubt_stays_certain(det: RiskDetector, text: str) -> None:
    out = {r["flag"]: r for r in det.detect(text)}
    assert "safety_hazard" in out and not out["safety_hazard"]["possible"], out


STILL = [  # (mechanism, text): no luck read
    ("water still coming in", "车库门口进了点水，幸好车停得高，但水还在往里流"),
    ("more of them up there", "阳台的花盆掉下来砸了车，幸亏没砸到人，楼上几盆还搁在护栏外头"),
    ("nobody mends it", "路口的井盖松了，我骑车颠了一下，好在没事，物业就是不管"),
]


@pytest.mark.parametrize(("mechanism", "text"), STILL, ids=[x[0] for x in STILL])
def test_luck_beside_what_is_still_at_risk_is_not_read(mechanism: str, text: str) -> None:
    assert harm_averted(normalise(text)) is None, mechanism


def test_a_doubted_hit_laughed_at_is_dropped(det: RiskDetector) -> None:
    """A laugh beside a hit the model doubts (`looks.laughed_off`): the writer laughs at a blow taken at a sport."""
    text = "我家娃今天又挨打了，不过是在武术课上被师兄踢的，哈哈"
    assert "minor_domestic" not in raised(det, text), det.detect(text)


def test_an_ironic_face_is_no_laugh() -> None:
    assert laughed_off([(5, "🙄")]) is None
    assert laughed_off([(5, "🙃"), (9, "哈哈")]) == "哈哈"


PLAYED = [  # (mechanism, kind, text): dropped, the model doubting a hit told of a play (`looks.at_play`)
    ("an extra's part in a film", "threat", "我表哥在影视城当群演，今天演了个被砍死的土匪"),
    ("hooked on a short drama", "medical", "中毒了，这部短剧太上头，熬夜刷了五十集"),
]


@pytest.mark.parametrize(("mechanism", "kind", "text"), PLAYED, ids=[x[0] for x in PLAYED])
def test_a_doubted_hit_told_of_a_play_is_dropped(det: RiskDetector, mechanism: str, kind: str, text: str) -> None:
    assert kind not in raised(det, text), (mechanism, det.detect(text))


def test_a_play_is_read_in_a_post_only() -> None:
    assert at_play(normalise("比赛输了，气死")) == "比赛"
    assert at_play(normalise("反映学校的问题。" * 12 + "还玩文字游戏")) is None
