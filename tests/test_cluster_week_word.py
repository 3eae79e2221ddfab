"""A citizen's word on their own matter, days after their report, naming nothing of it (issue 14,
chasers; third session of 2026-12-03).

A citizen who reported their problem writes again days later and names neither place nor problem:
the context is their own case ("材料交上去了，下一步呢", "开了条小口子，推车还是过不去"). With one open
case of theirs, a report of their own, written within the cluster window, the word is a follow-up
on it when it tells what came of the matter since or asks after it. Not when that one case is their
同问 under a neighbour's appeal, nor when the word addresses an office or answers another's words (a
post or a comment of its own), nor when it only remarks ("看着都揪心"), nor beyond the chaser window (a report of theirs is
followed up within it since the third session of 2026-12-04, ``only_case_since``).
New sentences, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.markers import speaks_to_others, tells_since

DAY = 24 * 60
WAGES = "我们在物流园干了三个月装卸，老板拖着工资不发，十几个人一共欠了六万多"
TRENCH = "进村那条路挖断了，说是埋管子，我们的三轮车出不去，地里的西瓜拉不出来"


@pytest.mark.parametrize(("first", "later", "days"), [
    (WAGES, "材料交上去了，下一步呢", 4),
    (TRENCH, "开了条小口子，推车还是过不去", 3),
    (TRENCH, "第五天了，西瓜都晒裂了", 5),
])
def test_a_word_naming_nothing_days_later_follows_the_one_own_report(app, first: str, later: str,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                      days: float) -> None:
    ingest(app, [("u1", first, 0), ("u1", later, days * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_a_remark_telling_nothing_since_is_a_post_of_its_own(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", TRENCH, 0), ("u1", "大车一辆接一辆的，看着都揪心", 4 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


@pytest.mark.parametrize(("text", "since"), [
    ("今天来人把土推平了", True),
    ("已经拖了半个月了", True),
    ("第六晚，还是那台机器", True),
    ("写完材料然后呢", True),
    ("到底谁来修", True),
    ("大车一辆接一辆的，看着都揪心", False),
    ("这个真该管管", False),
])
def test_a_word_telling_what_came_of_it_since(text: str, since: bool) -> None:
    assert tells_since(text) is since


def test_past_the_cluster_window_it_still_follows_up_the_citizens_one_report(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Twelve days on, past the cluster window, the word follows up the citizen's one report
    (``only_case_since``: within the 30-day chaser window, third session of 2026-12-04)."""
    ingest(app, [("u1", WAGES, 0), ("u1", "材料交上去了，下一步呢", 12 * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


def test_beyond_the_chaser_window_it_is_a_new_case(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", WAGES, 0), ("u1", "材料交上去了，下一步呢", 31 * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


def test_the_citizens_one_case_agreeing_with_another_it_follows_nothing(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A citizen's "对，…" is an answer to someone else's post, no report of theirs."""
    ingest(app, [("u9", TRENCH, 0), ("u1", "对，路口那边挖得更狠", 30), ("u1", "材料交上去了，下一步呢", 4 * DAY)])
    assert case_of(app, 2).id != case_of(app, 1).id


def test_the_citizens_one_case_being_their_同问_it_follows_nothing(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A 同问 under a neighbour's appeal is the neighbour's matter: the citizen's word days later,
    naming nothing, is not a follow-up of it."""
    ingest(app, [("u9", TRENCH, 0), ("u1", "同问，我们也出不去", 30), ("u1", "材料交上去了，下一步呢", 4 * DAY)])
    assert case_of(app, 2).id != case_of(app, 1).id


def test_with_two_open_cases_a_word_naming_nothing_follows_neither(app) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", WAGES, 0), ("u1", TRENCH, DAY), ("u1", "材料交上去了，下一步呢", 4 * DAY)])
    later = case_of(app, 2).id
    assert later not in (case_of(app, 0).id, case_of(app, 1).id)


@pytest.mark.parametrize(("text", "others"), [
    ("对，就是这个情况", True),               # answers another's words
    ("同意楼上说的", True),
    ("我家那边也是", True),
    ("跟去年一样", True),
    ("就在我们楼后头，吓人", True),         # where another's matter is, from where the writer is
    ("我们单位门口也堵成这样", True),       # 也: the writer shares what another told
    ("材料交了也没个回音", False),          # 也没 goes on with their own
    ("这事归谁管 @银川市场监管", True),     # addresses an office: a post of its own
    ("材料交上去了，下一步呢", False),
    ("开了条小口子，推车还是过不去", False),
    ("第五天了，西瓜都晒裂了", False),
])
def test_a_word_speaking_to_others(text: str, others: bool) -> None:
    assert speaks_to_others(text) is others
