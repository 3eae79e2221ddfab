"""The Weibo pull source and replier: poll mentions/comments of member accounts, post replies.

One *stream* per (account, endpoint). Weibo lists newest first; ``since_id`` returns only items
newer than an id, ``max_id`` pages backwards. A stream's cursor is the largest id committed.

Why the backfill state: when more than ``max_pages`` pages are waiting (an outage, a busy day),
skipping the older ones would lose appeals, and moving ``since`` to the newest id seen would pass
items never returned. So the stream remembers the gap — ``{"since": old, "max_id": lowest-1,
"high": highest}`` — and the next poll continues downwards from ``max_id``; only when it meets
``since`` does ``since`` jump to ``high``. Items that arrive meanwhile are above ``high`` and are
read once the backfill is done.

A poll either succeeds for every stream or raises: the poller then keeps the old cursor, so a
failure loses nothing (the items fetched are fetched again; dedupe makes that harmless). A single
malformed *object* is not a failed poll: it is returned as a :class:`Reject`, which the pipeline
dead-letters in the transaction that moves the cursor past it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import math
import os
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import aiohttp
import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from adapters.weibo.activity import Reading, read_accounts
from adapters.weibo.client import DEFAULT_BASE_URL, ReplyRejected, ReplyTooLong, WeiboClient
from adapters.weibo.normalize import id_of, normalize_comment, normalize_status
from monitor.core.config import Matrix
from monitor.core.spool import Spool
from monitor.core.types import AuthError, Cursor, Item, PollResult, Reject, SourceError

log = structlog.get_logger("wenzheng.weibo")

ENDPOINTS = ("statuses/mentions", "comments/mentions", "comments/to_me", "comments/by_me")
STATUS_ENDPOINTS = frozenset({"statuses/mentions"})
MAX_REPLY_CHARS = 140


class Options(BaseModel):
    """``[sources.options]`` of a Weibo source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(default=DEFAULT_BASE_URL, pattern=r"^https?://",
                          description="API root; the mock platform in the demo")
    accounts: tuple[str, ...] = Field(default=(), description="account ids to poll; empty = all with a weibo uid")
    endpoints: tuple[str, ...] = Field(default=ENDPOINTS)
    token_env_prefix: str = Field(default="WENZHENG_WEIBO_TOKEN_", pattern=r"^[A-Z_][A-Z0-9_]*$")
    count: int = Field(default=100, ge=1, le=200, description="items per page (Weibo max 200)")
    max_pages: int = Field(default=5, ge=1, le=100, description="pages per stream per poll")
    request_timeout: float = Field(default=20.0, gt=0, le=300)
    concurrency: int = Field(default=8, ge=1, le=64, description="requests in flight at once")
    stall_polls: int = Field(default=5, ge=1, le=10_000,
                             description="polls in a row with nothing new before the platform is "
                                         "asked where its newest item is (stall check)")
    partitions: int = Field(
        default=1, ge=1, le=16,
        description="lanes this source is shared by among daemons: each lane stores the items of "
                    "the posts whose author falls in it (its own lease and cursor); every lane "
                    "reads all of the source's streams, so N lanes cost N times the requests")

    @field_validator("endpoints")
    @classmethod
    def _known_endpoints(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for e in v:
            if e not in ENDPOINTS:
                raise ValueError(f"unknown endpoint {e!r} (known: {', '.join(ENDPOINTS)})")
        if len(set(v)) != len(v):
            raise ValueError("an endpoint is listed twice")
        if not v:
            raise ValueError("at least one endpoint is needed")
        return v

    @field_validator("accounts")
    @classmethod
    def _known_accounts(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        matrix = (info.context or {}).get("matrix")
        if matrix is None:
            return v
        for acc_id in v:
            acc = matrix.by_id.get(acc_id)
            if acc is None:
                raise ValueError(f"unknown account {acc_id!r} (not in the matrix)")
            if "weibo" not in acc.platform_ids:
                raise ValueError(f"account {acc_id!r} has no platform_ids.weibo in the matrix")
        return v


# Options that select what a cursor points into: another API root is another id space.
IDENTITY_OPTIONS = ("base_url",)


def token_env_name(prefix: str, account_id: str) -> str:
    """``xingqing-wenhuajie`` → ``WENZHENG_WEIBO_TOKEN_XINGQING_WENHUAJIE``."""
    return prefix + "".join(c if c.isalnum() else "_" for c in account_id.upper())


def weibo_length(text: str) -> int:
    """Length as Weibo counts it: a Chinese character is 1, two ASCII characters are 1."""
    ascii_n = sum(1 for c in text if ord(c) < 128)
    return (len(text) - ascii_n) + math.ceil(ascii_n / 2)


class WeiboSource:
    """Polls the configured member accounts' streams; posts replies as them.

    Lanes (``partitions = N`` > 1): the source's items are split by the author of the post they
    belong to (a post by its author, a comment by the author of the post it sits under) into N
    lanes, each its own lease and cursor (:mod:`monitor.store.lanes`), polled by a view of this
    source that reads every stream and keeps only its lane's items (:meth:`lane`).

    Why by the post's author, and not by stream: the pipeline reads a thread in time order, and
    what it makes of an item depends on what came before it (a citizen's 已经解决了 is feedback
    only after a member's reply; a reply to a comment not yet stored opens nothing; a citizen's
    second post chases their own open case). Split by endpoint, one daemon stored the follow-ups
    before another stored the replies: on 3,000 backlog items read stream by stream, 0 of 437
    feedbacks were found and 166 extra cases opened (docs/deploy.md). A post and everything
    under it, and every post of one citizen, stay in one lane, read in order: read lane by
    lane, the same 3,000 items gave the same cases, follow-ups, feedback and risk alerts as the
    whole source. What still depends on the order across lanes is what depends on it across
    sources too: which of two similar cases a cluster forms around, and which of a member's
    identical replies the lint calls the repeat.

    The price: each lane reads all the source's streams, so a source in N lanes makes N times
    its requests to the platform; for a backlog (an outage, a busy day) on a busy source, not
    for every source. The views share this source's HTTP client and request limit.
    """

    platform: ClassVar[str] = "weibo"

    def __init__(self, options: Options, *, name: str, matrix: Matrix, http: aiohttp.ClientSession,
                 env: Mapping[str, str] | None = None) -> None:
        self.options = options
        self.name = name
        self.matrix = matrix
        self.client = WeiboClient(http, options.base_url, timeout=options.request_timeout)
        self._env = env  # None = os.environ, read at each poll so a new token is picked up
        ids = options.accounts or tuple(a.id for a in matrix.accounts if "weibo" in a.platform_ids)
        self.account_ids: tuple[str, ...] = ids
        self._by_uid = {a.platform_ids["weibo"]: a.id for a in matrix.accounts if "weibo" in a.platform_ids}
        self._warned: set[str] = set()
        self._sem = asyncio.Semaphore(options.concurrency)
        self._health: dict[str, Any] = {"polls": 0, "last_ok": None, "last_error": None,
                                        "accounts_polled": 0, "missing_tokens": []}
        self._idle = 0  # polls in a row that brought nothing new
        self._stalled: str | None = None
        self._behind: str | None = None  # a stream seen behind once: told only if seen again
        self._lanes: dict[str, WeiboSource] = {}
        self._part: int | None = None  # the lane's index, for a lane's view (None: the whole source)

    # ------------------------------------------------------------------ lanes

    def lanes(self) -> tuple[str, ...]:
        """The lanes daemons may share this source by (empty: the source is one lease)."""
        n = self.options.partitions
        # the count is in the name: lane 1 of 4 is not lane 1 of 2, and a lane's cursor must
        # never be read as another split's (it would pass items the other split's lanes owe)
        return tuple(f"{i + 1}of{n}" for i in range(n)) if n > 1 else ()

    def lane(self, name: str) -> WeiboSource:
        """A view of lane ``name``: every stream read, only the lane's posts kept; the same
        accounts, client and request limit."""
        if name not in self.lanes():
            raise ValueError(f"weibo source {self.name!r} has no lane {name!r} (lanes: {', '.join(self.lanes())})")
        view = self._lanes.get(name)
        if view is None:
            view = WeiboSource(self.options, name=self.name, matrix=self.matrix, http=self.client.http,
                               env=self._env)
            view.client = self.client
            view._sem = self._sem
            view._part = self.lanes().index(name)
            self._lanes[name] = view
        return view

    def _in_lane(self, item: Item) -> bool:
        """Is ``item`` this view's (all are, unpartitioned)? By the author of its post."""
        if self._part is None:
            return True
        author = item.author_id if item.kind == "status" else (item.parent_author_id or item.author_id)
        return self._lane_of(author) == self._part

    def _lane_of(self, author: str) -> int:
        return zlib.crc32(author.encode()) % self.options.partitions

    def _raw_lane(self, obj: Any, key: str) -> int | None:
        """The lane of a raw status or comment, read as :meth:`_in_lane` reads its item, without
        normalizing it; None when that cannot be told from the object (it is read in full)."""
        if not isinstance(obj, Mapping):
            return None
        holder = obj
        if key == "comments":
            status = obj.get("status")
            if isinstance(status, Mapping) and isinstance(status.get("user"), Mapping):
                holder = status
        user = holder.get("user")
        if not isinstance(user, Mapping):
            return None
        try:
            return self._lane_of(id_of(user, "user"))
        except ValueError:
            return None

    # ------------------------------------------------------------------ tokens

    def _token(self, account_id: str) -> str | None:
        env = self._env if self._env is not None else os.environ
        value = env.get(token_env_name(self.options.token_env_prefix, account_id), "").strip()
        return value or None

    def _tokens(self) -> dict[str, str]:
        out: dict[str, str] = {}
        missing: list[str] = []
        for acc_id in self.account_ids:
            tok = self._token(acc_id)
            if tok:
                out[acc_id] = tok
                self._warned.discard(acc_id)
            else:
                missing.append(acc_id)
        new = [a for a in missing if a not in self._warned]
        if new:
            log.warning("weibo.missing_tokens", source=self.name, accounts=new, count=len(new),
                        env=[token_env_name(self.options.token_env_prefix, a) for a in new[:5]],
                        hint="these accounts are skipped until their token is set")
            self._warned.update(new)
        self._health["missing_tokens"] = missing
        return out

    def health(self) -> dict[str, Any]:
        """What ``/api/sources`` can show: accounts polled, accounts skipped for want of a token.

        Polled by lanes, the source's health is its lanes' in this daemon: polls summed, the
        last error of any lane (lanes another daemon holds are not seen here).
        """
        own = {**self._health, "missing_tokens": list(self._health["missing_tokens"])}
        views = [v._health for v in self._lanes.values() if v._health["polls"]]
        if views:
            errors = [h["last_error"] for h in views if h["last_error"]]
            own.update(polls=sum(h["polls"] for h in views), last_ok=not errors,
                       last_error=errors[0] if errors else None,
                       accounts_polled=max(h["accounts_polled"] for h in views),
                       missing_tokens=sorted({a for h in views for a in h["missing_tokens"]}))
        return {"platform": self.platform, "accounts_configured": len(self.account_ids),
                "streams": len(self.options.endpoints), **own}

    # ------------------------------------------------------------------ polling

    async def poll(self, cursor: Cursor) -> PollResult:
        """Every stream of every account with a token; items oldest first, each once, as a list
        (:meth:`poll_spooled` read whole)."""
        result = await self.poll_spooled(cursor)
        return dataclasses.replace(result, items=list(result.items), newest_at=None)

    async def poll_spooled(self, cursor: Cursor) -> PollResult:
        """:meth:`poll`, its items kept on disk as the pages arrive and read back once, oldest
        first across the streams (:class:`monitor.core.spool.Spool`): what the daemon polls with,
        so a round of thousands of items (a backlog) holds one item per stream in memory, not
        the round. Close ``items`` if it is not read to the end."""
        tokens = self._tokens()
        streams = dict(cursor.get("streams") or {}) if isinstance(cursor, Mapping) else {}
        jobs = [(acc, ep) for acc in tokens for ep in self.options.endpoints]
        spool = Spool(len(jobs))
        try:
            return await self._poll_into(spool, tokens, streams, jobs)
        except BaseException:
            spool.close()
            raise

    async def _poll_into(self, spool: Spool, tokens: Mapping[str, str], streams: dict[str, Any],
                         jobs: list[tuple[str, str]]) -> PollResult:
        def sink(i: int) -> Callable[[list[Item]], None]:
            # a page as it arrives: this lane's items to the spool, the rest dropped
            return lambda page: spool.add_page(i, [it for it in page if self._in_lane(it)])

        results = await asyncio.gather(
            *(self._poll_stream(acc, ep, tokens[acc], streams.get(f"{acc}/{ep}") or {}, sink(i))
              for i, (acc, ep) in enumerate(jobs)),
            return_exceptions=True)
        self._health["polls"] += 1
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            err = _worst(errors)
            self._health["last_ok"] = False
            self._health["last_error"] = str(err)
            if isinstance(err, SourceError):
                raise err
            raise SourceError(f"weibo poll failed: {type(err).__name__}: {err}", retryable=True) from err
        rejects: list[Reject] = []
        more = False
        for (acc, ep), res in zip(jobs, results, strict=True):
            assert not isinstance(res, BaseException)
            bad, state, stream_more = res
            streams[f"{acc}/{ep}"] = state
            more = more or stream_more
            if self._part in (None, 0):  # an unreadable object is set aside once, by the first lane
                rejects.extend(bad)
        self._health["last_ok"] = True
        self._health["last_error"] = None
        self._health["accounts_polled"] = len(tokens)
        if len(spool):
            self._idle, self._stalled, self._behind = 0, None, None
        else:
            self._idle += 1
            if self._idle % self.options.stall_polls == 0:
                self._stalled = await self._stall_check(tokens, streams)
        return PollResult(items=spool, cursor={"streams": streams}, more=more,
                          stalled=self._stalled, rejects=rejects, newest_at=spool.newest_at)

    async def _stall_check(self, tokens: Mapping[str, str],
                           streams: Mapping[str, Any]) -> str | None:
        """After quiet polls, ask a few streams for their newest item, without ``since_id``.

        A platform whose newest item is *older* than our cursor was re-created or reset its ids
        (a restarted demo, a migrated account): polling with that cursor brings nothing, ever.
        A platform that shows *newer* items than the cursor while polls bring none is stuck the
        other way (told only when two checks in a row see it, since an item may land between a
        poll and its check). Either way a person must look: the answer says what is wrong and
        what to do.
        Up to three streams per check, rotating, so a quiet matrix of 400 accounts costs three
        requests every ``stall_polls`` polls. Errors here are not poll errors: no answer, no call.
        """
        known = [(key, _int((state or {}).get("since"))) for key, state in sorted(streams.items())]
        known = [(key, since) for key, since in known if since and key.split("/", 1)[0] in tokens]
        if not known:
            return None
        start = (self._idle // self.options.stall_polls) % len(known)
        for key, since in (known[start:] + known[:start])[:3]:
            account_id, endpoint = key.split("/", 1)
            key_name = "statuses" if endpoint in STATUS_ENDPOINTS else "comments"
            try:
                async with self._sem:
                    body = await self.client.get(endpoint, tokens[account_id], {"count": 1})
            except SourceError:
                return None
            objs = body.get(key_name)
            ids = [_int(o.get("idstr") or o.get("id")) for o in objs or [] if isinstance(o, dict)]
            newest = max(ids, default=0)
            if newest < since:
                what = (f"游标（{since}）超过了平台上最新的条目（{newest or '无'}，{account_id} {endpoint}）："
                        "平台可能重建或编号已重置，按此游标永远取不到新条目")
            elif newest > since:
                if self._behind != key:  # an item may have landed between poll and check
                    self._behind = key
                    continue
                what = (f"平台上有比游标（{since}）更新的条目（{newest}，{account_id} {endpoint}），"
                        "拉取却一条也取不到")
            else:
                continue
            hint = f"处理：确认平台无误后运行 wenzheng sources reset {self.name}，从头读取（已收条目不会重复）"
            return f"{what}。{hint}"
        return None

    async def _poll_stream(self, account_id: str, endpoint: str, token: str, state: Mapping[str, Any],
                           sink: Callable[[list[Item]], None]) -> tuple[list[Reject], dict[str, str], bool]:
        """One stream: page down from the top (or from the backfill gap) until ``since``; each
        page's items go to ``sink`` as it arrives, newest page first."""
        since = _int(state.get("since"))
        gap_top = _int(state.get("max_id")) if "max_id" in state else None
        high = _int(state.get("high")) if "high" in state else None
        upper = gap_top  # max_id for the next request; None = from the newest
        rejects: list[Reject] = []
        lowest: int | None = None
        highest = high or 0
        normalize = normalize_status if endpoint in STATUS_ENDPOINTS else normalize_comment
        key = "statuses" if endpoint in STATUS_ENDPOINTS else "comments"
        for _ in range(self.options.max_pages):
            params: dict[str, Any] = {"count": self.options.count}
            if since:
                params["since_id"] = since
            if upper is not None:
                params["max_id"] = upper
            async with self._sem:
                body = await self.client.get(endpoint, token, params)
            objs = body.get(key)
            if not isinstance(objs, list):
                raise SourceError(f"weibo {endpoint}: answer has no {key!r} list (keys: "
                                  f"{', '.join(sorted(body)) or 'none'})", retryable=True, code="shape")
            page: list[Item] = []
            page_ids: list[int] = []
            for i, obj in enumerate(objs):
                if self._part is not None and self._raw_lane(obj, key) not in (None, self._part):
                    # another lane's item: paged past, not read (reading every item of the source
                    # in every lane cost the daemons a third more CPU)
                    n = _id_or_zero(obj)
                    if n > since and (upper is None or n <= upper):
                        page_ids.append(n)
                    continue
                try:
                    it: Item | None = normalize(obj)
                    n = int(it.external_id)  # type: ignore[union-attr]
                except ValueError as err:
                    # one malformed object must not stop the stream: it is set aside (dead-lettered
                    # with the cursor) and paging goes on past it when its id can be read
                    it, n = None, _id_or_zero(obj)
                    if n and (n <= since or (upper is not None and n > upper)):
                        continue
                    rejects.append(Reject(raw=obj, error=f"{key}[{i}]: {err}", platform=self.platform,
                                          external_id=str(n) if n else None, origin=endpoint))
                if n <= 0 or n <= since or (upper is not None and n > upper):
                    continue  # the platform ignored our bounds: never pass on what we did not ask for
                page_ids.append(n)
                if it is not None:
                    page.append(it)
            if not page_ids:
                new_since = max(since, highest)
                return rejects, {"since": str(new_since)} if new_since else {}, False
            sink(page)
            lowest = min(page_ids) if lowest is None else min(lowest, min(page_ids))
            highest = max(highest, max(page_ids))
            upper = lowest - 1
            # let the page go before waiting for the next request: a stream queued behind the
            # request limit kept its last page's decoded answer, and under a backlog (hundreds
            # of streams each a page or more behind) those were 59 MB of 8,000 items' 78 MB peak
            del body, objs, page
            obj = it = None
        # max_pages read and the platform may have more below ``lowest``: remember the gap
        assert lowest is not None
        log.info("weibo.backfill", source=self.name, account=account_id, endpoint=endpoint,
                 since=since, resume_below=lowest, pages=self.options.max_pages)
        out = {"since": str(since), "max_id": str(lowest - 1), "high": str(highest)}
        return rejects, out, True

    async def close(self) -> None:
        """The HTTP session belongs to the daemon; nothing of ours to release."""

    # ------------------------------------------------------------------ the matrix's own activity

    async def read_activity(self, account_ids: Sequence[str] | None = None, *, since: dt.datetime,
                            now: dt.datetime, max_pages: int = 10) -> dict[str, Reading | SourceError]:
        """Followers and own posts since ``since`` of ``account_ids`` (default: every account this
        source polls), one result or error per account (:mod:`adapters.weibo.activity`)."""
        out: dict[str, Reading | SourceError] = {}
        todo: dict[str, tuple[str, str]] = {}
        for acc in account_ids if account_ids is not None else self.account_ids:
            token = self._token(acc)
            if token is None:
                out[acc] = AuthError(f"no Weibo token for account {acc!r}: set "
                                     f"{token_env_name(self.options.token_env_prefix, acc)}", code="no_token")
            else:
                todo[acc] = (self.matrix.by_id[acc].platform_ids["weibo"], token)
        out.update(await read_accounts(self.client, todo, since=since, now=now,
                                       concurrency=self.options.concurrency, max_pages=max_pages))
        return out

    # ------------------------------------------------------------------ replying

    async def post_reply(self, *, account_external_id: str, item: Item, text: str) -> Item:
        """Answer ``item`` as the member account with Weibo uid ``account_external_id``.

        A comment is answered with ``comments/reply`` (so the citizen is notified of the answer
        to *their* comment), a status with ``comments/create``.
        """
        body = text.strip()
        if not body:
            raise ReplyRejected("the reply is empty", code="empty")
        n = weibo_length(body)
        if n > MAX_REPLY_CHARS:
            raise ReplyTooLong(f"the reply is {n} characters; Weibo accepts at most {MAX_REPLY_CHARS} "
                               f"(a Chinese character counts 1, two Latin letters or digits count 1)",
                               code="too_long")
        account_id = self._by_uid.get(str(account_external_id))
        if account_id is None:
            raise ReplyRejected(f"weibo uid {account_external_id} is not a member account of the matrix",
                                code="unknown_account")
        token = self._token(account_id)
        if token is None:
            raise AuthError(f"no Weibo token for account {account_id!r}: set "
                            f"{token_env_name(self.options.token_env_prefix, account_id)}", code="no_token")
        if item.kind == "comment":
            post_id = item.parent_id or _status_id_of(item)
            if not post_id:
                raise ReplyRejected(f"comment {item.external_id}: the post it sits under is unknown",
                                    code="no_parent")
            answer = await self.client.post("comments/reply", token,
                                            {"cid": item.external_id, "id": post_id, "comment": body})
        elif item.kind == "status":
            answer = await self.client.post("comments/create", token,
                                            {"id": item.external_id, "comment": body})
        else:
            raise ReplyRejected(f"cannot answer a Weibo item of kind {item.kind!r}", code="kind")
        try:
            posted = normalize_comment(answer)
        except ValueError as err:
            raise SourceError(f"weibo accepted the reply but answered an unexpected shape: {err}",
                              retryable=False, code="shape") from None
        log.info("weibo.reply_posted", source=self.name, account=account_id, answered=item.external_id,
                 comment=posted.external_id)
        return posted


def _status_id_of(item: Item) -> str | None:
    status = item.raw.get("status") if isinstance(item.raw, Mapping) else None
    if isinstance(status, Mapping):
        sid = status.get("idstr") or status.get("id")
        return str(sid) if sid else None
    return None


def _id_or_zero(obj: Any) -> int:
    """The id of an object that could not be read as a whole, or 0 when even that is missing."""
    if not isinstance(obj, Mapping):
        return 0
    try:
        return int(id_of(obj, "object"))
    except ValueError:
        return 0


def _int(value: Any) -> int:
    try:
        return int(value) if value not in (None, "") else 0
    except (TypeError, ValueError):
        return 0


def _worst(errors: list[BaseException]) -> BaseException:
    """The error the poller must act on: auth beats rate limit beats the rest."""
    for e in errors:
        if isinstance(e, AuthError):
            return e
    for e in errors:
        if isinstance(e, SourceError) and e.retry_after:
            return e
    for e in errors:
        if isinstance(e, SourceError):
            return e
    return errors[0]
