"""How citizens name one problem at one place, phenomenon by phenomenon (issue 14, fourth round).

Each phenomenon was found in the retired blind sets (``tests/fixtures/cluster/eval*.jsonl``,
written by people who wrote no rules); the sentences here are new ones, written for the rule
and never copied from those sets. Signature level (the real classifier and signature maker),
so each rule is checked on its own and fast; ``tests/test_cluster.py`` runs the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.score import Match, compare
from monitor.core.config import Config

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 0.6


@pytest.fixture(scope="module")
def sign() -> Callable[[str], Signature]:
    """A signature maker with its own learnt names (each test module starts afresh)."""
    classifier = Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))
    maker = SignatureMaker(classifier)
    return lambda text: maker.make(text, classifier.classify(text))


def match(a: Signature, b: Signature, days: float = 0.2) -> Match:
    return compare(a, b, age_days=days, window_days=7)


def joins(a: Signature, b: Signature, days: float = 0.2) -> bool:
    return match(a, b, days).joins(THRESHOLD)


# ---------------------------------------------------------------- a business or a site is a place

def test_a_business_named_with_its_kind_is_a_spot_however_the_kind_is_written(sign: Callable[[str], Signature]) -> None:
    """A school that closed with the parents' fees is told at no street: its name and its kind
    (教育 / 培训) are the place, and one name with either kind is one spot."""
    a = sign("思睿教育突然不开门了，我们交的一年学费找谁退")
    b = sign("思睿培训的老板联系不上，课还剩三十节，钱能退吗")
    assert "思睿教育" in a.places and "思睿教育" in b.places
    assert joins(b, a)
    other = sign("启航教育也不开门了，学费退不了")  # another school, the same problem: not one place
    assert not joins(other, a)


def test_a_building_site_is_one_spot_as_项目_or_工地(sign: Callable[[str], Signature]) -> None:
    a = sign("金辉华府项目拖欠我们瓦工的工资快半年了")
    b = sign("金辉华府工地的包工头不见了，工钱一分没结")
    assert joins(b, a)
    assert not joins(sign("金辉华府工地晚上灰尘大得睁不开眼"), a)  # the same site, another problem


def test_a_gym_is_one_place_as_健身_or_健身房(sign: Callable[[str], Signature]) -> None:
    a = sign("蓝鲸健身房昨天关门了，刚办的年卡退不了")
    b = sign("蓝鲸健身跑路了，会员卡里还有三千")
    assert joins(b, a)


def test_a_kind_qualified_by_an_everyday_word_is_no_business(sign: Callable[[str], Signature]) -> None:
    """Long letters name kinds of teaching and of projects (九年义务教育, 艺术培训, 危房改造项目):
    an everyday word before the kind names no one."""
    for text in ("落实九年义务教育的政策", "孩子报了个艺术培训", "村里的危房改造项目验收不合格", "搞了个棚改项目"):
        assert not any(k.endswith(("教育", "项目")) for k in sign(text).places), text


def test_what_is_taught_is_no_business(sign: Callable[[str], Signature]) -> None:
    """安全教育, 课外培训, 全民健身 name a kind of teaching, not a place."""
    for text in ("学校的安全教育走过场", "孩子的课外培训太多了", "全民健身的场地太少", "在家门口健身的地方没有"):
        assert not any(k.endswith(("教育", "培训", "健身")) for k in sign(text).places), text


# ---------------------------------------------------------------- a problem the table names by the classifier's topic

def test_a_classifier_topic_names_the_problem_when_no_word_of_the_table_does(sign: Callable[[str], Signature]) -> None:
    """"KTV… 鬼哭狼嚎" holds no word of the problem table, but the classifier reads it as 商铺噪音:
    it is the 噪音 of the KTV others report."""
    a = sign("胜利街那家KTV天天唱到后半夜，鬼哭狼嚎的")
    assert a.issues == ("噪音",)
    b = sign("胜利街KTV的噪音太大了，凌晨两点还在吵")
    assert joins(a, b)


# ---------------------------------------------------------------- a problem named by its symptom or its cause

@pytest.mark.parametrize(("text", "problem"), [
    ("景城名苑今天一早停气了，灶台打不着火", "燃气"),            # the supply cut, told by the hob
    ("壁挂炉点不着，燃气公司电话占线", "燃气"),
    ("21路改线了也不贴个通知，我们这站取消了", "公交服务"),      # a route changed, a stop dropped
    ("9路末班车天天提前收车", "公交服务"),
    ("村里的自来水放出来黄得像茶水，还有铁锈", "水质"),          # the water's colour
    ("那个老板欠了我们三个月的钱，一直说下周给", "欠薪"),        # wages told by the debt
    ("工地凌晨两点还在作业，机器轰个不停", "噪音"),              # the night's work, not a noise word
    ("楼下酒吧天天蹦迪，震得窗户玻璃都在响", "噪音"),
    ("买了三斤苹果回家一称只有两斤半", "计量"),                  # the weight found short at home
    ("南边村子又开始烧了，烟都飘到镇上", "焚烧"),                # the fire told by its smoke
    ("学校门口早上没信号灯了，车乱开", "红绿灯"),                # 没信号灯 is no phone signal
    ("小区东边那群狗又追着骑车的孩子跑", "流浪狗"),              # the dogs told by what they do
    ("5号楼楼顶这几天有人在焊架子搭棚子", "违建"),              # building on the roof, by the work
    ("饭馆的烟囱正对着我家阳台", "油烟"),
    ("拉土的车开过去土哗哗往下掉，眯得睁不开眼", "扬尘"),
    ("接孩子的时候也堵，路太窄", "拥堵"),
    ("路口那个井拿块木板盖着，车一压就翘", "井盖"),
    ("化工园区那边一到晚上就放味", "臭味"),
    ("路边一排人挥手，那趟车都不带减速的", "公交服务"),
    ("幼儿园门口接孩子的车双排停车，还有停斑马线上的", "乱停车"),  # where the cars are left
    ("隔壁工地天天干到凌晨一点", "噪音"),                      # the night's work by the clock
    ("我在那干了三个月，工资欠了一大半", "欠薪"),
    ("市民来电反映：兴业小区停水两天", "停水"),                # a caller, not the power back
    ("南环路路面下陷了一大块，大家绕行", "道路破损"),          # detour advice, no bus
    ("村口那条沟里的鱼一夜之间全死了", "水体污染"),            # a ditch told by its fish
    ("西干渠的水又脏又臭，离老远都能闻到", "水体污染"),
])

def test_a_problem_told_by_its_symptom_or_cause_is_named(sign: Callable[[str], Signature], text: str,
                                                        problem: str) -> None:
    assert sign(text).issues[:1] == (problem,)


@pytest.mark.parametrize("text", ["学校门口放学时家长吵架", "孩子吵着要买玩具", "水箱多久没清洗了"])
def test_words_that_only_look_like_a_problem_name_none(sign: Callable[[str], Signature], text: str) -> None:
    """吵架 is a quarrel, 吵着要 a demand, 没清洗 no uncollected rubbish."""
    assert not ({"噪音", "垃圾"} & set(sign(text).issues))


def test_a_bus_line_in_digits_is_a_place_whatever_follows(sign: Callable[[str], Signature]) -> None:
    """38路改线, 36路末班车: a city names its roads and numbers its bus lines."""
    a = sign("21路改线以后我们小区门口的站没了")
    b = sign("公交21路线路调整，老人去医院不方便")
    assert "21路公交" in a.places and "21路公交" in b.places
    assert joins(b, a)
    assert "3路公交" not in sign("沿着一路走到北京路口").places


def test_a_fee_raised_is_the_same_problem_told_as_overcharging(sign: Callable[[str], Signature]) -> None:
    a = sign("景泰苑物业把停车费从八十涨到一百六")
    b = sign("景泰苑乱收费，停车费说涨就涨")
    assert joins(b, a)


# ---------------------------------------------------------------- one road written with and without its direction

def test_a_road_without_its_direction_meets_the_same_problem_on_its_directed_half(
        sign: Callable[[str], Signature]) -> None:
    """民族北街 / 民族街: a neighbour drops the direction. The same problem meets there; a related
    one does not (an 爆管 on 清和南街 and 积水 at a crossing of 清和街 are two events), nor two
    directed halves (东 / 西)."""
    a = sign("凤凰北街的下穿通道又积水了，车都泡在里面")
    b = sign("凤凰街下穿积水半米深，公交都绕了")
    assert "凤凰街" in a.places and joins(b, a)
    c = sign("凤凰街那边水管爆了，水往外冒")          # a related problem on the undirected road
    assert not joins(c, a)
    d = sign("凤凰南街的下穿通道也积水了")            # the other half
    assert not joins(d, a)


def test_a_road_of_the_county_town_is_no_road_named_after_the_town(sign: Callable[[str], Signature]) -> None:
    assert "友谊路" in sign("贺兰县城友谊路的路灯一排都不亮").places


# ---------------------------------------------------------------- chasers

def test_a_chaser_dated_by_how_long_ago_is_said(sign: Callable[[str], Signature]) -> None:
    from monitor.cluster.markers import chaser_words
    assert chaser_words("五天前反映过楼下的路灯，今天还是黑的")
    assert chaser_words("两个星期以前投诉的垃圾站到现在没人管")
    assert not chaser_words("三天前下了一场雨")


def test_an_estate_named_bare_meets_it_named_with_its_place_word(sign: Callable[[str], Signature]) -> None:
    """One citizen writes 沁园华庭小区, their chaser 沁园华庭 (or a learnt part of it): one place,
    never "another place" that would make the chaser a new case."""
    from monitor.cluster.score import place_score
    a = sign("沁园华庭小区今年暖气一点都不热")
    b = sign("再次反映：沁园华庭暖气还是不热")
    assert place_score(b, a)[0] >= 0.7


def test_a_verb_before_a_numbered_school_is_no_county(sign: Callable[[str], Signature]) -> None:
    places = sign("上次反映三十一小门口的问题，还没人管").places
    assert "三十一小" in places and not any(k.endswith("三十一小") and k != "三十一小" for k in places)


def test_a_school_canteen_is_one_problem_told_by_the_meal(sign: Callable[[str], Signature]) -> None:
    a = sign("三十一小的午饭菜是凉的，孩子天天喊饿")
    b = sign("三十一小食堂的饭难吃，家长要求换配餐公司")
    assert a.issues[:1] == b.issues[:1] == ("食堂",) and joins(b, a)
    assert not joins(sign("三十一小门口放学堵得水泄不通"), a)  # the school's gate, another problem


# ---------------------------------------------------------------- places jieba cut apart, or named by a building

def test_a_gazetteer_name_jieba_cut_into_other_words_is_still_found(sign: Callable[[str], Signature]) -> None:
    """"掌政工地" is cut 掌 / 政工 / 地: the town 掌政 is written all the same."""
    assert "掌政镇" in sign("掌政工地昨晚又干了一夜").places


def test_the_city_station_named_by_the_city_is_the_railway_station(sign: Callable[[str], Signature]) -> None:
    a = sign("银川站出站口的黑车司机拉着人不放")
    b = sign("火车站出站口好多拉客的黑车，围着旅客不让走")
    assert "火车站" in a.places and a.issues[:1] == ("黑车",) and joins(a, b)
    assert "火车站" not in sign("银川站台上人太多").places


def test_a_name_before_a_building_number_is_an_estate(sign: Callable[[str], Signature]) -> None:
    """塞上明珠7号楼, 兴盛里6号楼: the estate, filed as written with 小区 by its neighbours."""
    a = sign("锦泰里6号楼外墙的瓷砖一块一块往下掉")
    b = sign("富民街锦泰里小区瓷砖脱落，差点砸到人")
    assert "锦泰里小区" in a.places and "锦泰里小区" in b.places and joins(a, b)
    assert sign("我家住在7号楼，电梯坏了").places == {}


def test_a_towns_own_kind_of_place_is_named_by_the_town(sign: Callable[[str], Signature]) -> None:
    """望远镇工业园 is the 望远工业园 its neighbours write; 杨和镇农贸市场 and 杨和镇菜市场 one market."""
    assert "金沙工业园" in sign("金沙镇工业园那边晚上飘来一股怪味").places
    a = sign("金沙镇农贸市场里卖活禽的地方污水横流")
    b = sign("金沙镇菜市场卖活鸡的那一排脏得很，污水到处流")
    assert "金沙农贸市场" in a.places and joins(b, a)
    assert sign("马路成了露天菜市场，车都走不动").issues[:1] == ("占道经营",)


def test_a_crossing_named_by_its_roads_bare_names_is_the_crossing() -> None:
    """Once 安宁大街×塔山中路 is seen, "安宁塔山路口" and "塔山安宁那个十字" are it; a road
    alone before 路口 is not a crossing."""
    classifier = Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))
    maker = SignatureMaker(classifier)

    def own(text: str) -> Signature:
        return maker.make(text, classifier.classify(text))

    a = own("安宁大街与塔山中路交叉口红绿灯全灭了")
    assert "塔山中路×安宁街" in a.places or "安宁街×塔山中路" in a.places
    b = own("安宁塔山路口红绿灯不亮，差点撞车")
    c = own("塔山安宁那个十字路口信号灯坏了一早上")
    assert joins(b, a) and joins(c, a)
    assert not any("×" in k for k in own("塔山路口有个坑").places)


# ---------------------------------------------------------------- chasers on one's own open case
# (fifth round, from the outside set: a citizen chasing their own case names less than the first
# time — not the place, not the problem, or the place without its county — and says it goes on)

@pytest.fixture(scope="module")
def chaser(sign: Callable[[str], Signature]) -> Callable[..., object]:
    """``chaser(first, later, days)``: what the cluster stage makes of ``later``, written ``days``
    after the same citizen's open case ``first`` (None: a new case)."""
    import datetime as dt

    from monitor.cluster.joining import ClusterStage
    from monitor.core.config import ClusterConfig

    stage = ClusterStage(ClusterConfig(), SignatureMaker(Classifier.from_config(
        Config.load(ROOT / "config" / "wenzheng.toml"))), None)  # type: ignore[arg-type]
    t0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)

    def run(first: str, later: str, days: float = 1.0) -> object:
        hit = stage.chaser_target(later, sign(later), [("own", sign(first), t0)], t0 + dt.timedelta(days=days))
        return hit[0] if hit else None
    return run


