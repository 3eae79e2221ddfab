"""WeiboSource against the mock platform over real HTTP: cursors, paging, backfill, dedupe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic
import pytest
from structlog.testing import capture_logs

from adapters.weibo import WeiboSource, create
from adapters.weibo.mock import MockWeibo
from monitor.core.config import Matrix
from monitor.core.types import PollResult, PullSource, Replier

from .conftest import CITIZEN, CITIZEN2, HUB_UID, STREET_UID, at


def ids(result: PollResult) -> list[str]:
    return [it.external_id for it in result.items]


async def drain(source: WeiboSource, cursor: dict[str, Any], limit: int = 20) -> tuple[list[str], dict[str, Any]]:
    """Poll until the platform has nothing more, as the poller does; all ids in order."""
    out: list[str] = []
    for _ in range(limit):
        res = await source.poll(cursor)
        out += ids(res)
        cursor = res.cursor
        if not res.more:
            return out, cursor
    raise AssertionError("the source never caught up")


async def test_implements_the_contract(make_source: Callable[..., WeiboSource]) -> None:
    src = make_source()
    assert isinstance(src, PullSource) and isinstance(src, Replier)
    assert src.platform == "weibo"


async def test_poll_returns_items_oldest_first_with_a_cursor(
        state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    notice = state.post_status(STREET_UID, "【通知】文化街街道本周六开展环境整治", at=at(0))
    s1 = state.post_status(CITIZEN, "@问政银川 文化街小区门口停车太乱，晚上进不去", at=at(5))
    c1 = state.add_comment(CITIZEN2, notice.id, "我们楼下的路灯坏了一个月了", at=at(7))
    s2 = state.post_status(CITIZEN2, "@兴庆区文化街街道 广场舞音响太吵了 @问政银川", at=at(9))
    src = make_source()
    res = await src.poll({})
    assert ids(res) == [str(s1.id), str(c1.id), str(s2.id)]
    assert [it.kind for it in res.items] == ["status", "comment", "status"]
    assert res.more is False
    streams = res.cursor["streams"]
    assert streams["wzyc/statuses/mentions"] == {"since": str(s2.id)}
    assert streams["xingqing-wenhuajie/statuses/mentions"] == {"since": str(s2.id)}
    assert streams["xingqing-wenhuajie/comments/to_me"] == {"since": str(c1.id)}
    assert streams["xingqing/statuses/mentions"] == {}
    comment = res.items[1]
    assert comment.parent_id == str(notice.id) and comment.parent_author_id == STREET_UID


async def test_polling_again_returns_nothing_new(state: MockWeibo,
                                                 make_source: Callable[..., WeiboSource]) -> None:
    state.post_status(CITIZEN, "@问政银川 小区暖气不热，室温只有十四度", at=at(0))
    src = make_source()
    first = await src.poll({})
    assert len(first.items) == 1
    again = await src.poll(first.cursor)
    assert again.items == [] and again.cursor == first.cursor and not again.more
    later = state.post_status(CITIZEN2, "@问政银川 公交104路什么时候恢复原线路？", at=at(3))
    third = await src.poll(again.cursor)
    assert ids(third) == [str(later.id)]


async def test_pages_backwards_with_max_id_until_since(state: MockWeibo,
                                                       make_source: Callable[..., WeiboSource]) -> None:
    posted = [state.post_status(CITIZEN, f"@问政银川 第{i}次反映：楼道灯不亮", at=at(i)).id for i in range(8)]
    src = make_source(count=3, max_pages=10, accounts=["wzyc"], endpoints=["statuses/mentions"])
    res = await src.poll({})
    assert ids(res) == [str(i) for i in posted]
    assert res.more is False
    assert state.requests["statuses/mentions"] >= 3  # 8 items at 3 a page
    newer = [state.post_status(CITIZEN2, f"@问政银川 补充{i}", at=at(20 + i)).id for i in range(4)]
    res2 = await src.poll(res.cursor)
    assert ids(res2) == [str(i) for i in newer]


async def test_more_than_max_pages_waiting_backfills_without_skipping(
        state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    old = [state.post_status(CITIZEN, f"@问政银川 积压{i}", at=at(i)).id for i in range(9)]
    src = make_source(count=2, max_pages=2, accounts=["wzyc"], endpoints=["statuses/mentions"])
    first = await src.poll({})
    assert ids(first) == [str(i) for i in old[-4:]]
    assert first.more is True
    gap = first.cursor["streams"]["wzyc/statuses/mentions"]
    assert gap == {"since": "0", "max_id": str(old[-4] - 1), "high": str(old[-1])}
    # new items arrive during the backfill: they come after it, none lost, none twice
    fresh = [state.post_status(CITIZEN2, f"@问政银川 新的{i}", at=at(30 + i)).id for i in range(3)]
    second = await src.poll(first.cursor)
    assert ids(second) == [str(i) for i in old[1:5]] and second.more is True
    third = await src.poll(second.cursor)
    assert ids(third) == [str(old[0])] and third.more is False
    assert third.cursor["streams"]["wzyc/statuses/mentions"] == {"since": str(old[-1])}
    fourth, _ = await drain(src, third.cursor)
    everything = ids(first) + ids(second) + ids(third) + fourth
    assert sorted(everything) == sorted(str(i) for i in old + fresh)
    assert len(everything) == len(set(everything))


async def test_an_item_in_several_streams_appears_once(state: MockWeibo,
                                                       make_source: Callable[..., WeiboSource]) -> None:
    notice = state.post_status(HUB_UID, "【问政银川】本周热点问题回应", at=at(0))
    c = state.add_comment(CITIZEN, notice.id, "@问政银川 @兴庆区 我们小区的违建到底拆不拆？", at=at(1))
    src = make_source()
    res = await src.poll({})
    assert ids(res) == [str(c.id)]  # to_me and mentions (hub), mentions (兴庆区): one item
    assert res.items[0].mentioned_names == ("问政银川", "兴庆区")


async def test_accounts_without_a_token_are_skipped_and_reported(
        state: MockWeibo, make_source: Callable[..., WeiboSource], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WENZHENG_WEIBO_TOKEN_XINGQING_WENHUAJIE")
    s = state.post_status(CITIZEN, "@兴庆区文化街街道 @问政银川 下水道堵了", at=at(0))
    src = make_source()
    with capture_logs() as logs:
        res = await src.poll({})
        res2 = await src.poll(res.cursor)
    assert ids(res) == [str(s.id)]  # seen through the hub's stream
    assert not any(k.startswith("xingqing-wenhuajie/") for k in res2.cursor["streams"])
    warnings = [e for e in logs if e["event"] == "weibo.missing_tokens"]
    assert len(warnings) == 1 and warnings[0]["accounts"] == ["xingqing-wenhuajie"]
    health = src.health()
    assert health["missing_tokens"] == ["xingqing-wenhuajie"]
    assert health["accounts_polled"] == 2 and health["accounts_configured"] == 3


async def test_options_are_validated(matrix: Matrix, http: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as err:
        create({"count": 500, "accounts": ["nobody"], "endpoints": ["statuses/home"], "colour": 1},
               name="weibo", matrix=matrix, http=http)
    text = str(err.value)
    for expected in ("count", "unknown account 'nobody'", "unknown endpoint 'statuses/home'", "colour"):
        assert expected in text
    with pytest.raises(pydantic.ValidationError, match="no platform_ids.weibo"):
        create({"accounts": ["city-cg"]}, name="weibo", matrix=matrix, http=http)
    src = create({}, name="weibo", matrix=matrix, http=http)
    assert src.options.base_url == "https://api.weibo.com/2/"
    assert src.account_ids == ("wzyc", "xingqing", "xingqing-wenhuajie")


async def test_a_round_of_many_pages_comes_back_oldest_first_one_item_per_stream_held(
        state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    """The daemon polls with :meth:`poll_spooled`: each page goes to disk as it arrives (newest
    page first, as Weibo pages) and the round is read back oldest first across the streams,
    holding one item per stream, not the round (issue 19: a backlog costs time, not memory)."""
    posts, replies = [], []
    for i in range(40):
        s = state.post_status(CITIZEN if i % 2 else CITIZEN2, f"@兴庆区文化街街道 @问政银川 第{i}号楼道灯坏了", at=at(2 * i))
        posts.append(s)
        replies.append(state.add_comment(STREET_UID, s.id, f"已派人查看{i}号楼。", at=at(2 * i + 1)))
    src = make_source(count=3, max_pages=50)
    res = await src.poll_spooled({})
    spool = res.items
    # each post in two streams (both accounts' mentions), each reply in one (the street's by_me)
    assert not isinstance(spool, list) and len(spool) == 120
    assert res.newest_at == at(79) and res.more is False
    got = list(spool)
    # the post before its reply, throughout: what the pipeline needs to thread them
    expected = [str(x.id) for pair in zip(posts, replies, strict=True) for x in pair]
    assert [it.external_id for it in got] == expected
    streams = len(src.account_ids) * len(src.options.endpoints)
    assert spool.peak_held <= streams < len(got)  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="read once"):
        list(spool)
    # the cursor is the round's end, as before: the newest id of each stream
    assert res.cursor["streams"]["xingqing-wenhuajie/comments/by_me"] == {"since": str(replies[-1].id)}
    assert res.cursor["streams"]["xingqing-wenhuajie/statuses/mentions"] == {"since": str(posts[-1].id)}
    # poll() is the same round as a list
    assert [it.external_id for it in (await src.poll({})).items] == expected


async def test_a_stream_whose_ids_do_not_follow_time_is_still_read_in_time_order(
        state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    """Ids later than their times (a platform that numbers late): the stream's pages are not in
    time order, so the spool reads that stream whole and sorts it rather than trust the pages."""
    minutes = [9, 1, 7, 3, 8, 0, 5, 2, 6, 4]
    posted = {m: state.post_status(CITIZEN, f"@问政银川 反映{m}", at=at(m)).id for m in minutes}
    src = make_source(count=2, max_pages=20, accounts=["wzyc"], endpoints=["statuses/mentions"])
    res = await src.poll_spooled({})
    assert [it.external_id for it in res.items] == [str(posted[m]) for m in sorted(minutes)]
