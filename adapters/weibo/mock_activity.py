"""The mock platform's account endpoints and the member accounts' own publishing.

``users/show`` and ``statuses/user_timeline`` live here rather than in :mod:`adapters.weibo.mock`
(already long); :func:`add_routes` puts them on the same application, behind the same tokens and
fault switches (``state.fail("expired", path="users/show")``).

:class:`MatrixActivity` makes the figures plausible and moving: each member account has an
audience that grows (or, for a few, shrinks) day by day, posts notices at a rate that fits its
kind (the hub several a day, a street now and then; about one account in ten is silent), and its
posts collect reposts, comments and likes over their first days, in proportion to its audience.
The counters only are raised: no comment objects are created, since a comment on a member's post
is an appeal the pollers would (rightly) ingest. ``advance(to)`` runs the simulation up to a time,
so a test can build a month in a moment and the demo runs it live.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from adapters.weibo import shapes
from adapters.weibo.mock import (
    STATE_KEY,
    MockWeibo,
    _ApiError,
    _apply_fault,
    _authorise,
    _error,
    _int_param,
)
from monitor.core.config import Account, Matrix

# kind → (followers low, followers high, posts per day)
PROFILES = {"hub": (150_000, 260_000, 6.0), "district": (20_000, 90_000, 2.5),
            "department": (5_000, 45_000, 1.2), "street": (400, 6_000, 0.4)}
NOTICES = (
    "【便民信息】{place}本周六上午开展义诊活动，欢迎居民参加。",
    "【停水通知】因管网维修，{place}部分小区明日9时至17时停水，请提前储水。",
    "【政策解读】2026年城乡居民医保缴费开始了，一图读懂缴费渠道。",
    "【提示】近期气温骤降，{place}各供热站已全面运行，室温不达标可拨打12345反映。",
    "【办实事】{place}老旧小区改造项目本月开工，涉及道路、管网和加装电梯。",
    "【公告】{place}便民服务中心办理时间调整为工作日8:30-17:30。",
    "【关注】{place}开展燃气安全入户检查，请居民配合。",
    "【便民】{place}新增公共停车泊位，欢迎市民使用。",
)
STEP = dt.timedelta(hours=6)
ENGAGING_DAYS = 3  # a post gathers reactions over its first days, then stops


@dataclass
class Profile:
    posts_per_day: float
    growth_per_day: float  # relative, e.g. 0.002 = +0.2% a day
    silent: bool


def _stable(uid: str, salt: str) -> float:
    """A number in [0, 1) fixed by the uid, so the same matrix always has the same accounts silent."""
    h = hashlib.sha256(f"{salt}:{uid}".encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64


class MatrixActivity:
    """Member accounts' audience and routine posts on a :class:`MockWeibo`, on a clock we advance."""

    def __init__(self, state: MockWeibo, matrix: Matrix, *, seed: int = 0,
                 start: dt.datetime | None = None) -> None:
        self.state = state
        self.rng = random.Random(seed)
        self.clock = start or dt.datetime.now(dt.UTC)
        if self.clock.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self.members: dict[str, Account] = {}
        self.profiles: dict[str, Profile] = {}
        for acc in matrix.accounts:
            uid = acc.platform_ids.get("weibo")
            if not uid or uid not in state.users:
                continue
            low, high, rate = PROFILES[acc.kind]
            silent = acc.kind != "hub" and _stable(uid, "silent") < 0.1
            # +0.6% to +5% a month; about one account in twelve slowly loses followers
            growth = (0.0002 + 0.0015 * _stable(uid, "growth")) * (-0.5 if _stable(uid, "shrink") < 0.08 else 1)
            self.members[uid] = acc
            self.profiles[uid] = Profile(0.0 if silent else rate * (0.5 + _stable(uid, "rate")), growth, silent)
            state.users[uid]["followers_count"] = int(low + (high - low) * _stable(uid, "followers"))

    def silent_uids(self) -> set[str]:
        return {uid for uid, p in self.profiles.items() if p.silent}

    def advance(self, to: dt.datetime) -> int:
        """Run the simulation from the last time up to ``to`` (6-hour steps); posts published."""
        if to.tzinfo is None:
            raise ValueError("to must be timezone-aware")
        published = 0
        while self.clock < to:
            step_end = min(to, self.clock + STEP)
            published += self._step(self.clock, step_end)
            self.clock = step_end
        return published

    def _step(self, start: dt.datetime, end: dt.datetime) -> int:
        days = (end - start).total_seconds() / 86400
        rng = self.rng
        arrivals: list[tuple[dt.datetime, str]] = []
        for uid, prof in self.profiles.items():
            user = self.state.users[uid]
            followers = int(user["followers_count"])
            change = followers * prof.growth_per_day * days
            user["followers_count"] = max(0, followers + int(round(change + rng.gauss(0, 2 + abs(change)))))
            # Poisson arrivals over the step, each at a random moment inside it
            arrivals.extend((start + (end - start) * rng.random(), uid)
                            for _ in range(_poisson(rng, prof.posts_per_day * days)))
        for at, uid in sorted(arrivals):  # in time order, so ids grow with time as on Weibo
            self.publish(uid, at)
        for uid in self.profiles:
            self._react(uid, start, end, days)
        return len(arrivals)

    def publish(self, uid: str, at: dt.datetime, text: str | None = None) -> int:
        """``uid`` posts a notice at ``at``; returns the new status id."""
        acc = self.members[uid]
        body = text or self.rng.choice(NOTICES).format(place=acc.region or acc.name)
        st = self.state.post_status(uid, body, at=at, source=shapes.CLIENTS[4])
        return st.id

    def _react(self, uid: str, start: dt.datetime, end: dt.datetime, days: float) -> None:
        """Reposts, comments and likes on the account's posts younger than ``ENGAGING_DAYS``."""
        followers = int(self.state.users[uid]["followers_count"])
        own = self.state.own_posts.get(uid, [])
        horizon = start - dt.timedelta(days=ENGAGING_DAYS)
        for sid in reversed(own[-60:]):
            st = self.state.statuses[sid]
            if st.at < horizon:
                break
            if st.at >= end:
                continue
            mean = followers / 4000 * days / ENGAGING_DAYS  # a 40,000-follower account: ~10 a day
            st.likes += _poisson(self.rng, mean * 0.6)
            st.reposts += _poisson(self.rng, mean * 0.25)
            st.comments += _poisson(self.rng, mean * 0.15)

    async def run(self, *, time_factor: float = 60.0, tick: float = 1.0) -> None:
        """Advance live, ``time_factor`` simulated seconds per real second (cancel to stop)."""
        while True:
            await asyncio.sleep(tick)
            self.advance(self.clock + dt.timedelta(seconds=tick * time_factor))


