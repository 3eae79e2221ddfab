"""Candidate lexicon words: jieba terms that single out one label in a labelled training file.

A development tool, not a measure. For each source label of ``messages_train.csv`` (read in place;
never the dev split, which measures the rules, and never a blind set) it lists the terms found in
at least ``--min-df`` messages of which at least ``--precision`` carry that label, and that the
lexicon does not hold yet. The list is a place to start reading, not words to paste: a term is
added only when it names how citizens describe a matter of one office domain whatever the letter
(数学, 教职工 for 教育; 因工, 退休证 for 劳动和社会保障), never a place, a person, a date or a
phrase of one letter (those score high here too, by chance).

    .venv/bin/python bench/lexicon_terms.py [--data ../shared/data] [--min-df 6] [--precision 0.75]

Last line: one JSON object, label → candidate terms with their counts.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify import Classifier  # noqa: E402
from monitor.classify.settings import load_classify, load_gazetteer  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parents[1] / "shared" / "data")
    ap.add_argument("--min-df", type=int, default=6)
    ap.add_argument("--precision", type=float, default=0.75)
    args = ap.parse_args()
    settings = load_classify(ROOT / "config" / "classify.toml")
    Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"))  # jieba learns our words
    lexicon = {w for subs in settings.domains.lexicon.values() for ws in subs.values() for w in ws}
    with (args.data / "messages_train.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(fh)]
    df: dict[str, Counter[str]] = defaultdict(Counter)
    for text, label in rows:
        for t in set(jieba.lcut(text)):
            if len(t) >= 2 and not any(c.isascii() for c in t):
                df[t][label] += 1
    found: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for term, counts in df.items():
        n = sum(counts.values())
        label, k = counts.most_common(1)[0]
        if n >= args.min_df and k / n >= args.precision and term not in lexicon:
            found[label].append((term, k, round(k / n, 2)))
    totals = Counter(label for _, label in rows)
    for label in sorted(found, key=lambda lab: -totals[lab]):
        terms = sorted(found[label], key=lambda x: (-x[1], -x[2]))
        print(f"{label} ({totals[label]} messages): " + " ".join(f"{t} {k}/{p:.2f}" for t, k, p in terms))
    print(json.dumps({lab: [[t, k] for t, k, _ in sorted(v, key=lambda x: -x[1])] for lab, v in found.items()},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
