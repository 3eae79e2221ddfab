"""A citizen's word that their one open report still stands is a follow-up on it (issue 14,
chasers; seventh session of 2026-12-04).

* A short word from a citizen with one open report of their own, addressed to no one, saying the
  matter still stands (还是, 还没, 仍, 依旧), follows that report up within the chaser window,
  though the signature of so few words reads a problem the report's does not hold (the wages
  read as a refund).
* Not when it names another place, nor a place it tells another problem at that does not pin the
  report's (a road holds many matters), nor a problem none of the report's sharing nothing with it,
  nor when it says the problem was put right and is back, or names it with 又 weeks on.
* Someone came and did it, told with 来人 ("来人换了…"), or the leak stopped ("不渗了"): how the
  matter stands, days after the report, naming nothing.

New sentences, never copied from a set; ingested through the real pipeline as the other cluster
tests are.
"""

from __future__ import annotations

import pytest

from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

DAY = 24 * 60  # T0 is Monday 2026-10-12, 08:00 in 银川
WAGES = "我们在永宁县一个肉牛养殖场当饲养员，老板欠了四个月工钱八千多，一直拖着不给 @银川人社"
LAMPS = "兴庆区民乐街路灯坏了一大排，晚上黑漆漆的，老人出门都不敢走"
HEAT = "金凤区康居小区7号楼暖气一直是温的，屋里才十六度，老人冻得睡不着"
LITTER = "南薰街早上卖菜的把烂菜帮子全扔在路边，也没人扫，臭烘烘的"


@pytest.mark.parametrize(("first", "later", "days"), [
    (WAGES, "饲养员的钱还是没着落，老板手机一直关机", 9),
    (HEAT, "换热站说管道里有气，放完气依旧不热", 8),
    (LAMPS, "今天修了几盏，东头那几盏还是不亮", 6),
])
def test_a_word_that_it_still_stands_follows_the_one_report(app, first, later, days) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", first, 0), ("u1", later, days * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id


@pytest.mark.parametrize(("first", "later", "days"), [
    # another place
    (LAMPS, "光明广场南边的路灯还是不亮，黑得看不见路", 6),
    # a road it tells another problem at: the road holds many matters
    (LITTER, "南薰街路口的积雪还没人铲，全堆在斑马线上", 20),
    # put right once and back
    (LAMPS, "民乐街的路灯上个月刚修好，现在还是又坏了", 12),
    # …or back, the problem named with 又, once the report is older than the cluster window
    (LAMPS, "民乐街的路灯又灭了一排，晚上还是黑的", 20),
    # a problem none of the report's, at no place, sharing nothing with it: a matter of its own
    (LAMPS, "给老人办的理疗卡店跑路了，钱还没退回来", 4),
])
def test_not_another_place_nor_a_road_of_another_matter(app, first, later, days) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ingest(app, [("u1", first, 0), ("u1", later, days * DAY)])
    assert case_of(app, 1).id != case_of(app, 0).id


@pytest.mark.parametrize("later", ["物业来人换了块防水卷材 不渗了", "昨天来人焊过了 谢谢", "来人修过了 说是楼顶管子的事"])
def test_someone_came_and_did_it(app, later) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first = "西夏区同心苑4号楼顶层下雨就往屋里渗水，天花板都发霉了，物业让我们自己找人修"
    ingest(app, [("u1", first, 0), ("u1", later, 3 * DAY)])
    assert case_of(app, 1).id == case_of(app, 0).id
