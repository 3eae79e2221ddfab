"""How the JSON columns are written and read: ``orjson``, with the standard library behind it.

Why: every JSON value the ingest stores or reads back goes through the engine's serializer (a
mention's platform payload of ~3 KB, each event's data, a case's classification, evidence,
metrics and cluster signature) and the standard library's encoder and decoder were about 4 % of
the ingest's CPU (issue 19, docs/deploy.md "Third session of 2026-12-03"). ``orjson`` does the
same work several times faster.

What stays the same, and how:

* **The values**: what is stored reads back equal, on both backends. PostgreSQL parses the text
  into ``jsonb`` either way; on SQLite the text differs in form only (no spaces after ``,`` and
  ``:``, non-ASCII characters as UTF-8 rather than ``\\uXXXX`` escapes, ``2.5e-7`` for ``2.5e-07``),
  which SQLite's JSON functions and both decoders read alike, old rows and new side by side.
* **Anything unusual goes the old way**: a value ``orjson`` would write differently from
  ``json.dumps`` or refuse (a non-string key, a ``str``/``int``/``dict`` subclass, a ``datetime``
  or dataclass, an integer beyond 64 bits, a lone surrogate) is handed to ``json.dumps``, which
  writes it as before, or raises the ``TypeError`` it raised before. Reading, a text ``orjson``
  refuses (``NaN`` written by ``json.dumps``, an escaped lone surrogate, a huge integer) is read
  by ``json.loads``.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# what orjson writes otherwise than json.dumps is refused, so that json.dumps decides it
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def dumps(value: Any) -> str:
    """JSON text of ``value`` (the engine's ``json_serializer``)."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode()
    except TypeError:  # orjson.JSONEncodeError is one: what it refuses, json.dumps decides
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    """The value of JSON ``text``: ``str`` on SQLite, ``bytes`` from psycopg (the engine's
    ``json_deserializer``)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
