"""notifications: one row per destination (robot, address), the accounts it reaches, harm rank

Revision ID: i12_destinations
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models  # noqa: F401  (UTCDateTime)

revision: str = 'i12_destinations'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('destination', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('accounts', json_type, nullable=True))
        batch_op.add_column(sa.Column('rank', sa.Integer(), nullable=False, server_default='2'))
        batch_op.create_index('ix_notifications_claim', ['status', 'rank', 'not_before'], unique=False)
    op.execute("UPDATE notifications SET rank = 0 WHERE kind = 'risk'")
    op.execute("UPDATE notifications SET rank = 1 WHERE kind IN ('breached', 'supervision')")


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_claim')
        batch_op.drop_column('rank')
        batch_op.drop_column('accounts')
        batch_op.drop_column('destination')
