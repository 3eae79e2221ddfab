"""Events told as over or as someone else's (sixth session of 2026-12-03, risk false flags).

Written for these tests, never copied from a set. Five ways citizens tell a danger that calls for no one
(monitor/classify/risk/over.py, `[match] thanks`, `rescued`, `liable`, `far_places` in config/risk.toml):

* a thanks to those who responded, retelling the rescue (感谢物业师傅…半夜赶到了): the arrival or rescue it
  tells settles what came before it, and what a thanks names in its clause is the deed done;
* who pays for damage done (…把我车砸了，找谁赔);
* a scene far away (上海那边一个小区着火了);
* a work named by its title, told as watched or read (看完《…》…太可怕了);
* a past harm told over by a now told otherwise, with how it ended (以前…，后来他们离了);

and two notices and plans told in the words of a cry (an office reminding the public; a farewell with
the day one comes back). Beside each, the same words telling a danger that is so now must still be
raised: a danger told after the thanks or the rescue, a rescue not yet come, a thanks that is a farewell,
damage still threatening, a relative far away, a destination, a street of this city named after a far
one, a law cited, one's own cry after a film.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("a gas leak mended, thanked", "感谢物业师傅，昨晚我家厨房燃气管子漏气，师傅半夜赶到了，把阀门换了", "safety_hazard"),
    ("choking, the ambulance thanked", "非常感谢急救中心，我爸那天吃饭噎住了喘不上气，救护车很快就到了，医生当场就把东西弄出来了",
     "medical"),
    ("a lift, the grid worker thanked", "谢谢网格员大姐，昨天下午我们单元有个老人被困在电梯里，她打了电话，维修的十分钟就来了",
     "safety_hazard"),
    ("a fall, the deed named in the thanks", "我妈前两天在楼道里摔了一跤，谢谢网格员帮忙叫了120送医院", "medical"),
    ("a letter of thanks for a rescue from water",
     "写一封感谢信。上周六我儿子在公园湖边玩，失足掉进水里，两个路过的小伙子跳下去把他救了上来", "minor_domestic"),
    ("the rescuer's jump is no cry",
     "写一封感谢信。上周六我儿子在公园湖边玩，失足掉进水里，两个路过的小伙子跳下去把他救了上来", "self_harm"),
    ("a billboard on a car: who pays", "刮大风广告牌掉下来把我车砸了，找谁赔", "safety_hazard"),
    ("a branch through a window: who bears it", "小区树枝断了砸坏了我家的窗户玻璃，损失谁承担", "safety_hazard"),
    ("a burst pipe flooded downstairs: how much", "家里水管爆了把楼下淹了，要赔多少钱", "safety_hazard"),
    ("a fire far away", "上海那边一个小区着火了，死了好几个人，看着真揪心", "safety_hazard"),
    ("a flood far away", "听说河南那里又发大水了，好多村子都淹了", "safety_hazard"),
    ("a film watched", "看完《隐秘的角落》心里发毛，那个孩子把人推下山太可怕了", "minor_domestic"),
    ("a series' scene", "刷到《我的阿勒泰》，里面那个人掉进冰河里差点没上来", "safety_hazard"),
    ("an office reminding the public", "区疾控中心提醒：春节走亲访友饮酒要适量，如果你或身边的人出现呕吐昏迷，请及时就医",
     "medical"),
    ("a farewell with the day one comes back", "放假了，关机五天，谁都别找我，初六见", "self_harm"),
    ("a service asked if it means to kill", "排了三个钟头还说系统故障，你们是要逼死我吗", "self_harm"),
    # a past harm told over by a now told otherwise, with how it ended (risk/over.py outgrown)
    ("a mother's beatings outgrown", "小时候我妈动不动就拿衣架抽我，现在她老了，脾气软多了", "minor_domestic"),
    ("a drinking father, then a divorce", "以前我爸喝了酒就打我妈，后来他们离了，我跟我妈住", "minor_domestic"),
    ("a threat settled years ago", "去年他扬言要砍我，后来派出所调解了，这几年没再联系", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_an_event_told_as_over_or_elsewhere_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                              kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


DANGERS = [  # (phenomenon, text, kind): the same words telling a danger that is so now
    ("a hazard told after the thanks", "感谢消防，可是楼道里那些电动车现在还在充电，迟早还要着火", "safety_hazard"),
    ("still unconscious after the arrival", "谢谢你们来得这么快，可我老婆到现在还昏迷着，医生说还没脱离危险", "medical"),
    ("the knife again after a thanks", "感谢民警上次帮忙，可是他今天又拿着刀堵在我家门口了", "threat"),
    ("a thanks in advance for a leak now", "我们楼里燃气泄漏了，谢谢物业赶紧来看看", "safety_hazard"),
    ("the ambulance not yet come", "我妈晕倒了，120还没到，谢谢医生快点来", "medical"),
    ("a plea after a thanks", "谢谢消防员，快来救救我家孩子，他被困在电梯里了", "safety_hazard"),
    ("a thanks that is a farewell", "谢谢大家这些年的照顾，药我已经吃了", "self_harm"),
    ("damage still threatening, who pays", "楼上花盆掉下来砸了我的车，可是阳台上现在还有一排花盆随时会掉，谁负责", "safety_hazard"),
    ("sparks still, who pays", "电线被风刮断了，一头还在地上冒火花，这个损失谁赔", "safety_hazard"),
    ("a leak now, who pays for the repair", "燃气表漏气，现在满屋子都是味，这个谁出钱修", "safety_hazard"),
    ("a crowd demanding compensation", "几十个工友把项目部大门堵了，要赔偿", "mass_incident"),
    ("a son far away, buried", "我儿子在深圳那边打工，刚打电话说工地塌了，人被压在下面了", "medical"),
    ("a destination far away", "全村人明天一起去北京上访", "mass_incident"),
    ("wages sought far away", "工友们说要一起去广东那边找老板讨薪", "mass_incident"),
    ("a street of this city named after a far one", "北京中路那边有个井盖没了，晚上黑乎乎的", "safety_hazard"),
    ("a law cited beside a beating", "按《反家庭暴力法》我能申请保护令吗？我老公昨天又打我了", "minor_domestic"),
    ("a film, then one's own cry", "《消失的她》看完我也不想活了，我老公也这样对我", "self_harm"),
    ("a norm cited beside a smell", "按《城镇燃气设计规范》，燃气管不能走卧室，现在我家卧室里一股煤气味", "safety_hazard"),
    ("a farewell with no coming back", "关机了，谁都别找我，下辈子见", "self_harm"),
    ("a past harm begun again", "小时候被继父打，现在他又开始打我妹妹了", "minor_domestic"),
    ("a past harm still going on", "以前他喝了酒就打我，现在我怀孕了他还动手", "minor_domestic"),
    ("a past threat, the man out now", "去年他扬言要砍我，现在他出狱了，天天在我家楼下转", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_the_same_words_telling_a_danger_now_are_raised(det: RiskDetector, phenomenon: str, text: str,
                                                        kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


def test_the_thanks_letter_keeps_the_model_quiet_and_says_why(det: RiskDetector) -> None:
    evidence: dict = {}
    assert not det.detect("感谢物业师傅，昨晚我家厨房燃气管子漏气，师傅半夜赶到了，把阀门换了", evidence)
    assert any(c["by"] == "赶到了" for c in evidence["risk"]["cancelled"]), evidence


def test_who_pays_names_the_question_as_history(det: RiskDetector) -> None:
    evidence: dict = {}
    assert no_pattern(raised(det, "刮大风广告牌掉下来把我车砸了，找谁赔"), "safety_hazard")
    det.detect("刮大风广告牌掉下来把我车砸了，找谁赔", evidence)
    assert any(c["by"].endswith("…找谁赔") for c in evidence["risk"]["cancelled"]), evidence
