"""cases.next_check_at: when the SLA sweep next has work for a case, behind a partial index (issue 19)

The sweep selects ``next_check_at <= now`` instead of every open case due within a horizon, so
its cost follows the cases due, not the cases open (see monitor/sla/attention.py).

Every case not closed starts at "check at the next sweep" (1970-01-01, also the column's server
default): that sweep derives each once and stores its real moment; closed cases hold NULL and stay
out of the index. Additive: a daemon of the previous release, still running beside an upgraded
one, inserts cases without the column and they get the server default, so the new sweep sees
them; its own sweep keeps working as before.

Revision ID: i19_next_check
Revises: i20_login_failures
Create Date: 2026-11-30 11:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models  # noqa: F401  (UTCDateTime)

revision: str = 'i19_next_check'
down_revision: str | None = 'i20_login_failures'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = monitor.store.models.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_check_at', UTC(timezone=True), nullable=True,
                                      server_default=sa.text("'1970-01-01 00:00:00+00:00'")))
    cases = sa.table('cases', sa.column('status', sa.String()),
                     sa.column('next_check_at', UTC(timezone=True)))
    op.execute(cases.update().where(cases.c.status == 'closed').values(next_check_at=None))
    op.create_index('ix_cases_next_check', 'cases', ['next_check_at'], unique=False,
                    sqlite_where=sa.text('next_check_at IS NOT NULL'),
                    postgresql_where=sa.text('next_check_at IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_cases_next_check', table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('next_check_at')
