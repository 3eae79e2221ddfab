"""Where a held-out set's misses are, from its totals alone: each context mechanism switched off, each model bar lowered.

A rule writer who may read only a set's totals (a set newly retired to development and kept as a held-out check, as
eval27 was in the second session of 2026-12-05) can still ask why its dangers are missed: is a danger reached and then
cancelled by look-alike context, or never reached at all? This reads the set with the shipped detector, then with one
mechanism switched off at a time — each list of ``[match]`` context, each kind's context, the model's quiet words,
``unless``, ``needs``, content bar, ``doubt`` and ``unlike`` — every rule window doubled, and each kind's model bar
lowered to ``--bar`` in turn (and all at once), and prints for each the dangers found per kind and the look-alikes
flagged (certain apart). A switch that gives dangers back for few look-alikes points at a cancellation to mend; dangers
that come back only with a lower model bar are unreached by the patterns and read as near by the model; dangers no
switch gives back are unreached by both. **No text is printed**, so a held-out set stays unread. Never the validation
or blind sets (eval3…eval7, eval34 and on): they are refused.

    .venv/bin/python bench/risk_ablate.py --set tests/fixtures/risk/eval27.jsonl [--bar 0.3]

Last line: one JSON object, each row's figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.risk import read_set  # noqa: E402
from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk_config import KINDS, RiskSettings, load_risk  # noqa: E402
from monitor.classify.training import is_unseen  # noqa: E402

# the context lists of [match] and of each kind that can cancel or demote a danger (each emptied in turn)
MATCH_LISTS = ("unless", "frames", "settled", "past", "standing", "masks", "negations", "hyperbole", "asks", "laughs",
               "withdrawals", "lawful")
KIND_LISTS = ("unless", "masks", "settled", "everyday", "trifles", "services", "stakes")


def totals(s: RiskSettings, rows: list[tuple[str, list[str]]]) -> dict[str, object]:
    """Dangers found per kind (of how many) and look-alikes flagged (certain apart), for the detector of ``s``."""
    det = RiskDetector(s)
    hit = dict.fromkeys(KINDS, 0)
    total = dict.fromkeys(KINDS, 0)
    looks = flagged = certain = 0
    for text, kinds in rows:
        out = {f["flag"]: f for f in det.detect(text)}
        if not kinds:
            looks += 1
            flagged += bool(out)
            certain += any(not f["possible"] for f in out.values())
        for k in kinds:
            total[k] += 1
            hit[k] += k in out
    return {"found": hit, "of": total, "lookalikes": flagged, "certain": certain, "n_lookalikes": looks}


def variants(base: RiskSettings, bar: float) -> list[tuple[str, Callable[[], RiskSettings]]]:
    """Each ablation as (name, settings)."""
    def match(**u: object) -> RiskSettings:
        return base.model_copy(update={"match": base.match.model_copy(update=u)})

    def kinds(field: str) -> RiskSettings:
        return base.model_copy(update={"kinds": {c: k.model_copy(update={field: ()}) for c, k in base.kinds.items()}})

    def model(**u: object) -> RiskSettings:
        assert base.model is not None
        return base.model_copy(update={"model": base.model.model_copy(update=u)})

    def windows() -> RiskSettings:
        return base.model_copy(update={"kinds": {
            c: k.model_copy(update={"rules": tuple(r.model_copy(update={"within": min(40, r.within * 2)}) if r.within else r
                                                   for r in k.rules)})
            for c, k in base.kinds.items()}})

    out: list[tuple[str, Callable[[], RiskSettings]]] = [("shipped", lambda: base)]
    out += [(f"match.{f} off", lambda f=f: match(**{f: ()})) for f in MATCH_LISTS]
    out += [("match.long_letter off", lambda: match(long_letter=0))]
    out += [(f"kinds.{f} off", lambda f=f: kinds(f)) for f in KIND_LISTS]
    out += [("rule windows x2", windows)]
    if base.model is not None:
        m = base.model
        out += [("model.quiet off", lambda: model(quiet=())), ("model.unless off", lambda: model(unless={})),
                ("model.needs off", lambda: model(needs={})), ("model.content_bar off", lambda: model(content_bar={}, content_share={}, content_most=1.0)),
                ("model.doubt off", lambda: model(doubt=0.0, doubt_single={})),
                ("model.unlike off", lambda: model(unlike_share=None, unlike_bars={}, unlike=0.0))]
        out += [(f"model bar {k} {bar}", lambda k=k: model(thresholds={**m.thresholds, k: bar}))
                for k in KINDS if m.thresholds.get(k, m.threshold) > bar]
        out += [(f"model bars all {bar}", lambda: model(threshold=bar, thresholds={}))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, required=True, help="a development set's JSON Lines file")
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--bar", type=float, default=0.3, help="the lowered model bar, each kind's in turn")
    args = ap.parse_args()
    if is_unseen(args.set.name):
        raise SystemExit(f"{args.set.name}: a validation or blind set is never read here")
    rows = read_set(args.set)
    base = load_risk(args.config)
    result: dict[str, object] = {}
    print(f"{'':28}" + " ".join(f"{k[:6]:>7}" for k in KINDS) + "   look-alikes (certain)")
    for name, make in variants(base, args.bar):
        t = totals(make(), rows)
        found, of = t["found"], t["of"]
        assert isinstance(found, dict) and isinstance(of, dict)
        print(f"{name:28}" + " ".join(f"{found[k]:>3}/{of[k]:<3}" for k in KINDS)
              + f"   {t['lookalikes']} ({t['certain']}) of {t['n_lookalikes']}")
        result[name] = t
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
