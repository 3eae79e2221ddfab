"""Chinese names for the codes stored in the database, so operators read 超期 rather than ``breached``.

Unknown codes fall through unchanged: a new event kind shows up as its code, never as an error.
"""

from __future__ import annotations

from monitor.core.labels import CHANNEL_LABELS, STATUS_LABELS
from monitor.access.users import ROLE_LABELS
from monitor.handling import queue

STATUS = STATUS_LABELS

CLOCK = {"ok": "正常", "at_risk": "临期", "breached": "超期", "met": "按时完成", "missed": "逾期完成"}

REASON = dict(queue.LABELS)  # one table of queue reasons: monitor/handling/queue.py

EVENT = {
    "created": "受理", "claimed": "认领", "assigned": "分派", "unassigned": "撤销分派", "reply": "回复",
    "follow_up": "群众追问", "extended": "延期", "pending_info": "待群众补充", "info_received": "已补充信息",
    "closed": "办结", "reopened": "重新打开", "merged": "合并", "at_risk": "临期提醒",
    "breached": "超期", "escalated": "升级", "supervised": "督办", "notified": "已通知",
    "reply_violation": "回复不规范", "feedback": "群众评价", "classified": "分类",
    "comment": "他人评论", "resolved_by_platform": "平台已解决", "note": "备注",
    "reclassified": "改分类", "risk": "风险预警",
    "acknowledged": "确认处理", "risk_confirmed": "确认风险", "risk_dismissed": "排除风险",
    "clustered": "归入同类诉求", "unclustered": "移出同类诉求",
}

ROLE = {"lead": "主办", "co": "协办", "citizen": "群众", "member": "成员账号", "other": "其他"}

TYPE = {"complaint": "投诉", "consult": "咨询", "help": "求助", "suggestion": "建议", "report": "举报",
        "praise": "表扬", "other": "其他"}

RESOLUTION = {"handled": "已办理", "merged": "合并", "resolved_by_platform": "平台已办结"}

SOURCE_STATE = {"ok": "正常", "paused": "已暂停", "failing": "失败", "never polled": "尚未拉取",
                "retired": "已退役", "stalled": "停滞", "unregistered": "尚未登记"}

ACTION = {
    "claim": "认领", "assign": "转派", "co-handler": "增加协办", "reply": "回复", "extend": "延期",
    "pending-info": "待补充", "info-received": "已补充", "close": "办结", "reopen": "重新打开",
    "merge": "合并", "resolved-by-platform": "平台已办结", "reclassify": "改分类", "ack": "确认处理",
    "confirm-risk": "确认风险", "dismiss-risk": "排除风险",
    "cluster-into": "归入同类诉求", "uncluster": "移出同类诉求", "unmerge": "撤销合并",
    "new": "登记",
}

FIELD = {
    "text": "内容", "result": "办理结果", "reason": "理由", "note": "备注", "days": "延期工作日",
    "until": "新期限", "previous_due": "原期限", "role": "角色", "resolution": "办结方式", "into": "并入案件", "cluster": "同类诉求编号",
    "from": "来自案件", "posted": "经平台发布", "mentions": "转移条目", "level": "级别", "rule": "规则",
    "changes": "更改", "reroute": "重新分派", "route": "分派", "type": "类型", "domain": "领域", "region": "区域",
    "addressed": "群众所@账号",
    "entry": "队列条目", "queue": "重新打开的队列条目", "settled": "解除原因", "words": "依据词语",
    "rules": "违反规则", "account_id": "账号", "flags": "风险", "clock": "时钟", "due": "期限",
    "accounts": "承办账号", "account": "账号", "flag": "风险", "evidence": "依据",
    "label": "评价", "subtopic": "子类", "street": "街道", "risk": "风险", "source": "来源",
    "external_id": "平台编号", "reply_event_id": "回复记录", "similar_to": "相似回复", "score": "相似度",
    "since_id": "起始编号", "max_id": "截至编号", "page": "页", "lead": "主办", "co": "协办",
    "keywords": "关键词", "at": "回复时间", "post": "是否在平台发布", "notified": "已通知",
    # a case's join to its cluster (its ``clustered`` events; docs/clusters.md)
    "how": "归入方式", "with_case": "相似案件", "place": "地点", "problem": "问题", "places": "相同地点",
    "terms": "关键词语", "by_case": "促成合并的案件", "other_score": "与另一同类诉求的相似度",
    "other_places": "与另一同类诉求的相同地点", "counts": "随之并入的热度", "chasers": "催办", "reposts": "转发同问",
    "merged": "并入的同类诉求",
    # a follow-up read as the citizen's chaser on their own case (monitor/cluster/chasers.py)
    "chaser": "催办", "by": "判定依据",
}

