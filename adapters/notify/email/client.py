"""E-mail channel: stdlib ``smtplib`` run in a worker thread.

Why stdlib rather than an async SMTP client: one message a minute or so goes out this way, the
standard library's SMTP is the best-trodden path through odd office mail servers (STARTTLS,
LOGIN/PLAIN auth), and a thread keeps the event loop free. SMTP answers map onto the retry
contract the way the protocol means them: 4xx is "try again later", 5xx is final.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from adapters.notify.base import Message, NotifyError, TokenBucket, check_rate

ADDRESS = r"^[^@\s]+@[^@\s]+$"


class EmailOptions(BaseModel):
    """The SMTP server and sender; ``password`` is masked when printed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    sender: str = Field(default="wenzheng@localhost", pattern=ADDRESS)
    username: str = ""
    password: SecretStr = SecretStr("")
    starttls: bool = False
    ssl: bool = False  # implicit TLS (port 465)
    timeout: float = Field(default=20, gt=0)
    rate_per_minute: float = Field(default=60, gt=0)

    def describe(self) -> str:
        return f"smtp {self.host}:{self.port}"


def build(options: EmailOptions, to: tuple[str, ...], message: Message) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = options.sender
    mail["To"] = ", ".join(to)
    mail["Subject"] = ("【紧急】" if message.urgent else "") + (message.subject or "wenzheng")
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=options.sender.split("@", 1)[1])
    if message.urgent:
        mail["X-Priority"] = "1"
    mail.set_content(message.body or message.subject)
    return mail


def _classify(err: Exception, what: str) -> NotifyError:
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in err.recipients.values()]
        retry = all(400 <= c < 500 for c in codes)
        return NotifyError(f"{what}: recipients refused: {', '.join(err.recipients)} ({codes})",
                           retryable=retry, code=codes[0] if codes else None)
    if isinstance(err, smtplib.SMTPAuthenticationError):
        return NotifyError(f"{what}: login refused ({err.smtp_code})", retryable=False, code=err.smtp_code)
    if isinstance(err, smtplib.SMTPResponseException):
        msg = err.smtp_error.decode("utf-8", "replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
        return NotifyError(f"{what}: {err.smtp_code} {msg}", retryable=400 <= err.smtp_code < 500,
                           code=err.smtp_code)
    if isinstance(err, smtplib.SMTPNotSupportedError):
        return NotifyError(f"{what}: {err}", retryable=False)
    if isinstance(err, (smtplib.SMTPException, OSError)):  # disconnects, refused, timeouts
        return NotifyError(f"{what}: {type(err).__name__}: {err}", retryable=True)
    return NotifyError(f"{what}: unexpected {type(err).__name__}: {err}", retryable=False)


class EmailSender:
    """Sends one message to a list of addresses through the configured SMTP server."""

    channel: ClassVar[str] = "email"

    def __init__(self, options: EmailOptions, bucket: TokenBucket | None = None) -> None:
        self.options = options
        self.bucket = bucket or TokenBucket(options.rate_per_minute)

    def _send_blocking(self, mail: EmailMessage, to: tuple[str, ...]) -> None:
        o = self.options
        smtp: smtplib.SMTP
        if o.ssl:
            smtp = smtplib.SMTP_SSL(o.host, o.port, timeout=o.timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(o.host, o.port, timeout=o.timeout)
        with smtp:
            if o.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if o.username:
                smtp.login(o.username, o.password.get_secret_value())
            refused = smtp.send_message(mail, from_addr=o.sender, to_addrs=list(to))
            if refused:  # some recipients accepted: report the rest as refused
                raise smtplib.SMTPRecipientsRefused(refused)

    async def send(self, message: Message, to: tuple[str, ...]) -> None:
        """Deliver ``message`` to ``to`` or raise :class:`NotifyError`."""
        what = self.options.describe()
        if not to:
            raise NotifyError(f"{what}: no recipient address", retryable=False)
        check_rate(self.bucket, what)
        mail = build(self.options, to, message)
        try:
            await asyncio.to_thread(self._send_blocking, mail, to)
        except Exception as err:  # noqa: BLE001 - every failure is classified, none escapes raw
            raise _classify(err, what) from None
