"""A large estate's zones and phases (issue 14, the round of the retired eval8: a winter).

阅海万家 has zones A to D, each with its own heat exchange station: D区's cold night and A区's
lukewarm radiators are two matters, told at one estate (the zone is read off the estate's name as
before, so both met there). A zone or phase is for a building's own problems (heating, lifts,
leaks, gas) what a building number is; an estate's water cut joins across zones. The writer's own
zone is the one written first ("A区还是温的，D区都修好了"). New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.signature import zones_of


@pytest.mark.parametrize(("text", "zones"), [
    ("翠湖苑C区暖气从昨晚就凉了", {"C"}),
    ("翠湖苑A区这两天也只是温的，跟C区是一回事吗", {"A"}),
    ("金桂园三期地下车库进水", {"3"}),
    ("金桂园2期的电梯又坏了", {"2"}),
    ("第3期培训班什么时候开", set()),      # an issue of a course, not a phase of an estate
    ("这期间一直没人来修", set()),
    ("CBD区那边堵车", set()),
])
def test_the_zone_an_estate_is_written_with(text: str, zones: set[str]) -> None:
    assert zones_of(text) == zones


def test_two_zones_of_an_estate_are_two_heating_matters_one_water_cut(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "翠湖苑C区暖气从昨晚就凉了，家里只有十三度，物业说换热站坏了", 0),
                 ("u2", "翠湖苑C区暖气停了一夜，老人冻得睡不着", 40),
                 ("u3", "翠湖苑A区这两天暖气也只是温的，十七度，跟C区是一回事吗", 90),
                 ("u4", "翠湖苑C区停水了，一滴水都没有", 24 * 60),
                 ("u5", "翠湖苑A区也停水了，啥时候来水", 24 * 60 + 20)])
    c_cold = case_of(app, 0)
    assert c_cold.cluster_id is not None and case_of(app, 1).cluster_id == c_cold.cluster_id
    assert case_of(app, 2).cluster_id != c_cold.cluster_id
    c_water = case_of(app, 3)
    assert c_water.cluster_id is not None and case_of(app, 4).cluster_id == c_water.cluster_id


def test_an_echo_naming_only_its_zone_asks_after_that_zones_appeal(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Neighbours write their zone and not the estate ("我家也是，C区这边全凉了"), as they write
    their building ("5号楼+1"): the one recent appeal naming that zone. With two estates' C区 in
    reach it could be either, and stays alone."""
    ingest(app, [("u1", "翠湖苑C区暖气从昨晚就凉了，家里只有十三度", 0),
                 ("u2", "我家也是，C区这边全凉了", 30),
                 ("u3", "金桂园C区楼道灯坏了一个月", 24 * 60),
                 ("u4", "康泰家园C区暖气也不热，十五度", 24 * 60 + 10),
                 ("u5", "+1 C区这边也是", 24 * 60 + 30)])
    first = case_of(app, 0)
    assert first.cluster_id is not None and case_of(app, 1).cluster_id == first.cluster_id
    assert case_of(app, 4).cluster_id is None


@pytest.mark.parametrize(("text", "kinds"), [
    ("翠湖苑家里暖气热得要开窗，屋里二十八度，能不能调小点", {"热"}),
    ("翠湖苑顶楼入冬就没超过十六度，冻得睡不着", {"冷"}),
    ("我们楼到现在还不太热", {"冷"}),                       # 不太热 is cold, not 太热
    ("今年暖气费收费员说每平米涨了两毛，有没有正式文件", {"费"}),
])
def test_a_flats_heating_is_told_too_cold_too_hot_or_too_dear(text: str, kinds: set[str]) -> None:
    from monitor.cluster.problems import problems
    assert problems().kinds_of("供暖", text) == kinds


def test_too_hot_and_too_cold_next_door_are_two_matters(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", "翠湖苑顶楼入冬就没超过十六度，冻得睡不着", 0),
                 ("u2", "翠湖苑我家暖气也不热，十五度", 60),
                 ("u3", "翠湖苑家里暖气热得要开窗，屋里二十八度，能不能调小点", 120)])
    cold = case_of(app, 0)
    assert cold.cluster_id is not None and case_of(app, 1).cluster_id == cold.cluster_id
    assert case_of(app, 2).cluster_id != cold.cluster_id
