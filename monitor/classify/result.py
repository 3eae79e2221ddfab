"""What classification says about one message, and how it prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Classification:
    """The classifier's verdict on one text; every field is explained in ``evidence``.

    ``domains`` ranks every domain that scored (first = ``domain`` when the rules decided), so the
    router can add co-handlers for a case that spans several (联合办理). ``rule_domain`` is what the
    lexicon alone said, kept even when the learned model decided ``domain``.
    """

    type: str
    type_label: str
    domain: str
    subtopic: str | None
    region: str | None
    street: str | None
    risk: list[dict[str, Any]]
    keywords: list[str]
    evidence: dict[str, Any]
    tokens: list[str] = field(repr=False)
    domains: tuple[str, ...] = ()
    rule_domain: str | None = None
    community: str | None = None
    subtopics: dict[str, str] = field(default_factory=dict)
    """Best sub-topic of each domain in ``domains`` (routes the co-handlers of joint cases)."""

    @property
    def risk_flags(self) -> list[str]:
        return [r["flag"] for r in self.risk]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``wenzheng classify --json`` (without ``route``)."""
        return {
            "type": self.type,
            "type_label": self.type_label,
            "domain": self.domain,
            "subtopic": self.subtopic,
            "region": self.region,
            "street": self.street,
            "risk": [dict(r) for r in self.risk],
            "keywords": list(self.keywords),
            "evidence": self.evidence,
        }
