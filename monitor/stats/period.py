"""Reporting periods: Asia/Shanghai calendar months, quarters, years and date ranges.

Offices count "March" in Beijing time; the database stores UTC. A :class:`Period` keeps the local
calendar dates (start inclusive, end exclusive) and converts them to UTC bounds only for SQL, so a
case received at 2026-03-31 23:30 +08:00 (15:30 UTC) belongs to March and one at 2026-04-01 00:10
+08:00 (16:10 UTC on 31 March) to April.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from monitor.core.timeutil import SHANGHAI, UTC

PeriodKind = Literal["month", "quarter", "year", "range"]
_QUARTER_NAMES = ("一", "二", "三", "四")


class PeriodError(ValueError):
    """A period was written in a form we do not understand, or is empty."""


# The years statistics can mean: no appeal reached a government Weibo account before 2000, and a
# year 1 or 9999 is a typo that would only overflow the UTC conversion further down.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)


def within_bounds(period: Period) -> Period:
    """``period`` itself, or a :class:`PeriodError` when it reaches outside EARLIEST..LATEST."""
    if period.start < EARLIEST or period.end > LATEST:
        raise PeriodError(f"统计期须在 {EARLIEST} 至 {LATEST} 之间（给的是 {period.start} 至 "
                          f"{period.last_day}）")
    return period


@dataclass(frozen=True)
class Period:
    """Local dates ``start`` (inclusive) to ``end`` (exclusive), plus what kind of period it is."""

    start: dt.date
    end: dt.date
    kind: PeriodKind = "range"

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise PeriodError(f"统计期为空：{self.start} 至 {self.end}")

    # ------------------------------------------------------------------ constructors
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"月份应为 1 到 12（给的是 {month}）")
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), nxt, "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"季度应为 1 到 4（给的是 {quarter}）")
        first = 3 * (quarter - 1) + 1
        end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, first + 3, 1)
        return cls(dt.date(year, first, 1), end, "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "year")

    @classmethod
    def range(cls, first: dt.date, last: dt.date) -> Period:
        """``first`` to ``last`` *inclusive*, as people say "1 March to 15 March"."""
        if last < first:
            raise PeriodError(f"统计期的结束日 {last} 早于开始日 {first}")
        return cls(first, last + dt.timedelta(days=1), "range")

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-03``, ``2026-Q1``, ``2026``, or ``2026-03-01..2026-03-15`` (inclusive)."""
        t = text.strip()
        try:
            if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
                return cls.month(int(m[1]), int(m[2]))
            if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", t):
                return cls.quarter(int(m[1]), int(m[2]))
            if re.fullmatch(r"\d{4}", t):
                return cls.year(int(t))
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|~)\s*(\d{4}-\d{2}-\d{2})", t):
                return cls.range(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
                day = dt.date.fromisoformat(t)
                return cls.range(day, day)
        except PeriodError:
            raise
        except ValueError:  # 2026-02-30, or a year the calendar cannot hold
            raise PeriodError(f"“{t}”不是有效的日期（或超出了 {EARLIEST.year}–{LATEST.year} 年）") from None
        raise PeriodError(f"“{t}”不是统计期（可写 2026-03、2026-Q1、2026 或 "
                          "2026-03-01..2026-03-15）")

    # ------------------------------------------------------------------ bounds
    @property
    def start_utc(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), SHANGHAI).astimezone(UTC)

    @property
    def end_utc(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time(), SHANGHAI).astimezone(UTC)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        """The period before, of the same kind (last month, last quarter, the same span before)."""
        if self.kind == "month":
            prev = self.start - dt.timedelta(days=1)
            return Period.month(prev.year, prev.month)
        if self.kind == "quarter":
            y, q = self.start.year, (self.start.month - 1) // 3 + 1
            return Period.quarter(y - 1, 4) if q == 1 else Period.quarter(y, q - 1)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        return Period(self.start - dt.timedelta(days=self.days), self.start, "range")

    # ------------------------------------------------------------------ names
    @property
    def key(self) -> str:
        """Machine form: ``2026-03``, ``2026-Q1``, ``2026``, ``2026-03-01..2026-03-15``."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.last_day.isoformat()}"

    @property
    def label(self) -> str:
        """What a bulletin prints: ``2026年3月``, ``2026年第一季度``, ``2026年3月1日至3月15日``."""
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{_QUARTER_NAMES[(self.start.month - 1) // 3]}季度"
        if self.kind == "year":
            return f"{self.start.year}年"
        a, b = self.start, self.last_day
        tail = f"{b.month}月{b.day}日" if a.year == b.year else f"{b.year}年{b.month}月{b.day}日"
        return f"{a.year}年{a.month}月{a.day}日至{tail}"

    def __str__(self) -> str:
        return self.key
