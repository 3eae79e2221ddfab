"""Leave one development set out: what the learned part of risk detection does on text it never saw.

The rules were written from the development sets, so their figures on those sets flatter them;
the model, though, can be refitted without a set and then read it. For each held-out set (each
``outside*``, ``eval``, ``eval2``, ``dev``: whole sets written by one writer at one time, so a
writer's habits do not leak from training into the test) this fits the model on every *other*
development set, builds the detector with it and reads the held-out set: recall per kind and
look-alikes flagged, beside the same detector with no model at all (rules alone). The difference
is what the model adds on unseen text; the pooled figures over all held-out sets are the number
that predicts a new set. Never the validation or blind sets (eval3…eval7, eval34 and on): they are refused.

Each look-alike the detector with the model flags is counted by where its first flag comes from: a pattern
hit raised for certain, a pattern hit raised as 疑似, or the model's own 疑似 guess (no pattern fired for the
kind). ``--show`` lists every such look-alike and every miss of the held-out set (text, kind, source, evidence),
so that the false flags can be read by phenomenon; a set the pool does not learn (``NOT_TRAINED``, a newly
retired set) is read by the model fitted on the whole pool, which never saw it either.

``--learn eval12,eval13`` puts sets that wait in ``NOT_TRAINED`` into the pool (each still left out of the
model that reads it): does learning the others read a held-out set better than the pool without them?
``--twice eval18,eval19`` makes the messages of those sets weigh twice in every model that learns them
(``risk_train.TWICE`` by default; see ``RiskModel.fit``'s ``repeat``).

    .venv/bin/python bench/risk_loso.py [--hold outside,outside2] [--learn eval12,...] [--twice eval18,...]
                                        [--config F] [--show]

Last line: one JSON object with the pooled figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify import risk_train  # noqa: E402
from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import KINDS, load_risk, model_at  # noqa: E402
from monitor.classify.risk_model import train_from_files  # noqa: E402
from monitor.classify.training import is_unseen  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "risk"
HELD = ("outside", "outside2", "outside3", "outside4", "outside5", "outside6", "outside7", "eval", "eval2", "dev")
CACHE = Path(tempfile.gettempdir()) / "wz-risk-loso"


def learning_pool(learn: str) -> list[str]:
    """The sets the model learns (:func:`risk_train.all_sources`) and those of ``learn`` (comma-separated
    names) that wait in ``NOT_TRAINED``; any other name is refused."""
    pool = set(risk_train.all_sources(FIXTURES))
    for name in filter(None, learn.split(",")):
        if f"{name}.jsonl" not in risk_train.NOT_TRAINED:
            raise SystemExit(f"--learn {name}: not a set that waits in NOT_TRAINED")
        pool.add(f"{name}.jsonl")
    return sorted(pool)


def _rows(name: str) -> list[dict]:
    if is_unseen(name):
        raise SystemExit(f"{name}: a validation or blind set is never read row by row")
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _model(sources: list[str], params: dict[str, float], twice: frozenset[str] = risk_train.TWICE) -> Path:
    """The model fitted on ``sources``, the messages of ``twice`` weighing twice, the names of
    ``risk_train.blanked_names`` blanked as the shipped model's are (cached by sources, the sets read twice,
    parameters and names: a fit takes a minute)."""
    names = risk_train.blanked_names()
    key = hashlib.sha1(json.dumps([sorted(sources), params, sorted(twice), names,
                                   [(FIXTURES / s).stat().st_mtime for s in sorted(sources)]]).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.json"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        model = train_from_files([FIXTURES / s for s in sources], KINDS, twice=twice, names=names, **params)
        model.save(path, trained_on=sources)
    return path


def _source(flag: dict) -> str:
    """Where a raised flag comes from: a certain pattern hit, a 疑似 pattern hit, or the model's own guess."""
    if flag["possible"] and flag["evidence"] and str(flag["evidence"][0]).startswith("模型"):
        return "model"
    return "certain" if not flag["possible"] else "possible"


