"""How citizens phrase danger indirectly, read from the set retired at the start of the third session of
2026-12-04 (eval19: winter, a neighbour's eye, work and wages) and eval18's remaining misses.

Written for these tests, never copied from a set. Dangers told by what someone did or said, by the means at
hand, by an absence or by scouting a height or the water: someone sitting outside a balcony railing; what one
owns handed on with a farewell; not afraid of dying, only of the pain; going to join someone who died; standing
at the water's or the platform's edge again and again; a rooftop found quiet; a child's writing of going away and
leaving things; sleeping pills gathered from one doctor after another; oneself taken along with the one blamed;
where someone lives known and told; a home looked up by one with a grudge; a child taken as a debt's pledge; a
child's way to school known, with an ultimatum; fuel brought back by someone fired; a crack that grows; a pressure
vessel over its mark; drums that bulge; dust that can explode; glass overhead cracked; a smell that may be gas; a
call to gather with proof of debt; a road dug up by villagers; a strike called; many at one table sick; someone
struck by lightning; children in hospital after the water; the signs of a stroke; a guard rail gone since last
year (a state reached then and lasting is no history); gas opened in despair (a hazard beside 轻生).
Look-alikes: a budget cut, a queue for food, a hangover, spanking asked about, a golden-egg promotion, a life
without a favourite food, a winter swimming festival, smoke cleared after airing, a purse emptied, a phone flooded
with calls, cats in a flock, kicking someone out in a huff, a warning passed round, a wedding shoot's pose, a threat
laughed at by the one who made it, a patient thanking those who answered; the model quiet on refused pills, a
problem that drives one mad, a toddler who will not sleep, manure on a vegetable patch, the kang fired.
"""

from __future__ import annotations

