"""The development loop for risk detection: messages written for the project, never the blind set.

``tests/fixtures/risk/dev.jsonl`` is what the patterns were written against and the model trained
on, so its figures flatter both; ``holdout.jsonl`` … ``holdout8.jsonl`` were each written after a
round of changes (the model never trained on them); the blind set (``bench/risk.py``, at most twice
a session) is the honest one. For each set this prints recall per kind, the look-alikes flagged,
and with ``--show`` every miss and every false flag with its text, what fired and what was
cancelled (by what), so a wrong pattern or cancellation can be fixed at its cause.

With ``--data DIR`` it also counts the real 问政 messages in ``/work/shared`` (read in place) that
raise a flag, and how many of those a certain one (what an office's queue would get), and lists
(``--show``) a sample of them, each with the words that fired.

With ``--everyday NAME`` (repeatable; ``all`` for every one of :data:`EVERYDAY`) it also reads the clusters'
development sets (``tests/fixtures/cluster/NAME.jsonl``): some 16,000 posts to the accounts, written for the
clusters, none of them written to be close to a danger. It counts the posts the detector flags, certain and
疑似 apart: a retrain or a rule must not raise that count, since on live Weibo traffic nearly every post is such
a request (and ``--show`` lists each flagged post with what fired). Many of them do tell a hazard (a gas
smell, a missing cover), so the count is no false-flag rate; it is a figure to hold or lower.

``outside.jsonl`` … ``outside4.jsonl`` are the outside development sets (docs/evaluation.md):
written by someone who wrote no rules, read in full by rule writers, never a source of reported
figures. Look-alikes are counted flagged by any flag and, apart, by a certain one (疑似 aside).

With ``--why`` each flagged look-alike is attributed to the component that raised it, per kind: a
pattern's certain hit (``certain``), a pattern hit made 疑似 (by the rule's ``possible``, a conditional, a
past or standing marker, a sign of danger beside look-alike context, a question, a long letter), a certain
hit the model doubted (``doubt``), one an everyday source demoted (``everyday``), a remark reported with
what came of it (``reported``), the model's guess above its bar (``model``) or a kind told beside another's
danger (``beside``); the pattern's rule is named by its first word and cues (``中暑``, ``跳+楼/桥``).
Printed per flag (with ``--show``) and counted by component and by component × kind.

    .venv/bin/python bench/risk_dev.py [--set dev|holdout|…|holdout9|eval|eval2|eval8|…|eval11|outside|…|outside7|outside14|outside15|routine|FILE] [--show] [--why] [--data DIR]
                                       [--everyday all|dev|dev2|eval|…|outside13|FILE]

Last line: one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify.risk import RiskDetector, normalise  # noqa: E402
from monitor.classify.risk_config import KINDS, load_risk  # noqa: E402
from monitor.classify.training import is_held_out, is_unseen  # noqa: E402

SETS = {n: ROOT / "tests" / "fixtures" / "risk" / f"{n}.jsonl"
        for n in ("dev", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8",
                  "holdout9", "eval", "eval2", "outside", "outside2", "outside3", "outside4", "outside5", "outside6", "outside7",
                  "routine", "eval8", "eval9", "eval10", "eval11", "outside14", "outside15")}
# the clusters' development sets, named one by one (never their validation and blind sets, eval3-eval7 and eval34 on):
# everyday posts to the accounts (--everyday)
EVERYDAY = {n: ROOT / "tests" / "fixtures" / "cluster" / f"{n}.jsonl"
            for n in ("dev", "dev2", "eval", "eval2", "eval8", "eval9", "eval10", "eval11", "eval12", "eval13", "eval14",
                      "eval15", "eval16", "eval17", "eval18", "eval19", "eval20", "eval21", "eval22", "eval23", "eval24",
                      "eval25", "eval26", "eval27", "eval28", "eval29", "eval30", "eval31", "eval32", "eval33", "holdout", "holdout2", "holdout3", "outside", "outside2", "outside3", "outside4", "outside5",
                      "outside6", "outside7", "outside8", "outside9", "outside10", "outside11", "outside12", "outside13",
                      "outside14")}
# eval.jsonl and eval2.jsonl were blind sets written by people outside the rules; they are retired to
# development (docs/evaluation.md): rules written only against one's own probes did not transfer


def _path(name: str, sets: dict[str, Path] = SETS) -> Path:
    path = sets.get(name, Path(name))
    if is_unseen(path.name):  # the blind sets are read by bench/risk.py's aggregates only
        raise SystemExit(f"{path}: a blind set; use bench/risk.py, which prints aggregates only")
    return path


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


_MODEL_FIGURE = re.compile(r"模型\d+%")


def _rule_names(det: RiskDetector) -> list[str]:
    """Each rule of the detector's walk (its index in a trace) named by its first word and first cues."""
    names = []
    for kind in det.settings.kinds.values():
        for rule in kind.rules:
            near = "/".join(rule.near[:2]) + ("…" if len(rule.near) > 2 else "")
            names.append(rule.words[0] + (f"+{near}" if near else ""))
    return names


