"""How citizens phrase dangers and harmless uses, read from the set retired at the start of the second session of
2026-12-04 (eval18: late spring and early summer, canals, school outings, villages, building sites).

Written for these tests, never copied from a set. Dangers: a parent who will take the writer along in death,
told by the child; a meme of despair said to be meant this time; asking whether death clears one's debts;
asking how deep water is, unable to swim; fuel at hand with an ultimatum; a gas regulator box leaking; a
building that shakes and cracks; a flame gone out with the gas still on (no flame-failure guard); a meter that
runs with nothing on; a bus overloaded with children; a child missing from a group; drink sold to children; a
minor's age in digits where a minor must not be; a child made to kneel; someone in the water who has not come
up; tap water tasting of fuel; drinking water with a smell and people sick after it; a hand caught by a machine;
a stomach to be pumped in a hurry; a crowd with an alarm; dozens fighting; a village that will block whoever
comes; an office door locked by a crowd; a quota of people per household for a trip to the authorities.
Look-alikes: a cylinder's inspection, the number asked as a guess out of curiosity, an old story passed round
again, a safety meeting, how to check for a leak taught, plants killed by the wind, a bill that electrocutes,
an insect swatted, toil told as dying at it one day, someone who climbed down or came through, a clip seen
online of a rescue, a vehicle that caught fire by itself, a child back home, a railing fitted since, children
at play with parents watching, a meeting held, talk that stays talk, a meal together, children romping.
Beside several look-alikes, a danger told with the same words is still raised. From the everyday set of the
same session (ordinary6): several households dizzy at once, an accident wished on whoever acts; weather told as
unbearable, farmers hard pressed, renovation, a broken sign, falling fruit, a cracked screen, fire insurance, a
barrier arm, paper money burnt, an operation scheduled, a pet poisoned, a pencil knife, a prop, money counted, ground
fenced off, a canteen, a hole drilled, nothing happened over time.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern
from test_risk_harmless_uses import assert_model_quiet

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("a parent who will take the child along in death", "爸爸喝醉了说活不成了，要带我一起去死，我好害怕", "self_harm"),
    ("a meme of despair meant this time", "毁灭吧，不是开玩笑，我撑够了", "self_harm"),
    ("asking whether death clears one's debts", "我死了之后信用卡的钱是不是就不用还了", "self_harm"),
    ("asking how deep water is, unable to swim", "水库那边到底有多深，我一个人下去，反正不会游泳", "self_harm"),
    ("fuel at hand with an ultimatum", "我车上放着一桶汽油，钱给不给你们看着办", "threat"),
    ("a gas regulator box leaking", "单元门口的燃气调压柜一直在漏，走过去全是味", "safety_hazard"),
    ("a building that shakes and cracks", "房子一直晃，客厅墙上裂开一道口子", "safety_hazard"),
    ("a flame gone out with the gas still on", "汤扑出来把火浇灭了，阀门一直开着没人发现", "safety_hazard"),
    ("a stove without a flame-failure guard", "老灶台没有熄火保护，火被风吹灭了气还开着", "safety_hazard"),
    ("a meter running with nothing on", "燃气灶都没开，表还在转，屋里有煤气味", "safety_hazard"),
    ("a vehicle overloaded with children", "接送的面包车超载，十几个娃娃挤在后排", "minor_domestic"),
    ("a vehicle overloaded with children, a hazard too", "接送的面包车超载，十几个娃娃挤在后排", "safety_hazard"),
    ("a child missing from a group", "夏令营点名少了一个孩子，带队的说不知道", "minor_domestic"),
    ("drink sold to children", "那家超市卖给学生白酒，也不看身份证", "minor_domestic"),
    ("a minor's age in digits where she must not be", "邻居家闺女才15岁，被人带去ktv陪酒", "minor_domestic"),
    ("a child made to kneel", "托管班的老师罚她跪在门口，跪了两个小时", "minor_domestic"),
    ("someone in the water who has not come up", "有个人跳进湖里游泳，半天没上来", "medical"),
    ("tap water tasting of fuel", "今天自来水一股柴油味，烧开了还是那个味", "medical"),
    ("drinking water with a smell, people sick after it", "饮水机里的水有股怪味，孩子们喝完都拉肚子", "medical"),
    ("a hand caught by a machine", "我哥在厂里被机器绞了手，血一直往外冒", "medical"),
    ("a stomach to be pumped in a hurry", "哪个医院晚上能洗胃，赶紧告诉我", "medical"),
    ("a crowd with an alarm", "项目部门口来了几十个工人，你们快派人来，要出事了", "mass_incident"),
    ("dozens fighting", "夜市两伙人在打架，少说也有几十个人", "mass_incident"),
    ("a village that will block whoever comes", "全村人商量好了，谁来拆就一起挡着", "mass_incident"),
    ("an office's door locked by a crowd", "几十个业主把售楼处的门锁了，不让经理走", "mass_incident"),
    ("a quota of people per household", "群里通知每户出一个人，周一一起去县里", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_a_danger_told_this_way_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires (the model may still guess, as 疑似)
    ("the number asked as a guess, out of curiosity", "家暴的报警电话是110吗？就是好奇", "minor_domestic"),
    ("an old story passed round again", "群里有人说仓库着火了，其实是去年的事，今天被人转出来了", "safety_hazard"),
    ("a safety meeting held", "街道开了个安全会，讲电动车不能进楼道充电", "safety_hazard"),
    ("how to check for a leak taught", "燃气公司的人教我们怎么看有没有漏气，挺实用", "safety_hazard"),
    ("plants killed by the wind", "阳台上的月季被风吹死了，可惜", "safety_hazard"),
    ("a bill that electrocutes", "空调开了一个月，快被电费电死了", "safety_hazard"),
    ("an insect swatted", "厨房里打死一只老鼠，吓我一跳", "threat"),
    ("toil told as dying at it one day", "我爸说他早晚要交代在这片果园里，可还是天天去", "self_harm"),
    ("someone who climbed down after being paid", "桥上那个讨薪的大哥工钱结了，人已经下来了，谢谢民警", "self_harm"),
    ("someone who came through", "我以前也想过不活了，后来走出来了，现在过得挺好", "self_harm"),
    ("a clip of a rescue seen online", "快手上看到外地一个人在楼顶要跳，被消防救下了", "self_harm"),
    ("a vehicle that caught fire by itself", "听说隔壁单元的电动车在楼下烧了，还好没人受伤", "threat"),
    ("a child back home", "儿子闹着离家出走，到小区门口又回来了", "minor_domestic"),
    ("a railing fitted since", "那个水塘前年淹死过一个娃，现在装了护栏，放心多了", "minor_domestic"),
    ("children at play, parents watching", "广场喷泉边一群小孩在玩水，家长都在旁边", "minor_domestic"),
    ("a meeting held", "镇上通知各村去开会讲拆迁补偿，来了两百多人，会开得很顺利", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


def test_shame_over_a_result_is_for_a_person_not_certain(det: RiskDetector) -> None:
    # 没脸见人 is how a bad exam or a haircut is told as often as an ending: 疑似, never dropped
    out = raised(det, "驾照考了三次没过，没脸见人了")
    assert "self_harm" in out and out["self_harm"]["possible"], out


MODEL_QUIET = [  # (phenomenon, text, kind, word that keeps the model's guess quiet)
    ("a cylinder's inspection", "家里液化气罐子该检了，去哪检", "safety_hazard", "该检了"),
    ("talk that stays talk", "业主们在群里骂物业骂了一晚上，嚷着要维权，其实就是说说", "mass_incident", "就是说说"),
    ("a meal together", "收工以后工友们一起去吃烤肉，热热闹闹的", "mass_incident", "一起去吃"),
    ("children romping", "弟弟跟表哥在床上打闹，把枕头都扯破了", "minor_domestic", "打闹"),
]


def test_romping_the_model_no_longer_guesses_raises_nothing(det: RiskDetector) -> None:
    # the model that learnt eval18-eval21 (fifth session of 2026-12-04) gives this romp no harm at home even
    # at 0.05, so the cancel is shown on another romp above; this one still raises nothing
    assert "minor_domestic" not in raised(det, "娃跟同桌在教室打闹，把书包带子扯断了")


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_a_harmless_use(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                 text: str, kind: str, by: str) -> None:
    assert_model_quiet(det, eager, phenomenon, text, kind, by)


# ---- the everyday set of the same session (ordinary6): danger's words in ordinary hotline messages
EVERYDAY_DANGERS = [  # (phenomenon, text, kind)
    ("several households dizzy at once", "楼道里一股油漆味，好几户都头晕，有个老人吐了", "medical"),
    ("an accident wished on whoever acts", "村主任放话，谁敢去告就叫他出门被车撞", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY_DANGERS, ids=[x[0] for x in EVERYDAY_DANGERS])
def test_an_everyday_danger_told_this_way_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


EVERYDAY_LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("weather told as unbearable", "零下二十度，冷得不想活了，公交站能不能加个棚😂", "self_harm"),
    ("farmers hard pressed by prices", "今年枸杞收购价太低，种植户撑不下去了，有补贴吗", "self_harm"),
    ("a picture knocked askew by renovation", "对门装修电钻一响，我家挂画都震歪了", "safety_hazard"),
    ("a corner broken off a sign", "单元门上的宣传牌掉了一个角，看着不好看", "safety_hazard"),
    ("fruit that falls on a car", "院里的核桃掉下来砸在车上，谁管修树", "safety_hazard"),
    ("a cracked phone screen", "新买的手机屏幕炸了一条缝，商家不给换", "safety_hazard"),
    ("fire insurance asked about", "开小超市要不要买火灾保险，有没有规定", "safety_hazard"),
    ("a barrier arm on a car", "停车场道闸砸车好几回了，管理员说是我们开太快", "safety_hazard"),
    ("paper money burnt for the dead", "路口天天有人烧纸钱，风一刮到处都是灰", "threat"),
    ("an operation scheduled", "我妈的手术排上刀了，又说麻醉师不够要改期", "threat"),
    ("a pet poisoned, asked about at law", "我家猫被人下药毒死了，能不能找他赔", "threat"),
    ("a pencil knife", "儿子带了把小刀去学校削铅笔，被老师收走了", "threat"),
    ("a prop at a costume party", "万圣节活动的道具刀做得太逼真，小孩看了哭", "threat"),
    ("money counted, not people", "暖气清洗要我们自己掏钱，一次两百块，堵了也不管", "mass_incident"),
    ("ground fenced off", "开发商把小区空地围起来说要盖商铺，业主都没同意", "mass_incident"),
    ("a canteen's portions", "学校伙食太少，孩子回家说饿得不行", "minor_domestic"),
    ("a hole drilled in a wall", "物业把我家外墙打了个洞走管子，也没通知", "minor_domestic"),
    ("nothing happened over time", "小区路窄，救护车打120进不来，这些年倒是没出什么事，建议拓宽", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY_LOOKALIKES, ids=[x[0] for x in EVERYDAY_LOOKALIKES])
def test_an_everyday_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


def test_a_falling_block_is_a_hazard_though_no_one_was_hit(det: RiskDetector) -> None:
    # 没砸着人 settles nothing: the block fell and the next may hit someone
    assert "safety_hazard" in raised(det, "楼顶掉下来半块砖，砸在自行车棚上，好在没砸着人")


EVERYDAY_MODEL_QUIET = [  # (phenomenon, text, kind, word)
    ("a school place asked for", "孩子哭着要上学，学位什么时候给", "minor_domestic", "学位"),
    ("a taxi that refused a fare", "高铁站的出租车拒载，嫌路近都不去", "mass_incident", "拒载"),
    ("a drain blocked", "楼里下水道堵了，整个单元都往外冒水", "safety_hazard", "下水道堵"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), EVERYDAY_MODEL_QUIET, ids=[x[0] for x in EVERYDAY_MODEL_QUIET])
def test_the_model_stays_quiet_on_an_everyday_use(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                  text: str, kind: str, by: str) -> None:
    assert_model_quiet(det, eager, phenomenon, text, kind, by)
