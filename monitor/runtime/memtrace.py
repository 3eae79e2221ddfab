"""What grows in a running daemon: tracemalloc snapshots compared over time (an operator's tool).

Off unless ``WENZHENG_TRACEMALLOC=FILE`` is set when the daemon starts. Then,
``WENZHENG_TRACEMALLOC_WARMUP`` seconds after start (default 120: after the first polls, once
dictionaries and models are loaded), the daemon starts tracing its allocations
(``WENZHENG_TRACEMALLOC_FRAMES`` frames per traceback, default 8) and takes a *baseline*
snapshot; every
``WENZHENG_TRACEMALLOC_INTERVAL`` seconds (default 300), and on ``SIGUSR2``, appends to FILE a
report: the process's RSS, the traced total, and the allocations that grew most since the
baseline, grouped by traceback (the innermost frame of ours first), plus the live Python objects
per type that grew most. Something that grows with time shows up in every report, larger.

Tracing starts after the warm-up, not with the process: what was allocated before is not
growth, and loading the dictionaries under tracing takes minutes. Why a debug switch and not
always on: tracing costs the daemon CPU and memory (each traced block carries its traceback).
It answers the question "what grows?" on a live installation without a profiler
attached; issue 19's soak found its causes with it (docs/deploy.md, "Memory").
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import linecache
import os
import signal
import tracemalloc
from collections import Counter
from pathlib import Path

import structlog

from monitor.runtime.allocator import figures as allocators

log = structlog.get_logger("wenzheng.memtrace")

ENV = "WENZHENG_TRACEMALLOC"
TOP = 25  # tracebacks per report
OUR_CODE = (f"{os.sep}monitor{os.sep}", f"{os.sep}adapters{os.sep}")


def describe(figures: dict[str, float]) -> str:
    return " ".join(f"{k} {v:.1f}" for k, v in figures.items())


def type_counts() -> Counter[str]:
    """Live objects the collector tracks, per type name (what a leak of objects looks like)."""
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def _env_float(name: str, default: float) -> float:
    """A non-negative number from the environment; a bad one names the variable (the daemon refuses to start)."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r}: not a number") from None
    if not value >= 0:  # also NaN
        raise ValueError(f"{name}={raw!r}: must be a number ≥ 0")
    return value


class MemTrace:
    """Baseline, then periodic and on-demand reports of what grew since it.

    ``frames`` 0: the allocators' figures only (:func:`allocators`, no tracing, no cost worth
    naming: a line per interval). Otherwise also tracemalloc's growth by traceback and the
    live objects' growth by type.
    """

    def __init__(self, path: Path, *, frames: int = 8, warmup: float = 120.0, interval: float = 300.0) -> None:
        self.path = path
        self.frames = frames
        self.warmup = warmup
        self.interval = interval
        self.baseline: tracemalloc.Snapshot | None = None
        self.base: dict[str, float] | None = None
        self.base_types: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_env(cls) -> MemTrace | None:
        target = os.environ.get(ENV)
        if not target:
            return None
        return cls(Path(target), frames=int(_env_float(f"{ENV}_FRAMES", 8)),
                   warmup=_env_float(f"{ENV}_WARMUP", 120.0), interval=_env_float(f"{ENV}_INTERVAL", 300.0))

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="memtrace")
        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR2, self.report)
        log.info("memtrace.started", file=str(self.path), frames=self.frames)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        asyncio.get_running_loop().remove_signal_handler(signal.SIGUSR2)
        if tracemalloc.is_tracing():
            tracemalloc.stop()

    async def _run(self) -> None:
        await asyncio.sleep(self.warmup)
        self.take_baseline()
        while True:
            await asyncio.sleep(self.interval)
            self.report()

    def _snapshot(self) -> tracemalloc.Snapshot:
        """The traces, without the tool's own (anything it allocated, at any depth: its reports'
        type counts and formatted lines grew 2–3 MB over a soak's reports) nor ``linecache``'s
        (a stack formatted anywhere keeps its source files' lines, 2 MB, once): both topped the
        growth the reports are read for (issue 19, 2 December 2026)."""
        return tracemalloc.take_snapshot().filter_traces((
            tracemalloc.Filter(False, tracemalloc.__file__),
            tracemalloc.Filter(False, linecache.__file__),
            tracemalloc.Filter(False, __file__, all_frames=True),
            tracemalloc.Filter(False, "<frozen importlib._bootstrap>"),
        ))

    def take_baseline(self) -> None:
        gc.collect()  # what is garbage is not growth
        if self.frames > 0:
            if not tracemalloc.is_tracing():
                tracemalloc.start(self.frames)
            self.baseline = self._snapshot()
            self.base_types = type_counts()
        self.base = allocators()
        self._write(f"# baseline {_now()} {describe(self.base)}\n")

    def report(self) -> None:
        """Append the growth since the baseline (the baseline itself when there is none yet)."""
        if self.base is None:
            self.take_baseline()
            return
        gc.collect()
        figures = allocators()
        grew = {k: v - self.base.get(k, 0.0) for k, v in figures.items()}
        lines = [f"# {_now()} {describe(figures)} | since baseline {describe(grew)}"]
        if self.baseline is not None:
            lines += self._growth()
        self._write("\n".join(lines) + "\n")
        log.info("memtrace.report", file=str(self.path), **{k: round(v, 1) for k, v in figures.items()})

    def _growth(self) -> list[str]:
        assert self.baseline is not None
        lines = [f"## traced {tracemalloc.get_traced_memory()[0] / 2**20:.1f} MB; grown most, by traceback"]
        for st in self._snapshot().compare_to(self.baseline, "traceback")[:TOP]:
            if st.size_diff <= 0:
                break
            frames = st.traceback.format(most_recent_first=True)
            ours = next((f for f in frames if any(p in f for p in OUR_CODE)), frames[0] if frames else "?")
            lines.append(f"{st.size_diff / 1024:+10.1f} KiB {st.count_diff:+8d} blocks  {ours.strip()}")
            lines.extend(f"{'':>30}{f.strip()}" for f in frames)
        grown = type_counts()
        grown.subtract(self.base_types)
        lines.append("## live objects grown, by type")
        lines.extend(f"{n:+10d}  {name}" for name, n in grown.most_common(15) if n > 0)
        return [*lines, ""]

    def _write(self, text: str) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(text)


def _now() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
