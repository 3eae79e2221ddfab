"""Schema upgrades through Alembic: an empty database is brought to head by any command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from monitor.store.db import current_revision, head_revision, make_engine, upgrade

ROOT = Path(__file__).resolve().parents[1]


def test_empty_sqlite_database_is_upgraded_by_a_command(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env = {"WENZHENG_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "monitor", "db", "upgrade", "--config",
                           str(ROOT / "config" / "wenzheng.toml")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    engine = make_engine(url)
    assert current_revision(engine) == head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"accounts", "sources", "mentions", "cases", "case_events", "queue_entries",
            "notifications"} <= tables
    engine.dispose()


def test_upgrade_is_idempotent(db):
    upgrade(db.engine)
    upgrade(db.engine)
    assert current_revision(db.engine) == head_revision(db.engine)


def test_older_database_is_brought_to_head(tmp_path: Path):
    from alembic import command

    from monitor.store.context import open_app
    from monitor.store.db import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0001")
    assert "ix_case_events_account_kind_at" not in {
        ix["name"] for ix in inspect(engine).get_indexes("case_events")}
    app = open_app(ROOT / "config" / "wenzheng.toml", database_url=url)
    assert current_revision(app.engine) == head_revision(app.engine) != "0001"
    assert "ix_case_events_account_kind_at" in {
        ix["name"] for ix in inspect(app.engine).get_indexes("case_events")}
    app.close()
    engine.dispose()


def test_sqlite_times_are_bound_as_sqlalchemy_would_write_them():
    """UTCDateTime binds SQLite times by one call of its own (issue 19): the text must be the one
    ``process_bind_param`` and SQLAlchemy's ``DATETIME`` wrote, byte for byte, or stored rows
    would no longer compare and sort with new ones (SQLite compares the text)."""
    import datetime as dt

    from sqlalchemy.dialects import sqlite
    from sqlalchemy.types import TypeDecorator

    from monitor.store.models import UTCDateTime

    dialect = sqlite.dialect()
    kind = UTCDateTime()
    fast = kind._cached_bind_processor(dialect)  # noqa: SLF001 - what a statement's binding calls
    # process_bind_param, then SQLite DATETIME's own formatting
    chained = TypeDecorator.bind_processor(kind.dialect_impl(dialect), dialect)
    assert fast is not None and chained is not None
    east = dt.timezone(dt.timedelta(hours=8))
    values = [dt.datetime(2026, 12, 1, 21, 30, tzinfo=dt.UTC),  # no microseconds: still written
              dt.datetime(2026, 1, 1, 7, 59, 59, 999_999, tzinfo=east),  # the day before in UTC
              dt.datetime(2000, 2, 29, 0, 0, 0, 1, tzinfo=dt.UTC),
              dt.datetime(987, 3, 4, 5, 6, 7, tzinfo=dt.UTC),  # a year of three digits: padded
              dt.datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=dt.UTC)]
    for v in values:
        assert fast(v) == chained(v), v
    assert fast(None) is None and chained(None) is None
    naive = dt.datetime(2026, 12, 1, 21, 30)
    for process in (fast, chained):
        try:
            process(naive)
        except ValueError as err:
            assert "naive datetime" in str(err)
        else:
            raise AssertionError("a naive time was bound")


def test_sqlite_times_are_read_as_sqlalchemy_would_read_them():
    """UTCDateTime reads SQLite times by one function of its own (issue 19): the same aware UTC
    time as SQLAlchemy's ``DATETIME`` parse followed by ``process_result_value``, whatever text a
    row holds (written by us, by SQLite's own clock, or with an offset)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.types import TypeDecorator

    from monitor.store.models import UTCDateTime

    dialect = sqlite.dialect()
    kind = UTCDateTime()
    coltype = object()
    fast = kind._cached_result_processor(dialect, coltype)  # noqa: SLF001 - what a result calls
    chained = TypeDecorator.result_processor(kind.dialect_impl(dialect), dialect, coltype)
    assert fast is not None and chained is not None
    for text in ["2026-12-01 21:30:00.000000", "2026-01-01 07:59:59.999999", "0987-03-04 05:06:07.000000",
                 "2026-12-03 01:02:03", "2026-12-03", "2026-12-03T09:02:03.5+08:00"]:
        assert fast(text) == chained(text) and fast(text).tzinfo is chained(text).tzinfo, text
    assert fast(None) is None and chained(None) is None

def test_json_columns_codec_reads_back_what_json_did():
    """The JSON columns' serializer (orjson, issue 19) stores values that read back equal, by
    either decoder; what orjson would write differently or refuse goes to ``json`` as before."""
    import dataclasses
    import datetime as dt
    import enum
    import json

    import pytest

    from monitor.store import jsoncodec

    values = [{"text": "银川市 \u2028 \"引号\" \\ 😀", "n": None, "f": 0.1, "e": 2.5e-7, "big": 2**63 - 1,
               "l": [1, True, False, [], {}], "nested": {"a": {"b": ["c"]}}}, [], "", 0, -1.5]
    for v in values:
        text = jsoncodec.dumps(v)
        assert json.loads(text) == v and jsoncodec.loads(text) == v
        assert jsoncodec.loads(json.dumps(v)) == v  # rows written before read alike
        assert jsoncodec.loads(text.encode()) == v  # psycopg hands bytes
    # orjson would write these otherwise (or not at all): json's text, as before
    class Word(str):
        pass

    class Level(enum.IntEnum):
        HIGH = 2

    odd = [{1: "int key"}, {"k": Word("w")}, {"huge": 2**70}, {"lone": "\ud800"}]
    for v in odd:
        assert jsoncodec.dumps(v) == json.dumps(v)
    assert json.loads(jsoncodec.dumps({"level": Level.HIGH})) == {"level": 2}  # an enum: its value
    for v in [{"at": dt.datetime(2026, 12, 3, tzinfo=dt.UTC)}, {"obj": object()}]:
        with pytest.raises(TypeError):
            jsoncodec.dumps(v)

    @dataclasses.dataclass
    class Point:
        x: int

    with pytest.raises(TypeError):
        jsoncodec.dumps({"p": Point(1)})
    # texts orjson refuses, json reads (NaN written by json.dumps, an escaped lone surrogate)
    assert jsoncodec.loads('{"x": NaN}')["x"] != jsoncodec.loads('{"x": NaN}')["x"]
    assert jsoncodec.loads('"\\ud800"') == "\ud800"
    assert jsoncodec.loads(str(2**70)) == 2**70
