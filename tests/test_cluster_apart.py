"""Look-alikes kept apart, by the phenomenon that joined them wrongly (issue 14, precision round:
the false pairs of the development sets ``outside*.jsonl`` read and named).

A wrongly joined case inherits another problem's lead, so these weigh more than a missed join.
The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and signature maker), as ``tests/test_cluster_wording.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_phenomena import joins, match
from test_cluster_wording import classifier  # noqa: F401 - the real classifier

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.problems import problems


@pytest.fixture
def fresh(classifier: Classifier) -> Callable[[str], Signature]:  # noqa: F811 - the fixture imported above
    """A signature maker that has learnt nothing yet (what it learns is this test's own)."""
    maker = SignatureMaker(classifier)
    return lambda text: maker.make(text, classifier.classify(text))


# ---------------------------------------------------------------- a district is no spot

def test_a_district_named_in_an_estates_name_is_not_learnt_as_the_estates_short_name(
        fresh: Callable[[str], Signature]) -> None:
    estate = fresh("兴庆花园门口的垃圾桶三天没人倒了，苍蝇乱飞")
    assert "兴庆花园" in estate.places and "兴庆" not in estate.places
    # "@兴庆区城管" names the district (every second letter names one), not the estate
    elsewhere = fresh("@兴庆区城管 文化街人行道上的垃圾三天没人倒了")
    assert "兴庆" not in elsewhere.places
    assert not joins(elsewhere, estate)


# ---------------------------------------------------------------- two crossings of one road

@pytest.mark.parametrize(("text", "crossing"), [
    ("暴雨过后，利民路下穿文化街那个涵洞全是水", "利民路×文化街"),  # one road passes under the other
    ("文化街利民路下穿又淹了，车泡在里面", "利民路×文化街"),        # the two roads back to back
    ("从长城中路往文化街拐的地方，井盖碎了", "文化街×长城中路"),  # turning from one into the other
])
def test_two_roads_met_under_over_or_at_a_turn_are_a_crossing(
        fresh: Callable[[str], Signature], text: str, crossing: str) -> None:
    sig = fresh(text)
    assert sig.places.get(crossing) == 1.0
    assert not any(k.startswith(("下穿", "往")) for k in sig.places)  # the verb is no part of a road


def test_two_underpasses_of_one_road_flooded_in_one_storm_are_two_problems(
        fresh: Callable[[str], Signature]) -> None:
    one = fresh("利民路文化街下穿积水快到车门了，别往里开")
    other = fresh("利民路胜利街下穿也淹了，一辆车熄火在里面")
    assert not joins(other, one)
    # a landmark beside the crossing is no other spot: the road decides
    beside = fresh("鼓楼东边那个下穿又成河了，文化街方向过不去")
    assert joins(beside, one)


# ---------------------------------------------------------------- related at a spot, not along a road

def test_problems_related_only_at_one_spot_do_not_join_along_a_road(fresh: Callable[[str], Signature]) -> None:
    jam = fresh("每天下午五点文化街堵得走不动")
    stalls = fresh("文化街小学门口卖冰棍的小摊，东西连包装都没有")
    assert problems().only_beside("拥堵", "占道经营")
    assert not joins(stalls, jam)
    # at one spot the stalls are what jams it
    at_gate = fresh("文化街农贸市场门口天天堵成一团")
    stalls_at_gate = fresh("文化街农贸市场门口小贩把摊摆到马路上")
    assert joins(stalls_at_gate, at_gate)


def test_a_problem_told_as_the_same_event_still_joins_along_a_road(fresh: Callable[[str], Signature]) -> None:
    burst = fresh("利民巷地下的水管爆了，水往路上冒")
    dry = fresh("利民巷这一片从中午开始没水")
    assert joins(dry, burst)


# ---------------------------------------------------------------- another building

def test_a_buildings_problem_told_second_is_still_that_buildings(fresh: Callable[[str], Signature]) -> None:
    smell = fresh("利民家园2号楼地下室一股怪味，像煤气味，好几天了")
    gas = fresh("利民家园7号楼楼道里燃气味很重，不是2号楼那边")
    assert smell.issues[0] != gas.issues[0]
    assert not joins(gas, smell)
    assert match(gas, smell).score == 0.0


# ---------------------------------------------------------------- two kinds of one problem

@pytest.mark.parametrize(("one", "other"), [
    # noise by what makes it: the building site beside a school and the dancers across from it
    ("文化街小学旁边的工地半夜还在浇混凝土，吵得孩子睡不着", "文化街小学对面广场舞音响开得震天响，孩子没法写作业"),
    # a unit dripping on the awning below and a restaurant's units humming at night
    ("利民家园3号楼楼上空调外机往下滴水，滴在我家窗台上", "利民家园楼下饭店的空调外机嗡嗡响到半夜"),
    # a light out of order and a light timed too short at one crossing
    ("文化街利民路路口红绿灯坏了，一直闪黄灯", "文化街利民路路口的行人绿灯只有十几秒，老人走不过去"),
])
def test_two_kinds_of_one_problem_at_one_place_are_two_problems(
        fresh: Callable[[str], Signature], one: str, other: str) -> None:
    a, b = fresh(one), fresh(other)
    assert a.issues[0] == b.issues[0] and a.kinds and b.kinds and not a.kinds & b.kinds
    assert not joins(b, a)


def test_a_report_naming_no_kind_may_be_either(fresh: Callable[[str], Signature]) -> None:
    site = fresh("文化街小学旁边的工地半夜还在浇混凝土，吵得孩子睡不着")
    vague = fresh("文化街小学那边晚上太吵了")
    assert not vague.kinds and joins(vague, site)
    # the dancers' speakers are 喇叭 as often as a shop's
    dancers = fresh("鼓楼广场跳广场舞的音响每晚开到十点")
    horn = fresh("鼓楼那边跳舞的大喇叭吵到十点")
    assert joins(horn, dancers)


@pytest.mark.parametrize(("one", "other"), [
    # a ride-hailing pick-up point and the metered taxis' fares at one station
    ("汽车站网约车上车点离出口太远，拖着行李走半天", "汽车站门口的出租车不打表，张口就要四十"),
    # the pension's check and a city app's face login
    ("我爸的养老金资格认证一直过不去，眨眼了也不行", "i银川刷脸登录一直失败，办不了居住证"),
])
def test_two_matters_of_one_service_are_two_problems(fresh: Callable[[str], Signature], one: str, other: str) -> None:
    a, b = fresh(one), fresh(other)
    assert a.issues[0] == b.issues[0] and not a.kinds & b.kinds
    assert not joins(b, a)


def test_a_shops_tables_set_out_on_the_street_are_occupying_the_road(fresh: Callable[[str], Signature]) -> None:
    tables = fresh("步行街西口饭馆的外摆越来越多，桌子摆到路中间，轮椅推不过去")
    bikes = fresh("步行街西口共享单车堆成一片，轮椅推不过去")
    assert tables.issues[0] == "占道经营"
    assert not joins(tables, bikes)


# ---------------------------------------------------------------- another unit, another pipe

def test_two_units_lifts_of_one_building_are_two_problems(fresh: Callable[[str], Signature]) -> None:
    two = fresh("康居苑8号楼2单元电梯停了三天，物业说等配件")
    three = fresh("康居苑8号楼3单元的电梯也坏了，按了没反应")
    assert two.units == {2} and three.units == {3}
    assert not joins(three, two)
    # the unit written as neighbours write it, after the building: 8-2
    echo = fresh("康居苑8-2的电梯还是不动")
    assert echo.buildings == {8} and echo.units == {2} and joins(echo, two)
    # an estate's own problem joins across units
    assert joins(fresh("康居苑8号楼3单元也停水了"), fresh("康居苑8号楼2单元从早上开始停水"))


@pytest.mark.parametrize("text", [
    "康居苑9号楼的水管也冻了，跟5号楼不是一根管，物业只去了那边",
    "康居苑9号楼也停水了，跟5号楼那边没关系，是我们楼的泵坏了",
])
def test_what_a_citizen_says_has_nothing_to_do_with_theirs_is_set_apart(
        fresh: Callable[[str], Signature], text: str) -> None:
    five = fresh("康居苑5号楼水管冻住了，整栋楼没水")
    nine = fresh(text)
    assert 5 not in nine.buildings and nine.unlike
    assert not joins(nine, five)


def test_a_place_and_a_problem_said_to_be_unrelated_are_both_set_apart(fresh: Callable[[str], Signature]) -> None:
    burst = fresh("锦华园门口地下水管爆了，水往外喷")
    other = fresh("福泰苑也停水了，物业说是二次供水的泵坏了，跟锦华园那个爆管没关系")
    assert {"锦华园", "爆管"} <= other.unlike and "锦华园" not in other.places
    assert not joins(other, burst)


def test_a_name_holding_和_is_set_apart_whole(fresh: Callable[[str], Signature]) -> None:
    # 和 inside a name (德和园) is no "和" opening the phrase
    one = fresh("德和园北门的路灯坏了一排，晚上黑乎乎的")
    other = fresh("永康里门口的路灯也不亮了，跟德和园那边不是一处")
    assert "德和园" not in other.places and other.unlike
    assert not joins(other, one)


# ---------------------------------------------------------------- a neighbour's place likened to

@pytest.mark.parametrize("text", [
    "悦海苑这两天暖气也不热，跟隔壁兰庭雅居一样，十六度",
    "悦海苑暖气也不热，跟兰庭雅居那边差不多，是不是一个换热站的",
])
def test_a_neighbours_place_likened_to_is_not_the_writers(fresh: Callable[[str], Signature], text: str) -> None:
    neighbour = fresh("兰庭雅居暖气不热，屋里才十五度")
    own = fresh(text)
    assert "悦海苑" in own.places and "兰庭雅居" not in own.places
    assert not joins(own, neighbour)


def test_a_place_likened_to_with_no_place_of_ones_own_stays_named(fresh: Callable[[str], Signature]) -> None:
    # the look-alike: nothing else named, the writer may well live there; the name is kept
    fresh("兰庭雅居暖气不热，屋里才十五度")
    echo = fresh("跟兰庭雅居一样，我家也就十六度")
    assert "兰庭雅居" in echo.places


def test_a_same_question_naming_a_buildings_unit_echoes_that_units_appeal(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"8-2的电梯也不动" asks after the lift of 8号楼's unit 2, not unit 3's told the same hour."""
    ingest(app, [("u1", "康居苑8号楼2单元电梯停了三天，物业说等配件", 0),
                 ("u2", "康居苑8号楼3单元的电梯也坏了，按了没反应", 10),
                 ("u3", "8-2的电梯也不动，同问", 30)])
    c = [case_of(app, i) for i in range(3)]
    assert c[0].cluster_id != c[1].cluster_id or c[0].cluster_id is None
    assert c[2].cluster_id is not None and c[2].cluster_id == c[0].cluster_id


# ---------------------------------------------------------------- back again after long

def test_a_problem_back_after_long_and_said_so_is_a_new_episode() -> None:
    from monitor.cluster.markers import back_again

    for text in ("又满了，上个月就说过，怎么又这样", "又是黄汤，跟上次一样"):
        assert back_again(text), text
    # an intermittent problem chased a week on, time passing, writing again: no episode of its own
    for text in ("上周反映过，今晚又来了", "又过了三天，上个月说的还没修", "今天又在门口碰到了，上次反映的没用",
                 "比上回还冲，又闻到了"):
        assert not back_again(text), text


def test_a_citizens_post_of_the_problem_back_weeks_on_is_not_a_chaser_of_the_old_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    day = 24 * 60
    ingest(app, [("r1", "金桂苑东门垃圾站满了三天没人拉，臭得不敢开窗", 0)])
    ingest(app, [("r1", "金桂苑东门垃圾站又满了，上个月就说过，怎么又这样", 20 * day)], start=1)
    ingest(app, [("r1", "上周反映过，金桂苑东门垃圾站今天又满了", 29 * day)], start=2)
    first, back, chased = (case_of(app, i) for i in range(3))
    assert back.id != first.id  # a new episode, not the month-old case
    assert chased.id == back.id  # …which the next week's post chases


# ---------------------------------------------------------------- a problem set aside, named first

@pytest.mark.parametrize(("text", "main", "aside"), [
    ("噪音先不说，公园南门的公厕锁了快一周了", "公厕", "噪音"),   # the set-aside problem named before
    ("停车的事且不提，小区门口的路灯坏了半个月", "路灯", "乱停车"),
])
def test_a_problem_set_aside_before_its_words_is_not_the_main_one(
        fresh: Callable[[str], Signature], text: str, main: str, aside: str) -> None:
    sig = fresh(text)
    assert sig.issues and sig.issues[0] == main and sig.issues[0] != aside


def test_a_problem_said_first_without_setting_it_aside_stays_the_main_one(
        fresh: Callable[[str], Signature]) -> None:
    # the look-alike: "先说噪音" puts the noise first, it does not set it aside
    sig = fresh("先说噪音，公园南门的广场舞天天到十点，公厕也锁着")
    assert sig.issues and sig.issues[0] == "噪音"
