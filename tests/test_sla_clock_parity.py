"""The table-driven working clock gives what walking day by day gives, across holidays and 调休.

:class:`~monitor.sla.clock.WorkClock` answers from per-year tables (windows and cumulative
working time) instead of visiting each day. The reference below is the day walk it replaced,
kept here as the specification: every answer must be the same instant, and the same working
time to the microsecond (the walk summed floats; this one sums exact microseconds).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from monitor.core.timeutil import SHANGHAI, UTC, to_local
from monitor.sla.calendar import CalendarConfig, WorkCalendar, YearArrangement
from monitor.sla.clock import WorkClock, day_at

MAX_DAYS = 3660
HOURS = (dt.timedelta(hours=9), dt.timedelta(hours=17, minutes=30))


class DayWalk:
    """The day-by-day arithmetic the tables replaced (verbatim, but summing exact timedeltas)."""

    def __init__(self, calendar: WorkCalendar, hours: tuple[dt.timedelta, dt.timedelta] | None) -> None:
        self.calendar, self.hours = calendar, hours

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if not self.calendar.is_workday(day):
            return None
        start, end = self.hours or (dt.timedelta(0), dt.timedelta(days=1))
        return day_at(day, start), day_at(day, end)

    def seconds_between(self, a: dt.datetime, b: dt.datetime) -> float:
        if b <= a:
            return 0.0
        total, day = dt.timedelta(0), to_local(a).date()
        last = to_local(b).date()
        for _ in range(MAX_DAYS):
            if day > last:
                break
            w = self.window(day)
            if w is not None:
                lo, hi = max(w[0], a), min(w[1], b)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return total.total_seconds()

    def advance(self, a: dt.datetime, seconds: float) -> dt.datetime:
        if seconds <= 0:
            return a
        remaining = dt.timedelta(seconds=seconds)
        day = to_local(a).date()
        for _ in range(MAX_DAYS):
            w = self.window(day)
            if w is not None and w[1] > a:
                lo = max(w[0], a)
                room = w[1] - lo
                if remaining <= room:
                    return lo + remaining
                remaining -= room
            day += dt.timedelta(days=1)
        return a + remaining

    def retreat(self, b: dt.datetime, seconds: float) -> dt.datetime:
        if seconds <= 0:
            return b
        remaining = dt.timedelta(seconds=seconds)
        day = to_local(b).date()
        for _ in range(MAX_DAYS):
            w = self.window(day)
            if w is not None and w[0] < b:
                hi = min(w[1], b)
                room = hi - w[0]
                if remaining <= room:
                    return hi - remaining
                remaining -= room
            day -= dt.timedelta(days=1)
        return b - remaining


def _calendars() -> dict[str, WorkCalendar]:
    local = CalendarConfig(
        # a year the library does not know yet, given in the config (as an office would)
        years={2027: YearArrangement(holidays=(dt.date(2027, 2, 8), dt.date(2027, 2, 9),
                                               dt.date(2027, 2, 10), dt.date(2027, 2, 11)),
                                     workdays=(dt.date(2027, 2, 6), dt.date(2027, 2, 20)))},
        extra_holidays=(dt.date(2025, 9, 3), dt.date(2026, 3, 10)),
        extra_workdays=(dt.date(2026, 3, 14),),
    )
    return {"library": WorkCalendar(), "configured": WorkCalendar(local)}


def _instant(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.datetime:
    """A random instant between two local days; often exactly on a window edge, where rules bite."""
    day = lo + dt.timedelta(days=rng.randrange((hi - lo).days))
    pick = rng.random()
    if pick < 0.15:
        offset = dt.timedelta(0)
    elif pick < 0.25:
        offset = rng.choice(HOURS)
    else:
        offset = dt.timedelta(seconds=rng.randrange(86400), microseconds=rng.randrange(10**6))
    return dt.datetime.combine(day, dt.time(0), tzinfo=SHANGHAI).astimezone(UTC) + offset


# Spring Festival and National Day with their 调休 Saturdays/Sundays, Qingming, year ends
SPANS = [(dt.date(2023, 12, 20), dt.date(2024, 2, 25)), (dt.date(2024, 9, 20), dt.date(2024, 10, 20)),
         (dt.date(2025, 1, 15), dt.date(2025, 2, 15)), (dt.date(2025, 9, 1), dt.date(2025, 10, 20)),
         (dt.date(2026, 2, 1), dt.date(2026, 3, 20)), (dt.date(2026, 9, 15), dt.date(2027, 3, 1)),
         (dt.date(2022, 3, 25), dt.date(2022, 5, 10))]


@pytest.mark.parametrize("hours", [None, HOURS], ids=["whole-days", "business-hours"])
@pytest.mark.parametrize("which", ["library", "configured"])
def test_tables_match_the_day_walk(which: str, hours: tuple[dt.timedelta, dt.timedelta] | None) -> None:
    cal = _calendars()[which]
    clock, walk = WorkClock(cal, hours), DayWalk(cal, hours)
    rng = random.Random(f"{which}-{hours is None}")
    for n in range(1500):
        lo, hi = SPANS[n % len(SPANS)]
        a = _instant(rng, lo, hi)
        b = a + dt.timedelta(seconds=rng.choice([rng.randrange(3 * 86400), rng.randrange(40 * 86400)]),
                             microseconds=rng.randrange(10**6)) if rng.random() < 0.9 else a - dt.timedelta(hours=1)
        assert clock.seconds_between(a, b) == walk.seconds_between(a, b), (a, b)
        seconds = rng.choice([0.0, 3600.0, 8 * 3600.0, 86400.0, 5 * 86400.0, 30600.0,
                              rng.uniform(0, 20 * 86400)])
        assert clock.advance(a, seconds) == walk.advance(a, seconds), (a, seconds)
        assert clock.retreat(b, seconds) == walk.retreat(b, seconds), (b, seconds)
        # what the SLA rules do with them: a window's grant, and the at-risk point a share before
        grant = walk.seconds_between(a, b)
        assert clock.retreat(b, 0.25 * grant) == walk.retreat(b, 0.25 * grant)
        assert clock.advance(a, grant) == walk.advance(a, grant)


def test_exact_landings_and_the_ten_year_cap() -> None:
    cal = WorkCalendar(CalendarConfig())
    for hours in (None, HOURS):
        clock, walk = WorkClock(cal, hours), DayWalk(cal, hours)
        # landing exactly on a window's end keeps that end (24:00 of the due day, or 17:30)
        a = day_at(dt.date(2026, 2, 13), dt.timedelta(hours=10))  # the Friday before 春节
        for seconds in (walk.seconds_between(a, day_at(dt.date(2026, 2, 14), dt.timedelta(days=1))),
                        walk.seconds_between(a, day_at(dt.date(2026, 2, 24), HOURS[1]))):
            assert clock.advance(a, seconds) == walk.advance(a, seconds)
            assert clock.retreat(clock.advance(a, seconds), seconds) == walk.retreat(walk.advance(a, seconds), seconds)
        # beyond ten years the walk stops counting; the tables stop at the same day
        start = day_at(dt.date(2019, 6, 3), dt.timedelta(hours=12))
        end = day_at(dt.date(2031, 6, 3), dt.timedelta(hours=8))
        assert clock.seconds_between(start, end) == walk.seconds_between(start, end)
        far = 5000 * 86400.0
        assert clock.advance(start, far) == walk.advance(start, far)
        assert clock.retreat(end, far) == walk.retreat(end, far)


def test_a_calendar_without_workdays_never_hangs() -> None:
    """Every day a holiday for years: the clock gives the walk's wall-time fallback, quickly."""
    days = [dt.date(2030, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    cal = WorkCalendar(CalendarConfig(years={2030: YearArrangement(holidays=tuple(days))}))
    clock, walk = WorkClock(cal), DayWalk(cal, None)
    a = day_at(dt.date(2030, 3, 1), dt.timedelta(hours=3))
    for seconds in (3600.0, 400 * 86400.0):
        assert clock.advance(a, seconds) == walk.advance(a, seconds)
        assert clock.retreat(a, seconds) == walk.retreat(a, seconds)
    assert clock.seconds_between(a, a + dt.timedelta(days=30)) == 0.0