def test_a_chaser_naming_nothing_but_saying_it_goes_on_is_on_the_open_case(chaser: Callable[..., object]) -> None:
    first = "学府路惠民小区3号楼电梯卡在五楼不动了，老人上不去"
    assert chaser(first, "还是停着的，物业说等师傅") == "own"
    assert chaser(first, "今天又坏了") == "own"
    assert chaser(first, "补一句，周末也没人来修") == "own"
    # saying it goes on but naming another problem or another place: a new case
    assert chaser(first, "今天又停水了，一滴都没有") is None
    assert chaser(first, "金地花园那边电梯又坏了") is None
    # a 同问 is about someone else's appeal
    assert chaser(first, "同问，我也是") is None


def test_still_reaches_back_as_far_as_the_case_is_open_again_does_not(chaser: Callable[..., object]) -> None:
    """"还是/仍" says the episode never ended; "又" after the cluster window with the problem named
    is the problem back again (a new case); naming nothing, it can only be the open case."""
    first = "兴源路富康小区南门的路灯坏了一排，晚上黑乎乎的"
    assert chaser(first, "富康小区路灯仍然不亮", days=15) == "own"
    assert chaser(first, "还是黑的", days=20) == "own"
    assert chaser(first, "富康小区路灯又坏了", days=15) is None


