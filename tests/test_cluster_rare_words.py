"""Reports of one matter that name no place and no problem of the table, joined on the rare words
they share (issue 14: the fallback of ``ClusterStage._by_words``).

A problem of the table told at no place is no such matter (two 路灯坏了 at no place are two
estates nobody named), nor is an import: a backfill's copies of one routine complaint once joined
into a cluster of a hundred and raised 突发聚集 alerts (tests/test_alert_storm.py).

Citizens telling one unusual thing in their own words ("无人机", "摄像头") meet no place key and
no problem of ``problems.toml``; they meet on the rare words both wrote, through an index key per
rare word (``~词…``), never a scan of the open cases. The sentences are new ones written for the
phenomenon, never copied from a set; through the pipeline on each backend.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend
from test_cluster_wording import classifier  # noqa: F401 - the real classifier

from monitor.classify import Classifier
from monitor.cluster import SignatureMaker
from monitor.cluster.joining import ClusterStage, _disjoint
from monitor.core.config import ClusterConfig
import datetime as dt
from dataclasses import replace

from monitor.runtime.stages import build_pipeline
from monitor.store.context import App
from monitor.store.models import CaseEvent, Cluster, ClusterKey, QueueEntry
from test_cluster import post

DRONE = "有架无人机天天在我们楼顶上空盘旋，下面挂着个摄像头，感觉在偷拍"
DRONE_AGAIN = "那个挂摄像头的无人机又在楼顶盘旋了，还飞到窗户外面悬停，太吓人了"


def joined(app: App, n: int) -> dict | None:  # noqa: F811 - the fixture imported above
    """The join event of post ``n``'s case, if it joined another's cluster."""
    case = case_of(app, n)
    with app.sessions() as s:
        events = [e.data for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                                    CaseEvent.kind == "clustered"))]
    return next((e for e in events if e.get("how") != "founded"), None)


@pytest.mark.parametrize("batch_size", [500, 1])  # found in the batch's memory, or read from the index
def test_two_citizens_telling_one_unusual_thing_in_their_words_are_one_cluster(
        app: App, batch_size: int) -> None:  # noqa: F811
    ingest(app, [("d1", DRONE, 0), ("d2", DRONE_AGAIN, 40)], batch_size)
    first, second = case_of(app, 0), case_of(app, 1)
    assert first.cluster_id is not None and second.cluster_id == first.cluster_id
    assert second.lead_account_id == first.lead_account_id
    join = joined(app, 1)
    assert join is not None and join["how"] == "words" and join["with_case"] == first.id
    # explainable: the score and the words that matched are recorded with the join
    assert join["score"] >= 2.5 and {"无人机", "监控", "盘旋"} <= set(join["words"])  # 摄像头 is read as 监控
    with app.sessions() as s:
        keys = set(s.scalars(select(ClusterKey.key).where(ClusterKey.case_id == first.id)))
    assert "~词无人机" in keys, "each case is filed under its rare words"


@pytest.mark.parametrize(("first", "later"), [
    # the drone and its camera, told of a delivery trial: an everyday matter, not the same one
    (DRONE, "听说要搞挂摄像头的无人机送外卖，什么时候能开通"),
    # one rare word in common is not enough
    (DRONE, "听说要搞无人机送外卖的试点，什么时候能开通"),
    # both tell of the drone with its camera; one is its noise, the other a power cut it caused:
    # two problems of the table
    ("有架挂着摄像头的无人机天天在楼顶盘旋，嗡嗡的噪音吵得睡不着", "挂摄像头的无人机在楼顶盘旋时撞断了电线，家里停电了"),
    # a place named is the evidence: a report at 金桂苑 joins a 金桂苑 case or none
    (DRONE, "金桂苑小区有架无人机在楼顶上空盘旋，下面挂着个摄像头"),
])
def test_words_that_do_not_say_one_matter_never_join(app: App, first: str, later: str) -> None:  # noqa: F811
    ingest(app, [("d1", first, 0), ("d3", later, 30)])
    assert case_of(app, 1).cluster_id is None


def test_an_account_addressed_gives_no_rare_word(classifier: Classifier) -> None:  # noqa: F811
    stage = ClusterStage(ClusterConfig(), SignatureMaker(classifier), None)  # type: ignore[arg-type]
    text = "@银川市城市管理综合执法局 半夜有人放孔明灯，掉下来差点把晾衣架点着"
    words = stage._rare_words(SignatureMaker(classifier).make(text, classifier.classify(text)), text)
    # the handle reads as 城市管理 / 执法局 / 银川市: words of every letter to that office
    assert "孔明灯" in words and not {"城市管理", "执法局", "银川市"} & set(words)


def test_one_concept_written_twice_counts_once() -> None:
    assert _disjoint(["广场舞", "广场舞噪音"]) == ["广场舞噪音"]
    assert _disjoint(["排到", "排队"]) == ["排到"]
    assert _disjoint(["无人机", "监控", "盘旋"]) == ["无人机", "监控", "盘旋"]


def test_two_rare_words_of_one_domain_are_one_matter(app: App) -> None:  # noqa: F811
    # an online counter failing, told twice in other words: 灵活就业 + 社保缴纳 (1.5), and the
    # classifier gives both the same domain of their own (劳动和社会保障): the problem agrees
    ingest(app, [("s1", "灵活就业的社保在手机上交不了，一点支付就提示失败", 0),
                 ("s2", "灵活就业人员社保交不上，付款页面一直报错", 50)])
    assert case_of(app, 1).cluster_id is not None and case_of(app, 1).cluster_id == case_of(app, 0).cluster_id
    join = joined(app, 1)
    assert join is not None and join["how"] == "words" and {"灵活就业", "社保缴纳"} <= set(join["words"])


def test_a_problem_of_the_table_at_no_place_never_joins_on_words(app: App) -> None:  # noqa: F811
    # the same words, the table's 路灯: a lamp at an estate nobody named, each its own estate
    text = "小区门口的路灯坏了半个月，晚上黑漆漆的，老人出门都害怕"
    ingest(app, [("p1", text, 0), ("p2", text + "，麻烦尽快修", 20), ("p3", "我们小区门口路灯也坏了半个月，晚上黑漆漆的", 40)])
    assert all(case_of(app, i).cluster_id is None for i in range(3))


def test_imported_copies_never_join_on_words(app: App) -> None:  # noqa: F811
    # a backfill replays history: its copies of one matter in words of no table entry are no
    # burst of citizens; each stays its own case and no 突发聚集 is raised
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    items = [replace(post(i, f"b{i}", f"{DRONE}（{i}）", 0), created_at=old + dt.timedelta(seconds=30 * i))
             for i in range(8)]
    build_pipeline(app).ingest(items, channel="weibo-import")
    assert all(case_of(app, i).cluster_id is None for i in range(8))
    with app.sessions() as s:
        assert s.scalar(select(Cluster.id)) is None
        assert not [e for e in s.scalars(select(QueueEntry)) if e.reason == "burst"]
        keys = set(s.scalars(select(ClusterKey.key)))
    assert not any(k.startswith("~词") for k in keys), "an import is not filed under its words"
