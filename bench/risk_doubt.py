"""The model's second opinion on certain pattern hits, held out one development set at a time.

A certain flag wakes handlers at night (issue 10), so it should be right; a demoted one is still
raised as 疑似 (recall does not move). This reads each held-out set (``risk_loso.HELD``) with the
model fitted without it, and real letters (``--data``, read in place) with the shipped model, once,
recording for every certain pattern hit the model's logit and how many pieces of evidence it rests
on; then, for each setting of ``[model] doubt`` and ``doubt_single`` in :data:`SETTINGS`, prints the
certain look-alikes, the real dangers that stay certain (per kind) and the certain real letters.
Never the validation or blind sets (``risk_loso._rows`` refuses them).

    .venv/bin/python bench/risk_doubt.py [--data /work/shared/data]

Last line: one JSON object with the figures per setting.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import risk_loso  # noqa: E402

from monitor.classify import risk_train  # noqa: E402
from monitor.classify.risk import RiskDetector  # noqa: E402
from monitor.classify.risk.learned import ModelStep  # noqa: E402
from monitor.classify.risk_config import KINDS, RiskSettings, load_risk, model_at  # noqa: E402

# (name, doubt, a bar per kind for every hit, doubt_single: a bar per kind for a hit on one piece of evidence)
SETTINGS: list[tuple[str, float, dict[str, float], dict[str, float]]] = [
    ("none", 0.0, {}, {}), ("0.1", 0.1, {}, {}), ("0.2", 0.2, {}, {}), ("0.3", 0.3, {}, {}), ("0.5", 0.5, {}, {}),
    ("0.1, one cue 0.2", 0.1, {}, dict.fromkeys(KINDS, 0.2)), ("0.1, one cue 0.3", 0.1, {}, dict.fromkeys(KINDS, 0.3)),
    ("0.1, hazard 0.2", 0.1, {"safety_hazard": 0.2}, {}), ("0.1, hazard 0.3", 0.1, {"safety_hazard": 0.3}, {}),
    ("0.1, 轻生 0.3", 0.1, {"self_harm": 0.3}, {}), ("0.1, harm at home 0.5", 0.1, {"minor_domestic": 0.5}, {}),
    ("0.1, hazard one cue 0.2", 0.1, {}, {"safety_hazard": 0.2}), ("0.1, hazard one cue 0.3", 0.1, {}, {"safety_hazard": 0.3}),
]
Hits = dict[str, tuple[float, int]]  # kind -> (model logit, pieces of evidence) of a certain pattern hit


class _Recording(ModelStep):
    """The model step with every certain pattern hit's model logit recorded, none demoted."""

    hits: Hits

    def _doubted(self, found, sums, offset, inv):  # type: ignore[no-untyped-def]
        for k, kind in enumerate(self._model_kinds):
            f = found.get(kind)
            if f is not None and f.certain:
                self.hits[kind] = (self._bias[k] + (sums[k] - offset) / inv, len(f.evidence))


class _Recorder(RiskDetector):
    """The detector with the recording model step (the model loaded twice: a bench's third of a second)."""

    def __init__(self, settings: RiskSettings) -> None:
        super().__init__(settings)
        self.learned = self.recording = _Recording(settings, self.policy)


def _recorder(settings: RiskSettings, model: str | None = None) -> _Recorder:
    assert settings.model is not None
    return _Recorder(model_at(settings, model or settings.model.path, doubt=1e-12, doubt_single={}))


def _record(det: _Recorder, texts: list[str]) -> list[Hits]:
    out = []
    for t in texts:
        det.recording.hits = {}
        det.detect(t)
        out.append(det.recording.hits)
    return out


def _certain(hits: Hits, doubt: float, every: dict[str, float], single: dict[str, float]) -> set[str]:
    def bar(kind: str, n: int) -> float:
        p = max(doubt, every.get(kind, 0.0), single.get(kind, 0.0) if n == 1 else 0.0)
        return math.log(p / (1 - p)) if p > 0 else -math.inf
    return {k for k, (z, n) in hits.items() if z >= bar(k, n)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", type=Path, default=ROOT / "config" / "risk.toml")
    ap.add_argument("--data", type=Path, default=None, help="also count certain real letters (read in place)")
    args = ap.parse_args()
    settings = load_risk(args.config)
    pool = risk_train.all_sources(risk_loso.FIXTURES)
    rows: list[tuple[list[str], Hits]] = []
    for name in risk_loso.HELD:
        held = risk_loso._rows(f"{name}.jsonl")
        path = risk_loso._model([s for s in pool if s != f"{name}.jsonl"], risk_train.PARAMS)
        rows += zip((r["kinds"] for r in held), _record(_recorder(settings, str(path)), [r["text"] for r in held]))
    letters: list[Hits] = []
    if args.data is not None:
        texts = []
        for name in ("messages_train.csv", "messages_dev.csv", "replies.csv"):
            if (args.data / name).exists():
                with (args.data / name).open(encoding="utf-8", newline="") as fh:
                    texts += [r["text"] for r in csv.DictReader(fh)]
        letters = _record(_recorder(settings), texts)
    looks = sum(not kinds for kinds, _ in rows)
    real = {k: sum(k in kinds for kinds, _ in rows) for k in KINDS}
    print(f"{'setting':<26}certain look-alikes   real dangers certain ({' / '.join(k[:5] for k in KINDS)})   letters")
    result = {}
    for name, doubt, every, single in SETTINGS:
        cert = [(kinds, _certain(hits, doubt, every, single)) for kinds, hits in rows]
        look = sum(bool(c) for kinds, c in cert if not kinds)
        kept = {k: sum(k in c for kinds, c in cert if k in kinds) for k in KINDS}
        n_letters = sum(bool(_certain(h, doubt, every, single)) for h in letters)
        print(f"{name:<26}{look:4d} / {looks} ({look / looks:5.2%})   {sum(kept.values())} of {sum(real.values())} "
              f"({' / '.join(f'{kept[k] / real[k]:.3f}' for k in KINDS)})   {n_letters if letters else '-'}")
        result[name] = {"certain_lookalikes": look, "certain_real": kept, "certain_letters": n_letters if letters else None}
    print(json.dumps({"lookalikes": looks, "real": real, "letters": len(letters), "settings": result}, ensure_ascii=False))


if __name__ == "__main__":
    main()
