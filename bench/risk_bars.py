"""The model's bars read held out: each development set read by a model fitted without it, every bar at once.

A bar (`[model] threshold`, `thresholds`) decides which of the model's own guesses are raised (疑似); it never
touches a pattern's hit. So one read per held-out set at a low bar (0.2) records every guess with the model's
figure (``evidence["risk"]["model"]``), and any set of bars is then simulated without reading again: a guess is
kept when its figure reaches its kind's bar. Per kind, the dangers of that kind raised and the look-alikes
flagged (any flag) for each bar moved alone; then the shipped bars and ``--bars`` side by side. The sets and
the models are ``bench/risk_loso.py``'s (``--hold``, ``--learn``, its cache of fitted models).

(Not simulated: a ``beside`` kind raised only beside a model's guess, which a higher bar would drop; rare.)

    .venv/bin/python bench/risk_bars.py [--hold outside,eval12] [--learn eval22] [--bars self_harm=0.65,threat=0.6]

Last line: one JSON object with the figures at the shipped bars and at ``--bars``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import risk_loso  # noqa: E402

from monitor.classify import risk_train  # noqa: E402
from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import KINDS, load_risk, model_at  # noqa: E402

LOW = 0.2
STEPS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def _records(det: RiskDetector, rows: list[dict]) -> list[tuple[list[str], list[tuple[str, bool, float | None]]]]:
    """Per message: its labelled kinds and its flags as (kind, certain, the model's figure or None)."""
    out = []
    for r in rows:
        evidence: dict = {}
        flags = det.detect(r["text"], evidence)
        figures = evidence.get("risk", {}).get("model", {})
        out.append((list(r["kinds"]), [(f["flag"], not f["possible"],
                                        figures.get(f["flag"]) if risk_loso._source(f) == "model" else None)
                                       for f in flags]))
    return out


def _tally(records: list, bars: dict[str, float]) -> tuple[Counter, Counter, Counter]:
    n, hit, look = Counter(), Counter(), Counter()
    for kinds, flags in records:
        kept = [(k, c) for k, c, p in flags if p is None or p >= bars[k]]
        if not kinds:
            look["n"] += 1
            look["any"] += bool(kept)
            look["certain"] += any(c for _, c in kept)
        for k in kinds:
            n[k] += 1
            hit[k] += any(k == f for f, _ in kept)
    return n, hit, look


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hold", default=",".join(risk_loso.HELD))
    ap.add_argument("--learn", default="", help="sets of NOT_TRAINED to add to the pool (comma-separated)")
    ap.add_argument("--bars", default="", help="kind=bar,… to compare with the shipped bars")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    args = ap.parse_args()
    pool = risk_loso.learning_pool(args.learn)
    settings = load_risk(args.config)
    if settings.model is None:
        raise SystemExit(f"{args.config}: no [model]")
    shipped = {k: settings.model.thresholds.get(k, settings.model.threshold) for k in KINDS}
    asked = dict(shipped)
    for item in filter(None, args.bars.split(",")):
        kind, _, bar = item.partition("=")
        if kind not in KINDS:
            raise SystemExit(f"--bars: unknown kind {kind}")
        asked[kind] = float(bar)
    records: list = []
    for name in args.hold.split(","):
        held = f"{name}.jsonl"
        path = risk_loso._model([s for s in pool if s != held], risk_train.PARAMS)
        low = model_at(settings, path, threshold=LOW, thresholds={k: LOW for k in settings.model.thresholds})
        records += _records(RiskDetector(low), risk_loso._rows(held))
    print(f"{len(args.hold.split(','))} sets held out; per kind, each bar alone: dangers of the kind raised / look-alikes flagged")
    for kind in KINDS:
        cells = []
        for bar in STEPS:
            _, hit, look = _tally(records, {**shipped, kind: bar})
            cells.append(f"{bar:.2f} {hit[kind]}/{look['any']}")
        print(f"{kind:<15}" + "  ".join(cells))
    res = {}
    for name, bars in (("shipped", shipped), ("asked", asked)):
        n, hit, look = _tally(records, bars)
        res[name] = {"bars": bars, "raised": {k: hit[k] for k in KINDS}, "dangers": {k: n[k] for k in KINDS},
                     "lookalikes": look["any"], "certain": look["certain"], "of": look["n"]}
        print(f"{name:<8} " + " / ".join(str(hit[k]) for k in KINDS)
              + f"   missed {sum(n.values()) - sum(hit.values())}; look-alikes {look['any']} (certain {look['certain']}) of {look['n']}")
    print(json.dumps({"held": args.hold.split(","), "learn": list(filter(None, args.learn.split(","))), **res},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
