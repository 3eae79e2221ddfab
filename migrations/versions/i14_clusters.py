"""mass-appeal clusters: the clusters table, its joining index, and each case's cluster

Revision ID: i14_clusters
Revises: i16_deadletters
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import monitor.store.models

revision: str = "i14_clusters"
down_revision: str | None = "i16_deadletters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
UTC = monitor.store.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("problem", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=True),
        sa.Column("subtopic", sa.String(length=32), nullable=True),
        sa.Column("lead_account_id", sa.String(length=64), nullable=True),
        sa.Column("co_account_ids", JSON, nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("chasers", sa.Integer(), nullable=False),
        sa.Column("reposts", sa.Integer(), nullable=False),
        sa.Column("first_seen", UTC, nullable=False),
        sa.Column("last_seen", UTC, nullable=False),
        sa.Column("burst_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.create_index("ix_clusters_last_seen", ["last_seen"], unique=False)

    op.create_table(
        "cluster_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("at", UTC, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_cluster_keys_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_keys")),
    )
    with op.batch_alter_table("cluster_keys", schema=None) as batch_op:
        batch_op.create_index("ix_cluster_keys_lookup", ["key", "domain", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_cluster_keys_case_id"), ["case_id"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cluster_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cluster_sig", JSON, nullable=False, server_default="{}"))
        batch_op.create_foreign_key(batch_op.f("fk_cases_cluster_id_clusters"), "clusters",
                                    ["cluster_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_cases_cluster_id"), ["cluster_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_citizen_name"), ["citizen_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_citizen_name"))
        batch_op.drop_index(batch_op.f("ix_cases_cluster_id"))
        batch_op.drop_constraint(batch_op.f("fk_cases_cluster_id_clusters"), type_="foreignkey")
        batch_op.drop_column("cluster_sig")
        batch_op.drop_column("cluster_id")
    with op.batch_alter_table("cluster_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_keys_case_id"))
        batch_op.drop_index("ix_cluster_keys_lookup")
    op.drop_table("cluster_keys")
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.drop_index("ix_clusters_last_seen")
    op.drop_table("clusters")
