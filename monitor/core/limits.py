"""Bounds on what comes in, and the one rule set every item passes before the database sees it.

Why one rule set in front of the database rather than relying on each backend: SQLite and
PostgreSQL refuse different things. PostgreSQL rejects a NUL character in ``text`` and ``jsonb``
and a string longer than a ``varchar(64)``; SQLite's driver rejects a lone surrogate (``\\ud800``)
that cannot be encoded as UTF-8, and accepts over-long strings silently. A value one backend
stores and the other refuses would make the same item poison on one deployment only. So every
item is normalised or refused here, the same way on both:

* **Normalised** (kept, made storable): NUL and other C0/C1 control characters are removed from
  text (tab and newline stay), lone surrogates become U+FFFD, display names longer than their
  column are cut; a link that is not ``http(s)`` is dropped (it would only ever be a
  ``javascript:`` trap in the console); engagement counts outside 0..2**53 are dropped.
* **Refused** (:class:`BadItem`, which the pipeline dead-letters and ``wenzheng ingest`` reports
  with the line number): an id that is empty, longer than 64 characters or contains spaces or
  control characters; empty text; text longer than ``max_text_chars``; a time before
  :data:`EARLIEST` or more than :data:`FUTURE_SKEW` in the future; a raw object nested deeper
  than ``max_depth``.

The same limits bound reading (``max_line_bytes`` for a file line, ``max_body_bytes`` for a whole
document or HTTP body), so a 50 MB line is reported instead of parsed into gigabytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from monitor.core.types import Item

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""No platform wenzheng reads existed before this; an older time is a parsing accident."""
FUTURE_SKEW = dt.timedelta(days=1)
"""How far ahead of our clock a platform time may be (clock skew), no more: a date in the future
would make every deadline computed from it meaningless."""

ID_CHARS = 64  # the String(64) id columns
NAME_CHARS = 200  # the String(200) display-name columns
MAX_COUNT = 2**53  # engagement counts beyond this are not counts

# C0 and C1 control characters except tab, newline and carriage return; DEL too.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# either of the two: one search finds the (nearly always) clean string clean
_UNCLEAN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_ID_RE = re.compile(r"^[^\s\x00-\x1f\x7f-\x9f]{1,64}$")


class Limits(BaseModel):
    """``[intake]`` in wenzheng.toml: how large an input may be before it is refused (and reported)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_line_bytes: int = Field(default=1_048_576, ge=1024, le=256 * 1_048_576,
                                description="one JSON Lines line of `wenzheng ingest`")
    max_body_bytes: int = Field(default=16 * 1_048_576, ge=1024, le=1024 * 1_048_576,
                                description="a whole JSON document (saved API response) or HTTP body")
    max_text_chars: int = Field(default=10_000, ge=140, le=1_000_000,
                                description="characters of one item's text")
    max_depth: int = Field(default=32, ge=4, le=500, description="nesting of one raw JSON object")


DEFAULT_LIMITS = Limits()


class BadItem(ValueError):
    """An item that cannot be stored as it is; the message says what is wrong, for a person."""


def clean_text(value: str) -> str:
    """``value`` without control characters (tab/newline kept) and with lone surrogates as U+FFFD."""
    if not _UNCLEAN_RE.search(value):
        return value  # one search for both, as nearly every string is clean
    if _CONTROL_RE.search(value):
        value = _CONTROL_RE.sub("", value)
    if _SURROGATE_RE.search(value):
        # a valid pair never appears in a Python str as two code points, so any match is lone
        value = _SURROGATE_RE.sub("\ufffd", value)
    return value


def clean_json(value: Any, *, max_depth: int = DEFAULT_LIMITS.max_depth) -> Any:
    """A raw object with every string (keys too) cleaned; refuses nesting beyond ``max_depth``.

    Iterative on purpose: a hostile object 100,000 levels deep must not exhaust the stack.
    Strings, numbers and nulls inside a container are cleaned where they are met, and only
    containers go on the stack: a platform's raw object is ~180 strings, and a stack push, pop
    and type dispatch for each of them was most of this function's cost (issue 19).
    """
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    search = _UNCLEAN_RE.search
    while stack:
        obj, parent, key, depth = stack.pop()
        if depth > max_depth:
            raise BadItem(f"nested deeper than {max_depth} levels")
        if isinstance(obj, Mapping):
            out: Any = {}
            items: Any = obj.items()
        elif isinstance(obj, list | tuple):
            out = [None] * len(obj)
            items = enumerate(obj)
        else:
            parent[key] = _clean_leaf(obj)
            continue
        parent[key] = out
        if depth >= max_depth and obj:  # its members are one level deeper than allowed
            raise BadItem(f"nested deeper than {max_depth} levels")
        is_map = type(out) is dict
        for k, v in items:
            if is_map:
                k = str(k)
                if search(k):
                    k = clean_text(k)
            t = type(v)
            if t is str:
                out[k] = clean_text(v) if search(v) else v
            elif v is None or t is bool or t is int:
                out[k] = v
            elif t is dict or t is list or isinstance(v, Mapping | list | tuple):
                out[k] = None
                stack.append((v, out, k, depth + 1))
            else:
                out[k] = _clean_leaf(v)
    return root[0]


def _clean_leaf(obj: Any) -> Any:
    """One value that is not a container, as JSON can hold it."""
    if isinstance(obj, str):
        return clean_text(obj)
    if isinstance(obj, bool) or obj is None or isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None  # NaN/Infinity are not JSON
    return clean_text(str(obj))


def depth_of(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, counting stops at ``limit + 1`` (cheap on deep input)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        obj, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(obj, Mapping):
            stack.extend((v, depth + 1) for v in obj.values())
        elif isinstance(obj, list):
            stack.extend((v, depth + 1) for v in obj)
    return deepest


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link without control characters or spaces; else None."""
    if not url or not isinstance(url, str):
        return None
    u = url.strip()
    if not re.match(r"^https?://[^\s\x00-\x1f\x7f]+$", u, re.IGNORECASE):
        return None
    return u


