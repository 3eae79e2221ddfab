"""Parity of risk detection across a change of *how* it runs: the same flags, word for word.

A speed-up or a restructuring of :mod:`monitor.classify.risk` must not change what it decides. This
script loads the detector as it stood at a git revision (``--ref``, default ``main``) beside the working
tree's, builds both from the **same** ``config/risk.toml`` (so a rule landed meanwhile is in both; see
``--ref-config``),
and compares, message by message, the flags (kind, label, severity, certainty, evidence) and the
explanation ``evidence["risk"]`` (what fired, what was cancelled and by what, the model's
probabilities) on:

* every written risk set in ``tests/fixtures/risk/`` but the validation and blind ones
  (:func:`monitor.classify.training.is_unseen`: eval3 … eval7, eval34 and on are never read);
* the real 问政 messages and replies of ``--data`` (``/work/shared/data``'s CSVs, read in place).

With ``--ref-config`` the reference detector is built from ``--ref``'s own ``config/risk.toml`` and
``config/risk_model.json`` instead, so that a change of rules or of the model is compared too (what a
config-only change or a retrain does to the real letters); the working tree's side reads ``--config``.

It prints the count of texts compared and of differences (with the first few, text and both
outputs; of a held-out set, :func:`monitor.classify.training.is_held_out`, only where) and, as its last
line, one JSON object. Exit status 1 on any difference.

    .venv/bin/python bench/risk_parity.py [--ref main] [--ref-config] [--data /work/shared/data]
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import load_risk  # noqa: E402
from monitor.classify.training import is_held_out, is_unseen  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "risk"
CSVS = ("messages_train.csv", "messages_dev.csv", "replies.csv")


def fixture_texts() -> list[tuple[str, str]]:
    """(where, text) of every written set but the validation and blind ones (:func:`is_unseen`):
    derived from the folder, so a set retired to development is read without a list to amend."""
    out: list[tuple[str, str]] = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        if is_unseen(path.name):
            continue
        with path.open(encoding="utf-8") as fh:
            out.extend((f"{path.name}:{n}", str(json.loads(line)["text"]))
                       for n, line in enumerate(fh, 1) if line.strip())
    return out


def real_texts(data: Path) -> list[tuple[str, str]]:
    """(where, text) of the real messages and replies, read in place."""
    out: list[tuple[str, str]] = []
    for name in CSVS:
        path = data / name
        if not path.exists():
            raise SystemExit(f"{path}: missing (--data names the directory of the shared CSVs)")
        with path.open(encoding="utf-8", newline="") as fh:
            out.extend((f"{name}:{n}", row["text"]) for n, row in enumerate(csv.DictReader(fh), 2))
    return out


def _git_show(ref: str, path: str) -> bytes:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:{path}"],
                              check=True, capture_output=True).stdout
    except subprocess.CalledProcessError as err:
        raise SystemExit(f"--ref {ref}: cannot read {path} there ({err.stderr.decode().strip()})") from None


def module_at(ref: str) -> ModuleType:
    """The detector as it stood at ``ref``, imported under another name (it imports the working
    tree's risk_config and risk_model, which a cost change leaves alone): the one module
    ``monitor/classify/risk.py`` before the detector was split by stage (2026-12-03), the package
    ``monitor/classify/risk/`` since, its modules' imports of one another renamed to the copy's."""
    tmp = Path(tempfile.mkdtemp(prefix="risk_ref_"))
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", ref, "monitor/classify/risk/"],
                           capture_output=True, text=True).stdout.split()
    if names:  # the package
        package = tmp / "risk_ref"
        package.mkdir()
        for path in names:
            if path.endswith(".py"):
                source = _git_show(ref, path).decode("utf-8")
                (package / Path(path).name).write_text(
                    re.sub(r"\bmonitor\.classify\.risk\b(?!_)", "risk_ref", source), encoding="utf-8")
        sys.path.insert(0, str(tmp))
        try:
            return importlib.import_module("risk_ref")
        finally:
            sys.path.remove(str(tmp))
    (tmp / "risk_ref.py").write_bytes(_git_show(ref, "monitor/classify/risk.py"))
    spec = importlib.util.spec_from_file_location("risk_ref", tmp / "risk_ref.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["risk_ref"] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


def config_at(ref: str) -> Path:
    """``ref``'s config/risk.toml and the model file it names, copied to a temporary folder (the model's
    path is read against the file's folder, see load_risk), for the reference side of ``--ref-config``."""
    tmp = Path(tempfile.mkdtemp(prefix="risk_ref_config_"))
    (tmp / "risk.toml").write_bytes(_git_show(ref, "config/risk.toml"))
    (tmp / "risk_model.json").write_bytes(_git_show(ref, "config/risk_model.json"))
    return tmp / "risk.toml"


def run(det: Any, text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    ev: dict[str, Any] = {}
    return det.detect(text, ev), ev


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", default="main", help="git revision of the reference detector (default main)")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--data", type=Path, default=None, help="also compare on the shared CSVs (read in place)")
    ap.add_argument("--show", type=int, default=5, help="differences printed in full")
    ap.add_argument("--ref-config", action="store_true",
                    help="build the reference from --ref's own config/risk.toml and model (compare a rule or model change)")
    args = ap.parse_args()
    settings = load_risk(args.config)
    new = RiskDetector(settings)
    ref = module_at(args.ref).RiskDetector(load_risk(config_at(args.ref)) if args.ref_config else settings)
    groups = {"fixtures": fixture_texts()}
    if args.data is not None:
        groups["real"] = real_texts(args.data)
    result: dict[str, Any] = {"ref": args.ref, "ref_config": args.ref_config}
    shown = 0
    total_diff = 0
    where = f"{args.ref}'s own config" if args.ref_config else f"config {args.config.name} on both sides"
    print(f"risk parity: working tree against {args.ref}, {where}\n")
    print(f"{'texts':<10}{'n':>7}{'flagged':>9}{'differ':>8}")
    for group, rows in groups.items():
        differ = flagged = 0
        for where, text in rows:
            a, b = run(ref, text), run(new, text)
            flagged += bool(a[0])
            if a != b:
                differ += 1
                if is_held_out(where.partition(":")[0]):  # its texts stay unread: where, never what
                    print(f"  DIFF {where} (a held-out set: text and flags not shown)", file=sys.stderr)
                elif shown < args.show:
                    shown += 1
                    print(f"  DIFF {where}: {text[:80]}\n    ref {json.dumps(a, ensure_ascii=False)}\n"
                          f"    new {json.dumps(b, ensure_ascii=False)}", file=sys.stderr)
        total_diff += differ
        print(f"{group:<10}{len(rows):>7}{flagged:>9}{differ:>8}")
        result[group] = {"n": len(rows), "flagged": flagged, "differ": differ}
    result["identical"] = total_diff == 0
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(0 if total_diff == 0 else 1)


if __name__ == "__main__":
    main()
