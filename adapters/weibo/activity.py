"""The matrix's own activity on Weibo: each member account's audience and what it published.

Offices report their matrix as @问政银川 does ("462个政务微博、粉丝总量逾54.6万人、累计发布19697条、
转评赞27万余条"). Two read endpoints give that, per member account, with the account's own token:

* ``GET users/show.json?uid=…`` → the user object: ``followers_count``, ``friends_count``,
  ``statuses_count`` (a snapshot: the audience has no history on the platform, so the change over
  a month is the difference of two snapshots we took);
* ``GET statuses/user_timeline.json?uid=…`` → ``{"statuses": [...], "total_number", …}``, newest
  first, ``count`` at most 100, ``max_id`` pages backwards. Since API v2's 2014 restriction it
  returns only the *authorised* account's own posts, which is exactly what we want and why each
  account is read with its own token. Each status carries ``reposts_count``, ``comments_count``
  and ``attitudes_count``; they grow after publication, so posts are re-read for ``lookback``
  (posts older than that are not asked for again).

Errors are per account: one expired token (:class:`~monitor.core.types.AuthError`) must not stop
the other 461 accounts, so :func:`read_accounts` returns an error for that account and goes on.
A rate limit on the account's own token (10023, 10024) is that account's error too; a limit on our
address (10022, or a bare HTTP 429) is different: every further request would be refused, so the
accounts not yet read get the same error (they stay due and are read at the next round). A malformed post is
skipped and counted (``unreadable``), never guessed at.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from adapters.weibo.client import WeiboClient
from adapters.weibo.normalize import id_of, parse_created_at
from monitor.core.types import SourceError

TIMELINE_MAX_COUNT = 100  # the endpoint's documented maximum per page
ADDRESS_LIMITS = frozenset({10022, 429})  # the whole client is limited, not one token


@dataclass(frozen=True)
class OwnPost:
    """One post on a member account's own timeline, with its counters as read."""

    external_id: str
    posted_at: dt.datetime
    reposts: int
    comments: int
    likes: int
    repost: bool  # the account reposted someone else's post (转发)
    text: str


@dataclass
class Reading:
    """One account read at ``taken_at``: its audience and its posts since the lookback start."""

    account_id: str
    taken_at: dt.datetime
    followers: int
    friends: int | None
    statuses_total: int | None
    posts: list[OwnPost] = field(default_factory=list)
    complete: bool = True  # False: the page limit was reached before the lookback start
    unreadable: int = 0  # posts skipped because their JSON could not be read


def _count(obj: Mapping[str, Any], key: str) -> int | None:
    value = obj.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 16:
        return int(value)
    return None


def own_post(obj: Any) -> OwnPost:
    """A timeline status → :class:`OwnPost` (``ValueError`` naming the problem)."""
    if not isinstance(obj, Mapping):
        raise ValueError(f"a status must be a JSON object, got {type(obj).__name__}")
    sid = id_of(obj, "status")
    at = parse_created_at(obj.get("created_at")).astimezone(dt.UTC)
    text = obj.get("text")
    return OwnPost(external_id=sid, posted_at=at, reposts=_count(obj, "reposts_count") or 0,
                   comments=_count(obj, "comments_count") or 0,
                   likes=_count(obj, "attitudes_count") or 0,
                   repost=isinstance(obj.get("retweeted_status"), Mapping),
                   text=" ".join(str(text or "").split())[:200])


async def read_account(client: WeiboClient, account_id: str, uid: str, token: str, *,
                       since: dt.datetime, now: dt.datetime, max_pages: int = 10,
                       count: int = TIMELINE_MAX_COUNT) -> Reading:
    """``users/show`` then the own timeline down to ``since`` (at most ``max_pages`` pages)."""
    user = await client.get("users/show", token, {"uid": uid})
    followers = _count(user, "followers_count")
    if followers is None:
        raise SourceError(f"weibo users/show {account_id}: no readable followers_count in the answer",
                          retryable=True, code="shape")
    reading = Reading(account_id=account_id, taken_at=now, followers=followers,
                      friends=_count(user, "friends_count"), statuses_total=_count(user, "statuses_count"))
    max_id: int | None = None
    seen: set[str] = set()
    for _ in range(max_pages):
        params: dict[str, Any] = {"uid": uid, "count": min(count, TIMELINE_MAX_COUNT)}
        if max_id is not None:
            params["max_id"] = max_id
        body = await client.get("statuses/user_timeline", token, params)
        objs = body.get("statuses")
        if not isinstance(objs, list):
            raise SourceError(f"weibo statuses/user_timeline {account_id}: answer has no 'statuses' "
                              f"list (keys: {', '.join(sorted(body)) or 'none'})", retryable=True,
                              code="shape")
        lowest: int | None = None
        reached_since = False
        for obj in objs:
            try:
                post = own_post(obj)
            except ValueError:
                reading.unreadable += 1
                n = _id_or_none(obj)
            else:
                n = int(post.external_id)
                if post.posted_at < since:
                    reached_since = True
                elif post.external_id not in seen:
                    seen.add(post.external_id)
                    reading.posts.append(post)
            if n is not None and (max_id is None or n <= max_id):
                lowest = n if lowest is None else min(lowest, n)
        if reached_since or not objs or lowest is None:
            return reading
        max_id = lowest - 1
    reading.complete = False
    return reading


def _id_or_none(obj: Any) -> int | None:
    if not isinstance(obj, Mapping):
        return None
    try:
        return int(id_of(obj, "status"))
    except ValueError:
        return None


async def read_accounts(client: WeiboClient, accounts: Mapping[str, tuple[str, str]], *,
                        since: dt.datetime, now: dt.datetime, concurrency: int = 4,
                        max_pages: int = 10) -> dict[str, Reading | SourceError]:
    """Read every account (``account_id → (uid, token)``); one result per account, in order.

    After a limit on our address the accounts not yet asked get that same error without a
    request: the platform would refuse them too, and they stay due for the next round.
    """
    sem = asyncio.Semaphore(concurrency)
    limited: list[SourceError] = []
    out: dict[str, Reading | SourceError] = {}

    async def one(account_id: str, uid: str, token: str) -> None:
        async with sem:
            if limited:
                out[account_id] = limited[0]
                return
            try:
                out[account_id] = await read_account(client, account_id, uid, token, since=since,
                                                     now=now, max_pages=max_pages)
            except SourceError as err:
                if err.code in ADDRESS_LIMITS:
                    limited.append(err)
                out[account_id] = err

    await asyncio.gather(*(one(a, uid, tok) for a, (uid, tok) in accounts.items()))
    return {a: out[a] for a in accounts}
