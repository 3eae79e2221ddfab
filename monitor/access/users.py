"""Users, roles, passwords and API tokens: the records behind ``wenzheng users …`` and the login.

Why these choices:

* Passwords are hashed with argon2id (``argon2-cffi``'s defaults, which follow the RFC 9106
  recommendations and are re-checked on every login: an old hash is upgraded when the defaults move).
* API tokens are 32 random bytes shown once; only their SHA-256 is stored. A token is already
  high-entropy, so a slow hash would only slow every API call without protecting anything more.
* Users are disabled, never deleted: every event on a case timeline keeps pointing at who did it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from monitor.core.timeutil import iso_local
from monitor.store.models import Account, ApiToken, User, WebSession, utcnow

ROLES = ("admin", "operator", "member", "viewer")
ROLE_LABELS = {"admin": "管理员", "operator": "值班员", "member": "成员单位", "viewer": "只读统计"}
MIN_PASSWORD = 8
TOKEN_PREFIX = "wz_"
_NAME = re.compile(r"^[^\s/\\:@]{1,64}$")
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the user does not exist, so a wrong name costs as long as a wrong password.

    Made on first use, not at import: hashing is slow by design (half a second), and every
    ``wenzheng`` command imports this module.
    """
    return _hasher.hash(secrets.token_urlsafe(16))


class AccessError(ValueError):
    """A user operation that cannot be done (unknown user, bad role, weak password…)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccessError(f"the password must be at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AccessError(f"no user named {name!r} (wenzheng users list shows them)")
    return user


def add_user(session: Session, name: str, role: str, password: str, *, account_id: str | None = None,
             subtree: bool = False, now: dt.datetime | None = None) -> User:
    """Create a user; a member needs a member account of the matrix, other roles must not have one."""
    name = name.strip()
    if not _NAME.match(name):
        raise AccessError(f"user name {name!r}: 1-64 characters, no spaces, '/', '\\\\', ':' or '@'")
    if role not in ROLES:
        raise AccessError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    if role == "member":
        if not account_id:
            raise AccessError("a member user needs --account: the member account it works for")
        acc = session.get(Account, account_id)
        if acc is None or not acc.active:
            raise AccessError(f"unknown account {account_id!r} (not in the matrix)")
    elif account_id or subtree:
        raise AccessError(f"--account and --subtree are for members; a {role} sees the whole matrix")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise AccessError(f"user {name!r} already exists")
    now = now or utcnow()
    user = User(name=name, role=role, account_id=account_id if role == "member" else None,
                subtree=bool(subtree and role == "member"), password_hash=hash_password(password),
                created_at=now, password_changed_at=now)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, name: str, password: str, *, now: dt.datetime | None = None) -> User:
    """A new password; every console session of the user ends (tokens stay: revoke them apart)."""
    user = get_user(session, name)
    user.password_hash = hash_password(password)
    user.password_changed_at = now or utcnow()
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    return user


def disable_user(session: Session, name: str, *, now: dt.datetime | None = None) -> User:
    """No more logins, sessions or API calls for the user; their history stays."""
    user = get_user(session, name)
    if user.disabled_at is not None:
        raise AccessError(f"user {name!r} is already disabled")
    now = now or utcnow()
    user.disabled_at = now
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                    .values(revoked_at=now))
    return user


def issue_token(session: Session, name: str, *, now: dt.datetime | None = None) -> str:
    """A new API token for the user, returned once in clear; earlier tokens stay valid."""
    user = get_user(session, name)
    if user.disabled_at is not None:
        raise AccessError(f"user {name!r} is disabled")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), created_at=now or utcnow()))
    session.flush()
    return token


def revoke_tokens(session: Session, name: str, *, now: dt.datetime | None = None) -> int:
    """Revoke every live API token of the user; how many were live."""
    user = get_user(session, name)
    result = session.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                                    ApiToken.revoked_at.is_(None))
                             .values(revoked_at=now or utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The enabled user with this name and password, else None (never says which was wrong)."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.password_hash or user.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return user


def user_for_token(session: Session, token: str, *, now: dt.datetime | None = None) -> User | None:
    """The enabled user a live API token belongs to, else None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                ApiToken.revoked_at.is_(None)))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    now = now or utcnow()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=5):
        row.last_used_at = now  # at most one write per token every five minutes
    return user


def list_users(session: Session) -> list[dict[str, Any]]:
    """Every user with role, account, state and live token count (for ``users list --json``)."""
    live: dict[int, int] = {}
    for uid in session.scalars(select(ApiToken.user_id).where(ApiToken.revoked_at.is_(None))):
        live[uid] = live.get(uid, 0) + 1
    names = dict(session.execute(select(Account.id, Account.name)).all())
    return [{
        "name": u.name, "role": u.role, "role_label": ROLE_LABELS[u.role],
        "account": u.account_id, "account_name": names.get(u.account_id or "", None),
        "subtree": u.subtree, "disabled_at": iso_local(u.disabled_at),
        "created_at": iso_local(u.created_at), "tokens": live.get(u.id, 0),
    } for u in session.scalars(select(User).order_by(User.name))]
