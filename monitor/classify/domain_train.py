"""Retrain the shipped domain model from the written sets: ``python -m monitor.classify.domain_train``.

The written sets the type model learns from (:data:`type_train.SOURCES`: the classification development
sets and the seed examples) but outside8, by their domain in the office's taxonomy, written to
``config/domain_model.json``; the same files give the same model. Never a set kept for validation or
blind reading, never the shared real data (labelled in another vocabulary, and not ours to ship).
"""

from __future__ import annotations

from pathlib import Path

from monitor.classify.domain_model import DomainModel
from monitor.classify.settings import load_classify
from monitor.classify import type_train
from monitor.classify.type_train import labelled, rebuild

__all__ = ["PARAMS", "SOURCES", "examples", "main"]

# held out set by set (trained on the others), C = 8 with the n-grams weighing 0.5 or more in some domain
# fitted again (about 5,200 of 20,000) read best alone (.822; the type model's C = 4 / 0.3, .814; C = 16 /
# 0.7, .819) and combined with the rules (.892; .891; .891)
PARAMS: dict[str, float] = {"c": 8.0, "keep": 0.5, "refit": 8.0}
# outside8 (written to stress types) taught the type model 21 answers held out, but the domain no gain
# shown held out (outside7 503 → 506, outside5 490 → 488) and, retrained with it, the near tie cost one
# letter of the shared dev split (strict .7387 → .7365): the domain model learns from the sets before it
# Nor outside9, outside10 or blind6 (2026-12-02 night), each of which taught the type model held out: each
# one learnt read the others' domains worse (blind6 386 -> 382 with outside9 and outside10; outside9 480 ->
# 477 with blind6; blind6 386 -> 383 with outside10): their writers file heating, 低保 and unsafe food
# differently, and the model learns both conventions
NOT_LEARNT = ("/outside8.jsonl", "/outside9.jsonl", "/outside10.jsonl", "/blind6.jsonl")
SOURCES: tuple[str, ...] = tuple(s for s in type_train.SOURCES if not s.endswith(NOT_LEARNT))


def office_domains(settings_path: Path) -> dict[str, str]:
    return {d: d for d in load_classify(settings_path).taxonomy.domains}


def examples(root: Path, sources: tuple[str, ...] = SOURCES) -> tuple[list[str], list[str]]:
    """Texts and office domains of the written sets."""
    return labelled(root, sources, "domain", office_domains)


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    rebuild(DomainModel, *examples(root), PARAMS, root / "config" / "domain_model.json", SOURCES)


if __name__ == "__main__":
    main()
