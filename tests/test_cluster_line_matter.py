"""A report at a bus line that names no problem of the table is the line's matter (issue 14,
session of 2026-12-05).

A bus line is a service, not a spot: what a rider says of it in words the table does not hold (the
line "moved", "was adjusted", "is worse since") is about the line's one recent appeal, when it has
one. A line with two open appeals (its wait and its route) cannot say which, and another line is
another service. Sentences of my own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.store.context import App


def _clusters(app: App, n: int) -> list[int | None]:  # noqa: F811
    return [case_of(app, i).cluster_id for i in range(n)]


def test_a_line_told_in_other_words_joins_the_line_s_appeal(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("l1", "@银川公交 52路今天起改线了，原来经过的站都撤了，等了半天才知道", 0),
        ("l2", "52路现在弄成这样，我们老两口去医院得多走一公里，能不能照顾一下", 90),
    ])
    first, second = _clusters(app, 2)
    assert first is not None and first == second


def test_a_line_with_two_appeals_leaves_it_alone(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("m1", "52路早高峰四十分钟一趟，间隔太长了", 0),
        ("m2", "52路今天起改线了，原来经过的站都撤了", 30),
        ("m3", "52路现在弄成这样，真是越来越差劲", 90),
    ])
    wait, route, vague = _clusters(app, 3)
    assert vague is None or vague not in (wait, route)


def test_another_line_is_another_service(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("n1", "52路今天起改线了，原来经过的站都撤了，等了半天才知道", 0),
        ("n2", "17路现在弄成这样，我们老两口去医院得多走一公里", 60),
    ])
    assert case_of(app, 1).cluster_id is None
