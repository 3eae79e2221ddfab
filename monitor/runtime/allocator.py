"""The daemon's C heap: keep glibc malloc from holding on to freed memory, and say where memory is.

Why (issue 19, docs/deploy.md "Memory"): in a soak the daemon's Python objects stayed flat while
its RSS climbed. What climbed was C memory allocated from the worker threads (SQLite's page
caches and prepared statements, buffers above pymalloc's 512-byte limit): glibc gives each
thread that contends an arena of its own (up to 8 per core) and returns a freed chunk to the
system only when it is at the top of its arena's heap. Freed memory in the middle of an arena
stays resident, and spread over many arenas it only grows. Two remedies, both glibc's own
knobs, nothing of ours in between:

* :func:`limit_arenas`: at most :data:`ARENAS` arenas (``mallopt(M_ARENA_MAX)``, what
  ``MALLOC_ARENA_MAX`` does): the worker threads share their free lists instead of each keeping
  its own. An environment's ``MALLOC_ARENA_MAX`` wins.
* :func:`trim`: ``malloc_trim(0)`` once a minute (a daemon job): glibc hands the free pages
  inside every arena back to the kernel (``MADV_DONTNEED``), not only those at the top.

Elsewhere than glibc (macOS, musl) both do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ARENAS = 2
"""malloc arenas: the event loop's thread and the workers (polls, sweeps, the web's reads)."""
M_ARENA_MAX = -8  # glibc's mallopt parameter number


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


@functools.cache
def _glibc() -> Any:
    """glibc, or None (another C library, or glibc older than 2.33 without ``mallinfo2``)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallinfo2.restype = _MallInfo2
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        return libc
    except (OSError, AttributeError):
        return None


@functools.cache
def _libsqlite() -> Any:
    """The SQLite library Python's ``sqlite3`` is linked with (its counters are process-wide)."""
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        return lib
    except (OSError, AttributeError):
        return None


def limit_arenas(n: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (call before the worker threads start); False if not applied."""
    libc = _glibc()
    if libc is None or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return bool(libc.mallopt(M_ARENA_MAX, n))


def trim() -> bool:
    """Give the free memory of every malloc arena back to the kernel; False if nothing was."""
    libc = _glibc()
    return bool(libc.malloc_trim(0)) if libc is not None else False


def rss_mb() -> float:
    """The process's resident set (Linux ``/proc``; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


_PYMALLOC = {
    "py_arenas": re.compile(r"^# arenas allocated current\s*=\s*([\d,]+)", re.M),
    "py_used": re.compile(r"^# bytes in allocated blocks\s*=\s*([\d,]+)", re.M),
    "py_free_pools": re.compile(r"^\d+ unused pools \* \d+ bytes\s*=\s*([\d,]+)", re.M),
}


def pymalloc() -> dict[str, float]:
    """Python's small-object allocator in MB: arenas held (RSS, as pymalloc never hands back a
    part of an arena), bytes in live blocks, and empty pools inside held arenas. The gap between
    held and used is fragmentation: an arena is released only once every block in it is free,
    so a few long-lived objects keep a whole MiB resident. CPython prints these only to the C
    ``stderr`` (``sys._debugmallocstats``), so fd 2 is pointed at a temporary file meanwhile:
    a debug report's figure, not for a hot path. Empty where the build has no pymalloc."""
    with tempfile.TemporaryFile() as f:
        saved = os.dup(2)
        try:
            sys.stderr.flush()
            os.dup2(f.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        f.seek(0)
        text = f.read().decode("ascii", "replace")
    out = {}
    for name, pattern in _PYMALLOC.items():
        m = pattern.search(text)
        if m:
            n = int(m.group(1).replace(",", ""))
            out[name] = n if name == "py_arenas" else n / 2**20
    return out


def figures() -> dict[str, float]:
    """Where the process's memory is, in MB, from the allocators themselves (cheap, no tracing):
    Python's small-object allocator (thousands of blocks in use, arenas held, :func:`pymalloc`), C ``malloc`` (in use, and free but kept inside its arenas: fragmentation),
    SQLite (all of it, and its page caches)."""
    out = {"rss": rss_mb(), "py_blocks_k": sys.getallocatedblocks() / 1000, **pymalloc()}
    libc = _glibc()
    if libc is not None:
        mi = libc.mallinfo2()
        out.update(malloc_used=(mi.uordblks + mi.hblkhd) / 2**20, malloc_free=mi.fordblks / 2**20)
    lite = _libsqlite()
    if lite is not None:
        cur, high = ctypes.c_int64(), ctypes.c_int64()
        lite.sqlite3_status64(2, ctypes.byref(cur), ctypes.byref(high), 0)  # PAGECACHE_OVERFLOW
        out.update(sqlite=lite.sqlite3_memory_used() / 2**20, sqlite_pages=cur.value / 2**20)
    return out