def attribute(flag: dict, hits: list[tuple[int, int, str, int, str]], names: list[str], norm: str) -> str:
    """What raised ``flag`` (see the module docstring), from its evidence and the pattern hits of its kind
    (each named by the word that fired and its rule: ``晕倒<叫他不应>``)."""
    ev = flag["evidence"]
    rules = "、".join(dict.fromkeys(f"{norm[s:e]}<{names[ri]}>" for s, e, k, ri, _ in hits if k == flag["flag"]))
    hows = {how.split(":")[0] for _, _, k, _, how in hits if k == flag["flag"]}
    if not flag["possible"]:
        return f"certain [{rules}]"
    if ev and _MODEL_FIGURE.fullmatch(ev[0]) and not hows:
        return "model"
    if any(x.startswith("旁有") for x in ev):
        return "beside"
    if any(x.startswith("来源：") for x in ev):
        return f"everyday [{rules}]"
    if ev and _MODEL_FIGURE.fullmatch(ev[-1]) and "rule" in hows:
        return f"doubt [{rules}]"
    if "rule" in hows:
        return f"reported [{rules}]"
    return f"{'+'.join(sorted(hows))} [{rules}]"


def _told(flags: Iterable[dict]) -> str:
    """Flags as an operator reads them: each label with the words that fired."""
    return "；".join(f"{r['label']}（{'、'.join(r['evidence'])}）" for r in flags)


def evaluate(det: RiskDetector, rows: list[dict], show: bool,
             why: Counter[tuple[str, str]] | None = None) -> dict[str, object]:
    hit = Counter[str]()
    total = Counter[str]()
    looks = flagged = certain = 0
    names = _rule_names(det) if why is not None else []
    for row in rows:
        evidence: dict = {}
        trace: list[tuple[int, int, str, int, str]] | None = [] if why is not None else None
        out = {r["flag"]: r for r in det.detect(row["text"], evidence, trace)}
        cause = evidence.get("risk", {})
        if not row["kinds"]:
            looks += 1
            flagged += bool(out)
            certain += any(not r["possible"] for r in out.values())
            whys = ({k: attribute(r, trace or [], names, normalise(row["text"])) for k, r in out.items()}
                    if why is not None else {})
            for k, w in whys.items():
                assert why is not None
                why[k, w.split(" [")[0]] += 1
            if out and show:
                print(f"FALSE {row['id']}  {row['text']}\n      " + _told(out.values())
                      + ("\n      why " + "；".join(f"{k}: {w}" for k, w in whys.items()) if whys else ""))
        for kind in row["kinds"]:
            total[kind] += 1
            hit[kind] += kind in out
            if kind not in out and show:
                print(f"MISS  {row['id']}  {row['text']}\n      raised {list(out) or '-'}; "
                      f"cancelled {cause.get('cancelled', []) or '-'}")
    recall = {k: round(hit[k] / total[k], 3) if total[k] else None for k in KINDS}
    return {"n": len(rows), "lookalikes": looks, "recall": recall,
            "false_flag_rate": round(flagged / looks, 4) if looks else 0.0,
            "certain_false_flag_rate": round(certain / looks, 4) if looks else 0.0}


def everyday(det: RiskDetector, rows: list[dict], show: bool) -> dict[str, int]:
    """How many everyday posts to the accounts the detector flags: any flag, and a certain one."""
    flagged = certain = 0
    for row in rows:
        out = det.detect(row["text"])
        flagged += bool(out)
        certain += any(not r["possible"] for r in out)
        if out and show:
            print(f"FLAG  {row.get('id', '')}  {row['text']}\n      " + _told(out))
    return {"n": len(rows), "flagged": flagged, "certain": certain}


