"""A poll round's items kept on disk while it is read, and read back oldest first, each once.

Why: a Weibo source reads up to ``max_pages`` pages of every stream in one poll round, and under
a backlog (an outage, the daemon stopped) a round is thousands of items. Held as objects until
the round is stored, they were the daemon's largest memory: RSS followed the largest round
(rounds of 10,443 items took it from 280 to 464 MB, docs/deploy.md).

Why not store each page as it is read: the platform pages **newest first** (``since_id`` and
``max_id``), so the first page read is the newest, and the pipeline reads a thread in time order
(a reply stored before its post opens nothing, a citizen's 已经解决了 is feedback only after the
member's reply is stored, a second post chases the citizen's case only once that case exists).
Stored as read, a backlog would be stored backwards. So each page goes to a temporary file as
it arrives (compressed, one record per item) and, once the round is read, the streams are
merged oldest first: what is in memory is one item per stream and 16 bytes per item read.

The cursor is untouched by this: the pipeline stores the merged items in batches, and only the
last batch (the newest items) commits the stream cursors; a crash before that re-reads the whole
round, whose stored items dedupe skips.
"""

from __future__ import annotations

import datetime as dt
import heapq
import pickle
import tempfile
import zlib
from array import array
from collections.abc import Iterator, Sequence
from typing import IO

from monitor.core.types import Item

Key = tuple[dt.datetime, int, str]


def item_key(item: Item) -> Key:
    """The order a round is stored in: time, then the platform's id (numeric when it is)."""
    ext = item.external_id
    return (item.created_at, int(ext) if ext.isdigit() else 0, ext)


class Spool:
    """Items of ``streams`` streams, added page by page in the order a stream is paged (newest
    page first); iterated once, oldest first across every stream, an item in several streams once
    (the copy of the lowest-numbered stream, as the in-memory merge kept).

    Each stream's pages must come newest first with no overlap (what ``max_id`` paging gives):
    then the stream read back page by page, oldest page first, is in time order and the merge
    holds one item per stream. A page older than the one before it by its ids but not by its
    times (a platform whose ids do not follow time) would break that; the spool sees it and
    reads that stream whole, sorted, instead (correct, and as costly as before for that stream).
    """

    def __init__(self, streams: int) -> None:
        self._file: IO[bytes] | None = None
        self._end = 0
        # per stream, its pages in the order added (newest first); each page an array of
        # (offset, length) pairs in time order within the page
        self._pages: list[list[array[int]]] = [[] for _ in range(streams)]
        self._floor: list[Key | None] = [None] * streams  # the oldest key added to each stream
        self._unsorted: set[int] = set()
        self._read = False
        self.count = 0
        self.newest_at: dt.datetime | None = None
        self.peak_held = 0
        """The most items held in memory at once while iterating (the bound a test checks)."""

    def add_page(self, stream: int, items: Sequence[Item]) -> None:
        """The next page of ``stream`` (older than the pages added before it)."""
        if self._read:
            raise RuntimeError("the spool is being read: no more pages")
        if not items:
            return
        page = sorted(items, key=item_key)
        floor = self._floor[stream]
        if floor is not None and item_key(page[-1]) > floor:
            self._unsorted.add(stream)
        self._floor[stream] = item_key(page[0])
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="wenzheng-round-")  # noqa: SIM115 - closed by close()
        pairs = array("q")
        for it in page:
            blob = zlib.compress(pickle.dumps(it, protocol=pickle.HIGHEST_PROTOCOL), 1)
            self._file.write(blob)
            pairs.append(self._end)
            pairs.append(len(blob))
            self._end += len(blob)
            if self.newest_at is None or it.created_at > self.newest_at:
                self.newest_at = it.created_at
        self._pages[stream].append(pairs)
        self.count += len(page)

    def __len__(self) -> int:
        """Items added (an item in several streams counted in each)."""
        return self.count

    def __iter__(self) -> Iterator[Item]:
        if self._read:
            raise RuntimeError("a spool is read once")
        self._read = True
        if self._file is not None:
            self._file.flush()
        streams = [self._stream(i) for i, pages in enumerate(self._pages) if pages]
        last: Key | None = None
        held = len(streams)
        for it in heapq.merge(*streams, key=item_key):
            key = item_key(it)
            if key == last:  # the same item from another stream (ties come out together)
                continue
            last = key
            self.peak_held = max(self.peak_held, held)
            yield it
        self.close()

    def _stream(self, i: int) -> Iterator[Item]:
        pages = self._pages[i]
        if i in self._unsorted:
            items = sorted((self._load(p[j], p[j + 1]) for p in pages for j in range(0, len(p), 2)),
                           key=item_key)
            self.peak_held = max(self.peak_held, len(items))
            yield from items
            return
        for p in reversed(pages):
            for j in range(0, len(p), 2):
                yield self._load(p[j], p[j + 1])

    def _load(self, offset: int, length: int) -> Item:
        assert self._file is not None
        self._file.seek(offset)
        item: Item = pickle.loads(zlib.decompress(self._file.read(length)))
        return item

    def close(self) -> None:
        """Drop the file (it was never linked: a killed process leaves nothing behind)."""
        if self._file is not None:
            self._file.close()
            self._file = None
