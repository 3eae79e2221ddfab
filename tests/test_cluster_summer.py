"""Summer's look-alikes kept apart (issue 14, the retired ``eval21``'s false pairs read by
phenomenon): a burst main days after a storm's flooding, sleeplessness from the heat, a horn at
an exam site beside the square dancers of the same 街道.

The sentences are new ones written for each rule, never copied from a set. Signature level (the
real classifier and a fresh signature maker, ``tests/test_cluster_apart.py``'s).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_cluster_apart import fresh  # noqa: F401 - a signature maker that has learnt nothing yet
from test_cluster_phenomena import joins
from test_cluster_wording import classifier  # noqa: F401 - the real classifier

from monitor.cluster import Signature
from monitor.cluster.problems import problems


# ---------------------------------------------------------------- a burst is no storm's water

def test_a_burst_main_days_after_a_flooded_road_is_another_event(fresh: Callable[[str], Signature]) -> None:
    """爆管 and 积水 are related (a burst floods the road), but only while the burst lasts: a main
    bursting on the road three days after a storm flooded it is no water of that storm."""
    storm = fresh("暴雨一下，宝湖路那段全淹了，车开过去水漫到车门")
    burst = fresh("宝湖路上自来水管爆了，水从地下往外冒，附近楼里停水了")
    assert storm.issues[0] == "积水" and burst.issues[0] == "爆管"
    assert joins(burst, storm, days=0.3)  # the same hours: the burst's water on the road
    assert not joins(burst, storm, days=3.0)  # days apart: two events at one road


def test_a_burst_named_by_both_still_ties_them_days_apart(fresh: Callable[[str], Signature]) -> None:
    """A flooded road that names the burst is the burst's, whatever the hours."""
    burst = fresh("宝湖路上自来水管爆了，水从地下往外冒")
    water = fresh("宝湖路爆管那段路面全是水，两天了还没抽干，积水到脚脖子")
    assert "爆管" in water.issues
    assert joins(water, burst, days=2.5)


# ---------------------------------------------------------------- sleepless from heat, not noise

@pytest.mark.parametrize("text", [
    "学校宿舍没有空调，三十七度，热得根本睡不着",
    "楼里停电一晚上，闷得睡不着，孩子一直哭",
    "小区绿化带蚊子成群，咬得睡不好",
])
def test_a_night_without_sleep_from_heat_or_bites_names_no_noise(text: str) -> None:
    assert "噪音" not in problems().find(text)


@pytest.mark.parametrize("text", ["隔壁装修电钻响到十点，根本睡不着", "楼下大排档划拳到两点，一家人都睡不好"])
def test_a_night_without_sleep_from_a_noise_is_still_the_noise(text: str) -> None:
    assert problems().find(text)[0] == "噪音"


def test_heat_in_a_dormitory_and_a_bus_stop_moved_at_one_campus_are_two_problems(
        fresh: Callable[[str], Signature]) -> None:
    heat = fresh("宁夏大学宿舍楼没装空调，暑假留校热得睡不着")
    stop = fresh("宁夏大学南门的公交站挪远了，学生顶着太阳走好久")
    assert not joins(stop, heat)


# ---------------------------------------------------------------- horns are cars' noise

@pytest.mark.parametrize("text", ["考点门口车一多就有人按喇叭，吵得没法复习", "学校门口能不能设个禁鸣标志，司机老摁喇叭"])
def test_a_horn_pressed_is_the_traffics_noise(text: str) -> None:
    table = problems()
    assert table.find(text)[0] == "噪音"
    assert table.kinds_of("噪音", text) == frozenset({"车"})


def test_horns_at_an_exam_site_do_not_join_the_square_dancers_of_the_district(
        fresh: Callable[[str], Signature]) -> None:
    dance = fresh("文化街街道这边广场舞音响天天放到十点，吵得没法休息")
    horns = fresh("文化街街道这边考点门口一堵车就按喇叭，考试那几天能不能禁鸣")
    assert not joins(horns, dance)


# ---------------------------------------------------------------- a flooded underpass in other words

@pytest.mark.parametrize("text", [
    "利民路下穿那里水深少说有半米，还有车往里冲",          # how deep, told by a measure
    "困在利民路桥洞里了，水到小腿，车打不着火",             # …by the body
    "利民路下穿到现在还封着，里面还有水，两辆车还在里面",    # what is left after it is shut
    "昨晚那场雨我的车泡了，就在利民路那个地道里",           # a car soaked
    "坐的公交在下穿里趴窝了，水都进车厢了",                # the water inside a bus
])
def test_a_flooded_underpass_told_by_its_depth_or_what_it_soaked_is_standing_water(text: str) -> None:
    assert problems().find(text)[0] == "积水"


def test_a_road_shut_while_the_water_stands_is_the_waters() -> None:
    """道路施工 yields to 积水: an underpass shut in a storm is complained of for its water."""
    assert problems().find("利民路下穿封路了，里面全是水")[0] == "积水"
    assert problems().find("利民路下穿封路施工，要封三个月")[0] == "道路施工"  # works, no water


def test_a_garage_is_no_car_soaked() -> None:
    """"车库泡水" names the garage's water, which the garage words already read, and a side remark
    about it beside another matter does not make it the main problem."""
    assert problems().find("车库泡水的事还没弄完，又涨停车费")[0] != "积水"


# ---------------------------------------------------------------- a night market's evenings

def test_a_night_markets_smoke_and_its_noise_are_one_nuisance_there(fresh: Callable[[str], Signature]) -> None:
    smoke = fresh("新华夜市的烧烤油烟天天往我们楼里飘，窗户都不敢开")
    noise = fresh("新华夜市半夜一点多还有人喝酒划拳，吵得睡不着")
    assert smoke.issues[0] == "油烟" and noise.issues[0] == "噪音"
    assert joins(noise, smoke)
    # the market's stalls on the road, or its litter, stay problems of their own
    stalls = fresh("新华夜市的摊子摆到机动车道上了，车都过不去")
    assert not joins(stalls, smoke)


def test_smoke_and_noise_elsewhere_stay_two_problems(fresh: Callable[[str], Signature]) -> None:
    """At an estate (no night market named) a restaurant's smoke and a neighbour's noise are two."""
    smoke = fresh("清风苑楼下饭店的油烟天天往楼里飘")
    noise = fresh("清风苑楼下半夜有人喝酒划拳，吵得睡不着")
    assert not joins(noise, smoke)
