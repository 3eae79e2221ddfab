"""Domain classification on real labelled 问政 messages, in the office's own taxonomy.

The shared data's labels (商贸旅游, 卫生计生…) are mapped into the office's domains by
``[taxonomy.label_map]`` of config/classify.toml, exactly as ``wenzheng train`` maps them. Trains on
``messages_train.csv``, evaluates the domain on ``messages_dev.csv`` (read in place) for

* ``rules``  — a fresh install (the rules and the shipped type and domain models, no trained model):
  accuracy, macro-F1 and the share left 其他,
* ``words``  — TF-IDF over jieba words + LinearSVC (baseline 1),
* ``chars``  — TF-IDF over character 1–3-grams + LinearSVC (baseline 2),
* ``ours``   — :class:`monitor.classify.LearnedModel` alone, trained on the shared data only (the
  issue's measure),
* ``ours+seed`` — the same model trained on the shared data plus the shipped seed examples
  (``config/classify_seed.jsonl``): what ``wenzheng train FILE`` fits by default,
* ``combined`` — the classifier with that model: the confident one of model and rules wins,

then type and domain accuracy on the written Weibo-style messages ``tests/fixtures/classify/dev3.jsonl``
(written last, never tuned on; rules alone and combined),

then the same on ``tests/fixtures/classify/blind.jsonl``, the first blind set, retired to development
(it was read to find what the rules miss, so its figures flatter them),

then, only when a blind set is named (``--blind tests/fixtures/classify/blind2.jsonl``; at most twice
in a piece of work), aggregate figures on it (type, domain and region accuracy, 其他 rate, and the share
filed 其他 where the label names a domain: the gate's "wrong 其他") without and with the trained model:
only totals are printed, never a message,

then the speed of a full ``Classifier.classify`` (rules + keywords + model, one segmentation) next
to a bare ``jieba.lcut`` of the same texts: the budget is classify ≤ 1.5 × lcut.

    .venv/bin/python bench/classify.py [--data ../shared/data]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import precision_recall_fscore_support  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from monitor.classify import Classifier, LearnedModel  # noqa: E402
from monitor.classify.classifier import load_domain_model, load_type_model  # noqa: E402
from monitor.classify.settings import load_classify, load_gazetteer  # noqa: E402
from monitor.classify.training import map_labels, seed_examples  # noqa: E402

from mapped_scoring import EXPLAIN, describe, mapped_scores  # noqa: E402


def load(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def identity(tokens: list[str]) -> list[str]:
    return tokens


def report(name: str, y: list[str], pred: list[str], labels: list[str]) -> dict[str, object]:
    p, r, f, n = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    per = {lab: {"p": round(float(p[i]), 4), "r": round(float(r[i]), 4), "f1": round(float(f[i]), 4),
                 "n": int(n[i])} for i, lab in enumerate(labels)}
    accuracy = sum(a == b for a, b in zip(y, pred, strict=True)) / len(y)
    return {"name": name, "per_class": per, "macro_f1": round(float(f.mean()), 4),
            "accuracy": round(accuracy, 4)}


RETIRED = ROOT / "tests" / "fixtures" / "classify" / "blind.jsonl"  # first blind set, now a development set
SEED = ROOT / "config" / "classify_seed.jsonl"
WRITTEN = ROOT / "tests" / "fixtures" / "classify" / "dev3.jsonl"


def written_figures(clf: Classifier, model: LearnedModel, path: Path = WRITTEN) -> dict[str, dict[str, float]]:
    """Type and domain accuracy on written Weibo-style messages, without and with the model."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    codes = {v: k for k, v in clf.settings.types.labels.items()}
    out: dict[str, dict[str, float]] = {}
    saved = clf.model
    for name, m in (("rules", None), ("combined", model)):
        clf.model = m
        got = [clf.classify(r["text"]) for r in rows]
        out[name] = {"n": len(rows),
                     "type_accuracy": round(sum(codes[r["type"]] == c.type for r, c in zip(rows, got)) / len(rows), 4),
                     "domain_accuracy": round(sum(r["domain"] == c.domain for r, c in zip(rows, got)) / len(rows), 4),
                     "other_rate": round(sum(c.domain == clf.settings.domains.default for c in got) / len(rows), 4)}
    clf.model = saved
    return out


