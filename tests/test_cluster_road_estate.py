"""A network's cut told at a road is the cut of the estate that bears the road's name (issue 14,
bursts told by their effects; fifth session of 2026-12-05).

A blackout or a dry tap is told at once by the estate's flats, by the estate's name ("X花园突然停电
了"), and by those on the road outside, by the road's ("X路这块突然没电了"). The two share no index
key (the road's keys are the road and its 街道, the estate's its name and stem), and a road's cut
named without a wide cut ("一带", "整片") stayed alone: two roads' cuts of one evening may be two.
The estate that bears the road's name, told cut within the hours, is the same cut. New sentences,
never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

ESTATE = "@银川供电 海宝花园突然停电了，整个小区黑漆漆的，楼道里啥也看不见"


def test_the_road_named_after_the_estate_is_its_cut(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", ESTATE, 0), ("u2", "海宝路这块突然没电了，电饭锅煮了一半", 20)])
    assert case_of(app, 1).cluster_id is not None
    assert case_of(app, 1).cluster_id == case_of(app, 0).cluster_id


def test_another_road_stays_alone(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", ESTATE, 0), ("u2", "清和街这边突然没电了，电饭锅煮了一半", 20)])
    assert case_of(app, 1).cluster_id is None


def test_a_day_later_is_another_cut(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", ESTATE, 0), ("u2", "海宝路这块突然没电了，电饭锅煮了一半", 26 * 60)])
    assert case_of(app, 1).cluster_id is None or case_of(app, 1).cluster_id != case_of(app, 0).cluster_id


def test_the_estate_of_another_problem_is_not_met(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The road's cut meets only the estate's cut, not the estate's heating."""
    ingest(app, [("u1", "海宝花园暖气一直不热，屋里才十四度", 0), ("u2", "海宝路这块突然没电了，电饭锅煮了一半", 20)])
    assert case_of(app, 1).cluster_id is None


# an estate's cut said to reach across an area it names beside its own spot (Echoes._cut_beside)

def test_a_cut_said_to_reach_the_area_of_the_appeal_joins_it(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", ESTATE, 0), ("u2", "金海苑也停电了！海宝那一片是不是都停了", 30)])
    assert case_of(app, 1).cluster_id is not None
    assert case_of(app, 1).cluster_id == case_of(app, 0).cluster_id


def test_a_cut_at_another_estate_said_nothing_of_stays_alone(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Another estate's cut, told as its own: neighbouring estates' cuts may be two."""
    ingest(app, [("u1", ESTATE, 0), ("u2", "金海苑也停电了，冰箱都不转了", 30)])
    assert case_of(app, 1).cluster_id is None


def test_a_cut_said_to_reach_another_area_stays_alone(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", ESTATE, 0), ("u2", "金海苑停电了，清和那一片是不是都停了", 30)])
    assert case_of(app, 1).cluster_id is None
