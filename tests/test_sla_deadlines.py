"""Deadline rules at their edges, on the real calendar (no database needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.sla.calendar import WorkCalendar
from monitor.core.config import ConfigError
from monitor.sla import SlaEngine, SlaPolicy, load_policy
from monitor.sla.policy import BusinessHours, Closure, Escalation
from monitor.core.timeutil import iso_local, parse_iso

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def engine() -> SlaEngine:
    return SlaEngine(load_policy(ROOT / "config" / "sla.toml"), WorkCalendar())


def due(engine: SlaEngine, received: str, case_type: str | None) -> tuple[str, str | None, str | None]:
    d = engine.deadlines(parse_iso(received), case_type)
    return d.day_kind, iso_local(d.first_response_due), iso_local(d.closure_due)


def test_ordinary_tuesday(engine: SlaEngine) -> None:
    assert due(engine, "2026-03-10T10:15", "consult") == (
        "workday", "2026-03-10T11:15:00+08:00", "2026-03-12T00:00:00+08:00")
    assert due(engine, "2026-03-10T10:15", "complaint") == (
        "workday", "2026-03-10T11:15:00+08:00", "2026-03-18T00:00:00+08:00")


def test_friday_evening(engine: SlaEngine) -> None:
    # Fri 6 Mar 2026 23:30: still a workday receipt (1 h), closure counts Mon as day 1
    assert due(engine, "2026-03-06T23:30", "consult") == (
        "workday", "2026-03-07T00:30:00+08:00", "2026-03-10T00:00:00+08:00")
    assert due(engine, "2026-03-06T23:30", "suggestion")[2] == "2026-03-14T00:00:00+08:00"


def test_saturday_is_a_rest_day_eight_hours(engine: SlaEngine) -> None:
    assert due(engine, "2026-03-07T20:00", "help") == (
        "restday", "2026-03-08T04:00:00+08:00", "2026-03-10T00:00:00+08:00")


def test_day_before_spring_festival(engine: SlaEngine) -> None:
    # Sat 14 Feb 2026 is a make-up workday, then 15–23 Feb off: a consultation received on
    # Fri 13 Feb is due at the end of Sat 14 Feb; one received on the 14th at the end of the 24th.
    assert due(engine, "2026-02-13T16:00", "consult") == (
        "workday", "2026-02-13T17:00:00+08:00", "2026-02-15T00:00:00+08:00")
    assert due(engine, "2026-02-14T16:00", "consult") == (
        "workday", "2026-02-14T17:00:00+08:00", "2026-02-25T00:00:00+08:00")
    # complaint from the 13th: 14, 24, 25, 26, 27 Feb
    assert due(engine, "2026-02-13T16:00", "complaint")[2] == "2026-02-28T00:00:00+08:00"


def test_during_the_holiday_is_a_rest_day(engine: SlaEngine) -> None:
    # Wed 18 Feb 2026 is a weekday but a statutory holiday: 8 hours
    assert due(engine, "2026-02-18T09:00", "report") == (
        "restday", "2026-02-18T17:00:00+08:00", "2026-03-01T00:00:00+08:00")  # 24–28 Feb


def test_make_up_saturday_counts_as_workday(engine: SlaEngine) -> None:
    # Sat 28 Feb 2026 is a make-up workday: 1 hour, and closure counts from it
    assert due(engine, "2026-02-28T10:00", "consult") == (
        "workday", "2026-02-28T11:00:00+08:00", "2026-03-03T00:00:00+08:00")


def test_the_day_before_national_day(engine: SlaEngine) -> None:
    # Wed 30 Sep 2026; 1–7 Oct off; Sat 10 Oct a make-up workday
    assert due(engine, "2026-09-30T18:00", "complaint") == (
        "workday", "2026-09-30T19:00:00+08:00", "2026-10-14T00:00:00+08:00")


def test_year_outside_coverage_uses_monday_to_friday() -> None:
    # the package's years as of chinesecalendar 1.11.0 (up to 2026), whatever release is installed: in
    # the release that carries 2027, 1 Jan 2027 is New Year's Day
    calendar = WorkCalendar(library_years=frozenset(range(2004, 2027)))
    engine = SlaEngine(load_policy(ROOT / "config" / "sla.toml"), calendar)
    d = engine.deadlines(parse_iso("2027-01-01T10:00"), "consult")
    assert d.day_kind == "workday" and not d.calendar_covered
    assert iso_local(d.closure_due) == "2027-01-05T00:00:00+08:00"  # Mon 4 Jan


def test_unclassified_and_other_use_default(engine: SlaEngine) -> None:
    assert due(engine, "2026-03-10T10:00", None)[2] == due(engine, "2026-03-10T10:00", "other")[2] \
        == "2026-03-18T00:00:00+08:00"


def test_received_time_in_utc_is_counted_on_the_beijing_day(engine: SlaEngine) -> None:
    # 17:00 UTC Fri 13 Mar = 01:00 Sat 14 Mar in Beijing: a rest day
    assert due(engine, "2026-03-13T17:00:00+00:00", "consult")[:2] == (
        "restday", "2026-03-14T09:00:00+08:00")


def test_configured_day_end_and_per_type_windows() -> None:
    policy = SlaPolicy(closure=Closure(day_end="17:30", workdays={"consult": 2}, default_workdays=3))
    engine = SlaEngine(policy, WorkCalendar())
    assert due(engine, "2026-03-10T10:00", "consult")[2] == "2026-03-12T17:30:00+08:00"
    assert due(engine, "2026-03-10T10:00", "complaint")[2] == "2026-03-13T17:30:00+08:00"


def test_business_hours_count_only_office_time() -> None:
    policy = SlaPolicy(business_hours=BusinessHours(enabled=True, start="09:00", end="17:30"))
    engine = SlaEngine(policy, WorkCalendar())
    # Tuesday 17:00: half an hour today, half an hour tomorrow morning
    assert due(engine, "2026-03-10T17:00", "consult")[1] == "2026-03-11T09:30:00+08:00"
    # Friday 13 Feb 2026 20:00 → next office hour is the make-up Saturday 14 Feb
    assert due(engine, "2026-02-13T20:00", "consult")[1] == "2026-02-14T10:00:00+08:00"
    # a rest day keeps its 8 wall-clock hours
    assert due(engine, "2026-03-07T20:00", "consult")[1] == "2026-03-08T04:00:00+08:00"


def test_at_risk_share() -> None:
    engine = SlaEngine(SlaPolicy(escalation=Escalation(at_risk_share=0.5)), WorkCalendar())
    w = engine.rules.first_response(parse_iso("2026-03-07T10:00"))  # Saturday: 8 h
    assert iso_local(w.at_risk_at) == "2026-03-07T14:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[first_response]\nworkday_hours = -1\n", "first_response.workday_hours"),
        ("[closure.workdays]\ninquiry = 2\n", "closure.workdays"),
        ("[closure]\nday_end = \"25:00\"\n", "closure.day_end"),
        ("[escalation]\nat_risk_share = 1.5\n", "escalation.at_risk_share"),
        ("[business_hours]\nenabled = true\nstart = \"18:00\"\nend = \"09:00\"\n", "business_hours"),
        ("[closure]\nworkday = 3\n", "closure.workday"),
    ],
)
def test_bad_policy_names_file_and_key(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "sla.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_policy(path)
    assert str(err.value).startswith(f"{path}: {where}")


def test_missing_policy_file_means_defaults(tmp_path: Path) -> None:
    assert load_policy(tmp_path / "absent.toml") == SlaPolicy()
    assert load_policy(ROOT / "config" / "sla.toml") == SlaPolicy()


def test_engine_from_the_shipped_config(config_dir: Path) -> None:
    from monitor.core.config import Config

    engine = SlaEngine.from_config(Config.load(config_dir / "wenzheng.toml"))
    assert engine.policy == SlaPolicy()
    assert due(engine, "2026-02-14T16:00", "consult")[2] == "2026-02-25T00:00:00+08:00"
    (config_dir / "sla.toml").write_text("[closure.workdays]\nconsult = 3\n", encoding="utf-8")
    engine = SlaEngine.from_config(Config.load(config_dir / "wenzheng.toml"))
    assert due(engine, "2026-03-10T10:00", "consult")[2] == "2026-03-14T00:00:00+08:00"
