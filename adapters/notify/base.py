"""What every notification channel shares: the message, the error contract, the rate limit.

Why a token bucket per robot rather than a sleep between sends: WeCom and DingTalk both allow
20 messages a minute *per robot* and answer an error (45009 / 130101) past that. The outbox
asks the bucket first and, when it is empty, defers the message without spending one of its
delivery attempts; only a platform-side refusal counts as a failed attempt.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr


@dataclass(frozen=True, slots=True)
class Message:
    """One notification as the outbox hands it to a channel.

    ``subject`` is the title (e-mail subject, markdown heading, DingTalk card title); ``body`` is
    markdown-ish plain text. ``markdown=False`` makes robots send ``msgtype=text``.
    """

    subject: str
    body: str
    urgent: bool = False
    markdown: bool = True
    ref: str = ""
    """The outbox rows the message carries (``"12-14,20"``), sent as the ``X-Wenzheng-Outbox``
    request header and never shown. Robots have no idempotency key and ignore it; it lets a
    proxy in front of them, or a test robot, tell a repeat (at-least-once) from a new message."""

    def as_markdown(self) -> str:
        flag = "**【紧急】** " if self.urgent else ""
        head = f"{flag}**{self.subject}**" if self.subject else flag.strip()
        return f"{head}\n\n{self.body}".strip() if head else self.body

    def as_text(self) -> str:
        head = ("【紧急】" if self.urgent else "") + self.subject
        return f"{head}\n{self.body}".strip() if head else self.body


class NotifyError(Exception):
    """A channel could not deliver.

    ``retryable`` tells the outbox whether trying later can help (rate limit, 5xx, timeout,
    connection refused) or not (bad key, signature refused, recipient rejected): a
    non-retryable error fails the row at once with this message as ``last_error``.
    """

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None,
                 code: int | str | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.code = code


class RateLimited(NotifyError):
    """The channel's own token bucket is empty: nothing was sent, try after ``retry_after``.

    ``local=True`` distinguishes it from the platform's rate-limit errcode: the outbox
    defers a locally limited row without counting an attempt.
    """

    def __init__(self, message: str, *, retry_after: float, local: bool = True,
                 code: int | str | None = None) -> None:
        super().__init__(message, retryable=True, retry_after=retry_after, code=code)
        self.local = local


class TokenBucket:
    """``rate_per_minute`` tokens a minute, at most ``burst`` at once.

    ``clock`` defaults to :func:`time.monotonic` (wall-clock jumps must not refill or drain it).
    """

    def __init__(self, rate_per_minute: float, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_minute <= 0:
            raise ValueError("rate_per_minute must be positive")
        self.rate = rate_per_minute / 60.0
        self.capacity = float(burst if burst is not None else max(1, int(rate_per_minute)))
        self.tokens = self.capacity
        self.clock = clock
        self.updated = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def take(self) -> float:
        """Take a token: 0.0 when granted, else the seconds until one is available."""
        self._refill()
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


def mask(secret: SecretStr | str | None) -> str:
    """``abcd…wxyz``-style masking for logs and ``notify test`` output: never the whole secret."""
    value = secret.get_secret_value() if isinstance(secret, SecretStr) else (secret or "")
    if not value:
        return ""
    if len(value) <= 8:
        return "****"
    return f"{value[:3]}****{value[-3:]}"


def check_rate(bucket: TokenBucket, what: str) -> None:
    """Raise :class:`RateLimited` when ``bucket`` has no token for ``what``."""
    wait = bucket.take()
    if wait > 0:
        raise RateLimited(f"{what}: local rate limit reached, next slot in {wait:.1f}s", retry_after=wait)
