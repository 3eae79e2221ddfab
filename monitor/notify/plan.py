"""Planning one delivery round per destination: order of harm, digests, the rate limit's overflow.

Pure functions over claimed rows, kept apart from the outbox's database and HTTP work so the rules
people feel (risk first and alone, the rest as one digest, nothing dropped when a robot's minute
is spent) read in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from adapters.notify.base import Message

# Order of harm: what the outbox delivers first, per destination. A life may depend on a risk
# alert; a breach is a broken promise; everything else (reminders, bulletins, summaries) waits.
RANK: dict[str, int] = {"risk": 0, "breached": 1, "supervision": 1}
KIND_LABELS: dict[str, str] = {
    "risk": "风险预警", "breached": "已超时", "supervision": "督办", "at_risk": "即将超时",
    "bulletin": "月度通报", "backlog": "补录汇总",
}


def rank_of(kind: str) -> int:
    return RANK.get(kind, 2)


@dataclass(frozen=True)
class Claim:
    """A due row claimed for this round: where it goes and what it says."""

    id: int
    channel: str
    recipient: str
    destination: str
    case_id: int | None
    kind: str
    rank: int
    message: Message
    attempts: int


DIGEST_LINES = 15  # cases listed one per line in a digest; the rest are counted


def digest(claims: Sequence[Claim]) -> Message:
    """One message for several alerts to the same destination: counts by kind, a line per alert."""
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    kinds = "、".join(f"{KIND_LABELS.get(k, '提醒')} {n} 条" for k, n in
                     sorted(counts.items(), key=lambda kv: rank_of(kv[0])))
    lines = [f"- {c.message.subject}" for c in claims[:DIGEST_LINES]]
    if len(claims) > DIGEST_LINES:
        lines.append(f"- ……另有 {len(claims) - DIGEST_LINES} 条，请在控制台督办队列查看")
    return Message(subject=f"【汇总】{len(claims)} 条提醒：{kinds}", body="\n".join(lines),
                   urgent=any(c.message.urgent for c in claims))


def plan(claims: Sequence[Claim], budget: int) -> list[list[Claim]]:
    """The messages for one destination this round, most harmful first, within ``budget`` sends.

    Risk alerts go one message each; everything else due together goes as one digest. When the
    destination's rate limit leaves fewer sends than that, the last send becomes a digest of the
    overflow: summarised, never dropped. ``budget`` 0 plans nothing (the caller defers).
    """
    if budget <= 0 or not claims:
        return []
    ordered = sorted(claims, key=lambda c: (c.rank, c.id))
    singles = [c for c in ordered if c.rank == 0]
    rest = [c for c in ordered if c.rank != 0]
    if len(singles) + (1 if rest else 0) > budget:
        keep = budget - 1
        rest = singles[keep:] + rest
        singles = singles[:keep]
    return [[c] for c in singles] + ([rest] if rest else [])


REF_LIMIT = 2000  # characters of an X-Wenzheng-Outbox header (servers refuse headers of ~8 KB)


def ref_of(claims: Sequence[Claim]) -> str:
    """The outbox rows a message carries, as ranges (``"12-14,20"``), for its request header.

    Robots have no idempotency key: a message whose send was confirmed to a daemon that died
    before recording it is sent again (at-least-once). The header does not change that; it
    lets a proxy in front of a robot, or a test robot, recognise the repeat. A digest of rows
    too scattered to fit :data:`REF_LIMIT` goes without one.
    """
    ids = sorted({c.id for c in claims})
    parts: list[str] = []
    start = prev = ids[0] if ids else 0
    for i in ids[1:] + [None]:  # type: ignore[list-item]
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    ref = ",".join(parts) if ids else ""
    return ref if len(ref) <= REF_LIMIT else ""

