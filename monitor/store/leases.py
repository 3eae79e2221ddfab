"""Leases, daemons and once-only work: how several daemons share one database.

Why lease rows and not PostgreSQL advisory locks (docs/deploy.md says the same for operators):

* An advisory lock lives as long as the *connection* that took it. A daemon whose machine froze
  or lost its network keeps its locks until the server notices the dead TCP connection, which
  takes minutes by default, not the two poll intervals the take-over promise needs. A lease row
  expires on the database's clock, whatever happened to the holder's connection.
* A lease row says who holds it, since when and until when: ``wenzheng daemons``, ``wenzheng
  sources`` and ``/healthz`` read it with a plain SELECT. ``pg_locks`` shows only a backend pid.
* The same rows work on SQLite, so the one daemon there runs the very code a cluster runs.
* A lease can *fence* a commit: :func:`fence` renews the lease in the transaction that commits a
  source's items and cursor and fails it when another daemon took the lease meanwhile.

Every statement here is a single conditional UPDATE or an insert-or-ignore: the database decides
who wins a race, never the timing of two processes. Times come from :func:`db_now` (PostgreSQL's
clock), so daemons on machines with drifting clocks still agree on when a lease expired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from monitor.store.models import Base, DaemonRow, JobRun, Lease, utcnow


class LeaseLost(RuntimeError):
    """This daemon no longer holds the lease it is about to commit under (it expired or moved)."""


def db_now(session: Session) -> dt.datetime:
    """The database's clock (UTC); SQLite is one machine, so the local clock is the database's."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(select(func.clock_timestamp())).scalar_one()
        return value.astimezone(dt.UTC)
    return utcnow()


_IGNORING: dict[tuple[str, str, tuple[str, ...], bool], Any] = {}


def _insert_ignoring(session: Session, model: type[Base], keys: Sequence[str],
                     returning_keys: bool = False) -> Any:
    """``INSERT … ON CONFLICT (keys) DO NOTHING RETURNING id`` for ``model``'s table, built once
    (``returning_keys``: ``RETURNING`` the key columns instead of the id).

    The rows go in as bound parameters, not ``.values()``: one compiled statement serves every
    call (building and compiling the statement around each row's values cost more than running
    it).
    """
    name = session.get_bind().dialect.name
    table = model.__table__  # type: ignore[attr-defined]
    key = (name, table.name, tuple(keys), returning_keys)
    stmt = _IGNORING.get(key)
    if stmt is None:
        if name == "postgresql":
            stmt = pg_insert(table).on_conflict_do_nothing(index_elements=list(keys))
        elif name == "sqlite":
            stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=list(keys))
        else:  # pragma: no cover - only the two supported backends are tested
            stmt = insert(table)
        # RETURNING rather than rowcount: psycopg reports -1 for a skipped conflict in some paths
        returned = ([table.c[k] for k in keys] if returning_keys
                    else [next(iter(table.primary_key.columns))])
        stmt = _IGNORING[key] = stmt.returning(*returned)
    return stmt


def insert_once(session: Session, model: type[Base], values: dict[str, Any],
                keys: Sequence[str]) -> bool:
    """Insert a row unless one with the same ``keys`` exists; True when this call inserted it.

    On PostgreSQL a concurrent insert of the same key waits for the other transaction: if it
    commits we get False, if it rolls back (its daemon died) we insert. That is what makes
    "exactly once" a property of the database rather than of timing.
    """
    return session.execute(_insert_ignoring(session, model, keys), values).first() is not None


def insert_many_once(session: Session, model: type[Base], rows: Sequence[dict[str, Any]],
                     keys: Sequence[str]) -> int:
    """:func:`insert_once` for several rows in one statement; returns how many were inserted.

    One alert goes to several destinations at once: one ``INSERT … ON CONFLICT DO NOTHING``
    for all of them (SQLAlchemy sends the rows as one multi-row VALUES) instead of one statement
    each. Rows may name different columns; a column a row does not name gets its default, as it
    would alone.
    """
    if not rows:
        return 0
    if len(rows) == 1:
        return int(insert_once(session, model, rows[0], keys))
    table = model.__table__  # type: ignore[attr-defined]
    names = list(dict.fromkeys(k for r in rows for k in r))
    filled = []
    for r in rows:
        row = {}
        for name in names:
            if name in r:
                row[name] = r[name]
            else:
                default = table.c[name].default
                row[name] = (default.arg(None) if default is not None and default.is_callable
                             else default.arg if default is not None and default.is_scalar else None)
        filled.append(row)
    return len(session.execute(_insert_ignoring(session, model, keys), filled).all())


