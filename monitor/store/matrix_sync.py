"""Mirror ``config/matrix.toml`` into the ``accounts`` table so statistics can join on it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.core.config import Matrix
from monitor.store.models import Account, utcnow


def sync_accounts(session: Session, matrix: Matrix) -> None:
    """Upsert every configured account; accounts no longer configured become inactive (history kept)."""
    existing = {a.id: a for a in session.scalars(select(Account))}
    now = utcnow()
    for acc in matrix.accounts:
        row = existing.pop(acc.id, None)
        values = dict(
            name=acc.name, kind=acc.kind, parent_id=acc.parent, region=acc.region,
            domains=list(acc.domains), platform_ids=dict(acc.platform_ids),
            supervisors=list(matrix.supervisors_of(acc.id)), active=True,
        )
        if row is None:
            session.add(Account(id=acc.id, updated_at=now, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = now
    for row in existing.values():
        if row.active:
            row.active = False
            row.updated_at = now
