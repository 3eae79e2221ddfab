"""Media feeds (RSS 2.0 / Atom): local media's reports that concern the matrix become cases.

@问政银川 follows up what local media report (seed 003): an article that names a member account,
a watched place or a configured keyword opens a case of channel ``media``; the article is the
citizen's voice and the outlet is its author, so the results can be fed back per outlet
(``wenzheng media feedback``).

How polling is kept cheap and safe:

* **Conditional GET**: each feed's ``ETag`` and ``Last-Modified`` are kept in the cursor (committed
  with the items) and sent back as ``If-None-Match`` / ``If-Modified-Since``; a 304 costs nothing.
* **Per-feed backoff**: one outlet's broken feed backs off on its own (doubling up to
  ``max_backoff`` s) while the others are polled as usual; only when every feed due fails does the
  poll fail (and the poller backs the whole source off).
* **Once across restarts**: an entry's identity is its ``id``/``guid``, else its link; the case's
  external id is a hash of it, so re-reading a feed (after a restart, or a server that ignores
  conditional GET) adds nothing.
* Parsing, dates and encodings are feedparser's; entries older than ``max_age_days`` are not
  taken (a feed's first read would otherwise open last month's news as overdue cases).
"""

from __future__ import annotations

import asyncio
import calendar
import datetime as dt
import hashlib
import time
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, ClassVar

import aiohttp
import feedparser
import structlog
from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitor.core.config import Matrix
from monitor.core.types import Cursor, Item, PollResult, SourceError

log = structlog.get_logger("wenzheng.feeds")

MAX_TEXT = 2000


