"""The dead-letter table: what could not be stored, kept so that nothing is lost and nothing blocks.

Why it exists: a stream is a queue. If one item cannot be stored and the poller keeps retrying
the batch that holds it, every later appeal waits behind it for ever. So an item that fails is
written here (raw bytes as received, the error, first and last seen, attempts) *in the
transaction that moves the cursor past it*: the cursor never passes an item that is neither
stored nor dead-lettered.

``wenzheng deadletters list|show|retry|drop`` works on these rows; ``/healthz`` reports the
daemon degraded while any arrived recently (:data:`RECENT`), ``/metrics`` exports the count and
the console's sources page shows it per source.

Cost: recording is one ``IN`` query per batch that has rejects (none for a clean batch); the
counts read the ``(resolved_at, last_seen_at)`` index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.core.types import Item, Reject
from monitor.store.models import DeadLetter, utcnow

if TYPE_CHECKING:
    from monitor.intake.pipeline import Pipeline

RECENT = dt.timedelta(hours=24)
"""Dead letters newer than this make ``/healthz`` say degraded: someone should look today."""
MAX_RAW_BYTES = 1_048_576
"""Raw bytes kept per row: a 50 MB object is recorded as its first megabyte and its size."""
MAX_ERROR_CHARS = 2000


def raw_bytes(raw: Any) -> bytes:
    """The raw object as UTF-8 bytes (lone surrogates kept: retry must see what arrived)."""
    if isinstance(raw, bytes):
        return raw
    try:
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # not JSON-shaped (a circular or exotic object): keep its repr
        text = repr(raw)
    return text.encode("utf-8", "surrogatepass")


def decode_raw(data: bytes) -> Any:
    """Inverse of :func:`raw_bytes`: the JSON value, or the text when it is not JSON."""
    text = data.decode("utf-8", "surrogatepass")
    try:
        return json.loads(text)
    except ValueError:
        return text


def key_of(reject: Reject, data: bytes) -> str:
    """One row per item: by platform and id when the item has them, else by its bytes."""
    if reject.platform and reject.external_id:
        basis = f"id\0{reject.platform}\0{reject.external_id}".encode("utf-8", "surrogatepass")
    else:
        basis = b"raw\0" + data
    return hashlib.sha256(basis).hexdigest()


def reject_of(item: Item, error: str, stage: str, origin: str | None = None) -> Reject:
    """A reject for an item that was read but could not be stored."""
    ext = item.external_id if isinstance(item.external_id, str) and 0 < len(item.external_id) <= 64 else None
    return Reject(raw=dict(item.raw) if item.raw else _item_as_raw(item), error=error,
                  platform=item.platform[:32] or None, external_id=ext,
                  origin=origin if origin is not None else item.kind[:32], stage=stage)


def _item_as_raw(item: Item) -> dict[str, Any]:
    """An item without its platform object (a push source): its fields stand in for it."""
    return {"platform": item.platform, "external_id": item.external_id, "kind": item.kind,
            "author_id": item.author_id, "author_name": item.author_name, "text": item.text,
            "created_at": item.created_at.isoformat(), "url": item.url}


def describe(err: BaseException) -> str:
    """An exception as one readable line: the database's own message, not SQLAlchemy's wrapper."""
    orig = getattr(err, "orig", None)
    base = orig if isinstance(orig, BaseException) else err
    text = str(base).strip().splitlines()[0] if str(base).strip() else ""
    return f"{type(base).__name__}: {text}"[:MAX_ERROR_CHARS] if text else type(base).__name__


def record(session: Session, rejects: Sequence[Reject], *, source: str | None, adapter: str,
           channel: str | None, now: dt.datetime | None = None) -> int:
    """Write ``rejects`` (inside the caller's transaction); the same item again bumps its row."""
    if not rejects:
        return 0
    now = now or utcnow()
    rows: dict[str, tuple[Reject, bytes]] = {}
    for r in rejects:
        data = raw_bytes(r.raw)
        rows.setdefault(key_of(r, data), (r, data))
    existing = {d.key: d for d in session.scalars(select(DeadLetter).where(DeadLetter.key.in_(list(rows))))}
    for key, (r, data) in rows.items():
        error = _clean(r.error)[:MAX_ERROR_CHARS]
        row = existing.get(key)
        if row is not None:
            row.attempts += 1
            row.last_seen_at = now
            row.error = error
            row.stage = r.stage
            row.resolved_at = None  # it came back: whatever was decided no longer holds
            row.resolution = None
            continue
        # every text column cleaned and cut: the row that records a refusal must not be refused
        session.add(DeadLetter(
            key=key, source=source, adapter=_clean(adapter)[:64], channel=channel,
            platform=_clean(r.platform)[:32] or None if r.platform else None,
            external_id=_clean(r.external_id)[:64] or None if r.external_id else None,
            origin=_clean(r.origin)[:500], stage=r.stage[:16], error=error,
            raw=data[:MAX_RAW_BYTES], raw_size=len(data), first_seen_at=now, last_seen_at=now,
            attempts=1))
    session.flush()
    return len(rows)


def _clean(text: str) -> str:
    from monitor.core.limits import clean_text

    return clean_text(text)


# ---------------------------------------------------------------------- reading


@dataclass
class Counts:
    """Open (unresolved) dead letters: all, and those seen within :data:`RECENT`, per source."""

    open: int = 0
    recent: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    last_seen_at: dt.datetime | None = None


def counts(session: Session, *, now: dt.datetime | None = None) -> Counts:
    since = (now or utcnow()) - RECENT
    out = Counts()
    for source, n, recent, last in session.execute(
        select(DeadLetter.source, func.count(),
               func.count().filter(DeadLetter.last_seen_at >= since), func.max(DeadLetter.last_seen_at))
        .where(DeadLetter.resolved_at.is_(None)).group_by(DeadLetter.source)
    ):
        out.open += n
        out.recent += recent
        out.by_source[source or ""] = n
        if last is not None and (out.last_seen_at is None or last > out.last_seen_at):
            out.last_seen_at = last
    return out


def list_rows(session: Session, *, source: str | None = None, include_resolved: bool = False,
              limit: int = 50) -> list[DeadLetter]:
    q = select(DeadLetter).order_by(DeadLetter.last_seen_at.desc(), DeadLetter.id.desc()).limit(limit)
    if not include_resolved:
        q = q.where(DeadLetter.resolved_at.is_(None))
    if source is not None:
        q = q.where(DeadLetter.source == source)
    return list(session.scalars(q))


def pick(session: Session, ids: Iterable[int], *, every: bool = False,
         source: str | None = None) -> list[DeadLetter]:
    """The open rows named by ``ids``, or every open one (of ``source``); unknown ids are errors."""
    if every:
        q = select(DeadLetter).where(DeadLetter.resolved_at.is_(None)).order_by(DeadLetter.id)
        if source is not None:
            q = q.where(DeadLetter.source == source)
        return list(session.scalars(q))
    wanted = list(dict.fromkeys(ids))
    rows = {d.id: d for d in session.scalars(select(DeadLetter).where(DeadLetter.id.in_(wanted)))}
    missing = [i for i in wanted if i not in rows]
    if missing:
        raise LookupError(f"no dead letter {', '.join(map(str, missing))}")
    done = [i for i in wanted if rows[i].resolved_at is not None]
    if done:
        raise LookupError(f"dead letter {', '.join(map(str, done))} is already resolved")
    return [rows[i] for i in wanted]


def drop(session: Session, rows: Sequence[DeadLetter], *, now: dt.datetime | None = None) -> int:
    """Give up on ``rows``: they stay as a record, resolved as ``dropped``."""
    now = now or utcnow()
    for row in rows:
        row.resolved_at = now
        row.resolution = "dropped"
    return len(rows)


# ---------------------------------------------------------------------- retrying


@dataclass
class RetryOutcome:
    """What one retry did: ``stored`` (the row is resolved) or the error it failed with again."""

    id: int
    stored: bool
    error: str | None = None
    new: int = 0


def retry(pipeline: Pipeline, ids: Sequence[int], parser_of: Callable[[str], Callable[[Any], list[Item]]],
          *, now: dt.datetime | None = None) -> list[RetryOutcome]:
    """Parse each row's raw bytes again and send the items through ``pipeline``.

    Run it after the cause is fixed (a limit raised in ``[intake]``, a parser or stage
    corrected): a row whose items are now stored is resolved as ``retried``; one that fails again
    keeps its place with ``attempts`` bumped and the new error.
    """
    out: list[RetryOutcome] = []
    for row_id in ids:
        with pipeline.sessions() as s:
            row = s.get(DeadLetter, row_id)
            if row is None or row.resolved_at is not None:
                continue
            data, size, adapter = bytes(row.raw), row.raw_size, row.adapter
            source, channel = row.source, row.channel
        outcome = RetryOutcome(row_id, stored=False)
        if size > len(data):
            outcome.error = (f"only the first {len(data):,} of {size:,} bytes were kept: it cannot be "
                             f"read again; fetch it from the platform or drop it")
        else:
            try:
                items = parser_of(adapter)(decode_raw(data))
            except (ValueError, KeyError, TypeError, LookupError) as err:
                outcome.error = str(err) or type(err).__name__
            else:
                report = pipeline.ingest(items, source_name=source, channel=channel, adapter=adapter,
                                         record_rejects=False)
                if report.rejects:
                    outcome.error = report.rejects[0].error
                else:
                    outcome.stored, outcome.new = True, report.new
        with pipeline.sessions.begin() as s:
            row = s.get(DeadLetter, row_id)
            assert row is not None
            row.attempts += 1
            row.last_seen_at = now or utcnow()
            if outcome.stored:
                row.resolved_at = row.last_seen_at
                row.resolution = "retried"
            else:
                row.error = _clean(outcome.error or "")[:MAX_ERROR_CHARS]
        out.append(outcome)
    return out
