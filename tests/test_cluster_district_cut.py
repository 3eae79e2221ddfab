"""A network's cut told across a district (issue 14, second session of 2026-12-04: eval18 read).

A burst main or a storm cuts a district at once, and its citizens tell it by the district alone
("金凤这边是不是全停水了", "西夏这片是不是大面积停电了") or by their road and how far it reaches
("…这一带都停了"), naming no estate and no cause. Such a report joins the one appeal of that cut (or
of the burst that causes it) told in the same district in the last hours; a road's own cut, a cut
of one's own, a claim, another district's cut, or two cuts of one district leave it alone.
Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.echoes import OWN_CUT, WIDE_CUT
from monitor.store.context import App

BURST = ("b1", "正源北街跟北京中路交叉的路口水管爆了，水一直往外冒", 0)
STORM = ("s1", "怀远路这一带突然停电了，打雷以后好几个小区都黑着", 0)


def test_a_cut_told_by_its_district_joins_the_burst_there(app: App) -> None:  # noqa: F811
    ingest(app, [BURST, ("b2", "金凤这边是不是全停水了，早上一滴水都没有", 300)])
    burst, cut = case_of(app, 0), case_of(app, 1)
    assert cut.cluster_id is not None and cut.cluster_id == burst.cluster_id


def test_a_blackout_told_by_its_district_joins_the_district_s_blackout(app: App) -> None:  # noqa: F811
    ingest(app, [STORM, ("s2", "西夏这片是不是大面积停电了，家里没电", 30),
                 ("s3", "宁华路一带都停电了，蜡烛都找不到", 50)])
    storm, told, road = (case_of(app, i) for i in range(3))
    assert told.cluster_id is not None and told.cluster_id == storm.cluster_id
    assert road.cluster_id == storm.cluster_id  # a road, and the cut said to reach beyond it


def test_a_road_s_own_cut_a_cut_of_one_s_own_and_a_claim_stay_apart(app: App) -> None:  # noqa: F811
    ingest(app, [STORM,
                 ("t2", "文昌路这边停电了，冰箱里的菜要坏了", 20),     # its road only: maybe its own cut
                 ("t3", "西夏这边停电了，我家跳闸了", 25),             # a tripped switch at home
                 ("t4", "西夏这边昨晚停电，冰箱里的东西坏了谁赔", 600)])  # a claim is a matter of its own
    storm = case_of(app, 0)
    for n in (1, 2, 3):
        assert case_of(app, n).cluster_id is None or case_of(app, n).cluster_id != storm.cluster_id


def test_another_district_s_cut_is_not_this_one(app: App) -> None:  # noqa: F811
    ingest(app, [STORM, ("u2", "兴庆这边是不是全停电了", 30)])
    storm, other = case_of(app, 0), case_of(app, 1)
    assert other.cluster_id is None or other.cluster_id != storm.cluster_id


def test_the_words_that_say_how_far_and_whose() -> None:
    assert WIDE_CUT.search("这一带都停了") and WIDE_CUT.search("是不是大面积停电")
    assert not WIDE_CUT.search("我们这边也停电了")
    assert OWN_CUT.search("物业讲楼里的水泵出毛病了") and OWN_CUT.search("不是县城那个停水，是村里的")
    assert OWN_CUT.search("停电通知说是计划检修") and not OWN_CUT.search("金凤停水了，啥时候来水")


def test_a_blackout_told_by_what_it_stops_joins_it(app: App) -> None:  # noqa: F811
    ingest(app, [STORM,
                 ("v2", "西夏这边好几个电梯里都关着人，吓死了", 20),      # the lifts, in the district
                 ("v3", "西夏这边路口红绿灯全灭了，开车小心", 25),        # the lights at the crossings
                 ("v4", "宁华路一带黑灯瞎火，小区门禁也打不开", 30)])     # a road, and how far it reaches
    storm = case_of(app, 0)
    for n in (1, 2, 3):
        assert case_of(app, n).cluster_id is not None and case_of(app, n).cluster_id == storm.cluster_id


def test_what_a_blackout_stops_at_an_estate_or_nowhere_said_is_its_own(app: App) -> None:  # noqa: F811
    ingest(app, [STORM,
                 ("w2", "丽水雅苑5号楼的电梯困人了，物业半天不来", 20),    # an estate's lift, its building
                 ("w3", "电梯里关着人，打了119", 25)])                      # no district: which lift?
    storm = case_of(app, 0)
    for n in (1, 2):
        assert case_of(app, n).cluster_id is None or case_of(app, n).cluster_id != storm.cluster_id
