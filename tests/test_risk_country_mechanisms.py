"""Hazards, 轻生 and harm to children by mechanism (eighth session of 2026-12-04): the blind reads' weakest cells
were hazards told in the country, so the rules pair classes of what the country has (`[sets]` water, machine,
burns, lights, pesticide) with what makes them a danger, and fix where context reached too far or too short.

Written for these tests, never copied from a set: each mechanism told in phrasings of my own, beside the harmless
uses of the same words that must stay quiet (or no louder than they were).
"""

from __future__ import annotations

import pytest
from test_risk import det  # noqa: F401 - fixtures
from test_risk import flags as raised
from test_risk import no_pattern

from monitor.classify.risk import RiskDetector

DANGERS = [  # (mechanism, text, kind)
    # open water of any kind, with someone gone in
    ("a canal, someone not come up", "刚才有个放牛的小伙子跳进支渠里洗澡，到现在都没上来", "safety_hazard"),
    ("a pond, someone thrashing", "村东头涝池里有人扑腾，岸上没人会水", "safety_hazard"),
    ("a flood pit, someone slipped in", "砖窑后面那个大坑下了雨全是水，刚刚有个人滑下去了", "safety_hazard"),
    ("a child gone into a fish pond", "外孙女跟着别的娃去鱼塘边摘花，掉进去了", "minor_domestic"),
    ("open water left unguarded", "村里新挖的蓄水池足有三米深，四周连个围栏都没有", "safety_hazard"),
    # a field's or a yard's machine
    ("a body caught by a baler", "打捆机把我舅的衣服绞住了，人半个身子都拽进去了", "safety_hazard"),
    ("a tractor overturned on someone", "四轮车在坡上侧翻了，开车的老汉压在底下出不来", "safety_hazard"),
    ("a field machine unlit at night", "半夜乡道上停着一台脱粒机，一点灯都没有，骑摩托的压根瞅不见", "safety_hazard"),
    ("a tricycle carrying people", "农用三轮车拉着二十来个摘棉花的人在县道上跑", "safety_hazard"),
    ("a machine running broken", "旋耕机的刹车不灵了，老板让接着干", "safety_hazard"),
    # a stock that burns beside what lights it
    ("straw beside a welder", "草料棚边上焊工在焊铁门，火星子直往麦草上溅", "safety_hazard"),
    ("oil drums beside a stove", "小卖部后院堆着十几个柴油桶，隔着一堵矮墙就是烧火的炉子", "safety_hazard"),
    # pesticide breathed or drunk
    ("pesticide making people ill", "邻居在院子里配除草剂，我们两家人都开始恶心头疼", "safety_hazard"),
    ("pesticide in the drinking water", "有人把喷完的药桶拿到水窖边上冲，那是全组吃的水", "safety_hazard"),
    # a shed or an old house under load
    ("a pen's roof giving", "牛棚上的大梁裂了，雪还在下，里面几十头牛", "safety_hazard"),
    ("an old house's wall", "我二爷住的土房子后墙裂开了，一下雨就往下掉土，他还不肯搬", "safety_hazard"),
    # loose livestock on a road
    ("a herd on the highway", "一群羊跑上公路了，大货车一辆接一辆", "safety_hazard"),
    # a pit, a cellar or a tank someone went into
    ("someone down a cellar, silent", "我妈下地窖拿白菜，喊了好几声都不应声", "safety_hazard"),
    # a chimney's sparks, smoke driven into a room
    ("a chimney's sparks on cardboard", "食堂的烟囱一直往外飘火星，落在后面的纸箱堆上", "safety_hazard"),
    ("a flue smoking into the room", "我爸屋里的烟筒接歪了，炉子一烧就往屋里倒烟", "safety_hazard"),
    # a past hazard whose cause is still in use
    ("a lift that dropped, still running", "上个月那部电梯往下溜过一次，维保说没事，现在还在运行", "safety_hazard"),
    ("a box that smoked, still used", "上周配电箱冒过烟，找人看了一眼，大家照样用", "safety_hazard"),
    # an alarm sounding and ignored; a wire's insulation melting
    ("an alarm ignored", "车间的可燃气体报警器一直响，主任说不用管，先把活干完", "safety_hazard"),
    ("insulation melting", "小太阳插了一宿，插线板那截电线皮都化了", "safety_hazard"),
    # the town's autumn works: a lift retrofitted is a site, work at height unfastened, what hangs overhead, a gas appliance
    ("a plank at height unfastened", "外墙施工的跳板都没绑，吊篮里的师傅晃来晃去", "safety_hazard"),
    ("glass left hanging overhead", "拆了一半的玻璃顶棚，碎玻璃就悬在头顶上", "safety_hazard"),
    ("a gas boiler smelling", "新换的壁挂炉一开就一股怪味", "safety_hazard"),
    ("savings shared out before going to the dead", "姥姥把存的钱都分给我们了，说她要去陪姥爷了", "self_harm"),
    ("a worker unclipping after a cry", "那个工友说实在过不去了，把安全带解了往楼边走", "self_harm"),
    ("a child punished in the sun", "老师罚孩子在操场大太阳底下站了一下午，回来就吐了", "minor_domestic"),
    # 轻生: oneself done away with; a last post; words set to go out; someone ill gone off
    ("oneself finished, any verb", "干了一年一分钱拿不到，我打算今晚把自己处理掉", "self_harm"),
    ("a last post", "发完这条我就走了，别找我", "self_harm"),
    ("words set to go out after", "我把想说的话都写好了，定时后天发出去", "self_harm"),
    ("someone ill gone off without the phone", "我奶奶总说治不好了不想拖累人，今天一早手机没带就出门了", "self_harm"),
    ("someone ill refusing care", "我爸查出来是晚期，这几天拒绝进食，老说别救了", "self_harm"),
    # harm to children and at home
    ("a child left in a van", "接送孩子的面包车把我儿子忘在车里了，太阳底下晒了一上午", "minor_domestic"),
    ("a young-looking child at work", "工地上有个搬砖的小孩，看起来也就十三四，天天干到半夜", "minor_domestic"),
    ("a child touched", "补课的老师总对我女儿动手动脚，她现在不肯去了", "minor_domestic"),
    ("game money spent, beaten for it", "我侄子在游戏里充了两千块，被他妈拿擀面杖打得腿都肿了", "minor_domestic"),
    ("the abuser as topic, the act later", "我男人脾气大，喝不喝酒都一样，前天又掐住我不放", "minor_domestic"),
]

