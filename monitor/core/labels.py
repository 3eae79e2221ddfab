"""Chinese names that layers below the web need too (statistics, the bulletin, media feedback).

The console's full label tables live in :mod:`monitor.web.console.labels`, which takes these from
here so each name is written once.

**Case types**: the six types and their names in reports.

**Channels**: the intake channels, one table for every place that shows them.

A case's ``channel`` says how the appeal reached the office (statistics and the bulletin group by
it; the console shows it on every case). Adapters set it: Weibo cases carry their source's name
(``weibo``), media articles ``media``, 12345 orders ``hotline``, WeChat ``wechat``, webhook items
their source's ``channel`` option, typed-in cases ``phone``/``visit``; imports say what they import.
A channel not listed here is shown as written (an office's own webhook channel name).
"""

from __future__ import annotations

# The case types the classifier decides and every report counts, and their names as the seeds print
# them (意见建议, not 建议). ``None`` is a case not classified yet.
CASE_TYPES = ("consult", "complaint", "suggestion", "report", "help", "other")
TYPE_LABELS = {"consult": "咨询", "complaint": "投诉", "suggestion": "意见建议", "report": "举报",
               "help": "求助", "other": "其他", None: "未分类"}

# how a case joined its cluster (the ``clustered`` event's ``how``; docs/clusters.md)
JOIN_LABELS = {"founded": "首件", "similar": "相似", "quote": "转发引用", "same_question": "同问", "words": "同词",
               "thread": "转发/评论", "citywide": "全市同类", "event": "同一事件", "line": "同一线路",
               "operator": "操作员", "merged": "合并并入", "bridged": "合并（同一事件）", "unmerged": "撤销合并",
               "gathered": "后续并入", "own_place": "本人所在地"}

STATUS_LABELS = {"open": "办理中", "replied": "已回复", "pending_info": "待补充", "closed": "已办结"}

CHANNEL_LABELS: dict[str, str] = {
    "weibo": "微博",
    "media": "媒体报道",
    "hotline": "12345热线",
    "wechat": "微信公众号",
    "webhook": "接口推送",
    "board": "留言板",
    "miniprogram": "小程序",
    "phone": "电话",
    "visit": "来访",
    "weibo-import": "微博（导入）",
    "import": "导入",
}


def channel_label(code: str | None) -> str:
    """``hotline`` → ``12345热线``; an unknown code as written, ``-`` for none."""
    if not code:
        return "-"
    return CHANNEL_LABELS.get(code, code)
