"""The words that make a post a chaser (催办) or a 同问, as citizens write them.

A chaser points back at the writer's own earlier appeal: 催办, 再次反映, 我3号反映的…, 还没人处理,
至今没有回复, 第二次反映. A 同问 points at someone else's: 同问, +1, 我也是, or a Weibo repost
quoting the original as ``//@name: text``.
"""

from __future__ import annotations

import re

CHASER = re.compile(
    r"催办|催促|催一下|催一催|再次|再反映|再问|又来反映|重复反映|多次反映|反复反映|第[二三四五六七八九十两\d]+次"
    r"|(上次|之前|此前|先前|前几天|前天|昨天|上周|上星期|上礼拜|上个月|月初|[\d一二三四五六七八九十]+[号日]"
    r"|[\d一二三四五六七八九十两几]+(天|周|个星期|个礼拜|个月)(以)?前)"
    r"[^，。！？]{0,8}(反映|投诉|说|问|留言|发|报)"
    r"|我(反映|投诉|报)(的|过)|反映的问题|石沉大海|没有?回音|没人理|有人管吗|管不管|到底(什么时候|啥时候|有没有)"
    r"|(都|已经)?[\d一二三四五六七八九十两几]+(天|周|个星期|个月)(了)?(还|都|也|仍)"
    r"|(反映|投诉|留言)(过|了)[^，。！？]{0,6}(还|仍|依然|依旧|至今|到现在|一直)"
    r"|还没(有)?(人)?(管|处理|解决|回复|答复|修|动静|消息|下文)"
    r"|(至今|到现在|迄今|仍然|仍|依然|依旧|还是)(没|未|无)(有)?(人)?(管|处理|解决|回复|答复|修|动静|进展|下文|查|理|来)"
    r"|又过了?[\d一二三四五六七八九十两几]+(天|周|个星期|个礼拜|个月)"
    r"|(有|没有|什么)(进展|结果|下文)|进展如何|处理得怎么样|怎么还没|何时(处理|解决)|跟进一下"
)
# a citizen writing again about their own open case says it goes on, without repeating what:
# "今天又停了", "还是黑的", "补充一下…" (read only for a post that names no other place or problem)
CONTINUED = re.compile(r"又|还是|还没|仍|依旧|依然|照样|补充|补一句|再不")
# …and of these, the ones that say it never stopped (not "again": the same episode still open)
STILL = re.compile(r"还是|还没|仍|依旧|依然|照样|补充|补一句")
SAME_QUESTION = re.compile(r"同问|同求|[+＋]\s*1|我也是|我家也|我们也是|我也遇到|一样的(问题|情况)|顶一下|顶起")
QUOTE = re.compile(r"//\s*@([^\s:：/，,]{1,30})(?=[\s:：])")


def chaser_words(text: str) -> list[str]:
    """The chaser phrases in ``text`` (empty when it reads as a first report)."""
    return [m.group(0) for m in CHASER.finditer(text)]


def quoted_names(text: str) -> list[str]:
    """Screen names quoted with ``//@name:`` (a Weibo repost chain), nearest first."""
    return list(dict.fromkeys(QUOTE.findall(text)))


def is_same_question(text: str) -> bool:
    return bool(SAME_QUESTION.search(text) or QUOTE.search(text))


def continues(text: str) -> bool:
    """Whether ``text`` says something goes on (又, 还是, 补充…): the words of a chaser that
    names neither the place nor the problem again."""
    return bool(CONTINUED.search(text))


def still(text: str) -> bool:
    """Whether ``text`` says its matter never stopped (还是, 仍, 补充…): the episode is still
    the open one, however long ago it was reported."""
    return bool(STILL.search(text))
