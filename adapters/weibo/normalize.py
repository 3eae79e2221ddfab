"""Weibo JSON (statuses and comments, API v2 shapes) → :class:`monitor.core.types.Item`.

Pure functions with no I/O, shared by the live source, ``wenzheng ingest FILE`` and the bench,
so an item read from a saved export is byte-for-byte the item the poller would have produced.

Why the details matter:

* Ids exceed 2**53, so ``idstr`` is preferred and an integer ``id`` is only ever turned into a
  string, never through a float.
* ``created_at`` (``Tue May 31 17:46:55 +0800 2011``) is parsed without the C library's locale
  (``%a``/``%b`` follow the process locale) so a server running ``zh_CN.UTF-8`` reads it too.
* A malformed object raises :class:`ValueError` with the reason, never a ``KeyError`` from deep
  inside, because the ingest command reports the reason next to the line number.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from typing import Any

from monitor.core.types import Item

PLATFORM = "weibo"

_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_MONTH_NAMES = tuple(_MONTHS)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BEIJING = dt.timezone(dt.timedelta(hours=8))
_TIME_RE = re.compile(
    r"^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})"
    r"\s+([+-])(\d{2})(\d{2})\s+(\d{4})\s*$")
_TAG_RE = re.compile(r"<[^>]*>")
# Weibo nicknames: 2–30 of CJK, letters, digits, '_' and '-'. A mention ends at anything else
# (space, punctuation, ':' of "//@名字:" reposts).
MENTION_RE = re.compile(r"@([\w\-\u00b7\u4e00-\u9fff]{1,30})")
# Envelopes of the endpoints wenzheng reads; "reposts" is statuses/repost_timeline.
_STATUS_KEYS = ("statuses", "reposts")
_COMMENT_KEYS = ("comments",)


def format_created_at(value: dt.datetime) -> str:
    """The inverse of :func:`parse_created_at`, in Beijing time as Weibo writes it."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: give a timezone")
    local = value.astimezone(_BEIJING)
    return (f"{_DAYS[local.weekday()]} {_MONTH_NAMES[local.month - 1]} {local.day:02d} "
            f"{local.hour:02d}:{local.minute:02d}:{local.second:02d} +0800 {local.year}")


def parse_created_at(text: Any) -> dt.datetime:
    """``"Tue May 31 17:46:55 +0800 2011"`` → aware datetime (in its own offset)."""
    if not isinstance(text, str):
        raise ValueError(f"created_at must be a string like 'Tue May 31 17:46:55 +0800 2011', got {_short(text)}")
    m = _TIME_RE.match(text)
    if not m or m.group(1) not in _MONTHS:
        raise ValueError(f"created_at {_short(text)} is not in Weibo's format 'Tue May 31 17:46:55 +0800 2011'")
    mon, day, hh, mm, ss, sign, oh, om, year = m.groups()
    offset = dt.timedelta(hours=int(oh), minutes=int(om))
    tz = dt.timezone(offset if sign == "+" else -offset)
    try:
        return dt.datetime(int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=tz)
    except ValueError as err:
        raise ValueError(f"created_at {text!r}: {err}") from None


MAX_ID_DIGITS = 20  # Weibo ids are unsigned 64-bit integers


def id_of(obj: Mapping[str, Any], what: str) -> str:
    """The object's id as a string: ``idstr`` first (exact), else an integer/str ``id``.

    A "number" of a hundred digits is not a Weibo id: refused here with the reason, rather than
    stored on one backend and refused by the other's ``varchar(64)``.
    """
    idstr = obj.get("idstr")
    raw = obj.get("id")
    if isinstance(idstr, str) and idstr.strip().isascii() and idstr.strip().isdigit():
        found = idstr.strip()
    elif isinstance(raw, int) and not isinstance(raw, bool) and raw > 0:
        found = str(raw)
    elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        found = raw.strip()
    else:
        raise ValueError(f"{what} has no usable id/idstr (got id={_short(raw)}, idstr={_short(idstr)})")
    if len(found) > MAX_ID_DIGITS:
        raise ValueError(f"{what} id has {len(found)} digits (a Weibo id has at most {MAX_ID_DIGITS})")
    return found


