"""Lane cursors: the share of a source one daemon stores under one lease.

A source split into *lanes* (Weibo's ``partitions``: its items divided by their post's author;
:class:`monitor.store.models.SourceLane`) is leased and polled lane by lane, so several daemons
store one busy source at once. Each lane's cursor is its own row, committed with the lane's
items: two daemons committing two lanes of one source never write the same row, and a
``sources reset`` or a changed stream resets every lane of the source.

A lane with no row yet starts from the source's own cursor: a source read whole before it was
split goes on from where it was. A source whose split changes forgets its former lanes
(:func:`forget_other_lanes`); the new ones start from the source's cursor again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from monitor.store.leases import insert_once
from monitor.store.models import Lease, Source, SourceLane


def lane_cursor(session: Session, source: str, lane: str) -> dict[str, Any] | None:
    """Where ``lane`` of ``source`` reads from (None: the source is not registered)."""
    row = session.get(SourceLane, (source, lane))
    if row is not None:
        return dict(row.cursor or {})
    src = session.get(Source, source)
    return None if src is None else dict(src.cursor or {})


def save_lane_cursor(session: Session, source: str, lane: str, cursor: dict[str, Any], new: int,
                     expected: dict[str, Any] | None) -> bool:
    """Write the lane's cursor in the caller's transaction (it commits with the items it covers).

    With ``expected`` (the cursor the poll started from) the cursor is written only when the
    stored one is still that one, so an operator's ``sources reset`` during the poll is not
    undone; returns whether it was written. The lane's row is locked until the commit, so a
    stalled former holder committing the same lane waits for this one and then sees it moved.
    """
    start = session.scalar(select(Source.cursor).where(Source.name == source))
    if start is None:
        raise LookupError(f"source {source!r} is not registered (run sync_sources first)")
    # a lane's first commit creates its row from the source's cursor, which is what its poll
    # started from (lane_cursor); insert-or-ignore, so two writers never both create it
    insert_once(session, SourceLane, {"source": source, "lane": lane, "cursor": dict(start),
                                      "items_total": 0}, ["source", "lane"])
    row = session.get(SourceLane, (source, lane), with_for_update=True, populate_existing=True)
    assert row is not None
    written = expected is None or dict(row.cursor or {}) == dict(expected)
    if written:
        row.cursor = cursor
    row.items_total += new
    return written


def source_cursor(session: Session, source: str) -> dict[str, Any]:
    """What ``source`` has read, as one cursor: its lanes' streams together when it is polled by
    lanes (each lane's newer position over the source's own), else its own cursor."""
    src = session.get(Source, source)
    own = dict(src.cursor or {}) if src is not None else {}
    lanes = [dict(c or {}) for c in session.scalars(select(SourceLane.cursor).where(
        SourceLane.source == source).order_by(SourceLane.lane))]
    if not lanes:
        return own
    streams = {**(own.get("streams") or {}), **lane_streams(lanes)}
    return {**own, "streams": streams} if streams or "streams" in own else own


def lane_streams(cursors: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The streams of several lanes' cursors as one map (a later lane's position of a stream
    over an earlier one's): what a source split into lanes has read, stream by stream."""
    return {k: v for c in cursors for k, v in (c.get("streams") or {}).items()}


def forget_other_lanes(session: Session, source: str, keep: set[str]) -> None:
    """Drop the lease rows and cursors of ``source``'s lanes other than ``keep`` (its split
    changed), and its own lease when it is split now (the whole source is not polled)."""
    prefix = f"source:{source}/"
    stale = [n for n in session.scalars(select(Lease.name).where(Lease.name.startswith(prefix, autoescape=True)))
             if n.removeprefix(prefix) not in keep]
    if keep:
        stale.append(f"source:{source}")
    if stale:
        session.execute(delete(Lease).where(Lease.name.in_(stale)))
    session.execute(delete(SourceLane).where(SourceLane.source == source, SourceLane.lane.not_in(sorted(keep))))


def reset_lanes(session: Session, source: str) -> None:
    """Forget every lane's cursor of ``source`` (its cursor was reset or its streams changed):
    each lane starts again from the source's cursor, which the caller has just cleared."""
    session.execute(delete(SourceLane).where(SourceLane.source == source))


def lane_volumes(session: Session) -> dict[tuple[str, str], int]:
    """(source, lane) → the items the lane has stored: its weight when daemons share leases."""
    return {(r.source, r.lane): r.items_total for r in session.execute(
        select(SourceLane.source, SourceLane.lane, SourceLane.items_total))}


def record_lane_stall(session: Session, source: str, lane: str, reason: str | None) -> str | None:
    """Keep what ``lane``'s stall check found; return the source's stall (its lanes' first).

    Lanes of one source may be polled by different daemons: one lane's quiet poll must not
    clear a stall another lane found, so each lane keeps its own and the source shows the
    first one still standing.
    """
    session.execute(update(SourceLane).where(SourceLane.source == source, SourceLane.lane == lane)
                    .values(stall_reason=reason))
    return session.scalar(select(SourceLane.stall_reason).where(
        SourceLane.source == source, SourceLane.stall_reason.is_not(None))
        .order_by(SourceLane.lane).limit(1))
