"""Risk detection on hostile texts: one shape repeated with commas only, so no sentence ever ends.

A hit's checks read to the end of its sentence or clause (what is settled, still so, thanked, told
after). Where such a bound was looked for afresh from each hit (a regex search from a position), a
text of one long sentence made the detector quadratic: a rescue told 2,000 times over 36,000 characters
took 11.5 s. Each row is one shape at ``--sizes`` characters (intake's cap, ``[intake] max_text_chars``,
is 10,000; longer texts come from other paths); CPU seconds of one ``detect`` call, best of ``--repeat``.

    .venv/bin/python bench/risk_hostile.py [--sizes 10000,36000] [--repeat 2] [--shapes rescue,settled]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.risk_long import timed  # noqa: E402
from monitor.classify.risk import RiskDetector  # noqa: E402

SHAPES = {  # a unit repeated to the size (written for this bench); none ends a sentence
    "rescue": "楼下着火了，消防来了把火扑灭了，",
    "settled": "水管爆了已经修好了，",
    "commas": "，",
    "thanks": "感谢消防员，",
    "recourse": "我就去法院起诉你们，",
    "ultimatum": "再不还钱我就去跳楼，",
    "mentions": "@市消防支队 ",
    "past over": "小时候我爸打我，现在老了挺好，",
    "handled": "上回水管漏水淹了车库，物业一直没赔，",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,36000")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--shapes", default=",".join(SHAPES), help="which shapes, comma-separated")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    det = RiskDetector.load(args.config)
    shapes = {name: SHAPES[name] for name in args.shapes.split(",")}
    print(json.dumps(timed(det, shapes, sizes, args.repeat, 14), ensure_ascii=False))

if __name__ == "__main__":
    main()
