"""The cost of :meth:`Classifier.classify` against ``jieba.lcut`` on real letters, in instructions
(issue 13's budget: classify ≤ 1.5 × lcut).

Texts: the shared data's ``messages_dev.csv``, read in place (``--data``), optionally only the
first ``--n`` letters. The classifier is a fresh install's: the rules and the shipped type and domain
models (``[types.model]``, ``[domains.model]``, read in one pass), no trained model, no risk, built as ``bench/classify.py`` builds it (``--model FILE``
adds a model saved by ``wenzheng train``).

Instructions, not CPU time, because this host is shared and its clock is noisy: the script runs
itself three times under ``valgrind --tool=callgrind`` — set-up only, set-up + classify, set-up +
lcut — and subtracts the set-up, so the figures count the measured loops only. The set-up builds
the classifier in every run, so lcut sees the words the classifier teaches jieba, as in
production. ``PYTHONHASHSEED`` is fixed so repeated runs count the same. ``--only
classify|lcut|none`` runs one side once (what callgrind runs).

Prints a table and, as its last line, one JSON object.

    .venv/bin/python bench/classify_cost.py [--data ../shared/data] [--n 100] [--model FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.cost import count_instructions, run_side  # noqa: E402

TARGET = 1.5


def read_texts(data: Path, n: int | None) -> list[str]:
    path = data / "messages_dev.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            texts = [row["text"] for row in csv.DictReader(fh)]
    except (OSError, KeyError) as err:
        raise SystemExit(f"{path}: cannot read the letters' text column ({err})") from None
    return texts[:n] if n else texts


def sides(model: Path | None) -> dict[str, Callable[[str], object]]:
    import jieba

    from monitor.classify import Classifier, LearnedModel
    from monitor.classify.classifier import load_domain_model, load_type_model
    from monitor.classify.settings import load_classify, load_gazetteer

    jieba.setLogLevel(60)
    jieba.initialize()
    # the classifier registers the gazetteer and lexicon words in jieba: lcut is measured with them
    settings = load_classify(ROOT / "config" / "classify.toml")
    clf = Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"),
                     LearnedModel.load(model) if model else None,
                     type_model=load_type_model(settings, ROOT / "config" / "classify.toml"),
                     domain_model=load_domain_model(settings, ROOT / "config" / "classify.toml"))
    return {"classify": clf.classify, "lcut": jieba.lcut}


def callgrind(args: argparse.Namespace) -> dict[str, int]:
    """Instructions of each side's loop (:func:`bench.cost.count_instructions`)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--data", str(args.data)]
    command += ["--n", str(args.n)] if args.n else []
    command += ["--model", str(args.model)] if args.model else []
    return count_instructions(command, ("classify", "lcut"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--n", type=int, default=None, help="only the first N dev letters")
    ap.add_argument("--model", type=Path, default=None, help="a model saved by `wenzheng train` (default: rules only)")
    ap.add_argument("--only", choices=("classify", "lcut", "none"), help="run one side once (for callgrind)")
    args = ap.parse_args()
    texts = read_texts(args.data, args.n)
    if args.only is not None:
        run_side(args.only, sides(args.model), texts)
        return
    ins = callgrind(args)
    ratio = ins["classify"] / ins["lcut"]
    what = f"with the model {args.model.name}" if args.model else "rules only"
    print(f"classification cost on messages_dev.csv: {len(texts)} letters, {what}\n")
    print(f"{'instructions, M':<20}{'classify':>12}{'jieba.lcut':>12}{'ratio':>8}")
    print(f"{'':<20}{ins['classify'] / 1e6:>12.1f}{ins['lcut'] / 1e6:>12.1f}{ratio:>8.3f}")
    print(f"(set-up subtracted: {ins['setup'] / 1e6:.1f}M)")
    print(f"\ntarget ≤ {TARGET} × lcut: {'met' if ratio <= TARGET else 'not met'}")
    print(json.dumps({"n": len(texts), "model": args.model.name if args.model else None,
                      "callgrind_classify": ins["classify"], "callgrind_lcut": ins["lcut"],
                      "callgrind_setup": ins["setup"], "ratio": round(ratio, 3),
                      "target": TARGET, "meets_target": ratio <= TARGET}, ensure_ascii=False))


if __name__ == "__main__":
    main()
