"""Notices, staged clips, figures and things settled, told in a cry's words (sixth session of 2026-12-03).

Written for these tests, never copied from a set. Look-alikes the patterns and the model read as dangers,
by how citizens phrase them (`config/risk.toml`): an office reminding the public and a reminder reposted
with thanks (`frames`); a clip said to be staged (拍段子, 博流量); a game's advert; figures of speech (磨刀霍霍,
a head or a sheet of work that will burst); a farewell with the day one comes back; a service asked
whether it means to drive one to death; a rescuer's jump; sleeping pills that did not bring sleep; an event
settled between people (调解好了, 早就过去了) and a drinker who hit told as changed (`settled` per kind); and,
for the model, a smell told as good, a medicine asked about, a teenager's moods, a shared ride, a vote
(`[model.unless]`, `unless`). Beside each, the same words telling a danger now must still be raised.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("an office reminds the public", "区疾控中心提醒：春节走亲访友饮酒要适量，如果你或身边的人出现呕吐昏迷，请及时就医", "medical"),
    ("a reminder reposted with thanks", "//@居民小李:谢谢提醒 //@物业:冬季用电暖器请远离窗帘，人走断电防止起火", "safety_hazard"),
    ("a clip said to be staged", "快手上那个站在天台边说要跳的，其实是拍段子的，好多人骂他博流量", "self_harm"),
    ("a game's advert", "打开网页就弹出个手游广告，一刀砍出几万血，太吵了", "threat"),
    ("the year-end pig", "腊月二十六，院子里磨刀霍霍，准备杀年猪请亲戚吃肉", "threat"),
    ("a sheet of work that will burst", "月底对账对到半夜，表格要爆炸了", "safety_hazard"),
    ("a farewell with the day one comes back", "放假了，关机五天，谁都别找我，初六见", "self_harm"),
    ("a service asked if it means to kill", "排了三个钟头还说系统故障，你们是要逼死我吗", "self_harm"),
    ("a rescuer's jump", "写一封感谢信。上周六我儿子在公园湖边玩，失足掉进水里，两个路过的小伙子跳下去把他救了上来",
     "self_harm"),
    ("sleeping pills that did not bring sleep", "这两天吃了安眠药也不管用，还是半夜醒，想换个医生看看", "self_harm"),
    ("a threat settled between people", "去年那个说要砸物业办公室的业主，后来调解好了，事情早就过去了", "threat"),
    ("a drinker who hit, changed", "我舅年轻时喝了酒就动手打舅妈，后来把酒戒了，现在两口子好得很", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_look_alike_told_aside_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


MODEL_QUIET = [  # (phenomenon, text, kind the model, however eager, does not guess)
    ("a smell told as good", "楼道里一股香味，三楼在炸油饼，香喷喷的", "safety_hazard"),
    ("a medicine asked about", "医生给开的安眠药，长期吃吗？会不会有依赖", "self_harm"),
    ("a teenager's moods", "女儿上初二了，一说就顶嘴，关上门不理人，青春期都这样吗", "minor_domestic"),
    ("a shared ride back to work", "我们村五六个人正月初八一起回银川，有顺风车吗", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_what_is_told_as_everyday(eager: RiskDetector, phenomenon: str, text: str,
                                                          kind: str) -> None:
    assert no_pattern(raised(eager, text), kind) and not (
        kind in raised(eager, text) and raised(eager, text)[kind]["evidence"][0].startswith("模型")), (
        phenomenon, eager.detect(text))


DANGERS = [  # (phenomenon, text, kind): the same words telling a danger now
    ("a reminder, then a fire now", "谢谢提醒。可我们楼道里的电动车现在就着火了，烟很大", "safety_hazard"),
    ("a clip that turned real", "都以为他是拍段子博流量，结果他真的从楼顶跳下去了", "self_harm"),
    ("a knife, no game", "他拿着刀在小区门口追着砍人", "threat"),
    ("a farewell with no coming back", "关机了，谁都别找我，下辈子见", "self_harm"),
    ("pills hoarded, not for sleep", "医生开的安眠药我攒了一个月，一整瓶，今晚全吃了", "self_harm"),
    ("a threat not settled", "调解了三次都没用，他昨天又说要拿刀来砍我", "threat"),
    ("a drinker who hits now", "我老公又喝多了，把我和孩子打了一顿", "minor_domestic"),
    ("a crowd at the office", "几十个业主把物业办公室围了，不让经理出来", "mass_incident"),
    ("a sign about to fall", "学校门口的广告牌被风吹得只剩一颗螺丝，一直在晃", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_the_same_words_telling_a_danger_now_are_raised(det: RiskDetector, phenomenon: str, text: str,
                                                        kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))