def check_id(value: str | None, what: str, *, required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise BadItem(f"{what} is empty")
        return None
    if not _ID_RE.match(value):
        if len(value) > ID_CHARS:
            raise BadItem(f"{what} is {len(value)} characters long (at most {ID_CHARS})")
        raise BadItem(f"{what} {value[:20]!r} contains spaces or control characters")
    return value


def check_time(value: dt.datetime, what: str = "created_at", *, now: dt.datetime | None = None) -> dt.datetime:
    """``value`` in UTC when it lies between :data:`EARLIEST` and now + :data:`FUTURE_SKEW`."""
    if value.tzinfo is None:
        raise BadItem(f"{what} has no timezone")
    latest = (now or dt.datetime.now(dt.UTC)) + FUTURE_SKEW
    # compare before converting: year 1 at +08:00 cannot even be expressed in UTC
    if value < EARLIEST or value > latest:
        raise BadItem(f"{what} {value.isoformat()} is outside the plausible range "
                      f"{EARLIEST.date()} … {latest.date()}")
    return value.astimezone(dt.UTC)


def check_item(item: Item, limits: Limits = DEFAULT_LIMITS, *, now: dt.datetime | None = None) -> Item:
    """``item`` normalised for storage, or :class:`BadItem` saying why it cannot be stored."""
    check_id(item.platform, "platform")
    check_id(item.external_id, "id")
    check_id(item.author_id, "author id")
    for ref, what in ((item.thread_root_id, "thread root id"), (item.reply_to_id, "reply-to id"),
                      (item.parent_id, "parent id"), (item.parent_author_id, "parent author id")):
        check_id(ref, what, required=False)
    text = clean_text(item.text)
    if not text.strip():
        raise BadItem("the text is empty")
    if len(text) > limits.max_text_chars:
        raise BadItem(f"the text is {len(text):,} characters long (at most {limits.max_text_chars:,}; "
                      f"[intake] max_text_chars)")
    created = check_time(item.created_at, now=now)
    name = clean_text(item.author_name)[:NAME_CHARS]
    raw = clean_json(item.raw, max_depth=limits.max_depth)
    metrics = {clean_text(str(k))[:32]: v for k, v in item.metrics.items()
               if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < MAX_COUNT}
    mentioned_names = tuple(clean_text(n)[:NAME_CHARS] for n in item.mentioned_names)
    mentioned_ids = tuple(i for i in item.mentioned_ids if _ID_RE.match(i))
    # what the item answers or passes on is a hint, not the item: a pair whose id could not be
    # stored or whose words are not text is dropped whole (the item still is), so the ids and the
    # words stay paired as :class:`Item` promises; words are cut to the text's own limit. Tuples
    # of different lengths cannot be paired: the hint is dropped rather than guessed at.
    pairs = [(i, clean_text(t)[:limits.max_text_chars])
             for i, t in zip(item.context_ids, item.context)
             if isinstance(i, str) and _ID_RE.match(i) and isinstance(t, str)] \
        if len(item.context_ids) == len(item.context) else []
    context_ids = tuple(i for i, _ in pairs)
    context = tuple(t for _, t in pairs)
    return dataclasses.replace(
        item, text=text, author_name=name, created_at=created, url=safe_url(item.url), raw=raw,
        metrics=metrics, mentioned_names=mentioned_names, mentioned_ids=mentioned_ids,
        kind=clean_text(item.kind)[:32], context_ids=context_ids[:8], context=context[:8],
    )
