"""post_reply over real HTTP: reply/create chosen by kind, the answer visible in comments/by_me."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.weibo import WeiboSource
from adapters.weibo.client import ReplyRejected, ReplyTooLong
from adapters.weibo.mock import MockWeibo
from monitor.core.types import AuthError, Item

from .conftest import CITIZEN, HUB_UID, STREET_UID, at


async def poll_one(src: WeiboSource, state: MockWeibo) -> Item:
    res = await src.poll({})
    assert len(res.items) == 1
    return res.items[0]


async def test_reply_to_a_comment_uses_comments_reply_and_shows_in_by_me(
        state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    notice = state.post_status(STREET_UID, "【通知】文化街街道便民服务点搬迁", at=at(0))
    c = state.add_comment(CITIZEN, notice.id, "新地址在哪里？老人不会用手机", at=at(1))
    src = make_source(accounts=["xingqing-wenhuajie"])
    first = await src.poll({})
    citizen_comment = first.items[0]
    assert citizen_comment.external_id == str(c.id)
    posted = await src.post_reply(account_external_id=STREET_UID, item=citizen_comment,
                                  text="您好，新服务点在文化街87号一楼，可拨打社区电话咨询。")
    assert state.requests["comments/reply"] == 1 and state.requests["comments/create"] == 0
    assert posted.kind == "comment" and posted.author_id == STREET_UID
    assert posted.reply_to_id == str(c.id) and posted.parent_id == str(notice.id)
    assert posted.text.startswith("回复@贺兰山下的小王:您好")
    assert posted.created_at.tzinfo is not None
    again = await src.poll(first.cursor)
    assert [it.external_id for it in again.items] == [posted.external_id]  # comments/by_me
    assert again.items[0].reply_to_id == str(c.id)


async def test_reply_to_a_status_uses_comments_create(state: MockWeibo,
                                                      make_source: Callable[..., WeiboSource]) -> None:
    s = state.post_status(CITIZEN, "@问政银川 小区二次供水水质发黄", at=at(0))
    src = make_source(accounts=["wzyc"])
    status = await poll_one(src, state)
    posted = await src.post_reply(account_external_id=HUB_UID, item=status,
                                  text="网友您好，已转银川水务核实处理，请保持电话畅通。")
    assert state.requests["comments/create"] == 1
    assert posted.parent_id == str(s.id) and posted.parent_author_id == CITIZEN
    assert posted.reply_to_id is None and posted.thread_root_id == str(s.id)
    assert state.comments[int(posted.external_id)].status_id == s.id


async def test_too_long_is_refused_before_sending(state: MockWeibo,
                                                  make_source: Callable[..., WeiboSource]) -> None:
    state.post_status(CITIZEN, "@问政银川 路灯不亮", at=at(0))
    src = make_source(accounts=["wzyc"])
    status = await poll_one(src, state)
    with pytest.raises(ReplyTooLong, match="141 characters; Weibo accepts at most 140"):
        await src.post_reply(account_external_id=HUB_UID, item=status, text="好" * 141)
    assert state.requests["comments/create"] == 0
    # Latin letters count half: 140 Chinese + 2 ASCII is 141, 139 + 2 is 140 and goes through
    with pytest.raises(ReplyTooLong):
        await src.post_reply(account_external_id=HUB_UID, item=status, text="好" * 140 + "ok")
    await src.post_reply(account_external_id=HUB_UID, item=status, text="好" * 139 + "ok")
    assert state.requests["comments/create"] == 1


async def test_platform_refusals_are_clear(state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    state.post_status(CITIZEN, "@问政银川 噪音扰民", at=at(0))
    src = make_source(accounts=["wzyc"])
    status = await poll_one(src, state)
    text = "您好，已转相关部门处理。"
    await src.post_reply(account_external_id=HUB_UID, item=status, text=text)
    with pytest.raises(ReplyRejected, match="20019"):  # the same text twice
        await src.post_reply(account_external_id=HUB_UID, item=status, text=text)
    with pytest.raises(ReplyRejected, match="not a member account"):
        await src.post_reply(account_external_id="123", item=status, text=text + "1")
    state.expire_token(HUB_UID)
    with pytest.raises(AuthError, match="21327"):
        await src.post_reply(account_external_id=HUB_UID, item=status, text=text + "2")
