"""A county town's water cut told by the town, its burst beside it, a home's cut at no place (issue
14, fourth session of 2026-12-04).

A county town has one network: when it is dry its citizens name the county or its town (县城, 城区,
"我们X城里"), not an estate, and the burst that dried it is told at its road. Such reports are one
matter with the county's cut; a price raised while it lasts, another county, or a claim are not.
A home's cut told at no place and no district joins the one burst told in the city in its first
hours. Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.echoes import OWN_CUT, county_town
from monitor.store.context import App


def joined(app: App, a: int, b: int) -> bool:
    x, y = case_of(app, a), case_of(app, b)
    return x.cluster_id is not None and x.cluster_id == y.cluster_id


def test_the_county_town_named_is_the_county_told_whole() -> None:
    assert county_town("县城", "贺兰县") and county_town("贺兰县城", "贺兰县") and county_town("灵武城", "灵武市")
    assert county_town("灵武市区", "灵武市") and not county_town("灵武市区", "贺兰县")
    assert not county_town("县城", "金凤区") and not county_town("新华联城", "灵武市")


def test_a_county_town_s_cut_told_by_its_town_is_one(app: App) -> None:  # noqa: F811
    ingest(app, [("a1", "永宁县城今天早上整个都停水了，也没提前说", 0),
                 ("a2", "我们永宁县城里也没水了，六楼老人提不动水", 40),
                 ("a3", "永宁县城整片没水，店开不了门，这一天损失太大了", 90),
                 ("a4", "永宁停水了，超市一桶水涨到三十，这不是趁火打劫吗", 120),
                 ("a5", "贺兰县城一早也停水了，啥时候来水", 60)])
    assert joined(app, 0, 1) and joined(app, 0, 2)
    assert not joined(app, 0, 3)  # a price raised while it lasts: the market's matter
    assert not joined(app, 0, 4)  # another county's town


def test_a_county_town_s_burst_joins_its_cut(app: App) -> None:  # noqa: F811
    ingest(app, [("b1", "永宁县杨和镇怎么全镇都停水了，一滴水都没有", 0),
                 ("b2", "永宁县城团结东路上冒水了，水从地下往外涌，车都绕着走", 15)])
    assert joined(app, 0, 1)


def test_a_home_s_cut_at_no_place_joins_the_city_s_burst(app: App) -> None:  # noqa: F811
    ingest(app, [("c1", "金凤区北京中路跟宁安大街交叉口地下往外冒水，水管爆了", 0),
                 ("c2", "家里水龙头突然一滴水都没了，洗脸水都没有，咋回事", 30),
                 ("c3", "渠上那个口子堵上了，再来水还得开", 40)])
    assert joined(app, 0, 1)
    assert not joined(app, 0, 2)  # a canal's water, no home's


def test_a_loss_told_is_a_lament_a_loss_claimed_is_a_matter_of_its_own() -> None:
    assert not OWN_CUT.search("停了一天水，这损失太大了")
    assert OWN_CUT.search("停了一天水，店里的损失谁负责") and OWN_CUT.search("冰箱里的东西坏了谁赔")


def test_a_city_burst_joins_its_district_s_cut_told_at_no_spot_before_it(app: App) -> None:  # noqa: F811
    ingest(app, [("d1", "@兴庆区发布 家里一大早水龙头就没水了，也没见贴通知", 0),
                 ("d2", "兴庆区文化东街马路上往外冒水，估计是水管爆了", 40),
                 ("e1", "金凤区丰盈苑小区停水了，水龙头拧开没水", 60 * 24),
                 ("e2", "金凤区宁安大街马路上往外冒水，水管爆了", 60 * 24 + 30),
                 ("f1", "兴庆区这边早上没水，说是管网检修", 60 * 48),
                 ("f2", "兴庆区清和街这边也冒水了，跟金凤那边爆管没关系，是施工挖的", 60 * 48 + 20)])
    assert joined(app, 0, 1)      # the district's cut told at no spot, then its burst
    assert not joined(app, 2, 3)  # an estate's cut told before a burst may be its own
    assert not joined(app, 4, 5)  # works, and a burst said to be another
