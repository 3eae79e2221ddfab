"""A burst named by two witnesses after their own first words (issue 14, seventh session of 2026-12-04: eval23 read).

A burst main is told by whatever struck each witness first, and named after it: one sees the
road dug up and the steam ("…挖开了…估计是管子爆了"), another the ice its water left ("一地的
冰…说是管道爆口了"). Their main problems differ (road works, ice) and were related by nothing; the
burst both name, within the hours it lasts, is the matter. A case naming the burst after its own
two problems is filed under it too, so the other witness finds it. Road works named beside other
matters tie nothing (they go on for weeks), nor does the burst told a day later. Posts go through
the mock Weibo platform over HTTP, as the daemon reads them. Sentences of our own, never copied
from a set.
"""

from __future__ import annotations

from test_cluster_threads import app, at, case_of, poll  # noqa: F401 - the app on each backend

from adapters.weibo.mock import MockWeibo
from monitor.runtime.stages import build_pipeline
from monitor.store.context import App

CROSSING = "文萃路兴安街路口"
DUG = f"{CROSSING}挖开了一个大坑，一直冒白气，估计是供热管子爆了"
ICE = f"{CROSSING}一地的冰，车过去直打滑，冰面上还冒热气，说是管道爆口了"


async def _two(app: App, first: str, second: str, minutes: float) -> tuple[int | None, int | None]:
    state = MockWeibo.from_matrix(app.matrix)
    hub = app.matrix.hub
    for uid, name in (("6400000001", "兴安街晨跑"), ("6400000002", "文萃路开车的")):
        state.add_user(uid, name)
    one = state.post_status("6400000001", f"@{hub.name} {first}", at=at(0))
    two = state.post_status("6400000002", f"@{hub.name} {second}", at=at(minutes))
    build_pipeline(app).ingest(await poll(app, state))
    return case_of(app, one.id).cluster_id, case_of(app, two.id).cluster_id


async def test_a_burst_both_witnesses_name_after_their_own_first_words_is_one_matter(app: App) -> None:  # noqa: F811
    first, second = await _two(app, DUG, ICE, 40)
    assert first is not None and second == first


async def test_the_burst_named_a_day_later_is_another_matter(app: App) -> None:  # noqa: F811
    first, second = await _two(app, DUG, ICE, 20 * 60)
    assert second is None or second != first


async def test_road_works_named_beside_other_matters_tie_nothing(app: App) -> None:  # noqa: F811
    first, second = await _two(app, f"{CROSSING}的路灯坏了好几盏，晚上黑乎乎的，那边还在修路",
                               f"{CROSSING}早上车都动不了，堵了半小时，旁边在修路", 40)
    assert second is None or second != first
