"""A real SMTP server on 127.0.0.1 (``aiosmtpd``) that records the mail it accepts.

Runs on the caller's event loop (the client sends from a worker thread, so no deadlock).
Switches: ``state.refuse`` addresses get ``550`` at RCPT; ``state.fail("tempfail")`` answers the
next DATA with ``451``; ``state.credentials`` requires AUTH with that login and password.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import warnings
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    subject: str
    body: str
    headers: dict[str, str]


@dataclass
class SmtpState:
    messages: list[Mail] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    credentials: tuple[str, str] | None = None
    rejected: list[str] = field(default_factory=list)
    _faults: deque[str] = field(default_factory=deque)

    def fail(self, fault: str, times: int = 1) -> None:
        if fault != "tempfail":
            raise ValueError(f"unknown fault {fault!r} (known: tempfail)")
        self._faults.extend([fault] * times)


class _Handler:
    def __init__(self, state: SmtpState) -> None:
        self.state = state

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,  # noqa: N802
                          address: str, rcpt_options: list[str]) -> str:
        if address in self.state.refuse:
            self.state.rejected.append(f"550 {address}")
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.state._faults:
            self.state._faults.popleft()
            self.state.rejected.append("451 tempfail")
            return "451 4.3.0 try again later"
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        msg = email.message_from_bytes(data, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain",))
        body = part.get_content() if part is not None else ""
        self.state.messages.append(Mail(
            mail_from=envelope.mail_from or "", rcpt_tos=list(envelope.rcpt_tos),
            subject=str(msg.get("Subject", "")), body=body,
            headers={k: str(v) for k, v in msg.items()}))
        return "250 Message accepted for delivery"


def _authenticator(state: SmtpState) -> Any:
    def check(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
              auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword) or state.credentials is None:
            return AuthResult(success=False, handled=False)
        ok = (auth_data.login.decode(), auth_data.password.decode()) == state.credentials
        return AuthResult(success=ok, handled=False)
    return check


async def start_mock(host: str = "127.0.0.1", port: int = 0,
                     state: SmtpState | None = None) -> tuple[asyncio.Server, SmtpState]:
    """Serve SMTP on ``host:port``; the bound port is ``server.sockets[0].getsockname()[1]``.

    Stop it with ``server.close(); await server.wait_closed()``.
    """
    st = state or SmtpState()
    handler = _Handler(st)
    need_auth = st.credentials is not None

    def factory() -> SMTP:
        with warnings.catch_warnings():  # plain-text AUTH is the point of a loopback test server
            warnings.simplefilter("ignore", UserWarning)
            return SMTP(handler, hostname="mock.smtp", auth_required=need_auth,
                        auth_require_tls=False, authenticator=_authenticator(st) if need_auth else None)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, host, port)
    return server, st
