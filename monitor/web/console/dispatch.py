"""Operator actions from the web: validate a request body, run :mod:`monitor.handling.actions`, return the case.

Why a separate module: the JSON API (``POST /api/cases/{id}/actions/{action}``) and the console's
HTML forms accept the same fields and must behave identically, so both go through :func:`perform`.
Bad input (``days`` that is not a number…) raises :class:`BadRequest` before the database is
touched; a transition the case refuses raises :class:`monitor.handling.actions.ActionError` from
inside the transaction, which then rolls back.

Who acts is the signed-in user (:class:`monitor.access.Principal`), never a field of the request: a
body that still sends ``actor`` is refused. A member may act only on cases in its scope (others are
"not found", so ids do not leak), only as one of its own accounts, and only with
:data:`MEMBER_ACTIONS` (dispatching to other accounts and merging are operators' work).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from monitor.cluster import ops as cluster_ops
from monitor.handling import actions
from monitor.handling.actions import ActionError
from monitor.handling.lint import ReplyLinter
from monitor.handling.replying import first_replier
from monitor.route.correct import Corrector, reclassify
from monitor.core.labels import channel_label
from monitor.core.timeutil import parse_iso, utcnow
from monitor.core.types import Item
from monitor.web.console import labels
from monitor.web.views import case_detail

if TYPE_CHECKING:
    from monitor.access import Principal
    from monitor.web.context import WebContext


class BadRequest(ValueError):
    """The request itself is malformed (HTTP 400); nothing was attempted.

    The message is for the operator who filled the form (Chinese, the field by its label); the
    JSON API also answers ``field``, the request key, for the engineer whose script sent it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _label(name: str) -> str:
    """A request field as the form names it (the timeline's field labels)."""
    return labels.FIELD.get(name, name)


def _shown(value: object) -> str:
    """A value the request sent, quoted and cut for a message."""
    return f"“{str(value)[:40]}”"


class CaseNotFound(LookupError):
    """No case with that id, or none the user may see (HTTP 404)."""


class Forbidden(PermissionError):
    """The user's role may not do this (HTTP 403)."""


@dataclass(frozen=True)
class Spec:
    """One action: the function, and how to turn request fields into its keyword arguments."""

    func: Callable[..., Any]
    fields: Callable[[Mapping[str, Any]], dict[str, Any]]


def _str(body: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise BadRequest(f"请填写{_label(name)}", field=name)
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"{_label(name)}应为文字", field=name)
    return value.strip()


