"""The matter within a problem (issue 14, second session of 2026-12-05): which of a place's
sibling matters a report tells, by the kind of its problem that names the source or the thing
(problems.toml ``kinds``).

Two kinds of one problem at one place are two matters: an underpass under water and an estate's
car park in one storm, a site's crew and a factory's hands owed wages in one town. Sentences of my
own, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.elsewhere import compared_with
from monitor.cluster.problems import problems
from monitor.store.context import App


def _clusters(app: App, n: int) -> list[int | None]:  # noqa: F811
    return [case_of(app, i).cluster_id for i in range(n)]


def test_the_kinds_name_what_stands_under_water_and_who_owes() -> None:
    table = problems()
    assert table.kinds_of("积水", "长城中路下穿水很深，出租车熄火在里面") == {"下穿"}
    assert table.kinds_of("积水", "丽子园地库进水了，好多车泡着") == {"地库"}
    assert table.kinds_of("积水", "长城中路路口积水了") == frozenset()  # a road names no kind
    assert table.kinds_of("欠薪", "包工头说开发商没结账，工钱一直拖着") == {"工地"}
    assert table.kinds_of("欠薪", "那家饭馆关门了，服务员三个月工资没发") == {"店"}


# two reports of one matter, then one of its sibling at the same place
SIBLINGS = {
    "an underpass and a car park in one storm": [
        ("w1", "长城中路街道这边下穿隧道全淹了，一辆出租车熄火在里面，司机爬到车顶上", 0),
        ("w2", "长城中路下穿别走了，水很深，有车泡在里面", 10),
        ("w3", "长城中路街道丽子园小区地下车库进水了，负一层好多车泡着，物业抽水泵不够", 40),
    ],
    "a site's crew and a factory's hands in one town": [
        ("v1", "永宁县望洪镇一个盖楼的工地，包工头欠了我们十几个人半年的工钱，电话也不接", 0),
        ("v2", "永宁县望洪镇那个工地的工钱还是没着落，包工头跑了", 60),
        ("v3", "永宁县望洪镇那家肉食加工厂欠了我们四个月的工资，车间主任说老板周转不开", 120),
    ],
}


@pytest.mark.parametrize("told", sorted(SIBLINGS))
def test_two_kinds_at_one_place_are_two_matters(app: App, told: str) -> None:  # noqa: F811
    ingest(app, SIBLINGS[told])
    first, again, sibling = _clusters(app, 3)
    assert first is not None and first == again
    assert sibling != first


def test_a_neighbour_s_estate_set_beside_one_s_own_is_masked() -> None:
    assert "绿地" not in compared_with("金湖湾6号楼暖气一点不热，听说隔壁绿地小区也不热")
    assert "金湖湾" not in compared_with("悦府小区暖气温乎乎的，希望热力也来看看，别只修金湖湾")
    assert "金湖湾" not in compared_with("我们悦府也这样，不止你们金湖湾")
    assert compared_with("我家隔壁也停水了") == "我家隔壁也停水了"  # no neighbour's place named


def test_one_s_own_estate_s_heating_is_not_the_neighbour_s(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("g1", "金湖湾小区暖气片冰凉，屋里才十四度，老人冻得睡不着 @银川热力", 0),
        ("g2", "金湖湾的暖气到现在也不热，家里十五度", 40),
        ("g3", "悦府小区暖气温乎乎的，屋里十六度，希望热力也来悦府看看，别只修金湖湾", 90),
        ("g4", "悦府3号楼暖气不热，听说隔壁金湖湾也不热，是不是一个换热站", 120),
    ])
    first, again, own, own_too = _clusters(app, 4)
    assert first is not None and first == again
    assert own != first and own_too != first
