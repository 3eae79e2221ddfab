"""Reading the matrix's activity: which accounts are due, ask the platform, keep what it said.

Guarantees, and how they are kept:

* **Slow and spread**: an account is read once per ``[activity].interval_hours`` (daily by
  default); the job runs every ``check_minutes`` and reads only the accounts due, so a restart
  re-reads nothing and a new account is read at the next check.
* **Nothing lost on errors**: results are per account (:class:`ActivitySource`). A reading that
  succeeded is stored (snapshot, posts, state) in the same transaction as the other accounts'
  errors; a failed account keeps its older snapshots and posts, records the error, and is due again
  after ``retry_minutes`` (or the platform's longer ``Retry-After``). Logged once when an account
  starts failing (``activity.failed``) and once when it recovers (``activity.recovered``).
* **Idempotent**: posts are keyed by (platform, external id); a post read twice is updated with
  its newer counters, never counted twice.

Cost: one indexed lookup per account for the reading state, then per reading one snapshot row and
the posts of the look-back (a few dozen rows for most accounts), matched in batches of 500 ids.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import structlog
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from monitor.core.config import ActivityConfig
from monitor.core.types import AuthError, SourceError
from monitor.store.activity import AccountPost, AccountSnapshot, ActivityRead

log = structlog.get_logger("wenzheng.activity")
BATCH = 500


@runtime_checkable
class ActivitySource(Protocol):
    """A platform adapter that can read its member accounts' own activity."""

    platform: str
    name: str
    account_ids: tuple[str, ...]

    async def read_activity(self, account_ids: Sequence[str] | None = None, *, since: dt.datetime,
                            now: dt.datetime, max_pages: int = 10) -> Mapping[str, Any]:
        """account id → a reading (``account_id``, ``taken_at``, ``followers``, ``friends``,
        ``statuses_total``, ``posts``, ``complete``, ``unreadable``) or a :class:`SourceError`."""
        ...


@dataclass
class ReadReport:
    """What one round did: accounts read, failed (with the reason), posts new and updated."""

    read: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    posts_new: int = 0
    posts_updated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"read": len(self.read), "failed": dict(self.failed), "posts_new": self.posts_new,
                "posts_updated": self.posts_updated}


def due_accounts(session: Session, platform: str, account_ids: Iterable[str], now: dt.datetime) -> list[str]:
    """Accounts never read, or whose ``next_at`` has come."""
    ids = list(account_ids)
    rows = {r.account_id: r for r in session.scalars(
        select(ActivityRead).where(ActivityRead.platform == platform))}
    return [a for a in ids if a not in rows or rows[a].next_at is None or rows[a].next_at <= now]


def record_readings(session: Session, platform: str, results: Mapping[str, Any], now: dt.datetime,
                    cfg: ActivityConfig) -> ReadReport:
    """Store one round's results (readings and errors) in ``session``'s transaction."""
    report = ReadReport()
    began_failing: list[str] = []
    recovered: list[str] = []
    states = {r.account_id: r for r in session.scalars(
        select(ActivityRead).where(ActivityRead.platform == platform,
                                   ActivityRead.account_id.in_(list(results))))}
    for account_id, res in results.items():
        state = states.get(account_id)
        if state is None:
            state = ActivityRead(account_id=account_id, platform=platform, failures=0, incomplete=False)
            session.add(state)
        if isinstance(res, BaseException):
            if not state.failures:
                began_failing.append(account_id)
            _failed(state, res, now, cfg)
            report.failed[account_id] = str(res)
            continue
        session.add(AccountSnapshot(account_id=account_id, platform=platform, taken_at=res.taken_at,
                                    followers=res.followers, friends=res.friends,
                                    statuses_total=res.statuses_total))
        new, updated = _upsert_posts(session, account_id, platform, res.posts, now)
        report.posts_new += new
        report.posts_updated += updated
        if state.failures:
            recovered.append(account_id)
        if not res.complete:
            log.warning("activity.incomplete", account=account_id, platform=platform,
                        hint="more posts in the look-back than [activity].max_pages pages: raise it")
        if res.unreadable:
            log.warning("activity.unreadable_posts", account=account_id, platform=platform,
                        count=res.unreadable)
        state.last_ok_at = now
        state.failures = 0
        state.incomplete = not res.complete
        state.next_at = now + dt.timedelta(hours=cfg.interval_hours)
        report.read.append(account_id)
    session.flush()
    # once per account when it starts failing and once when it recovers, in one line per round
    # (a missing token on 400 accounts is one line, not 400)
    if began_failing:
        first = report.failed[began_failing[0]]
        log.warning("activity.failed", platform=platform, accounts=began_failing[:10], count=len(began_failing),
                    error=first)
    if recovered:
        log.info("activity.recovered", platform=platform, accounts=recovered[:10], count=len(recovered))
    return report


