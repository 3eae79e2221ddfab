"""Winter's problems in citizens' words, how a follow-up tells its matter stands, a problem back
after a repair (issue 14, eighth round: the outside development set ``outside5.jsonl``).

The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and signature maker), as ``tests/test_cluster_wording.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from test_cluster_wording import classifier, main, sign  # noqa: F401 - the real classifier and signature maker

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.joining import ClusterStage
from monitor.cluster.markers import recurs, tells_update
from monitor.cluster.problems import problems
from monitor.cluster.score import placeless
from monitor.core.config import ClusterConfig

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def chaser(sign: Callable[[str], Signature], classifier: Classifier) -> Callable[..., object]:
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]

    def run(first: str, later: str, days: float = 1.0) -> object:
        hit = stage.chaser_target(later, sign(later), [("own", sign(first), T0)], T0 + dt.timedelta(days=days))
        return hit[0] if hit else None
    return run


@pytest.mark.parametrize(("text", "problem"), [
    # a frozen pipe is a dry tap
    ("零下二十度，厨房的水管冻实了，一滴都放不出来", "停水"),
    ("楼里好几家水表冻坏了，没法用水", "停水"),
    ("冻住的管子物业用热水浇了半天也不通", "停水"),
    # ice told by what it does and where it lies
    ("菜市场门口一层冰，老太太提着菜走得心惊胆战", "冰雪"),
    ("天桥台阶滑得要命，扶手都是冰", "冰雪"),
    ("小区坡道成了溜冰场，车都上不去", "冰雪"),
    ("早上在车站门口摔了一跤，地上又是冰", "冰雪"),
    # the city's online counters: the heating company's, the gas company's
    ("供热公司的缴费公众号点进去就报错，交了两遍都没成功", "供暖缴费"),
    ("采暖费在手机上交不了，页面一直转圈然后显示异常", "供暖缴费"),
    ("气卡在营业厅充不进去，说系统升级", "燃气缴费"),
    ("昨晚在手机上买气，扣了钱表里还是没到账", "燃气缴费"),
    # the pension's face check told by what the old do in front of the phone
    ("我妈对着手机又眨眼又摇头，半小时还是过不去", "资格认证"),
    ("退休金认证那个软件提示光线不足，认证了十几回都失败", "资格认证"),
    # the city's vouchers
    ("惠民券一放出来就没了，手慢一秒都抢不到", "消费券"),
])
def test_a_winter_problem_in_other_words_is_named(text: str, problem: str) -> None:
    assert main(text) == problem


@pytest.mark.parametrize("text", [
    "暖气片还是冰的，屋里十二度",          # a radiator, not the road
    "冰箱里的菜都放坏了",
    "孩子在滑冰场摔破了膝盖想问医保怎么报",  # (no ice on the road: 冰雪 only if it lies there)
])
def test_cold_things_that_are_no_ice_on_the_ground(text: str) -> None:
    assert main(text) != "冰雪"


def test_the_gas_counter_is_the_citys_and_a_gas_cut_is_a_flats(sign: Callable[[str], Signature]) -> None:
    a, b = sign("燃气公众号充值一直失败，提示网络繁忙"), sign("燃气卡充不上，营业厅排了一上午")
    assert a.issues[0] == b.issues[0] == "燃气缴费"
    assert placeless(a, b, age_days=0.5, window_days=7).problem > 0  # one matter of the city
    assert main("灶台没火了，做饭做一半") == "燃气"


def test_how_a_follow_up_tells_its_matter_stands(chaser: Callable[..., object]) -> None:
    assert tells_update("手机上能交了")
    for later in ("今天能充了，之前扣的钱也退回来了", "晚上八点电来了，谢谢"):
        assert tells_update(later), later
    assert chaser("燃气小程序充值扣了钱没到账", "今天能充了，之前扣的钱也退回来了", days=2) == "own"
    assert chaser("康宁路金水苑2号楼停电了", "晚上八点电来了，谢谢", days=0.5) == "own"
    assert main("团结路人行道的冰没人铲，天天有人摔") == "冰雪"
    assert tells_update("今天环卫工在铲了")
    assert chaser("团结路人行道的冰没人铲，天天有人摔", "团结路今天有人在铲了", days=1) == "own"


def test_a_problem_back_after_a_repair_is_a_new_episode(chaser: Callable[..., object]) -> None:
    first = "金水苑3号楼电梯坏了，物业说等配件"
    later = "3号楼电梯上个月刚修好，今天再次停运"
    assert recurs(later) and not recurs("3号楼电梯还是坏的，再次反映")
    assert chaser(first, later, days=24) is None         # the first episode's case is not chased
    assert chaser(first, "3号楼电梯还是坏的，再次反映", days=10) == "own"


# ---------------------------------------------------------------- places the gazetteer lacks, by form

def test_a_road_named_by_one_everyday_word_is_a_road(sign: Callable[[str], Signature]) -> None:
    """Roads are named with words no estate is (建设, 解放, 胜利, 团结): such a word standing alone
    before 路/街/巷, with or without a direction, is the road's whole name, and a place named
    after it is a spot; a pointer or a count before 路 (那条路, 一段路) names none."""
    assert "建设巷" in sign("幸福南街建设巷的老楼下水道又堵了").places
    assert {"解放东街", "解放街"} <= set(sign("解放东街口的冰没人铲，天天有人摔").places)
    assert "胜利街菜市场" in sign("胜利街菜市场门口小贩把路占了").places
    crossing = sign("在建设路和团结西街交叉口，信号灯一直闪黄").places
    assert "×".join(sorted(["建设路", "团结西街"])) in crossing
    for text in ("那条路坑坑洼洼的没人修", "这段路一到晚上就全黑", "施工路段没有警示牌", "加快建设路网"):
        assert not [k for k in sign(text).places if k.endswith(("路", "街", "巷"))], text


def test_an_underground_main_is_no_sewer_and_a_crossing_jammed_is_traffic() -> None:
    assert main("长城路那个路口地下水管爆了，水一直往上涌") == "爆管"
    assert main("楼下的下水管又堵了，一股味") == "污水"
    assert main("放学的时候学校那个路口堵成一锅粥") == "拥堵"


def test_two_related_problems_of_one_citizen_at_one_place_are_two_matters(chaser: Callable[..., object]) -> None:
    """Unsaid, the same citizen at the same school gate telling first its traffic, then the snack
    carts parked at it, tells two matters (占道经营 is related to 拥堵: other citizens' reports of
    the two may be one event, one citizen's two reports are not one report repeated)."""
    first = "实验小学门口一放学就堵成一锅粥"
    assert chaser(first, "实验小学门口放学有好几个小推车卖三无零食，孩子吃了肚子疼", days=3) is None
    assert chaser(first, "实验小学门口放学还是堵得走不动", days=3) == "own"


@pytest.mark.parametrize(("text", "problem"), [
    ("今天外面灰蒙蒙的，空气呛人，出门都得戴口罩", "雾霾"),
    ("跑了三家社区医院，九价疫苗都说没货", "疫苗"),
    ("打热线排队排了四十分钟，最后忙音", "热线"),
    ("旧电瓶车交了，以旧换新的钱到现在没见着", "以旧换新"),
    ("家里没人住也要交基础热费，这合理吗", "空置房热费"),
    ("敬老卡年审只能去营业厅，腿脚不好的老人咋办", "老年卡"),
])
def test_more_matters_of_the_whole_city(text: str, problem: str) -> None:
    assert main(text) == problem
    assert problem in problems().citywide


def test_a_hotline_named_as_the_way_one_asked_is_no_matter_of_its_own() -> None:
    assert main("楼下化粪池冒了，打了12345说会转给物业") == "污水"


def test_work_at_night_told_by_the_hour_it_still_goes_on() -> None:
    assert main("工地十一点半了还在浇筑，灯照得屋里跟白天一样") == "噪音"
    assert main("晚上12点了还在挖，门都在抖") == "噪音"
    assert main("孩子1点还在写作业") is None


def test_on_the_way_and_a_crossings_road_name_no_road(sign: Callable[[str], Signature]) -> None:
    crossing = sign("下班路上看到文昌路和贺兰山路交叉口地面塌了").places
    assert "×".join(sorted(["文昌路", "贺兰山路"])) in crossing and "下班路" not in crossing
    assert not [k for k in sign("前面说是宁安街路口路面塌了").places if k.startswith("路口")]
    assert "回家路" not in sign("回家路上看到井盖没了").places
    assert "建设路" in sign("在建设路上堵了半小时").places
