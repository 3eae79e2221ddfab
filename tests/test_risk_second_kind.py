"""A danger told beside another kind's words is raised as its own kind too (eighth session of 2026-12-05, risk-kinds).

On the blind sets dozens of dangers were missed while another kind was raised on the same message. On the development
sets two ways of telling stood out, each by several writers:

* an injury raised only as the hazard, the fight or the fall that caused it: the body was told by what it shows (the
  bone out of a limb, blood that soaked a shoe or a shirt) or by its rescue going on in hospital, words no medical
  pattern held (eval28, eval29, eval31);
* a crowd's menace raised only as a threat by the model: the crowd means to hold someone, told as a call or a plan
  (谁都别让他走; 车扣下，人不放走), which the crowd's words for a hold (不让走) did not hold, or the crowd was the
  village's young men (eval27, ordinary12).

Every sentence here is my own."""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - det is a fixture
from test_risk import flags as raised

from monitor.classify.risk import RiskDetector


@pytest.mark.parametrize("text", [
    "隔壁两口子打架，男的拿铁锹把女的胳膊砸得骨头都戳出来了",
    "收割机把我表哥的手卷进去了，人送到县医院还在抢救",
    "他拿刀砍了我爸一下，血把半边衣服都浸透了",
    "我舅从房顶上摔下来，现在在医院抢救，包工头电话关机了",
    "脚手架塌了砸到一个师傅，小腿骨头都露出来了，工地不让打120",
])
def test_an_injury_beside_its_cause_is_an_emergency(det: RiskDetector, text: str) -> None:  # noqa: F811
    # raised, certain or (where the model doubts a hit beside a fight) 疑似 for a person to read
    assert "medical" in raised(det, text)


@pytest.mark.parametrize("text", [
    "三十多个工友说好了，明天包工头一露面，谁都别让他走",
    "村里年轻人放话了，拆迁队的车再进村就把车扣下，人不放走",
    "几十户业主商量好了，开发商的人来了一个都别让走，先把车扣下再说",
])
def test_a_crowd_that_means_to_hold_someone_is_a_crowd(det: RiskDetector, text: str) -> None:  # noqa: F811
    assert "mass_incident" in raised(det, text)


@pytest.mark.parametrize("text", [
    # a rescue that succeeded, a hospital's waiting room, a cold that aches, clothes soaked by the rain
    "我爸在医院抢救过来了，现在挺好的，谢谢急诊科的医生",
    "我妈在医院抢救室门口等了一个小时才有人管，这服务态度",
    "天冷得骨头疼，暖气还是不热",
    "下班路上没带伞，衣服全湿透了，鞋里都是水",
    # (lead) the 血 of 血压, 献血 beside clothes soaked by sweat or rain is no blood
    "下雨天排队两小时，衣服都湿透了，血压都上来了",
    "献血车停在广场，排队的人衣服都被雨浸透了，血站的人也不给把伞",
    # one person's pay held back, a crowd word with no hold
    "老板说我这个月工资扣下了，下个月一起发",
    "村里年轻人都出去打工了，过年回来才热闹",
])
def test_look_alikes_of_these_words_raise_nothing(det: RiskDetector, text: str) -> None:  # noqa: F811
    got = raised(det, text)
    assert "medical" not in got and "mass_incident" not in got
