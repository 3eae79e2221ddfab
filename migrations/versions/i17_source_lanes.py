"""source_lanes: a source split into lanes (its streams), each with its own lease and cursor (issue 17)

Additive only: daemons of the previous release keep running against this schema (they read and
write ``sources.cursor`` and never look at lanes; a lane with no row starts from that cursor).

Revision ID: i17_source_lanes
Revises: i19_cluster_keys_recent
Create Date: 2026-11-30 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import monitor.store.models  # noqa: F401  (UTCDateTime)

revision: str = 'i17_source_lanes'
down_revision: str | None = 'i19_cluster_keys_recent'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('source_lanes',
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('lane', sa.String(length=64), nullable=False),
    sa.Column('cursor', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
              nullable=False),
    sa.Column('items_total', sa.Integer(), nullable=False),
    sa.Column('last_success_at', monitor.store.models.UTCDateTime(), nullable=True),
    sa.Column('stall_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['source'], ['sources.name'], name=op.f('fk_source_lanes_source_sources'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('source', 'lane', name=op.f('pk_source_lanes'))
    )


def downgrade() -> None:
    op.drop_table('source_lanes')