def real_sample(det: RiskDetector, data: Path, show: bool, k: int = 30) -> dict[str, object]:
    texts: list[str] = []
    for name in ("messages_train.csv", "messages_dev.csv", "replies.csv"):
        if (data / name).exists():
            with (data / name).open(encoding="utf-8", newline="") as fh:
                texts.extend(r["text"] for r in csv.DictReader(fh))
    flagged = [(t, det.detect(t)) for t in texts]
    flagged = [(t, out) for t, out in flagged if out]
    certain = sum(any(not r["possible"] for r in out) for _, out in flagged)
    if show:
        for t, out in random.Random(10).sample(flagged, min(k, len(flagged))):
            first = out[0]["evidence"][0].split("…")[0]
            at = max(0, t.find(first) - 30)
            print(f"REAL  {'；'.join(r['label'] for r in out)}（{'、'.join(out[0]['evidence'][:3])}）"
                  f"  …{t[at:at + 80]}…")
    return {"n": len(texts), "flagged": round(len(flagged) / max(len(texts), 1), 4),
            "flagged_n": len(flagged), "certain_n": certain}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", help="dev, holdout…holdout9, eval, eval2, outside…outside7, routine or a JSON Lines file")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--show", action="store_true", help="print every miss and false flag")
    ap.add_argument("--why", action="store_true",
                    help="attribute each flagged look-alike to what raised it (with --show, per flag)")
    ap.add_argument("--data", type=Path, default=None, help="also sample flagged real messages")
    ap.add_argument("--everyday", action="append", default=[],
                    help="a clusters' development set (dev, dev2, eval, eval2, eval8…eval25, holdout…holdout3, "
                         "outside…outside13; all: every one): count the everyday posts flagged")
    args = ap.parse_args()
    det = RiskDetector(load_risk(args.config))
    result: dict[str, object] = {}
    why: Counter[tuple[str, str]] | None = Counter() if args.why else None
    for name in args.set or ([] if args.everyday else [n for n, p in SETS.items() if p.exists()]):  # (a set not yet written is skipped)
        path = _path(name)
        if args.show and is_held_out(path.name):  # its totals only: --show would print its texts
            raise SystemExit(f"{path}: a held-out set, read by its totals only; drop --show")
        figures = evaluate(det, _read(path), args.show, why)
        recall = figures["recall"]
        assert isinstance(recall, dict)
        print(f"{path.name:<16} recall " + " ".join(f"{k} {v}" for k, v in recall.items())
              + f"   look-alikes flagged {figures['false_flag_rate']:.1%}"
              + f" (certain {figures['certain_false_flag_rate']:.1%})")
        result[path.stem] = figures
    if why is not None:  # look-alike flags by what raised them, over every set read
        by_component = Counter[str]()
        for (_, component), n in why.items():
            by_component[component] += n
        print("look-alike flags by component: " + ", ".join(f"{c} {n}" for c, n in by_component.most_common()))
        print("  by component × kind: " + ", ".join(f"{c}×{k} {n}" for (k, c), n in why.most_common()))
        result["why"] = {f"{c}×{k}": n for (k, c), n in why.most_common()}
    if args.everyday:
        names = list(EVERYDAY) if args.everyday == ["all"] else args.everyday
        total = {"n": 0, "flagged": 0, "certain": 0}
        for name in names:
            path = _path(name, EVERYDAY)
            figures = everyday(det, _read(path), args.show)
            for k in total:
                total[k] += figures[k]
            print(f"everyday {path.stem:<12} {figures['n']:>5} posts: {figures['flagged']} flagged "
                  f"({figures['certain']} certain, {figures['flagged'] - figures['certain']} 疑似 only)")
        print(f"everyday posts   {total['n']}: {total['flagged']} flagged ({total['certain']} certain, "
              f"{total['flagged'] - total['certain']} 疑似 only) over {len(names)} sets")
        result["everyday"] = {**total, "sets": len(names)}
    if args.data is not None:
        real = real_sample(det, args.data, args.show)
        print(f"real messages    {real['n']}: {real['flagged']:.1%} raise a flag"
              f" ({real['flagged_n']}, {real['certain_n']} of them certain)")
        result["real"] = real
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
