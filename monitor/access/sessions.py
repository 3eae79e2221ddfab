"""Console sessions: a random id in a signed, expiring cookie, and a row that makes logout real.

Why both: the signature (``itsdangerous``, HMAC-SHA1 over a timestamped value) lets the daemon
turn away a forged or expired cookie without touching the database; the ``web_sessions`` row lets
logout, a password change or ``users disable`` end a session before its cookie expires. The CSRF
token of a form is an HMAC of the session id, so it is tied to the session and needs no storage.

The signing key comes from ``WENZHENG_SECRET_KEY`` when set (several daemons behind one proxy, a
key kept in a vault); otherwise it is generated once and kept in the database (``app_secrets``),
so restarts keep everyone signed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from monitor.store.models import AppSecret, User, WebSession, utcnow

SECRET_ENV = "WENZHENG_SECRET_KEY"
SESSION_TTL = dt.timedelta(hours=12)
_SECRET_NAME = "session_signing_key"


def signing_key(sessions: sessionmaker[Session]) -> str:
    """The key that signs cookies: the environment's, else the database's (created on first use)."""
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return from_env
    with sessions.begin() as s:
        row = s.get(AppSecret, _SECRET_NAME)
        if row is not None:
            return row.value
    try:
        with sessions.begin() as s:
            s.add(AppSecret(name=_SECRET_NAME, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another daemon created it at the same moment: use theirs
    with sessions.begin() as s:
        row = s.get(AppSecret, _SECRET_NAME)
        assert row is not None
        return row.value


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionCodec:
    """Signs session ids into cookie values and derives each session's CSRF token."""

    def __init__(self, key: str, ttl: dt.timedelta = SESSION_TTL) -> None:
        self.ttl = ttl
        self._signer = URLSafeTimedSerializer(key, salt="wenzheng-session")
        self._csrf_key = hashlib.sha256(("csrf:" + key).encode()).digest()

    def cookie(self, session_id: str) -> str:
        return self._signer.dumps(session_id)

    def session_id(self, cookie: str) -> str | None:
        """The id inside a cookie value, or None when forged, damaged or older than the TTL."""
        try:
            value = self._signer.loads(cookie, max_age=int(self.ttl.total_seconds()))
        except BadSignature:  # SignatureExpired is a BadSignature
            return None
        return value if isinstance(value, str) else None

    def csrf_token(self, session_id: str) -> str:
        return hmac.new(self._csrf_key, session_id.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session_id: str, token: str) -> bool:
        return hmac.compare_digest(self.csrf_token(session_id), token)


def start_session(session: Session, user: User, *, address: str = "", ttl: dt.timedelta = SESSION_TTL,
                  now: dt.datetime | None = None) -> str:
    """A new session for ``user``; returns its id (goes into the signed cookie, never stored)."""
    now = now or utcnow()
    session_id = secrets.token_urlsafe(32)
    session.execute(delete(WebSession).where(WebSession.expires_at < now))  # housekeeping
    session.add(WebSession(id_hash=_hash(session_id), user_id=user.id, created_at=now,
                           expires_at=now + ttl, address=address[:64]))
    return session_id


def session_user(session: Session, session_id: str, *, now: dt.datetime | None = None) -> User | None:
    """The enabled user of a live session, else None."""
    now = now or utcnow()
    row = session.scalar(select(WebSession).where(WebSession.id_hash == _hash(session_id),
                                                  WebSession.expires_at > now))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.disabled_at is None else None


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id_hash == _hash(session_id)))
