"""Counting working time: the arithmetic behind paused clocks, at-risk shares and business hours.

A *working clock* runs only during its windows: the whole of each workday (business hours off), or
each workday's business hours. Two operations are enough for every rule in :mod:`monitor.sla`:
how much working time lies between two instants, and which instant lies a given amount of
working time after another. A case waiting for the citizen (待补充) keeps its remaining working
time and gets it back when the citizen answers, so a pause over a weekend costs nothing.
"""

from __future__ import annotations

import datetime as dt
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


@dataclass(frozen=True)
class WorkClock:
    """Working time on ``calendar``: whole workdays, or only ``hours`` (start, end) of each workday."""

    calendar: WorkCalendar
    hours: tuple[dt.timedelta, dt.timedelta] | None = None

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if not self.calendar.is_workday(day):
            return None
        start, end = self.hours or (dt.timedelta(0), dt.timedelta(days=1))
        return day_at(day, start), day_at(day, end)

    def seconds_between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Working seconds in [a, b); 0 when b <= a."""
        if b <= a:
            return 0.0
        total, day = 0.0, to_local(a).date()
        last = to_local(b).date()
        for _ in range(_MAX_DAYS):
            if day > last:
                break
            w = self.window(day)
            if w is not None:
                lo, hi = max(w[0], a), min(w[1], b)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return total

    def advance(self, a: dt.datetime, seconds: float) -> dt.datetime:
        """The instant ``seconds`` of working time after ``a``.

        Landing exactly on the end of a window returns that end (24:00 of the due day), not the
        start of the next window: a deadline "by the end of Tuesday" must not slide to Wednesday.
        """
        if seconds <= 0:
            return a
        remaining = dt.timedelta(seconds=seconds)
        day = to_local(a).date()
        for _ in range(_MAX_DAYS):
            w = self.window(day)
            if w is not None and w[1] > a:
                lo = max(w[0], a)
                room = w[1] - lo
                if remaining <= room:
                    return lo + remaining
                remaining -= room
            day += dt.timedelta(days=1)
        return a + remaining  # no workdays for ten years: count wall time rather than hang

    def retreat(self, b: dt.datetime, seconds: float) -> dt.datetime:
        """The instant ``seconds`` of working time before ``b`` (where an at-risk share begins)."""
        if seconds <= 0:
            return b
        remaining = dt.timedelta(seconds=seconds)
        day = to_local(b).date()
        for _ in range(_MAX_DAYS):
            w = self.window(day)
            if w is not None and w[0] < b:
                hi = min(w[1], b)
                room = hi - w[0]
                if remaining <= room:
                    return hi - remaining
                remaining -= room
            day -= dt.timedelta(days=1)
        return b - remaining


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
