"""Reading a model shipped as a JSON file (the risk model, the type model).

Why one reader: each shipped model is a table of weights in a JSON object tagged with its format,
and a file that cannot be used (missing, not JSON, another model's or an older format) must be refused
the same way whichever model it is, naming the file and the problem; the checks of the table's own
shape stay with each model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_model_file(path: Path, fmt: str, what: str, error: type[ValueError]) -> dict[str, Any]:
    """The JSON object in ``path`` tagged ``"format": fmt``; otherwise ``error`` naming the file and
    the problem (``what`` names the model in the message: "risk model", "type model")."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise error(f"{path}: cannot read the {what} ({err.strerror})") from None
    except ValueError as err:  # invalid JSON, or bytes that are not UTF-8
        raise error(f"{path}: not a {what} (invalid JSON: {err})") from None
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise error(f"{path}: format is not {fmt}")
    return data
