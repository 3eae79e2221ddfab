"""Snow told by where it was pushed or piled (issue 14, seventh session of 2026-12-04).

After a snowfall citizens tell the snow itself left where people walk, not its ice: pushed off
the carriageway onto the pavement, piled at a gate, never shovelled ("雪全推到人行道上了",
"把雪堆在盲道上", "雪一直没铲"). That names the problem of snow and ice (冰雪), so such a report
meets its neighbours who told the ice on the same road. Ice cream and snowflakes name nothing.
Posts go through the mock Weibo platform over HTTP, as the daemon reads them. Sentences of our
own, never copied from a set.
"""

from __future__ import annotations

from test_cluster_threads import app, at, case_of, poll  # noqa: F401 - the app on each backend

from adapters.weibo.mock import MockWeibo
from monitor.cluster.problems import problems
from monitor.runtime.stages import build_pipeline
from monitor.store.context import App


async def test_snow_pushed_onto_the_pavement_meets_the_ice_told_on_that_road(app: App) -> None:  # noqa: F811
    state = MockWeibo.from_matrix(app.matrix)
    hub = app.matrix.hub
    for uid, name in (("6600000001", "文萃路遛弯的"), ("6600000002", "文萃路推婴儿车的")):
        state.add_user(uid, name)
    ice = state.post_status("6600000001", f"@{hub.name} 文萃路人行道结了一层冰，老人走路直打滑", at=at(0))
    piled = state.post_status("6600000002", f"@{hub.name} 文萃路上的雪全被推到人行道上，堆成小山，婴儿车推不过去",
                              at=at(45))
    build_pipeline(app).ingest(await poll(app, state))
    assert case_of(app, ice.id).cluster_id is not None
    assert case_of(app, piled.id).cluster_id == case_of(app, ice.id).cluster_id


def test_the_words_of_snow_left_where_people_walk() -> None:
    table = problems()
    assert table.find("物业把雪堆在单元门口")[0] == "冰雪"
    assert table.find("小区里的雪一直没铲")[0] == "冰雪"
    assert not table.find("雪糕堆在冰柜里") and not table.find("雪花飘了一整天")
