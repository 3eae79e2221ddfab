"""What keeps the daemon's memory flat (issue 19), and the tool that finds what grows.

No timing and no RSS thresholds here (those live in ``bench/soak.py``): each test checks a bound
by counting what the bounded thing holds.
"""

from __future__ import annotations

import linecache
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import column, select, table

from monitor.runtime import allocator
from monitor.runtime.memtrace import ENV, MemTrace
from monitor.store.db import SQLITE_STATEMENTS, make_engine


def _sqlite_memory_mb() -> float:
    figures = allocator.figures()
    if "sqlite" not in figures:
        pytest.skip("the SQLite library's counters are not reachable here")
    return figures["sqlite"]


def test_sqlite_statement_cache_is_bounded_whatever_the_in_lists(tmp_path: Path):
    """Every length of ``IN (…)`` is a statement of its own: 300 lengths of a few hundred ids
    prepared on one connection keep at most SQLITE_STATEMENTS of them, not all 300."""
    engine = make_engine(f"sqlite:///{tmp_path / 'in.db'}")
    t = table("t", column("id"), column("a"))
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)")
        conn.execute(select(t.c.id).where(t.c.id.in_([0]))).all()  # the connection's own set-up
        before = _sqlite_memory_mb()
        for n in range(200, 500):
            conn.execute(select(t.c.id, t.c.a).where(t.c.id.in_(list(range(n))))).all()
        grew = _sqlite_memory_mb() - before
    engine.dispose()
    # one such statement holds ~60 KB prepared: the default cache (128) would keep ~8 MB of
    # them, all 300 ~18 MB; the bound keeps SQLITE_STATEMENTS (~2 MB)
    assert SQLITE_STATEMENTS <= 32
    assert grew < 4.0, f"SQLite grew {grew:.1f} MB over 300 distinct IN lists"


def test_allocator_figures_name_where_memory_is():
    figures = allocator.figures()
    assert figures["rss"] > 0 and figures["py_blocks_k"] > 0
    if "py_arenas" in figures:  # pymalloc: its arenas (1 MiB each) hold every live small block
        assert figures["py_arenas"] >= 1 and 0 < figures["py_used"] <= figures["py_arenas"]
        assert 0 <= figures["py_free_pools"] <= figures["py_arenas"]
    if "malloc_used" in figures:  # glibc
        assert figures["malloc_used"] > 0 and figures["malloc_free"] >= 0
        assert allocator.trim() in (True, False)


def test_an_environment_arena_limit_wins(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert allocator.limit_arenas() is False


HELD: list[bytes] = []


def _grow() -> None:
    HELD.extend(bytes(4096) for _ in range(1500))  # ~6 MB held, from this line


def test_memtrace_reports_what_grew_since_its_baseline(tmp_path: Path):
    """The operators' tool (WENZHENG_TRACEMALLOC): after its baseline, an allocation that stays
    alive is reported with its size and the line of ours that made it."""
    out = tmp_path / "trace.txt"
    trace = MemTrace(out, frames=4)
    try:
        trace.take_baseline()
        _grow()
        trace.report()
    finally:
        tracemalloc.stop()
        HELD.clear()
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# baseline ")
    growth = [line for line in text.splitlines() if "KiB" in line]
    assert growth, text
    top = growth[0]
    assert "test_memory_bounds.py" in top, top
    assert float(top.split()[0]) > 5000  # KiB, of the ~6 MB held
    assert "| since baseline rss" in text


def test_memtrace_leaves_its_own_allocations_out_of_its_reports(tmp_path: Path):
    """The tool's own allocations (type counts, formatted lines) and linecache's source lines
    topped a soak's growth list (5 MB) above what the daemon grew. Three reports with the source
    cache emptied after the baseline: none lists the tool or linecache as a grower."""
    out = tmp_path / "trace.txt"
    trace = MemTrace(out, frames=6)
    try:
        trace.take_baseline()
        linecache.clearcache()  # every file a report formats is read again, and kept, after it
        _grow()
        for _ in range(3):
            trace.report()
    finally:
        tracemalloc.stop()
        HELD.clear()
    growth = [line for line in out.read_text(encoding="utf-8").splitlines() if "KiB" in line]
    assert len(growth) >= 3 and "test_memory_bounds.py" in growth[0], growth  # what did grow is still there
    own = [g for g in growth if "memtrace.py" in g or "linecache.py" in g]
    assert not own, own


def test_memtrace_without_frames_reports_the_allocators_only(tmp_path: Path):
    out = tmp_path / "figures.txt"
    trace = MemTrace(out, frames=0)
    trace.take_baseline()
    trace.report()
    assert not tracemalloc.is_tracing()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0].startswith("# baseline ") and " rss " in lines[0]
    assert "py_blocks_k" in lines[1] and "since baseline" in lines[1]


@pytest.mark.parametrize("value", ["abc", "-1", "nan"])
def test_a_bad_trace_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str) -> None:
    """WENZHENG_TRACEMALLOC_INTERVAL=abc must say which variable is wrong, not a bare float() error."""
    monkeypatch.setenv(ENV, str(tmp_path / "mem.txt"))
    monkeypatch.setenv(f"{ENV}_INTERVAL", value)
    with pytest.raises(ValueError, match=f"{ENV}_INTERVAL"):
        MemTrace.from_env()
