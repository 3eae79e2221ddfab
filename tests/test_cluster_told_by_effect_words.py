"""One problem told by what it does (issue 14, eighth session of 2026-12-05): a power cut told by
the dark at home and what stops with it, a whole area gone dark, the lights of a crossing told as
its lamp, a snowy path nobody swept, a flat's cold told by the blocked valve the heating company
named.

The table read each of these as another problem or as none: "黑灯瞎火的…作业" as the street lamps,
"我们楼也黑了 冰箱里的东西要化了" as nothing, "十字路口灯坏了，交警…" as the lamps, "没人扫雪" as
rubbish, "单元阀门堵了" as a jam; so a neighbour's report of the same cut, lights, ice or cold met
it as another problem at the place. Sentences of my own, never copied from a set.
"""

from __future__ import annotations

import pytest

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App


def _main(text: str) -> str:
    found = problems().find(text)
    return found[0] if found else ""


def test_the_dark_at_home_with_what_stops_is_a_cut() -> None:
    for text in ("黑灯瞎火的，闺女的作业只能点蜡烛写", "我们6号楼也黑了，冰柜里的雪糕全化了",
                 "整栋楼黑乎乎的，空调一停热得睡不着", "楼里全黑，电梯停在半中间，里面还有人",
                 "摸黑找了半天手电，小区门禁也刷不开", "家里黑着，制氧机用不了，老人喘不上气"):
        assert _main(text) == "停电", text


def test_a_lamp_s_dark_stays_a_lamp() -> None:
    # the street's or the stairwell's lamps, with no thing at home stopped; a lift's own lamp named
    for text in ("学校后门那条路黑灯瞎火的，路灯坏了半个月", "电梯里的灯坏了，黑乎乎的，晚上不敢坐",
                 "楼道里黑乎乎的，声控灯一直不亮"):
        assert _main(text) != "停电", text


def test_a_whole_area_gone_dark_is_a_cut() -> None:
    for text in ("河对面那一大片全黑了", "我们这一片都黑着，啥情况"):
        assert _main(text) == "停电", text
    # grass burnt black, a stretch of road with its lamps named
    for text in ("公园那片草都烧黑了，一股焦味", "这一片路灯全黑了，走路看不见"):
        assert _main(text) != "停电", text


def test_a_crossing_s_lamp_out_is_its_lights() -> None:
    for text in ("北门外那个十字路口灯坏了，车都抢着走，交警呢", "学府路口的灯黑了一早上了，差点撞上"):
        assert _main(text) == "红绿灯", text
    # the street lamps at a crossing are lamps
    assert _main("路口的路灯坏了好几盏，晚上黑漆漆的") == "路灯"


def test_a_path_nobody_swept_of_snow_is_the_snow() -> None:
    for text in ("家属院里没人扫雪，一出门就滑", "车站门口的雪没人扫，踩得全是冰"):
        assert _main(text) == "冰雪", text
    assert _main("楼下的树叶没人扫，堆了一地") == "垃圾"


def test_the_heating_s_blockage_is_the_heating() -> None:
    for text in ("热力的人说是单元阀门堵了，还得等", "二次管网堵了，正在冲洗"):
        assert _main(text) == "供暖", text
    # a drain's network blocked is no heating, nor is it a jam
    assert _main("下水管网堵了，一楼冒污水") == "污水"
    assert "拥堵" not in problems().find("热力说是单元阀门堵了")


# a cut told by its name, by a fridge thawing and by the homework in the dark; a crossing's lights
# told by their name and as its lamp
TOLD = {
    "cut": [("d1", "丰泽苑突然停电了，物业说在查原因", 0),
            ("d2", "丰泽苑9号楼也黑了，冰箱里的饺子要化了", 15),
            ("d3", "同问，丰泽苑黑灯瞎火的，孩子作业写不成", 30)],
    "lights": [("l1", "长兴路和育才街交叉口的红绿灯全灭了，车都挤在路口", 0),
               ("l2", "长兴路育才街那个十字路口灯坏了，没有交警指挥，差点撞上", 20)],
}


@pytest.mark.parametrize("told", sorted(TOLD))
def test_one_problem_told_by_its_effect_is_one_cluster(app: App, told: str) -> None:  # noqa: F811
    posts = TOLD[told]
    ingest(app, posts)
    assert len({case_of(app, i).cluster_id for i in range(len(posts))} - {None}) == 1
    assert all(case_of(app, i).cluster_id is not None for i in range(len(posts)))
