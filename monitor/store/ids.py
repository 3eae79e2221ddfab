"""Primary keys handed out before a flush, so the ORM writes each table with one ``executemany``.

Why: to learn the id the database gives a new row, the ORM inserts with ``RETURNING``, and to
match returned ids to objects it needs them in order. SQLite cannot promise that order, so the
ORM falls back to one ``INSERT … RETURNING`` per row: ingesting 5,000 mentions cost about 6,000
single-row statements for the timeline alone. When every new object already carries its id,
nothing needs returning and the ORM groups the rows of a table into one ``executemany`` (on
PostgreSQL, multi-row ``VALUES``).

How the ids are taken, and why that is safe:

* **PostgreSQL**: ``nextval`` of the column's own sequence, ``n`` values in one statement (one
  for all the tables a flush writes: :func:`allocate_many`). The
  sequence is what a plain ``INSERT`` would have used, so rows written elsewhere (Core inserts,
  other daemons) can never collide with these.
* **SQLite**: ``max(id) + 1 …`` read in the flush that inserts them, after a statement that
  writes nothing but takes the database's write lock. SQLite has one writer at a time, so no
  other connection can insert between that ``max`` and our ``INSERT``. Nothing is cached across
  flushes (but :func:`take`'s block), so a Core ``INSERT`` between two flushes of the same
  transaction is seen by the next ``max``; one statement reads the ``max`` of every table a
  flush writes. Plain ``INTEGER PRIMARY KEY`` tables (no
  ``AUTOINCREMENT``) choose ``max + 1`` themselves, so ids look exactly as before.

Only the tables the ingest hot path writes many rows of are listed in :data:`ALLOCATED`; an
object whose id was set by its caller keeps it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, case as sql_case, event, func, inspect, select, text
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from monitor.store.bulk import insert_rows, update_rows

_SEQUENCES: dict[tuple[int, str], str] = {}  # (id of the engine, table) → its sequence name


def allocate(session: Session, table: Any, n: int) -> list[int]:
    """``n`` new ids for ``table`` (its integer ``id`` column), valid in this transaction."""
    return allocate_many(session, [(table, n)])[0]


def allocate_many(session: Session, wanted: Sequence[tuple[Any, int]],
                  prime: Sequence[Any] = ()) -> list[list[int]]:
    """New ids for several tables at once: for each ``(table, n)``, ``n`` ids, in one statement.

    Why one: a flush that writes a batch's events, assignments and queue entries took their ids
    with a statement per table, and a batch's statements are mostly such fixed ones (at 250 items
    a batch, about one a mention in four: issue 19, docs/deploy.md, eighth session). The ids are
    the ones :func:`allocate` would give each table in turn: on SQLite every ``max`` is read
    after the write lock, in the flush that inserts the rows; on PostgreSQL each table's
    sequence gives its ``n`` values (one ``UNION ALL`` arm each, sorted back into order).

    ``prime``: tables whose :func:`take` block the transaction will start later (an ingest
    batch's new clusters): on SQLite their ``max`` is read in the same statement, so the block
    needs no statement of its own (what :func:`take` would read then, since the write lock is
    held and only :func:`take` adds to such a table in the batch). PostgreSQL's block is a
    sequence's values, taken when needed: taken here, a batch founding no cluster would leave
    a gap in the ids."""
    wanted = [(table, n) for table, n in wanted]
    out: list[list[int]] = [[] for _ in wanted]
    live = [(i, table, n) for i, (table, n) in enumerate(wanted) if n > 0]
    if not live:
        return out
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        arms, params = [], {}
        for i, table, n in live:
            params[f"s{i}"], params[f"n{i}"] = _sequence(conn, table), n
            arms.append(f"SELECT {i} AS k, nextval(:s{i}) AS v FROM generate_series(1, :n{i})")
        for k, v in conn.execute(text(" UNION ALL ".join(arms)), params):
            out[k].append(v)
        for ids in out:
            ids.sort()  # each sequence's values come in order; sorted, whatever the plan did
        return out
    _lock_for_writing(session)  # first: nothing inserts between the max() and our INSERT
    pool = session.info.setdefault(_POOL, {})
    primed = [t for t in prime if ("end", t.name) not in pool]
    tops = conn.execute(select(*(select(func.max(table.c.id)).scalar_subquery()
                                 for table in [*(t for _i, t, _n in live), *primed]))).one()
    for (i, _table, n), top in zip(live, tops, strict=False):
        out[i] = list(range((top or 0) + 1, (top or 0) + 1 + n))
    for table, top in zip(primed, tops[len(live):], strict=True):
        pool[("end", table.name)] = (top or 0) + 1
    return out


def _sequence(conn: Any, table: Any) -> str:
    """The sequence behind ``table``'s ``id`` on PostgreSQL (looked up once an engine)."""
    key = (id(conn.engine), table.name)
    seq = _SEQUENCES.get(key)
    if seq is None:
        seq = _SEQUENCES[key] = conn.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar_one()
    return seq


_LOCKED = "wenzheng_sqlite_write_lock"
_LOCK = text("DELETE FROM mentions WHERE id = -1")  # no row has it: writes nothing, takes the lock


def _lock_for_writing(session: Session) -> None:
    """Take SQLite's write lock now, once a transaction: a statement that writes nothing still
    takes it, held to the commit or rollback, so no other connection can insert between a
    ``max(id)`` read after it and our ``INSERT``."""
    if not session.info.get(_LOCKED):
        session.connection().execute(_LOCK)
        session.info[_LOCKED] = True


def _forget_lock(session: Session, *_args: Any) -> None:
    session.info.pop(_LOCKED, None)


_DEFAULTED: dict[type, list[tuple[str, Any]]] = {}


def _defaulted(cls: type) -> list[tuple[str, Any]]:
    """(attribute, column default) of each column of ``cls`` with a Python-side default, and
    (attribute, None) of each nullable column with no default at all (it is inserted NULL)."""
    got = _DEFAULTED.get(cls)
    if got is None:
        got = []
        for prop in inspect(cls).column_attrs:
            col = prop.columns[0]
            default = col.default
            if default is not None and (default.is_scalar or default.is_callable):
                got.append((prop.key, default))
            elif default is None and col.server_default is None and col.nullable and not col.primary_key:
                got.append((prop.key, None))
        _DEFAULTED[cls] = got
    return got


def _fill_defaults(obj: Any) -> None:
    """Set the defaults the ORM would leave to the INSERT: the ORM groups a table's rows into one
    statement only while their sets of columns agree, and an event whose ``actor`` was given
    next to one whose was not would start a new statement each time. A column left NULL is set
    to None for the same reason."""
    state = obj.__dict__
    for key, default in _defaulted(type(obj)):
        if key not in state:
            if default is None:
                setattr(obj, key, None)
            else:
                setattr(obj, key, default.arg(None) if default.is_callable else default.arg)


def assign_ids(session: Session, _ctx: Any, _instances: Any) -> None:
    """``before_flush``: give every new object of an :data:`ALLOCATED` class its id, and write the
    plain rows :func:`add_row` kept, numbered together with the objects in the order both were
    added (a timeline read by id, as tests and tools do, keeps the order of the calls)."""
    pending: dict[Any, list[tuple[float, Any]]] = defaultdict(list)
    for obj in session.new:
        if type(obj) in ALLOCATED and getattr(obj, "id", None) is None:
            _fill_defaults(obj)
            pending[type(obj).__table__].append((inspect(obj).insert_order or 0, obj))
    rows = session.info.pop(_ROWS, None) or {}
    for table, kept in rows.items():
        pending[table].extend((mark + 0.5, row) for mark, row in kept)
    conn = None
    tables = list(pending)
    for table, entries, new_ids in zip(
            tables, [pending[t] for t in tables],
            allocate_many(session, [(t, len(pending[t])) for t in tables]), strict=True):
        if table in rows:
            entries.sort(key=lambda e: e[0])  # stable: rows of one mark keep their order
        plain = []
        for (_key, obj), new_id in zip(entries, new_ids, strict=True):
            if isinstance(obj, dict):
                obj["id"] = new_id
                plain.append(obj)
            else:
                obj.id = new_id
        if plain:
            conn = conn or session.connection()
            insert_rows(conn, table, _complete(table, plain))


def grouped_updates(session: Session, _ctx: Any, _instances: Any) -> None:
    """``before_flush``: write the changed rows of an :data:`ALLOCATED` class with one statement
    per table (:func:`~monitor.store.bulk.update_rows`: an ``executemany``, on PostgreSQL one
    ``UPDATE … FROM unnest``), before the ORM would write them one by one.

    Why: the ORM groups a table's UPDATEs into one statement only while *consecutive* rows (in
    primary-key order) change the same columns; an ingest batch changes ``cluster_id`` on some
    cases, ``last_activity_at`` on others and both on a few, interleaved, and paid one statement
    per case (about 0.3 per mention). Grouped by their sets of columns they were still a
    statement per set, nine a batch for cases alone (issue 19, eighth session); now one. Only
    the columns that really changed are written (writing the others back could undo what
    another transaction committed meanwhile): a column some rows change and others do not is
    set with ``CASE WHEN <this row changes it> THEN <its value> ELSE <the stored value> END``,
    the stored value read under the row's lock as the ``UPDATE`` writes it, as if the column
    were not named. The rows are then marked written, so the flush itself leaves them alone.
    """
    groups: dict[type, list[tuple[Any, frozenset[str]]]] = defaultdict(list)
    for obj in session.dirty:
        cls = type(obj)
        if cls not in ALLOCATED:
            continue
        state = inspect(obj)
        if state.key is None or state.deleted:
            continue
        columns = _columns(cls)
        # a column set again to the value it had is not written: only real changes count
        now, before = state.dict, state.committed_state
        keys = frozenset(k for k, old in before.items() if k in columns and now.get(k, _GONE) != old)
        if keys:
            groups[cls].append((obj, keys))
    conn = None
    # in one order every transaction shares (tables, then primary keys): two batches updating
    # the same stored rows (cases joining one cluster) in different orders deadlocked
    # (bench/daemons.py: a few a run, each failing a whole poll)
    for cls in sorted(groups, key=lambda c: c.__name__):
        changed = sorted(groups[cls], key=lambda e: e[0].id)
        if len(changed) < 2:
            continue  # the ORM writes a lone row as well as we would
        table = cls.__table__  # type: ignore[attr-defined]
        onupdate = _onupdate(cls)
        written: list[tuple[Any, frozenset[str]]] = []
        for obj, keys in changed:
            for k, d in onupdate:
                if k not in keys:  # stamped as the ORM's UPDATE would
                    setattr(obj, k, d.arg(None) if d.is_callable else d.arg)
            written.append((obj, keys | {k for k, _d in onupdate}))
        names = sorted(set().union(*(keys for _obj, keys in written)))
        everywhere = {k for k in names if all(k in keys for _obj, keys in written)}
        params = []
        for obj, keys in written:
            row: dict[str, Any] = {"b_pk": obj.id}
            for k in names:
                row[f"b_{k}"] = getattr(obj, k) if k in keys else None
                if k not in everywhere:
                    row[f"w_{k}"] = k in keys
            params.append(row)
        columns = {k: table.c[_attr_column(cls, k)] for k in names}
        types: dict[str, Any] = {"b_pk": table.c.id.type}
        for k, c in columns.items():
            types[f"b_{k}"] = c.type
            if k not in everywhere:
                types[f"w_{k}"] = Boolean()

        def assign(src: Any, columns: dict[str, Any] = columns,
                   everywhere: set[str] = everywhere) -> dict[Any, Any]:
            return {c: src(f"b_{k}") if k in everywhere
                    else sql_case((src(f"w_{k}"), src(f"b_{k}")), else_=c)
                    for k, c in columns.items()}

        conn = conn or session.connection()
        update_rows(conn, table, types, params, lambda src, table=table: table.c.id == src("b_pk"), assign)
        for obj, keys in written:
            for k in keys:
                set_committed_value(obj, k, getattr(obj, k))
            # nothing else changed (no relationship, no column set to its old value): the row is
            # as stored, so take it out of the flush, which would walk it again to find nothing
            state = inspect(obj)
            if not state.committed_state and "_pending_mutations" not in state.__dict__:
                state._commit_all(state.dict, session.identity_map)  # noqa: SLF001


_GONE = object()  # an attribute the object no longer holds (expired): never equal to a value

_ONUPDATE: dict[type, list[tuple[str, Any]]] = {}


def _onupdate(cls: type) -> list[tuple[str, Any]]:
    """(attribute, Python-side ``onupdate``) of the columns of ``cls`` stamped on every UPDATE."""
    got = _ONUPDATE.get(cls)
    if got is None:
        got = _ONUPDATE[cls] = [(p.key, p.columns[0].onupdate) for p in inspect(cls).column_attrs
                                if p.columns[0].onupdate is not None
                                and (p.columns[0].onupdate.is_scalar or p.columns[0].onupdate.is_callable)]
    return got


def _attr_column(cls: type, key: str) -> str:
    return inspect(cls).column_attrs[key].columns[0].key


_COLUMNS: dict[type, frozenset[str]] = {}


def _columns(cls: type) -> frozenset[str]:
    got = _COLUMNS.get(cls)
    if got is None:
        got = _COLUMNS[cls] = frozenset(p.key for p in inspect(cls).column_attrs)
    return got


_POOL = "wenzheng_id_pool"  # session.info: table name → ids not handed out yet
_EARLY = "wenzheng_early_rows"  # session.info: objects to insert before the next flush writes
POOL_BLOCK = 32


def take(session: Session, table: Any) -> int:
    """One new id for ``table``, from a block taken for this transaction: a row whose id is
    needed at once (a cluster's, written into its members' rows and events) without a statement
    per row. Only for rows inserted with :func:`insert_early` in the same transaction: on SQLite
    the block continues from ``max(id)`` read once, which nothing else may advance meanwhile
    (the write lock is held; no other writer of the table runs in an ingest batch)."""
    pool = session.info.setdefault(_POOL, {})
    free = pool.get(table.name)
    if not free:
        if session.connection().dialect.name == "postgresql":
            free = allocate(session, table, POOL_BLOCK)  # sequence values: never handed out twice
        else:
            start = pool.get(("end", table.name)) or allocate(session, table, 1)[0]
            free = list(range(start, start + POOL_BLOCK))
            pool[("end", table.name)] = start + POOL_BLOCK
        free.reverse()
        pool[table.name] = free
    return free.pop()


def insert_early(session: Session, obj: Any) -> None:
    """Keep the new ``obj`` (its id set by :func:`take`) in the session as if stored, and insert it,
    with its values as they are then, when the session next writes (one ``executemany`` per
    table for all such rows): its table comes before the rows that refer to it, which the ORM's
    own order (alphabetical between unrelated classes) would not promise."""
    for prop in _all_columns(type(obj)):
        if prop.key not in obj.__dict__:
            setattr(obj, prop.key, None)
    make_transient_to_detached(obj)
    session.add(obj)
    session.info.setdefault(_EARLY, []).append(obj)  # held here: the session holds it weakly


def is_early(session: Session, obj: Any) -> bool:
    """Kept by :func:`insert_early` and not written yet (its row is inserted with its values as
    they will be at the next write)."""
    return any(o is obj for o in session.info.get(_EARLY, ()))


def write_early(session: Session, *_args: Any) -> None:
    """``before_flush`` and ``before_commit``: insert the rows :func:`insert_early` kept."""
    early = session.info.pop(_EARLY, None)
    if not early:
        return
    by_class: dict[type, list[Any]] = defaultdict(list)
    for obj in early:
        by_class[type(obj)].append(obj)
    conn = session.connection()
    for cls, objs in by_class.items():
        props = _all_columns(cls)
        insert_rows(conn, cls.__table__,  # type: ignore[attr-defined]
                    [{p.columns[0].key: getattr(o, p.key) for p in props} for o in objs])
        for o in objs:  # written as they are now: nothing left for the flush to update
            for p in props:
                set_committed_value(o, p.key, getattr(o, p.key))


_ROWS = "wenzheng_plain_rows"  # session.info: table → [(mark, row)] to insert when it next writes


def add_row(session: Session, table: Any, row: dict[str, Any]) -> None:
    """Insert ``row`` (column → value, no id) into ``table`` when the session next writes.

    Why: a row nothing reads back in the transaction (a ``created``, ``classified`` or
    ``assigned`` event) cost about four times as much as an ORM object (its construction,
    instrumentation, the unit of work's bookkeeping and its registration as persistent) as it
    does as a plain dict given to one Core ``executemany``. The rows are written by the next
    flush (:func:`assign_ids`: their ids interleave with the new objects' in the order both were
    added, kept by the ORM's own count of pending objects), by the commit, and by a query of a
    session that autoflushes. An explicit flush of a session with no ORM work does nothing (not
    even its hooks), so such a caller reading the rows back calls :func:`write_rows` first.
    """
    # the ORM numbers a pending object by how many were pending once it was added: a row added
    # now comes after those and before the next one
    session.info.setdefault(_ROWS, {}).setdefault(table, []).append(
        (len(session._new), row))  # noqa: SLF001 - the same count, without copying the set


_ROW_DEFAULTS: dict[Any, list[tuple[str, Any]]] = {}


def _row_defaults(table: Any) -> list[tuple[str, Any]]:
    """(column, its Python-side default or None) for every column but the primary key."""
    got = _ROW_DEFAULTS.get(table)
    if got is None:
        got = _ROW_DEFAULTS[table] = [
            (c.key, c.default if c.default is not None and (c.default.is_scalar or c.default.is_callable)
             else None)
            for c in table.columns if not c.primary_key]
    return got


def _complete(table: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row with every column (defaults filled as the ORM would), so the driver batches them."""
    defaults = _row_defaults(table)
    full = []
    for row in rows:
        out = {"id": row["id"]}
        for key, default in defaults:
            if key in row:
                out[key] = row[key]
            elif default is None:
                out[key] = None
            else:
                out[key] = default.arg(None) if default.is_callable else default.arg
        full.append(out)
    return full


def write_rows(session: Session, *_args: Any) -> None:
    """Insert the rows :func:`add_row` kept now, when no ORM object is pending (else the flush
    does it, numbering both together). Also the ``before_commit`` hook: the commit's own flush
    comes after it."""
    if not session.info.get(_ROWS) or session._new:  # noqa: SLF001
        return
    conn = session.connection()
    kept = [(table, [row for _mark, row in got]) for table, got in session.info.pop(_ROWS).items()]
    for (table, rows), new_ids in zip(
            kept, allocate_many(session, [(t, len(r)) for t, r in kept]), strict=True):
        for row, new_id in zip(rows, new_ids, strict=True):
            row["id"] = new_id
        insert_rows(conn, table, _complete(table, rows))


def _autoflush_rows(orm_execute_state: Any) -> None:
    """``do_orm_execute``: a query in an autoflushing session sees the kept rows, as it would see
    pending ORM objects (the ingest turns autoflush off and flushes where it needs to)."""
    session = orm_execute_state.session
    if session.autoflush and session.info.get(_ROWS):
        if session._new:  # noqa: SLF001 - numbered with the pending objects, in one flush
            session.flush()
        else:
            write_rows(session)


def _forget_rows(session: Session, previous: Any = None) -> None:
    """``after_commit`` and ``after_soft_rollback``: a rollback drops the rows not written yet; a
    savepoint's rollback keeps what was added before it (no caller adds rows inside one). Not
    ``after_rollback``, which a savepoint's rollback fires too without saying so."""
    if previous is not None and getattr(previous, "nested", False):
        return
    session.info.pop(_ROWS, None)


def _all_columns(cls: type) -> list[Any]:
    return list(inspect(cls).column_attrs)


def _forget_early(session: Session, *_args: Any) -> None:
    session.info.pop(_EARLY, None)
    session.info.pop(_POOL, None)


ALLOCATED: set[type] = set()


def install(*classes: type) -> None:
    """Allocate ids for ``classes`` in every session (idempotent)."""
    ALLOCATED.update(classes)
    if not event.contains(Session, "before_flush", assign_ids):
        # rows kept for early insertion first: the rows and updates that follow may refer to them
        event.listen(Session, "before_flush", write_early)
        event.listen(Session, "before_commit", write_early)
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(Session, name, _forget_early)
        # plain rows are written by assign_ids, or by the commit when no object is pending
        event.listen(Session, "before_commit", write_rows)
        event.listen(Session, "after_commit", _forget_rows)
        event.listen(Session, "after_soft_rollback", _forget_rows)
        event.listen(Session, "do_orm_execute", _autoflush_rows)
        event.listen(Session, "before_flush", assign_ids)
        event.listen(Session, "before_flush", grouped_updates)
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(Session, name, _forget_lock)


def insert_objects(session: Session, objs: Sequence[Any], new_ids: Sequence[int] | None = None) -> None:
    """Insert new objects of one class with one Core statement (``executemany``, ``COPY`` on
    PostgreSQL), ids taken here; the objects stay out of the session (:func:`keep_as_stored`).

    Why: the ORM's insert of a batch's new cases (its unit of work sorting them, collecting
    each one's values, then registering each as persistent) cost several times the statement
    itself. The values written are the ones the ORM would write: a column the object does not
    hold, or holds as None where None means "not given", gets the column's default, and the
    object is given that value too, as the ORM leaves it after its ``INSERT``. ``new_ids``: ids
    the caller took for them (:func:`allocate_many`, with another table's), else taken here.
    """
    if not objs:
        return
    cls = type(objs[0])
    table = cls.__table__
    mapper = inspect(cls)
    as_value = mapper._insert_cols_evaluating_none[table]  # noqa: SLF001 - the ORM's own rule
    columns = [(p.key, p.columns[0]) for p in _all_columns(cls)]
    rows = []
    if new_ids is None:
        new_ids = allocate(session, table, len(objs))
    for obj, new_id in zip(objs, new_ids, strict=True):
        obj.id = new_id
        held = obj.__dict__
        row = {}
        for key, col in columns:
            value = held.get(key, _GONE)
            if value is _GONE or (value is None and col not in as_value):
                default = col.default
                value = (None if default is None or not (default.is_scalar or default.is_callable)
                         else default.arg(None) if default.is_callable else default.arg)
                setattr(obj, key, value)
            row[col.key] = value
        rows.append(row)
    insert_rows(session.connection(), table, rows)


def keep_as_stored(session: Session, objs: Sequence[Any]) -> None:
    """Add objects :func:`insert_objects` wrote to the session as stored rows (persistent, no
    change pending): later changes are written as updates, and ``session.get`` finds them.

    Called once every write of the step that may fail on another writer's row has been made: an
    object attached this way is not one the session added, so a savepoint's rollback would not
    take it out again."""
    for obj in objs:
        make_transient_to_detached(obj)
        session.add(obj)
