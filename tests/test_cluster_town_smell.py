"""A smell over a whole county town, told at the town alone (issue 14, fifth session of
2026-12-03).

A works' smell at night is carried over a whole county town, and its people write the town's
name and the smell, no estate: one matter for the day it lasts, as the city's matters are. Two
counties are two matters, and so is the same smell the next week. The sentences are new ones,
written for these tests.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App


def test_a_smell_told_at_one_county_town_the_same_night_is_one_matter(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("s1", "贺兰这会儿满城都是一股化工味，嗓子发紧", 0),
        ("s2", "贺兰+1 味道太冲了，窗户关死都挡不住", 25),
        ("s3", "贺兰昨晚那个难闻的味道到早上还没散", 60 * 10),
    ])
    first = case_of(app, 0)
    assert first.cluster_id is not None
    assert case_of(app, 1).cluster_id == first.cluster_id == case_of(app, 2).cluster_id


def test_two_counties_or_another_week_are_two_smells(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("t1", "贺兰这会儿满城都是一股化工味，嗓子发紧", 0),
        ("t2", "永宁县城晚上也是一股刺鼻的味道", 20),
        ("t3", "贺兰今晚又是一股怪味，跟上礼拜一样", 60 * 24 * 6),
    ])
    first, other, later = (case_of(app, i) for i in range(3))
    assert other.cluster_id is None or other.cluster_id != first.cluster_id
    assert later.cluster_id is None or later.cluster_id != first.cluster_id