def claim_many(session: Session, model: type[Base], rows: Sequence[dict[str, Any]],
               keys: Sequence[str]) -> set[tuple[Any, ...]]:
    """:func:`insert_once` for many rows in one statement; returns the ``keys`` tuples this call
    inserted (the rows it claimed), so the caller knows which of them are its own.

    Every row names the same columns. The rows go in the order of their keys: two transactions
    claiming overlapping rows on PostgreSQL (two sweeps meeting) each wait for the other's rows
    one way round only, as two single-row claims in one order would.
    """
    if not rows:
        return set()
    ordered = sorted(rows, key=lambda r: tuple(r[k] for k in keys))
    got = session.execute(_insert_ignoring(session, model, keys, returning_keys=True), ordered)
    return {tuple(r) for r in got.all()}


# ---------------------------------------------------------------------------- daemons


def register_daemon(session: Session, *, daemon_id: str, host: str, pid: int, url: str) -> None:
    now = db_now(session)
    session.add(DaemonRow(id=daemon_id, host=host, pid=pid, url=url, started_at=now, heartbeat_at=now))


def beat(session: Session, daemon_id: str, *, forget_after: dt.timedelta) -> dt.datetime:
    """Record that ``daemon_id`` is alive; delete rows of daemons silent for ``forget_after``."""
    now = db_now(session)
    session.execute(update(DaemonRow).where(DaemonRow.id == daemon_id).values(heartbeat_at=now))
    session.execute(delete(DaemonRow).where(DaemonRow.heartbeat_at < now - forget_after,
                                            DaemonRow.id != daemon_id))
    return now


def mark_stopped(session: Session, daemon_id: str) -> None:
    session.execute(update(DaemonRow).where(DaemonRow.id == daemon_id).values(stopped_at=db_now(session)))


def alive_daemons(session: Session, *, silent_after: dt.timedelta) -> list[str]:
    """Ids of daemons that beat within ``silent_after`` and did not stop, oldest first."""
    now = db_now(session)
    return list(session.scalars(select(DaemonRow.id).where(
        DaemonRow.stopped_at.is_(None), DaemonRow.heartbeat_at >= now - silent_after)
        .order_by(DaemonRow.started_at, DaemonRow.id)))


# ---------------------------------------------------------------------------- leases


def ensure_leases(session: Session, names: Iterable[str]) -> None:
    """Create a free lease row for each name that has none (every daemon does this at start)."""
    for name in names:
        insert_once(session, Lease, {"name": name, "owner": None, "takeovers": 0}, ["name"])


def drop_leases(session: Session, names: Iterable[str]) -> None:
    """Forget leases of work that no longer exists (a source removed from the config)."""
    names = list(names)
    if names:
        session.execute(delete(Lease).where(Lease.name.in_(names)))


def drop_lane_leases(session: Session, sources: Iterable[str]) -> None:
    """Forget the lane leases (``source:<name>/<lane>``) of sources no longer configured."""
    for name in sources:
        session.execute(delete(Lease).where(Lease.name.startswith(f"source:{name}/", autoescape=True)))


def try_acquire(session: Session, owner: str, name: str, ttl: float) -> bool:
    """Take ``name`` if it is free, expired or already ours; True when we hold it now.

    One conditional UPDATE: on PostgreSQL a competing UPDATE waits for ours and then re-checks
    the condition against the row we wrote, so two daemons never both win.
    """
    now = db_now(session)
    row = session.execute(select(Lease.owner, Lease.expires_at).where(Lease.name == name)).first()
    if row is None:
        return False
    taken = row.owner is not None and row.owner != owner  # from an owner that stopped beating
    result = session.execute(
        update(Lease).where(Lease.name == name, or_(Lease.owner.is_(None), Lease.owner == owner,
                                                    Lease.expires_at < now))
        .values(owner=owner, acquired_at=now, renewed_at=now, expires_at=now + dt.timedelta(seconds=ttl),
                takeovers=Lease.takeovers + (1 if taken else 0))
        .returning(Lease.name))
    return result.first() is not None


