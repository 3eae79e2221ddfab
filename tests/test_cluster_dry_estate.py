"""An estate's cut told in a burst main's first hours (issue 14, fourth session of 2026-12-04).

A burst main leaves several estates dry at once, and each estate's citizens tell their own cut
("XX苑停水了"), naming no burst and no crossing. Such a report joins the one burst told in its
district in the last hours; another district's burst, a county's burst and an estate of the city,
a cut hours later, works announced at the estate, a cut of one's own, or two bursts at once leave
it alone. Sentences of our own, never copied from a set.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.echoes import PLANNED
from monitor.store.context import App

BURST = ("b1", "金凤区北京中路跟宁安大街交叉口地下往外冒水，水管爆了，路面全是水", 0)
DRY = "金凤区丰盈苑小区停水了？？早上起来拧开龙头一滴水都没有"


def joined(app: App, a: int, b: int) -> bool:
    x, y = case_of(app, a), case_of(app, b)
    return x.cluster_id is not None and x.cluster_id == y.cluster_id


def test_an_estate_dry_in_a_burst_s_first_hours_joins_the_burst(app: App) -> None:  # noqa: F811
    ingest(app, [BURST, ("d1", DRY, 25), ("d2", "丰盈苑也是，我们8号楼一点水都没有", 40)])
    assert joined(app, 0, 1)
    assert joined(app, 0, 2)  # the estate's neighbours join it there


def test_an_estate_told_without_its_district_joins_a_burst_of_the_city(app: App) -> None:  # noqa: F811
    ingest(app, [BURST, ("d1", "云杉苑停水了，一大早水龙头就没水，也没见通知", 30)])
    assert joined(app, 0, 1)


def test_hours_later_another_district_or_a_county_stay_apart(app: App) -> None:  # noqa: F811
    ingest(app, [BURST,
                 ("l1", "金凤区丰盈苑小区停水了，拧开龙头一滴水都没有", 60 * 5),      # five hours on
                 ("o1", "兴庆区玉兰苑小区停水了，早上一滴水都没有", 20),             # another district
                 ])
    assert not joined(app, 0, 1) and not joined(app, 0, 2)
    ingest(app, [("c1", "永宁县团结东路路口水管爆了，水往外冒", 60 * 24),
                 ("c2", "云杉苑停水了，一大早水龙头就没水", 60 * 24 + 20)], start=10)
    assert not joined(app, 10, 11)  # a county's burst is no estate's of the city


def test_works_at_the_estate_a_cut_of_one_s_own_and_two_bursts_stay_apart(app: App) -> None:  # noqa: F811
    ingest(app, [BURST,
                 ("w1", "金凤区丰盈苑小区停水了，物业说是小区管网改造", 20),
                 ("w2", "金凤区云杉苑停水了，物业说楼里水泵坏了", 30)])
    assert not joined(app, 0, 1) and not joined(app, 0, 2)
    ingest(app, [("b2", "金凤区北京中路跟宁安大街交叉口水管爆了，水哗哗往外冒", 60 * 24),
                 ("b3", "金凤区黄河东路和正源街路口也爆管了，水柱老高", 60 * 24 + 5),
                 ("d3", DRY, 60 * 24 + 30)], start=10)
    assert not joined(app, 10, 12) and not joined(app, 11, 12)  # two bursts: either may have left it dry


def test_works_announced_or_under_way() -> None:
    assert PLANNED.search("物业说是管网改造") and PLANNED.search("通知说今天维修")
    assert not PLANNED.search("今早拧开龙头没水，也没见贴通知")


def test_a_burst_s_tag_is_read_once_for_the_estates_of_one_batch(app: App) -> None:  # noqa: F811
    """Every estate's cut of a burst's hours asks the burst's tag for the same rows: a batch reads
    them once (over a wider span) and cuts each case's range from them, with the same joins."""
    from sqlalchemy import event

    ingest(app, [BURST])
    reads: list[str] = []

    def count(_conn, _cursor, statement, parameters, *_args) -> None:  # type: ignore[no-untyped-def]
        values = parameters.values() if isinstance(parameters, dict) else parameters
        if "FROM cluster_keys" in statement and "~爆管" in map(str, values) \
                and not statement.startswith("SELECT key, domain"):  # the burst's tag (not the batch's prefetch)
            reads.append(statement)

    event.listen(app.engine, "before_cursor_execute", count)
    try:
        ingest(app, [("e1", "金凤区丰盈苑停水了，早上拧开龙头啥也没有", 20),
                     ("e2", "云杉苑也没水了吗？家里水龙头一点水不出", 35),
                     ("e3", "金凤区宁华苑小区突然停水，洗漱的水都没有", 50)], start=1)
    finally:
        event.remove(app.engine, "before_cursor_execute", count)
    assert all(joined(app, 0, n) for n in (1, 2, 3))
    assert len(reads) == 1, reads
