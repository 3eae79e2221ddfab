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
  by ``json.loads``. Without ``orjson`` installed (a ``.venv`` made before it was a dependency)
  the standard library does it all, as before.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson
except ImportError:  # a .venv installed before orjson became a dependency (`make install` adds it)
    orjson = None


def _dumps_fast(value: Any) -> str:
    try:
        return orjson.dumps(value, option=_OPTIONS).decode()
    except TypeError:  # orjson.JSONEncodeError is one: what it refuses, json.dumps decides
        return json.dumps(value)


def _loads_fast(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


if orjson is not None:
    _OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
    dumps, loads = _dumps_fast, _loads_fast
else:  # the standard library alone: the same values, written as before
    dumps, loads = json.dumps, json.loads
"""``dumps(value)``: JSON text (the engine's ``json_serializer``); ``loads(text)``: the value of JSON
text, ``str`` on SQLite, ``bytes`` from psycopg (its ``json_deserializer``)."""