HISTORY_DAYS = 40  # the member accounts' own posts and audience before the mock starts


def with_history(state: MockWeibo, matrix: Matrix, seed: int = 0,
                 now: dt.datetime | None = None) -> MatrixActivity:
    """The member accounts' publishing, already ``HISTORY_DAYS`` old (the demo, ``wenzheng mock
    weibo``), so last month's matrix activity has figures from the first reading."""
    now = now or dt.datetime.now(dt.UTC)
    activity = MatrixActivity(state, matrix, seed=seed, start=now - dt.timedelta(days=HISTORY_DAYS))
    activity.advance(now)
    return activity


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:  # normal approximation: Knuth's loop would run mean times
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# ---------------------------------------------------------------------- HTTP


def _user_answer(state: MockWeibo, uid: str) -> dict[str, Any]:
    """The user object as ``users/show`` returns it: with its latest post under ``status``."""
    user = dict(state.users[uid])
    own = state.own_posts.get(uid, [])
    user["statuses_count"] = len(own)
    if own:
        latest = state.render_status(own[-1])
        latest.pop("user", None)
        user["status"] = latest
    return user


async def _users_show(request: web.Request) -> web.StreamResponse:
    state: MockWeibo = request.app[STATE_KEY]  # type: ignore[assignment]
    path = "users/show"
    faulty = await _apply_fault(request, state, path)
    if faulty is not None:
        return faulty
    try:
        await _authorise(request, state, request.query)
        state.requests[path] += 1
        uid = request.query.get("uid")
        name = request.query.get("screen_name")
        if not uid and not name:
            raise _ApiError(400, 10016, "miss required parameter (uid or screen_name), see doc for more info")
        if not uid:
            uid = state._by_name.get(str(name), "")
        if uid not in state.users:
            raise _ApiError(400, 20003, "User does not exists!")
        return web.json_response(_user_answer(state, uid))
    except _ApiError as err:
        return _error(request, err.status, err.code, err.message)


async def _user_timeline(request: web.Request) -> web.StreamResponse:
    """The authorised account's own posts, newest first (the API's post-2014 restriction)."""
    state: MockWeibo = request.app[STATE_KEY]  # type: ignore[assignment]
    path = "statuses/user_timeline"
    faulty = await _apply_fault(request, state, path)
    if faulty is not None:
        return faulty
    try:
        owner = await _authorise(request, state, request.query)
        state.requests[path] += 1
        asked = request.query.get("uid")
        if asked and asked != owner:
            raise _ApiError(400, 10008, "param error, see doc for more info: uid "
                                        "(only the authorised user's own timeline can be read)")
        since_id = _int_param(request.query, "since_id", 0)
        max_id = _int_param(request.query, "max_id", 0)
        count = min(100, max(1, _int_param(request.query, "count", 20)))
        page = max(1, _int_param(request.query, "page", 1))
        feature = _int_param(request.query, "feature", 0)
        ids = state.own_posts.get(owner, [])
        if feature == 1:  # originals only
            ids = [i for i in ids if state.statuses[i].retweet_of is None]
        chosen, total = state.page(ids, since_id=since_id, max_id=max_id, count=count, page=page)
        statuses = [state.render_status(i) for i in chosen]
        if request.query.get("trim_user") == "1":
            for st in statuses:
                st["user"] = {"id": int(owner), "idstr": owner}
        next_cursor = chosen[-1] - 1 if chosen and total > page * count else 0
        body = shapes.envelope("statuses", statuses, total, next_cursor)
        body["marks"] = []
        return web.json_response(body)
    except _ApiError as err:
        return _error(request, err.status, err.code, err.message)


def add_routes(app: web.Application) -> None:
    """Serve ``users/show`` and ``statuses/user_timeline`` on the mock platform's application."""
    app.router.add_get("/2/users/show.json", _users_show)
    app.router.add_get("/2/statuses/user_timeline.json", _user_timeline)
