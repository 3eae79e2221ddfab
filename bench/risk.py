"""Risk detection on a labelled set written by someone outside the rules: recall per kind, false flags, cost.

Reads ``tests/fixtures/risk/eval.jsonl`` (one ``{"id", "text", "kinds", "note"}`` a line; ``kinds``
``[]`` marks a hard look-alike such as 防溺水宣传 or 吵死了). The set was written from the issue
text by someone who never saw the patterns; it and eval2.jsonl are now retired to development (read
in full through ``bench/risk_dev.py``), and the blind set is ``--set tests/fixtures/risk/eval3.jsonl``,
which the patterns' author never reads: this script prints **aggregate figures only**, never a message.

* recall of each kind: share of its messages on which the kind is raised (certain or 疑似: an
  uncertain hit still reaches a person), and how many of those only as 疑似;
* false-flag rate: share of look-alikes on which any flag is raised (certain or 疑似);
* possible-risk rate: share of all raised flags that are 疑似;
* cost: µs per message of :meth:`RiskDetector.detect`, and its ratio to ``jieba.lcut`` CPU time on
  the same texts (best of 5 rounds, alternating, on a shared host). Targets: recall ≥ 0.95 per kind, false flags ≤ 5 %, ≤ 0.3 × lcut.

With ``--data DIR`` it also prints the share of real 问政 messages (``/work/shared``'s CSVs, read in
place) that raise each flag: a base rate an office can expect in its queue.

    .venv/bin/python bench/risk.py [--set tests/fixtures/risk/eval.jsonl] [--data ../shared/data]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import KINDS, load_risk  # noqa: E402

TARGET_RECALL, TARGET_FALSE, TARGET_COST = 0.95, 0.05, 0.3


def read_set(path: Path) -> list[tuple[str, list[str]]]:
    """The (text, kinds) rows of a labelled set; a file that cannot be read, or a row that is not a labelled message,
    stops the bench with the file (and line) and what is wrong, not a traceback."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # (as a file is read by line: not at U+2028)
    except OSError as err:
        raise SystemExit(f"{path}: cannot be read ({err.strerror or err.__class__.__name__})") from None
    except UnicodeDecodeError as err:
        raise SystemExit(f"{path}: not UTF-8 text (byte {err.start})") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            kinds = list(obj["kinds"])
            text = str(obj["text"])
        except (ValueError, KeyError, TypeError) as err:
            raise SystemExit(f"{path}:{n}: not a labelled message ({err.__class__.__name__})") from None
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise SystemExit(f"{path}:{n}: unknown kind(s) {', '.join(unknown)}")
        rows.append((text, kinds))
    return rows


