"""Operator actions on a case: claim, assign, reply, extend, wait for the citizen, close, reopen, merge,
ack, and confirm or dismiss a possible (疑似) risk.

Why one module of plain functions: the CLI (``wenzheng case …``) and the web console's API call the
very same code, so an action behaves the same whoever clicks. Each function

* checks the transition and raises :class:`ActionError` with a sentence an operator understands
  (closing a closed case, extending without a reason…), before anything is written;
* appends one or more ``CaseEvent`` rows with the actor and the time (the timeline is the record);
* calls :meth:`SlaEngine.refresh`, which re-derives the clocks and the status from the timeline,
  then :func:`monitor.handling.queue.settle`, which resolves the queue entries whose cause went
  away (an assignment clears "unroutable", a reply a breach, a closing every entry).

The caller owns the transaction: it commits on success and rolls back on ``ActionError``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from monitor.classify.risk import describe
from monitor.core.config import Matrix
from monitor.handling import escalation, queue, triage
from monitor.handling.lint import ReplyLinter
from monitor.sla import SlaEngine, SlaState
from monitor.store.models import Account, Assignment, Case, CaseEvent, Mention
from monitor.core.labels import STATUS_LABELS, channel_label
from monitor.core.timeutil import show
from monitor.core.types import Actor, Item, Replier, SourceError, actor_columns

RESOLUTIONS = ("handled", "merged", "resolved_by_platform")
UNKNOWN_DOMAIN = "其他"  # the classifier's "no domain": every district lists it, so it fits nobody


class ActionError(Exception):
    """An action that cannot be done on this case now; nothing was written."""


@dataclass(frozen=True)
class ActionResult:
    case: Case
    event: CaseEvent
    state: SlaState


# --------------------------------------------------------------------------- helpers


def _check_time(now: dt.datetime) -> None:
    if now.tzinfo is None:
        raise ActionError(f"时间 {now.isoformat()} 没有时区：操作时间必须带时区")


def load_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise ActionError(f"没有编号为 {case_id} 的案件")
    return case


def _account(session: Session, account_id: str) -> Account:
    acc = session.get(Account, account_id)
    if acc is None:
        raise ActionError(f"账号 {account_id!r} 不在矩阵中")
    if not acc.active:
        raise ActionError(f"{acc.name}已退出矩阵")
    return acc


def _name(acc: Account | None, fallback: str) -> str:
    """An account's name for a message (its id only if it is gone from the matrix)."""
    return acc.name if acc is not None else fallback


def _open(case: Case, what: str) -> None:
    if case.status == "closed":
        raise ActionError(f"案件#{case.id} 已办结：请先重新打开，再{what}")


def _text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ActionError(f"请填写{what}")
    return text


def _closing_event(session: Session, case: Case) -> CaseEvent | None:
    return session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                  CaseEvent.kind == "closed")
                          .order_by(CaseEvent.at.desc(), CaseEvent.id.desc()).limit(1))


def _record(session: Session, engine: SlaEngine, case: Case, kind: str, *, actor: Actor | str,
            now: dt.datetime, at: dt.datetime | None = None, account_id: str | None = None,
            mention_id: int | None = None, data: dict[str, Any] | None = None,
            linter: ReplyLinter | None = None) -> ActionResult:
    event = CaseEvent(case_id=case.id, kind=kind, at=at or now, **actor_columns(actor),
                      account_id=account_id, mention_id=mention_id, data=data or {}, recorded_at=now)
    session.add(event)
    if case.last_activity_at is None or (at or now) > case.last_activity_at:
        case.last_activity_at = at or now
    if linter is not None and kind == "reply":
        session.flush()
        linter.record(session, case, event, now=now)  # before settling: a bad reply clears nothing
    state = engine.refresh(session, case, now=now)
    queue.settle(session, [case], now=now)
    return ActionResult(case, event, state)


record_action = _record
"""Append an action's event and refresh the clocks (for actions defined in other packages)."""


def _active(case: Case, role: str | None = None) -> list[Assignment]:
    return [a for a in case.assignments if a.active and (role is None or a.role == role)]


# --------------------------------------------------------------------------- assignment


def _fits(case: Case, acc: Account) -> bool:
    """May ``acc`` claim ``case`` from the hub: its region or its domains fit the case.

    A case with neither a region nor a domain (which is often why it could not be routed) fits
    every member account; "其他" is no domain.
    """
    places = {p for p in (case.region, case.street) if p}
    domain = case.domain if case.domain not in (None, "", UNKNOWN_DOMAIN) else None
    if not places and not domain:
        return True
    return bool(acc.region in places or (domain and domain in (acc.domains or [])))