def blind_figures(clf: Classifier, model: LearnedModel, path: Path) -> dict[str, dict[str, float]] | None:
    """Totals on the blind set without and with the model. Nothing per message is printed or kept:
    the set was written by someone else precisely so that nobody tunes rules to it. A set without
    ``region`` labels (``blind2.jsonl``) is scored on type and domain only."""
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    codes = {v: k for k, v in clf.settings.types.labels.items()}
    out: dict[str, dict[str, float]] = {"n": {"messages": len(rows)}}
    saved = clf.model
    for name, m in (("rules", None), ("combined", model)):
        clf.model = m
        got = [clf.classify(r["text"]) for r in rows]
        n = len(rows)
        out[name] = {
            "type_accuracy": round(sum(codes.get(r["type"], r["type"]) == c.type for r, c in zip(rows, got)) / n, 4),
            "domain_accuracy": round(sum(r["domain"] == c.domain for r, c in zip(rows, got)) / n, 4),
            "other_rate": round(sum(c.domain == clf.settings.domains.default for c in got) / n, 4),
            # the gate's 其他: filed 其他 where the label names a domain (an unroutable answer); a right
            # 其他 (a public library's hours: 银川文旅's, whose domain is 其他) is counted in the domain score
            "wrong_other_rate": round(sum(c.domain == clf.settings.domains.default != r["domain"]
                                          for r, c in zip(rows, got)) / n, 4),
        }
        if all("region" in r for r in rows):
            out[name]["region_accuracy"] = round(
                sum((r["region"] or None) == c.region for r, c in zip(rows, got)) / n, 4)
    clf.model = saved
    return out


def blind_totals(sets: dict[str, dict[str, dict[str, float]]]) -> dict[str, object]:
    """The validation gate's figures over all the named sets: messages right (type, domain), filed
    其他 where the label names a domain (``wrong_other``: the gate's 其他, since 2026-12-03) and filed
    其他 at all (``other``: the gate's figure before, which could not tell a right 其他 — a museum's
    opening hours, 银川文旅's — from an unroutable one). A right 其他 counts in ``domain_right`` as any
    domain does. Counted back from each set's rounded rates (exact: a rate is rounded to 4 places of at
    most a few hundred messages)."""
    out: dict[str, object] = {"n": sum(int(f["n"]["messages"]) for f in sets.values()),
                              "sets": {k: v for k, v in sets.items()}}
    for name in ("rules", "combined"):
        tot = {"type_right": 0, "domain_right": 0, "wrong_other": 0, "other": 0}
        for f in sets.values():
            n = int(f["n"]["messages"])
            tot["type_right"] += round(f[name]["type_accuracy"] * n)
            tot["domain_right"] += round(f[name]["domain_accuracy"] * n)
            tot["wrong_other"] += round(f[name]["wrong_other_rate"] * n)
            tot["other"] += round(f[name]["other_rate"] * n)
        out[name] = tot
    return out


