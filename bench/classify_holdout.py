"""The shipped models held out set by set: how their combination with the rules would read text it
did not learn from.

For each written set the shipped models learn from (``type_train.SOURCES``), the model of
``--field`` (``domain``: the shipped domain model, ``type``: the type model) is trained on the other
sets with its trainer's ``PARAMS`` and the set is classified three ways: the rules alone, the model
alone, and the classifier with that model, combined as ``classify.toml`` says (``[domains.model]``,
``[types.model]``). The other shipped model is the one in ``config/`` (for ``--field domain`` the type
model learnt from every set: it moves the domain only where small talk clears it). This is how the
margins were chosen, never on a validation set. The rules were written from these very sets, so the
figures flatter them.

    .venv/bin/python bench/classify_holdout.py [--field domain|type]

Prints a table per set and in all; last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.classify import Classifier  # noqa: E402
from monitor.classify import domain_train, type_train  # noqa: E402
from monitor.classify.classifier import load_domain_model, load_type_model  # noqa: E402
from monitor.classify.domain_model import DomainModel  # noqa: E402
from monitor.classify.settings import load_classify, load_gazetteer  # noqa: E402
from monitor.classify.type_model import TypeModel  # noqa: E402

CONFIG = ROOT / "config" / "classify.toml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--field", choices=("domain", "type"), default="domain")
    args = ap.parse_args()
    settings = load_classify(CONFIG)
    gazetteer = load_gazetteer(ROOT / "config" / "regions.toml")
    trainer, model_cls = (domain_train, DomainModel) if args.field == "domain" else (type_train, TypeModel)
    shipped = {"type_model": load_type_model(settings, CONFIG), "domain_model": load_domain_model(settings, CONFIG)}
    shipped[f"{args.field}_model"] = None
    rules = Classifier(settings, gazetteer, **shipped)  # type: ignore[arg-type]
    other = settings.domains.default
    by_set = {name: trainer.examples(ROOT, (name,)) for name in trainer.SOURCES}
    out: dict[str, dict[str, float]] = {}
    totals = {"n": 0, "rules": 0, "model": 0, "combined": 0, "rules_other": 0, "combined_other": 0}
    print(f"{args.field}, held out set by set (trained on the others)      n    rules    model  combined"
          f"   其他 rules → combined")
    for name, (texts, gold) in by_set.items():
        train_x = [t for o, (xs, _) in by_set.items() if o != name for t in xs]
        train_y = [y for o, (_, ys) in by_set.items() if o != name for y in ys]
        model = model_cls.fit(train_x, train_y, **trainer.PARAMS)
        both = Classifier(settings, gazetteer, **{**shipped, f"{args.field}_model": model})  # type: ignore[arg-type]
        alone = [model.predict(t)[0] for t in texts]
        said = [getattr(rules.classify(t), args.field) for t in texts]
        combined = [getattr(both.classify(t), args.field) for t in texts]
        n = len(texts)
        row = {"n": n, "rules": sum(a == g for a, g in zip(said, gold)), "model": sum(a == g for a, g in zip(alone, gold)),
               "combined": sum(a == g for a, g in zip(combined, gold)),
               "rules_other": said.count(other) if args.field == "domain" else 0,
               "combined_other": combined.count(other) if args.field == "domain" else 0}
        for k in totals:
            totals[k] += row[k]
        out[Path(name).stem] = {k: round(v / n, 4) if k != "n" else v for k, v in row.items()}
        f = out[Path(name).stem]
        print(f"  {Path(name).stem:<54}{n:>5}{f['rules']:>9.3f}{f['model']:>9.3f}{f['combined']:>10.3f}"
              f"   {f['rules_other']:.1%} → {f['combined_other']:.1%}")
    n = totals["n"]
    out["all"] = {k: round(v / n, 4) if k != "n" else v for k, v in totals.items()}
    f = out["all"]
    print(f"  {'all':<54}{n:>5}{f['rules']:>9.3f}{f['model']:>9.3f}{f['combined']:>10.3f}"
          f"   {f['rules_other']:.1%} → {f['combined_other']:.1%}")
    print(json.dumps({"field": args.field, "params": trainer.PARAMS, "sets": out}, ensure_ascii=False))


if __name__ == "__main__":
    main()
