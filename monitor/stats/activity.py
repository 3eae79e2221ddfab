"""矩阵运营: the matrix's own activity in a period, per member account and in total.

What @问政银川 reports about its matrix (账号数、粉丝总数、发博数、转评赞), from what the daemon read
(:mod:`monitor.activity.reading`), observed at ``t = min(period end, as_of)`` like every other
figure, so last month's table computed today equals the one computed on the 1st:

* **粉丝** (followers): the latest snapshot taken before ``t``; **变化** (change): that minus the
  latest snapshot before the period's start, or, when the account was first read inside the
  period, minus that first reading (``change_from`` says from when; None: one reading only);
* **发博数** (posts): posts on the account's own timeline published in the period, reposts included;
* **转评赞** (engagement): reposts + comments + likes on *those* posts, as last read (a post keeps
  gathering reactions for days: the counters are refreshed while it is inside the look-back);
* **沉默** (silent): read at least once, and no post in the ``silent_days`` before ``t``.

Cost: five grouped queries on indexed (account, time) columns, whatever the number of accounts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local, to_local
from monitor.stats.scope import Scope
from monitor.store.activity import AccountPost, AccountSnapshot, ActivityRead
from monitor.store.models import Account

KIND_ORDER = {"hub": 0, "district": 1, "department": 2, "street": 3}


def _snapshot_at(session: Session, platform: str, before: dt.datetime, *, earliest_from: dt.datetime | None = None
                 ) -> dict[str, tuple[int, dt.datetime]]:
    """account → (followers, taken_at) of its latest snapshot before ``before`` (or, with
    ``earliest_from``, its earliest snapshot in [earliest_from, before))."""
    conds = [AccountSnapshot.platform == platform, AccountSnapshot.taken_at < before]
    if earliest_from is not None:
        conds.append(AccountSnapshot.taken_at >= earliest_from)
    pick = func.min(AccountSnapshot.taken_at) if earliest_from is not None else func.max(AccountSnapshot.taken_at)
    sub = (select(AccountSnapshot.account_id.label("a"), pick.label("t")).where(*conds)
           .group_by(AccountSnapshot.account_id).subquery())
    q = (select(AccountSnapshot.account_id, AccountSnapshot.followers, AccountSnapshot.taken_at, AccountSnapshot.id)
         .join(sub, and_(sub.c.a == AccountSnapshot.account_id, sub.c.t == AccountSnapshot.taken_at))
         .where(AccountSnapshot.platform == platform).order_by(AccountSnapshot.id))
    return {a: (f, at) for a, f, at, _ in session.execute(q)}  # same instant twice: the later row wins


def matrix_activity(session: Session, scope: Scope, *, silent_days: int = 7,
                    platform: str = "weibo") -> dict[str, Any]:
    """Per-account rows and totals for ``scope``'s period and accounts (see the module docstring)."""
    start = scope.period.start_utc
    t = min(scope.period.end_utc, scope.as_of)
    # the columns a row shows, not whole Account objects (hundreds of them, JSON columns decoded)
    accounts = [a for a in session.execute(select(Account.id, Account.name, Account.kind, Account.platform_ids)
                                           .where(Account.active.is_(True)))
                if platform in (a.platform_ids or {})
                and (scope.account_ids is None or a.id in scope.account_ids)]
    end_snap = _snapshot_at(session, platform, t)
    start_snap = _snapshot_at(session, platform, start)
    first_in = _snapshot_at(session, platform, t, earliest_from=start)
    posts = {r.account_id: r for r in session.execute(
        select(AccountPost.account_id, func.count().label("posts"),
               func.coalesce(func.sum(AccountPost.reposts), 0).label("reposts"),
               func.coalesce(func.sum(AccountPost.comments), 0).label("comments"),
               func.coalesce(func.sum(AccountPost.likes), 0).label("likes"))
        .where(AccountPost.platform == platform, AccountPost.posted_at >= start, AccountPost.posted_at < t)
        .group_by(AccountPost.account_id))}
    last_post = dict(session.execute(
        select(AccountPost.account_id, func.max(AccountPost.posted_at))
        .where(AccountPost.platform == platform, AccountPost.posted_at < t).group_by(AccountPost.account_id)).all())
    reads = {r.account_id: r for r in session.scalars(select(ActivityRead).where(ActivityRead.platform == platform))}
    rows = []
    for acc in accounts:
        rows.append(_row(acc, end_snap.get(acc.id), start_snap.get(acc.id) or first_in.get(acc.id),
                         posts.get(acc.id), last_post.get(acc.id), reads.get(acc.id), t, silent_days))
    rows.sort(key=lambda r: (-(r["followers"] or -1), KIND_ORDER.get(r["kind"], 9), r["account_id"]))
    last_day = to_local(t - dt.timedelta(microseconds=1)).date().isoformat()  # "截至3月31日", not 4月1日
    return {"platform": platform, "as_of": iso_local(t), "as_of_date": last_day, "silent_days": silent_days,
            "totals": _totals(rows), "accounts": rows,
            "silent": [{"account_id": r["account_id"], "name": r["name"], "days": r["silent_for_days"]}
                       for r in rows if r["silent"]]}


def _row(acc: Any, end: tuple[int, dt.datetime] | None, base: tuple[int, dt.datetime] | None,
         posts: Any, last_post: dt.datetime | None, read: ActivityRead | None, t: dt.datetime,
         silent_days: int) -> dict[str, Any]:
    followers = end[0] if end else None
    change = change_from = None
    if end and base and base[1] < end[1]:
        change, change_from = end[0] - base[0], iso_local(base[1])
    reposts, comments, likes = (int(posts.reposts), int(posts.comments), int(posts.likes)) if posts else (0, 0, 0)
    quiet = None if last_post is None else int((t - last_post).total_seconds() // 86400)
    error = None
    if read is not None and read.last_error and (read.last_ok_at is None or read.last_error_at > read.last_ok_at):
        error = read.last_error
    return {
        "account_id": acc.id, "name": acc.name, "kind": acc.kind,
        "followers": followers, "followers_change": change, "change_from": change_from,
        "posts": int(posts.posts) if posts else 0, "reposts": reposts, "comments": comments,
        "likes": likes, "engagement": reposts + comments + likes,
        "last_post_at": iso_local(last_post), "silent_for_days": quiet,
        "silent": end is not None and (quiet is None or quiet >= silent_days),
        "last_read_at": iso_local(end[1]) if end else None, "read_error": error,
    }


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    read = [r for r in rows if r["followers"] is not None]
    changes = [r["followers_change"] for r in read if r["followers_change"] is not None]
    return {
        "accounts": len(rows), "accounts_read": len(read),
        "followers": sum(r["followers"] for r in read),
        "followers_change": sum(changes) if changes else None,
        "accounts_with_change": len(changes),
        **{k: sum(r[k] for r in rows) for k in ("posts", "reposts", "comments", "likes", "engagement")},
        "silent_accounts": sum(1 for r in rows if r["silent"]),
        "accounts_with_errors": sum(1 for r in rows if r["read_error"]),
    }
