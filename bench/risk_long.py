"""Risk detection on long texts that repeat one hit and what cancels it: the cost must grow with the text, not its square.

A hit is read against the context of its clause and sentence (negations, masks, frames, settled
markers, laughs…). Before the context was read by window (``risk._ends``), every hit read every
context item of the text: 煤气泄漏了，不是煤气泄漏。 repeated to 100,000 characters took 42 s. Each
row is one repeated unit at several lengths; CPU seconds of one ``detect`` call, best of 3.

    .venv/bin/python bench/risk_long.py [--sizes 10000,40000,100000]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify.risk import RiskDetector  # noqa: E402

UNITS = {  # what cancels the hit, and a unit that repeats it (written for this bench)
    "denial": "煤气泄漏了，不是煤气泄漏。",
    "denial, one clause": "煤气泄漏不是煤气泄漏",
    "frame": "消防演练着火了。",
    "settled": "着火了已经扑灭了。",
    "laugh": "我想跳楼哈哈哈，",
    "nobody": "没人晕倒，",
    "mask": "防溺水宣传，孩子掉河里了。",
}


def timed(det: RiskDetector, units: dict[str, str], sizes: list[int], repeat: int = 3, width: int = 22) -> dict[str, dict[str, float]]:
    """For each unit, repeated to each of ``sizes`` characters, the CPU seconds of one ``detect`` call, best of
    ``repeat``: printed as a table (one row a unit) and returned (also bench/risk_hostile.py's)."""
    result: dict[str, dict[str, float]] = {}
    print(f"{'repeated':<{width}}" + "".join(f"{n:>12,}" for n in sizes) + f"   (s, CPU, best of {repeat})")
    for name, unit in units.items():
        row: dict[str, float] = {}
        for n in sizes:
            text = (unit * (n // len(unit) + 1))[:n]
            best = float("inf")
            for _ in range(repeat):
                t0 = time.process_time()
                det.detect(text)
                best = min(best, time.process_time() - t0)
            row[str(n)] = round(best, 3)
        print(f"{name:<{width}}" + "".join(f"{v:>12.3f}" for v in row.values()), flush=True)
        result[name] = row
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,40000,100000")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    det = RiskDetector.load(args.config)
    print(json.dumps(timed(det, UNITS, sizes), ensure_ascii=False))

if __name__ == "__main__":
    main()