def paired(clf: Classifier, texts: list[str], rounds: int = 3) -> tuple[float, float]:
    """Seconds for bare ``jieba.lcut`` and for a full classify over ``texts``, interleaved text by
    text so that both see the same machine load (this host is shared), best of ``rounds``."""
    best = (float("inf"), float("inf"))
    clock = time.perf_counter
    for _ in range(rounds):
        a = b = 0.0
        for x in texts:
            t0 = clock()
            jieba.lcut(x)
            t1 = clock()
            clf.classify(x)
            t2 = clock()
            a += t1 - t0
            b += t2 - t1
        if a + b < sum(best):
            best = (a, b)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--blind", type=Path, default=None, nargs="+",
                    help="blind sets to total (tests/fixtures/classify/blind2.jsonl …; the validation gate names "
                         "blind2–5 at once): run them at most a handful of times in a round")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed comparison (a validation run)")
    ap.add_argument("--no-blind", action="store_true", help="no blind set (the default now; kept for old command lines)")
    args = ap.parse_args()
    settings = load_classify(ROOT / "config" / "classify.toml")
    taxonomy = settings.taxonomy
    train_x, train_y = load(args.data / "messages_train.csv")
    dev_x, dev_y = load(args.data / "messages_dev.csv")
    covers = taxonomy.covers(set(train_y))
    dev_source = list(dev_y)
    train_y = [t for _, t in map_labels(list(zip(train_x, train_y, strict=True)), taxonomy)]
    dev_y = [t for _, t in map_labels(list(zip(dev_x, dev_y, strict=True)), taxonomy)]
    labels = sorted(set(dev_y))  # the seed adds domains the shared dev split has no example of

    # the classifier registers the gazetteer and lexicon words in jieba: all runs share them
    # a fresh install: the rules and the shipped type and domain models ([types.model], [domains.model]);
    # the trained model, when set below, combines with the rules and the shipped domain model as `wenzheng train`'s does
    clf = Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"),
                     type_model=load_type_model(settings, ROOT / "config" / "classify.toml"),
                     domain_model=load_domain_model(settings, ROOT / "config" / "classify.toml"))
    other = settings.domains.default
    rules_pred = [clf.classify(x).domain for x in dev_x]
    train_tok = [jieba.lcut(x) for x in train_x]
    dev_tok = [jieba.lcut(x) for x in dev_x]

    results = []
    words = TfidfVectorizer(analyzer=identity)
    svm = LinearSVC().fit(words.fit_transform(train_tok), train_y)
    results.append(report("words (baseline)", dev_y, list(svm.predict(words.transform(dev_tok))), labels))
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    svm = LinearSVC().fit(chars.fit_transform(train_x), train_y)
    results.append(report("chars (baseline)", dev_y, list(svm.predict(chars.transform(dev_x))), labels))

    t = time.perf_counter()
    model = LearnedModel.fit(list(zip(train_tok, train_x, strict=True)), train_y, source="messages_train.csv")
    model.meta["covers"] = covers  # as `wenzheng train` keeps it
    fit_s = time.perf_counter() - t
    results.append(report("ours", dev_y, [model.predict(tk, x)[0] for tk, x in zip(dev_tok, dev_x, strict=True)],
                          labels))
    seed = seed_examples(SEED)
    seeded = LearnedModel.fit(list(zip(train_tok + [jieba.lcut(x) for x, _ in seed],
                                       train_x + [x for x, _ in seed], strict=True)),
                              train_y + [y for _, y in seed], source="messages_train.csv + seed")
    seeded.meta["covers"] = covers
    results.append(report("ours+seed", dev_y, [seeded.predict(tk, x)[0] for tk, x in zip(dev_tok, dev_x, strict=True)],
                          labels))
    model = seeded  # what `wenzheng train FILE` fits: the combination below uses it
    clf.model = model
    combined_pred = [clf.classify(x).domain for x in dev_x]
    clf.model = None
    results.append(report("combined", dev_y, combined_pred, labels))
    results.insert(0, report("rules", dev_y, rules_pred, labels))
    acc = {r["name"]: r["accuracy"] for r in results}
    # the source's labels are coarser: its 城乡建设 also holds what the office calls 住房, 民生…
    # ([taxonomy.label_covers]); an answer inside what the gold label holds does not contradict it
    scoring = {name: mapped_scores(pred, dev_source, taxonomy)
               for name, pred in (("rules", rules_pred), ("combined", combined_pred))}
    within = {name: s["within_cover"] for name, s in scoring.items()}
    other_rate = {"rules": round(rules_pred.count(other) / len(dev_y), 4),
                  "combined": round(combined_pred.count(other) / len(dev_y), 4)}
    written = written_figures(clf, model)
    retired = written_figures(clf, model, RETIRED) if RETIRED.exists() else None
    blinds = {} if args.no_blind or args.blind is None else {
        p.name: b for p in args.blind if (b := blind_figures(clf, model, p)) is not None}
    blind = blind_totals(blinds) if blinds else None

    # speed: full classify (with the model) vs a bare segmentation of the same texts
    clf.model = model
    short = [x[:60] for x in dev_x]  # Weibo-length messages
    rounds = 0 if args.no_speed else 3
    lcut_s, full_s = paired(clf, dev_x, rounds)
    lcut_short, full_short = paired(clf, short, rounds)
    clf.model = None  # rules only: what a fresh install (no var/model.pkl) runs
    lcut_r, rules_s = paired(clf, short, rounds)

    w = max(len(lab) for lab in labels) + 2
    print(f"domain on dev ({len(dev_x)} messages, trained on {len(train_x)}; labels mapped into the office's "
          f"domains; P / R / F1)\n")
    print("label".ljust(w * 2) + "".join(r["name"].rjust(24) for r in results))
    for lab in labels:
        cells = "".join(f"{r['per_class'][lab]['p']:.3f}/{r['per_class'][lab]['r']:.3f}/"
                        f"{r['per_class'][lab]['f1']:.3f}".rjust(24) for r in results)
        print(lab.ljust(w * 2 - (len(lab))) + cells)
    print("macro-F1".ljust(w * 2) + "".join(f"{r['macro_f1']:.4f}".rjust(24) for r in results))
    print("accuracy".ljust(w * 2) + "".join(f"{r['accuracy']:.4f}".rjust(24) for r in results))
    print(f"{other} rate".ljust(w * 2) + f"{other_rate['rules']:.4f}".rjust(24) + " " * 96
          + f"{other_rate['combined']:.4f}".rjust(24))
    by = {r["name"]: r for r in results}
    best_base = max(by["words (baseline)"]["macro_f1"], by["chars (baseline)"]["macro_f1"])  # type: ignore[type-var]
    print(f"\nours − best baseline: {by['ours']['macro_f1'] - best_base:+.4f}   (fit {fit_s:.1f} s)")
    print(f"default install (rules, no model): accuracy {acc['rules']:.4f} strict — the answer is the mapped "
          f"label; the issue's target ≥ 0.75 is judged on this figure — , {other} {other_rate['rules']:.2%} "
          f"(target ≤ 8%)")
    print(f"trained: macro-F1 {by['ours+seed']['macro_f1']:.4f} for the model `wenzheng train FILE` fits, alone "
          f"(target ≥ 0.90); {by['combined']['macro_f1']:.4f} combined with the rules as an install runs it "
          f"(its strict {acc['combined']:.4f}: the rules' office answers inside a coarser source label count wrong)")
    print(f"\n{EXPLAIN}")
    for name, s in scoring.items():
        print("  " + describe(name, s))
    print(f"\nwritten Weibo-style messages ({written['rules']['n']}, dev3.jsonl, held out)   type acc  domain acc  {other} rate")
    for name in ("rules", "combined"):
        b = written[name]
        print(f"  {name:<10}{b['type_accuracy']:>40.4f}{b['domain_accuracy']:>12.4f}{b['other_rate']:>11.4f}")
    if retired:
        print(f"\nretired blind set, now development ({retired['rules']['n']}, {RETIRED.name}; read, so it flatters)"
              f"   type acc  domain acc  {other} rate")
        for name in ("rules", "combined"):
            b = retired[name]
            print(f"  {name:<10}{b['type_accuracy']:>40.4f}{b['domain_accuracy']:>12.4f}{b['other_rate']:>11.4f}")
    for set_name, fig in blinds.items():
        print(f"\nblind set ({int(fig['n']['messages'])} messages, {set_name}, office taxonomy)"
              f"   type acc  domain acc  region acc  {other} rate  wrong {other}")
        for name in ("rules", "combined"):
            b = fig[name]
            region = f"{b['region_accuracy']:>12.4f}" if "region_accuracy" in b else f"{'-':>12}"
            print(f"  {name:<10}{b['type_accuracy']:>40.4f}{b['domain_accuracy']:>12.4f}"
                  f"{region}{b['other_rate']:>11.4f}{b['wrong_other_rate']:>13.4f}")
    if blind and len(blinds) > 1:
        print(f"\nall {len(blinds)} blind sets ({blind['n']} messages): messages right, counted   type  domain  "
              f"wrong {other}  (all {other})")
        for name in ("rules", "combined"):
            b = blind[name]
            print(f"  {name:<10}{b['type_right']:>40d}{b['domain_right']:>8d}{b['wrong_other']:>10d}"
                  f"  ({b['other']})")
        print(f"  the gate: type and domain right not down, wrong {other} (filed {other} where the label is a domain) "
              f"not up; a right {other} counts in domain")
    speed = None
    if args.no_speed:
        print("\nspeed: not measured (--no-speed)")
    else:
        speed = {"classify_msgs_per_s": round(len(dev_x) / full_s, 1),
                 "lcut_msgs_per_s": round(len(dev_x) / lcut_s, 1),
                 "classify_vs_lcut": round(full_s / lcut_s, 3),
                 "classify_vs_lcut_short": round(full_short / lcut_short, 3),
                 "rules_only_vs_lcut_short": round(rules_s / lcut_r, 3)}
        print("\nspeed                      msgs/s    vs lcut")
        print(f"jieba.lcut (dev texts)  {len(dev_x) / lcut_s:9.0f}")
        print(f"classify   (dev texts)  {len(dev_x) / full_s:9.0f}    {full_s / lcut_s:.2f}x")
        print(f"jieba.lcut (60 chars)   {len(short) / lcut_short:9.0f}")
        print(f"classify   (60 chars)   {len(short) / full_short:9.0f}    {full_short / lcut_short:.2f}x")
        print(f"rules only (60 chars)   {len(short) / rules_s:9.0f}    {rules_s / lcut_r:.2f}x")
    print(json.dumps({
        "dev_n": len(dev_x), "train_n": len(train_x),
        "macro_f1": {"rules": by["rules"]["macro_f1"], "words": by["words (baseline)"]["macro_f1"],
                     "chars": by["chars (baseline)"]["macro_f1"], "ours": by["ours"]["macro_f1"],
                     "ours_seed": by["ours+seed"]["macro_f1"], "combined": by["combined"]["macro_f1"]},
        "accuracy": {"rules": acc["rules"], "ours": acc["ours"], "ours_seed": acc["ours+seed"],
                     "combined": acc["combined"]},
        "other_rate": other_rate,
        "accuracy_within_cover": within,
        "mapped_scoring": scoring,
        "default_meets_target": acc["rules"] >= 0.75 and other_rate["rules"] <= 0.08,
        # what `wenzheng train FILE` fits by default is the model with the seed
        "trained_meets_target": max(by["ours"]["macro_f1"], by["ours+seed"]["macro_f1"],  # type: ignore[type-var]
                                    by["combined"]["macro_f1"]) >= 0.90,
        "written": written,
        "retired_blind": retired,
        "blind": blind,
        "beats_baselines": by["ours"]["macro_f1"] > best_base,  # type: ignore[operator]
        **(speed or {"speed": None}),
        "fit_seconds": round(fit_s, 2),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
