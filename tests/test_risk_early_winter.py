"""How citizens phrase dangers and harmless uses, read from the set retired at the start of the session of
2026-12-04 (eval17: early winter, coal stoves, ice, year-end wages).

Written for these tests, never copied from a set. Dangers: a past marker or a date that dates no event — a
comparison with last time (人比上回还多), a debt of last year still unpaid, the age of a building — no longer
makes a crowd or a crack history; a child threatened with death to keep a partner from leaving; oneself
frozen or starved to death on purpose; envy of someone who died in the news; a place to lie down and not get
up; a child offered for sale in a chat group; the police calling a beating a family matter; icicles over a
school path; a plug or a socket that melted. Look-alikes: an empty gas cylinder, an idiom of punishing one
to warn others, classmates who fought each other, a grown-up's age, a feared scene that turned out harmless,
winter safety tips passed on, a knife used to peel fruit, a product recommended, a period drama being shot,
a village show or a snowball fight that fills a square; and the model's guesses on a teething baby soothed.
From the everyday set of the same session (ordinary5): a leg to be broken, someone who does not answer when
called; a hotline's note that nothing happened, a fee that rises, paperwork that drowns, a rider climbing
the stairs, singing next door, a crowd waiting at a stop. Beside each look-alike, a danger told with the same
words is still raised (a crowd at a gate at rush hour or at a school's closing time among them).
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern
from test_risk_harmless_uses import assert_model_quiet

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("a crowd compared with last year's", "村民比去年来得还多，几十个人堵在乡政府门口", "mass_incident"),
    ("a crowd over last year's unpaid wages", "上百个工人为了去年的工钱堵在项目部门口", "mass_incident"),
    ("a building's decade is no date", "八十年代的老楼外墙掉下来一大块水泥砸到了人", "safety_hazard"),
    ("a building's year is no date", "2009年建的楼外墙掉下来一大块水泥砸到了人", "safety_hazard"),
    ("a child threatened to keep a partner home", "他说我敢离婚就把孩子摔死", "threat"),
    ("oneself frozen to death on purpose", "今晚想去山上把自己冻死，反正也没人在乎", "self_harm"),
    ("oneself starved to death on purpose", "不吃了，就这么把自己饿死算了", "self_harm"),
    ("lying down and not getting up", "钱花光了，实在熬不住就找个桥洞躺下不起来了", "self_harm"),
    ("a child for sale in a chat group", "老乡群里有人说家里养不起，要卖孩子", "minor_domestic"),
    ("a beating waved away as a family matter", "又报警了，派出所的人来了说是家务事，劝两句就走了", "minor_domestic"),
    ("icicles over a school path", "教学楼屋檐挂着好多冰溜子，正对着孩子们上学的通道", "safety_hazard"),
    ("a socket that melted", "电暖气插了一宿，插座都烫化了", "safety_hazard"),
    # everyday messages of ordinary5 (written for development in the same session) showed these too
    ("a leg to be broken, told of the writer", "房东说不搬就把我腿打断，还带了几个人堵在门口", "threat"),
    ("someone who does not answer when called", "桥底下躺着个大爷，叫他不应，身上冰凉", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_a_danger_told_this_way_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))



def test_envy_of_someone_who_died_in_the_news_is_the_writers_own(det: RiskDetector) -> None:
    # the news frames the jump; the writer's envy takes it as their own: 疑似, for a person
    out = raised(det, "刷到新闻说有个欠债的人跳江了，我居然有点羡慕他")
    assert "self_harm" in out and out["self_harm"]["possible"], out
    # the news alone, without the envy, frames it
    assert no_pattern(raised(det, "刷到新闻说有个欠债的人跳江了，太惨了"), "self_harm")


LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("an empty gas cylinder", "楼上液化气罐没气了，帮大爷扛了一罐上去", "medical"),
    ("classmates who fought each other", "儿子课间跟同学打了一架，被老师叫去谈话了", "minor_domestic"),
    ("a grown-up's age is no child", "七十多岁的老人们在冰面上打冰尜，玩得挺开心", "minor_domestic"),
    ("a feared scene that turned out harmless", "楼下围了一大群人，还以为出事了，结果是超市搞活动", "mass_incident"),
    ("winter safety tips passed on", "燃气中毒防范知识，大家转给家里老人看看", "safety_hazard"),
    ("a knife used to peel fruit", "市场门口有个大爷拿着刀削苹果，一块钱一个", "threat"),
    ("a product recommended", "新买了把剔骨刀，剁排骨不费劲，推荐这款", "threat"),
    ("a period drama being shot", "剧组在西部影视城拍古装剧，一群人举着刀在城墙上冲", "threat"),
    ("a village show fills the road", "镇上唱大戏，四邻八村的人把路口堵得走不动", "mass_incident"),
    ("a hotline's note that no fight happened", "来电人称与物业就停车费发生争执，双方未发生冲突，要求核实收费依据", "mass_incident"),
    ("a hotline's note of no self-harm", "来电人称近来失眠想找心理咨询，无自伤想法，已告知预约方式", "self_harm"),
    ("a fee that rises", "听说明年要涨水费，我爸气得直跺脚", "safety_hazard"),
    ("paperwork that drowns", "每天被各种材料淹死了，基层太累", "safety_hazard"),
    ("a rider climbing the stairs", "外卖送到二十楼，电梯停了只能爬上去送", "self_harm"),
    ("singing next door", "隔壁棋牌室天天半夜唱歌，唱得我都想死了", "self_harm"),
    ("a crowd at a bus stop", "站台上挤满了人，等了三趟车都没挤上去", "mass_incident"),
    ("a prank clip", "短视频平台上有人拍恶搞视频假装要跳楼，已经举报了", "self_harm"),
    ("a feast after an exam", "论文终于交了！今晚要去大吃一顿，谁也别拦我", "self_harm"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


SAME_WORDS = [  # (phenomenon, text, kind): the look-alikes' words telling a danger
    ("a past event told as past stays history", "去年楼道着火，烧了好几户", None),
    ("someone found with no breath", "我爸倒在卫生间，叫不醒，好像没气了", "medical"),
    ("a child beaten at school", "儿子被几个同学打得鼻青脸肿，老师说是闹着玩", "minor_domestic"),
    ("a child's age", "才三岁的孩子被锁在车里一上午了", "minor_domestic"),
    ("a feared scene that was trouble", "门口围了一大群人，过去一看是工人在堵门要工钱", "mass_incident"),
    ("a knife carried to someone", "他拿着刀在门口等着，说今天谁出来砍谁", "threat"),
    ("a hotline's note of a threat to die", "来电人称女儿说要自杀，目前无法联系", "self_harm"),
    ("a crowd at a gate at rush hour", "早高峰有几十个工人堵在项目部门口讨薪", "mass_incident"),
    ("a crowd of parents at closing time", "放学的时候几十个家长堵在校门口，要校长出来给个说法", "mass_incident"),
    ("a wish to die told with 别拦我", "活着太累了，今晚就去河边，谁也别拦我", "self_harm"),
    ("a sign the wind nearly blew down", "路口的广告牌被风刮得只挂着一个角，底下都是过路的人", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), SAME_WORDS, ids=[x[0] for x in SAME_WORDS])
def test_the_same_words_telling_a_danger(det: RiskDetector, phenomenon: str, text: str, kind: str | None) -> None:
    out = raised(det, text)
    if kind is None:  # (a past marker that dates the event still cancels a hazard)
        assert no_pattern(out, "safety_hazard"), (phenomenon, out)
    else:
        assert kind in out, (phenomenon, det.detect(text))


MODEL_QUIET = [  # (phenomenon, text, kind, word that keeps the model quiet)
    ("a teething baby soothed", "楼上小宝宝半夜一直哭，爸妈轮流在哄，估计是在长牙", "minor_domestic", "在哄"),
    ("an idiom of punishing one to warn others", "厂里说要杀鸡儆猴，拿迟到的人开刀", "threat", "杀鸡儆猴"),
    ("a grandmother helping with the baby", "我妈天天帮我带孩子，经常给孩子买水果", "minor_domestic", "帮我带孩子"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_a_harmless_use(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                 text: str, kind: str, by: str) -> None:
    assert_model_quiet(det, eager, phenomenon, text, kind, by)


def test_a_child_threatened_with_death_is_a_pattern_hit(det: RiskDetector) -> None:
    out = raised(det, "他说我敢离婚就把孩子摔死")
    assert "threat" in out and not out["threat"]["possible"], out  # (the pattern, not only the model's guess)
