"""Training data in and out: labelled files, operators' corrections, and the texts to classify.

Files come from offices as they are (a CSV export, an Excel sheet, JSON Lines); a missing column
or an unreadable row is reported with file, line and reason, never silently dropped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jieba
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.classify.model import LearnedModel
from monitor.classify.settings import TaxonomySettings
from monitor.store.models import LabelledExample

# the validation and blind sets (docs/evaluation.md): risk and clusters eval3 … eval7 and eval34 and on
# (eval, eval2, since the session of 2026-12-02 night eval8 and eval9, since the second session of
# 2026-12-03 eval10 and eval11, since its third eval12, since its fourth eval13, since its fifth
# eval14, since its sixth eval15, and since the session of 2026-12-03 late eval16, since the session of 2026-12-04
# eval17, since its second session eval18, since its third eval19, since its fourth eval20, since its
# fifth eval21, since its sixth eval22, since its seventh eval23, since its eighth eval24, since its ninth eval25, since the session of 2026-12-05
# eval26, since its second session eval27, since its third session eval28, since its fourth
# session eval29, since its fifth session eval30, since its sixth session eval31,
# since its seventh session eval32, since its eighth session eval33 are retired to development),
# classification blind2 … blind5 and blind8 and on (blind, blind6 and since the second session of
# 2026-12-03 blind7 are retired); never trained on, never read row by row. One definition, because
# every trainer and development bench must refuse the same files, and a set numbered past 9 must not
# slip through a pattern written at 9.
UNSEEN_SET = re.compile(r"^(eval([3-7]|3[4-9]|[4-9]\d|[1-9]\d\d+)|blind([2-589]|[1-9]\d+))\b")


def is_unseen(name: str) -> bool:
    """Whether the fixture file ``name`` (a file name, not a path) is a validation or blind set."""
    return UNSEEN_SET.match(name) is not None


# retired risk sets kept as held-out checks (docs/evaluation.md): development by their totals, so that a rule or a
# retrain can be checked on text nobody tuned to, but their texts stay unread. The development tools count them and
# never print one of their texts (a parity diff or a listed miss would show it to whoever runs the tool). eval27,
# held out for two sessions and read by its totals many times over, was released to development (read in full) at
# the start of the fourth session of 2026-12-05, when eval29 took its place; eval28, held out for two sessions, was
# released likewise at the start of the fifth, when eval30 took its place; eval29, likewise at the start of the sixth,
# when eval31 took its place; eval30, likewise at the start of the seventh, when eval32 took its place; eval31, likewise
# at the start of the eighth, when eval33 took its place.
HELD_OUT: frozenset[str] = frozenset({"eval32.jsonl", "eval33.jsonl"})


def is_held_out(name: str) -> bool:
    """Whether the fixture file ``name`` is read by its totals only (:data:`HELD_OUT`)."""
    return name in HELD_OUT


FIELDS = ("domain", "type", "region")  # what an operator may correct, each a labelled example
csv.field_size_limit(10_000_000)  # 问政 messages can be long; the default 128 KiB is not enough


class DataError(ValueError):
    """A training or input file that cannot be used as it is; the message says where and why."""


@dataclass(frozen=True)
class Labelled:
    examples: list[tuple[str, str]]
    skipped: list[str]  # "file:line: reason" for rows without text or label


def _rows_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None:
            raise DataError(f"{path}: empty file (expected a header row)")
        for row in reader:
            yield reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}


def _rows_xlsx(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise DataError(f"{path}: not a readable .xlsx workbook ({err})") from None
    rows = wb.active.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise DataError(f"{path}: empty sheet (expected a header row)")
    names = [str(h).strip() if h is not None else "" for h in header]
    for i, row in enumerate(rows, start=2):
        yield i, {n: ("" if v is None else str(v)) for n, v in zip(names, row, strict=False) if n}
    wb.close()


def _rows_jsonl(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise DataError(f"{path}:{i}: not valid JSON ({err.msg})") from None
            if not isinstance(obj, dict):
                raise DataError(f"{path}:{i}: expected a JSON object")
            yield i, {k: "" if v is None else str(v) for k, v in obj.items()}


T = TypeVar("T")


def _decoded(path: Path, rows: Iterator[T]) -> Iterator[T]:
    """``rows`` read from the text file ``path``; a file that is not UTF-8 (a GBK export, a binary
    file named .csv) is said as such, naming the file, where Python's decoder raised a traceback."""
    try:
        yield from rows
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text ({err.reason}); save it as UTF-8 and try again") from None


