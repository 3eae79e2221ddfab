"""Platform faults: each raises the right error, and the same cursor then loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from structlog.testing import capture_logs

from adapters.weibo import WeiboSource, create
from adapters.weibo.client import redact
from adapters.weibo.mock import MockWeibo
from monitor.core.config import Matrix
from monitor.core.types import AuthError, SourceError

from .conftest import CITIZEN, CITIZEN2, STREET_UID, at


def seed_items(state: MockWeibo) -> set[str]:
    notice = state.post_status(STREET_UID, "【通知】文化街街道老旧小区改造征求意见", at=at(0))
    made = [
        state.post_status(CITIZEN, "@问政银川 我家楼下烧烤店油烟太大", at=at(1)).id,
        state.add_comment(CITIZEN2, notice.id, "改造什么时候开工？", at=at(2)).id,
        state.post_status(CITIZEN2, "@兴庆区文化街街道 楼道堆满杂物，消防通道堵死了", at=at(3)).id,
    ]
    made += [state.post_status(CITIZEN, f"@问政银川 第{i}次：供暖不达标", at=at(10 + i)).id for i in range(5)]
    return {str(i) for i in made}


async def cursor_after_first_poll(state: MockWeibo, src: WeiboSource) -> dict[str, Any]:
    """A realistic non-empty cursor: one item committed before the fault."""
    state.post_status(CITIZEN, "@问政银川 之前的一条", at=at(-10))
    res = await src.poll({})
    assert len(res.items) == 1
    return res.cursor


@pytest.mark.parametrize(("fault", "error", "retryable", "code"), [
    ("ratelimit", SourceError, True, 10023),
    ("ip_ratelimit", SourceError, True, 10022),
    ("http500", SourceError, True, 10001),
    ("hang", SourceError, True, "timeout"),
    ("malformed", SourceError, True, "malformed"),
    ("expired", AuthError, False, 21327),
    ("invalid", AuthError, False, 21332),
])
async def test_fault_raises_and_the_same_cursor_loses_nothing(
        state: MockWeibo, make_source: Callable[..., WeiboSource],
        fault: str, error: type[Exception], retryable: bool, code: Any) -> None:
    # a short timeout only where the fault is a hang: a loaded test machine must not time out
    src = make_source(count=3, max_pages=10, request_timeout=0.3 if fault == "hang" else 10)
    cursor = await cursor_after_first_poll(state, make_source(count=3, max_pages=10, request_timeout=10))
    expected = seed_items(state)
    state.fail(fault, path="statuses/mentions")
    with pytest.raises(error) as info:
        await src.poll(cursor)
    err = info.value
    assert isinstance(err, SourceError)
    assert err.retryable is retryable and err.code == code
    if fault.endswith("ratelimit"):
        assert err.retry_after and err.retry_after > 0
    assert state.faults_served == [f"{fault}@statuses/mentions"]
    assert src.health()["last_ok"] is False and src.health()["last_error"] == str(err)
    retry = make_source(count=3, max_pages=10, request_timeout=10)
    res = await retry.poll(cursor)  # the poller retries with the cursor it kept
    got = [it.external_id for it in res.items]
    assert set(got) == expected and len(got) == len(expected)
    assert not res.more
    assert retry.health()["last_ok"] is True and retry.health()["last_error"] is None


async def test_fault_in_the_middle_of_paging_keeps_everything(
        state: MockWeibo, make_source: Callable[..., WeiboSource]) -> None:
    expected = {str(state.post_status(CITIZEN, f"@问政银川 第{i}条", at=at(i)).id) for i in range(7)}
    src = make_source(count=2, max_pages=10, accounts=["wzyc"], endpoints=["statuses/mentions"])
    state.fail("http500", path="statuses/mentions", after=2)  # pages 1 and 2 succeed, page 3 fails
    with pytest.raises(SourceError):
        await src.poll({})
    assert state.requests["statuses/mentions"] == 2
    res = await src.poll({})
    got = [it.external_id for it in res.items]
    assert set(got) == expected and len(got) == 7


async def test_unknown_error_codes_are_retryable_and_logged(
        state: MockWeibo, make_source: Callable[..., WeiboSource], tokens: dict[str, str]) -> None:
    from adapters.weibo.client import error_from

    with capture_logs() as logs:
        err = error_from(400, {"error": "something new", "error_code": 29999, "request": "/2/x.json"}, "x")
    assert err.retryable and err.code == 29999 and not isinstance(err, AuthError)
    assert logs[0]["event"] == "weibo.unknown_error_code" and logs[0]["error_code"] == 29999


async def test_connection_refused_is_retryable(matrix: Matrix, http: aiohttp.ClientSession,
                                               tokens: dict[str, str], closed_port: int) -> None:
    src = create({"base_url": f"http://127.0.0.1:{closed_port}/2/", "request_timeout": 0.5},
                 name="weibo", matrix=matrix, http=http)
    with capture_logs() as logs, pytest.raises(SourceError) as info:
        await src.poll({})
    assert info.value.retryable and info.value.code == "connection"
    assert any(e["event"] == "weibo.request_failed" for e in logs)


async def test_tokens_never_reach_the_logs_or_errors(
        state: MockWeibo, make_source: Callable[..., WeiboSource], tokens: dict[str, str]) -> None:
    src = make_source(request_timeout=0.3)
    patient = make_source(request_timeout=10)
    seed_items(state)
    messages: list[str] = []
    with capture_logs() as logs:
        for fault in ("ratelimit", "http500", "malformed", "expired", "invalid", "hang"):
            state.fail(fault)
            with pytest.raises(SourceError) as info:
                await (src if fault == "hang" else patient).poll({})
            messages.append(str(info.value))
        await patient.poll({})
    assert any(e["event"] == "weibo.request_failed" for e in logs)
    blob = repr(logs) + "\n".join(messages) + repr(src.health())
    for token in tokens.values():
        assert token not in blob
    assert redact("GET /2/x.json?count=5&access_token=2.00abc&since_id=1") == \
        "GET /2/x.json?count=5&access_token=***&since_id=1"
