"""A repost quoting ``//@name: words`` passes on the one post of that citizen holding the words
(issue 14, seventh session of 2026-12-05).

The quote names a citizen, and its words say which of their posts: the case whose first post, or
whose follow-up written by that citizen, holds the longest beginning of the words quoted. A
citizen telling one problem twice begins alike ("…电梯又停了" a month apart): the rest of the
words says which. A follow-up's words ("…还是没有消息") are in no case's text, while its case is
the appeal the repost passes on: a quote of a follow-up joins its case even when its own few
words read as another matter than that case's first post (the follow-up was put on its case when
it came). The sentences are new ones, never copied from a set.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_cluster import app, case_of, ingest  # noqa: F401 - the pipeline on each backend

from monitor.cluster.joining import _held
from monitor.store.context import App
from monitor.store.models import CaseEvent

DAY = 24 * 60


def _joined_with(app: App, case_id: int) -> int | None:
    with app.sessions() as s:
        data = s.scalar(select(CaseEvent.data).where(CaseEvent.case_id == case_id, CaseEvent.kind == "clustered"))
    return (data or {}).get("with_case")


def test_of_two_posts_beginning_alike_the_one_holding_the_quote_whole(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("a1", "翠园3号楼电梯又停了，困了个老人在里面半小时", 0),
        ("a1", "翠园3号楼电梯又停了，这回是门关不上，物业说等配件", 20 * DAY),
        ("b2", "又是它//@市民a1:翠园3号楼电梯又停了，这回是门关不上，物业说等配件", 20 * DAY + 60),
    ])
    older, newer, echo = (case_of(app, i) for i in range(3))
    assert _joined_with(app, echo.id) == newer.id
    assert echo.cluster_id is not None and echo.cluster_id == newer.cluster_id != older.cluster_id


def test_a_quote_of_a_follow_up_joins_the_case_it_chased(app: App) -> None:  # noqa: F811
    ingest(app, [
        ("e1", "坐5路车刷码总失败，屏幕提示二维码过期，司机也不管", 0),
        ("e1", "都三十度了，11路车里不开空调，闷得人喘不上气", DAY),
        ("e1", "到今天还是老样子，也没个人回复", 2 * DAY),  # the citizen's chase, on their latest case
        ("f2", "+1//@市民e1:到今天还是老样子，也没个人回复", 2 * DAY + 200),
    ])
    code, cool, chase, echo = (case_of(app, i) for i in range(4))
    assert chase.id == cool.id  # the chase is a follow-up on its citizen's case
    assert _joined_with(app, echo.id) == cool.id != code.id


@pytest.mark.parametrize(("said", "text", "held"), [
    ("电焊的钱到今天还是没有消息", "说了电焊的钱到今天还是没有", 11),
    ("电焊的钱到今天", "包工头还是不接电话", 0),
    ("电焊的钱", "电焊的钱没给", 4),
    ("电焊的", "电焊的钱没给", 0),  # under four characters: too few to tell one post from another
])
def test_how_much_of_the_quote_a_post_holds(said: str, text: str, held: int) -> None:
    assert _held(said, text) == held
