"""The garbage collector's settings for a process that ingests: what lives for good is frozen,
and full collections come once every few batches rather than about twice a batch.

Why: after start-up the dictionaries, models and modules (hundreds of thousands of objects) live
as long as the process; ``gc.freeze`` moves them where no collection walks them again. That also
empties the oldest generation, so CPython's guard against frequent full collections (one only when
the objects that survived into it since the last one are a quarter of it) no longer holds back:
every tenth middle collection became a full one, about twice per 500-item batch, each walking the
batch's whole working set (ORM objects, loaded rows) again. ``bench/ingest.py --n 10000`` with a
timer on the collector's callbacks: full collections took 2.75 s of the ingest's 34 s CPU.

Full collections every :data:`FULL_EVERY` middle ones instead of 10: the cyclic garbage of a few
batches waits a little longer for its collection (the heap stays bounded: it is collected every
few batches), young collections are unchanged.
"""

from __future__ import annotations

import gc

FULL_EVERY = 40
"""Middle (generation 1) collections between two full ones; CPython's default is 10."""


def freeze_heap() -> None:
    """Collect, then freeze what is alive now (call once everything long-lived is loaded), and
    space out the full collections that follow (:data:`FULL_EVERY`)."""
    gc.collect()
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)
