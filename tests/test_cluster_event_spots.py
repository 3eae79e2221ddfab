"""A burst main placed by the spot each passer-by knows (issue 14, third session of 2026-12-03:
the retired ``eval12`` read with the other development sets).

One burst is one point of a road, and citizens place it by what they know near it: a community's
gate, a crossing and "a hundred metres north of it", a shop. While the burst lasts (``lasts`` in the
table) a report naming the burst itself on that road is of the burst's cluster, whatever spot it
pins; an estate's own cut told on the road (its pump), or the road's burst days later, is not. The
sentences are new ones, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App


def test_one_burst_told_at_a_gate_and_at_a_crossing_of_its_road_is_one_cluster(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("e1", "康宁路景城名苑门口地上往外冒水，水管爆了，快来人", 0),
        ("e2", "康宁路景城名苑门口那段水哗哗的，车都绕着走", 15),
        ("e3", "康宁路文萃街路口往北一百米供水管道破裂，路面全是水", 50),
    ])
    gate, again, crossing = (case_of(app, i) for i in range(3))
    assert gate.cluster_id is not None and again.cluster_id == gate.cluster_id
    assert crossing.cluster_id == gate.cluster_id


def test_an_estate_s_own_cut_and_the_road_s_next_burst_stay_out(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("f1", "康宁路景城名苑门口地上往外冒水，水管爆了，快来人", 0),
        ("f2", "康宁路景城名苑门口那段水哗哗的，车都绕着走", 15),
        # another estate on the road: its own pump, no burst told
        ("f3", "康宁路锦华苑高层没水，物业说是二次供水的泵坏了", 40),
        # four days later, a burst at another spot of the same road: the first was mended
        ("f4", "康宁路文萃街路口水管爆了，路面全是水", 60 * 24 * 4),
    ])
    gate, pump, later = case_of(app, 0), case_of(app, 2), case_of(app, 3)
    assert gate.cluster_id is not None
    assert pump.cluster_id != gate.cluster_id
    assert later.cluster_id != gate.cluster_id