def claim(session: Session, case_id: int, *, account_id: str, actor: Actor | str, now: dt.datetime,
          engine: SlaEngine) -> ActionResult:
    """认领: a member account takes an unclaimed case, or one parked on the hub, as lead.

    A case the router could not place sits with the hub (问政银川) as lead; any member account
    whose region or domains fit may take it over. A case another member already leads is
    reassigned by an operator instead.
    """
    _check_time(now)
    case = load_case(session, case_id)
    _open(case, "认领")
    acc = _account(session, account_id)
    leads = _active(case, "lead")
    if leads:
        holder = session.get(Account, leads[0].account_id)
        if leads[0].account_id == account_id:
            raise ActionError(f"案件#{case.id} 已由{acc.name}承办")
        if holder is None or holder.kind != "hub":
            raise ActionError(f"案件#{case.id} 已由{_name(holder, leads[0].account_id)}承办："
                              "如需更换请值班员改派")
        if acc.kind == "hub":
            raise ActionError(f"案件#{case.id} 已在枢纽账号{acc.name}")
        if not _fits(case, acc):
            where = "、".join(p for p in (case.region, case.street) if p) or "未识别"
            raise ActionError(
                f"{acc.name}不能认领案件#{case.id}：账号的区域（{acc.region or '无'}）和领域与案件"
                f"（区域 {where}，领域 {case.domain or '未识别'}）不符；可由值班员分派")
        for a in leads:
            a.active = False
            session.add(CaseEvent(case_id=case.id, kind="unassigned", at=now, **actor_columns(actor),
                                  account_id=a.account_id,
                                  data={"role": "lead", "reason": f"{acc.name}认领"},
                                  recorded_at=now))
    for co in _active(case):
        if co.account_id == account_id:
            co.active = False  # a co-handler stepping up becomes the lead
    case.assignments.append(Assignment(account_id=account_id, role="lead", assigned_at=now,
                                       rule=f"claimed by {actor}"))
    case.lead_account_id = account_id
    return _record(session, engine, case, "claimed", actor=actor, now=now, account_id=account_id)


def assign(session: Session, case_id: int, *, account_id: str, actor: Actor | str, now: dt.datetime,
           engine: SlaEngine, reason: str = "") -> ActionResult:
    """Make ``account_id`` the lead handler (assign or reassign); the clocks keep running."""
    _check_time(now)
    case = load_case(session, case_id)
    _open(case, "改派")
    acc = _account(session, account_id)
    for a in _active(case, "lead"):
        if a.account_id == account_id:
            raise ActionError(f"案件#{case.id} 已由{acc.name}主办")
        a.active = False
        session.add(CaseEvent(case_id=case.id, kind="unassigned", at=now, **actor_columns(actor),
                              account_id=a.account_id, data={"role": "lead", "reason": reason},
                              recorded_at=now))
    for a in _active(case, "co"):
        if a.account_id == account_id:
            a.active = False  # promoted from co-handler
    case.assignments.append(Assignment(account_id=account_id, role="lead", assigned_at=now,
                                       rule=reason or f"assigned by {actor}"))
    case.lead_account_id = account_id
    return _record(session, engine, case, "assigned", actor=actor, now=now, account_id=account_id,
                   data={"role": "lead", "reason": reason})


def add_co_handler(session: Session, case_id: int, *, account_id: str, actor: Actor | str,
                   now: dt.datetime, engine: SlaEngine, reason: str = "") -> ActionResult:
    """联合办理: add ``account_id`` as a co-handler."""
    _check_time(now)
    case = load_case(session, case_id)
    _open(case, "增加协办")
    acc = _account(session, account_id)
    if any(a.account_id == account_id for a in _active(case)):
        raise ActionError(f"{acc.name}已在办理案件#{case.id}")
    case.assignments.append(Assignment(account_id=account_id, role="co", assigned_at=now,
                                       rule=reason or f"added by {actor}"))
    case.joint = True
    return _record(session, engine, case, "assigned", actor=actor, now=now, account_id=account_id,
                   data={"role": "co", "reason": reason})


# --------------------------------------------------------------------------- replies


def record_reply(session: Session, case_id: int, *, account_id: str, text: str, actor: Actor | str,
                 now: dt.datetime, engine: SlaEngine, at: dt.datetime | None = None,
                 mention_id: int | None = None, linter: ReplyLinter | None = None) -> ActionResult:
    """Record a reply the account made elsewhere (``--no-post``), counted at ``at`` (default now).

    With a ``linter`` the reply is checked against the reply rules like a polled one.
    """
    _check_time(now)
    if at is not None:
        _check_time(at)
    body = _text(text, "回复内容")
    case = load_case(session, case_id)
    _account(session, account_id)
    if at is not None and at > now:
        raise ActionError("回复时间不能晚于现在")
    return _record(session, engine, case, "reply", actor=actor, now=now, at=at,
                   account_id=account_id, mention_id=mention_id, data={"text": body},
                   linter=linter)


