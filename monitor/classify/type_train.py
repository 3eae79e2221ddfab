"""Retrain the type model from the written sets: ``python -m monitor.classify.type_train``.

Reads only messages written for this project, each labelled with its type: the development sets of
classification (``tests/fixtures/classify/outside.jsonl`` … ``outside4.jsonl``, the retired blind set
``blind.jsonl``, ``dev3.jsonl``) and the shipped seed examples (``config/classify_seed.jsonl``), and
writes ``config/type_model.json``; the same files give the same model. Never the sets kept for
validation or blind reading (``blind2.jsonl`` and later): the model must be judged on text it has
not seen, and a set it learnt from says nothing about that. Never the shared real data: its labels
are domains, not types, and it may not be shipped.
"""

from __future__ import annotations

import json
from pathlib import Path

from monitor.classify.settings import TYPE_CODES, load_classify
from monitor.classify.type_model import TypeModel

SOURCES = ("tests/fixtures/classify/outside.jsonl", "tests/fixtures/classify/outside2.jsonl",
           "tests/fixtures/classify/outside3.jsonl", "tests/fixtures/classify/outside4.jsonl",
           "tests/fixtures/classify/blind.jsonl", "tests/fixtures/classify/dev3.jsonl",
           "config/classify_seed.jsonl")
# held out set by set (trained on the others), pruning to the n-grams weighing 0.3 or more in some type
# (about 3,300 of 20,000) and fitting again read as well as the whole model: C = 4 both times
PARAMS: dict[str, float] = {"c": 4.0, "keep": 0.3, "refit": 4.0}


def examples(root: Path, sources: tuple[str, ...] = SOURCES) -> tuple[list[str], list[str]]:
    """Texts and type codes of the written sets (a set's type is its label, 投诉…, or a code)."""
    labels = load_classify(root / "config" / "classify.toml").types.labels
    codes = {label: code for code, label in labels.items()} | {c: c for c in TYPE_CODES}
    texts: list[str] = []
    types: list[str] = []
    for name in sources:
        for n, line in enumerate((root / name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as err:
                raise ValueError(f"{name}:{n}: not a JSON object ({err})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f"{name}:{n}: needs a text")
            if row.get("type") not in codes:
                raise ValueError(f"{name}:{n}: type {row.get('type')!r} is not a type")
            texts.append(str(row["text"]))
            types.append(codes[row["type"]])
    return texts, types


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    texts, types = examples(root)
    model = TypeModel.fit(texts, types, trained_on=SOURCES, **PARAMS)
    out = root / "config" / "type_model.json"
    model.save(out)
    print(f"{out.relative_to(root)}: {len(model.vocabulary)} n-grams from {len(texts)} messages, "
          f"types {', '.join(model.labels)}")


if __name__ == "__main__":
    main()
