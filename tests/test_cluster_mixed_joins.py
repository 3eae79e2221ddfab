"""Joins that mix a cluster, and the chasers they carried there (issue 14, eighth session of
2026-12-04).

* A cut its writer is told is planned ("物业说是计划检修") is no burst's, though they first asked
  whether it was ("是不是也是…爆管？"): the road of the burst asked after is not their place, and
  the planned cut blames no main.
* Ice told by where it lies ("坡道的冰") names ice: a short word on it follows the citizen's report
  of the ice, not their other case the word's 物业 was read as.

New sentences, never copied from a set; ingested through the real pipeline as the other cluster
tests are.
"""

from __future__ import annotations

import pytest

from monitor.cluster.elsewhere import said_not
from monitor.cluster.markers import area_wide
from monitor.cluster.problems import problems
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

DAY = 24 * 60  # T0 is Monday 2026-10-12, 08:00 in 银川
BURST = [
    ("b1", "兴庆区清和北街和北京东路路口自来水管爆了，水往上涌，路口全淹了", 0),
    ("b2", "北京东路清和北街那边爆管了 车都绕着走", 12),
    ("b3", "来电人反映：北京东路附近小区早上突然停水，没有任何通知，询问何时恢复供水", 30),
]


def test_a_cut_told_planned_is_not_the_burst_it_asked_after() -> None:
    text = "丰庆苑这边也没水了 是不是也是北京东路爆管？？ 物业说是计划检修 可也没见贴通知"
    assert "北京东路" not in said_not(text)[1]  # the burst's road is asked after, not the writer's
    assert area_wide(text) is None  # told planned: it blames no main
    assert area_wide("丰庆苑也没水了 是不是北京东路那个爆管闹的") == "main"
    assert area_wide("小区停水了，物业说是停水检修，下午五点来") is None
    assert area_wide("说是管网在抢修 是不是那个爆管") == "main"  # mending the burst is no planned work


def test_a_planned_cut_stays_out_of_the_bursts_cluster(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    planned = "丰庆苑这边也没水了 是不是也是北京东路爆管？？ 物业说是计划检修 可也没见贴通知"
    ingest(app, [*BURST, ("c1", planned, 50)])
    burst = case_of(app, 0).cluster_id
    assert burst is not None and case_of(app, 2).cluster_id == burst
    assert case_of(app, 3).cluster_id != burst


@pytest.mark.parametrize("text", ["车库出口坡道的冰还是没人管", "单元门口那块冰今天又摔了一个", "桥面的冰还没化"])
def test_ice_told_by_where_it_lies(text: str) -> None:
    assert problems().find(text)[:1] == ("冰雪",)


def test_a_word_on_the_ramps_ice_follows_the_ice_not_the_fee(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "碧水蓝天的物业讲了，不按新价交费就不办车位卡，这合理吗", 0),
                 ("u1", "碧水蓝天地下车库出口坡道结冰了，早上好几辆车滑下来", 20 * DAY),
                 ("u1", "坡道的冰物业还是没铲", 21 * DAY)])
    assert case_of(app, 2).id == case_of(app, 1).id


@pytest.mark.parametrize(("text", "named"), [
    ("北门下穿那边水更深了，有辆车困着", True),
    ("怀远路地道里水一直在涨，谁来管管", True),
    ("下穿里刚刚又有一辆面包车熄火了", True),
    ("早上太冷车熄火了打不着", False),  # a car that will not start: no flood
    ("小区水价还在涨", False),
])
def test_a_flood_told_rising_or_by_the_cars_it_stops(text: str, named: bool) -> None:
    assert ("积水" in problems().find(text)) is named


@pytest.mark.parametrize(("first", "later"), [
    ("西夏区怀远路下穿积水了，水到车门，已经有车停在里面 @银川交警", "我刚报的怀远路下穿，水更深了，请消防赶紧过来"),
    ("贺兰山路下穿又淹了，电动车推不过去", "贺兰山路下穿还是没人管，刚才又有一辆面包车熄火了"),
])
def test_a_word_on_the_flooded_underpass_follows_its_report(app, first, later) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", first, 0), ("u1", later, 20)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_the_problem_named_back_with_zaici_is_no_chaser_word() -> None:
    from monitor.cluster.markers import back_again, chaser_words
    assert chaser_words("东环路地道再次积水了") == []
    assert chaser_words("再次反映，东环路地道的灯还是不亮")
    assert back_again("东环路地道再次积水了，这次有人管吗？上次等了三个钟头")
    assert not back_again("东环路地道再次积水了")


def test_a_flood_back_weeks_on_is_a_new_episode_and_its_word_follows_it(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "民族街地道积水，水到车门了，好几辆车在里面 @银川交警", 0),
                 ("u1", "民族街地道再次积水，这次交警来了吗？上次等了好久才来人", 20 * DAY),
                 ("u1", "昨天反映的民族街地道，今天还封着，绕路绕得够呛", 21 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id
    assert case_of(app, 2).id == case_of(app, 1).id