def _root_item(session: Session, case: Case) -> Item:
    m = session.scalar(select(Mention).where(Mention.platform == case.platform,
                                             Mention.external_id == case.root_external_id))
    if m is None:
        raise ActionError(f"案件#{case.id} 的原帖没有保存，无法在平台上回复")
    return Item(platform=m.platform, external_id=m.external_id, kind=m.kind, author_id=m.author_id,
                author_name=m.author_name, text=m.text, created_at=m.created_at, url=m.url,
                thread_root_id=m.thread_root_id, reply_to_id=m.reply_to_id, parent_id=m.parent_id,
                raw=m.raw or {})


async def post_reply(session: Session, case_id: int, *, account_id: str, text: str,
                     replier: Replier, actor: Actor | str, now: dt.datetime,
                     engine: SlaEngine, linter: ReplyLinter | None = None) -> ActionResult:
    """Post ``text`` on the platform as ``account_id`` and record it at the platform's time.

    The reply counts from the ``created_at`` of the item the platform returns (its confirmation),
    not from when the operator pressed the button. If the platform refuses, nothing is recorded.
    """
    _check_time(now)
    body = _text(text, "回复内容")
    case = load_case(session, case_id)
    acc = _account(session, account_id)
    if replier.platform != case.platform:
        raise ActionError(f"案件#{case.id} 来自{channel_label(case.platform)}，不能用{channel_label(replier.platform)}回复")
    uid = (acc.platform_ids or {}).get(case.platform)
    if not uid and getattr(replier, "speaks_for_all", False):
        uid = acc.id  # one official account answers for every member (WeChat): no per-account id
    if not uid:
        raise ActionError(f"{acc.name}在矩阵中没有{channel_label(case.platform)}账号")
    try:
        posted = await replier.post_reply(account_external_id=str(uid), item=_root_item(session, case),
                                          text=body)
    except SourceError as err:
        if getattr(err, "code", None) == "no_token":  # nothing was sent: say how to go on
            raise ActionError(f"无法以{acc.name}的名义在{channel_label(case.platform)}发布：{err}"
                              "（配置后重试），或在平台上自行回复后只登记回复（命令行 --no-post，"
                              "接口 \"post\": false）") from err
        raise ActionError(f"{channel_label(case.platform)}拒绝了这条回复：{err}") from err
    mention = session.scalar(select(Mention).where(Mention.platform == posted.platform,
                                                   Mention.external_id == posted.external_id))
    if mention is None:  # the poller may have stored it already; dedupe on (platform, id)
        mention = Mention(platform=posted.platform, external_id=posted.external_id, kind=posted.kind,
                          author_id=posted.author_id, author_name=posted.author_name,
                          role="member", account_id=account_id, text=posted.text,
                          created_at=posted.created_at, url=posted.url,
                          thread_root_id=posted.thread_root_id or case.root_external_id,
                          reply_to_id=posted.reply_to_id, parent_id=posted.parent_id,
                          case_id=case.id, raw=dict(posted.raw), ingested_at=now)
        session.add(mention)
        session.flush()
    return _record(session, engine, case, "reply", actor=actor, now=now,
                   at=posted.created_at.astimezone(dt.UTC), account_id=account_id,
                   mention_id=mention.id, data={"text": body, "posted": True}, linter=linter)


# --------------------------------------------------------------------------- clocks


def extend(session: Session, case_id: int, *, reason: str, actor: Actor | str, now: dt.datetime,
           engine: SlaEngine, days: int | None = None,
           until: dt.datetime | None = None) -> ActionResult:
    """延期: move the closure deadline by ``days`` workdays or to ``until``; a reason is required."""
    _check_time(now)
    why = _text(reason, "延期理由")
    case = load_case(session, case_id)
    _open(case, "延期")
    if (days is None) == (until is None):
        raise ActionError("延期天数和新期限只能填一个")
    data: dict[str, Any] = {"reason": why, "previous_due": None}
    if case.closure_due is not None:
        data["previous_due"] = case.closure_due.isoformat()
    if days is not None:
        if days < 1:
            raise ActionError(f"延期至少 1 个工作日（填的是 {days}）")
        data["days"] = days
    else:
        assert until is not None
        _check_time(until)
        if until <= now:
            raise ActionError(f"新期限 {show(until)} 已经过去")
        if case.closure_due is not None and until <= case.closure_due:
            raise ActionError("新期限必须晚于现在的期限")
        data["until"] = until.astimezone(dt.UTC).isoformat()
    return _record(session, engine, case, "extended", actor=actor, now=now, data=data)