def cpu_best(fns: list[Callable[[str], object]], texts: list[str], rounds: int = 5) -> list[float]:
    """CPU seconds of each of ``fns`` over ``texts``, best of ``rounds``. The rounds alternate
    between the functions, so a burst of load on this shared host hits both, not one."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t0 = time.process_time()
            for x in texts:
                fn(x)
            best[i] = min(best[i], time.process_time() - t0)
    return best


def real_rates(det: RiskDetector, data: Path) -> dict[str, object]:
    texts: list[str] = []
    for name in ("messages_train.csv", "messages_dev.csv", "replies.csv"):
        p = data / name
        if p.exists():
            with p.open(encoding="utf-8", newline="") as fh:
                texts.extend(r["text"] for r in csv.DictReader(fh))
    flagged = {k: 0 for k in KINDS}
    certain = {k: 0 for k in KINDS}
    anyflag = 0
    for x in texts:
        out = det.detect(x)
        anyflag += bool(out)
        for r in out:
            flagged[r["flag"]] += 1
            certain[r["flag"]] += not r["possible"]
    n = max(len(texts), 1)
    return {"n": len(texts), "any": round(anyflag / n, 4),
            "by_kind": {k: round(flagged[k] / n, 4) for k in KINDS},
            "certain_by_kind": {k: round(certain[k] / n, 4) for k in KINDS}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, default=ROOT / "tests" / "fixtures" / "risk" / "eval.jsonl")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--data", type=Path, default=None, help="also rate real messages (shared/data)")
    args = ap.parse_args()
    rows = read_set(args.set)
    det = RiskDetector(load_risk(args.config))
    jieba.initialize()

    per = {k: {"n": 0, "hit": 0, "possible_only": 0} for k in KINDS}
    looks = looks_flagged = looks_certain = 0
    false_by_kind = {k: 0 for k in KINDS}
    raised = raised_possible = 0
    for text, kinds in rows:
        out = {r["flag"]: r for r in det.detect(text)}
        raised += len(out)
        raised_possible += sum(r["possible"] for r in out.values())
        if not kinds:
            looks += 1
            looks_flagged += bool(out)
            looks_certain += any(not r["possible"] for r in out.values())
            for k in out:
                false_by_kind[k] += 1
        for k in kinds:
            per[k]["n"] += 1
            if k in out:
                per[k]["hit"] += 1
                per[k]["possible_only"] += out[k]["possible"]

    texts = [t for t, _ in rows]
    lcut_s, risk_s = cpu_best([jieba.lcut, det.detect], texts)
    recall = {k: round(v["hit"] / v["n"], 4) if v["n"] else None for k, v in per.items()}
    false_rate = looks_flagged / looks if looks else 0.0
    ratio = risk_s / lcut_s if lcut_s else float("inf")

    print(f"risk detection on {args.set.name}: {len(rows)} messages, {looks} look-alikes\n")
    print(f"{'kind':<16}{'n':>5}{'recall':>9}{'疑似 only':>11}")
    for k in KINDS:
        v = per[k]
        r = "-" if recall[k] is None else f"{recall[k]:.3f}"
        print(f"{k:<16}{v['n']:>5}{r:>9}{v['possible_only']:>11}")
    print(f"\nfalse flags on look-alikes   {false_rate:.3%}  ({looks_flagged}/{looks}; "
          f"certain {looks_certain}, 疑似 {looks_flagged - looks_certain})")
    print("false flags by kind raised  " + ", ".join(f"{k} {v}" for k, v in false_by_kind.items()))
    print(f"possible-risk rate           {raised_possible / raised if raised else 0:.3%} of {raised} raised flags")
    print(f"\ncost  detect {risk_s / len(texts) * 1e6:8.1f} µs/msg   jieba.lcut {lcut_s / len(texts) * 1e6:8.1f} µs/msg"
          f"   ratio {ratio:.3f} × lcut (CPU, best of 5, alternating)")
    ok = (all(r is not None and r >= TARGET_RECALL for r in recall.values()) and false_rate <= TARGET_FALSE
          and ratio <= TARGET_COST)
    result: dict[str, object] = {
        "n": len(rows), "lookalikes": looks,
        "recall": recall,
        "recall_possible_only": {k: v["possible_only"] for k, v in per.items()},
        "false_flag_rate": round(false_rate, 4),
        "false_flags_by_kind": false_by_kind,
        "false_flag_rate_certain": round(looks_certain / looks, 4) if looks else 0.0,
        "possible_rate": round(raised_possible / raised, 4) if raised else 0.0,
        "us_per_msg": round(risk_s / len(texts) * 1e6, 2),
        "lcut_us_per_msg": round(lcut_s / len(texts) * 1e6, 2),
        "cost_vs_lcut": round(ratio, 3),
        "meets_targets": ok,
    }
    if args.data is not None:
        rates = real_rates(det, args.data)
        print(f"\nreal messages ({rates['n']}): any flag {rates['any']:.2%}; by kind "
              + ", ".join(f"{k} {v:.2%}" for k, v in rates["by_kind"].items()))  # type: ignore[union-attr]
        result["real"] = rates
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
