"""How a prediction in the office's 11 domains is scored against a source label in 7.

The shared data is labelled in 泰迪杯's 7 labels; ``[taxonomy.label_map]`` maps each to one office
domain. For four of them (交通运输, 卫生计生, 教育文体, 环境保护) that is a one-to-one rename. Three
are coarser than the office (``[taxonomy.label_covers]``): 泰迪杯's 城乡建设 also holds what the office
calls 住房 (物业, 房屋质量, 产权证), 民生 (water, power, gas, heating), 交通 and 公共安全; its 商贸旅游
holds house sales and telecom; its 劳动和社会保障 holds 公积金. On those a correct office answer
(物业 → 住房) disagrees with the mapped label, and nothing in the data says which messages they are.

So no single figure is honest, and this module prints four, each with what it can and cannot say:

* ``strict``: the answer equals the mapped label. The issue's target is judged on this one. It
  counts some correct office answers as wrong, so its ceiling is below 1, but it cannot be gamed.
* ``one_to_one``: strict accuracy on the messages whose label maps one-to-one (no cover). Here
  strict *is* the truth: an answer is right or wrong.
* ``within_cover``: the answer equals the mapped label or is a domain that label covers. It credits
  a covered answer without knowing whether it is right, so it could be gamed by answering a
  covered domain (住房 is covered by three labels) whenever unsure. Hence the next figure.
* ``cover_leak``: how often the classifier answers a cover-only domain (住房, 民生, 公共安全: domains
  no label maps to) on the one-to-one messages, where such an answer is certainly wrong. A
  classifier that leaned on covered domains to earn cover credit would show it here; a low leak
  is what makes the ``within_cover`` figure believable, a high one voids it.
"""

from __future__ import annotations

from typing import Any

from monitor.classify.settings import TaxonomySettings

EXPLAIN = (
    "scoring: strict = answer equals the mapped label (the target; counts some right office answers "
    "wrong where the source label is coarser, e.g. 物业 in 泰迪杯's 城乡建设); one-to-one = strict on "
    "labels that map one-to-one (right or wrong, no ambiguity); within cover = also credits a domain "
    "the label covers ([taxonomy.label_covers]), unchecked, so it is shown with cover leak = share of "
    "one-to-one messages answered with a cover-only domain (certainly wrong): a low leak means the "
    "cover credit was not bought by answering covered domains when unsure"
)


def mapped_scores(pred: list[str], source: list[str], taxonomy: TaxonomySettings) -> dict[str, Any]:
    """The four figures above for predictions ``pred`` against source labels ``source``."""
    covers = taxonomy.label_covers
    mapped = [taxonomy.map_label(s) for s in source]
    n = len(pred)
    strict = sum(p == m for p, m in zip(pred, mapped, strict=True))
    within = sum(p == m or p in covers.get(s, ()) for p, m, s in zip(pred, mapped, source, strict=True))
    one = [(p, m) for p, m, s in zip(pred, mapped, source, strict=True) if not covers.get(s)]
    targets = {taxonomy.map_label(s) for s in source}
    cover_only = {d for ds in covers.values() for d in ds} - targets
    return {
        "strict": round(strict / n, 4),
        "one_to_one": round(sum(p == m for p, m in one) / max(1, len(one)), 4),
        "one_to_one_n": len(one),
        "within_cover": round(within / n, 4),
        "cover_credit": round((within - strict) / n, 4),
        "cover_leak": round(sum(p in cover_only for p, _ in one) / max(1, len(one)), 4),
        "cover_only_domains": sorted(cover_only),
    }


def describe(name: str, s: dict[str, Any]) -> str:
    """One readable line of :func:`mapped_scores`."""
    return (f"{name}: strict {s['strict']:.4f} | one-to-one labels {s['one_to_one']:.4f} (n={s['one_to_one_n']}) | "
            f"within cover {s['within_cover']:.4f} (+{s['cover_credit']:.4f} cover credit) | "
            f"cover leak {s['cover_leak']:.4f} ({'/'.join(s['cover_only_domains'])} on one-to-one labels)")
