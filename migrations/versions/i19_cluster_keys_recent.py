"""cluster_keys indexes end with case_id, and (key, at, case_id) is new: newest rows first (issue 19)

The cluster join reads, per place key (and domain) of a batch, the newest rows inside the window.
It used to rank every row of the keys in the ±window (a window function over all of them), so its
cost grew with the database. Read along an index newest first and cut at the limit, it costs the
rows it keeps. The join orders by (at, case_id): with case_id in the index, two cases received in
the same second need no sort, and the cut needs none either. (key, at, case_id) gives a key's
newest rows whatever their domain.

Revision ID: i19_cluster_keys_recent
Revises: i19_next_check
Create Date: 2026-11-30 15:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'i19_cluster_keys_recent'
down_revision: str | None = 'i19_next_check'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_cluster_keys_lookup', table_name='cluster_keys')
    op.create_index('ix_cluster_keys_lookup', 'cluster_keys', ['key', 'domain', 'at', 'case_id'], unique=False)
    op.create_index('ix_cluster_keys_recent', 'cluster_keys', ['key', 'at', 'case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_cluster_keys_recent', table_name='cluster_keys')
    op.drop_index('ix_cluster_keys_lookup', table_name='cluster_keys')
    op.create_index('ix_cluster_keys_lookup', 'cluster_keys', ['key', 'domain', 'at'], unique=False)
