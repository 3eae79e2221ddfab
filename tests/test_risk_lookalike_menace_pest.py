"""Look-alikes by mechanism, sixth session of 2026-12-05 (risk-looks): a pattern's threat hit where the post tells what
the menace or the killing words are about.

- A menace naming no harm (走着瞧, 你们等着, 让他混不下去) beside the writer's own recourse (a vote, a complaint, a suit,
  publishing): the complaint's grammar. The model's guess was already quiet beside such a recourse; a menace rule's
  hit is now cancelled too (`context.menace_answered`), unless harm is named anywhere else in the post or the
  recourse is someone else's dare, a place, or followed by harm.
- Killing words told of vermin (蚊子, 蟑螂, 苍蝇, 老鼠 but not 老鼠药): cancelled (`looks.pest_killed`), unless a person,
  a pet, a menace or a weapon is named anywhere.

Written for these tests, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

QUIET = [  # (mechanism, text): no threat raised
    ("a vote", "开发商你们就拖吧，年底我们就联名投票罢免这届业委会，走着瞧"),
    ("a suit", "这家装修公司你们等着，我一定起诉到底，合同我都留着"),
    ("publishing", "二手车商坑了我三万，我要全网曝光他，让他在这行混不下去"),
    ("a complaint by the hotline", "健身房卷钱跑路，我就打12345投诉，你们等着瞧"),
    ("mosquitoes killed", "屋里进了好多蚊子，半夜起来拍死了五只"),
    ("cockroaches, with a question", "厨房有小强 什么药能把它们一次弄死"),
    ("a fly", "这只苍蝇绕着我飞了一下午，终于被我打死了"),
]


@pytest.mark.parametrize(("mechanism", "text"), QUIET, ids=[x[0] for x in QUIET])
def test_menace_or_killing_words_told_harmless(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" not in raised(det, text), (mechanism, det.detect(text))


STANDS = [  # (mechanism, text): a threat still raised
    ("a knife beside the recourse", "你们等着，我要去曝光你们，再不退钱我就拿刀去你们店里"),
    ("harm after the recourse", "走着瞧，我就去曝光，然后去他家把他收拾了"),
    ("a failed complaint, then a menace", "投诉了三次没人管，工钱再不给，我跟他拼了，走着瞧"),
    ("rat poison for a neighbour", "老鼠太多是借口，我买了老鼠药就是要毒死隔壁那个人"),
    ("a dead rat as a warning", "门上挂了只被弄死的老鼠，纸条上写着下一个就是你"),
    ("the dog poisoned", "邻居把蟑螂药拌进肉里，把我家狗毒死了，还说下次轮到我"),
]


@pytest.mark.parametrize(("mechanism", "text"), STANDS, ids=[x[0] for x in STANDS])
def test_a_threat_beside_them_stays(det: RiskDetector, mechanism: str, text: str) -> None:
    assert "threat" in raised(det, text), (mechanism, det.detect(text))
