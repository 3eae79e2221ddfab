"""The cost of risk detection against ``jieba.lcut`` on the same texts (issue 10: ≤ 0.3 × lcut).

Texts: the development and retired risk sets (``tests/fixtures/risk/dev.jsonl``, ``eval.jsonl``,
``eval2.jsonl``; never the blind eval3 / eval4), or ``--set`` files.

Two measures, because this host is shared and its CPU time is noisy:

* **CPU** (default): µs per message of :meth:`RiskDetector.detect` and of ``jieba.lcut``, best of
  ``--rounds`` rounds that alternate between the two (a burst of load hits both);
* **instructions** (``--callgrind``): the script runs itself three times under
  ``valgrind --tool=callgrind`` — setup only, setup + ``--passes`` passes of detect, setup +
  the same passes of lcut — and subtracts the setup, so the figures count the measured loops
  only. Deterministic, so a change of a few per cent is visible. ``--only detect|lcut|none``
  runs one side once without timing (what callgrind runs; usable by hand with
  ``valgrind --tool=callgrind .venv/bin/python bench/risk_cost.py --only detect``).

Prints a table and, as its last line, one JSON object.

    .venv/bin/python bench/risk_cost.py [--rounds 7] [--callgrind] [--passes 3] [--set FILE …]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cost import count_instructions, run_side  # noqa: E402
from monitor.classify.training import is_unseen  # noqa: E402

TARGET = 0.3
DEFAULT_SETS = [ROOT / "tests" / "fixtures" / "risk" / f"{n}.jsonl" for n in ("dev", "eval", "eval2")]


def read_texts(paths: list[Path]) -> list[str]:
    texts: list[str] = []
    for path in paths:
        if is_unseen(path.name):
            raise SystemExit(f"{path}: a blind set; its cost is measured by bench/risk.py only")
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    texts.append(str(json.loads(line)["text"]))
                except (ValueError, KeyError, TypeError) as err:
                    raise SystemExit(f"{path}:{n}: no text ({err.__class__.__name__})") from None
    return texts


def sides(config: Path) -> dict[str, Callable[[str], object]]:
    import jieba

    from monitor.classify.risk import RiskDetector

    det = RiskDetector.load(config)
    jieba.setLogLevel(60)
    jieba.initialize()
    return {"detect": det.detect, "lcut": jieba.lcut}


def cpu_best(fns: dict[str, Callable[[str], object]], texts: list[str], rounds: int) -> dict[str, float]:
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.process_time()
            for x in texts:
                fn(x)
            best[name] = min(best[name], time.process_time() - t0)
    return best


def callgrind(args: argparse.Namespace) -> dict[str, int]:
    """Instructions of each side's loop (:func:`bench.cost.count_instructions`)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--config", str(args.config),
               "--passes", str(args.passes)] + [a for p in args.set for a in ("--set", str(p))]
    return count_instructions(command, ("detect", "lcut"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, action="append", default=None, help="a JSON Lines set (repeatable)")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--rounds", type=int, default=7, help="CPU: best of this many alternating rounds")
    ap.add_argument("--passes", type=int, default=3, help="callgrind: passes over the texts per side")
    ap.add_argument("--callgrind", action="store_true", help="count instructions under valgrind too")
    ap.add_argument("--only", choices=("detect", "lcut", "none"), help="run one side once, untimed (for callgrind)")
    args = ap.parse_args()
    args.set = args.set or DEFAULT_SETS
    texts = read_texts(args.set)
    if args.only is not None:
        run_side(args.only, sides(args.config), texts, args.passes)
        return
    fns = sides(args.config)
    best = cpu_best(fns, texts, args.rounds)
    n = len(texts)
    cpu_ratio = best["detect"] / best["lcut"]
    print(f"risk detection cost on {', '.join(p.name for p in args.set)}: {n} messages\n")
    print(f"{'measure':<34}{'detect':>12}{'jieba.lcut':>12}{'ratio':>8}")
    print(f"{f'CPU µs/msg (best of {args.rounds})':<34}{best['detect'] / n * 1e6:>12.1f}"
          f"{best['lcut'] / n * 1e6:>12.1f}{cpu_ratio:>8.3f}")
    result: dict[str, object] = {"n": n, "sets": [p.name for p in args.set],
                                 "detect_us_per_msg": round(best["detect"] / n * 1e6, 2),
                                 "lcut_us_per_msg": round(best["lcut"] / n * 1e6, 2),
                                 "cpu_ratio": round(cpu_ratio, 3)}
    ratio = cpu_ratio
    if args.callgrind:
        ins = callgrind(args)
        ratio = ins["detect"] / ins["lcut"]
        print(f"{f'instructions, M ({args.passes} passes)':<34}{ins['detect'] / 1e6:>12.1f}"
              f"{ins['lcut'] / 1e6:>12.1f}{ratio:>8.3f}")
        result |= {"callgrind_detect": ins["detect"], "callgrind_lcut": ins["lcut"],
                   "callgrind_passes": args.passes, "callgrind_ratio": round(ratio, 3)}
    print(f"\ntarget ≤ {TARGET} × lcut: {'met' if ratio <= TARGET else 'not met'}"
          f" ({'instructions' if args.callgrind else 'CPU'})")
    result |= {"target": TARGET, "meets_target": ratio <= TARGET}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