_ENV_RE = re.compile(r"\bset ([A-Z][A-Z0-9_]+)")


def describe(err: BaseException, wait_s: float) -> str:
    """What an operator reads about a failed reading (``stats --activity``, the xlsx): Chinese, what
    to do, no platform code; the technical message stays in the log (``activity.failed``)."""
    if isinstance(err, AuthError):
        var = _ENV_RE.search(str(err))
        if getattr(err, "code", None) == "no_token":
            return f"未配置访问令牌：请设置环境变量 {var.group(1)}" if var else "未配置访问令牌"
        return "访问令牌已失效或被拒绝：需由账号管理员重新授权"
    minutes = max(1, round(wait_s / 60))
    if isinstance(err, SourceError) and err.retry_after:
        return f"平台限流：约{minutes}分钟后自动重试"
    return f"平台暂时无法读取（网络、服务或应答格式错误）：约{minutes}分钟后自动重试"


def _failed(state: ActivityRead, err: BaseException, now: dt.datetime, cfg: ActivityConfig) -> None:
    wait = cfg.retry_minutes * 60
    retry_after = getattr(err, "retry_after", None)
    if retry_after:
        wait = max(wait, float(retry_after))
    state.failures = (state.failures or 0) + 1
    state.last_error = describe(err, wait)
    state.last_error_at = now
    state.next_at = now + dt.timedelta(seconds=wait)


def _upsert_posts(session: Session, account_id: str, platform: str, posts: Sequence[Any],
                  now: dt.datetime) -> tuple[int, int]:
    """New posts inserted, known ones' counters overwritten where they moved: one ``executemany``
    of each per batch. A daily round re-reads some 20,000 posts of the look-back, most of them
    past their reactions: rows whose counters did not move are not written (``read_at`` is when
    the counters were last seen to change, or first read)."""
    new = updated = 0
    for i in range(0, len(posts), BATCH):
        chunk = posts[i:i + BATCH]
        known = {r.external_id: r for r in session.execute(
            select(AccountPost.external_id, AccountPost.id, AccountPost.reposts, AccountPost.comments,
                   AccountPost.likes).where(
                AccountPost.platform == platform,
                AccountPost.external_id.in_([p.external_id for p in chunk])))}
        fresh = [{"account_id": account_id, "platform": platform, "external_id": p.external_id,
                  "posted_at": p.posted_at, "reposts": p.reposts, "comments": p.comments, "likes": p.likes,
                  "repost": p.repost, "text": p.text, "first_read_at": now, "read_at": now}
                 for p in chunk if p.external_id not in known]
        changed = [{"id": k.id, "reposts": p.reposts, "comments": p.comments, "likes": p.likes, "read_at": now}
                   for p in chunk if (k := known.get(p.external_id)) is not None
                   and (k.reposts, k.comments, k.likes) != (p.reposts, p.comments, p.likes)]
        if fresh:
            session.execute(insert(AccountPost), fresh)
        if changed:
            session.execute(update(AccountPost), changed)  # ORM bulk UPDATE by primary key
        new += len(fresh)
        updated += len(changed)
    return new, updated


async def read_matrix_activity(sessions: Any, sources: Iterable[ActivitySource], cfg: ActivityConfig,
                               now: dt.datetime) -> ReadReport:
    """One round: for each source, read its due accounts and record the results.

    ``sessions`` is the app's session factory; database work runs in worker threads so the event
    loop keeps answering platforms meanwhile.
    """
    total = ReadReport()
    for src in sources:
        def due(src: ActivitySource = src) -> list[str]:
            with sessions() as s:
                return due_accounts(s, src.platform, src.account_ids, now)

        todo = await asyncio.to_thread(due)
        if not todo:
            continue
        try:
            results = await src.read_activity(todo, since=now - dt.timedelta(days=cfg.lookback_days),
                                              now=now, max_pages=cfg.max_pages)
        except SourceError as err:  # the adapter failed as a whole: every due account failed
            results = {a: err for a in todo}

        def store(src: ActivitySource = src, results: Mapping[str, Any] = results) -> ReadReport:
            with sessions.begin() as s:
                return record_readings(s, src.platform, results, now, cfg)

        rep = await asyncio.to_thread(store)
        total.read += rep.read
        total.failed.update(rep.failed)
        total.posts_new += rep.posts_new
        total.posts_updated += rep.posts_updated
    if total.read or total.failed:
        log.info("activity.read", **total.as_dict())
    return total