def pending_info(session: Session, case_id: int, *, actor: Actor | str, now: dt.datetime,
                 engine: SlaEngine, note: str = "") -> ActionResult:
    """待补充: the case waits for the citizen; the closure clock pauses until they answer."""
    _check_time(now)
    case = load_case(session, case_id)
    _open(case, "请群众补充材料")
    if case.status == "pending_info":
        raise ActionError(f"案件#{case.id} 已在等待群众补充材料")
    return _record(session, engine, case, "pending_info", actor=actor, now=now, data={"note": note})


def info_received(session: Session, case_id: int, *, actor: Actor | str, now: dt.datetime,
                  engine: SlaEngine, note: str = "") -> ActionResult:
    """The citizen supplied what was asked (by phone, in person…): the closure clock runs again."""
    _check_time(now)
    case = load_case(session, case_id)
    if case.status != "pending_info":
        raise ActionError(f"案件#{case.id} 没有在等待群众补充材料（{STATUS_LABELS.get(case.status, case.status)}）")
    return _record(session, engine, case, "info_received", actor=actor, now=now, data={"note": note})


# --------------------------------------------------------------------------- closing


def close(session: Session, case_id: int, *, result: str, actor: Actor | str, now: dt.datetime,
          engine: SlaEngine, resolution: str = "handled", into: int | None = None) -> ActionResult:
    """办结 with a result (what was done); both clocks stop."""
    _check_time(now)
    text = _text(result, "办结结果")
    if resolution not in RESOLUTIONS:
        raise ActionError(f"未知的办结方式 {resolution!r}（可选：{'、'.join(RESOLUTIONS)}）")
    case = load_case(session, case_id)
    if case.status == "closed":
        raise ActionError(f"案件#{case.id} 已办结")
    data: dict[str, Any] = {"result": text, "resolution": resolution}
    if into is not None:
        data["into"] = into
    return _record(session, engine, case, "closed", actor=actor, now=now, data=data)


def resolved_by_platform(session: Session, case_id: int, *, actor: Actor | str, now: dt.datetime,
                         engine: SlaEngine, note: str = "") -> ActionResult:
    """The platform (or another channel) already settled it: close without our own handling."""
    return close(session, case_id, result=note.strip() or "已由平台办结", actor=actor, now=now,
                 engine=engine, resolution="resolved_by_platform")


def reopen(session: Session, case_id: int, *, reason: str, actor: Actor | str, now: dt.datetime,
           engine: SlaEngine) -> ActionResult:
    """Reopen a closed case; it gets a new closure window from now."""
    _check_time(now)
    why = _text(reason, "重新打开的理由")
    case = load_case(session, case_id)
    if case.status != "closed":
        raise ActionError(f"案件#{case.id} 没有办结（{STATUS_LABELS.get(case.status, case.status)}）")
    last = _closing_event(session, case)
    if last is not None and last.data.get("resolution") == "merged":
        raise ActionError(f"案件#{case.id} 已合并到案件#{last.data.get('into')}：请重新打开那一件")
    result = _record(session, engine, case, "reopened", actor=actor, now=now, data={"reason": why})
    reopened = queue.reopen_entries(session, case, now=now)
    if reopened:
        result.event.data = {**result.event.data, "queue": [e.reason for e in reopened]}
    return result


def merge(session: Session, case_id: int, *, into: int, actor: Actor | str, now: dt.datetime,
          engine: SlaEngine) -> ActionResult:
    """Merge duplicate ``case_id`` into ``into``: its mentions move, it closes as ``merged``.

    The duplicate keeps its own timeline (what happened to it stays true); the target gains a
    ``merged`` event naming it, and every item of the duplicate now belongs to the target.
    """
    _check_time(now)
    if case_id == into:
        raise ActionError("案件不能合并到自身")
    source, target = load_case(session, case_id), load_case(session, into)
    if source.status == "closed":
        raise ActionError(f"案件#{source.id} 已办结：请先重新打开，再合并")
    last = _closing_event(session, target) if target.status == "closed" else None
    if last is not None and last.data.get("resolution") == "merged":
        raise ActionError(f"案件#{target.id} 本身已合并到案件#{last.data.get('into')}")
    moved = session.execute(update(Mention).where(Mention.case_id == source.id)
                            .values(case_id=target.id)).rowcount
    session.add(CaseEvent(case_id=source.id, kind="merged", at=now, **actor_columns(actor),
                          recorded_at=now, data={"into": target.id, "mentions": moved}))
    _record(session, engine, target, "merged", actor=actor, now=now,
            data={"from": source.id, "mentions": moved})
    return close(session, source.id, result=f"与案件#{target.id}重复，已合并", actor=actor, now=now,
                 engine=engine, resolution="merged", into=target.id)


