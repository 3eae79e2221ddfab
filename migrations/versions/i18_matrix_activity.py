"""the matrix's own activity: audience snapshots, own posts, per-account reading state (issue 18)

Additive only: daemons of the previous release keep running against this schema.

Revision ID: i18_matrix_activity
Revises: i11_users
Create Date: 2026-11-30 08:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import monitor.store.models  # noqa: F401  (UTCDateTime)

revision: str = 'i18_matrix_activity'
down_revision: str | None = 'i11_users'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = monitor.store.models.UTCDateTime


def upgrade() -> None:
    op.create_table('account_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('taken_at', UTC(timezone=True), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=False),
    sa.Column('friends', sa.Integer(), nullable=True),
    sa.Column('statuses_total', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_snapshots'))
    )
    with op.batch_alter_table('account_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_account_snapshots_account_taken', ['account_id', 'taken_at'], unique=False)

    op.create_table('account_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('external_id', sa.String(length=32), nullable=False),
    sa.Column('posted_at', UTC(timezone=True), nullable=False),
    sa.Column('reposts', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('repost', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('first_read_at', UTC(timezone=True), nullable=False),
    sa.Column('read_at', UTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_posts')),
    sa.UniqueConstraint('platform', 'external_id', name='uq_account_posts_platform_external')
    )
    with op.batch_alter_table('account_posts', schema=None) as batch_op:
        batch_op.create_index('ix_account_posts_account_posted', ['account_id', 'posted_at'], unique=False)
        batch_op.create_index('ix_account_posts_posted', ['posted_at'], unique=False)

    op.create_table('activity_reads',
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('last_ok_at', UTC(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', UTC(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_at', UTC(timezone=True), nullable=True),
    sa.Column('incomplete', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('account_id', 'platform', name=op.f('pk_activity_reads'))
    )


def downgrade() -> None:
    op.drop_table('activity_reads')
    with op.batch_alter_table('account_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_account_posts_posted')
        batch_op.drop_index('ix_account_posts_account_posted')
    op.drop_table('account_posts')
    with op.batch_alter_table('account_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_account_snapshots_account_taken')
    op.drop_table('account_snapshots')
