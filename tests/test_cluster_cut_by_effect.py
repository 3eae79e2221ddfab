"""A supply cut told by what it did first (issue 14, eighth session of 2026-12-04: eval24 read).

When the power or the water goes, many citizens tell first what the cut did to them (the lift
stopped between floors, the street lights dark, the fridge thawing, the water back yellow) and
name the cut after it. Their main problem is then the effect, and the cut only a side remark,
so they stayed apart from the neighbours who told the cut first. A report naming a network's cut
(``network`` in the table) second, within ``EVENT_HOURS`` of a report whose main problem is that
cut, at one place, is the cut's. Not a day later, not when it names the other supply's cut as
well (an estate's list of grievances), not the cut set aside third. Posts go through the mock
Weibo platform over HTTP, as the daemon reads them. Sentences of our own, never copied from a set.
"""

from __future__ import annotations

import pytest
from test_cluster_burst_named import _two  # two citizens' posts, minutes apart, through the mock
from test_cluster_threads import app  # noqa: F401 - the app on each backend

from monitor.cluster.problems import problems
from monitor.cluster.score import CUT_TOLD, issue_match
from monitor.cluster.signature import Signature
from monitor.store.context import App

CUT = "民乐街这一片停电了，空调冰箱全停了，供电局啥时候来电"
LIFT = "民乐街这边电梯卡在半空，里面关着两个人，整片都停电了"


def test_the_table_reads_the_lift_first_and_the_cut_second() -> None:
    # the premise of the rule: without it the two are a side remark of each other (0.45)
    assert problems().find(LIFT)[:2] == ("电梯", "停电")
    assert problems().find(CUT)[0] == "停电"


@pytest.mark.parametrize(("minutes", "one_matter"), [(50, True), (26 * 60, False)], ids=["within-the-hour", "a-day-later"])
async def test_a_cut_told_by_the_lift_it_stopped_is_the_cut_the_same_day(  # noqa: F811
        app: App, minutes: int, one_matter: bool) -> None:  # noqa: F811
    first, second = await _two(app, CUT, LIFT, minutes)
    assert (first is not None and second == first) is one_matter


def _sig(*issues: str) -> Signature:
    return Signature(places={"民乐街": 0.7}, domain="民生", subtopic=None, domains=(), words=frozenset(),
                     terms=frozenset(), nuisance=False, issues=issues)


def test_a_second_supply_named_too_or_the_cut_named_third_ties_nothing() -> None:
    cut = _sig("停电")
    assert issue_match(_sig("电梯", "停电"), cut, 0.1)[0] == CUT_TOLD
    assert issue_match(cut, _sig("路灯", "停电"), 0.1)[0] == CUT_TOLD
    assert issue_match(_sig("电梯", "停电", "停水"), cut, 0.1)[0] < 0.5  # 没水又没电: a list of grievances
    assert issue_match(_sig("病媒", "路灯", "停电"), cut, 0.1)[0] < 0.5  # 停电就算了，…: set aside
    assert issue_match(_sig("电梯", "停电"), cut, 1.0)[0] < 0.5  # a day on: another matter
    assert issue_match(_sig("停水", "停电"), cut, 0.1)[0] < 0.5  # the other supply's cut first
