"""Look-alikes kept apart, by the phenomenon that joined them wrongly (issue 14, precision round:
the false pairs of the development sets ``outside*.jsonl`` read and named).

A wrongly joined case inherits another problem's lead, so these weigh more than a missed join.
The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and signature maker), as ``tests/test_cluster_wording.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster_phenomena import joins, match
from test_cluster_wording import classifier  # noqa: F401 - the real classifier

from monitor.classify import Classifier
from monitor.cluster import Signature, SignatureMaker
from monitor.cluster.problems import load, problems


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


def test_a_beside_relation_names_a_known_problem(tmp_path) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "problems.toml"
    table.write_text('["拥堵"]\nwords = ["堵车"]\nbeside = ["小摊"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[拥堵\] beside: unknown problem '小摊'"):
        load(table)


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


def test_kinds_are_a_table_of_word_lists(tmp_path) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "problems.toml"
    table.write_text('["噪音"]\nwords = ["吵"]\n["噪音".kinds]\n"工地" = "打桩"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[噪音\] kinds: '工地' needs a list of words"):
        load(table)
