"""Storing what a push source received, and answering which case each item is.

Why this is more than ``Pipeline.ingest``: a platform that pushes (WeChat, a 12345 platform, a
webhook sender) retries when it is unsure we got a message, and our answer must be the same the
second time: the case the first delivery opened. So after the items are committed, the case of
every item, new or already known, is read back by its dedupe key (platform, external id).

The source's row is stamped in the same transaction as the items (``last_success_at`` is then
"last received"), so ``wenzheng sources`` shows when a push source last heard from its platform.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_

from monitor.core.types import Item
from monitor.intake.pipeline import Pipeline
from monitor.store.models import Mention


def store_items(pipeline: Pipeline, items: Sequence[Item], *, source_name: str | None,
                channel: str | None) -> dict[str, int | None]:
    """Ingest ``items`` (committed on return) and map each external id to its case number.

    ``source_name`` None: items with no configured source (a case an operator typed in).
    """
    newest = max((it.created_at for it in items), default=None)
    if source_name is None:
        pipeline.ingest(items, channel=channel)
    else:
        pipeline.ingest(items, source_name=source_name, cursor={}, newest_at=newest, channel=channel)
    keys = {(it.platform, it.external_id) for it in items}
    if not keys:
        return {}
    with pipeline.sessions() as s:
        rows = s.execute(select(Mention.external_id, Mention.case_id)
                         .where(tuple_(Mention.platform, Mention.external_id).in_(list(keys))))
        found = {ext: case_id for ext, case_id in rows}
    return {it.external_id: found.get(it.external_id) for it in items}
