"""A report saying its problem was put right once and is back is a new episode (issue 14, sixth
session of 2026-12-05).

"暖气上周刚修好，这几天又凉了": the cluster of the first episode was founded days before, on a
problem that was mended since; the writers of the development sets label such a report the first
of a problem of its own (50 such reports were their problem's first post, for 25 that were not).
It joins no cluster founded more than ``EPISODE_HOURS`` before it, unless that cluster's first
report itself told a recurrence; other reports of the new episode then join it. Sentences of my
own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.drift import EPISODE_HOURS
from monitor.store.context import App

DAY = 24 * 60

FIRST = [
    ("f1", "金水苑8号楼暖气一直不热，屋里才十五度，物业说要等热力公司来排气", 0),
    ("f2", "金水苑8号楼暖气不热第二天了，老人冻得睡不着，热力公司快来看看", 20 * 60),
    ("f3", "金水苑8号楼暖气到现在也不热，家里孩子感冒了", 40 * 60),
]


def _cluster(app: App, n: int) -> int | None:  # noqa: F811
    return case_of(app, n).cluster_id


def test_the_first_episode_is_one_cluster(app: App) -> None:  # noqa: F811
    ingest(app, FIRST)
    assert _cluster(app, 0) is not None and _cluster(app, 1) == _cluster(app, 0) == _cluster(app, 2)


def test_the_problem_back_after_it_was_mended_stays_out(app: App) -> None:  # noqa: F811
    ingest(app, [*FIRST, ("n1", "金水苑8号楼暖气上个月刚修好，热了没几天，这两天又不热了，屋里又回到十五度", 5 * DAY)])
    assert _cluster(app, 3) != _cluster(app, 0)


def test_the_new_episode_gathers_its_own_reports(app: App) -> None:  # noqa: F811
    ingest(app, [*FIRST, ("n1", "金水苑8号楼暖气上个月刚修好，热了没几天，这两天又不热了，屋里又回到十五度", 5 * DAY),
                 ("n2", "金水苑8号楼暖气又凉了，之前修好了才几天，今天屋里又只有十五度", 5 * DAY + 120)])
    first, new, again = _cluster(app, 0), case_of(app, 3), case_of(app, 4)
    assert new.cluster_id != first and again.cluster_id is not None and again.cluster_id == new.cluster_id


def test_the_same_report_within_the_episode_still_joins(app: App) -> None:  # noqa: F811
    # told within EPISODE_HOURS of the first report, the cluster is the episode it speaks of
    assert EPISODE_HOURS >= 12
    ingest(app, [FIRST[0], ("n3", "金水苑8号楼暖气之前修好了，今天又不热了，屋里十五度", 6 * 60)])
    assert _cluster(app, 0) is not None and _cluster(app, 1) == _cluster(app, 0)
