"""One problem told in other words by other citizens, one place named several ways (issue 14,
seventh round: the outside development sets ``outside*.jsonl``).

The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and signature maker), as ``tests/test_cluster_phenomena.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cluster_phenomena import joins  # noqa: F401 - one threshold, one comparison for every signature test

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.cluster.problems import problems
from monitor.core.config import ClusterConfig, Config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.from_config(Config.load(ROOT / "config" / "wenzheng.toml"))


@pytest.fixture(scope="module")
def sign(classifier: Classifier) -> Callable[[str], Signature]:
    maker = SignatureMaker(classifier)
    return lambda text: maker.make(text, classifier.classify(text))


def main(text: str) -> str | None:
    found = problems().find(text)
    return found[0] if found else None


# ---------------------------------------------------------------- the problem in other words

@pytest.mark.parametrize(("text", "problem"), [
    # the dark told without the lamp
    ("文化巷那一段晚上还是黑的，走路全靠手机照", "路灯"),
    ("金桂路这段确实黑，骑车看不清坑", "路灯"),
    # a cold flat told by the body
    ("家里冻醒好几回，孩子都发烧了", "供暖"),
    ("早上起来手都是冰的", "供暖"),
    ("我们单元高层都不热，家里才十五度", "供暖"),
    ("家里跟冰窖一样，到底什么时候通热", "供暖"),
    ("这个月村里停了三回水，一停一整天", "停水"),
    ("配电室修了一晚上，今晚怕是来不了电", "停电"),
    ("地铁口那部直梯又坏了，推着轮椅下不去", "电梯"),
    ("车站门口的公交站亭快塌了", "公交站"),
    ("早上在公交上扫码上不了车，刷了好几次", "乘车码"),
    ("排队打车半天，司机一听去哪直接摆手说不去", "出租车"),
    ("出站口一群黑车拉客，拽着行李不放", "黑车"),
    ("村口那条路上全是水，娃娃鞋都湿了", "积水"),
    ("路口那个坑一个礼拜了也没人填", "道路破损"),
    ("学校门口放学车停两排，根本过不去", "乱停车"),
    ("消防通道天天停满私家车，救护车都进不来", "乱停车"),
    ("医院门诊缴费排队排了一个多小时", "看病排队"),
    # works are the source of the noise or the dust they make, not the complaint
    ("门口在修路，晚上十二点还在切路面，吵死了", "噪音"),
    ("修路挖开的土也不盖，灰大得很", "扬尘"),
    # no gas, no flame
    ("中午炒菜突然没火了", "燃气"),
    ("我们单元也没气，饭做了一半", "燃气"),
    # the tap empty
    ("拧开龙头是空的，一早上都这样", "停水"),
    # a sewer well that overflows, the stinking water it gives
    ("菜场后门那个下水井一直往外冒，脏得下不去脚", "污水"),
    # singing at night named by what is sung
    ("楼下有人拿音箱唱K到十二点", "噪音"),
    ("公园里跟开演唱会一样，天天到半夜", "噪音"),
    # wages told by what was not received, or by the crew's boss
    ("干了两个多月还没拿到工钱", "欠薪"),
    ("包工头电话一直关机，活干完了钱没影", "欠薪"),
    # a line that no longer goes where it went, goes round, or is asked back
    ("26路这几天不到汽车站了，也没说一声", "公交服务"),
    ("8路开始绕文萃路走了，多了二十分钟", "公交服务"),
    ("去县城的班车一天就三趟，太少了", "公交服务"),
    # the meter
    ("那几个司机不走表，开口就要四十", "出租车"),
    # the city's bills and counters
    ("这个月水费莫名其妙多了一百多", "水费"),
    ("这个月多了个冬季阶梯，气费贵了一截", "燃气费"),
    ("APP上交暖气费一直提示支付失败", "供暖缴费"),
    ("公积金租房提取一直审核不过", "公积金"),
    ("居民医保在手机上交不上，老说系统繁忙", "医保缴费"),
])
def test_a_problem_told_by_its_symptom_is_named(text: str, problem: str) -> None:
    assert main(text) == problem


@pytest.mark.parametrize("text", [
    "医院门口车排队进停车场，排到马路上了",   # a queue of cars, not at the counters
    "小区门口马路被水冲了个坑，全小区停水",   # the pit the water dug is no broken road first
    "公交进站都进不去，车全堵在门口",         # a bus that cannot get in is no line that stopped
    "加班的人只能打车回家",            # 加班 is no extra bus
    "路口太窄，公交车都过不去",        # a bus that cannot pass is no line that stopped going
    "家里暖气费刚交了两千",            # the heating's fee is no gas bill
    "小区车太多，晚上回来没车位",      # no bus
])
def test_look_alikes_name_no_such_problem(text: str) -> None:
    assert main(text) not in ("公交服务", "燃气费", "看病排队", "道路破损")


def test_the_heating_fee_is_not_the_gas_bill() -> None:
    assert "燃气费" not in problems().find("在APP上交暖气费一直失败")
    assert "燃气费" in problems().find("燃气这个月气费翻了一倍")


def test_a_cover_missing_from_a_sewer_well_is_a_cover() -> None:
    """下水井 names the sewer only when it overflows, blocks or stinks: a well without its cover is
    the 井盖 problem others report."""
    assert main("人行道上那个下水井没有盖子，晚上看不见") == "井盖"


# ---------------------------------------------------------------- a place named several ways

def test_a_store_named_by_its_brand_is_a_place_even_when_the_brand_is_a_word(
        sign: Callable[[str], Signature]) -> None:
    a = sign("新华百货对面的下水道又冒了，臭得很")
    b = sign("新华百货门口那个下水道一直堵着，味道大")
    assert "新华百货" in a.places
    assert joins(b, a)
    assert not any(k.endswith("百货") for k in sign("门口卖日用百货的小摊天天占道").places if k == "日用百货")


def test_a_zone_or_a_phase_names_its_estate(sign: Callable[[str], Signature]) -> None:
    """An estate without a place word in its name (金水万家) is named before its zone or phase
    (B区, 2期), and learnt, so a neighbour writing it bare is placed there too."""
    a = sign("金水万家C区从中午就停水了，也没通知")
    assert "金水万家小区" in a.places
    b = sign("金水万家是不是又停水了？")
    assert "金水万家" in b.places and joins(b, a)
    assert "云栖府" in sign("云栖府3期到现在还没交房").places
    assert not any(k.startswith("同问") for k in sign("同问，A区也停了").places)


def test_asking_whether_it_is_another_places_problem_names_that_place_as_the_other(
        sign: Callable[[str], Signature]) -> None:
    """"和X是一回事吗" asks whether the writer's problem is X's: X is not where the writer is."""
    sig = sign("我们这也没气了，和金桂苑是一回事吗？")
    assert "金桂苑" not in sig.places
    assert sig.unlike == frozenset()  # it may be the same event: not said to be another


# ---------------------------------------------------------------- a citizen's own case

@pytest.fixture(scope="module")
def chaser(sign: Callable[[str], Signature], classifier: Classifier) -> Callable[..., object]:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]
    t0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)

    def run(first: str, later: str, days: float = 1.0) -> object:
        hit = stage.chaser_target(later, sign(later), [("own", sign(first), t0)], t0 + dt.timedelta(days=days))
        return hit[0] if hit else None
    return run


def test_a_citizen_naming_their_problem_again_without_the_place_follows_up(chaser: Callable[..., object]) -> None:
    first = "康宁路金水苑2号楼停电了，冰箱里的肉都化了"
    assert chaser(first, "到晚上还是停电，蜡烛都点完了", days=0.5) == "own"
    assert chaser(first, "停电一天了，谁来管管", days=1) == "own"
    assert chaser(first, "同问，停电了吗") is None            # a 同问 is about someone else's
    assert chaser(first, "小区门口的路灯也不亮") is None       # another problem


def test_a_citizen_asking_when_or_telling_half_of_it_follows_up(chaser: Callable[..., object]) -> None:
    first = "阅景苑工地包工头欠我们十几个人三个月工资"
    assert chaser(first, "今天发了一半，剩下的说年底", days=6) == "own"
    assert chaser(first, "那到底啥时候能给？", days=3) == "own"
    assert chaser(first, "劳动监察大队的人来看过，说让等", days=2) == "own"
    assert chaser(first, "小区门口烧烤油烟呛死人了，什么时候能管管") is None  # another problem


# ---------------------------------------------------------------- estates, buildings, comparisons

def test_estates_named_with_words_of_their_own(sign: Callable[[str], Signature]) -> None:
    """华庭, 雅居, 御景…: an estate's name ends in them as in 苑 or 花园; two estates sharing a
    first word (翠湖御景, 翠湖御园) are two."""
    assert "金辉华庭" in sign("金辉华庭也停电了，一片漆黑").places
    assert "兰苑雅居" in sign("兰苑雅居8栋暖气不热").places
    a = sign("翠湖御园到现在还没交房，开发商一拖再拖")
    b = sign("翠湖御景的房产证啥时候能办下来，开发商一拖再拖")
    assert "翠湖御景" in b.places and not joins(b, a)


def test_a_stairwells_lights_are_its_buildings(sign: Callable[[str], Signature]) -> None:
    a = sign("丰泽苑2号楼楼道的声控灯全坏了，上下楼摸黑")
    b = sign("丰泽苑6号楼前面那盏路灯不亮，晚上看不见路")
    assert a.issues[0] == "楼道灯" and b.issues[0] == "路灯"
    assert not joins(b, a)
    assert not joins(sign("丰泽苑5号楼楼道灯也不亮"), a)        # another building's stairwell


def test_a_leak_from_a_heating_pipe_is_a_burst_not_a_cold_flat(sign: Callable[[str], Signature]) -> None:
    assert sign("地下室的暖气管试压时跑水了，车库全是水").issues[0] == "爆管"


def test_another_place_named_to_compare_is_not_the_writers(sign: Callable[[str], Signature]) -> None:
    assert "金凤街" not in sign("银河路这个坑比金凤街那个还深").places
    assert "丰泽苑" not in sign("翠湖园也停电了，是不是跟丰泽苑一片的？").places


# ---------------------------------------------------------------- buses told at no line

def test_buses_told_at_no_line_are_one_matter_only_within_one_county(sign: Callable[[str], Signature]) -> None:
    """A bus line is a place (its number); told at no line and no place, two complaints in the
    city are two lines nobody named — a long wait here, a driver who did not stop there — while
    one county's buses to the city are one matter, and the city's bills stay one matter."""
    from monitor.cluster.score import placeless

    def one(a: str, b: str) -> bool:
        return placeless(sign(b), sign(a), age_days=0.3, window_days=7).score > 0
    assert not one("公交车等了四十分钟都不来，天天迟到", "公交司机招手不停，直接开过去了")
    assert one("永宁到银川的公交一小时才一趟，能不能加车", "永宁县去银川的班车太少了，末班六点就没了")
    assert not one("永宁到银川的公交一小时才一趟，能不能加车", "灵武到银川的班车太少了，末班六点就没了")
    assert one("这个月水费怎么翻倍了，是不是抄错表了", "水费账单莫名多了一百多，谁来解释一下")


def test_the_words_a_repost_quotes() -> None:
    from monitor.cluster.markers import quoted_text
    assert quoted_text("+1//@市民甲: 乘车码又刷不出来了，早上扫了五六次") == "乘车码又刷不出来"
    assert quoted_text("同问//@市民甲:锦园门口的路//@市民乙: 挖开一个月了") == "锦园门口的路"
    assert quoted_text("同问，锦园门口的路") == ""
    assert quoted_text("+1 //@市民甲: 是的") == ""  # too few words to tell one post from another


def test_a_verb_of_going_begins_no_road_name(sign: Callable[[str], Signature]) -> None:
    """路过民族街口, 绕北京西路, 走文昌路: the verb before the road is no part of its name."""
    assert "民乐街" in sign("刚路过民乐街口，地下往外冒水").places
    assert not any(k.startswith(("过", "绕")) for k in sign("12路今天开始绕丽子园路了").places)


def test_the_ride_code_failing_on_a_line_is_the_citys_matter(sign: Callable[[str], Signature]) -> None:
    """The line a rider names is where the city's ride code failed, not the matter: it meets the
    reports of the same failure told at no line."""
    from monitor.cluster.score import placeless
    a = sign("乘车码一早上都刷不出来，司机让投币")
    b = sign("在7路上扫码一直报错，后面排了一长串人")
    assert "7路公交" in b.places
    assert placeless(b, a, age_days=0.1, window_days=7).score > 0
    # a bus line's own matter (a stop dropped) told with its number stays the line's
    assert placeless(sign("7路改线了，站也取消了"), sign("9路改线了，不到医院了"), age_days=0.1, window_days=7).score == 0


@pytest.mark.parametrize("text", [
    "建议社区组织上门认证，老人跑不动",      # 建议 begins a request, not a 社区's name
    "同问，天天刷网站也约不上",              # 网站 is a word, no stop
    "公积金线上提取一直失败",                # 线上 is online, no road
])
def test_words_before_a_place_word_that_name_no_place(sign: Callable[[str], Signature], text: str) -> None:
    assert sign(text).places == {}


def test_a_road_in_线_is_still_a_road_before_上(sign: Callable[[str], Signature]) -> None:
    assert "银巴线" in sign("银巴线上拉煤的大车太多了").places


def test_a_parks_two_gates_are_two_sides(sign: Callable[[str], Signature]) -> None:
    """Street lamps out at a park's east gate and at its west gate are two problems; a report
    naming no gate, or both, may be either's."""
    east = sign("丰乐公园东门外那段路灯全灭了，夜跑看不见")
    west = sign("丰乐公园西门的路灯也不亮，黑乎乎的")
    assert east.gates == {"东"} and west.gates == {"西"}
    assert not joins(west, east)
    assert joins(sign("丰乐公园门口路灯不亮好几天了"), east)
    assert joins(sign("丰乐公园西门的灯还是黑的，东门修了吗"), west)
    # a gate after a verb of going names a district, not a side
    assert sign("每天从南门坐车去火车站").gates == frozenset()