# why a citizen's post was read as a chaser on their own open case: the ``by`` of a ``follow_up``
# event's data (monitor/cluster/chasers.py, monitor/runtime/stages.py)
CHASER_BY = {
    "similar": "与本人在办件相似", "words": "催办用语", "said": "明言此前反映过", "own_case": "同一地点同一问题",
    "continued": "说明问题仍在", "update": "询问或告知进展", "shared": "与本人在办件共有词语",
    "only_case": "本人唯一在办件（一天内）", "only_report": "本人唯一的反映（告知此后情况）",
    "told_since": "告知此后情形", "weeks_on": "数周后再说问题仍在",
    "latest": "本人最近一件在办件（一天内）", "only_case_since": "本人唯一的反映（催办期内告知此后情况）",
    "same_day": "本人一天内唯一的反映（说到其后续问题）",
    "dated": "本人所说日期的反映",
    "still_one": "本人唯一的反映（说问题仍未解决）",
    "said_here": "明言此前反映过，同一地点本人唯一的反映",
    "known": "以“某某的事”点明本人所反映之事，询问或告知进展",
}

# a key whose meaning depends on the event: a cluster's join names clusters where merged cases name cases
EVENT_FIELD = {("clustered", "from"): "原同类诉求", ("clustered", "words"): "相同词语"}
# keys kept for the software, not for a reader (a merge's own key, which ``case uncluster --merge`` reads)
HIDDEN_FIELDS = frozenset({"merge"})

USER_ROLE = ROLE_LABELS

CLOCK_KIND = {"first_response": "首次响应", "closure": "办结"}

RISK = {"self_harm": "轻生", "threat": "威胁", "safety_hazard": "安全隐患", "mass_incident": "群体性事件",
        "minor_in_danger": "未成年人危险"}  # the labels config/classify.toml ships; a case stores its own

LINT_RULE = {"duplicate": "重复答复", "perfunctory": "敷衍答复", "buck_passing": "推诿扯皮",
             "mentions_superior": "@上级部门", "returned_in_comments": "评论区退件"}

ADAPTER = {"weibo": "微博", "hotline": "12345热线", "board": "留言板", "import": "导入"}



def lane_label(lane: str) -> str:
    """A source's lane (``2of4``: the second of its four shares of posts, each polled under a
    lease of its own) → ``分区2/4``."""
    i, sep, n = lane.partition("of")
    return f"分区{i}/{n}" if sep and i.isdigit() and n.isdigit() else lane

TABLES = {"channel": CHANNEL_LABELS, "status": STATUS, "clock": CLOCK, "reason": REASON, "event": EVENT, "role": ROLE,
          "type": TYPE, "resolution": RESOLUTION, "source_state": SOURCE_STATE, "action": ACTION,
          "field": FIELD, "user_role": USER_ROLE, "clock_kind": CLOCK_KIND, "risk": RISK,
          "lint_rule": LINT_RULE, "adapter": ADAPTER, "chaser_by": CHASER_BY}


def field_label(key: str, kind: str) -> str:
    """The name of ``key`` in the data of an event of ``kind``, as the timeline shows it."""
    return EVENT_FIELD.get((kind, key)) or label(key, "field")


def label(code: str | None, table: str) -> str:
    if code is None or code == "":
        return "-"
    return TABLES[table].get(code, code)
