"""How citizens and the hotline's operators tell danger in winter, read from the set retired at the start of the
fourth session of 2026-12-04 (eval20: 12345 work orders summarised in the third person, speech-to-text, rural
counties, coal stoves, ice, year-end wages, elders alone), and the harmless uses of the same words across the
development sets.

Written for these tests, never copied from a set. Dangers: dying of cold accepted; an elder giving up the stove or
food with a word of having lived enough; an engine run in a shut garage; "nobody will stop me next time"; someone
outside a railing by the water; a blade drawn in a quarrel; a smell with fear of a spark; a room full of a gas
stove's smell; a sealed room with a stove and nobody answering; a head hit and worse since; one side of the body
gone; speech gone all at once; dialysis missed for days; a night out in the cold; an alarm that sounded and
dizziness after; a child touched by a step-parent or made to keep a secret; 120 as a caller says it (幺二零).
Look-alikes: standing in class as a punishment (疑似 at most), a child's belongings lost, a pet gone missing, a
scene handled in time, praise told by the hotline, one's own fall on the ice told by its bruise, a renovation
subsidy, an alarm handed out, effort told as a fight, ultimatums of asking again; the model quiet on the 电 of a
call and on children in good news.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern
from test_risk_harmless_uses import assert_model_quiet

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("dying of cold accepted", "村东头的老汉说今年不买煤了，冻死就冻死吧", "self_harm"),
    ("an elder giving up food, having lived enough", "来电人称其母亲这几天说活够了，饭也不吃，药也不吃", "self_harm"),
    ("an engine run in a shut garage", "市民反映邻居把自己关在车库里，车发动着，卷帘门拉下来了", "self_harm"),
    ("nobody will stop it next time", "昨晚他站到河堤边上被我们拉回来了，他说下次没人拦得住", "self_harm"),
    ("someone outside a railing by the water", "水库那边有个小伙子翻过栏杆坐着，一直在哭", "self_harm"),
    ("a blade drawn in a quarrel", "菜市场两个摊主吵起来，一个从兜里掏出一把刀子来回晃", "threat"),
    ("a smell with fear of a spark", "装完燃气表屋里老有一股味，现在灯都不敢开", "safety_hazard"),
    ("a room full of a gas stove's smell", "食堂的煤气灶点了几次没点着，现在满屋子味，师傅还在拧", "safety_hazard"),
    ("a sealed room with a stove, nobody answering", "话务员记录：来电人称对门老两口屋里生着炉子，窗户都封死了，敲门没人应", "safety_hazard"),
    ("a head hit and worse since", "早上在单位楼梯上摔了，脑袋磕在台阶上，下午越来越晕", "medical"),
    ("one side of the body gone", "我妈午觉起来左边身子不听使唤，拿不起碗", "medical"),
    ("speech gone all at once", "老伴吃着饭突然说话含糊不清，筷子也掉了", "medical"),
    ("dialysis missed for days", "我姨父每周要透析，这场大雪封路三天了，去不了医院", "medical"),
    ("a night out in the cold", "市民来电：有个老人被锁在门外，在楼道里冻了一夜", "medical"),
    ("an alarm that sounded, dizziness after", "半夜燃气报警器一直叫，早上起来我爸站都站不稳", "medical"),
    ("gas told with a body failing", "地下室煤气味很重，值班的大爷浑身发软起不来了", "medical"),
    ("a child touched by a step-parent", "班主任说有个学生透露继父对她有不当接触", "minor_domestic"),
    ("a child made to keep a grown-up's secret", "外孙女说她舅舅老摸她，还让她保密不许告诉妈妈", "minor_domestic"),
    ("a punishment with cold and hours", "继母大冬天让孩子穿件单衣在院子里罚站了一个多钟头", "minor_domestic"),
    ("a child made to stand, harm untold (疑似)", "邻居家的孩子又被罚站了，哭声一直没停", "minor_domestic"),
    ("120 as a caller says it", "来电转写：我妈倒在厨房里，幺二零一直占线", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_a_winter_danger_told_to_the_hotline_is_raised(det: RiskDetector, phenomenon: str, text: str,
                                                       kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires, or none certain
    ("a child's belongings lost", "闺女的电话手表丢了，在公园附近，捡到的请联系我", "minor_domestic"),
    ("a pet gone missing", "来电人反映：家里的狗丢了两天，希望物业帮忙看看监控", "minor_domestic"),
    ("a lift stop handled in time", "上午在电梯里困了几分钟，物业处理很及时，就是想问问为啥老停", "safety_hazard"),
    ("a fire handled, nothing lost", "前天楼下配电箱起火，消防来得快，没有造成损失，想表扬一下", "safety_hazard"),
    ("praise told by the hotline", "来电人表扬：上周家里燃气泄漏，燃气公司半小时就到了", "safety_hazard"),
    ("one's own fall on the ice told by its bruise", "路口结冰了，我走路摔了个屁墩，能不能撒点融雪剂", "safety_hazard"),
    ("a renovation subsidy asked for", "老房子的墙裂了好几道，想问危房改造怎么申请", "safety_hazard"),
    ("an alarm handed out", "社区给每户发了一氧化碳报警器，网格员还帮着装上了", "safety_hazard"),
    ("an alarm handed out, for emergencies", "社区给每户发了一氧化碳报警器，网格员还帮着装上了", "medical"),
    ("ice safety taught at school", "学校请交警来讲冰上安全，孩子回家还考我", "minor_domestic"),
    ("effort told as a fight to the end", "为了抢到年货节的半价羊肉，我也是拼了", "threat"),
    ("a weekly call to a father", "来电人在外地工作，每周给父亲打两次电话，想给老人装个呼叫器", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


def test_standing_in_class_is_doubted_not_certain(det: RiskDetector) -> None:
    # a school's discipline told alone is 疑似 for a person; told with cold or hours it is certain (DANGERS)
    out = raised(det, "儿子说今天上课讲话被罚站了，回来还挺委屈")
    assert "minor_domestic" not in out or out["minor_domestic"]["possible"], out


BESIDE = [  # (phenomenon, text, kind): the same words told as a danger are still raised
    ("a lost child, not a lost thing", "孩子在商场丢了，到处找不到", "minor_domestic"),
    ("a fall from above beside someone, though unhurt", "楼上掉下来半块砖，砸在我脚边，还好没事", "safety_hazard"),
    ("an alarm that sounds", "家里一氧化碳报警器一直在响，孩子说头疼", "medical"),
    ("an alarm that sounds, a hazard", "家里一氧化碳报警器一直在响，孩子说头疼", "safety_hazard"),
    ("a vow backing a threat", "今天不废了他我就不姓李，刀我已经揣上了", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), BESIDE, ids=[x[0] for x in BESIDE])
def test_the_same_words_told_as_a_danger_are_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


MODEL_QUIET = [  # (phenomenon, text, kind, word that keeps the model's guess quiet)
    ("an ultimatum to ask again in person", "下周还不退押金，我就去你们公司财务那里问", "threat", "那里问"),
    ("an ultimatum to wait", "今天不给我办，我就一直在这等着", "threat", "一直在这等"),
    ("a car sold in a huff", "这辆破车再趴一次窝，我就把它卖了", "threat", "把它卖了"),
    ("children fond of a new teacher", "孩子们换了个新班主任，都挺喜欢她的", "minor_domestic", "挺喜欢"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_a_harmless_use(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                 text: str, kind: str, by: str) -> None:
    assert_model_quiet(det, eager, phenomenon, text, kind, by)


def test_the_electricity_of_a_call_is_no_hazard_word(det: RiskDetector, eager: RiskDetector) -> None:
    # the 电 of 来电/电话 does not meet the model's hazard `needs` (a routine order told in the hotline's voice);
    # a word of electricity itself still does
    # (ninth session of 2026-12-04: the model that learns eval24 and eval25 no longer guesses a hazard in 来电人反映小区路灯
    # 坏了…, even at 0.05; another order of the same kind)
    for text in ("来电人反映楼道灯不亮，晚上黑得看不见路，要求修", "给物业打了好几次电话，楼道的灯一直不亮"):
        assert no_pattern(raised(det, text), "safety_hazard"), det.detect(text)
        evidence: dict = {}
        eager.detect(text, evidence)
        assert {"flag": "safety_hazard", "words": "模型", "by": "无安全隐患字眼"} in evidence["risk"]["cancelled"], text
    evidence = {}
    eager.detect("来电人反映小区路灯杆漏电", evidence)
    assert {"flag": "safety_hazard", "words": "模型", "by": "无安全隐患字眼"} not in evidence["risk"].get("cancelled", [])


# ---- the everyday set of the same session (ordinary8): danger's words in ordinary messages
EVERYDAY8_LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a recipe's heat", "土豆丝要开大火快炒，出锅前淋点醋", "safety_hazard"),
    ("a recipe's knife work", "做这道菜刀工要好，煤气开小火慢慢炖", "threat"),
    ("pressure told as bursting", "年底报表压力大到爆炸，食堂能不能晚点关门", "safety_hazard"),
    ("wind told as blowing people away", "今天的风能把人吹飞，出门都得扶着墙", "safety_hazard"),
    ("a hand cramped by effort", "给孩子抢学位抢到手抽筋", "medical"),
    ("a rescuer's deed asked after", "上个月跳河救人的那个大学生有没有奖励", "self_harm"),
    ("a rescuer thanked", "谢谢在湖边救起落水小孩的保安大哥", "minor_domestic"),
    ("a car dented by hail", "停在露天的车被冰雹砸了好几个坑，车险管不管", "safety_hazard"),
    ("pests killed", "家里蟑螂太多，昨天弄死了好几只，物业能统一消杀吗", "threat"),
    ("a recipe asked with the stove's gas", "这道菜焯水以后要不要用煤气灶大火收汁", "safety_hazard"),
    ("property insurance asked about", "想给门面买个财产险，包括火灾和水淹吗", "safety_hazard"),
    ("a campaign in the neighbourhood", "社区搞燃气安全进社区活动，教大家看软管有没有老化", "safety_hazard"),
    ("a pet lost by its breed", "我家的金毛走失两天了，在宝湖附近，看到的请联系", "minor_domestic"),
    ("heat at work told as unbearable", "厂房里快四十度，热得我都不想活了，防暑降温费啥时候发", "self_harm"),
    ("a crack mended, told after", "上回反映的楼梯裂缝修补好了，谢谢社区", "safety_hazard"),
    ("a loose sign taken down, told after", "路口那块晃悠的招牌已经拆了，走着放心多了", "safety_hazard"),
    ("an ambulance held up, through since", "救护车在路口被堵了一会，大家让开以后已经开过去了", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY8_LOOKALIKES, ids=[x[0] for x in EVERYDAY8_LOOKALIKES])
def test_an_everyday_harmless_use_of_ordinary8_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                                kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


EVERYDAY8_BESIDE = [  # (phenomenon, text, kind): the same words told as a danger are still raised
    ("a kitchen fire, not a recipe's heat", "后厨油锅起了大火，火苗都窜到排烟管里了", "safety_hazard"),
    ("despair at the last hurdle", "这一关我是真过不去了，不想活了", "self_harm"),
    ("a screen taken off a high window, with a cry", "阳台的纱窗已经拆了，我真的不想活了", "self_harm"),
    ("a child left as the car drove off", "服务区有个小孩哭着喊妈妈，那辆车已经开走了", "minor_domestic"),
    ("a threat told like crushing a pest", "他说要像踩死蟑螂一样弄死我全家", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY8_BESIDE, ids=[x[0] for x in EVERYDAY8_BESIDE])
def test_the_same_words_of_ordinary8_told_as_a_danger_are_raised(det: RiskDetector, phenomenon: str, text: str,
                                                                 kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))