def _int(body: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise BadRequest(f"请填写{_label(name)}", field=name)
        return None
    if isinstance(value, bool) or isinstance(value, float) or (isinstance(value, str) and len(value) > 20):
        raise BadRequest(f"{_label(name)}应为整数，填的是{_shown(value)}", field=name)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadRequest(f"{_label(name)}应为整数，填的是{_shown(value)}", field=name) from None


MAX_EXTENSION_DAYS = 250
"""Workdays one extension may add (about a year): more is a typo, and counting 10**18 workdays on
the calendar would hold a worker for ever."""
EARLIEST_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST_DATE = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


MAX_ID = 2**31 - 1  # ids are INTEGER columns; a larger number cannot name a case


def case_id_of(raw: object, field: str | None = None) -> int:
    """A case id from a URL or a field: a positive integer a database column can hold."""
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        what = _label(field) if field else "案件编号"
        raise BadRequest(f"{what}应为正整数（不超过 {MAX_ID}），给的是{_shown(raw)}", field=field)
    return int(text)


def _time(body: Mapping[str, Any], name: str) -> dt.datetime | None:
    """ISO 8601; without an offset it is Asia/Shanghai, as the operator typed it."""
    raw = _str(body, name)
    if not raw:
        return None
    try:
        value = parse_iso(raw)
    except ValueError:
        raise BadRequest(f"{_label(name)}应为时间，如 2026-03-02 09:30，填的是{_shown(raw)}",
                         field=name) from None
    if not EARLIEST_DATE <= value < LATEST_DATE:  # compared before converting: year 1 has no UTC
        raise BadRequest(f"{_label(name)}应在 2000 年至 2099 年之间，填的是{_shown(raw)}", field=name)
    return value.astimezone(dt.UTC)


def _bool(body: Mapping[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "on", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("0", "false", "off", "no"):
        return False
    raise BadRequest(f"{_label(name)}应为“是”或“否”（true / false）", field=name)


def _account(body: Mapping[str, Any]) -> dict[str, Any]:
    return {"account_id": _str(body, "account", required=True)}


def _account_reason(body: Mapping[str, Any]) -> dict[str, Any]:
    return {**_account(body), "reason": _str(body, "reason")}


def _note(body: Mapping[str, Any]) -> dict[str, Any]:
    return {"note": _str(body, "note")}


def _extend(body: Mapping[str, Any]) -> dict[str, Any]:
    days = _int(body, "days")
    if days is not None and not 1 <= days <= MAX_EXTENSION_DAYS:
        raise BadRequest(f"{_label('days')}应在 1 到 {MAX_EXTENSION_DAYS} 个工作日之间，填的是{_shown(days)}",
                         field="days")
    return {"reason": _str(body, "reason"), "days": days, "until": _time(body, "until")}


def _reclassify(body: Mapping[str, Any]) -> dict[str, Any]:
    """Absent or empty means "leave it", except ``region`` given as "" (clear it) through the API."""
    out: dict[str, Any] = {"reroute": bool(_bool(body, "reroute"))}
    for name in ("type", "domain"):
        value = _str(body, name)
        out[name] = value or None
    region = body.get("region")
    if region is not None and not isinstance(region, str):
        raise BadRequest("区域应为文字", field="region")
    out["region"] = None if region is None or (region == "" and body.get("form")) else region.strip()
    return out


def _cluster_op(func: Callable[..., Any]) -> Callable[..., Any]:
    """A cluster operation (:mod:`monitor.cluster.ops`) as a case action.

    Why a wrapper: actions are given the SLA engine, and putting a case into or out of a cluster
    moves no clock (the CLI's ``case cluster`` / ``case uncluster`` call the same functions
    without one); the handlers it may take from a cluster are recorded by the operation itself."""

    def act(session: Session, case_id: int, *, actor: Any, now: dt.datetime, engine: Any, **kw: Any) -> Any:
        return func(session, case_id, actor=actor, now=now, **kw)

    act.__doc__ = func.__doc__
    return act


SPECS: dict[str, Spec] = {
    "claim": Spec(actions.claim, _account),
    "assign": Spec(actions.assign, _account_reason),
    "co-handler": Spec(actions.add_co_handler, _account_reason),
    # reply is special-cased in perform(): it may post through the platform
    "reply": Spec(actions.record_reply, lambda b: {**_account(b), "text": _str(b, "text"),
                                                   "at": _time(b, "at")}),
    "extend": Spec(actions.extend, _extend),
    "pending-info": Spec(actions.pending_info, _note),
    "info-received": Spec(actions.info_received, _note),
    "close": Spec(actions.close, lambda b: {"result": _str(b, "result")}),
    "reopen": Spec(actions.reopen, lambda b: {"reason": _str(b, "reason")}),
    "merge": Spec(actions.merge, lambda b: {"into": case_id_of(_int(b, "into", required=True), "into")}),
    "resolved-by-platform": Spec(actions.resolved_by_platform, _note),
    # reclassify is given the context's Corrector by dependencies()
    "reclassify": Spec(reclassify, _reclassify),
    "ack": Spec(actions.ack, lambda b: {"entry": _str(b, "entry", required=True),
                                        "note": _str(b, "note", required=True)}),
    # confirm-risk is given the matrix by dependencies(): it alerts handlers, supervisors and the hub
    "confirm-risk": Spec(actions.confirm_risk, _note),
    "dismiss-risk": Spec(actions.dismiss_risk, lambda b: {"note": _str(b, "note", required=True)}),
    # an operator's say on clusters (issue 14): into a cluster, out of it, or a merge undone whole
    "cluster-into": Spec(_cluster_op(cluster_ops.cluster_into),
                         lambda b: {"into": case_id_of(_int(b, "cluster", required=True), "cluster")}),
    "uncluster": Spec(_cluster_op(cluster_ops.uncluster), lambda b: {}),
    "unmerge": Spec(_cluster_op(cluster_ops.unmerge), lambda b: {}),
}
ACTIONS = tuple(SPECS)
MEMBER_ACTIONS = frozenset({"claim", "reply", "extend", "pending-info", "info-received", "close",
                            "reopen", "resolved-by-platform", "confirm-risk"})
"""What a member account's user may do on its own cases. Confirming a 疑似 risk is one (raising
the alarm on a case one handles is never wrong); dismissing one is the duty desk's, like ack."""


def action_name(raw: str) -> str:
    name = raw.strip().lower().replace("_", "-")
    if name not in SPECS:
        raise BadRequest(f"未知操作 {raw!r}（可选：{', '.join(ACTIONS)}）")
    return name


class _LoopReplier:
    """Let a worker thread post through an adapter whose HTTP session lives on the daemon's loop.

    The database work of :func:`monitor.handling.actions.post_reply` stays in the worker thread (a private
    event loop there runs it); only the platform call hops to the daemon loop.
    """

    def __init__(self, adapter: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.adapter = adapter
        self.platform = adapter.platform
        self.speaks_for_all = getattr(adapter, "speaks_for_all", False)
        self.loop = loop

    async def post_reply(self, *, account_external_id: str, item: Item, text: str) -> Item:
        fut = asyncio.run_coroutine_threadsafe(
            self.adapter.post_reply(account_external_id=account_external_id, item=item, text=text),
            self.loop)
        return await asyncio.wrap_future(fut)


def replier_for(ctx: WebContext, platform: str, channel: str | None = None) -> Any | None:
    """The daemon's running adapter that can post on ``platform``: the case's own channel first."""
    return first_replier(ctx.adapters(), platform, channel)


_CORRECTORS: dict[int, Corrector] = {}


def corrector_for(ctx: WebContext) -> Corrector:
    """One Corrector per open app (it holds the classifier and router; building one loads jieba)."""
    key = id(ctx.app)
    got = _CORRECTORS.get(key)
    if got is None:
        got = _CORRECTORS[key] = Corrector.from_config(ctx.app.config)
    return got


async def dependencies(ctx: WebContext, func: Callable[..., Any]) -> dict[str, Any]:
    """What the action takes from the running app, found from its signature (as the CLI does).

    Why by signature, not by action name: an action that gains a dependency (whom confirm-risk's
    alerts go to, the reply rules a reply is held to) is given it without a second list to keep.
    """
    wanted = inspect.signature(func).parameters
    given: dict[str, Any] = {}
    if "corrector" in wanted:  # reclassify: the app's classifier and router
        given["corrector"] = await asyncio.to_thread(corrector_for, ctx)
    if "matrix" in wanted:  # confirm-risk: whom its alerts go to
        given["matrix"] = ctx.app.matrix
    if "linter" in wanted:  # reply: an operator's reply is held to the reply rules like a polled one
        given["linter"] = ReplyLinter.from_config(ctx.app.config)
    return given


def origin_of(ctx: WebContext, case_id: int, user: Principal) -> tuple[str, str] | None:
    """(platform, channel) of a case, or None when there is no such case in the user's scope."""
    from monitor.store.models import Case

    with ctx.app.sessions() as s:
        case = s.get(Case, case_id)
        if case is None or not user.sees_case(s, case_id):
            return None
        return case.platform, case.channel


def check_allowed(user: Principal, name: str, kwargs: Mapping[str, Any]) -> None:
    """Refuse (403) what the user's role may not do; the case's scope is checked apart (404)."""
    if not user.sees_cases:
        raise Forbidden(f"{labels.USER_ROLE.get(user.role, user.role)}只能查看统计，不能办理案件")
    if user.whole_matrix:
        return
    if name not in MEMBER_ACTIONS:
        allowed = "、".join(labels.ACTION[a] for a in SPECS if a in MEMBER_ACTIONS)
        raise Forbidden(f"成员单位不能{labels.ACTION.get(name, name)}（请联系值班员）；可以：{allowed}")
    account = kwargs.get("account_id")
    if account and not user.may_use_account(account):
        raise Forbidden(f"只能以本单位的账号办理，不能以“{account}”的名义")


async def perform(ctx: WebContext, user: Principal, case_id: int, action: str,
                  body: Mapping[str, Any]) -> dict[str, Any]:
    """Run ``action`` on case ``case_id`` as ``user`` with the request ``body``; return the case detail.

    Replies are posted on the platform through the daemon's source when one can post there
    (``post`` defaults to that); ``"post": false`` records a reply made elsewhere.
    """
    name = action_name(action)
    if not isinstance(body, Mapping):
        raise BadRequest("请求内容应为 JSON 对象")
    if "actor" in body:
        raise BadRequest("不再接受 actor 字段：操作一律记在登录用户（或接口令牌的用户）名下", field="actor")
    actor = user.actor
    spec = SPECS[name]
    kwargs = spec.fields(body)
    check_allowed(user, name, kwargs)
    origin = await asyncio.to_thread(origin_of, ctx, case_id, user)
    if origin is None:
        raise CaseNotFound(f"没有编号为 {case_id} 的案件")
    platform, channel = origin
    replier = None
    if name == "reply":
        want = _bool(body, "post")
        adapter = replier_for(ctx, platform, channel)
        if want and adapter is None:
            raise ActionError(f"没有运行中的数据源可在{channel_label(platform)}发布：请在平台上回复后只登记回复（接口 post=false）")
        if adapter is not None and want is not False:
            if kwargs.get("at") is not None:
                raise BadRequest("回复时间只用于登记在别处发出的回复（不在平台发布，post=false）", field="at")
            replier = _LoopReplier(adapter, asyncio.get_running_loop())
    engine = ctx.sla
    kwargs.update(await dependencies(ctx, spec.func))

    def work() -> dict[str, Any]:
        with ctx.app.sessions.begin() as s:
            if replier is not None:
                args = {k: v for k, v in kwargs.items() if k != "at"}
                asyncio.run(actions.post_reply(s, case_id, replier=replier, actor=actor, now=utcnow(),
                                               engine=engine, **args))
            else:
                spec.func(s, case_id, actor=actor, now=utcnow(), engine=engine, **kwargs)
            s.flush()
            detail = _detail(s, case_id)
        return detail

    return await asyncio.to_thread(work)


def _detail(s: Session, case_id: int) -> dict[str, Any]:
    detail = case_detail(s, case_id)
    assert detail is not None  # the action just wrote to it
    return detail
