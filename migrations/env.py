"""Alembic environment: the engine comes from wenzheng (monitor.store.db), never from an ini file."""

from alembic import context

from monitor.store.models import Base

target_metadata = Base.metadata
engine = context.config.attributes.get("engine")
if engine is None:  # plain `alembic` CLI use: take the URL the same way wenzheng does
    from monitor.core.config import DATABASE_ENV, DEFAULT_DATABASE_URL
    import os

    from monitor.store.db import make_engine

    engine = make_engine(os.environ.get(DATABASE_ENV, DEFAULT_DATABASE_URL))

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
