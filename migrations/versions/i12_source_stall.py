"""sources: a stalled stream (polls succeed, nothing new, while the platform is elsewhere)

Revision ID: i12_source_stall
Revises: i12_destinations
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models  # noqa: F401  (UTCDateTime)

revision: str = 'i12_source_stall'
down_revision: str | None = 'i12_destinations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stalled_since', monitor.store.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('stall_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('stall_reason')
        batch_op.drop_column('stalled_since')