def table_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) pairs of a CSV, XLSX or JSON Lines file, by extension."""
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _rows_xlsx(path)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _decoded(path, _rows_jsonl(path))
    return _decoded(path, _rows_csv(path))


def read_labelled(path: Path, *, text_column: str = "text", label_column: str = "label") -> Labelled:
    """Labelled examples of a CSV/XLSX/JSONL file; rows missing text or label are listed, not lost."""
    examples: list[tuple[str, str]] = []
    skipped: list[str] = []
    checked = False
    for line, row in table_rows(path):
        if not checked:
            missing = [c for c in (text_column, label_column) if c not in row]
            if missing:
                raise DataError(f"{path}: no column {', '.join(repr(m) for m in missing)} "
                                f"(columns: {', '.join(row)}); use --text-column / --label-column")
            checked = True
        text, label = row.get(text_column, "").strip(), row.get(label_column, "").strip()
        if not text or not label:
            skipped.append(f"{path}:{line}: empty {'text' if not text else 'label'}")
            continue
        examples.append((text, label))
    if not examples:
        raise DataError(f"{path}: no labelled rows")
    return Labelled(examples, skipped)


def iter_texts(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line, text, error) for each message of a file to classify, in input order.

    CSV needs a ``text`` column, JSON Lines a ``text`` key; any other file is plain text, one
    message a line. A row that cannot be read yields an error instead of a text, so the output
    stays aligned with the input and nothing disappears silently.
    """
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        first = True
        for line, row in table_rows(path):
            if first and "text" not in row:
                raise DataError(f"{path}: no column 'text' (columns: {', '.join(row)})")
            first = False
            text = row.get("text", "").strip()
            yield (line, text, None) if text else (line, None, "empty text")
        return
    yield from _decoded(path, _text_lines(path, suffix))


def _text_lines(path: Path, suffix: str) -> Iterator[tuple[int, str | None, str | None]]:
    """:func:`iter_texts` of a JSON Lines or plain text file."""
    with path.open(encoding="utf-8") as fh:
        for i, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if suffix in (".jsonl", ".ndjson"):
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as err:
                    yield i, None, f"not valid JSON ({err.msg})"
                    continue
                text = obj.get("text") if isinstance(obj, dict) else None
                if not isinstance(text, str) or not text.strip():
                    yield i, None, "no \"text\" string"
                    continue
                yield i, text.strip(), None
            else:
                yield i, raw.strip(), None


def examples_from_db(session: Session, field: str = "domain") -> list[tuple[str, str]]:
    """Labelled examples stored in the database (operators' corrections and imports).

    A case corrected twice counts once, with its latest label: the operator's last word."""
    rows = session.execute(select(LabelledExample.text, LabelledExample.label, LabelledExample.case_id)
                           .where(LabelledExample.field == field).order_by(LabelledExample.id))
    latest: dict[object, tuple[str, str]] = {}
    for t, lab, case_id in rows:
        latest[case_id if case_id is not None else ("text", t)] = (t, lab)
    return list(latest.values())


def corrections_for(session: Session, text: str) -> list[LabelledExample]:
    """Operators' corrections of this very text (``classify --explain`` shows them)."""
    return list(session.scalars(select(LabelledExample).where(LabelledExample.text == text)
                                .order_by(LabelledExample.id)))


def map_labels(examples: list[tuple[str, str]], taxonomy: TaxonomySettings, *,
               source: str = "training data") -> list[tuple[str, str]]:
    """Put every label into the office's domains through ``[taxonomy.label_map]``.

    A label that is neither an office domain nor mapped is refused, all of them at once and with
    their counts, so the operator fixes the mapping once rather than the model learning a
    vocabulary the router does not speak.
    """
    unmapped: dict[str, int] = {}
    out: list[tuple[str, str]] = []
    for text, label in examples:
        domain = taxonomy.map_label(label)
        if domain is None:
            unmapped[label] = unmapped.get(label, 0) + 1
        else:
            out.append((text, domain))
    if unmapped:
        listed = ", ".join(f"{lab} ({n})" for lab, n in sorted(unmapped.items(), key=lambda kv: -kv[1]))
        raise DataError(f"{source}: labels that are not office domains and have no mapping: {listed}. "
                        f"Add them to classify.toml [taxonomy.label_map] (office domains: "
                        f"{', '.join(taxonomy.domains)})")
    return out


def train(examples: list[tuple[str, str]], *, source: str = "",
          covers: dict[str, list[str]] | None = None) -> LearnedModel:
    """Fit the domain model. Call after a :class:`Classifier` exists, so jieba knows our words
    and the training tokens are the ones ``classify`` will produce. ``covers`` (from
    :meth:`TaxonomySettings.covers`) is kept in the model: what its labels also held."""
    docs = [(jieba.lcut(text), text) for text, _ in examples]
    model = LearnedModel.fit(docs, [label for _, label in examples], source=source)
    model.meta["covers"] = dict(covers or {})
    return model



def seed_examples(path: Path) -> list[tuple[str, str]]:
    """The shipped seed examples (``[model].seed``, ``config/classify_seed.jsonl``): short messages
    in the office's own domains, written the way citizens write on Weibo and to 12345.

    Why: the shared 泰迪杯 letters are long and know 7 labels, so a model fitted on them alone
    cannot say 民生, 住房, 公共安全 or 其他 and guesses on a two-line post; these teach it the
    domains and the register. Empty when the file is absent (an office may delete it)."""
    if not path.is_file():
        return []
    out: list[tuple[str, str]] = []
    for line, row in _rows_jsonl(path):
        text, domain = row.get("text", "").strip(), row.get("domain", "").strip()
        if not text or not domain:
            raise DataError(f"{path}:{line}: a seed example needs \"text\" and \"domain\"")
        out.append((text, domain))
    return out
