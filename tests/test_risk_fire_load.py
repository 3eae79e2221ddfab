"""A fire load told beside what lights it (third session of 2026-12-05, risk-hazard).

Citizens tell a fire waiting to happen by what is stored and what is being done beside it, not by 着火: someone still
smoking among stored fireworks, junk or old furniture; a welder's or a cutter's sparks in a dusty workshop; fireworks
kept in a block of flats as a shop's store. Development misses of this shape stood on three sets by three writers
(eval15, eval26, ordinary14); the patterns held each class already but not the way these writers put it (a smoker told
as still at it, junk and dust as the load, a flat's ground floor as the store). Every sentence here is my own; the
look-alikes are the everyday uses of the same words (fireworks let off, a husband smoking, dust and a cough), which
must stay quiet."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector

# a load and a flame together: each raises a hazard by the pattern (not the model's guess), with both words told
FIRE_LOADS = [
    ("仓库里堆满了杂物和旧沙发，几个工人还在里头抽烟", ("杂物", "在里头抽烟")),
    ("打磨车间粉尘漫天飞，旁边就有人在切割钢板", ("粉尘", "切割")),
    ("面粉厂车间粉尘很大，今天有人拿着焊枪在里面焊管子", ("粉尘", "焊")),
    ("小卖部把一箱箱鞭炮搬进住宅楼的一楼当仓库", ("鞭炮", "住宅楼")),
    ("卖烟花的门面就在居民楼底下，店里的人还抽烟", ("烟花", "居民楼")),
]


@pytest.mark.parametrize(("text", "told"), FIRE_LOADS)
def test_a_fire_load_beside_what_lights_it_is_a_hazard(det: RiskDetector, text: str,  # noqa: F811
                                                       told: tuple[str, str]) -> None:
    got = raised(det, text)
    assert "safety_hazard" in got
    evidence = "、".join(got["safety_hazard"]["evidence"])
    assert not evidence.startswith("模型")  # the pattern raised it, not the model's guess
    assert all(w in evidence for w in told)


# the same words in everyday use: fireworks let off for a wedding, a smoker at home, dust that makes one cough, junk
# to be cleared; none tells a load beside a flame
EVERYDAY = [
    "过年楼下放鞭炮，吵得孩子一晚上没睡好",
    "我老公天天在阳台抽烟，屋里全是烟味",
    "车间粉尘大，戴着口罩还是老咳嗽",
    "楼道里堆的杂物物业说下周统一清理",
    "结婚那天放了十几分钟鞭炮，邻居也没说啥",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_words_in_everyday_use_raise_nothing(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "safety_hazard" not in raised(det, text)
