"""The few types every stage and every adapter agree on.

An adapter turns whatever its platform speaks into :class:`Item` objects; everything after that
(dedupe, threading into cases, classification, routing, SLA) only ever sees ``Item``. Keeping this
contract small is what lets a new platform be added as one package under ``adapters/`` without
touching ``monitor/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from aiohttp import web


@dataclass(frozen=True, slots=True)
class Item:
    """One raw platform item (a post, a comment, a work order), normalized.

    Attributes:
        platform: adapter family, e.g. ``"weibo"``. With ``external_id`` it is the dedupe key.
        external_id: the platform's own id, always a string (Weibo ids exceed 2**53).
        kind: ``"status"``, ``"comment"``, ``"work_order"``… whatever the platform calls it.
        author_id / author_name: the platform's user id and display name.
        text: the text as the author wrote it (markup stripped, mentions kept).
        created_at: platform time, timezone-aware (converted to UTC when stored).
        url: a link an operator can open, when the platform has one.
        thread_root_id: the external id of the item that started the conversation, when the
            platform tells us (a comment's post); ``None`` when the item is its own root or
            the root can only be found from stored items.
        reply_to_id: the external id of the item this one answers (a comment's ``reply_comment``).
        parent_id: the post a comment sits under (Weibo ``status.id``), used for threading.
        parent_author_id: the author of that post: a comment on a member account's own post
            opens its own case, a comment on a citizen's post belongs to the post's thread.
        mentioned_ids: platform user ids @-mentioned, when the platform resolves them.
        mentioned_names: screen names @-mentioned in the text (Weibo gives only names).
        metrics: engagement counts the platform gives (reposts, comments, likes, reads).
        raw: the platform object exactly as received, kept for audit and re-processing.
        appeal: the item is an appeal by its nature (a 12345 work order, a message sent to an
            official account, a matched media article, a webhook item): it opens a case even
            when it addresses no member account, and routing then follows region and domain.
            A Weibo post only opens a case when it addresses a member account.
        assigned: a member account id the sender already decided handles it (a 12345 order's
            承办单位, an operator's choice): it leads, whatever place the text names. Unlike an
            @-mention, which routing may override when the text names another place.
        context_ids / context: what the item answers or passes on, nearest first, as the platform
            gave it with the item (ids, and their words in the same order): a comment's answered
            comment, its post and that post's original when the post is a repost (a member
            account passing a citizen's post on); a repost's original. A 同问 or +1 says nothing
            of its matter in its own words: this is what it is about.
    """

    platform: str
    external_id: str
    kind: str
    author_id: str
    author_name: str
    text: str
    created_at: dt.datetime
    url: str | None = None
    thread_root_id: str | None = None
    reply_to_id: str | None = None
    parent_id: str | None = None
    parent_author_id: str | None = None
    mentioned_ids: tuple[str, ...] = ()
    mentioned_names: tuple[str, ...] = ()
    metrics: Mapping[str, int] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict)
    appeal: bool = False
    assigned: str | None = None
    context_ids: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.created_at.tzinfo is None:
            raise ValueError(f"{self.platform}:{self.external_id}: created_at must be timezone-aware")
        if not self.external_id:
            raise ValueError(f"{self.platform}: item without an external id")


Cursor = dict[str, Any]
"""A source's resume point: opaque to the core, JSON-serialisable, committed with the items."""


@dataclass(frozen=True, slots=True)
class Reject:
    """Something received that could not become a stored item: set aside, never silently lost.

    The pipeline writes rejects to the dead-letter table in the transaction that moves the
    cursor past them (``wenzheng deadletters``); ``raw`` is kept so a retry can parse it again
    once the cause is fixed.

    Attributes:
        raw: the object as received (JSON-serialisable), or the text when it was not JSON.
        error: why, for a person.
        platform / external_id: when known (an object without a usable id has neither).
        origin: where it came from (an endpoint, a file), for a person.
        stage: ``"parse"`` (the adapter could not read it), ``"check"`` (a value out of bounds,
            :mod:`monitor.core.limits`) or ``"store"`` (the database or a stage refused it).
    """

    raw: Any
    error: str
    platform: str | None = None
    external_id: str | None = None
    origin: str = ""
    stage: str = "parse"


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll returns: items oldest first, and the cursor to store once they are committed.

    ``rejects`` are objects the adapter received but could not read; they are dead-lettered with
    the cursor, so one malformed object never stops its stream.

    ``items`` is usually a list; an adapter whose rounds can be large may return an iterable read
    once, from disk (:class:`monitor.core.spool.Spool`, with ``close()``), and then says when its
    newest item was created in ``newest_at``.
    """

    items: Sequence[Item] | Iterable[Item]
    cursor: Cursor
    more: bool = False
    """True when the platform has more items waiting: the poller polls again at once."""
    stalled: str | None = None
    """Set by an adapter that found its cursor out of step with the platform (ahead of everything
    the platform returns, or behind items a poll does not bring): what is wrong and what to do."""
    rejects: Sequence[Reject] = ()
    newest_at: dt.datetime | None = None
    """When ``items`` is not a sequence: the newest item's ``created_at`` (None: no items)."""


class SourceError(Exception):
    """A platform failure the poller knows how to handle.

    ``retryable`` errors (rate limit, 5xx, timeouts, malformed bodies) back off and try again;
    non-retryable ones (expired or invalid token) pause the source until a person fixes it.
    In both cases the cursor does not advance and nothing is lost.
    """

    def __init__(self, message: str, *, retryable: bool = True, retry_after: float | None = None,
                 code: str | int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.code = code


class AuthError(SourceError):
    """The platform refused our credentials: a person must re-authorise."""

    def __init__(self, message: str, *, code: str | int | None = None) -> None:
        super().__init__(message, retryable=False, code=code)


@runtime_checkable
class PullSource(Protocol):
    """A source the daemon polls on an interval (Weibo, media feeds, 12345 exports).

    A source whose poll has a side effect that must wait for the commit (the 12345 drop folder
    moves a file to ``done/``) may also define ``async committed(cursor)``: the poller calls it
    after the poll's items and cursor are committed, never before.
    """

    platform: ClassVar[str]

    async def poll(self, cursor: Cursor) -> PollResult:
        """Fetch items newer than ``cursor``. Raise :class:`SourceError` on platform failure."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


Deliver = Callable[[Sequence[Item]], Awaitable[dict[str, int | None]]]
"""The daemon's ingest for push sources: store the items (committed when it returns) and answer
external id → case number (``None`` for an item that opened no case). A retried delivery of a
stored item answers the case it already has, so a platform's retry gets the same acknowledgement."""


class HookRefused(Exception):
    """A push request refused before anything was stored: ``status`` is the HTTP answer.

    403 a bad signature or a timestamp outside the window (a forgery or a replay), 413 a body over
    the source's limit, 400 content that cannot be read. ``message`` says which, for the sender's
    engineers and the log.
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@runtime_checkable
class PushSource(Protocol):
    """A source the platform calls (WeChat push, webhooks, 12345 pushes), at ``/hooks/<source name>``.

    The web layer reads the body (refusing more than ``max_body`` bytes) and calls ``receive``;
    the source verifies it (raising :class:`HookRefused`), turns it into items, awaits ``deliver``
    and only then answers, so an acknowledged item is a committed item.
    """

    platform: ClassVar[str]
    max_body: int

    async def receive(self, request: web.Request, body: bytes, deliver: Deliver) -> web.Response:
        """Answer one request to ``/hooks/<source name>`` (any method)."""
        ...


@runtime_checkable
class Replier(Protocol):
    """A platform we can answer on (Weibo comments/reply)."""

    platform: ClassVar[str]

    async def post_reply(self, *, account_external_id: str, item: Item, text: str) -> Item:
        """Post ``text`` as the member account in answer to ``item``; return the platform's item."""
        ...


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something to a case: a signed-in user, the CLI's operator, or the system.

    ``name`` is what the timeline shows (the user's name, ``cli:<login>``, ``system``);
    ``user_id`` links the event to the user who was authenticated when it happened, and
    ``acting_for`` is the member account a member user acted for. Functions that record events
    accept an ``Actor`` or a plain name (``"system"``) and store all three through
    :func:`actor_columns`.
    """

    name: str
    user_id: int | None = None
    acting_for: str | None = None

    def __str__(self) -> str:
        return self.name


def actor_columns(actor: Actor | str) -> dict[str, Any]:
    """The ``CaseEvent`` columns that say who acted: ``actor``, ``user_id``, ``acting_for``."""
    if isinstance(actor, str):
        return {"actor": actor, "user_id": None, "acting_for": None}
    return {"actor": actor.name, "user_id": actor.user_id, "acting_for": actor.acting_for}
