"""The SLA policy: ``config/sla.toml``, with the defaults @问政银川 publishes.

The defaults are the promise quoted in seed 003 (人民网, 2022-11-09): "第一时间响应回复，原则上工作日不超过
1小时，休息日不超过8小时；咨询类1个工作日内办结，投诉类、建议类5个工作日内办结". Reports (举报) are handled like
complaints and help requests (求助) like consultations; both are configurable per type, because an
office's own 管理办法 may differ and must be expressible without code.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pydantic import Field, field_validator

from monitor.core.config import Strict, load_model
from monitor.core.labels import CASE_TYPES

_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def parse_hhmm(text: str) -> dt.timedelta:
    """``"17:30"`` → 17 h 30 min after midnight; ``"24:00"`` (end of the day) is allowed."""
    m = _HHMM.match(text)
    if not m or (m.group(1) == "24" and m.group(2) != "00"):
        raise ValueError(f"expected a time of day HH:MM between 00:00 and 24:00, got {text!r}")
    return dt.timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))


class FirstResponse(Strict):
    """First response (响应回复): hours after receipt, by the kind of day the case arrived on."""

    workday_hours: float = Field(default=1.0, gt=0, le=24 * 14)
    restday_hours: float = Field(default=8.0, gt=0, le=24 * 14)


class BusinessHours(Strict):
    """Optional office hours: when enabled, workday time outside them does not count.

    Off by default because the published promise counts wall-clock hours; an office that staffs
    the accounts only 09:00–17:30 may turn it on, then a case received on a workday evening is
    due one business hour after the next opening. Rest days keep their wall-clock window.
    """

    enabled: bool = False
    start: str = "09:00"
    end: str = "17:30"

    @field_validator("start", "end")
    @classmethod
    def _time(cls, v: str) -> str:
        parse_hhmm(v)
        return v

    def window(self) -> tuple[dt.timedelta, dt.timedelta]:
        start, end = parse_hhmm(self.start), parse_hhmm(self.end)
        if end <= start:
            raise ValueError(f"business_hours: end {self.end} must be after start {self.start}")
        return start, end


def _default_workdays() -> dict[str, int]:
    return {"consult": 1, "help": 1, "complaint": 5, "suggestion": 5, "report": 5}


class Closure(Strict):
    """Closure (办结): the end of the N-th workday strictly after the day of receipt."""

    day_end: str = "24:00"
    """When a due day ends (local time); ``"24:00"`` is midnight at the end of the day."""
    workdays: dict[str, int] = Field(default_factory=_default_workdays)
    default_workdays: int = Field(default=5, ge=1, le=365)
    """For unclassified cases and types not listed in ``workdays`` (e.g. ``other``)."""

    @field_validator("day_end")
    @classmethod
    def _time(cls, v: str) -> str:
        parse_hhmm(v)
        return v

    @field_validator("workdays")
    @classmethod
    def _types(cls, v: dict[str, int]) -> dict[str, int]:
        for key, n in v.items():
            if key not in CASE_TYPES:
                raise ValueError(f"unknown case type {key!r} (known: {', '.join(CASE_TYPES)})")
            if not 1 <= n <= 365:
                raise ValueError(f"{key}: workdays must be between 1 and 365 (got {n})")
        return v

    def workdays_for(self, case_type: str | None) -> int:
        if case_type is None:
            return self.default_workdays
        return self.workdays.get(case_type, self.default_workdays)


class Escalation(Strict):
    """The ladder: at risk → remind; breached → supervisors + queue; still breached → 督办."""

    at_risk_share: float = Field(default=0.75, gt=0, lt=1)
    """Share of a window elapsed after which a case is *at risk*."""
    supervise_after_hours: float = Field(default=24.0, ge=0)
    """How long a breach may last before the hub's supervision (督办)."""


class SlaPolicy(Strict):
    """``config/sla.toml``: every key optional, defaults are the published promise."""

    first_response: FirstResponse = FirstResponse()
    closure: Closure = Closure()
    business_hours: BusinessHours = BusinessHours()
    escalation: Escalation = Escalation()

    @field_validator("business_hours")
    @classmethod
    def _window(cls, v: BusinessHours) -> BusinessHours:
        v.window()
        return v


def load_policy(path: Path) -> SlaPolicy:
    """Load ``path``; a missing file means the defaults (every key has one), a bad one a ConfigError."""
    if not path.exists():
        return SlaPolicy()
    return load_model(path, SlaPolicy)
