"""China's working calendar: which days count as workdays for the response promises.

Why not simply Monday–Friday: the promise @问政银川 makes (seed 003: "工作日不超过1小时,休息日不超过8小时;
咨询类1个工作日内办结,投诉类、建议类5个工作日内办结") counts *working* days, and in China these follow the
State Council's yearly arrangement: statutory holidays (Spring Festival, National Day…) are days off even
on weekdays, and 调休 make-up days turn some Saturdays and Sundays into workdays. A complaint received
on the Friday before Spring Festival is due nine days later, not five.

Sources, in order of precedence:

1. ``config/calendar.toml`` ``[years.<YYYY>]`` tables: an office adds a year's official arrangement as
   soon as the State Council publishes it (usually in November), before the ``chinesecalendar``
   package ships it. A year given here replaces the library's data for that year.
2. The ``chinesecalendar`` package (covers 2004 to its latest release).
3. Outside both: Monday–Friday. This never raises (a daemon must not stop over a calendar), but
   :meth:`WorkCalendar.uncovered_years` and :meth:`WorkCalendar.coverage_warning` let the daemon log
   it at start-up and the console flag it, because every deadline in such a year may be off by days.

On top of any source, ``extra_holidays`` (local days off, e.g. a city's own holiday) and
``extra_workdays`` apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import chinese_calendar
from pydantic import Field, model_validator

from monitor.core.config import Config, Strict, load_model
from monitor.core.timeutil import to_local

DayKind = Literal["workday", "restday"]

# add_workdays/next_workday never loop forever, even on a calendar configured with no workdays.
_MAX_SCAN_DAYS = 3660


class YearArrangement(Strict):
    """One year's official arrangement: statutory days off and make-up workdays (调休上班)."""

    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()


class CalendarConfig(Strict):
    """``config/calendar.toml``."""

    years: dict[int, YearArrangement] = Field(default_factory=dict)
    extra_holidays: tuple[dt.date, ...] = ()
    """Local days off in addition to the national arrangement."""
    extra_workdays: tuple[dt.date, ...] = ()
    """Local extra workdays (rare; a Saturday the office declares a workday)."""

    @model_validator(mode="after")
    def _consistent(self) -> CalendarConfig:
        for year, arr in self.years.items():
            for name, days in (("holidays", arr.holidays), ("workdays", arr.workdays)):
                for i, d in enumerate(days):
                    if d.year != year:
                        raise ValueError(f"years.{year}.{name}[{i}]: {d.isoformat()} is not in {year}")
            both = set(arr.holidays) & set(arr.workdays)
            if both:
                raise ValueError(f"years.{year}: {min(both).isoformat()} is both a holiday and a workday")
        both = set(self.extra_holidays) & set(self.extra_workdays)
        if both:
            raise ValueError(f"extra_holidays/extra_workdays: {min(both).isoformat()} is in both lists")
        return self


def _library_years() -> frozenset[int]:
    return frozenset(d.year for d in chinese_calendar.holidays)


def _as_date(value: dt.date) -> dt.date:
    """Dates pass through; an aware datetime becomes its Asia/Shanghai date (days are local days)."""
    if isinstance(value, dt.datetime):
        return to_local(value).date()
    return value


@dataclass(frozen=True)
class WorkCalendar:
    """Workday arithmetic over the configured and library arrangements. Immutable and cheap to query."""

    config: CalendarConfig = field(default_factory=CalendarConfig)
    library_years: frozenset[int] = field(default_factory=_library_years)

    @classmethod
    def from_config(cls, config: Config) -> WorkCalendar:
        """Read ``config.file("calendar")``; a missing file means "library data only"."""
        return cls.from_file(config.file("calendar"))

    @classmethod
    def from_file(cls, path: Path) -> WorkCalendar:
        if not path.exists():
            return cls()
        return cls(load_model(path, CalendarConfig))

    # ------------------------------------------------------------------ coverage

    def covered_years(self) -> frozenset[int]:
        return self.library_years | frozenset(self.config.years)

    def covered(self, day: dt.date) -> bool:
        """True when ``day``'s year has an official arrangement (library or config)."""
        return _as_date(day).year in self.covered_years()

    def uncovered_years(self, years: Iterable[int] | None = None, *,
                        today: dt.date | None = None) -> list[int]:
        """Which of ``years`` (default: this year and next) fall back to Monday–Friday."""
        if years is None:
            base = today or to_local(dt.datetime.now(dt.UTC)).date()
            years = (base.year, base.year + 1)
        covered = self.covered_years()
        return sorted(y for y in set(years) if y not in covered)

    def coverage_warning(self, *, today: dt.date | None = None) -> str | None:
        """A sentence for the start-up log and the console, or None when this and next year are covered.

        Next year is included on purpose: a closure window that starts in late December ends in
        January, so the arrangement is needed before the year turns.
        """
        missing = self.uncovered_years(today=today)
        if not missing:
            return None
        ys = ", ".join(str(y) for y in missing)
        return (f"working calendar has no official arrangement for {ys}: counting Monday–Friday "
                f"as workdays; add [years.{missing[0]}] to the calendar config once the State "
                "Council publishes it")

    # ------------------------------------------------------------------ days

    def is_workday(self, day: dt.date) -> bool:
        # cached per instance: the SLA derivation asks about the same few days for every case,
        # and chinese_calendar validates its argument on every call
        d = _as_date(day)
        cache: dict[dt.date, bool] = self.__dict__.setdefault("_workday_cache", {})
        hit = cache.get(d)
        if hit is None:
            hit = cache[d] = self._is_workday(d)
        return hit

    def _is_workday(self, d: dt.date) -> bool:
        if d in self.config.extra_holidays:
            return False
        if d in self.config.extra_workdays:
            return True
        arr = self.config.years.get(d.year)
        if arr is not None:
            if d in arr.holidays:
                return False
            if d in arr.workdays:
                return True
            return d.weekday() < 5
        if d.year in self.library_years:
            return bool(chinese_calendar.is_workday(d))
        return d.weekday() < 5

    def day_kind(self, day: dt.date) -> DayKind:
        return "workday" if self.is_workday(day) else "restday"

    def next_workday(self, day: dt.date) -> dt.date:
        """The first workday strictly after ``day``."""
        return self.add_workdays(day, 1)

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th workday strictly after ``day`` (``n`` ≥ 1); ``n`` = 0 returns ``day``.

        "Strictly after" is how 1个工作日内办结 is read: a consultation received on Monday is due by
        the end of Tuesday, one received on Saturday by the end of Monday.
        """
        if n < 0:
            raise ValueError(f"add_workdays: n must be >= 0 (got {n})")
        d = _as_date(day)
        for _ in range(_MAX_SCAN_DAYS):
            if n == 0:
                return d
            d += dt.timedelta(days=1)
            if self.is_workday(d):
                n -= 1
        return d  # a calendar with no workdays for ten years: give up counting, never hang

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Workdays in (start, end]: how many working days late ``end`` is after ``start``."""
        s, e = _as_date(start), _as_date(end)
        n, d = 0, s
        while d < e:
            d += dt.timedelta(days=1)
            n += self.is_workday(d)
        return n