def test_a_week_told_as_礼拜_is_a_chaser(chaser: Callable[..., object]) -> None:
    first = "丰乐公园西门的路灯不亮，晚上黑乎乎的"
    assert chaser(first, "一个礼拜了还黑着，有没有人管", days=8) == "own"


def test_how_long_then_that_nothing_moved_is_a_chaser(chaser: Callable[..., object]) -> None:
    first = "丰乐村那条路挖开铺管子以后就没人管了，三轮车都过不去"
    assert chaser(first, "一周了，依旧没人来填", days=8) == "own"
    assert chaser(first, "两周了没人来看", days=15) == "own"
    assert chaser(first, "今天来了压路机，谢谢", days=12) == "own"
    assert chaser(first, "今天开始回填了", days=12) == "own"


def test_a_follow_up_naming_little_goes_to_the_own_case_it_shares_a_word_with(
        sign: Callable[[str], Signature], classifier: Classifier) -> None:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]
    t0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
    own = [("pension", sign("今年养老金调整的补发什么时候到账？"), t0),
           ("heating", sign("同问什么时候供暖，家里太冷了"), t0 + dt.timedelta(days=3))]
    later = "今天收到了补发的，谢谢"
    hit = stage.chaser_target(later, sign(later), own, t0 + dt.timedelta(days=10))
    assert hit is not None and hit[0] == "pension"
