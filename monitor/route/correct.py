"""Operators' corrections: 改分类 (type, domain, region), optionally re-routing the case.

Why here and not in :mod:`monitor.handling.actions`: a correction must speak the classifier's
vocabulary (the office's domains, the type labels, the gazetteer's districts) and, with
``reroute``, ask the router again; routing is the lowest layer that sees both. Like every other
action it appends one event to the timeline (``reclassified``, naming each field's old and new
value), refreshes the clocks (a 咨询 corrected to 投诉 gets the 5-workday closure window), and each
corrected field becomes a labelled example that ``wenzheng train --with-corrections`` learns from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from monitor.classify import Classifier
from monitor.core.config import Config
from monitor.handling.actions import ActionError, ActionResult, load_case, record_action
from monitor.handling.queue import resolve_entries
from monitor.route.assign import reassign
from monitor.route.router import Router
from monitor.sla import SlaEngine
from monitor.core.types import Actor
from monitor.store.models import Case, LabelledExample


@dataclass
class Corrector:
    """What a correction may say, and how to route a corrected case."""

    classifier: Classifier
    router: Router

    @classmethod
    def from_config(cls, config: Config) -> Corrector:
        return cls(Classifier.from_config(config), Router.from_config(config))

    # ------------------------------------------------------------ vocabulary

    def type_code(self, value: str) -> str:
        """A type code from a code (``complaint``) or the office's label (投诉)."""
        labels = self.classifier.settings.types.labels
        value = value.strip()
        if value in labels:
            return value
        for code, label in labels.items():
            if label == value:
                return code
        raise ActionError(f"未知类型 {value!r}（可选：{'、'.join(labels.values())}）")

    def domain(self, value: str) -> str:
        known = self.classifier.settings.taxonomy.domains
        value = value.strip()
        if value not in known:
            raise ActionError(f"未知领域 {value!r}（可选：{'、'.join(known)}）")
        return value

    def region(self, value: str) -> str | None:
        """A district name (or its short form); empty clears the region."""
        value = value.strip()
        if not value:
            return None
        for d in self.classifier.gazetteer.districts:
            if value == d.name or value in d.short:
                return d.name
        names = "、".join(d.name for d in self.classifier.gazetteer.districts)
        raise ActionError(f"未知区域 {value!r}（可选：{names}）")


def reclassify(session: Session, case_id: int, *, corrector: Corrector, actor: Actor | str, now: dt.datetime,
               engine: SlaEngine, type: str | None = None, domain: str | None = None,
               region: str | None = None, reroute: bool = False) -> ActionResult:
    """Correct a case's type, domain and/or region; with ``reroute``, route it again by them.

    ``region=""`` clears the region. Giving nothing to change (and no reroute) is an error, and so
    is a value outside the office's vocabulary; nothing is written then.
    """
    if type is None and domain is None and region is None and not reroute:
        raise ActionError("请说明要更正什么：类型、领域或区域（或重新分派）")
    if not str(actor).strip():
        raise ActionError("请说明由谁更正")
    case = load_case(session, case_id)
    wanted: dict[str, str | None] = {}
    if type is not None:
        wanted["type"] = corrector.type_code(type)
    if domain is not None:
        wanted["domain"] = corrector.domain(domain)
    if region is not None:
        wanted["region"] = corrector.region(region)
    changes: dict[str, dict[str, str | None]] = {}
    for field, value in wanted.items():
        previous = getattr(case, field)
        if value != previous:
            changes[field] = {"from": previous, "to": value}
            setattr(case, field, value)
        if value:  # the operator's word is a labelled example, even when it confirms the old value
            session.add(LabelledExample(field=field, label=value, text=case.text, case_id=case.id,
                                        origin="correction", created_by=str(actor), created_at=now))
    if "domain" in changes or "region" in changes:
        c = corrector.classifier.classify(case.text)
        if "domain" in changes:
            case.subtopic = c.subtopics.get(case.domain or "")
        if "region" in changes:  # keep the street the text names only when it lies in the new region
            case.street = c.street if c.region == case.region else None
    if not changes and not reroute:
        raise ActionError(f"案件#{case.id} 已经是这个分类")
    data: dict[str, object] = {"changes": changes, "reroute": reroute}
    if reroute:
        data["route"] = _reroute(session, case, corrector, actor=actor, now=now)
    return record_action(session, engine, case, "reclassified", actor=actor, now=now, data=data)


def _reroute(session: Session, case: Case, corrector: Corrector, *, actor: Actor | str,
             now: dt.datetime) -> dict[str, object]:
    """Route the corrected case by its (new) classification; the clocks keep running."""
    c = corrector.classifier.classify(case.text)
    fixed = dataclasses.replace(
        c, type=case.type or c.type, domain=case.domain or c.domain, subtopic=case.subtopic,
        region=case.region, street=case.street, rule_domain=case.domain,
        domains=(case.domain,) if case.domain else (), subtopics={})
    decision = corrector.router.route(fixed)
    current = {a.account_id for a in case.assignments if a.active}
    if decision.unroutable:
        raise ActionError(f"没有分派规则处理{case.region or '全市'}的{case.domain or '其他'}问题："
                          "请人工分派")
    if {decision.lead, *decision.co} != current or case.lead_account_id != decision.lead:
        reassign(session, case, decision.lead, decision.co, at=now, actor=actor,
                 reason=f"重新分类后按规则改派（{decision.rule}）")
    resolve_entries(session, case.id, ["unroutable"], at=now, by=str(actor))
    return decision.to_dict()