def test_a_chaser_names_its_place_without_the_county(chaser: Callable[..., object]) -> None:
    assert chaser("平罗县汽车站门口黑车排成一排拉客", "上周反映的汽车站黑车，今天还在") == "own"


@pytest.mark.parametrize(("text", "issue"), [
    ("这个月停了三回电，冰箱里的肉都坏了", "停电"),
    ("小太阳托管班不办了，交的托管费不退", "预付退费"),
    ("培训班关门，家长们谁也找不到校长", "预付退费"),
])
def test_a_problem_told_with_its_words_split_or_reversed_is_named(sign: Callable[[str], Signature], text: str,
                                                                   issue: str) -> None:
    assert issue in sign(text).issues


def test_a_chaser_says_nobody_came_or_time_went_by() -> None:
    from monitor.cluster.markers import chaser_words
    assert chaser_words("都半个月了还是没人查")
    assert chaser_words("又过了五天，没有一点消息")
    assert chaser_words("说了好几次，到现在没人来")


# ---------------------------------------------------------------- "not that one"

def test_a_place_or_problem_the_citizen_says_it_is_not_is_never_joined(sign: Callable[[str], Signature]) -> None:
    """A citizen telling their problem apart from a neighbour's names the other to say it is not
    theirs (不是…那栋, 跟…不是一家): that name is no place of theirs, and they never join it."""
    a = sign("长城东路兴庆府大院5号楼楼道里一股煤气味，好几天了")
    b = sign("长城东路的丽子园小区也闻到煤气味了，不是兴庆府大院那边")
    assert "兴庆府大院" not in b.places and "兴庆府大院" in b.unlike
    assert not joins(b, a) and not joins(a, b)
    c = sign("长城东路丽子园小区煤气味更大了")  # its own place still meets it
    assert joins(c, b)
    d = sign("凤凰街那个工地也欠我们工钱，跟锦华项目不是一家")
    assert d.unlike == {"锦华项目"}
    assert not joins(d, sign("凤凰街锦华项目欠了木工班三个月工资"))


