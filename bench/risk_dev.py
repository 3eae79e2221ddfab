"""The development loop for risk detection: messages written for the project, never the blind set.

``tests/fixtures/risk/dev.jsonl`` is what the patterns were written against and the model trained
on, so its figures flatter both; ``holdout.jsonl`` … ``holdout8.jsonl`` were each written after a
round of changes (the model never trained on them); the blind set (``bench/risk.py``, at most twice
a session) is the honest one. For each set this prints recall per kind, the look-alikes flagged,
and with ``--show`` every miss and every false flag with its text, what fired and what was
cancelled (by what), so a wrong pattern or cancellation can be fixed at its cause.

With ``--data DIR`` it also counts the real 问政 messages in ``/work/shared`` (read in place) that
raise a flag, and how many of those a certain one (what an office's queue would get), and lists
(``--show``) a sample of them, each with the words that fired.

``outside.jsonl`` … ``outside4.jsonl`` are the outside development sets (docs/evaluation.md):
written by someone who wrote no rules, read in full by rule writers, never a source of reported
figures. Look-alikes are counted flagged by any flag and, apart, by a certain one (疑似 aside).

    .venv/bin/python bench/risk_dev.py [--set dev|holdout|…|holdout9|eval|eval2|eval8|…|eval11|outside|…|outside7|outside14|routine|FILE] [--show] [--data DIR]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import KINDS, load_risk  # noqa: E402
from monitor.classify.training import is_unseen  # noqa: E402

SETS = {n: ROOT / "tests" / "fixtures" / "risk" / f"{n}.jsonl"
        for n in ("dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8",
                  "holdout9", "eval", "eval2", "outside", "outside2", "outside3", "outside4", "outside5", "outside6", "outside7",
                  "routine", "eval8", "eval9", "eval10", "eval11", "outside14")}
# eval.jsonl and eval2.jsonl were blind sets written by people outside the rules; they are retired to
# development (docs/evaluation.md): rules written only against one's own probes did not transfer


def _path(name: str) -> Path:
    path = SETS.get(name, Path(name))
    if is_unseen(path.name):  # the blind sets are read by bench/risk.py's aggregates only
        raise SystemExit(f"{path}: a blind set; use bench/risk.py, which prints aggregates only")
    return path


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(det: RiskDetector, rows: list[dict], show: bool) -> dict[str, object]:
    hit = Counter[str]()
    total = Counter[str]()
    looks = flagged = certain = 0
    for row in rows:
        evidence: dict = {}
        out = {r["flag"]: r for r in det.detect(row["text"], evidence)}
        why = evidence.get("risk", {})
        if not row["kinds"]:
            looks += 1
            flagged += bool(out)
            certain += any(not r["possible"] for r in out.values())
            if out and show:
                print(f"FALSE {row['id']}  {row['text']}\n      "
                      + "；".join(f"{r['label']}（{'、'.join(r['evidence'])}）" for r in out.values()))
        for kind in row["kinds"]:
            total[kind] += 1
            hit[kind] += kind in out
            if kind not in out and show:
                print(f"MISS  {row['id']}  {row['text']}\n      raised {list(out) or '-'}; "
                      f"cancelled {why.get('cancelled', []) or '-'}")
    recall = {k: round(hit[k] / total[k], 3) if total[k] else None for k in KINDS}
    return {"n": len(rows), "lookalikes": looks, "recall": recall,
            "false_flag_rate": round(flagged / looks, 4) if looks else 0.0,
            "certain_false_flag_rate": round(certain / looks, 4) if looks else 0.0}


def real_sample(det: RiskDetector, data: Path, show: bool, k: int = 30) -> dict[str, object]:
    texts: list[str] = []
    for name in ("messages_train.csv", "messages_dev.csv", "replies.csv"):
        if (data / name).exists():
            with (data / name).open(encoding="utf-8", newline="") as fh:
                texts.extend(r["text"] for r in csv.DictReader(fh))
    flagged = [(t, det.detect(t)) for t in texts]
    flagged = [(t, out) for t, out in flagged if out]
    certain = sum(any(not r["possible"] for r in out) for _, out in flagged)
    if show:
        for t, out in random.Random(10).sample(flagged, min(k, len(flagged))):
            first = out[0]["evidence"][0].split("…")[0]
            at = max(0, t.find(first) - 30)
            print(f"REAL  {'；'.join(r['label'] for r in out)}（{'、'.join(out[0]['evidence'][:3])}）"
                  f"  …{t[at:at + 80]}…")
    return {"n": len(texts), "flagged": round(len(flagged) / max(len(texts), 1), 4),
            "flagged_n": len(flagged), "certain_n": certain}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", help="dev, holdout…holdout9, eval, eval2, outside…outside7, routine or a JSON Lines file")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--show", action="store_true", help="print every miss and false flag")
    ap.add_argument("--data", type=Path, default=None, help="also sample flagged real messages")
    args = ap.parse_args()
    det = RiskDetector(load_risk(args.config))
    result: dict[str, object] = {}
    for name in args.set or [n for n, p in SETS.items() if p.exists()]:  # (a set not yet written is skipped)
        path = _path(name)
        figures = evaluate(det, _read(path), args.show)
        recall = figures["recall"]
        assert isinstance(recall, dict)
        print(f"{path.name:<16} recall " + " ".join(f"{k} {v}" for k, v in recall.items())
              + f"   look-alikes flagged {figures['false_flag_rate']:.1%}"
              + f" (certain {figures['certain_false_flag_rate']:.1%})")
        result[path.stem] = figures
    if args.data is not None:
        real = real_sample(det, args.data, args.show)
        print(f"real messages    {real['n']}: {real['flagged']:.1%} raise a flag"
              f" ({real['flagged_n']}, {real['certain_n']} of them certain)")
        result["real"] = real
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