import pytest
from test_risk import det, eager  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern
from test_risk_harmless_uses import assert_model_quiet

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("someone sitting outside a balcony railing", "对面楼有个小伙子坐在阳台栏杆外面，两条腿悬空晃着", "self_harm"),
    ("what one owns handed on with a farewell", "我的装备都转给你们了，以后不上线了，别找我", "self_harm"),
    ("things given away, the keys left", "楼下独居的大爷把家具全送人了，还把钥匙交给了门卫", "self_harm"),
    ("not afraid of dying, only of the pain", "其实我不怕死，就是怕痛，一直下不去手", "self_harm"),
    ("going to join someone who died", "老伴去世以后，我妈天天念叨我去陪你", "self_harm"),
    ("standing at the water's edge again and again", "那个小伙子又在河边站了一下午，上回就是保安拉回来的", "self_harm"),
    ("stepping forward and back at a platform's edge", "地铁站台边有个大姐一直站着，车进站她往前挪了一下", "self_harm"),
    ("a canal walked round and round", "一个人在渠边走了好几圈了，也不说话", "self_harm"),
    ("a rooftop found quiet", "下午上了趟天台，挺安静的，平时也没人上来", "self_harm"),
    ("a child's writing of going away", "儿子日记里写等我不在了，把我的玩具都送给表弟", "self_harm"),
    ("a grave drawn", "女儿的作业本上画了个墓碑，上面写着自己的名字", "self_harm"),
    ("pills gathered from one doctor after another", "每个诊所只开给我一点安眠药，再跑几家就攒够了", "self_harm"),
    ("oneself taken along with the one blamed", "再不给个说法，我就把自己和那个包工头一起送走", "self_harm"),
    ("oneself taken along with the one blamed, a threat", "再不给个说法，我就把自己和那个包工头一起送走", "threat"),
    ("where someone lives, known and told", "你别以为躲得了，我知道你住哪", "threat"),
    ("an address remembered, a visit promised", "那个给我差评的人，地址我记着呢，今晚就去找他", "threat"),
    ("a home looked up by one with a grudge", "被开除的那个保安到处打听经理的家庭住址", "threat"),
    ("a child taken as a debt's pledge", "催债的说再拖一周就把我儿子带走抵债", "threat"),
    ("a child's way to school known", "钱再不还，你闺女放学的路上我熟得很", "threat"),
    ("fuel brought back by someone fired", "上个月被辞退的司机拎着一桶汽油在厂门口转", "threat"),
    ("a crack that grows", "卧室墙上的缝越来越宽，现在都能塞进手指了", "safety_hazard"),
    ("a guard rail gone since last year", "河堤上那段栏杆去年就冲没了，孩子们天天从那走", "safety_hazard"),
    ("a pressure vessel over its mark", "锅炉房的压力表这两天一直往上涨，没人管", "safety_hazard"),
    ("a relief valve never checked", "厂里那台锅炉的安全阀好几年没人检", "safety_hazard"),
    ("drums that bulge in the sun", "院子里那几桶稀料晒了一夏天，桶都胀起来了", "safety_hazard"),
    ("dust that can explode", "磨坊里面粉扬得到处都是，师傅说煤粉这种东西见火星就炸", "safety_hazard"),
    ("glass overhead cracked", "商场门口的采光顶裂了好几块，就在入口正上方", "safety_hazard"),
    ("a smell that may be gas", "楼道里闻着有点像煤气，又说不准", "safety_hazard"),
    ("gas opened in despair, a hazard too", "我把厨房的燃气打开了，门窗都关好了，不想活了", "safety_hazard"),
    ("a call to gather with proof of debt", "明天一早工地门口集合，工友们都叫上，欠条带好", "mass_incident"),
    ("a road dug up by villagers", "村民们把进砂场的路挖断了，车都过不去", "mass_incident"),
    ("a strike called", "全市的外卖员周五都不接单，停一天给平台看看", "mass_incident"),
    ("many at one table sick", "昨晚吃完席同桌的好几个人都上吐下泻", "medical"),
    ("someone struck by lightning", "放羊的大叔让雷劈了，倒在地里不动了", "medical"),
    ("children in hospital after the water", "小区自来水发黄好几天了，楼下两个孩子拉肚子住院了", "medical"),
    ("the signs of a stroke", "我爸刚才突然说不出话，嘴歪到一边，口水直流", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_a_danger_told_indirectly_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires (the model may still guess, as 疑似)
    ("a budget cut", "财务说下半年要砍我们科室的经费", "threat"),
    ("a queue for food", "奶茶店开业，门口排长队，骑手们都在等餐", "mass_incident"),
    ("a hangover", "周末喝多了，头晕了一上午，发誓戒酒", "medical"),
    ("spanking asked about", "孩子顶嘴的时候你们会打屁股吗", "minor_domestic"),
    ("a golden-egg promotion", "超市门口搞砸金蛋，砸中就送一袋大米", "safety_hazard"),
    ("a life without a favourite food", "不想活在没有奶茶的日子里，今天必须喝一杯", "self_harm"),
    ("a winter swimming festival", "冬泳节上一群大爷从冰窟窿跳进河里，看得我直哆嗦", "self_harm"),
    ("smoke cleared after airing", "炒辣椒呛得满屋是烟，开窗散了好一会才好", "safety_hazard"),
    ("a purse emptied", "孩子的补习班一报名，钱包都被掏空了", "safety_hazard"),
    ("a phone flooded with calls", "双十一快递电话太多，手机都要爆炸了", "safety_hazard"),
    ("cats in a flock", "门卫大爷养的一大群猫围着他要吃的", "mass_incident"),
    ("kicking someone out in a huff", "他又打了一晚上游戏，真想把他踢出家门", "minor_domestic"),
    ("a warning passed round", "物业发了个通知，提醒大家不要把电瓶车推进电梯", "safety_hazard"),
    ("a wedding shoot's pose", "公园里有人拍婚纱照，新郎从台阶上跳下来摆造型", "self_harm"),
    ("a threat laughed at by the one who made it", "我姐嚷着要打死她家狗，说完自己先笑了", "threat"),
    ("a patient who came through and thanks", "去年我发帖说想不开，现在在看心理医生，谢谢当时安慰我的人", "self_harm"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


BESIDE = [  # (phenomenon, text, kind): the same words told as a danger are still raised
    ("a railing sat outside with flower pots below is still a cry", "他坐在阳台栏杆外面好久了，腿悬空，十几楼", "self_harm"),
    ("a budget named beside a knife is still a threat", "老板砍了我的奖金，我明天拿刀去砍他", "threat"),
    ("a winter swimmer's lake with a cry told", "冬泳的人都走了，我还坐在冰面上，不想回去了，活着没意思", "self_harm"),
    ("a phone battery that swells while charging", "电瓶车的电池鼓包了，还在楼道里充电", "safety_hazard"),
    ("a past event told with 就 + what happened then is history", "去年就着过一回火，现在都修好了", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), BESIDE[:-1], ids=[x[0] for x in BESIDE[:-1]])
def test_the_same_words_told_as_a_danger_are_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


def test_a_state_since_then_is_not_a_settled_event(det: RiskDetector) -> None:
    # 去年就冲没了 tells a railing gone since then (still gone); 去年着过一回火 with 修好了 stays history
    assert "safety_hazard" in raised(det, "桥边的护栏去年就冲垮了，到现在还是那样")
    assert no_pattern(raised(det, BESIDE[-1][1]), "safety_hazard")


MODEL_QUIET = [  # (phenomenon, text, kind, word that keeps the model's guess quiet)
    ("pills refused", "这几天老失眠，可我不想吃安眠药", "self_harm", "不想吃安眠药"),
    ("a problem that drives one mad", "这道题快把我逼疯了，明天就要交，谁来帮帮我", "threat", "这道题"),
    ("a toddler who will not sleep", "二宝晚上不肯睡，哄到半夜", "minor_domestic", "不肯睡"),
    ("manure on a vegetable patch", "楼下菜地施农家肥，味道飘进屋里", "safety_hazard", "农家肥"),
    ("the kang fired in winter", "姥姥烧炕烧得太热，半夜起来喝了好几次水", "medical", "烧炕"),
]


def test_a_smoky_kang_the_model_no_longer_guesses_raises_no_emergency(det: RiskDetector) -> None:
    # the model that learnt eval18-eval21 (fifth session of 2026-12-04) gives this kang no emergency even at
    # 0.05, so the cancel is shown on another kang above; this one still raises none
    assert "medical" not in raised(det, "天冷了，奶奶天天烧炕，屋里烟大")


@pytest.mark.parametrize(("phenomenon", "text", "kind", "by"), MODEL_QUIET, ids=[x[0] for x in MODEL_QUIET])
def test_the_model_stays_quiet_on_a_harmless_use(det: RiskDetector, eager: RiskDetector, phenomenon: str,
                                                 text: str, kind: str, by: str) -> None:
    assert_model_quiet(det, eager, phenomenon, text, kind, by)


# ---- harm at home and crowds told indirectly: what the model alone raised on the development sets, now the rules'
# (so that a retrain cannot take it away); each raised by a pattern, not only by the model's guess
BY_RULE = [  # (phenomenon, text, kind)
    ("a child with no grown-up about", "楼下那俩娃爸妈都出去打工了，大的才八岁，自己在家已经一个礼拜", "minor_domestic"),
    ("a child told to be unwanted", "商场门口蹲着个小男孩，问他他说妈妈不要他了", "minor_domestic"),
    ("a child left hungry", "隔壁那个小姑娘天天去垃圾箱翻吃的，才六七岁", "minor_domestic"),
    ("marks waved off as a fall", "我妹一年到头带着伤来回娘家，一问就说摔的", "minor_domestic"),
    ("a partner's threat over a divorce", "他撂下话，我敢提离婚他就把我们一家都弄死", "minor_domestic"),
    ("a child pulled into a car", "路口有个男的把一个背书包的小女孩往车里拽", "minor_domestic"),
    ("a stranger luring children", "这几天校门口总有个男的给小孩发糖，还问他们住哪", "minor_domestic"),
    ("an old parent's pension taken", "我大伯把奶奶的养老金全拿走了，奶奶连药都买不起", "minor_domestic"),
    ("a partner kept from her family", "他把我锁在屋里，手机也收走了，不让我跟娘家联系", "minor_domestic"),
    ("a child put to work", "那家饭馆雇了个十三四岁的孩子洗碗，天天干到半夜", "minor_domestic"),
    ("a girl under age promised in marriage", "村里老李家闺女才十五岁，已经收了彩礼要嫁过去", "minor_domestic"),
    ("a pupil bringing a knife", "家长群里说有个学生扬言明天带刀来学校", "minor_domestic"),
    ("a sick child kept from care", "娃发烧三天了，他爷爷就是不让去医院，说捂捂汗就好", "minor_domestic"),
    ("a child set upon by a group", "几个大孩子把一个小学生按在地上打，旁边还有人录视频", "minor_domestic"),
    ("an old mother left alone", "他们把瘫在床上的老娘一个人扔在老屋里，好几天没人去", "minor_domestic"),
    ("a baby crying, nobody answering", "楼上的小宝宝哭了一整天，敲门也没人应，不知道大人去哪了", "minor_domestic"),
    ("a crowd at an office's door", "现在三百多个储户都在金融局门口", "mass_incident"),
    ("a crowd gone to the petition office", "几十户回迁户上午一起去了信访局", "mass_incident"),
    ("a crowd agreed to go", "我们村五十多户都商量好了，下礼拜包车去省里讨个说法", "mass_incident"),
    ("a crowd that stays put", "工人们全坐在项目部门口，说不给钱不走，都待了两天了", "mass_incident"),
    ("a trade stopping together", "明天全城的货车司机都不出车，集体去交通局", "mass_incident"),
    ("many going to the capital, told far from their number", "我们这四十多户种枸杞的，补贴三年没发，下周一块去自治区", "mass_incident"),
    ("many breaking or blocking", "几十个工人把厂门堵了，货车一辆也出不去", "mass_incident"),
    ("a crew climbing up until paid", "班组的工友说好了，明天一起上塔吊，不给钱不下来", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), BY_RULE, ids=[x[0] for x in BY_RULE])
def test_harm_at_home_and_crowds_told_indirectly_are_the_rules(det: RiskDetector, phenomenon: str, text: str,
                                                                kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (phenomenon, det.detect(text))


BY_RULE_LOOKALIKES = [  # (phenomenon, text, kind): the same words in ordinary talk raise no pattern
    ("a canteen's food disliked", "学校食堂饭菜太难吃，女儿老是饿着肚子放学", "minor_domestic"),
    ("people all complaining", "楼里的住户们都在抱怨物业，说要换一家", "mass_incident"),
    ("parents agreeing on an outing", "家长们在群里约好了周六带娃去植物园", "mass_incident"),
    ("a pension asked about", "我妈的养老金什么时候能涨，去哪里问", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), BY_RULE_LOOKALIKES, ids=[x[0] for x in BY_RULE_LOOKALIKES])
def test_the_same_words_in_ordinary_talk_raise_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                          kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


MORE_LOOKALIKES = [  # (phenomenon, text, kind): ordinary talk told with the words of these rules
    ("a baby crying next door, a noise complaint", "楼上孩子一直哭，敲门也没人应，吵得睡不着", "minor_domestic"),
    ("a pension spent on a grandchild", "奶奶的退休金都拿走给孙子买房了", "minor_domestic"),
    ("a doctor's advice to stay home", "医生说孩子发烧不让去医院，在家观察", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), MORE_LOOKALIKES, ids=[x[0] for x in MORE_LOOKALIKES])
def test_ordinary_talk_with_these_words_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                          kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


RETRAIN_SHUFFLE = [  # (phenomenon, text, kind): raised by the model alone before the retrain, by a pattern now
    ("a cut on oneself promised", "再不退钱，我明天就到你们店里把自己划了", "self_harm"),
    ("a machine someone lives on stopped by a power cut", "小区突然停电，我爸的制氧机停了，什么时候来电", "medical"),
    ("a bomb claimed where people are", "商场里有个醉汉喊说他身上有炸弹，保安都过去了", "threat"),
    ("children pricked by their minder", "托管班有个阿姨拿针扎小朋友的手心，孩子回来不敢说", "minor_domestic"),
    ("thinking how to vanish", "最近一直在想怎么消失才不拖累家里", "self_harm"),
    ("taking leave of the world", "今晚就跟这个世界说再见了，谢谢大家", "self_harm"),
    ("a group counting cars to go and block", "车主群里在统计车队，说明天开车去堵售楼处", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), RETRAIN_SHUFFLE, ids=[x[0] for x in RETRAIN_SHUFFLE])
def test_what_a_retrain_took_away_is_the_rules(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (phenomenon, det.detect(text))


# ---- the everyday set of the same session (ordinary7): danger's words in ordinary hotline messages
EVERYDAY7_DANGERS = [  # (phenomenon, text, kind)
    ("rare blood needed for an operation now", "我爸要马上手术，医院说血库没有这个血型，求好心人", "medical"),
    ("a fish bone stuck for days", "孩子前天卡了根鱼刺，一直咽不下东西，今天还发烧了", "medical"),
    ("a child badly scalded", "娃把热汤碰翻了，手背烫起了一片大泡", "medical"),
    ("a blow promised to everyone met", "再不给说法，我就去他们公司，来一个打一个", "threat"),
    ("many going to take goods back", "店家跑路了，五十多个会员约好去仓库把货搬走", "mass_incident"),
    ("gas cylinders with rusted valves", "饭馆后门堆着七八个液化气罐，阀门都生锈了", "safety_hazard"),
    ("a deep trench without a fence", "小区门口挖了个坑，一米多深，旁边什么都没拦", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY7_DANGERS, ids=[x[0] for x in EVERYDAY7_DANGERS])
def test_an_everyday_danger_of_ordinary7_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


EVERYDAY7_LOOKALIKES = [  # (phenomenon, text, kind)
    ("a gas meter out of credit", "家里燃气表没气了，网上交了费还是点不着", "medical"),
    ("tai chi in the park", "我妈每天早上去广场打太极，认识了好多老姐妹", "minor_domestic"),
    ("a breaker that trips", "晚上开了两台电暖气，跳了好几次闸", "self_harm"),
    ("expired medicine kept", "家里过期药攒了一抽屉，社区能回收吗", "self_harm"),
    ("a bill that stuns", "打开电费单我差点晕倒，一个月六百多", "medical"),
    ("an old property company that will not leave", "新物业都选好了，老物业赖着不走", "mass_incident"),
    ("a bike blown over", "楼下的自行车被风吹倒了好几辆", "safety_hazard"),
    ("a scene handled at once", "商场里有个阿姨晕倒了，保安马上叫了医生，处理得很快", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY7_LOOKALIKES, ids=[x[0] for x in EVERYDAY7_LOOKALIKES])
def test_an_everyday_harmless_use_of_ordinary7_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str,
                                                                kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))