LOOKALIKES = [  # (mechanism, text, kind): no pattern of the kind fires
    ("irrigation asked about", "支渠什么时候放水，我们组的麦子还没浇", "safety_hazard"),
    ("a fish pond's lease", "村里鱼塘的承包费今年涨了，我们想问问怎么定的", "safety_hazard"),
    ("a pond fished, nothing more", "周末带孩子去水塘边钓鱼，钓了好几条鲫鱼", "safety_hazard"),
    ("a phone dropped in water", "手机掉水里了，捞上来开不了机，能修吗", "safety_hazard"),
    ("a harvester's registration", "收割机年检去哪里办，要带什么证件", "safety_hazard"),
    ("a tractor in the way", "谁家的拖拉机停在巷子口，车过不去", "safety_hazard"),
    ("a road named after the river", "黄河东路那边的夜市人很多，巷子很深", "safety_hazard"),
    ("pesticide bought", "哪里能买到正规的除草剂，镇上的店卖的怕是假的", "safety_hazard"),
    ("straw used for heat", "家里还是用玉米秆烧炕，暖和又省钱", "safety_hazard"),
    ("firecrackers asked about", "春节能不能在村里放鞭炮，哪些地方禁放", "safety_hazard"),
    ("a chimney's smoke as dirt", "锅炉房的烟囱天天冒黑烟，衣服都不敢晾", "safety_hazard"),
    ("a greenhouse's plants under snow", "棚里的西红柿秧子让雪压弯了，今年怕是要减产", "safety_hazard"),
    ("an alarm's battery", "烟雾报警器一直响，换了电池就好了", "safety_hazard"),
    ("a lift retrofit asked about", "咱们楼想装电梯，加装电梯得多少户签字同意", "safety_hazard"),
    ("an inheritance shared", "老人把拆迁款都分给几个儿子了，说以后谁也别争", "self_harm"),
    ("a pupil told to stand a while", "上课迟到被罚站了五分钟，下次不敢了", "minor_domestic"),
    ("a past leak settled and its bill", "上个月水管爆了淹了车库，物业到现在也没赔", "safety_hazard"),
    ("one's problem solved", "谢谢社区，终于把我们的问题解决了", "self_harm"),
    ("a post about a trip", "发完这条就去吃饭了，明天见", "self_harm"),
    ("a child's bag left in a car", "孩子的书包落在车里了，明天再拿", "minor_domestic"),
    ("a teenager's summer job asked about", "孩子十七了想暑假打工，合法吗", "minor_domestic"),
]


@pytest.mark.parametrize(("mechanism", "text", "kind", "danger"),
                         [(*x, True) for x in DANGERS] + [(*x, False) for x in LOOKALIKES],
                         ids=[x[0] for x in DANGERS + LOOKALIKES])
def test_a_class_with_its_danger_is_raised_and_its_harmless_use_is_not(
        det: RiskDetector, mechanism: str, text: str, kind: str, danger: bool) -> None:
    """A danger told by a class and what makes it one is raised by a pattern (not the model's guess alone); the same
    words in an everyday matter raise no pattern of the kind."""
    out = raised(det, text)
    if danger:
        assert kind in out and not out[kind]["evidence"][0].startswith("模型"), (mechanism, det.detect(text))
    else:
        assert no_pattern(out, kind), (mechanism, det.detect(text))


def test_a_rules_own_cue_never_settles_its_hit(det: RiskDetector) -> None:
    """解决了 settles a matter told before it, but as the cue of 把自己 it is what the hit tells, not an outcome."""
    assert not raised(det, "我把自己解决了")["self_harm"]["possible"]
    assert "self_harm" not in raised(det, "工资的事情解决了，谢谢")


def test_a_chimney_alone_is_smoke_but_its_sparks_are_a_hazard(det: RiskDetector) -> None:
    """A chimney is an everyday source of smoke: beside a sign of danger (sparks, a room filling) it no longer cancels
    the hazard, which is raised for a person to check; alone it still does."""
    assert "safety_hazard" in raised(det, "澡堂烟囱一阵阵往外飘火星子")
    assert no_pattern(raised(det, "澡堂烟囱冒的黑烟熏得邻居都有意见"), "safety_hazard")


def test_a_past_hazard_still_in_use_persists_for_the_model_too(det: RiskDetector) -> None:
    """A hazard told as past (上个月) is history; told as still in use after it (还在运行, 照样用) it is 疑似, and a
    past marker no longer keeps the model's hazard guess quiet either when its cause is said to persist."""
    out = raised(det, "上个月那部电梯往下溜过一次，现在还在运行")
    assert out["safety_hazard"]["possible"]
    assert "safety_hazard" not in raised(det, "上个月那部电梯往下溜过一次，已经换了新的")