def _short(value: Any) -> str:
    """``repr`` cut to a readable length: an error message must not carry a 50 MB value."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _user(obj: Mapping[str, Any], what: str) -> tuple[str, str]:
    user = obj.get("user")
    if not isinstance(user, Mapping):
        raise ValueError(f"{what} has no user object (deleted or not a Weibo {what}?)")
    uid = id_of(user, f"{what}.user")
    name = user.get("screen_name") or user.get("name") or ""
    if not isinstance(name, str):
        raise ValueError(f"{what}.user.screen_name must be a string, got {_short(name)}")
    return uid, name


def _text(obj: Mapping[str, Any], what: str) -> str:
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError(f"{what} has no text (got {_short(text)})")
    return text


def strip_html(value: Any) -> str:
    """``<a href=…>微博 weibo.com</a>`` → ``微博 weibo.com`` (the ``source`` field is HTML)."""
    if not isinstance(value, str):
        return ""
    return html.unescape(_TAG_RE.sub("", value)).strip()


def mentions_in(text: str) -> tuple[str, ...]:
    """Screen names @-mentioned in ``text``, in order, each once."""
    seen: dict[str, None] = {}
    for name in MENTION_RE.findall(text):
        seen.setdefault(name.rstrip("-"), None)
    return tuple(n for n in seen if n)


def _count(obj: Mapping[str, Any], key: str) -> int | None:
    value = obj.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value < 2**53:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 16:
        return int(value)
    return None


def _metrics(obj: Mapping[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, name in (("reposts_count", "reposts"), ("comments_count", "comments"),
                      ("attitudes_count", "likes"), ("like_count", "likes"), ("like_counts", "likes"),
                      ("reads_count", "reads")):
        value = _count(obj, key)
        if value is not None:
            out[name] = value
    return out


def status_url(obj: Mapping[str, Any]) -> str | None:
    """``https://weibo.com/<uid>/<mid or id>``, or None when the post lacks what is needed."""
    user = obj.get("user")
    if not isinstance(user, Mapping):
        return None
    try:
        uid = id_of(user, "user")
        sid = id_of(obj, "status")
    except ValueError:
        return None
    mid = obj.get("mid")
    key = mid if isinstance(mid, str) and mid.strip() else sid
    return f"https://weibo.com/{uid}/{key}"


def normalize_status(obj: Any) -> Item:
    """A status (post) → Item. A repost belongs to the thread of the post it reposts."""
    if not isinstance(obj, Mapping):
        raise ValueError(f"a Weibo status must be a JSON object, got {type(obj).__name__}")
    sid = id_of(obj, "status")
    what = f"status {sid}"
    created = parse_created_at(obj.get("created_at"))
    uid, name = _user(obj, what)
    text = _text(obj, what)
    root = parent = parent_author = None
    rt = obj.get("retweeted_status")
    if isinstance(rt, Mapping):
        root = parent = id_of(rt, f"{what}.retweeted_status")
        if isinstance(rt.get("user"), Mapping):
            parent_author = id_of(rt["user"], f"{what}.retweeted_status.user")
    elif rt is not None:
        raise ValueError(f"{what}: retweeted_status must be an object, got {type(rt).__name__}")
    ids, words = context_of(rt if isinstance(rt, Mapping) else None)
    return Item(
        platform=PLATFORM, external_id=sid, kind="status", author_id=uid, author_name=name,
        text=text, created_at=created, url=status_url(obj), thread_root_id=root,
        parent_id=parent, parent_author_id=parent_author,
        mentioned_names=mentions_in(text), metrics=_metrics(obj), raw=_with_source(obj),
        context_ids=ids, context=words,
    )