# --------------------------------------------------------------------------- the queue


def ack(session: Session, case_id: int, *, entry: str, note: str, actor: Actor | str, now: dt.datetime,
        engine: SlaEngine) -> ActionResult:
    """An operator deals with one queue entry by hand (确认处理), with a note, on the timeline.

    ``entry`` is the entry's id, its reason code or its Chinese label (``风险预警``).
    """
    _check_time(now)
    why = _text(note, "处理说明")
    load_case(session, case_id)
    try:
        found = queue.acknowledge(session, case_id, entry, note=why, actor=str(actor), at=now)
    except queue.EntryNotFound as err:
        raise ActionError(str(err)) from None
    return _record(session, engine, load_case(session, case_id), "acknowledged", actor=actor,
                   now=now, data={"entry": found.id, "reason": found.reason, "note": why})


# --------------------------------------------------------------------------- possible risk (疑似)


def _review(session: Session, case: Case, what: str) -> str:
    """The case's risk state for confirming or dismissing it; refuses a case with nothing in doubt."""
    state = triage.stored_state(session, case.id, case.risk or [])
    if state is None:
        raise ActionError(f"案件#{case.id} 没有风险标记，无需{what}")
    if state == "certain":
        raise ActionError(f"案件#{case.id} 的风险（{describe(case.risk or [])}）不是疑似，已通知承办单位、"
                          "上级和枢纽；如确属误报，请在督办队列确认处理并写明理由")
    return state


def confirm_risk(session: Session, case_id: int, *, matrix: Matrix, actor: Actor | str,
                 now: dt.datetime, engine: SlaEngine, note: str = "") -> ActionResult:
    """确认风险: a person checked a 疑似 flag and it is real; handlers, supervisors and hub are alerted.

    The event (``risk_confirmed``) names the flags and who was told; the flags themselves, their
    evidence and the case's text stay as they were. The risk entry stays open (or opens again)
    at the top of the queue until the case is dealt with.
    """
    _check_time(now)
    case = load_case(session, case_id)
    _open(case, "确认风险")
    if _review(session, case, "确认") == "confirmed":
        raise ActionError(f"案件#{case.id} 的疑似风险已确认过，预警已发给承办单位、上级和枢纽")
    handlers = escalation.risk_handlers(case)
    people = escalation.risk_people(matrix, handlers)
    why = (note or "").strip()
    result = _record(session, engine, case, triage.CONFIRMED, actor=actor, now=now,
                     data={"risk": triage.describe_confirmed(case.risk or []), "note": why,
                           "notified": people})
    queue.open_entry(session, case.id, "risk", at=now,
                     detail={"risk": describe(case.risk or []), "source": "人工核实确认"})
    escalation.alert_confirmed_risk(session, case, handlers=handlers, matrix=matrix, now=now,
                                    who=str(actor).removeprefix("cli:"), note=why,
                                    dedupe=f"risk-confirmed:{case.id}:{result.event.id}")
    return result


def dismiss_risk(session: Session, case_id: int, *, actor: Actor | str, now: dt.datetime,
                 engine: SlaEngine, note: str) -> ActionResult:
    """排除风险: a person checked a 疑似 flag and it is not real (防溺水宣传, a figure of speech…).

    The note is required and kept on the timeline (``risk_dismissed``) and on the risk entry,
    which is acknowledged; nobody else is alerted. The flags stay on the case, with their evidence,
    as what the detector said; a later text that raises risk again waits for a person once more.
    """
    _check_time(now)
    why = _text(note, "排除理由")
    case = load_case(session, case_id)
    _open(case, "排除风险")
    if _review(session, case, "排除") == "dismissed":
        raise ActionError(f"案件#{case.id} 的疑似风险已排除；之后没有新的风险信号")
    try:
        queue.acknowledge(session, case_id, "risk", note=f"排除疑似风险：{why}", actor=str(actor), at=now)
    except queue.EntryNotFound:
        pass  # the entry was acknowledged already: the decision is recorded all the same
    return _record(session, engine, case, triage.DISMISSED, actor=actor, now=now,
                   data={"risk": describe(case.risk or []), "note": why})
