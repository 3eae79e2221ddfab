"""dead_letters: items that could not be stored, set aside so their stream goes on

Revision ID: i16_deadletters
Revises: i17_daemons
Create Date: 2026-11-30 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models

revision: str = 'i16_deadletters'
down_revision: str | None = 'i17_daemons'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'dead_letters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=64), nullable=True),
        sa.Column('adapter', sa.String(length=64), nullable=False),
        sa.Column('channel', sa.String(length=64), nullable=True),
        sa.Column('platform', sa.String(length=32), nullable=True),
        sa.Column('external_id', sa.String(length=64), nullable=True),
        sa.Column('origin', sa.Text(), nullable=False),
        sa.Column('stage', sa.String(length=16), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('raw', sa.LargeBinary(), nullable=False),
        sa.Column('raw_size', sa.Integer(), nullable=False),
        sa.Column('first_seen_at', monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', monitor.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('resolved_at', monitor.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column('resolution', sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dead_letters')),
        sa.UniqueConstraint('key', name='uq_dead_letters_key'),
    )
    with op.batch_alter_table('dead_letters', schema=None) as batch_op:
        batch_op.create_index('ix_dead_letters_open', ['resolved_at', 'last_seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dead_letters', schema=None) as batch_op:
        batch_op.drop_index('ix_dead_letters_open')
    op.drop_table('dead_letters')