@pytest.mark.parametrize("text", ["这不是逼着我们交钱吗", "水泵是不是坏了", "不是长久之计", "也不是那边的人说了算"])
def test_no_say_not_in_a_question_or_an_idiom(text: str) -> None:
    from monitor.cluster.signature import said_not
    assert said_not(text) == (frozenset(), text)


@pytest.mark.parametrize("text", [
    "红星村那条排水沟，昨天开始水发黑，味道冲得很",
    "七子连湖的湖水都变色了，像酱油一样",
    "东干渠里的水黑得像墨汁，下游还在浇地",
    "沟边死了一片鱼，肯定是有人往里倒东西",
])
def test_a_ditch_or_lake_told_by_its_waters_colour_is_polluted_water(sign: Callable[[str], Signature],
                                                                     text: str) -> None:
    """Not the tap's water (水质): a ditch's or a lake's, told by how its colour changed."""
    assert sign(text).issues[0] == "水体污染"


# ---------------------------------------------------------------- sixth round (outside2.jsonl)
# a citizen following up their own case tells how it stands, without naming it; a problem of
# weeks is told by how long it has lasted; a bus line by its number alone; a closed road by
# when it reopens — each with sentences written for the rule

def test_a_follow_up_telling_how_the_matter_stands_is_on_the_open_case(chaser: Callable[..., object]) -> None:
    first = "丰乐路金桂苑7号楼停电了，冰箱里的东西都化了"
    assert chaser(first, "早上来电了，谢谢") == "own"
    assert chaser(first, "物业说是变压器烧了，要等供电局", days=0.2) == "own"
    assert chaser(first, "停电的事供电局有回复吗", days=3) == "own"
    assert chaser(first, "今天终于修好了", days=12) == "own"
    assert chaser(first, "供电所来换了电表，总算有电了", days=2) == "own"
    # another problem, another place, someone else's appeal, or thanks at the end of a new report
    assert chaser(first, "小区门口烧烤油烟呛死人了，物业说管不了") is None
    assert chaser(first, "西塔路的路灯不亮，麻烦处理一下，谢谢") is None
    assert chaser(first, "同问，来电了吗") is None


