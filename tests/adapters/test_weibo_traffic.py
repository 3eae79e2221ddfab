"""The traffic generator: realistic threads, deterministic per seed, visible to the source."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import aiohttp

from adapters.weibo import create
from adapters.weibo.mock import MockWeibo, demo_token, demo_token_env, make_app, start_mock
from adapters.weibo.normalize import parse_payload
from adapters.weibo.traffic import Traffic, generate_backlog
from monitor.core.config import Matrix, load_model

from .conftest import ROOT_MATRIX


def demo_matrix() -> Matrix:
    return load_model(ROOT_MATRIX, Matrix)


def test_backlog_is_deterministic_and_exactly_n() -> None:
    m = demo_matrix()
    a = list(generate_backlog(300, m, seed=7))
    b = list(generate_backlog(300, m, seed=7))
    c = list(itertools.islice(generate_backlog(10**9, m, seed=8), 300))
    assert len(a) == 300 and a == b
    assert a != c


def test_backlog_threads_are_realistic() -> None:
    m = demo_matrix()
    members = set(m.by_platform_id("weibo"))
    seen: set[str] = set()
    items = []
    last: Any = None
    for raw in generate_backlog(3000, m, seed=1):
        [it] = parse_payload(raw)  # every object is a valid API object
        if last is not None:
            assert (it.created_at, int(it.external_id)) > last  # oldest first, ids growing
        last = (it.created_at, int(it.external_id))
        if it.reply_to_id is not None:
            assert it.reply_to_id in seen, "a reply answers something already emitted"
        if it.kind == "comment" and it.parent_author_id not in members:
            assert it.parent_id in seen, "a comment on a citizen's post comes after the post"
        seen.add(it.external_id)
        items.append(it)
    citizens = [i for i in items if i.author_id not in members]
    replies = [i for i in items if i.author_id in members]
    assert citizens and replies
    assert all(i.kind == "comment" for i in replies)
    texts = " ".join(i.text for i in items)
    for expected in ("还没人处理", "您好", "敷衍", "感谢", "@问政银川", "停车", "物业"):
        assert expected in texts, expected
    statuses = [i for i in citizens if i.kind == "status"]
    assert all(i.mentioned_names for i in statuses), "a citizen's status always @-mentions someone"
    names = m.by_name()
    assert all(any(n in names for n in i.mentioned_names) for i in statuses)
    streets = {a.region for a in m.accounts if a.kind == "street"}
    assert sum(any(s in i.text for s in streets) for i in citizens) > 50


async def test_live_traffic_reaches_the_source_over_http(aiohttp_server: Any, monkeypatch: Any) -> None:
    m = demo_matrix()
    state = MockWeibo.from_matrix(m)
    server = await aiohttp_server(make_app(state))
    for k, v in demo_token_env(m).items():
        monkeypatch.setenv(k, v)
    traffic = Traffic(state, m, seed=3, rate=0.05, time_factor=120.0)
    t0 = dt.datetime(2024, 3, 4, 1, 0, tzinfo=dt.UTC)
    for step in range(0, 3 * 3600, 30):  # three hours at 120x: five days of scenario time
        traffic.step(t0 + dt.timedelta(seconds=step))
    counts = traffic.scenario.counts
    assert counts["threads"] > 300 and counts["member_replies"] > 100
    assert counts["follow_ups"] > 0 and counts["thanks"] > 0 and counts["complaints"] > 0
    async with aiohttp.ClientSession() as http:
        src = create({"base_url": str(server.make_url("/2/")), "count": 200, "max_pages": 50,
                      "concurrency": 16}, name="weibo", matrix=m, http=http)
        res = await src.poll({})
    members = set(m.by_platform_id("weibo"))
    member_uid_comments = [c for c in state.comments.values() if c.uid in members]
    citizen_items = {str(s.id) for s in state.statuses.values() if s.uid not in members}
    citizen_items |= {str(c.id) for c in state.comments.values() if c.uid not in members}
    got = {it.external_id for it in res.items}
    assert citizen_items <= got, "every citizen item is visible to some member stream"
    assert {str(c.id) for c in member_uid_comments} <= got, "member replies come through comments/by_me"
    assert not res.more


async def test_start_mock_serves_state_and_fault_control() -> None:
    m = demo_matrix()
    runner, state, task = await start_mock("127.0.0.1", 0, m, rate=50.0, seed=1,
                                           time_factor=3600.0)
    try:
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        async with aiohttp.ClientSession() as http:
            for _ in range(50):
                async with http.get(f"{base}/_mock/state") as r:
                    summary = await r.json()
                if summary["statuses"] > 12:
                    break
                await __import__("asyncio").sleep(0.1)
            assert summary["users"] > len(m.accounts) and summary["statuses"] > 12
            async with http.post(f"{base}/_mock/faults", json={"fault": "ratelimit", "times": 2,
                                                              "path": "/2/comments/to_me.json"}) as r:
                assert r.status == 200
                assert (await r.json())["pending_faults"] == ["ratelimit@comments/to_me"] * 2
            async with http.post(f"{base}/_mock/faults", json={"fault": "meteor"}) as r:
                assert r.status == 400 and "unknown fault 'meteor'" in (await r.json())["error"]
            async with http.post(f"{base}/_mock/faults", data="nope") as r:
                assert r.status == 400
            hub = m.hub.platform_ids["weibo"]
            async with http.get(f"{base}/2/comments/to_me.json",
                                params={"access_token": demo_token(hub)}) as r:
                body = await r.json()
                assert r.status == 429 and body["error_code"] == 10023
                assert body["request"] == "/2/comments/to_me.json"
            async with http.get(f"{base}/2/statuses/mentions.json",
                                params={"access_token": demo_token(hub), "count": 5}) as r:
                assert r.status == 200 and len((await r.json())["statuses"]) <= 5
            async with http.get(f"{base}/2/statuses/mentions.json", params={"access_token": "x"}) as r:
                assert r.status == 401 and (await r.json())["error_code"] == 21332
    finally:
        task.cancel()
        await runner.cleanup()
    assert state.tokens[demo_token(hub)] == hub
