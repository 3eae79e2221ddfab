"""Which part of the detector misses a set's dangers and raises its look-alikes, from totals alone.

A rule writer aims better knowing the component at fault than the kind alone: in the fifth session of 2026-12-05 the
lead's split of the blind sets (no text) showed that most misses raised nothing at all, and that half of the model's
look-alike flags were certain pattern hits the model doubted, not its own guesses; each was a different engineer's
work. For each kind this counts, on a labelled set:

* dangers missed, by why: a pattern's hit cancelled by context; the model's guess cancelled (evidence 模型, cancelled
  by a context word); another kind raised but not this one; nothing raised at all;
* look-alikes flagged, by what raised the flag: a certain pattern hit; a 疑似 pattern hit; a kind told beside another's
  danger (旁有…); the model's own guess (a kind no pattern raised); a certain pattern hit the model scored under
  ``doubt``, shown 疑似.

**No text is printed**, so a held-out set stays unread. Never the validation or blind sets (eval3…eval7, eval34 and
on): they are refused.

    .venv/bin/python bench/risk_components.py --set tests/fixtures/risk/eval28.jsonl [--set …]

Last line: one JSON object, the counts per kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.risk import read_set  # noqa: E402
from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import KINDS, load_risk  # noqa: E402
from monitor.classify.training import is_unseen  # noqa: E402

MISSED = ("pattern cancelled", "model cancelled", "other kind raised", "nothing raised")
RAISED = ("rule certain", "rule 疑似", "beside", "model guess", "model doubt")


def raised_by(flag: dict[str, Any]) -> str:
    """What raised a flag, read from its evidence: the model's guess puts its figure first (模型72%), a doubted certain
    hit last (…, 模型3%); a kind told beside another's danger names it (旁有安全隐患)."""
    ev = [str(e) for e in flag["evidence"]]
    if ev and ev[0].startswith("模型") and ev[0][2:3].isdigit():
        return "model guess"
    if any(e.startswith("模型") for e in ev):
        return "model doubt"
    if any(e.startswith("旁有") for e in ev):
        return "beside"
    return "rule 疑似" if flag["possible"] else "rule certain"


def missed_by(kind: str, out: dict[str, dict[str, Any]], cancelled: list[dict[str, str]]) -> str:
    """Why ``kind`` was not raised, from what was cancelled and what else was raised."""
    mine = [c for c in cancelled if c["flag"] == kind]
    if mine and all(c["words"] == "模型" for c in mine):
        return "model cancelled"
    if mine:
        return "pattern cancelled"
    return "other kind raised" if out else "nothing raised"


Counts = dict[str, dict[str, int]]  # kind -> why missed (or what raised) -> how many


def totals(det: RiskDetector, rows: list[tuple[str, list[str]]]) -> tuple[int, Counts, Counts]:
    """The counts of the module docstring over ``rows`` ((text, kinds); kinds [] a look-alike): the look-alikes read,
    the dangers missed by why, the look-alikes' flags by what raised them."""
    missed: Counter[tuple[str, str]] = Counter()
    raised: Counter[tuple[str, str]] = Counter()
    looks = 0
    for text, kinds in rows:
        evidence: dict[str, Any] = {}
        out = {r["flag"]: r for r in det.detect(text, evidence)}
        if not kinds:
            looks += 1
            for kind, flag in out.items():
                raised[(kind, raised_by(flag))] += 1
        cancelled = evidence.get("risk", {}).get("cancelled", [])
        for kind in kinds:
            if kind not in out:
                missed[(kind, missed_by(kind, out, cancelled))] += 1
    return (looks, {k: {m: missed[(k, m)] for m in MISSED} for k in KINDS},
            {k: {r: raised[(k, r)] for r in RAISED} for k in KINDS})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, action="append", required=True, help="a labelled set (repeat to pool)")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    args = ap.parse_args()
    for path in args.set:
        if is_unseen(path.name):
            raise SystemExit(f"{path.name}: a validation or blind set is never read here")
    rows = [row for path in args.set for row in read_set(path)]
    looks, missed, raised = totals(RiskDetector(load_risk(args.config)), rows)
    print(f"{', '.join(p.name for p in args.set)}: {len(rows)} messages, {looks} look-alikes\n")
    print("dangers missed".ljust(16) + "".join(f"{m:>19}" for m in MISSED))
    for k in KINDS:
        print(f"{k:<16}" + "".join(f"{missed[k][m]:>19}" for m in MISSED))
    print("\nlook-alikes".ljust(17) + "".join(f"{r:>14}" for r in RAISED))
    for k in KINDS:
        print(f"{k:<16}" + "".join(f"{raised[k][r]:>14}" for r in RAISED))
    print(json.dumps({"messages": len(rows), "lookalikes": looks, "missed": missed, "raised_on_lookalikes": raised},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
