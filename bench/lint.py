"""Run the reply rules over the real replies in shared/data/replies.csv (read in place).

The file has no account ids: all replies are treated as one account's, in reply-time order,
each compared for ``duplicate`` with the replies before it (the configured window), and the
reply that answers the *same* message id is never counted as a duplicate of itself.
Prints a table by rule with short examples; the LAST line is one JSON object.

    .venv/bin/python bench/lint.py [--data PATH] [--config config/lint.toml] [--examples 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict, deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.core.config import load_model  # noqa: E402
from monitor.handling.lint import RULES, LintSettings, ReplyLinter  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "replies.csv"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "lint.toml")
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"bench/lint.py: {args.data}: no such file", file=sys.stderr)
        return 2
    with args.data.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["reply_time"])
    linter = ReplyLinter(load_model(args.config, LintSettings))
    window: deque[tuple[str, str]] = deque(maxlen=linter.settings.duplicate.window)
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    flagged = 0
    start = time.perf_counter()
    for r in rows:
        previous = [text for mid, text in window if mid != r["id"]]
        vs = linter.check(r["reply"], account_id="board", previous=previous)
        window.append((r["id"], r["reply"]))
        flagged += bool(vs)
        for v in vs:
            counts[v.rule] += 1
            if len(examples[v.rule]) < args.examples:
                ev = "; ".join(v.evidence)[:50]
                examples[v.rule].append(f"{r['reply'][:60]!r}  ⟵ {ev}")
    elapsed = time.perf_counter() - start
    print(f"{len(rows)} replies, {flagged} flagged by at least one rule, "
          f"{elapsed:.1f}s ({elapsed / len(rows) * 1000:.2f} ms/reply)\n")
    print(f"{'rule':<22}{'flagged':>8}{'share':>8}")
    for rule in RULES:
        print(f"{rule:<22}{counts[rule]:>8}{counts[rule] / len(rows):>8.1%}")
    for rule in RULES:
        if examples[rule]:
            print(f"\n{rule}:")
            for e in examples[rule]:
                print(f"  {e}")
    print(json.dumps({"replies": len(rows), "flagged": flagged,
                      "by_rule": {rule: counts[rule] for rule in RULES},
                      "ms_per_reply": round(elapsed / len(rows) * 1000, 3)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
