"""Ninth round (issue 14): what citizens write that looked like another building, another place,
another matter, and what they say of a town (the outside development sets ``outside*.jsonl``).

Each phenomenon has a join that must happen next to a look-alike that must stay apart. The
sentences are new ones written for the rule, never copied from a set.

* a range of a quantity (室温15-17度, 3-5天, 10-20元) is no building-unit (the 15 of 15-17 is no
  15号楼), while 3-2 after an estate still is building 3, unit 2;
* 湖 before 滨 is no place word (文化东街湖滨 names the 湖滨 community, no lake "文化东街湖"),
  while 丽景湖边 still names 丽景湖;
* a 同问 naming only a town or a 街道 ("望远这边也是") asks after the town's one appeal of the last
  48 hours; with two appeals there it stays alone;
* a citizen's one open case told at no place is followed up by their post naming its problem at
  a place ("满城北街路灯还是黑的"); an own 同问 naming nothing is not followed up by a report
  naming both;
* a thing told earlier named by when it happened ("昨天下雨公交停运的事") points back, a first
  report of what happened yesterday does not.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the real pipeline on both backends
from test_cluster_own_word import follow  # noqa: F401 - ClusterStage.chaser_target on own cases own0, own1…
from test_cluster_wording import classifier, sign  # noqa: F401 - the real classifier and signature maker

from monitor.cluster import Signature
from monitor.cluster.markers import back_reference
from monitor.cluster.score import compare
from monitor.cluster.signature import building_numbers, unit_numbers
from monitor.store.context import App



def joins(a: Signature, b: Signature) -> bool:
    return compare(a, b, age_days=0.2, window_days=7).joins(0.6)


@pytest.mark.parametrize("text", ["室温15-17度，暖气摸着是温的", "停了3-5天了", "一次收10-20元", "我家2-3层都漏",
                                  "等了7-8个人才轮到我"])
def test_a_range_of_a_quantity_is_no_building(text: str) -> None:
    assert not building_numbers(text) and not unit_numbers(text)


def test_a_temperature_range_does_not_part_an_estates_heating(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    told = sign("兴庆区丽景湾小区多栋楼供暖温度不达标，室温15-17度，要求尽快排查管网")
    assert joins(told, sign("丽景湾小区12号楼暖气到现在都是温的，屋里才16度"))
    # …while building-unit after the estate is still read, and two units' lifts stay two
    lift = sign("丽水苑3-2的电梯又坏了")
    assert lift.buildings == frozenset({3}) and lift.units == frozenset({2})
    assert joins(lift, sign("丽水苑3-2的电梯也不动了"))
    assert not joins(lift, sign("丽水苑5-1的电梯也不动了"))


def test_湖滨_names_no_lake(sign: Callable[[str], Signature]) -> None:  # noqa: F811
    lights = sign("文化东街湖滨那边，路灯一闪一闪然后就灭了")
    assert not any(k.endswith("街湖") for k in lights.places)
    assert joins(lights, sign("文化东街靠湖滨社区那一头的路灯这两天也不亮了"))
    # the lake itself is still read where the citizen writes it
    assert "丽景湖" in sign("丽景湖边每天晚上广场舞音响太大了").places


def test_an_echo_naming_only_a_town_joins_its_one_recent_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("w1", "永宁县望远镇自来水这两天发黄，烧开了还有沉淀", 0),
        ("w2", "望远这边也是", 90),
    ])
    first, echo = case_of(app, 0), case_of(app, 1)
    assert first.cluster_id is not None and echo.cluster_id == first.cluster_id


def test_an_echo_naming_a_town_with_two_recent_appeals_stays_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("e1", "灵武市东塔镇这边停电了，也没个通知", 0),
        ("e2", "东塔镇集市把主路占了一半，车过不去", 30),
        ("e3", "东塔这边也是", 90),
    ])
    assert case_of(app, 2).cluster_id is None


def test_a_follow_up_places_the_one_own_case_told_at_no_place(follow) -> None:  # noqa: ANN001
    first = "我们这条街北头那几盏路灯一个礼拜没亮了，晚上出门得打手电筒"
    hit = follow("又一天了，清和南街路灯还是黑的", first)
    assert hit is not None and hit[0] == "own0" and hit[1]["by"] == "continued"


def test_an_own_echo_naming_nothing_is_not_followed_up_by_a_full_report(follow) -> None:  # noqa: ANN001
    assert follow("宝丰苑3号楼的水管又爆了，地下室又是一片汪洋", "同问，我家孩子也在那玩") is None
    # nor is a post naming another problem at a place the own case's follow-up
    assert follow("又一天了，清和南街的井盖还是没盖上", "我们这条街北头那几盏路灯一个礼拜没亮了") is None


@pytest.mark.parametrize("text", ["昨天下雨公交停运的事，到现在也没个解释", "前天淹车的那个下穿，保险公司让开证明",
                                  "我刚才已经说了，又被收了一次", "上周提了，今天又被咬一身"])
def test_a_thing_told_earlier_points_back(text: str) -> None:
    assert back_reference(text)


@pytest.mark.parametrize("text", ["昨天的暴雨把小区门口淹了", "早上的公交又没来", "昨天晚上小区停电了"])
def test_what_happened_yesterday_told_first_does_not_point_back(text: str) -> None:
    assert not back_reference(text)