class Feed(BaseModel):
    """One outlet's feed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=48, description="outlet id (kept on its cases)")
    name: str = Field(min_length=1, max_length=100, description="outlet name, e.g. 银川日报")
    url: str = Field(pattern=r"^https?://")


class Options(BaseModel):
    """``[sources.options]`` of a media feed source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    feeds: tuple[Feed, ...] = Field(min_length=1)
    keywords: tuple[str, ...] = Field(default=(), description="words that make an article a case")
    places: tuple[str, ...] = Field(default=(), description="watched places (小区, roads, villages…)")
    match_accounts: bool = Field(default=True, description="an article naming a member account is a case")
    max_age_days: float = Field(default=7, gt=0)
    max_backoff: float = Field(default=3600, ge=60)
    request_timeout: float = Field(default=20, gt=0, le=300)

    @field_validator("feeds")
    @classmethod
    def _unique(cls, v: tuple[Feed, ...]) -> tuple[Feed, ...]:
        seen: set[str] = set()
        for f in v:
            if f.id in seen:
                raise ValueError(f"feed id {f.id!r} is used twice")
            seen.add(f.id)
        return v

    @field_validator("keywords", "places")
    @classmethod
    def _no_blanks(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        out = tuple(w.strip() for w in v)
        if any(not w for w in out):
            raise ValueError("an empty word would match every article")
        return out


class _Text(HTMLParser):
    """Summaries are HTML; matching and the case text want what a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    p = _Text()
    p.feed(html or "")
    p.close()
    return " ".join(" ".join(p.parts).split())


def entry_key(entry: Mapping[str, Any]) -> str | None:
    """The entry's identity: ``id``/``guid``, else its link."""
    return str(entry.get("id") or entry.get("link") or "").strip() or None


def _published(entry: Mapping[str, Any]) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return dt.datetime.fromtimestamp(calendar.timegm(t), dt.UTC)
    return None


class FeedSource:
    """Polls every configured feed; articles that concern the matrix become items."""

    platform: ClassVar[str] = "media"
    channel: ClassVar[str] = "media"

    def __init__(self, options: Options, *, name: str, matrix: Matrix, http: aiohttp.ClientSession) -> None:
        self.options = options
        self.name = name
        self.http = http
        self.accounts = matrix.by_name() if options.match_accounts else {}
        self._backoff: dict[str, tuple[int, float, str]] = {}  # feed id → (failures, retry at, error)

    # ------------------------------------------------------------------ matching

    def matches(self, text: str) -> dict[str, list[str]]:
        """Which account names, places and keywords ``text`` names (empty: not our concern)."""
        found = {"accounts": sorted({a.name for n, a in self.accounts.items() if n in text}),
                 "places": [p for p in self.options.places if p in text],
                 "keywords": [k for k in self.options.keywords if k in text]}
        return {k: v for k, v in found.items() if v}

    def item(self, feed: Feed, entry: Mapping[str, Any], now: dt.datetime) -> Item | None:
        key = entry_key(entry)
        title = plain(str(entry.get("title") or ""))
        summary = plain(str(entry.get("summary") or entry.get("description") or ""))
        if key is None or not (title or summary):
            return None
        published = _published(entry) or now
        if published > now:
            published = now  # a clock ahead at the outlet must not put the case in the future
        if now - published > dt.timedelta(days=self.options.max_age_days):
            return None
        text = title if not summary or summary.startswith(title) else f"{title}\n{summary}"
        matched = self.matches(text)
        if not matched:
            return None
        return Item(platform=self.platform, external_id="a" + hashlib.sha1(key.encode()).hexdigest(),
                    kind="article", author_id=feed.id, author_name=feed.name, text=text[:MAX_TEXT],
                    created_at=published, url=str(entry.get("link") or "") or None,
                    mentioned_names=tuple(matched.get("accounts", ())), appeal=True,
                    raw={"feed": feed.id, "outlet": feed.name, "guid": key, "title": title,
                         "link": entry.get("link"), "summary": summary[:MAX_TEXT], "matched": matched})

    # ------------------------------------------------------------------ polling

    async def _fetch(self, feed: Feed, state: Mapping[str, Any]) -> tuple[bytes | None, dict[str, str]]:
        """(body or None on 304, validators to keep). Raises SourceError."""
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if state.get("etag"):
            headers["If-None-Match"] = str(state["etag"])
        if state.get("modified"):
            headers["If-Modified-Since"] = str(state["modified"])
        try:
            async with self.http.get(feed.url, headers=headers,
                                     timeout=aiohttp.ClientTimeout(total=self.options.request_timeout)) as r:
                if r.status == 304:
                    return None, {k: v for k, v in state.items() if k in ("etag", "modified")}
                if r.status >= 400:
                    raise SourceError(f"{feed.name} ({feed.url}): HTTP {r.status}", retryable=True, code=r.status)
                body = await r.read()
                keep = {"etag": r.headers.get("ETag", ""), "modified": r.headers.get("Last-Modified", "")}
                return body, {k: v for k, v in keep.items() if v}
        except (aiohttp.ClientError, TimeoutError) as err:
            raise SourceError(f"{feed.name} ({feed.url}): {type(err).__name__}: {err}", retryable=True) from err

    async def _poll_feed(self, feed: Feed, state: Mapping[str, Any], now: dt.datetime) -> tuple[list[Item], dict[str, str]]:
        body, keep = await self._fetch(feed, state)
        if body is None:
            return [], keep
        parsed = await asyncio.to_thread(feedparser.parse, body)
        if parsed.bozo and not parsed.entries:
            raise SourceError(f"{feed.name} ({feed.url}): not a readable feed: {parsed.get('bozo_exception')}",
                              retryable=True, code="shape")
        items = [it for e in parsed.entries if (it := self.item(feed, e, now)) is not None]
        return items, keep

    async def poll(self, cursor: Cursor) -> PollResult:
        """Every feed not backing off; items oldest first; fails only when every feed due failed."""
        states = dict(cursor.get("feeds") or {}) if isinstance(cursor, Mapping) else {}
        now = dt.datetime.now(dt.UTC)
        mono = time.monotonic()
        due = [f for f in self.options.feeds if self._backoff.get(f.id, (0, 0.0, ""))[1] <= mono]
        results = await asyncio.gather(*(self._poll_feed(f, states.get(f.id) or {}, now) for f in due),
                                       return_exceptions=True)
        items: dict[str, Item] = {}
        errors: list[str] = []
        for feed, res in zip(due, results, strict=True):
            if isinstance(res, BaseException):
                errors.append(self._failed(feed, res, mono))
                continue
            got, keep = res
            if feed.id in self._backoff:
                log.info("feed.recovered", source=self.name, feed=feed.id)
                self._backoff.pop(feed.id)
            states[feed.id] = keep
            for it in got:
                items.setdefault(it.external_id, it)
        if due and len(errors) == len(due):
            raise SourceError("every feed failed: " + "; ".join(errors), retryable=True)
        ordered = sorted(items.values(), key=lambda it: (it.created_at, it.external_id))
        return PollResult(items=ordered, cursor={"feeds": states})

    def _failed(self, feed: Feed, err: BaseException, mono: float) -> str:
        failures = self._backoff.get(feed.id, (0, 0.0, ""))[0] + 1
        delay = min(self.options.max_backoff, 60.0 * 2 ** (failures - 1))
        message = str(err) if isinstance(err, SourceError) else f"{feed.name}: {type(err).__name__}: {err}"
        self._backoff[feed.id] = (failures, mono + delay, message)
        if failures == 1:
            log.warning("feed.failed", source=self.name, feed=feed.id, error=message, retry_in=delay)
        return message

    def health(self) -> dict[str, Any]:
        return {"platform": self.platform, "feeds": len(self.options.feeds),
                "backing_off": {fid: {"failures": n, "error": e} for fid, (n, _t, e) in self._backoff.items()}}

    async def close(self) -> None:
        """The HTTP session belongs to the daemon; nothing of ours to release."""
