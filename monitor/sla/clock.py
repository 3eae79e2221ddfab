"""Counting working time: the arithmetic behind paused clocks, at-risk shares and business hours.

A *working clock* runs only during its windows: the whole of each workday (business hours off), or
each workday's business hours. Two operations are enough for every rule in :mod:`monitor.sla`:
how much working time lies between two instants, and which instant lies a given amount of
working time after another. A case waiting for the citizen (待补充) keeps its remaining working
time and gets it back when the citizen answers, so a pause over a weekend costs nothing.
"""

from __future__ import annotations

import bisect
from calendar import isleap
import datetime as dt
import threading
from dataclasses import dataclass

from monitor.sla.calendar import WorkCalendar
from monitor.core.timeutil import SHANGHAI, UTC, to_local

_MAX_DAYS = 3660


def local_midnight(day: dt.date) -> dt.datetime:
    """00:00 Asia/Shanghai of ``day`` as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=SHANGHAI).astimezone(UTC)


def day_at(day: dt.date, offset: dt.timedelta) -> dt.datetime:
    """``offset`` after local midnight of ``day`` (``24:00`` is the next midnight), in UTC."""
    return local_midnight(day) + offset


_YEARS_KEPT = 64
"""Year tables a clock keeps (the oldest built goes first): a deployment asks about a handful of years; a stray date far
away costs one table, never an unbounded cache."""

_US = dt.timedelta(microseconds=1)
_BUILD_LOCK = threading.Lock()


def _us(delta: dt.timedelta) -> int:
    """A timedelta as whole microseconds (exact: timedeltas are integers of microseconds)."""
    return delta // _US


@dataclass(frozen=True)
class _YearTable:
    """One year's windows and the working time before each day of it.

    ``cum[i]`` is the working time (µs) of days ``0 … i-1`` of the year, so the working time of
    any run of whole days is one subtraction, and the day where a given amount runs out is one
    bisection: this is what makes :meth:`WorkClock.seconds_between`, :meth:`~WorkClock.advance`
    and :meth:`~WorkClock.retreat` cost a few years at most instead of a walk over every day.
    """

    first: int  # ordinal of 1 January
    starts: tuple[dt.datetime | None, ...]
    ends: tuple[dt.datetime | None, ...]
    cum: tuple[int, ...]


@dataclass(frozen=True)
class WorkClock:
    """Working time on ``calendar``: whole workdays, or only ``hours`` (start, end) of each workday.

    Each day's window comes from a per-year table built once (windows and cumulative working
    time), so the arithmetic does not walk day by day. The results are those of the day walk
    (``tests/test_sla_clock_parity.py`` checks it across holidays and 调休), including its ten-year
    cap.
    """

    calendar: WorkCalendar
    hours: tuple[dt.timedelta, dt.timedelta] | None = None

    # ------------------------------------------------------------------ tables

    def _window_uncached(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if not self.calendar.is_workday(day):
            return None
        start, end = self.hours or (dt.timedelta(0), dt.timedelta(days=1))
        return day_at(day, start), day_at(day, end)

    def _year(self, year: int) -> _YearTable:
        # frozen dataclass: the tables live in the instance dict, beside the fields (not compared);
        # a lookup takes no lock (a dict read is atomic), a build does, and the oldest year goes
        # first when more than _YEARS_KEPT were built
        tables: dict[int, _YearTable] = self.__dict__.setdefault("_tables", {})
        table = tables.get(year)
        if table is not None:
            return table
        first = dt.date(year, 1, 1)
        starts: list[dt.datetime | None] = []
        ends: list[dt.datetime | None] = []
        cum = [0]
        for i in range(366 if isleap(year) else 365):
            w = self._window_uncached(first + dt.timedelta(days=i))
            starts.append(w[0] if w else None)
            ends.append(w[1] if w else None)
            cum.append(cum[-1] + (_us(w[1] - w[0]) if w else 0))
        table = _YearTable(first.toordinal(), tuple(starts), tuple(ends), tuple(cum))
        with _BUILD_LOCK:
            tables[year] = table
            while len(tables) > _YEARS_KEPT:
                del tables[next(iter(tables))]
        return table

    def _span(self, lo: int, hi: int) -> int:
        """Working µs of the whole days with ordinals in [lo, hi)."""
        total = 0
        while lo < hi:
            t = self._year(dt.date.fromordinal(lo).year)
            end = min(hi, t.first + len(t.starts))
            total += t.cum[end - t.first] - t.cum[lo - t.first]
            lo = end
        return total

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """``day``'s working window in UTC, or None on a day off."""
        t = self._year(day.year)
        i = day.toordinal() - t.first
        start, end = t.starts[i], t.ends[i]
        return None if start is None or end is None else (start, end)

    def _overlap(self, day: dt.date, a: dt.datetime, b: dt.datetime) -> int:
        w = self.window(day)
        if w is None:
            return 0
        lo, hi = max(w[0], a), min(w[1], b)
        return _us(hi - lo) if hi > lo else 0

    # ------------------------------------------------------------------ arithmetic

    def seconds_between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Working seconds in [a, b); 0 when b <= a."""
        if b <= a:
            return 0.0
        first = to_local(a).date()
        last = min(to_local(b).date(), first + dt.timedelta(days=_MAX_DAYS - 1))
        total = self._overlap(first, a, b)
        if last > first:
            total += self._span(first.toordinal() + 1, last.toordinal()) + self._overlap(last, a, b)
        return total / 1_000_000

    def advance(self, a: dt.datetime, seconds: float) -> dt.datetime:
        """The instant ``seconds`` of working time after ``a``.

        Landing exactly on the end of a window returns that end (24:00 of the due day), not the
        start of the next window: a deadline "by the end of Tuesday" must not slide to Wednesday.
        """
        if seconds <= 0:
            return a
        remaining = dt.timedelta(seconds=seconds)
        day = to_local(a).date()
        w = self.window(day)
        if w is not None and w[1] > a:
            lo = max(w[0], a)
            room = w[1] - lo
            if remaining <= room:
                return lo + remaining
            remaining -= room
        need = _us(remaining)
        o, stop = day.toordinal() + 1, day.toordinal() + _MAX_DAYS
        while o < stop:  # whole days after a's day: the first where the remainder runs out
            t = self._year(dt.date.fromordinal(o).year)
            i, j = o - t.first, min(stop, t.first + len(t.starts)) - t.first
            room_us = t.cum[j] - t.cum[i]
            if room_us >= need:
                k = bisect.bisect_left(t.cum, t.cum[i] + need, i + 1, j + 1) - 1
                start = t.starts[k]
                assert start is not None  # the working time grows on day k: a workday
                return start + dt.timedelta(microseconds=need - (t.cum[k] - t.cum[i]))
            need -= room_us
            o = t.first + j
        return a + dt.timedelta(microseconds=need)  # no workdays for ten years: wall time, never hang

    def retreat(self, b: dt.datetime, seconds: float) -> dt.datetime:
        """The instant ``seconds`` of working time before ``b`` (where an at-risk share begins)."""
        if seconds <= 0:
            return b
        remaining = dt.timedelta(seconds=seconds)
        day = to_local(b).date()
        w = self.window(day)
        if w is not None and w[0] < b:
            hi = min(w[1], b)
            room = hi - w[0]
            if remaining <= room:
                return hi - remaining
            remaining -= room
        need = _us(remaining)
        o, stop = day.toordinal(), day.toordinal() - _MAX_DAYS + 1  # whole days before b's day
        while o > stop:  # days [stop, o) remain, latest first
            t = self._year(dt.date.fromordinal(o - 1).year)
            i, j = max(stop, t.first) - t.first, o - t.first
            room_us = t.cum[j] - t.cum[i]
            if room_us >= need:
                k = bisect.bisect_right(t.cum, t.cum[j] - need, i, j + 1) - 1
                end = t.ends[k]
                assert end is not None  # the working time grows on day k: a workday
                return end - dt.timedelta(microseconds=need - (t.cum[j] - t.cum[k + 1]))
            need -= room_us
            o = t.first + i
        return b - dt.timedelta(microseconds=need)


@dataclass(frozen=True)
class WallClock:
    """Plain elapsed time: the rest-day 8-hour window, and the workday one without business hours."""

    def seconds_between(self, a: dt.datetime, b: dt.datetime) -> float:
        return max(0.0, (b - a).total_seconds())

    def advance(self, a: dt.datetime, seconds: float) -> dt.datetime:
        return a + dt.timedelta(seconds=max(0.0, seconds))

    def retreat(self, b: dt.datetime, seconds: float) -> dt.datetime:
        return b - dt.timedelta(seconds=max(0.0, seconds))


Clock = WorkClock | WallClock
