"""Threats and harm to children told the way a post without punctuation or a neighbour tells them.

Written for these tests (not copied from any data set). Two phenomena of how citizens write:

* a post whose clauses are parted by spaces, not commas (那男的住哪我打听到了 今天就去): the space ends
  a clause, so a negation or a past marker of one clause does not reach into the next;
* a threat or a child's danger told in the third person, by consequence or in dialect: a reckoning
  promised as a show (看我怎么收拾他), harm promised by where the target ends up (包你躺着出去), a
  warning of worse (只是开始), a child hurt by an adult with power over them (被教练踢了), a child left
  alone at home, violence waved away as a family matter (说是家务事).

Each danger must be raised (疑似 where a person must judge); each look-alike beside it must not.
"""

from __future__ import annotations

import pytest
from test_risk import det, flags  # noqa: F401 - fixture

from monitor.classify.risk import RiskDetector, model_text, normalise


# ------------------------------------------------------------------ a space that ends a clause

def test_a_space_between_clauses_is_kept_as_one_and_word_spacing_is_removed() -> None:
    assert normalise("我也没脸回家了 铁棍就在车上  明天去找他") == "我也没脸回家了 铁棍就在车上 明天去找他"
    assert normalise("打 １２０ 一直 占线，人 晕倒 了") == "打120一直占线,人晕倒了"  # short pieces: word spacing
    assert normalise("工资扣了300 老板不见人") == "工资扣了300老板不见人"  # a digit beside the space: no clause told
    assert model_text(normalise("我也没脸回家了 铁棍就在车上")) == "我也没脸回家了铁棍就在车上"  # the model reads as trained


def test_a_negation_of_one_spaced_clause_does_not_reach_the_next(det: RiskDetector) -> None:
    # 没 of 没脸回家了 once denied the knife told after it, the space removed
    assert "threat" in flags(det, "钱要不回来我也没脸回家了 刀就在包里 见到他就捅")
    assert "threat" not in flags(det, "钱要不回来 我也没拿刀 就是想跟他好好谈谈")


# ------------------------------------------------------------------ threats

CONSEQUENCE_PAIRS = [  # (phenomenon, look-alike, danger in the same words, its kind)
    ("a reckoning promised as a show of what the writer will do",
     "明天看我怎么收拾这个乱糟糟的阳台", "那个收费的我记住他了 明天看我怎么收拾他", "threat"),
    ("harm promised by where the target will end up",
     "医生说再观察两天 要是不发烧就可以出院回家", "你再来我店里闹 我包你躺着出去", "threat"),
    ("damage done as a warning of worse",
     "这次涨价只是开始 下个月菜价还要涨", "他家玻璃砸了只是开始 再不还钱下次就不是玻璃了", "threat"),
    ("people thrown or burnt along with a thing",
     "大风把棚子连同杂物一起刮跑了", "再往我地里倒垃圾 我把车连人一起推到沟里", "threat"),
    ("a target's home found out",
     "新房子住哪个小区还没定 正在打听", "那个骗我钱的住哪我已经打听到了 这两天就去", "threat"),
    ("a blow on a family member with a thing (砸, 烫)",
     "过年时核桃都是我叔一个个砸开的", "我奶奶被我叔拿暖壶砸了肩膀", "minor_domestic"),
    ("a child hurt by an adult with power over them",
     "我侄子在武术班被教练表扬了，说他踢腿标准", "我侄子在武术班被教练踢了两脚，腰青了一大块", "minor_domestic"),
    ("violence waved away as a family matter",
     "社区调解员说这是家务事，让我们两口子自己商量买房的事", "民警来了说是家务事就走了，晚上他又打了我一顿", "minor_domestic"),
]


def test_blows_counted_on_people_are_certain(det: RiskDetector) -> None:
    r = flags(det, "那几个骗子 逮着他们我一刀一个")["threat"]
    assert r["possible"] is False


def test_people_held_until_paid_reach_a_person_and_a_lawful_way_takes_it_back(det: RiskDetector) -> None:
    assert flags(det, "不把工钱结清，今天你们谁也别想走")["threat"]["possible"] is True
    assert "threat" not in flags(det, "不把工钱结清，今天谁也别想走，明天就去劳动仲裁")


def test_a_lock_changed_by_the_victim_settles_no_threat_but_a_part_replaced_settles_a_leak(det: RiskDetector) -> None:
    assert "threat" in flags(det, "前男友扬言要拿刀砍我，我已更换门锁")
    assert "safety_hazard" not in flags(det, "厨房燃气管漏气，燃气公司已更换了接头")


# ------------------------------------------------------------------ children and harm at home

@pytest.mark.parametrize("danger", [
    "对门的小孩被反锁在家三天了，敲门也没人应",                # a child left alone
    "楼下的小孩天天挨捶，哭声整栋楼都听得到",                  # a beating told in dialect (挨捶)
    "那几个小孩在渠里游来游去，周围一个大人都没有",            # children at deep water
    "小区门口有个男人老给放学的小学生递饮料",                  # a stranger courting children
    "教练让学生们在烈日下跑圈，有两个已经站不稳了",             # children kept in the sun
    "他一喝酒砸东西，闺女吓得躲在床底下",                      # a child frightened into hiding
    "女儿被同学在班群里造谣，现在都不敢去学校",                # a child bullied in words
    "儿子在游戏里认识了一个人，对方让他周末出来见面",           # a child met through a game
])
def test_a_child_in_danger_told_by_circumstance_reaches_a_person(det: RiskDetector, danger: str) -> None:
    assert "minor_domestic" in flags(det, danger)


