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

from test_cluster_threads import app, at, case_of, poll  # noqa: F401 - the app on each backend

from adapters.weibo.mock import MockWeibo
from monitor.cluster.problems import problems
from monitor.cluster.score import CUT_TOLD, issue_match
from monitor.cluster.signature import Signature
from monitor.runtime.stages import build_pipeline
from monitor.store.context import App

CUT = "民乐街这一片停电了，空调冰箱全停了，供电局啥时候来电"
LIFT = "民乐街这边电梯卡在半空，里面关着两个人，整片都停电了"


async def _two(app: App, first: str, second: str, minutes: float) -> tuple[int | None, int | None]:
    state = MockWeibo.from_matrix(app.matrix)
    hub = app.matrix.hub
    for uid, name in (("6410000001", "民乐街老住户"), ("6410000002", "民乐街上班族")):
        state.add_user(uid, name)
    one = state.post_status("6410000001", f"@{hub.name} {first}", at=at(0))
    two = state.post_status("6410000002", f"@{hub.name} {second}", at=at(minutes))
    build_pipeline(app).ingest(await poll(app, state))
    return case_of(app, one.id).cluster_id, case_of(app, two.id).cluster_id


def test_the_table_reads_the_lift_first_and_the_cut_second() -> None:
    # the premise of the rule: without it the two are a side remark of each other (0.45)
    assert problems().find(LIFT)[:2] == ("电梯", "停电")
    assert problems().find(CUT)[0] == "停电"


async def test_a_cut_told_by_the_lift_it_stopped_is_the_cut(app: App) -> None:  # noqa: F811
    first, second = await _two(app, CUT, LIFT, 50)
    assert first is not None and second == first


async def test_the_lift_told_a_day_later_is_its_own_matter(app: App) -> None:  # noqa: F811
    first, second = await _two(app, CUT, LIFT, 26 * 60)
    assert second is None or second != first


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
