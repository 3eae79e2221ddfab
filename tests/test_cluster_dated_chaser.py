"""A chaser that says when its writer wrote before follows the own case of that date (issue 14,
chasers; fifth session of 2026-12-04).

A citizen with several open cases points back at one of them by its date: "上周反映的…", "我12号说的",
"前天问的", "三天前投诉的". Of their own cases the one written on that day (last calendar week, not
yesterday, for 上周) is the one it chases, when it is the only one of that date and names no other
main problem than the post's (a place or a domain the signature of a short post reads otherwise
does not outweigh the citizen's word). Saying how long the matter has lasted ("一周了，依旧…"), it
prefers the own case about that old. New sentences, never copied from a set.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import wrote_on

DAY = 24 * 60  # T0 is Monday 2026-10-12, 08:00 in 银川
LAMP = "金波花园南门外那一排路灯全灭了，晚上出门黑漆漆的"
PIT = "正源街中段有个大坑，骑电动车差点翻进去"
NOISE = "宝湖路那片工地夜里快十二点了还在打桩，咚咚咚吵得人没法睡"


def test_last_week_said_follows_the_case_of_last_week_not_the_latest(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", LAMP, 0), ("u1", PIT, 7 * DAY), ("u1", "上周反映的那个事，到今天也没见人来弄", 9 * DAY)])
    assert case_of(app, 2).id == case_of(app, 0).id


def test_a_day_of_the_month_said_follows_the_case_of_that_day(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", LAMP, 0), ("u1", PIT, 2 * DAY), ("u1", "我12号说的那个，今天还是老样子", 4 * DAY)])
    assert case_of(app, 2).id == case_of(app, 0).id


def test_the_dated_case_of_another_problem_is_not_taken(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", LAMP, 0), ("u1", NOISE, 7 * DAY), ("u1", "上周说过的，工地打桩今晚还在吵", 9 * DAY)])
    assert case_of(app, 2).id == case_of(app, 1).id


def test_how_long_it_has_lasted_prefers_the_case_that_old(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """"一周了，依旧…" from a citizen with two open cases: the one a week old, not yesterday's."""
    ingest(app, [("u1", LAMP, 0), ("u1", PIT, 6 * DAY), ("u1", "一周了，依旧没有人管", 7 * DAY + 60)])
    assert case_of(app, 2).id == case_of(app, 0).id


MONDAY = dt.date(2026, 10, 19)


@pytest.mark.parametrize(("text", "day", "fits"), [
    ("上周反映的还没人管", dt.date(2026, 10, 14), True),
    ("上周反映的还没人管", dt.date(2026, 10, 18), False),  # Sunday, told on Monday: 昨天
    ("上周反映的还没人管", dt.date(2026, 10, 7), False),
    ("昨天说的那个井盖", dt.date(2026, 10, 18), True),
    ("前天问的有回复吗", dt.date(2026, 10, 17), True),
    ("我15号发的，还没动静", dt.date(2026, 10, 15), True),
    ("三天前投诉的", dt.date(2026, 10, 16), True),
    ("三天前投诉的", dt.date(2026, 10, 12), False),
    ("周四提过的", dt.date(2026, 10, 15), True),
    ("上个月反映过", dt.date(2026, 9, 28), True),
    ("早上报的，现在还没来水", MONDAY, True),
])
def test_the_date_a_writer_says_they_wrote(text: str, day: dt.date, fits: bool) -> None:
    assert wrote_on(text, MONDAY, day) is fits


def test_no_date_said_is_none() -> None:
    assert wrote_on("物业说明天来修", MONDAY, MONDAY) is None
    assert wrote_on("还是没人管", MONDAY, MONDAY) is None
