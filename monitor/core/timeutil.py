"""Time helpers: store UTC, show Asia/Shanghai, never a naive datetime.

Government offices count days and deadlines in Beijing time; the database counts in UTC so that
PostgreSQL and SQLite compare the same instants. Conversion happens only at the edges: parsing
platform times, printing, and the calendar maths in :mod:`monitor.sla.calendar`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def to_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: give a timezone")
    return value.astimezone(UTC)


def to_local(value: dt.datetime) -> dt.datetime:
    """The same instant in Asia/Shanghai, for display and day-counting."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: give a timezone")
    return value.astimezone(SHANGHAI)


def show(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Human display in Asia/Shanghai; '-' for missing."""
    return to_local(value).strftime(fmt) if value is not None else "-"


def iso_local(value: dt.datetime | None) -> str | None:
    """ISO 8601 with +08:00, the form the CLI's --json and the API print."""
    return to_local(value).isoformat() if value is not None else None


def show_iso(text: str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Human display of an ISO 8601 string (the form stats JSON carries): Asia/Shanghai, to the
    minute, so tables and sheets never print an offset or microseconds."""
    return show(parse_iso(text), fmt) if text else "-"


def parse_iso(text: str) -> dt.datetime:
    """Parse ISO 8601; a time without an offset is read as Asia/Shanghai (what operators type)."""
    value = dt.datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value
