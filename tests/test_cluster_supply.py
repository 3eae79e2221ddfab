"""A supply failing across a district (issue 14, third session of 2026-12-04: eval19 read).

The gas losing pressure at the evening's peak, or a heating plant's boiler stopping, leaves a whole
district cold at once; each citizen tells it at their own road or community. A report that says the
failure is wider than its door, or names the network's source, joins the one appeal of that supply
told in the same district in the last hours; a report of one's own meter, leak or riser, another
district's, or one saying nothing of the area stays apart. Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.supply import ALSO, OWN, SOURCE, WIDE
from monitor.store.context import App

GAS = ("g1", "富宁街社区这会儿做饭灶上火特别小，是不是天然气降压了", 0)
PLANT = ("h1", "怀远路社区一下午暖气越来越凉，说是热源厂的锅炉出故障了", 0)


def test_the_gas_told_low_across_the_district_joins_its_first_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [GAS,
                 ("g2", "兴庆这边是不是整片都没气了，饭做不成", 20),          # the district, the area
                 ("g3", "前进街这边燃气压力太低了，锅都烧不开", 35),          # the pressure: the network's
                 ("g4", "凤凰北街也是，灶上火苗小得可怜", 50)])                 # a neighbour too, within hours
    first = case_of(app, 0)
    assert first.cluster_id is not None
    for n in (1, 2, 3):
        assert case_of(app, n).cluster_id == first.cluster_id


def test_the_heating_plant_told_at_other_roads_joins_it(app: App) -> None:  # noqa: F811
    ingest(app, [PLANT,
                 ("h2", "文昌路这一带家家暖气都凉了，冻得不行", 30),
                 ("h3", "宁华路社区暖气也不热，听说是热源那边出事了", 90)])
    plant = case_of(app, 0)
    assert plant.cluster_id is not None
    assert case_of(app, 1).cluster_id == plant.cluster_id and case_of(app, 2).cluster_id == plant.cluster_id


def test_one_s_own_gas_or_heating_and_a_bare_cold_flat_stay_apart(app: App) -> None:  # noqa: F811
    ingest(app, [PLANT,
                 ("k2", "朔方路社区我家暖气片漏了，地上全是水", 20),          # a flat's own radiator
                 ("k3", "北京西路社区家里暖气不热，屋里十五度", 30),          # says nothing of the area
                 ("k4", "宁华路社区也不热，是不是跟那边不是一回事", 40)])     # …and heating's "too" is no proof
    plant = case_of(app, 0)
    for n in (1, 2, 3):
        assert case_of(app, n).cluster_id is None or case_of(app, n).cluster_id != plant.cluster_id


def test_another_district_s_gas_and_a_meter_are_not_this_failure(app: App) -> None:  # noqa: F811
    ingest(app, [GAS,
                 ("m2", "朔方路这一片燃气压力都很低", 20),                    # 西夏, not 兴庆
                 ("m3", "银古路社区气表没电了，燃气也断了，邻居都好好的", 30)])  # one's own meter
    gas = case_of(app, 0)
    for n in (1, 2):
        assert case_of(app, n).cluster_id is None or case_of(app, n).cluster_id != gas.cluster_id


def test_two_appeals_of_the_supply_in_the_district_leave_it_alone(app: App) -> None:  # noqa: F811
    ingest(app, [PLANT,
                 ("n2", "宁夏大学家属院暖气一直不热，屋里十四度", 10),
                 ("n3", "宁华路这片暖气都停了", 40)])  # either of the two: it does not guess
    assert case_of(app, 2).cluster_id is None


def test_the_words_for_the_source_the_area_and_one_s_own() -> None:
    assert SOURCE["燃气"].search("天然气压力很低") and SOURCE["燃气"].search("燃气好像没劲了")
    assert SOURCE["供暖"].search("热源厂那边在抢修") and SOURCE["供暖"].search("外网出了问题")
    assert not SOURCE["供暖"].search("小区锅炉房") and not SOURCE["燃气"].search("火苗正常")
    assert WIDE.search("好多小区都不热") and WIDE.search("好些住户都反映") and not WIDE.search("我家不热")
    assert ALSO.search("我们这也是") and not ALSO.search("我们这正常")
    assert OWN.search("气表该换电池了") and OWN.search("燃气卡充不进去") and OWN.search("家里有燃气味")
    assert OWN.search("开发商说还没通暖") and not OWN.search("热源厂的锅炉停了")
