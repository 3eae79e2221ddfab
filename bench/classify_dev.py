"""The development loop for classification: our own written messages, never the blind set.

``config/classify_seed.jsonl`` holds messages written by the rules' author the way citizens write
(Weibo posts, comments, 12345 calls: colloquial, indirect, one matter each), every one of the
office's 11 domains and five types. The rules were tuned on it and the model learns from it, so
its figures flatter both; ``tests/fixtures/classify/dev3.jsonl`` (``--set held-out``) was written
last and never tuned on; the blind set (``bench/classify.py``, run rarely) is the honest one.
This script prints, for
the rules alone and (with ``--model``) the rules combined with a model trained on the shared data
plus the shipped seed examples:

* type and domain accuracy, the share left 其他, per-domain recall,
* the confusions (gold → predicted, with counts), and with ``--show`` every miss with its text,

then rules-only domain accuracy on the shared dev split (read in place).

    .venv/bin/python bench/classify_dev.py [--set seed|held-out|retired|outside|outside2|FILE] [--model] [--show] [--data ../shared/data]

A ``--set`` that names a file reads that JSON Lines file (``text``, ``type``, ``domain``); the blind
sets are refused by name (their rules' writers never run them: ``bench/classify.py --blind``).

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify import Classifier  # noqa: E402
from monitor.classify.classifier import load_domain_model, load_type_model  # noqa: E402
from monitor.classify.settings import load_classify, load_gazetteer  # noqa: E402
from monitor.classify.training import is_unseen, map_labels, seed_examples, train  # noqa: E402

from mapped_scoring import EXPLAIN, describe, mapped_scores  # noqa: E402

DEV = ROOT / "config" / "classify_seed.jsonl"
HELD_OUT = ROOT / "tests" / "fixtures" / "classify" / "dev3.jsonl"
RETIRED = ROOT / "tests" / "fixtures" / "classify" / "blind.jsonl"  # first blind set, retired to development
# written by a writer who wrote no rules and never saw them: read in full, never copied, never reported as blind
OUTSIDE = ROOT / "tests" / "fixtures" / "classify" / "outside.jsonl"
# the second outside set: 417 messages with deliberate boundary cases, by another writer who wrote no rules
OUTSIDE2 = ROOT / "tests" / "fixtures" / "classify" / "outside2.jsonl"


def set_path(name: str) -> Path:
    """A named development set, or a JSON Lines file; never a blind set."""
    named = {"seed": DEV, "dev": DEV, "held-out": HELD_OUT, "retired": RETIRED, "outside": OUTSIDE,
             "outside2": OUTSIDE2}
    path = named.get(name) or Path(name)
    if is_unseen(path.name):
        raise SystemExit(f"{name}: a blind set; its totals come from bench/classify.py --blind, run by the lead")
    if not path.is_file():
        raise SystemExit(f"{name}: no such set (seed, held-out, retired, outside, outside2 or a JSON Lines file)")
    return path


def figures(clf: Classifier, rows: list[dict[str, str]], show: bool, name: str) -> dict[str, object]:
    codes = {v: k for k, v in clf.settings.types.labels.items()}
    other = clf.settings.domains.default
    got = [clf.classify(r["text"]) for r in rows]
    n = len(rows)
    dom_ok = [r["domain"] == c.domain for r, c in zip(rows, got, strict=True)]
    type_ok = [codes.get(r["type"], r["type"]) == c.type for r, c in zip(rows, got, strict=True)]
    conf = Counter((r["domain"], c.domain) for r, c, ok in zip(rows, got, dom_ok, strict=True) if not ok)
    tconf = Counter((r["type"], c.type_label) for r, c, ok in zip(rows, got, type_ok, strict=True) if not ok)
    per = {d: round(sum(ok for r, ok in zip(rows, dom_ok, strict=True) if r["domain"] == d)
                    / max(1, sum(r["domain"] == d for r in rows)), 2)
           for d in dict.fromkeys(r["domain"] for r in rows)}
    out = {"domain_accuracy": round(sum(dom_ok) / n, 4), "type_accuracy": round(sum(type_ok) / n, 4),
           "other_rate": round(sum(c.domain == other for c in got) / n, 4),
           # as the validation gate counts it: filed 其他 where the label names a domain (unroutable)
           "wrong_other": sum(c.domain == other != r["domain"] for r, c in zip(rows, got, strict=True)),
           "per_domain_recall": per}
    print(f"\n== {name}: domain {out['domain_accuracy']:.3f}  type {out['type_accuracy']:.3f}  "
          f"{other} {out['other_rate']:.1%}, wrong {other} {out['wrong_other']}  (n={n})")
    print("   recall: " + "  ".join(f"{d} {v:.2f}" for d, v in per.items()))
    print("   domain confusions: " + ", ".join(f"{a}→{b} {k}" for (a, b), k in conf.most_common()))
    print("   type confusions:   " + ", ".join(f"{a}→{b} {k}" for (a, b), k in tconf.most_common()))
    if show:
        for r, c, dok, tok in zip(rows, got, dom_ok, type_ok, strict=True):
            if not (dok and tok):
                ev = c.evidence.get("domain", {})
                print(f"   {'' if dok else '✗域'}{'' if tok else '✗类'} {r['domain']}/{r['type']} → "
                      f"{c.domain}/{c.type_label}  {r['text'][:60]}  [{ev.get('by')}: {ev.get('words') or ev.get('why', '')}]")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parents[1] / "shared" / "data")
    ap.add_argument("--model", action="store_true", help="also train on the shared data + seed and combine")
    ap.add_argument("--show", action="store_true", help="print every miss (our own set only)")
    ap.add_argument("--set", default="dev", help="seed (classify_seed.jsonl: rules tuned on it, the model trained on it), "
                    "held-out (dev3.jsonl, written last, never tuned on) or retired (blind.jsonl: written by someone "
                    "else, retired from blind use; read its misses for phenomena, never copy its sentences) or outside "
                    "(outside.jsonl: 411 messages by a writer who never saw the rules; development only), outside2 "
                    "(outside2.jsonl: 417, boundary cases, by another such writer), or a JSON Lines file")
    ap.add_argument("--cues", action="store_true",
                    help="the rules alone, without the shipped type and domain models (which learnt from the outside "
                         "sets, so with them their figures flatter)")
    args = ap.parse_args()
    settings = load_classify(ROOT / "config" / "classify.toml")
    clf = Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"),
                     type_model=None if args.cues else load_type_model(settings, ROOT / "config" / "classify.toml"),
                     domain_model=None if args.cues else load_domain_model(settings, ROOT / "config" / "classify.toml"))
    path = set_path(args.set)
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    result: dict[str, object] = {"dev_n": len(rows), "rules": figures(clf, rows, args.show, f"rules, {path.name}")}
    with (args.data / "messages_dev.csv").open(encoding="utf-8", newline="") as fh:
        shared = [(r["text"], r["label"]) for r in csv.DictReader(fh)]
    mapped = map_labels(shared, settings.taxonomy)
    pred = [clf.classify(x).domain for x, _ in mapped]
    scored = mapped_scores(pred, [src for _, src in shared], settings.taxonomy)
    result["shared_dev_rules"] = {"accuracy": scored["strict"], "within_cover": scored["within_cover"],
                                  "other_rate": round(pred.count(settings.domains.default) / len(pred), 4),
                                  "scoring": scored}
    print(f"\n{EXPLAIN}")
    print(f"shared dev split, {describe('rules', scored)}; "
          f"{settings.domains.default} {result['shared_dev_rules']['other_rate']:.2%}")
    if args.model:
        with (args.data / "messages_train.csv").open(encoding="utf-8", newline="") as fh:
            tr = [(r["text"], r["label"]) for r in csv.DictReader(fh)]
        covers_map = settings.taxonomy.covers({lab for _, lab in tr})
        examples = map_labels(tr, settings.taxonomy) + seed_examples(DEV)
        clf.model = train(examples, source="shared + seed", covers=covers_map)
        result["combined"] = figures(clf, rows, args.show, f"combined (shared + seed model), {path.name}")
        pred = [clf.classify(x).domain for x, _ in mapped]
        result["shared_dev_combined"] = round(sum(p == y for p, (_, y) in zip(pred, mapped, strict=True)) / len(pred), 4)
        print(f"shared dev split, combined accuracy: {result['shared_dev_combined']}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