def renew(session: Session, owner: str, ttls: dict[str, float]) -> set[str]:
    """Push the expiry of the leases we hold (name → ttl seconds); returns those still ours.

    A lease missing from the answer was taken over while we were not looking (a stall longer
    than its ttl): the caller must stop that work.

    The heartbeat never waits for a row lock: a lease row locked by a commit in progress (this
    daemon's own poll, whose fence renews it in that commit) is skipped and only read, so one
    slow commit cannot hold up the renewal of every other lease until they expire.
    """
    now = db_now(session)
    held: set[str] = set()
    by_ttl: dict[float, list[str]] = {}
    for name, ttl in ttls.items():
        by_ttl.setdefault(ttl, []).append(name)
    for ttl, names in by_ttl.items():
        free = (select(Lease.name).where(Lease.name.in_(names), Lease.owner == owner)
                .with_for_update(skip_locked=True))
        rows = session.execute(
            update(Lease).where(Lease.name.in_(free.scalar_subquery()))
            .values(renewed_at=now, expires_at=now + dt.timedelta(seconds=ttl)).returning(Lease.name)
            .execution_options(synchronize_session=False))
        held.update(r[0] for r in rows)
    skipped = set(ttls) - held
    if skipped:  # locked by a commit: still ours as far as the last commit says
        held.update(session.scalars(select(Lease.name).where(Lease.name.in_(skipped), Lease.owner == owner)))
    return held


def fence(session: Session, owner: str, name: str, ttl: float) -> None:
    """Renew ``name`` inside the caller's transaction, or raise :class:`LeaseLost`.

    Called in the transaction that commits a source's cursor: the row lock it takes makes a
    competing take-over wait for our commit, and a lease already lost rolls our commit back.
    One statement, the clock read inside it: this sits on every poll's commit path, and on a
    loaded machine each round trip to PostgreSQL is what a poll waits for most.
    """
    if session.get_bind().dialect.name == "postgresql":
        now: Any = func.clock_timestamp()
    else:
        now = utcnow()
    row = session.execute(
        update(Lease).where(Lease.name == name, Lease.owner == owner)
        .values(renewed_at=now, expires_at=now + dt.timedelta(seconds=ttl)).returning(Lease.name)).first()
    if row is None:
        raise LeaseLost(f"lease {name} is no longer held by {owner}")


def release(session: Session, owner: str, names: Iterable[str]) -> None:
    """Give leases back at once (hand-over on SIGTERM, rebalancing): the next beat of another
    daemon takes them, without waiting for expiry."""
    names = list(names)
    if names:
        session.execute(update(Lease).where(Lease.name.in_(names), Lease.owner == owner)
                        .values(owner=None, expires_at=db_now(session)))


def lease_rows(session: Session) -> list[Lease]:
    return list(session.scalars(select(Lease).order_by(Lease.name)))


def holders(session: Session) -> dict[str, tuple[str, dt.datetime | None]]:
    """Lease name → (holder, expiry) for the leases held and not expired."""
    now = db_now(session)
    return {r.name: (r.owner, r.expires_at) for r in session.scalars(select(Lease).where(
        Lease.owner.is_not(None), Lease.expires_at >= now))}


# ---------------------------------------------------------------------------- once per period


def claim_run(session: Session, job: str, period: str, daemon_id: str) -> bool:
    """Claim ``job`` for ``period`` in the caller's transaction; True: do the work, then commit.

    Another daemon's claim of the same period waits for ours; if we roll back (crash, error)
    it gets the claim and does the work instead.
    """
    return insert_once(session, JobRun, {"job": job, "period": period, "daemon": daemon_id,
                                         "at": db_now(session)}, ["job", "period"])