def test_again_with_the_problem_named_is_back_again_even_if_it_says_still(chaser: Callable[..., object]) -> None:
    """"又停水了…还是没通知" a month on is the problem back (还是 qualifies the notice)."""
    first = "惠丰小区停水了，也没提前通知"
    assert chaser(first, "惠丰小区又停水了，还是没提前通知", days=25) is None
    assert chaser(first, "还在停着", days=3) == "own"  # 还在: it never stopped


@pytest.mark.parametrize(("text", "days"), [
    ("封了快三周了", 21), ("冒了快三个礼拜了", 21), ("坏了十二天了", 12), ("一个多月了", 33),
    ("两周多了还没修", 17), ("半个月了", 15), ("这才三个星期", 0), ("3号楼", 0), ("第三次说了", 0),
])
def test_how_long_a_problem_has_lasted_is_read(text: str, days: float) -> None:
    from monitor.cluster.markers import lasted_days
    assert lasted_days(text) == days


def test_a_bus_line_written_by_its_number_alone_is_the_line(sign: Callable[[str], Signature]) -> None:
    for text in ("公交15改线了也不通知", "等了15快一个小时", "15原线路多方便，为啥要改", "15临时线路到哪天"):
        assert "15路公交" in sign(text).places, text
    for text in ("等了15分钟", "坐了3站就下了", "15号楼电梯坏了", "交了150元"):
        assert not any(k.endswith("路公交") for k in sign(text).places), text