def _read(det: RiskDetector, rows: list[dict], show: str | None = None) -> dict[str, Counter]:
    c: dict[str, Counter] = {"n": Counter(), "hit": Counter(), "look": Counter()}
    for r in rows:
        flags = det.detect(r["text"])
        out = {f["flag"]: f for f in flags}
        if not r["kinds"]:
            c["look"]["n"] += 1
            c["look"]["any"] += bool(out)
            c["look"]["certain"] += any(not f["possible"] for f in out.values())
            if flags:  # (flags come certain first: the first names how sure the worst of them is)
                c["look"]["by " + _source(flags[0])] += 1
                if show is not None:
                    for f in flags:
                        print(f"FALSE {show:<10} {r.get('id', ''):<11} {f['flag']:<14} {_source(f):<8} "
                              f"{'、'.join(map(str, f['evidence'][:4]))}  |  {r['text']}")
        for k in r["kinds"]:
            c["n"][k] += 1
            c["hit"][k] += k in out
            if show is not None and k not in out:
                print(f"MISS  {show:<10} {r.get('id', ''):<11} {k:<14} {'':<8} "
                      f"{'、'.join(out) or '-'}  |  {r['text']}")
    return c


def _line(name: str, c: dict[str, Counter]) -> str:
    rec = " / ".join(f"{c['hit'][k] / c['n'][k]:.3f}" if c["n"][k] else "  -  " for k in KINDS)
    lk = c["look"]
    return (f"{name:<22}{rec}   look-alikes {lk['any'] / max(lk['n'], 1):6.1%} "
            f"(certain {lk['certain'] / max(lk['n'], 1):5.1%}; {lk['any']} of {lk['n']}: pattern certain "
            f"{lk['by certain']}, pattern 疑似 {lk['by possible']}, model {lk['by model']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hold", default=",".join(HELD))
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--learn", default="", help="sets of NOT_TRAINED to add to the pool (comma-separated)")
    ap.add_argument("--twice", default="", help="sets of the pool whose messages weigh twice (comma-separated; "
                    "default risk_train.TWICE)")
    ap.add_argument("--show", action="store_true", help="list each look-alike flagged and each miss, with its source")
    args = ap.parse_args()
    pool = learning_pool(args.learn)
    twice = (frozenset(f"{n}.jsonl" for n in args.twice.split(",")) & set(pool)) if args.twice else risk_train.TWICE
    settings = load_risk(args.config)
    rules_only = RiskDetector(settings.model_copy(update={"model": None}))
    total_r: dict[str, Counter] = {"n": Counter(), "hit": Counter(), "look": Counter()}
    total_m: dict[str, Counter] = {"n": Counter(), "hit": Counter(), "look": Counter()}
    print(f"{'held out':<22}{' / '.join(k[:5] for k in KINDS)}")
    for name in args.hold.split(","):
        held = f"{name}.jsonl"
        rows = _rows(held)
        path = _model([s for s in pool if s != held], risk_train.PARAMS, twice)
        assert settings.model is not None
        det = RiskDetector(model_at(settings, path))
        cr, cm = _read(rules_only, rows), _read(det, rows, name if args.show else None)
        print(_line(f"{name} rules", cr))
        print(_line(f"{name} +model", cm))
        for t, c in ((total_r, cr), (total_m, cm)):
            for part in t:
                t[part].update(c[part])
    print()
    print(_line("pooled rules", total_r))
    print(_line("pooled +model", total_m))
    res = {f"{which}": {"recall": {k: round(t["hit"][k] / t["n"][k], 4) if t["n"][k] else None for k in KINDS},
                        "lookalikes": round(t["look"]["any"] / t["look"]["n"], 4),
                        "certain": round(t["look"]["certain"] / t["look"]["n"], 4),
                        "lookalikes_by_source": {w: t["look"]["by " + w] for w in ("certain", "possible", "model")}}
           for which, t in (("rules", total_r), ("model", total_m))}
    print(json.dumps({"held": args.hold.split(","), "learn": list(filter(None, args.learn.split(","))), **res}, ensure_ascii=False))


if __name__ == "__main__":
    main()