def normalize_comment(obj: Any) -> Item:
    """A comment → Item, threaded under its post (``status``) and the comment it answers."""
    if not isinstance(obj, Mapping):
        raise ValueError(f"a Weibo comment must be a JSON object, got {type(obj).__name__}")
    cid = id_of(obj, "comment")
    what = f"comment {cid}"
    created = parse_created_at(obj.get("created_at"))
    uid, name = _user(obj, what)
    text = _text(obj, what)
    status = obj.get("status")
    if not isinstance(status, Mapping):
        raise ValueError(f"{what} has no status object (the post it was written under)")
    sid = id_of(status, f"{what}.status")
    status_user = status.get("user")
    parent_author = id_of(status_user, f"{what}.status.user") if isinstance(status_user, Mapping) else None
    reply_to = None
    rc = obj.get("reply_comment")
    if isinstance(rc, Mapping):
        reply_to = id_of(rc, f"{what}.reply_comment")
    elif rc is not None:
        raise ValueError(f"{what}: reply_comment must be an object, got {type(rc).__name__}")
    rt = status.get("retweeted_status")
    ids, words = context_of(rc if isinstance(rc, Mapping) else None, status,
                            rt if isinstance(rt, Mapping) else None)
    return Item(
        platform=PLATFORM, external_id=cid, kind="comment", author_id=uid, author_name=name,
        text=text, created_at=created, url=status_url(status), thread_root_id=sid,
        reply_to_id=reply_to, parent_id=sid, parent_author_id=parent_author,
        mentioned_names=mentions_in(text), metrics=_metrics(obj), raw=_with_source(obj),
        context_ids=ids, context=words,
    )


def context_of(*objs: Mapping[str, Any] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids and words of what an item answers or passes on (:attr:`Item.context_ids`), nearest
    first: the comment it answers, the post it sits under, that post's original; a repost's
    original. Each is only a hint: one without a usable id or text is left out, never an error
    (the item itself is read as it is)."""
    ids: list[str] = []
    words: list[str] = []
    for obj in objs:
        if obj is None:
            continue
        try:
            ref = id_of(obj, "context")
        except ValueError:
            continue
        text = obj.get("text")
        if isinstance(text, str) and text.strip() and ref not in ids:
            ids.append(ref)
            words.append(text)
    return tuple(ids), tuple(words)


def _with_source(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """The raw object as received, plus ``source_text``: the client name without its HTML."""
    if "source" in obj and isinstance(obj["source"], str) and "<" in obj["source"]:
        out = dict(obj)
        out["source_text"] = strip_html(obj["source"])
        return out
    return obj


def is_comment(obj: Mapping[str, Any]) -> bool:
    """A comment carries the post it sits under (``status``); a status never does."""
    return isinstance(obj.get("status"), Mapping) or isinstance(obj.get("reply_comment"), Mapping)


def parse_object(obj: Any) -> Item:
    """One status or comment object, whichever it is."""
    if not isinstance(obj, Mapping):
        raise ValueError(f"expected a Weibo status or comment object, got {type(obj).__name__}")
    return normalize_comment(obj) if is_comment(obj) else normalize_status(obj)


def parse_payload(obj: Any) -> list[Item]:
    """A single status/comment, or an API envelope ``{"statuses": [...]}`` / ``{"comments": [...]}``.

    Error JSON (``{"error", "error_code"}``) is refused with the platform's own message, so a saved
    failed response is reported as what it is rather than as "no id".
    """
    if isinstance(obj, list):
        return [_indexed(parse_object, o, f"[{i}]") for i, o in enumerate(obj)]
    if not isinstance(obj, Mapping):
        raise ValueError(f"expected a JSON object (a Weibo status, comment or envelope), got {type(obj).__name__}")
    if "error_code" in obj and "error" in obj:
        raise ValueError(f"a Weibo error response, not data: {obj.get('error_code')} {obj.get('error')}")
    for key in _STATUS_KEYS:
        if key in obj:
            return _list(obj[key], key, normalize_status)
    for key in _COMMENT_KEYS:
        if key in obj:
            return _list(obj[key], key, normalize_comment)
    return [parse_object(obj)]


def _list(value: Any, key: str, fn: Any) -> list[Item]:
    if not isinstance(value, list):
        raise ValueError(f"envelope key {key!r} must be a list, got {type(value).__name__}")
    return [_indexed(fn, o, f"{key}[{i}]") for i, o in enumerate(value)]


def _indexed(fn: Any, obj: Any, where: str) -> Item:
    try:
        item: Item = fn(obj)
    except ValueError as err:
        raise ValueError(f"{where}: {err}") from None
    return item
