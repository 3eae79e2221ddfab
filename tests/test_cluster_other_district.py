"""A cut told from another district is no burst's there (issue 14, fourth session of 2026-12-05).

A burst main leaves the estates around it dry, and their citizens tie their cut to it ("是不是门口
爆管了"). A citizen across the city, in another district, asks the same question of their own cut
("兴庆这边也停水了，跟金凤那边的爆管有关系吗"): three development sets by three writers label such
a cut a problem of its own, and the clusters they joined were mixed (eval8, eval10, eval29: 150
false pairs). The district a post says it is told from (西夏这边, or the one the classifier read)
against the district of the cluster's founder, or the one the post points at as elsewhere
(金凤那边), keeps such a cut out; the burst itself told from afar (a video of it passed round
another district) is still the burst's. And a neighbour's cut named beside one's own trouble
(the writer's supply did not stop, or their building has a station of its own) is not theirs
(eval29, outside12, outside). Sentences of my own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App

BURST = [
    ("b1", "金凤区亲水大街和宁安大街路口地下往外冒水，水柱老高，路面全是水 @银川中铁水务", 0),
    ("b2", "亲水大街宁安大街口水管爆了，车道淹了一半，开车的绕行吧", 10),
    ("b3", "我们亲水大街边上的小区没水了，物业说是门口路口水管爆了，啥时候来水", 25),
]


def _clusters(app: App, n: int) -> list[int | None]:  # noqa: F811
    return [case_of(app, i).cluster_id for i in range(n)]


def test_the_burst_and_its_estate_are_one_cluster(app: App) -> None:  # noqa: F811
    ingest(app, BURST)
    first, second, estate = _clusters(app, 3)
    assert first is not None and second == first and estate == first


def test_a_cut_in_another_district_pointing_at_the_burst_stays_out(app: App) -> None:  # noqa: F811
    ingest(app, [*BURST, ("o1", "兴庆区文化街这边今早也停水了，跟金凤那边爆管有没有关系？一点通知都没看到", 40)])
    first, *_rest, other = _clusters(app, 4)
    assert first is not None and other != first


def test_a_cut_told_from_another_district_asking_after_a_burst_stays_out(app: App) -> None:  # noqa: F811
    ingest(app, [*BURST, ("o2", "兴庆区胜利街今天一早就没水了，是不是也是哪里爆管了？社区好几栋楼都停了", 40)])
    first, *_rest, other = _clusters(app, 4)
    assert first is not None and other != first


def test_the_district_said_here_outweighs_the_road_asked_after(app: App) -> None:  # noqa: F811
    # the road named only in the question ("是不是亲水大街那边爆管闹的") reads as the post's place, and
    # the classifier reads its district: the writer's own ("我们西夏这边") is another
    ingest(app, [*BURST, ("o3", "朔方小区怎么突然停水了？是不是亲水大街那边爆管闹的？我们西夏这边没见通知", 40)])
    first, *_rest, other = _clusters(app, 4)
    assert first is not None and other != first


def test_the_burst_itself_told_from_another_district_still_joins(app: App) -> None:  # noqa: F811
    # the burst is the post's own problem, only its news reached the writer's district
    ingest(app, [*BURST, ("o4", "金凤那个爆管的照片兴庆这边的业主群都转疯了，水冒得老高", 40)])
    first, *_rest, other = _clusters(app, 4)
    assert first is not None and other == first


# a neighbour's cut named beside one's own trouble: the writer's supply did not stop, or their
# building has a station of its own; the place told as cut, or the estate's cluster, is not theirs
HEATING = [
    ("h1", "康泰家园暖气今晚突然停了，物业说换热站的水泵烧了，屋里越来越冷", 0),
    ("h2", "康泰家园停暖两个小时了，老人孩子都裹着被子，热力公司快派人修", 15),
]


def test_the_neighbour_whose_heating_did_not_stop_stays_out(app: App) -> None:  # noqa: F811
    ingest(app, [*HEATING, ("n1", "听说康泰家园停暖了，我们金水苑小区虽然没停，可暖气一直温吞吞的，屋里十六度", 30)])
    first, second, other = _clusters(app, 3)
    assert first is not None and second == first and other != first


def test_a_building_on_a_station_of_its_own_stays_out_of_the_estate(app: App) -> None:  # noqa: F811
    rows = [("s1", "锦华苑小区暖气一直不热，热力公司说在排气，排了两天还是凉的", 0),
            ("s2", "锦华苑小区暖气片冰凉，屋里才十五度，交了全额的费", 20),
            ("s3", "锦华苑7号楼暖气也不热，我们7号楼是单独一个换热站，跟前面那几栋没关系", 40)]
    ingest(app, rows)
    first, second, own = _clusters(app, 3)
    assert first is not None and second == first and own != first


def test_a_neighbour_whose_heating_stopped_too_joins(app: App) -> None:  # noqa: F811
    ingest(app, [*HEATING, ("n2", "康泰家园停暖了，我们9号楼也凉透了，家里老人直喊冷", 30)])
    first, second, other = _clusters(app, 3)
    assert first is not None and second == first and other == first
