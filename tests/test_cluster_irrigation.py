"""The fields' water from the canals as a problem of the table (issue 14, fourth session of 2026-12-04).

A season's matter in the villages: the water not arriving (a rota, a blocked ditch, water held
upstream) and the canal breaking out are two problems at one village; water over the road from the
canal is complained of as 积水, and a neighbour telling it so is of it. Sentences of our own.
"""

from __future__ import annotations

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.problems import problems
from monitor.store.context import App


def joined(app: App, a: int, b: int) -> bool:
    x, y = case_of(app, a), case_of(app, b)
    return x.cluster_id is not None and x.cluster_id == y.cluster_id


def test_the_water_not_arriving_and_the_canal_breaking_out() -> None:
    table = problems()
    late = "望远镇我们队今年轮灌又排到最后，麦子地还没浇上"
    assert table.find(late)[0] == "灌溉" and "缺水" in table.kinds_of("灌溉", late)
    breach = "望远镇那条支渠半夜决口了，水冲进了麦地"
    assert table.find(breach)[0] == "灌溉" and "决口" in table.kinds_of("灌溉", breach)
    assert table.find("冬灌的水从支渠漫出来，村道全被淹了")[0] == "积水"  # complained of as water on the road


def test_one_village_s_water_late_is_one_matter_and_its_breach_another(app: App) -> None:  # noqa: F811
    ingest(app, [("a1", "永宁县望远镇东方村的支渠淤了，春灌的水过不来，地里浇不上", 0),
                 ("a2", "望远镇东方村这一轮灌水又轮不到我们，麦子都旱了", 60),
                 ("a3", "望远镇东方村那条支渠半夜决口了，冲开了好几道田埂", 120)])
    assert joined(app, 0, 1)
    assert not joined(app, 0, 2)  # two kinds: the water late, the canal broken out
