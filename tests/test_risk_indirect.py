"""Dangers told indirectly, and the look-alikes the same devices make (session of 2026-12-03).

Written for these tests, never copied from a set. The phenomena: a routine told to say it broke (every
day…, three days not seen) is an event now, not a standing condition; someone's verdict the writer
disputes (说是误报，可…真的) settles nothing; smoke filling a place; a scream cut short; a crowd that has
shut a gate; an ending told as a place that suits it; a farewell that entrusts the family; a weapon
carried on the shoulder. And what only looks like them: a degree told by a likeness (红得像着火了), a
child touching their own mother, words said in anger taken back, an eye-roll, 它 for a pest, a tyre with
no air, a song one is hooked on, a thing taken away, a crowd gone home.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixture
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector


DANGERS = [  # (phenomenon, text, kind): each must be raised, certain or 疑似
    ("a routine told broken: days without it",
     "对门的刘奶奶天天早上在楼下打太极，这都四天没见着人了，敲门也没人应", "medical"),
    ("a routine told broken: not today",
     "隔壁独居的老爷子每天七点准时出门买菜，今天却没出门，电话也打不通", "medical"),
    ("a verdict disputed", "保安过来看了一眼说是误报，可走廊里的焦糊味真的越来越重", "safety_hazard"),
    ("a verdict disputed, the danger told before it",
     "超市里烟特别大，警报一直在响，店长说是误报让大家继续买，但烟还是越来越大", "safety_hazard"),
    ("smoke filling a place", "宿舍楼三层的走廊里全是烟，也不知道哪个房间的", "safety_hazard"),
    ("a scream cut short", "凌晨两点多听见楼上有个女的在哭喊，后来一下子没声了，到现在也没动静", "minor_domestic"),
    ("a crowd that has shut a gate", "几十个业主把售楼部的大门给堵死了，谁也进不去", "mass_incident"),
    ("an ending told as a place that suits it", "找到一个没人去的水库，安安静静的，很适合结束", "self_harm"),
    ("a farewell that entrusts the family", "这辈子活得太累了，我闺女以后就拜托你们照顾了", "self_harm"),
    ("a weapon on the shoulder", "他爸听说孩子在学校被欺负，扛着一把铁锹就去找那家人了", "threat"),
    ("a drill disputed", "社区说是在搞演练，可地下室冒出来的烟真的呛得人睁不开眼", "safety_hazard"),
    ("a stroke told with a word between", "我外公早上起来说话也不利索了，嘴角有点歪，拿筷子都费劲", "medical"),
    ("a heart racing after a pill", "吃了朋友给的提神药，心慌得不行，心跳一百四", "medical"),
    ("someone else's medicine by the sheet", "我爷爷把一整板安眠药当成胃药全吃了", "medical"),
    ("people who ate together all ill", "昨天单位聚餐，今天一桌人全在医院输液", "medical"),
    ("a lift trap told as a work order", "市民反映某小区3号楼电梯故障停在半空，被困者为两名老人，已被困四十分钟", "safety_hazard"),
    ("a way out shut where many live", "厂里的员工宿舍一层住了三十多个人，窗户全焊死了，楼道还堆着货", "safety_hazard"),
    ("sparks over what burns", "电焊的火星子直接往下掉，底下就是一堆泡沫板", "safety_hazard"),
    ("asking where the water is fastest and who watches", "想问下唐徕渠哪段水最深，半夜有没有人看着", "self_harm"),
    ("driving into the water", "我弟在电话里说要开车冲进黄河，现在联系不上了", "self_harm"),
    ("doused already", "他身上浇了一身汽油，手里攥着打火机，站在政府门口", "self_harm"),
    ("a height looked at again and again", "最近压力太大了，顶楼天台我这周去看了好几次", "self_harm"),
    ("an ending accepted beside water", "在黄河边坐了一晚上，水好急，就这样吧", "self_harm"),
    ("a child's way to school named to whoever reports", "敢去举报试试，你儿子上学路上小心点", "threat"),
    ("a knife taken up, in dialect", "再不给钱，我提上刀子寻他去", "threat"),
    ("an act told as the news it will make", "明天我去商场搞个大新闻，你们等着看", "threat"),
    ("a place filled with people who demand", "街道办门口站满了人，都在要求把补偿款发下来", "mass_incident"),
    ("many people organising to act together", "被骗的几百个家长拉了个群，说好周一统一行动", "mass_incident"),
    ("a village blocking a road", "我们村的人把渣土车的路拦了两天了，不给说法不放行", "mass_incident"),
    ("a weapon held on someone at home", "我继父喝醉了拿菜刀指着我妈，我躲在屋里不敢出去", "minor_domestic"),
    ("a blow told by a child", "孩子在日记里写：爸爸昨晚又打妈妈了，我不敢哭", "minor_domestic"),
    ("a child's recurring injuries", "邻居家小孩身上总是有伤，问他怎么弄的他就低头不说", "minor_domestic"),
    ("a dog loose after children", "小区里那条大狗不拴绳，天天追着孩子跑，吓哭好几个了", "minor_domestic"),
    ("a girl married off under age", "村里有户人家把闺女嫁人了，才十六，书都不让念了", "minor_domestic"),
    ("a schoolgirl courted by a grown man", "有个中年男的天天在校门口等我女儿，加她微信，还说周末带她去玩", "minor_domestic"),
    ("an old parent left somewhere", "车站门口有个老大爷坐了一下午，说女儿把他放这就走了，一直没人来接", "minor_domestic"),
    ("a plan given up on living", "欠的债这辈子也还不上了，我已经不打算活了", "self_harm"),
    ("something prepared, alone in a room", "我在一家宾馆的房间里，东西都准备好了，就想找个人说说话", "self_harm"),
    ("going to join the dead", "我爸走了以后我就没意思了，过几天去坟前陪他", "self_harm"),
    ("the means tried for strength", "阳台上那根麻绳我试过了能吃得住，今晚就不折腾了", "self_harm"),
    ("a duty handed on for good", "卡里的钱都留给你了，以后替我孝顺爸妈", "self_harm"),
    ("a battery swelling", "孩子床头的充电宝鼓起来了，摸着还发烫", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[d[0] for d in DANGERS])
def test_a_danger_told_indirectly_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind that must not be raised by a pattern)
    ("a degree told by a likeness", "傍晚的火烧云红得像着火了，整条街的人都在拍", "safety_hazard"),
    ("a degree told by a likeness, 跟…似的", "今年的枫叶红得跟烧起来似的，真好看", "safety_hazard"),
    ("a child touching her own mother", "小丫头趴在床边一直摸着妈妈的脸，不肯睡觉", "minor_domestic"),
    ("words said in anger taken back", "我前几天在群里说不想活了是气话，现在没事了，别担心", "self_harm"),
    ("an eye-roll", "室友又把我的酸奶喝了，我要杀了她🙄", "threat"),
    ("它 is no person", "这台破打印机又卡纸了，今天我跟它同归于尽", "threat"),
    ("a tyre with no air", "电动车后胎没气了，骑不动，附近哪有打气的", "medical"),
    ("a song one is hooked on", "这首歌单曲循环一下午，我彻底中毒了", "medical"),
    ("a thing taken away", "小区门口那个歪了的广告牌昨天被拆掉了，大家都放心了", "safety_hazard"),
    ("a crowd gone home", "上周在厂门口讨薪的工人，钱发下来了，现在人都回家了", "mass_incident"),
    ("an A-not-A question settles nothing it is not", "这个演练是不是真的，大家心里都有数", "safety_hazard"),
    ("a drill that nobody disputes", "物业说是消防演练，楼道里放了烟雾弹，大家排队下楼", "safety_hazard"),
    ("a heart rate in a check-up", "体检时心率一百以内都算正常吧", "medical"),
    ("a father's day out", "爸爸带我去公园玩了一天，还打了一会儿羽毛球", "minor_domestic"),
    ("a bite already treated, asked about", "小孩被狗咬伤了，打了狂犬疫苗，医保能报销吗", "minor_domestic"),
    ("a daughter married and well", "女儿嫁到隔壁县了，日子过得挺好", "minor_domestic"),
    ("a lie-in", "儿子放假天天睡懒觉叫不醒，怎么说都不听", "medical"),
    ("a rope for the washing", "晾衣服的绳子挺结实的，网上买的", "self_harm"),
    ("a phone's battery to be replaced", "手机电池鼓包了，去哪里换比较靠谱", "safety_hazard"),
    ("a show's heroine", "昨晚追的网剧里女主被困在电梯里，看得我心惊肉跳", "safety_hazard"),
    ("a pet's fall", "我家狗从沙发上跳下去扭了脚，带去宠物医院拍了片", "medical"),
    ("an idiom of self-criticism", "局里开会强调要刀刃向内，从严治党", "threat"),
    ("old classmates meeting", "周六一群老同学在南门广场集合，一起去贺兰山", "mass_incident"),
]


def test_a_child_the_danger_is_told_against_is_harm_to_minors_too(det: RiskDetector) -> None:
    out = raised(det, "有人在群里说要去某幼儿园门口报复，还发了刀的照片")
    assert "threat" in out
    assert out["minor_domestic"]["possible"] and out["minor_domestic"]["evidence"] == ["幼儿园门口", "旁有暴力威胁"]
    # a threat with no child named raises no second kind
    assert "minor_domestic" not in raised(det, "有人在群里说要去商场门口报复，还发了刀的照片")


def test_a_farewell_and_a_sum_of_money_are_no_danger(det: RiskDetector) -> None:
    # 路上小心 said to a guest; five hundred yuan is no crowd; rain washing slag into a river is no car
    assert raised(det, "路上小心点，到家给我发个消息") == {}
    assert "mass_incident" not in raised(det, "工资条上扣了五百块管理费，我要讨个说法")
    assert "self_harm" not in raised(det, "一下雨矿渣就冲进河里，河水都是黑的")


def test_an_a_not_a_question_is_no_settlement(det: RiskDetector) -> None:
    # 是不是真的 asks; it does not say the danger was not real (不是真的)
    assert "self_harm" in raised(det, "请问喝了百草枯是不是真的救不回来了，我已经喝了")


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_lookalike_of_the_same_devices_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                           kind: str) -> None:
    out = raised(det, text)
    # the model's own 疑似 guess aside (a person looks at it); no pattern fires and nothing is certain
    assert no_pattern(out, kind), (phenomenon, out)


def test_a_verdict_disputed_is_raised_as_possible_and_an_undisputed_one_settles(det: RiskDetector) -> None:
    disputed = raised(det, "楼道里一直冒烟，物业说是误报，可烟味真的越来越重")
    assert disputed["safety_hazard"]["possible"]  # their word against the writer's: a person judges
    assert "safety_hazard" not in raised(det, "楼道里冒烟，物业上来看了说是误报，是楼下在熏腊肉")


def test_a_routine_still_kept_is_a_standing_condition(det: RiskDetector) -> None:
    # every day and no break told: a complaint about a standing condition, not an emergency now
    assert "medical" not in raised(det, "长期有车堵在消防通道口，每天120都进不来怎么办")


def test_a_likeness_after_what_was_done_to_a_body_is_the_harm(det: RiskDetector) -> None:
    # 打得像…: the blow itself, not a figure of speech
    assert "minor_domestic" in raised(det, "他喝了酒把孩子打得跟个血人似的")
