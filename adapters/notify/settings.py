"""``config/notify.toml``: which channel reaches which account, quiet hours, retry policy.

Why targets are looked up per account at *delivery* time while channels are chosen at
*enqueue* time: the outbox row records which (account, channel) pairs a message must reach, so
per-recipient delivery state is exact from the start; the secrets (robot keys, tokens) stay in
this file and out of the database, and rotating a key applies to rows still waiting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from adapters.notify.email.client import EmailOptions
from monitor.core.config import Config, ConfigError, Strict, load_model

Channel = Literal["wecom", "dingtalk", "email"]
CHANNELS: tuple[Channel, ...] = ("wecom", "dingtalk", "email")


class RobotChannel(Strict):
    """Settings every robot of one platform shares."""

    base_url: str | None = None  # None = the platform's public endpoint
    rate_per_minute: float = Field(default=20, gt=0)
    timeout: float = Field(default=10, gt=0)


class Targets(Strict):
    """How one account (or the default) is reached. Each given channel gets its own outbox row."""

    wecom_key: SecretStr | None = None
    dingtalk_token: SecretStr | None = None
    dingtalk_secret: SecretStr | None = None
    email: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Targets:
        for addr in self.email:
            if "@" not in addr or addr.startswith("@") or addr.endswith("@") or " " in addr:
                raise ValueError(f"email: {addr!r} is not an e-mail address")
        if self.dingtalk_secret is not None and self.dingtalk_token is None:
            raise ValueError("dingtalk_secret given without dingtalk_token")
        return self

    def channels(self) -> list[Channel]:
        out: list[Channel] = []
        if self.wecom_key is not None:
            out.append("wecom")
        if self.dingtalk_token is not None:
            out.append("dingtalk")
        if self.email:
            out.append("email")
        return out


class QuietHours(Strict):
    """Routine reminders wait until ``end``; urgent ones (risk alerts) never wait. Asia/Shanghai."""

    enabled: bool = True
    start: dt.time = dt.time(22, 0)
    end: dt.time = dt.time(7, 0)


class Delivery(Strict):
    batch_size: int = Field(default=50, ge=1, le=1000)
    concurrency: int = Field(default=4, ge=1, le=64)
    max_attempts: int = Field(default=6, ge=1, le=100)
    backoff_seconds: float = Field(default=30, gt=0)  # first retry; doubles each attempt
    backoff_max_seconds: float = Field(default=3600, gt=0)
    lease_seconds: float = Field(default=300, gt=0)  # a claimed row is retried after this if we crash


class RiskAlerts(Strict):
    """Who a *possible* risk (疑似: a pattern in doubt, the learned model's guess) reaches at once.

    ``hub`` (the default): only the hub's duty desk, which checks it and confirms (then everyone
    is told) or dismisses it; ``all``: handlers, their supervisors and the hub, like a certain
    flag. Why hub: a 疑似 flag is wrong far more often than a certain one, and every guess sent at
    night to every handler teaches them to ignore the alert. A certain flag always reaches all.
    """

    possible: Literal["hub", "all"] = "hub"


class NotifySettings(Strict):
    quiet_hours: QuietHours = QuietHours()
    risk: RiskAlerts = RiskAlerts()
    delivery: Delivery = Delivery()
    wecom: RobotChannel = RobotChannel()
    dingtalk: RobotChannel = RobotChannel()
    email: EmailOptions = EmailOptions()  # the SMTP server; addresses come from targets
    default: Targets = Targets()
    accounts: dict[str, Targets] = Field(default_factory=dict)

    def targets(self, account_id: str) -> Targets:
        """The account's own targets, or the default for accounts without their own."""
        return self.accounts.get(account_id) or self.default

    def channels_for(self, account_id: str) -> list[Channel]:
        return self.targets(account_id).channels()


def load_notify(config: Config) -> NotifySettings:
    """Load ``notify.toml`` next to the main config; a missing file means "no channels yet"."""
    path: Path = config.file("notify")
    if not path.exists():
        return NotifySettings()
    settings = load_model(path, NotifySettings)
    known = config.matrix.by_id
    for account_id in settings.accounts:
        if account_id not in known:
            raise ConfigError(f"{path}: accounts.{account_id}: unknown account id (not in the matrix)")
    return settings
