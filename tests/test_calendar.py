"""The working calendar, pinned against the State Council's published arrangements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.sla.calendar import CalendarConfig, WorkCalendar
from monitor.core.config import ConfigError

D = dt.date


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_spring_festival_2026(cal: WorkCalendar) -> None:
    # 国办发明电〔2025〕7号: 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班。
    for day in range(15, 24):
        assert cal.day_kind(D(2026, 2, day)) == "restday", day
    assert cal.is_workday(D(2026, 2, 14)) and D(2026, 2, 14).weekday() == 5
    assert cal.is_workday(D(2026, 2, 28)) and D(2026, 2, 28).weekday() == 5
    assert cal.is_workday(D(2026, 2, 13))
    assert cal.is_workday(D(2026, 2, 24))
    assert cal.next_workday(D(2026, 2, 13)) == D(2026, 2, 14)
    assert cal.next_workday(D(2026, 2, 14)) == D(2026, 2, 24)


def test_national_day_2026(cal: WorkCalendar) -> None:
    # 10月1日至7日放假调休，共7天；9月20日（周日）、10月10日（周六）上班。
    for day in range(1, 8):
        assert not cal.is_workday(D(2026, 10, day)), day
    assert cal.is_workday(D(2026, 9, 20)) and D(2026, 9, 20).weekday() == 6
    assert cal.is_workday(D(2026, 10, 10)) and D(2026, 10, 10).weekday() == 5
    assert cal.is_workday(D(2026, 10, 8))
    # five workdays after 30 Sep: 8, 9, 10 (Sat, make-up), 12, 13 Oct
    assert cal.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_outside_coverage_falls_back_to_monday_friday_and_warns() -> None:
    # the package's data as of 1.11.0 (up to 2026), whatever release a fresh install picks: the next
    # release will carry 2027, and 1 Jan 2027 would then be New Year's Day, not the fallback's workday
    cal = WorkCalendar(library_years=frozenset(range(2004, 2027)))
    # 2027 is beyond that data: 1 Jan 2027 (Fri) counts as a workday by fallback
    assert not cal.covered(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 1))
    assert not cal.is_workday(D(2027, 1, 2))  # Saturday
    assert cal.add_workdays(D(2027, 1, 1), 1) == D(2027, 1, 4)
    assert cal.uncovered_years([2025, 2026, 2027]) == [2027]
    warning = cal.coverage_warning(today=D(2026, 12, 1))
    assert warning is not None and "2027" in warning
    assert cal.coverage_warning(today=D(2025, 6, 1)) is None
    # far outside any data: still an answer, never an exception
    assert cal.day_kind(D(1999, 10, 1)) == "workday"
    assert cal.add_workdays(D(2100, 1, 1), 3) == D(2100, 1, 6)


def test_override_year_from_config(tmp_path: Path) -> None:
    path = tmp_path / "calendar.toml"
    path.write_text(
        "extra_holidays = [2026-03-05]\n"
        "[years.2027]\n"
        "holidays = [2027-01-01, 2027-02-05, 2027-02-08]\n"
        "workdays = [2027-01-30]\n",
        encoding="utf-8",
    )
    cal = WorkCalendar.from_file(path)
    assert cal.covered(D(2027, 6, 1))
    assert cal.uncovered_years([2026, 2027]) == []
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 30))  # Saturday made a workday
    assert not cal.is_workday(D(2027, 2, 8))  # Monday off
    assert cal.is_workday(D(2027, 2, 9))
    assert not cal.is_workday(D(2026, 3, 5))  # local day off on a Thursday
    assert cal.add_workdays(D(2026, 3, 4), 1) == D(2026, 3, 6)


def test_aware_datetime_counts_its_shanghai_day(cal: WorkCalendar) -> None:
    # 16:30 UTC on Friday 13 Feb is 00:30 on Saturday 14 Feb in Beijing: the make-up workday
    at = dt.datetime(2026, 2, 13, 16, 30, tzinfo=dt.UTC)
    assert cal.is_workday(at)
    # 16:30 UTC on Sat 14 Feb is already Sunday 15 Feb in Beijing: Spring Festival
    assert not cal.is_workday(at + dt.timedelta(days=1))


def test_workdays_between(cal: WorkCalendar) -> None:
    assert cal.workdays_between(D(2026, 2, 13), D(2026, 2, 25)) == 3  # 14, 24, 25
    assert cal.workdays_between(D(2026, 2, 25), D(2026, 2, 25)) == 0


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[years.2027]\nholidays = [2026-12-31]\n", "years.2027.holidays[0]"),
        ("[years.2027]\nholidays = [2027-01-01]\nworkdays = [2027-01-01]\n", "both a holiday and a workday"),
        ("[years.2027]\nholiday = [2027-01-01]\n", "years.2027.holiday"),
        ("extra_holidays = [\"soon\"]\n", "extra_holidays[0]"),
        ("[years.abc]\n", "years.abc"),
    ],
)
def test_bad_calendar_config_names_file_and_key(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        WorkCalendar.from_file(path)
    assert str(path) in str(err.value)
    assert problem in str(err.value)


def test_shipped_calendar_config_is_valid() -> None:
    cal = WorkCalendar.from_file(Path(__file__).resolve().parents[1] / "config" / "calendar.toml")
    assert isinstance(cal.config, CalendarConfig)
    assert cal.is_workday(D(2026, 2, 14))