@pytest.mark.parametrize("lookalike", [
    "孩子放暑假了，我们打算送他去姥姥家住一个月",
    "女儿周末自己在家写作业，我下班顺路买菜回去",
    "周末带孩子去湖边野餐，风景特别好",
    "女儿和同学一起在游戏里组队，玩得很开心",
    "儿子学校食堂的饭有点少，他说中午吃不饱",
    "闺女写完作业我就给零食奖励",
])
def test_a_child_in_an_ordinary_day_raises_nothing(det: RiskDetector, lookalike: str) -> None:
    assert "minor_domestic" not in flags(det, lookalike)


# ------------------------------------------------------------------ look-alikes of the same posts

LOOKALIKE_PAIRS = [  # (phenomenon, look-alike that raises nothing, danger in the same words, its kind)
    ("a knife on food",
     "厨房师傅拿着菜刀剁骨头，咚咚响", "他拿着菜刀在楼道里追着邻居砍", "threat"),
    ("a knife on a film set",
     "古镇在拍戏，演员拿着刀跑来跑去", "有个男的拿着刀在小区门口转，说要找物业经理", "threat"),
    ("children sent away from the water",
     "河边那几个野泳的孩子 保安过去劝走了", "河边那几个野泳的孩子还在水里，没人管", "minor_domestic"),
    ("a story of another city",
     "看到有人说某个城市一个老人在地铁上晕倒了，乘客帮忙叫了车", "我们这趟公交上有个老人晕倒了，叫不醒", "medical"),
    ("a skit",
     "单位年会节目有个小品演家暴，大家看完都在讨论", "邻居家暴，女的被打得满脸是血", "minor_domestic"),
    ("an effect in an escape room",
     "那个鬼屋有股煤气味的特效，吓人得很", "楼道里一股煤气味，越来越浓", "safety_hazard"),
    ("poisoning at a restaurant dealt with",
     "那家出了食物中毒的饭店已经被查封了，大家放心", "单位食堂中午吃完，十几个人食物中毒在吐", "medical"),
    ("heat told as wanting to die",
     "天太热了 真不想活了 空调还坏着", "工作丢了老婆也走了 真不想活了", "self_harm"),
    ("a jump to cool off",
     "这天气真想跳进湖里凉快凉快", "他站在湖边说想跳进湖里，叫也不回头", "self_harm"),
    ("a figure of speech named as one",
     "中午想跳河，是形容热的，别当真", "活着太累了，今晚就想跳楼", "self_harm"),
    ("a dance told twice",
     "楼下大妈跳舞跳到一半，音响没电了", "有人站在楼顶边上要往下跳", "self_harm"),
]


SECOND_PAIRS = [  # (phenomenon, look-alike that raises nothing, danger in the same words, its kind)
    ("a clock time is no fire set",
     "孩子们暑假天天在楼下玩 晚上十点了还不回家", "他说今晚就把那栋楼点了", "threat"),
    ("a thing ruined is no person maimed",
     "一场大雨 新买的鞋全废了 人倒没事", "再让我看见他 我就废了他", "threat"),
    ("an idiom of lying",
     "这广告说得天花乱坠 真是骗人不偿命", "他撞了我爸就跑 我要让他偿命", "threat"),
    ("a wish withdrawn at the head of the next clause",
     "外甥把我手机摔了 真想揍他一顿 可下不去手", "他又把我妈推倒了 我真想揍死他 刀都拿在手里了", "threat"),
    ("a question about a remedy",
     "中暑了吃仁丹管用吗", "我爸在地里干活中暑了 人叫不醒", "medical"),
    ("a child brought up by grandparents",
     "儿子从小跟着奶奶 现在接回城里了 有点认生", "有个陌生男人一直跟着放学的小女孩", "minor_domestic"),
    ("a jump off a sofa",
     "小侄子在沙发上往下跳 摔了个屁股墩", "他站在天台边上说要往下跳", "self_harm"),
    ("water pumped out of an underpass",
     "前天淹了的下穿隧道已经抽干了 今天正常通车", "下穿隧道淹了 有辆车困在里面", "safety_hazard"),
]


SETTLED_PAIRS = [
    ("a report to the police is a lawful way: the model's threat guess stays quiet (the patterns still read)",
     "这个房东押金不退还骂人 明天我就去派出所报案", "房东说再不搬走就找人砍我 我明天去派出所报案", "threat"),
    ("another place's story",
     "刚刷到外地一个小孩被锁在车里 大家夏天一定注意", "停车场有个小孩被锁在车里 车窗都是雾", "minor_domestic"),
    ("a blow long past and a family now at peace",
     "前年我老公打过我一次 后来去做了咨询 现在挺好的", "前年我老公打过我一次 昨晚又打了 现在还在砸门", "minor_domestic"),
    ("a crack judged harmless by those who came to look",
     "单元楼外墙的裂缝 住建局来鉴定了 说是抹灰层开裂 不影响结构", "单元楼外墙的裂缝越裂越大 晚上还掉渣", "safety_hazard"),
]
THIRD_PERSON_PAIRS = CONSEQUENCE_PAIRS + LOOKALIKE_PAIRS + SECOND_PAIRS + SETTLED_PAIRS
"""Read by ``test_risk_lookalikes``: each look-alike raises nothing, each danger its kind."""
