"""The matrix's own activity over real HTTP: users/show and the own timeline on the mock platform,
the simulated month, and per-account errors (one expired token does not stop the others)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiohttp
import pytest

from adapters.weibo.activity import Reading
from adapters.weibo.mock import MockWeibo, demo_token
from adapters.weibo.mock_activity import MatrixActivity
from monitor.core.types import AuthError, SourceError
from tests.adapters.conftest import HUB_UID, STREET_UID

START = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def activity(state: MockWeibo, matrix: Any) -> MatrixActivity:
    act = MatrixActivity(state, matrix, seed=3, start=START)
    act.advance(START + dt.timedelta(days=30))
    return act


async def test_users_show_and_timeline_shapes(activity: MatrixActivity, base_url: str,
                                              http: aiohttp.ClientSession) -> None:
    """The real API's JSON: a user object with counts and its latest post; a statuses envelope."""
    token = demo_token(HUB_UID)
    async with http.get(base_url + "users/show.json", params={"uid": HUB_UID, "access_token": token}) as r:
        user = await r.json()
    assert r.status == 200
    assert user["idstr"] == HUB_UID and user["screen_name"] == "问政银川"
    assert user["followers_count"] >= 150_000 and user["statuses_count"] > 100  # ~6 a day for 30 days
    assert user["status"]["idstr"] and "user" not in user["status"]
    async with http.get(base_url + "statuses/user_timeline.json",
                        params={"uid": HUB_UID, "access_token": token, "count": 100}) as r:
        page = await r.json()
    assert set(page) >= {"statuses", "total_number", "next_cursor", "previous_cursor"}
    assert len(page["statuses"]) == 100 and page["total_number"] == user["statuses_count"]
    ids = [int(s["idstr"]) for s in page["statuses"]]
    assert ids == sorted(ids, reverse=True)
    first = page["statuses"][0]
    assert {"reposts_count", "comments_count", "attitudes_count", "created_at"} <= set(first)
    # another account's timeline cannot be read with this token (post-2014 API)
    async with http.get(base_url + "statuses/user_timeline.json",
                        params={"uid": STREET_UID, "access_token": token}) as r:
        assert r.status == 400 and (await r.json())["error_code"] == 10008
    async with http.get(base_url + "users/show.json", params={"uid": "42", "access_token": token}) as r:
        assert (await r.json())["error_code"] == 20003


async def test_figures_change_as_the_month_goes(state: MockWeibo, matrix: Any) -> None:
    act = MatrixActivity(state, matrix, seed=3, start=START)
    before = {uid: state.users[uid]["followers_count"] for uid in act.profiles}
    act.advance(START + dt.timedelta(days=30))
    after = {uid: state.users[uid]["followers_count"] for uid in act.profiles}
    assert before != after
    hub_posts = [state.statuses[i] for i in state.own_posts[HUB_UID]]
    assert 90 <= len(hub_posts) <= 300
    assert sum(p.likes + p.reposts + p.comments for p in hub_posts) > 0
    assert all(START <= p.at <= START + dt.timedelta(days=30) for p in hub_posts)


async def test_source_reads_every_account(activity: MatrixActivity, make_source: Any,
                                          state: MockWeibo) -> None:
    src = make_source()
    now = START + dt.timedelta(days=30)
    since = now - dt.timedelta(days=10)
    res = await src.read_activity(since=since, now=now, max_pages=10)
    assert set(res) == set(src.account_ids)
    hub = res["wzyc"]
    assert isinstance(hub, Reading) and hub.complete and hub.unreadable == 0
    assert hub.followers == state.users[HUB_UID]["followers_count"]
    expected = [i for i in state.own_posts[HUB_UID] if state.statuses[i].at >= since]
    assert sorted(int(p.external_id) for p in hub.posts) == sorted(expected)
    one = state.statuses[expected[0]]
    post = next(p for p in hub.posts if int(p.external_id) == one.id)
    assert (post.reposts, post.comments, post.likes) == (one.reposts, one.comments, one.likes)
    assert state.requests["statuses/user_timeline"] >= 2  # more than one page of 100 for the hub


async def test_page_limit_is_reported_not_hidden(activity: MatrixActivity, make_source: Any) -> None:
    now = START + dt.timedelta(days=30)
    res = await make_source().read_activity(["wzyc"], since=START, now=now, max_pages=1)
    assert isinstance(res["wzyc"], Reading) and not res["wzyc"].complete
    assert len(res["wzyc"].posts) == 100


async def test_expired_token_is_that_accounts_error(activity: MatrixActivity, make_source: Any,
                                                    state: MockWeibo) -> None:
    state.expire_token(STREET_UID)
    now = START + dt.timedelta(days=30)
    res = await make_source().read_activity(since=now - dt.timedelta(days=5), now=now)
    assert isinstance(res["xingqing-wenhuajie"], AuthError)
    assert "re-authorised" in str(res["xingqing-wenhuajie"])
    assert isinstance(res["wzyc"], Reading) and isinstance(res["xingqing"], Reading)


async def test_address_rate_limit_stops_the_round(activity: MatrixActivity, make_source: Any,
                                                  state: MockWeibo) -> None:
    state.fail("ip_ratelimit", times=1, path="users/show")
    now = START + dt.timedelta(days=30)
    src = make_source(concurrency=1)
    res = await src.read_activity(since=now - dt.timedelta(days=5), now=now)
    errors = [r for r in res.values() if isinstance(r, SourceError)]
    assert len(errors) == len(res)  # the first refused, the rest not asked
    assert all(e.retry_after for e in errors)
    assert state.requests["users/show"] == 0


async def test_token_rate_limit_is_that_accounts_error(activity: MatrixActivity, make_source: Any,
                                                       state: MockWeibo) -> None:
    state.fail("ratelimit", times=1, path="users/show")  # 10023: this token is over its limit
    now = START + dt.timedelta(days=30)
    res = await make_source(concurrency=1).read_activity(since=now - dt.timedelta(days=5), now=now)
    limited = [a for a, r in res.items() if isinstance(r, SourceError)]
    assert len(limited) == 1 and res[limited[0]].retry_after  # type: ignore[union-attr]
    assert sum(isinstance(r, Reading) for r in res.values()) == len(res) - 1


async def test_malformed_answer_and_bad_post(activity: MatrixActivity, make_source: Any,
                                             state: MockWeibo) -> None:
    now = START + dt.timedelta(days=30)
    state.fail("malformed", times=1, path="statuses/user_timeline")
    res = await make_source(concurrency=1).read_activity(["wzyc"], since=now - dt.timedelta(days=2), now=now)
    assert isinstance(res["wzyc"], SourceError) and res["wzyc"].retryable
    newest = state.own_posts[HUB_UID][-1]
    state.corrupt(newest, created_at="yesterday")
    res = await make_source().read_activity(["wzyc"], since=now - dt.timedelta(days=2), now=now)
    reading = res["wzyc"]
    assert isinstance(reading, Reading) and reading.unreadable == 1
    assert str(newest) not in {p.external_id for p in reading.posts}


async def test_missing_token_names_the_variable(activity: MatrixActivity, make_source: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WENZHENG_WEIBO_TOKEN_XINGQING")
    now = START + dt.timedelta(days=30)
    res = await make_source().read_activity(since=now - dt.timedelta(days=2), now=now)
    assert isinstance(res["xingqing"], AuthError)
    assert "WENZHENG_WEIBO_TOKEN_XINGQING" in str(res["xingqing"])
