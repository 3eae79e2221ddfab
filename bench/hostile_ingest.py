"""Hostile input through ``wenzheng ingest``: huge lines cost bounded memory and time.

Writes a JSON Lines file of ``--good`` ordinary Weibo statuses with one ``--huge-mb`` MB line in
the middle (the issue's case: a 50 MB line was stored after 90 s at 7.4 GB RSS), runs the real
command on a fresh SQLite database and reports wall time, peak RSS of the command, lines kept and
lines reported. Target: the huge line is reported (not stored) and peak RSS stays near that of
an ordinary ingest (the line is read in ``[intake] max_line_bytes`` chunks and dropped).

    .venv/bin/python bench/hostile_ingest.py [--huge-mb 50] [--good 2000]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def status(i: int, text: str) -> bytes:
    obj = {"created_at": "Mon Mar 02 09:00:00 +0800 2026", "idstr": str(4990000000000000 + i),
           "text": text, "user": {"idstr": str(7100000000 + i % 500), "screen_name": f"市民{i % 500}"}}
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--huge-mb", type=int, default=50)
    ap.add_argument("--good", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hostile.jsonl"
        with path.open("wb") as fh:
            for i in range(args.good):
                if i == args.good // 2:
                    fh.write(status(10**9, "@问政银川 " + "长" * (args.huge_mb * 1_048_576 // 3)))
                fh.write(status(i, f"@问政银川 第{i}号楼下水管漏水，物业不管"))
        size_mb = path.stat().st_size / 1_048_576
        env = dict(os.environ, WENZHENG_DATABASE_URL=f"sqlite:///{tmp}/bench.db", WENZHENG_LOG_LEVEL="WARNING")
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "monitor", "ingest", str(path)], capture_output=True,
                              text=True, env=env, cwd=ROOT)
        seconds = time.perf_counter() - t0
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    reported = [x for x in proc.stderr.splitlines() if x.startswith(str(path))]
    new = next((int(w.split()[0]) for w in proc.stdout.split(",") if w.strip().endswith("new")), None)
    huge_reported = any("longer than" in x for x in reported)
    rows = [("file", f"{size_mb:.1f} MB ({args.good} ordinary lines + one {args.huge_mb} MB line)"),
            ("exit code", str(proc.returncode)), ("wall time", f"{seconds:.1f} s"),
            ("peak RSS of the command", f"{rss_mb:.0f} MB"), ("items stored", str(new)),
            ("lines reported", str(len(reported))), ("huge line reported, not stored", str(huge_reported))]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print(json.dumps({"bench": "hostile_ingest", "file_mb": round(size_mb, 1), "huge_line_mb": args.huge_mb,
                      "good_lines": args.good, "exit_code": proc.returncode, "seconds": round(seconds, 2),
                      "peak_rss_mb": round(rss_mb, 1), "stored": new, "reported": len(reported),
                      "huge_line_reported": huge_reported}))


if __name__ == "__main__":
    main()
