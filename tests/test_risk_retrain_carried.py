"""What a retrain took away, carried by the rules (seventh session of 2026-12-04): development dangers the shipped
model alone raised and the model that learns ordinary9, eval22, ordinary10 and eval23 scores below its bar.

Written for these tests, never copied from a set. 轻生: all one's things left to a friend who is told not to cry;
asking what becomes of a person's deposit or savings once they are gone, told of nobody in particular. Emergencies:
someone pregnant, a baby or someone ill shut in a lift for long. And the harmless uses of the same words.

Ninth session of 2026-12-04 (the retrain that learns eval24 and eval25 with names blanked): 轻生, someone set on
going into the water and not to be held back; hazards, pesticide containers by water people drink; emergencies,
one in intensive care and others on a drip, a headache beside a gas water heater with no flue.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("all one's things left, told not to cry", "我的书和衣服全都留给你了，你别哭，好好考试", "self_harm"),
    ("things given away, told not to be sad", "游戏账号和手办都送给表弟了 跟他说别难过", "self_harm"),
    ("a deposit once one is gone", "想问一下 要是我没了 租房的押金能退给我爸妈吗", "self_harm"),
    ("savings once a person is gone, of nobody", "一个人没了以后 他存的钱归谁 不用办什么手续吧", "self_harm"),
    ("someone pregnant shut in a lift", "三号楼电梯卡在半空，里面有个怀孕的，已被困四十多分钟", "medical"),
    ("a baby shut in a lift", "电梯停了，一个抱着婴儿的妈妈在里面困了快一个小时", "medical"),
    # ninth session of 2026-12-04: what the retrain with eval24 and eval25, names blanked, took away
    ("set on going into the water, not held back", "我叔跟婶子吵翻了，嚷着要到河里去，几个人都拉不住", "self_harm"),
    ("pesticide containers by drinking water", "有人把空农药桶扔在水窖边上，我们全家都吃这窖里的水", "safety_hazard"),
    ("one in intensive care, others on a drip", "喜宴吃完第二天，我舅舅住进ICU了，村里还有十几个人在打点滴", "medical"),
    ("a headache by a gas water heater with no flue", "租的房子燃气热水器装在浴室里，没有烟道，昨天洗完澡头疼得厉害", "medical"),
]

LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a child told not to cry over a toy", "玩具都让给妹妹了，别哭了，明天再买", "self_harm"),
    ("a keepsake left by a grandparent", "奶奶把金镯子都留给我了，我舍不得戴", "self_harm"),
    ("a relative's deposit after a death", "我爸去年走了，他租房的押金房东一直不退", "self_harm"),
    ("a lift stuck, nobody frail", "电梯又坏了，被困了一个多小时才有人来修", "medical"),
    ("a pregnant neighbour taking the stairs", "楼上的孕妇天天走楼梯，电梯太挤了", "medical"),
    ("to the river's bank, not held back", "他非要去黄河边拍日出，我们谁都劝不住", "self_harm"),
    ("a dog off to the river", "狗一出门就往河边跑，拉都拉不住", "self_harm"),
    ("a shop for pesticide by a well", "水井边上新开了一家卖农药的店", "safety_hazard"),
    ("out of intensive care, on a drip", "爷爷从ICU转到普通病房了，今天还在输液", "medical"),
    ("a gas water heater with its flue fitted", "燃气热水器该换了，烟道也接到窗外了，师傅说没问题", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind", "danger"),
                         [(*x, True) for x in DANGERS] + [(*x, False) for x in LOOKALIKES],
                         ids=[x[0] for x in DANGERS + LOOKALIKES])
def test_what_the_retrain_took_is_raised_by_a_rule_and_its_harmless_use_by_none(
        det: RiskDetector, phenomenon: str, text: str, kind: str, danger: bool) -> None:
    """A danger is raised by a pattern (not the model's guess alone), for a person to check; a harmless use of its
    words by none."""
    out = raised(det, text)
    if danger:
        assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (phenomenon, det.detect(text))
    else:
        assert no_pattern(out, kind), (phenomenon, det.detect(text))