def test_a_closed_road_asked_after_by_when_it_reopens_is_road_works(sign: Callable[[str], Signature]) -> None:
    a = sign("文昌路那段还是封着，绕得头疼")
    b = sign("文昌路啥时候能通啊，天天绕")
    assert "道路施工" in a.issues and "道路施工" in b.issues
    assert joins(b, a)
    assert "道路施工" not in sign("文昌路那边的停水啥时候通知").issues


def test_a_department_store_named_by_its_brand_is_a_landmark(sign: Callable[[str], Signature]) -> None:
    a = sign("国芳百货对面的下水井冒臭水了")
    b = sign("国芳百货门口那个下水井一直冒臭水")
    assert "国芳百货" in a.places and joins(b, a)
    for text in ("日用百货都涨价了", "超市里的百货"):  # goods, not a store
        assert not any(k.endswith("百货") for k in sign(text).places), text


def test_two_buildings_lifts_in_one_estate_are_two_problems(sign: Callable[[str], Signature]) -> None:
    """A lift, a leak or gas in a stairwell is one building's: 3号楼's and 九号楼's are two problems,
    whatever estate both name; the same building written two ways (3号楼 / 三栋) is one."""
    a = sign("惠民小区3号楼电梯又停了，老人下不了楼")
    assert not joins(sign("惠民小区九号楼电梯困人了，物业没人接电话"), a)
    assert joins(sign("惠民小区三栋的电梯到现在还停着"), a)
    assert joins(sign("惠民小区电梯坏了好几天了"), a)  # no building named: it may be the same
    # an estate's own problem is the estate's, whichever building writes
    w = sign("惠民小区3号楼停水了")
    assert joins(sign("惠民小区9号楼也停水了"), w)
