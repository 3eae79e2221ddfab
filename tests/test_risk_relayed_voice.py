"""Danger told by someone who saw or heard it, and WeChat voice-to-text, read from the set retired at the start of
the fifth session of 2026-12-04 (eval21: grid workers, cadres, property staff, neighbours, riders, teachers and
relatives far away relaying what they saw; voice messages without punctuation, slips of speech; summer in Yinchuan),
and the harmless uses of the same words across the development sets.

Written for these tests, never copied from a set. Dangers: a farewell with the policy left out; debts all paid back
at once, then unreachable; poison carried into a bolted room; a last look from a height; a last day announced
online; how long the water takes to numb; cutting one's arm; someone in a bath who cannot be woken; not coming home,
said by the water; gone after a date; a letter to the family put away. Threats: rags in bottles, a home-made
explosive, a weapon with a score to settle, killing told as 'dealing with', a child to be thrown down, a place and a
day for the news, the next time worse, whoever helps will pay, a crowd turning a car over, two sides calling men,
staff locked in. Crowds: lorries stopped, signatures carried to an office, a dress code, a household each. Harm at
home: a child to be taken from the other parent, a small child waiting alone until dark, an old mother pushed by her
son. Hazards: smoke under a door, water that made people sick, a tree on the wires, a child in a car or by the
water, a lift that shut someone in again, a gas smell worse than before. Emergencies: someone down in the road not
moving, a fit after the medicine ran out, an allergy's swelling, fever and confusion, someone not seen and not
answering. Context: a relayer's label (热线转, 志愿者反映) and a place said as 那集合 are no look-alike; a past marker
with 今天又 or 以前没 is no history. Look-alikes: a slip taken back (哦不对), the explanation told after (…集合 是…比赛),
summer's cold food, a sneeze, palace slang, a knife wished as a feeling, a vow about one's next life, outings and
help together, a grumble that ended, a child's mischief dealt with, a feast's sheep.
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (phenomenon, text, kind)
    ("a farewell with the policy left out", "隔壁大哥昨晚跟他媳妇说以后好好过日子，保单就在柜子抽屉里", "self_harm"),
    ("debts paid back at once, unreachable", "老同学突然把借的钱都还清了 说谁也不欠谁 现在手机关机", "self_harm"),
    ("poison carried into a bolted room", "网格员报 村里一个老汉把百草枯拿进屋 门从里面反锁了", "self_harm"),
    ("a last look from a height", "表妹发消息说想去顶楼最后看一眼这座城", "self_harm"),
    ("a last day announced online", "学生家长说孩子在朋友圈写了一句明天就是我的最后一天", "self_harm"),
    ("how long the water takes to numb", "语音 我站在黄河边 想知道跳下去多久就没感觉", "self_harm"),
    ("cutting one's arm", "班主任说有个女生总用美工刀划胳膊，袖子底下全是印子", "self_harm"),
    ("someone in a bath who cannot be woken", "室友泡在浴缸里半天了，我怎么喊都喊不醒", "self_harm"),
    ("not coming home, said by the water", "他喝多了说今晚就不回家了 一个人往黄河那边走了", "self_harm"),
    ("gone after a date", "朋友发语音说反正过几天我就不在了 让我别找他", "self_harm"),
    ("a letter to the family put away", "我舅舅说给孩子的信已经写好了，放在抽屉里，叫我们别惦记", "self_harm"),
    ("rags in bottles", "楼下租户屋里摆着好几个啤酒瓶，瓶口都塞了布条，一股汽油味", "threat"),
    ("a home-made explosive", "工友说宿舍那个人在捣鼓土炸弹，说要给工头一个教训", "threat"),
    ("a weapon with a score to settle", "他在网上买了把弩，说过两天去找他前妻家算账", "threat"),
    ("killing told as dealing with", "那个孩子说明天拿刀把班上欺负他的人全解决掉", "threat"),
    ("a child to be thrown down", "对门男的吼着说再敢报警我就把你家娃扔下楼", "threat"),
    ("a place and a day for the news", "评论区有人留言说周五广场见 让你们都上新闻", "threat"),
    ("the next time worse", "有人往我家门上泼了红漆，纸条上写着下回就是汽油", "threat"),
    ("whoever helps will pay", "那个打老婆的男人在楼道喊谁管闲事就弄死谁，谁敢帮她", "threat"),
    ("a crowd turning a car over", "一群工人把项目经理的车掀翻了，路上全堵了", "threat"),
    ("two sides calling men", "两个村的人为了抢水打起来了，都在打电话叫人", "threat"),
    ("staff locked in", "几十个回迁户把售楼处的门锁住了，工作人员不让出来", "threat"),
    ("lorries stopped by many", "村民们自发组织起来拦车，不让拉沙子的车出村", "mass_incident"),
    ("signatures carried to an office", "我们八十多个工友都签了名，明天带着签名去劳动局", "mass_incident"),
    ("a dress code for a gathering", "群里通知周日在广场集合维权，统一穿白衣服", "mass_incident"),
    ("a household each", "村里开会定了，征地的事每家出一个人，明天一起去镇上", "mass_incident"),
    ("a relayer's label is no volunteering", "志愿者反映：两百多个工人围在厂门口要工资", "mass_incident"),
    ("a gathering place said in a voice message", "业主们说明早在广场那集合 一起去区政府", "mass_incident"),
    ("a dividend withheld is a cause", "村上分红的事闹了半年，今天四五十个村民到村部聚集要说法", "mass_incident"),
    ("a child to be taken from the other parent", "她前夫放话说要是离婚就把孩子抢走，让她再也见不到", "minor_domestic"),
    ("a small child waiting alone until dark", "车站有个小男孩一直坐在那哭，说爸爸叫他等，天都黑了没人来", "minor_domestic"),
    ("an old mother pushed by her son", "楼下奶奶被儿子打了好几回，今天坐在门口哭", "minor_domestic"),
    ("a child locked in while the parents are away", "听说那家俩孩子被大人锁在家里打游戏，大人去外地了", "minor_domestic"),
    ("smoke under a door", "对门门缝里往外冒黑烟 敲门没人应", "safety_hazard"),
    ("water that made people sick", "这两天井水喝着发涩，好几户都拉肚子了", "safety_hazard"),
    ("a tree on the wires", "大风把路边的树吹断了，一半搭在电线上", "safety_hazard"),
    ("a child locked in a car", "地库里一辆车锁着个小孩在哭，车主不见了", "safety_hazard"),
    ("a small child alone by the water", "河滩上有个三四岁的孩子在河边玩，周围没大人", "safety_hazard"),
    ("a lift that shut someone in again", "跟进 电梯上个月困过人 今天又停了 我妈在里面困了半小时", "safety_hazard"),
    ("a gas smell worse than before", "燃气的人来看过说没问题，可下午楼道的味道越来越大", "safety_hazard"),
    ("someone down in the road not moving", "路边有个骑电动车的大叔摔倒了，人一动不动", "medical"),
    ("a fit after the medicine ran out", "孩子的癫痫药断了两天，今天早上抽了一次", "medical"),
    ("an allergy's swelling", "老公吃了海鲜以后嘴肿了，嗓子也哑了，以前没这样", "medical"),
    ("fever and confusion", "我爸高烧不退，今天开始说胡话", "medical"),
    ("someone not seen and not answering", "楼上阿姨三天没下楼了，打电话也不接", "medical"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), DANGERS, ids=[x[0] for x in DANGERS])
def test_a_danger_relayed_or_spoken_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    out = raised(det, text)
    assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (phenomenon, det.detect(text))


LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a slip taken back in a voice message", "楼道有股煤气味 哦不对 是三楼在熬中药", "safety_hazard"),
    ("the explanation told after", "早上广场上聚了两百多人 是老年合唱比赛 挺热闹", "mass_incident"),
    ("summer's cold food melting", "外卖的冰粉送到全化了，太气人了", "safety_hazard"),
    ("a sneeze", "排队的时候前面的人打了个大喷嚏，把我吓一跳", "minor_domestic"),
    ("palace slang", "我同事说要把她男朋友打入冷宫，笑死", "minor_domestic"),
    ("a knife wished as a feeling", "隔壁装修一天到晚电锯响，我拿刀的心都有了", "threat"),
    ("a vow about one's next life", "加班到半夜，下辈子再也不当程序员了", "self_harm"),
    ("an outing together", "社区组织五十多个老人去沙湖玩了一天，大家都很开心", "mass_incident"),
    ("help together", "村里铺自来水管，全村人都去帮忙了，干得热火朝天", "mass_incident"),
    ("a grumble that ended", "几十个菜农在市场门口议论了几句就散了", "mass_incident"),
    ("a child's mischief dealt with", "儿子拿打火机点纸玩，被我看见了，已经教育过了", "minor_domestic"),
    ("a feast's sheep", "快到肉孜节了，宰羊的刀得提前磨好", "threat"),
    ("a heat warning as a wish", "外卖小哥辛苦了，天这么热别中暑了", "medical"),
    ("a rule asked in a voice message", "语音 楼道里停电动车是不是违法的 想贴个通知", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LOOKALIKES, ids=[x[0] for x in LOOKALIKES])
def test_a_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


BESIDE = [  # (phenomenon, text, kind): the same devices do not take away a danger told with them
    ("a danger said after the slip stands", "刚才说错了 不是二楼 是三楼着火了 烟很大", "safety_hazard"),
    ("an explanation that names no look-alike", "两百多人堵在公司门口 是来要工钱的", "mass_incident"),
    ("a past marker without today", "上个月电梯困过人，物业说修好了", None),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), BESIDE, ids=[x[0] for x in BESIDE])
def test_the_devices_keep_what_they_must(det: RiskDetector, phenomenon: str, text: str, kind: str | None) -> None:
    out = raised(det, text)
    if kind is None:
        assert no_pattern(out, "safety_hazard"), (phenomenon, det.detect(text))
    else:
        assert kind in out, (phenomenon, det.detect(text))


# ---- the everyday set of the same session (ordinary9): danger's words at hospitals, schools, sport, night markets, farms
EVERYDAY9_DANGERS = [  # (phenomenon, text, kind)
    ("used needles where children play", "卫生室门口乱扔着针管，放学的孩子都从那儿过", "safety_hazard"),
    ("a van packed past its seats", "接送孩子的面包车超载，九个座位坐了二十来个", "safety_hazard"),
    ("swimming where the water is dangerous", "水库那边天天有人野泳，底下全是漩涡", "safety_hazard"),
    ("a lifeguard busy elsewhere", "水上乐园的救生员坐在高台上玩手机，浅水区都是小孩", "safety_hazard"),
    ("a machine that throws its user", "商场的儿童转盘突然加速，把一个小孩甩了出去", "safety_hazard"),
    ("a harness worn through", "蹦床馆的安全带都磨损了，还让孩子系着往上跳", "safety_hazard"),
    ("poison put down where children play", "公园里有人撒毒饵，小区的孩子天天在那片草坪上跑", "safety_hazard"),
    ("something lying on a fast road", "快速路中间掉了一根钢管，好几辆车压过去爆胎了", "safety_hazard"),
    ("a power line hanging low", "地头那根电线垂得太低了，收割机一过就能挂上", "safety_hazard"),
    ("a coach who hurts a child", "跆拳道教练嫌孩子动作慢，拿竹板打他的手心都打肿了", "minor_domestic"),
    ("a threat after the match", "比赛结束后一帮人堵在球场门口，说要弄死裁判", "threat"),
    ("a crowd's cars that block", "几十个货主开着车堵住了物流园的大门，谁也出不去", "mass_incident"),
    ("children present where a blade is drawn", "亲戚为了分房子吵起来，大伯拿着刀扬言要砍人，孩子也在", "minor_domestic"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY9_DANGERS, ids=[x[0] for x in EVERYDAY9_DANGERS])
def test_an_everyday_place_danger_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


EVERYDAY9_LOOKALIKES = [  # (phenomenon, text, kind): no pattern of the kind fires
    ("a little one at the jab", "带儿子去打疫苗，小家伙一进门就哭", "threat"),
    ("water to the ankle, children splashing", "操场积水淹到脚踝，孩子们踩水玩", "minor_domestic"),
    ("pickles misspelt by speech", "我妈淹的咸菜太好吃了，淹菜要放多少盐", "safety_hazard"),
    ("a voice cracked by singing", "年会上唱高音，嗓子都劈了", "threat"),
    ("fried dough", "早上去买炸油糕，排了老长的队", "threat"),
    ("a funeral handled", "姥爷的后事办得很顺利，谢谢街坊们帮忙", "self_harm"),
    ("a rope skipped for the test", "孩子为了跳绳满分，天天在楼下跳到九点", "self_harm"),
    ("a stunt in a film", "那部打戏里主角从城墙上跳下来，特技做得真好", "self_harm"),
    ("a streamer's bait", "主播天天喊大家快刷礼物，不然他就跳楼，明摆着骗钱", "self_harm"),
    ("a fan's ticket", "闺女追星，说演唱会抢不到票就不活了", "self_harm"),
    ("car sickness on a tour bus", "去沙坡头的大巴开得太猛，好几个人晕车吐了", "medical"),
    ("a sting with nothing serious", "公园里被蜜蜂蜇了一下，抹了点药，没啥大事", "medical"),
    ("a faint from hunger ended by food", "练完器械说要晕了，原来是饿的，吃了个面包就好了", "medical"),
    ("a game's kick-out", "防沉迷一到点孩子就被踢出来了，挺好", "minor_domestic"),
    ("an exam's seats looked for", "家长们挤在考场门口找座位号，太乱了", "mass_incident"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), EVERYDAY9_LOOKALIKES, ids=[x[0] for x in EVERYDAY9_LOOKALIKES])
def test_an_everyday_place_harmless_use_raises_no_pattern(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert no_pattern(raised(det, text), kind), (phenomenon, det.detect(text))


# ---- left items and the relayer far away (step 3)
LEFT_DANGERS = [  # (phenomenon, text, kind)
    ("a relative far away relays a hazard at home", "我在外地打工，邻居打电话说我家楼道里煤气味很重", "safety_hazard"),
    ("a daughter far away relays a collapse", "女儿从外地打来电话说她奶奶晕倒了叫不醒", "medical"),
    ("a slip of the same sound: 云倒", "幺二零占线 我妈云倒在院子里了", "medical"),
    ("a slip of the same sound: 想不凯", "我弟喝了酒说想不凯了 一个人去了河边", "self_harm"),
    ("a slip of the same sound: 露电", "楼下的配电箱露电 踩上去脚发麻", "safety_hazard"),
    ("a reaction after a jab", "学校体检以后，好几个学生注射疫苗后出现抽搐", "medical"),
    ("self-harm at an office's door as leverage", "补偿款再不给，我就在你们门口喝农药", "threat"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), LEFT_DANGERS, ids=[x[0] for x in LEFT_DANGERS])
def test_a_left_danger_is_raised(det: RiskDetector, phenomenon: str, text: str, kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))


def test_a_story_of_elsewhere_stays_a_look_alike(det: RiskDetector) -> None:
    # 外地 alone still tells a story of elsewhere; only the writer or a relative away relays one at home
    assert no_pattern(raised(det, "外地有个小区煤气爆炸了，看着真吓人"), "safety_hazard")


def test_self_harm_at_home_is_no_threat(det: RiskDetector) -> None:
    # the threat beside 轻生 needs an office's or an opponent's door in the clause
    assert "threat" not in raised(det, "我一个人在家，真的活不下去了")


# ---- a look-alike's word read across a word's boundary (step 4): each was cancelled or masked before
ACROSS = [  # (phenomenon, text, kind)
    ("工单 in 施工单位", "施工单位有个师傅在脚手架上中暑晕倒了", "medical"),
    ("外地 in 外地人", "我是外地人，刚租的房子一进门就是一股煤气味", "safety_hazard"),
    ("道具 in 不知道具体", "对面楼着火了 不知道具体几层 黑烟一直往外冒", "safety_hazard"),
    ("女主 in 妇女主任", "听村里妇女主任讲，他家男人喝醉了又把媳妇打了", "minor_domestic"),
    ("上火 in 早上火车站", "早上火车站进站口有个老太太倒地上了", "medical"),
    ("直排 in 一直排不出去", "灶台的烟一直排不出去，满屋子都是煤气味", "safety_hazard"),
    ("天井 in 前两天井盖", "前两天井盖被人撬走了，到现在还是个大洞", "safety_hazard"),
    ("水井 in 下水井盖", "路口的下水井盖碎了一半，电动车骑过去会掉进去", "safety_hazard"),
]


@pytest.mark.parametrize(("phenomenon", "text", "kind"), ACROSS, ids=[x[0] for x in ACROSS])
def test_a_look_alike_word_across_a_boundary_cancels_nothing(det: RiskDetector, phenomenon: str, text: str,
                                                              kind: str) -> None:
    assert kind in raised(det, text), (phenomenon, det.detect(text))
