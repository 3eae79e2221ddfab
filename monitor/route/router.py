"""Routing: from a classification (and the accounts a citizen @-mentioned) to who handles a case.

Deterministic and explainable by construction: the decision is the first rule, in file order,
that matches and resolves, and ``RouteDecision.rule`` names it in words an operator reads
("@提及 兴庆区文化街街道", "违建：属地街道牵头，城管协办"). No scores, no randomness: the same case
always goes to the same accounts, so a wrong route is fixed by editing ``routing.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from monitor.classify.result import Classification
from monitor.classify.settings import load_classify
from monitor.core.config import Account, Config, ConfigError, Matrix
from monitor.route.settings import Rule, RoutingSettings, load_routing

UNROUTABLE_RULE = "无法确定承办单位：转问政中枢人工分派"
STREET_RULE = "属地管理：文中街道（无匹配规则）"


@dataclass(frozen=True)
class RouteDecision:
    """Who handles a case: one lead, any co-handlers (联合办理), and why."""

    lead: str
    co: tuple[str, ...] = ()
    rule: str = ""
    unroutable: bool = False
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def joint(self) -> bool:
        return bool(self.co)

    def to_dict(self) -> dict[str, Any]:
        return {"lead": self.lead, "co": list(self.co), "rule": self.rule}


class Router:
    """Applies ``routing.toml`` over the matrix."""

    def __init__(self, settings: RoutingSettings, matrix: Matrix, *, source: str = "routing.toml",
                 domains: Sequence[str] = ()) -> None:
        self.settings = settings
        self.domains = tuple(domains)
        self.matrix = matrix
        self.hub = matrix.hub.id
        self._district_by_region = {a.region: a for a in matrix.accounts if a.kind == "district"}
        self._street: dict[tuple[str, str], Account] = {}
        for a in matrix.accounts:
            if a.kind == "street" and a.parent:
                parent = matrix.by_id[a.parent]
                self._street[(parent.region, a.region)] = a
        self._check(source)

    @classmethod
    def from_config(cls, config: Config) -> Router:
        path = config.file("routing")
        taxonomy = load_classify(config.file("classify")).taxonomy
        return cls(load_routing(path), config.matrix, source=str(path), domains=taxonomy.domains)

    def _check(self, source: str) -> None:
        """A fixed account id that is not in the matrix, or a domain the office does not have, is a
        config error, found at start-up (one taxonomy: a rule for 商贸旅游 could never match)."""
        for i, rule in enumerate(self.settings.rules):
            if self.domains:
                for d in rule.domains:
                    if d != "*" and d not in self.domains:
                        raise ConfigError(f"{source}: rules[{i}].domains: {d!r} is not one of the office's "
                                          f"domains (classify.toml [taxonomy]: {', '.join(self.domains)})")
            for key, targets in (("lead", rule.lead), ("co", rule.co)):
                for t in targets:
                    for part in t.split("|"):
                        part = part.strip()
                        if part in ("street", "district") or part.startswith("district:"):
                            continue
                        if part not in self.matrix.by_id:
                            raise ConfigError(f"{source}: rules[{i}].{key}: unknown account {part!r} "
                                              f"(rule {rule.name!r})")

    # ---------------------------------------------------------------- public

    def route(self, c: Classification, mentioned_account_ids: Sequence[str] = ()) -> RouteDecision:
        """Decide lead and co-handlers for a classified case."""
        mentioned = [a for a in dict.fromkeys(mentioned_account_ids)
                     if a in self.matrix.by_id and a != self.hub]
        elsewhere = self._elsewhere(mentioned, c)
        if mentioned and not elsewhere:
            names = "、".join(self.matrix.by_id[a].name for a in mentioned)
            return RouteDecision(mentioned[0], tuple(mentioned[1:]), f"@提及：{names}",
                                 evidence={"by": "mention", "mentioned": mentioned})
        decision = self._by_rules(c)
        if not elsewhere:
            return decision
        if decision.unroutable:
            district = self._resolve("district", c)
            if district is None:  # the place is not one we can route to: the addressed account keeps it
                return RouteDecision(elsewhere[0], tuple(elsewhere[1:]), "@提及：" + "、".join(
                    self.matrix.by_id[a].name for a in elsewhere), evidence={"by": "mention", "mentioned": elsewhere})
            decision = RouteDecision(district, (), "属地管理：文中区县", False, {"by": "district", "region": c.region})
        # places first: the citizen wrote under (or @) another place's account
        names = "、".join(self.matrix.by_id[a].name for a in elsewhere)
        place = f"{c.region or ''}{c.street or ''}"
        return replace(decision, rule=f"按文中地点（{place}）：{decision.rule}；群众所@账号：{names}",
                       evidence={**decision.evidence, "by_place": place, "addressed": elsewhere})

    def _elsewhere(self, mentioned: list[str], c: Classification) -> list[str]:
        """The addressed place accounts (districts, streets) whose place is not the one the text names.

        A comment under 永宁县's post about noise in 兴庆区新华街 is 兴庆区's case: the account a
        citizen happened to write to is recorded, but the place decides. Departments (city-wide)
        and accounts of the named place itself keep the mention.
        """
        if not c.region:
            return []
        out: list[str] = []
        for aid in mentioned:
            acc = self.matrix.by_id[aid]
            if acc.kind == "district" and acc.region != c.region:
                out.append(aid)
            elif acc.kind == "street":
                parent = self.matrix.by_id.get(acc.parent or "")
                district = parent.region if parent else None
                if district != c.region or (c.street is not None and acc.region != c.street):
                    out.append(aid)
        # only when every addressed account is elsewhere: a department mentioned too still leads
        return out if out and len(out) == len(mentioned) else []

    def _by_rules(self, c: Classification) -> RouteDecision:
        domain = c.domain
        subtopic = c.subtopic if (c.rule_domain or c.domain) == domain else None
        hit = self._first(domain, subtopic, c)
        if hit is None:
            street = self._resolve("street", c)
            if street is not None:  # no rule for the matter, but the place is known: 属地管理
                return RouteDecision(street, (), STREET_RULE, False,
                                     {"by": "street", "domain": domain, "region": c.region, "street": c.street})
            return RouteDecision(self.hub, (), UNROUTABLE_RULE, True,
                                 {"by": "fallback", "domain": domain, "region": c.region, "street": c.street})
        rule, lead, lead_target = hit
        co: list[str] = []
        for entry in rule.co:
            got = self._resolve_any(entry, c)
            if got and got[0] != lead and got[0] not in co:
                co.append(got[0])
        evidence: dict[str, Any] = {"by": "rule", "rule": rule.name, "domain": domain, "subtopic": subtopic,
                                    "region": c.region, "street": c.street, "lead_target": lead_target}
        text = rule.name
        if self.settings.settings.joint:
            joint: dict[str, str] = {}
            for other in c.domains:
                if other == domain:
                    continue
                more = self._first(other, c.subtopics.get(other), c)
                if more and more[1] != lead and more[1] not in co:
                    co.append(more[1])
                    joint[other] = more[0].name
            if joint:
                evidence["joint"] = joint
                text += "；联合办理：" + "；".join(f"{d}→{r}" for d, r in joint.items())
        return RouteDecision(lead, tuple(co), text, False, evidence)

    # ---------------------------------------------------------------- internals

    def _matches(self, rule: Rule, domain: str | None, subtopic: str | None, c: Classification) -> bool:
        if domain is None:
            return False
        if "*" in rule.domains:
            if domain == "其他":
                return False
        elif domain not in rule.domains:
            return False
        if rule.subtopics and subtopic not in rule.subtopics:
            return False
        if rule.regions and c.region not in rule.regions:
            return False
        return not (rule.types and c.type not in rule.types)

    def _first(self, domain: str | None, subtopic: str | None,
               c: Classification) -> tuple[Rule, str, str] | None:
        for rule in self.settings.rules:
            if not self._matches(rule, domain, subtopic, c):
                continue
            for target in rule.lead:
                account = self._resolve(target, c)
                if account:
                    return rule, account, target
        return None

    def _resolve_any(self, entry: str, c: Classification) -> tuple[str, str] | None:
        for part in entry.split("|"):
            account = self._resolve(part.strip(), c)
            if account:
                return account, part.strip()
        return None

    def _resolve(self, target: str, c: Classification) -> str | None:
        if target == "street":
            acc = self._street.get((c.region or "", c.street or ""))
            return acc.id if acc else None
        district = self._district_by_region.get(c.region or "")
        if target == "district":
            return district.id if district else None
        if target.startswith("district:"):
            if district is None:
                return None
            aid = f"{district.id}-{target.split(':', 1)[1]}"
            return aid if aid in self.matrix.by_id else None
        return target if target in self.matrix.by_id else None
