"""Failed console logins, counted in the database so that every daemon sees the same count.

After :data:`LIMITS` ``["name"]`` wrong passwords for one user name, or ``["address"]`` from one
client address, within :data:`WINDOW`, that name or address is refused (429) until the oldest
failure leaves the window, whatever the password. Behind a reverse proxy every client has the
proxy's address, hence the higher per-address limit; a right password clears its name's count.

Why a table and not the ``limits`` library in memory: several daemons serve one console behind a
load balancer (``docs/deploy.md``), and counts kept per process would let a guesser try five
passwords *per daemon*. ``limits`` has no SQL storage, and the moving window is three small
queries on the ``(kind, key, at)`` index; each failure prunes what has left the window, so the
table holds at most the last quarter hour's failures.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from monitor.core.timeutil import utcnow
from monitor.store.models import LoginFailure

WINDOW = dt.timedelta(minutes=15)
LIMITS = {"name": 5, "address": 30}
KEY_CHARS = 200


def _keys(name: str, address: str) -> list[tuple[str, str]]:
    # a NUL cannot be stored in PostgreSQL text; no user name holds one, so it counts without it
    name = name.replace("\0", "")
    return [("name", name.strip().lower()[:KEY_CHARS]), ("address", address[:KEY_CHARS])]


def wait_seconds(session: Session, name: str, address: str, *, now: dt.datetime | None = None) -> int:
    """0 when a login may be tried, else whole seconds until the window has room again."""
    now = now or utcnow()
    wait = 0.0
    for kind, key in _keys(name, address):
        limit = LIMITS[kind]
        recent = session.scalars(
            select(LoginFailure.at)
            .where(LoginFailure.kind == kind, LoginFailure.key == key, LoginFailure.at > now - WINDOW)
            .order_by(LoginFailure.at.desc()).limit(limit)).all()
        if len(recent) >= limit:  # the limit-th newest failure frees its slot when it turns WINDOW old
            wait = max(wait, (recent[-1] + WINDOW - now).total_seconds())
    return math.ceil(wait) if wait > 0 else 0


def failed(session: Session, name: str, address: str, *, now: dt.datetime | None = None) -> None:
    """Count one wrong password against the name and the address (in the caller's transaction)."""
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - WINDOW))
    session.add_all(LoginFailure(kind=kind, key=key, at=now) for kind, key in _keys(name, address))


def succeeded(session: Session, name: str) -> None:
    """The right password: the name's failures are forgiven (the address's are not)."""
    kind, key = _keys(name, "")[0]
    session.execute(delete(LoginFailure).where(LoginFailure.kind == kind, LoginFailure.key == key))


__all__ = ["LIMITS", "WINDOW", "failed", "succeeded", "wait_seconds"]
