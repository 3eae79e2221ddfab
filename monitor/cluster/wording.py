"""What an echo takes up of the appeal it agrees with: the writer's words, as character pairs.

A 同问 or +1 posted alone (no reply, no //@) that names neither a place nor a problem of the table
still repeats what it read: "同问，我也刷不了" under a morning of "刷码都失败了", "我也是扣了钱查不到
记录" under "扣了四百块…查不到缴费记录", "又坏了，同问" under "红绿灯又坏了". Citizens echo the
wording, not the table's word for it, and often in a form jieba cuts otherwise (刷不了 / 刷不上), so
the echo's **content pairs** are its characters two by two, inside a clause, with the echo's own
markers (同问, 我也, 一样…), the everyday words every matter's report uses (尽快, 门口, 孩子, 号楼),
digits and punctuation removed, and never a pair of two function characters (了一, 都没, 今天).

:meth:`~monitor.cluster.joining.ClusterStage._echo_by_wording` compares them with the recent
appeals' texts.
"""

from __future__ import annotations

import re

from monitor.cluster.markers import MENTION
from monitor.core.alternation import longest_first

# the echo's own words: what makes it an echo, who writes it, and pointing words
_MARKERS = ("同问", "同样", "也是", "一样", "我也", "我们", "我家", "咱们", "确实", "附议", "这个", "那个",
            "这些", "那些", "问题", "情况", "怎么", "咋", "啥时候", "什么时候", "为什么", "为啥")
# everyday words any matter's report uses: how urgent, who suffers, where one stands, when
EVERYDAY = ("尽快", "赶紧", "赶快", "快点", "希望", "处理", "解决", "麻烦", "反映", "投诉", "请问", "管管",
            "孩子", "娃娃", "老人", "大人", "市民", "大家", "居民", "群众", "同志", "邻居",
            "门口", "路上", "号楼", "小区", "楼下", "楼上", "家里", "附近", "周边", "这边", "那边",
            "现在", "每天", "天天", "一直", "已经", "今年", "以后", "以前", "时候", "上班", "下班", "出门",
            "路过", "危险", "严重", "影响", "正常", "生活", "春节", "过年", "国庆", "中秋", "周末")
_LEFT_OUT = re.compile(longest_first(_MARKERS + EVERYDAY))
# anything that is no character of a word: punctuation, spaces, digits, latin, emoji
_BREAK = re.compile(r"[^\u4e00-\u9fff]+")
# characters of grammar, pronouns, numbers, time and degree: a pair of two of them says nothing of
# a matter (了一, 都没, 今天, 两回), one beside a content character may (停了, 扣了; 没到 is not)
FUNCTION = frozenset("了的地得着过吗呢啊吧呀哦嘛么一二三四五六七八九十百千两几半多每都也还是在这那哪样我你他她它们"
                     "家就个不没有和跟与把被给让到上下里外前后天今昨明早晚时点分次回遍些要会能可想说看去来好太很"
                     "真再又才刚已经从对向往比更最")


def content_pairs(text: str) -> frozenset[str]:
    """The echo's content pairs: characters two by two inside a run of Chinese, after its markers,
    everyday words and @mentions (and a //@ chain) are taken out, without function pairs."""
    text = MENTION.sub(" ", text.split("//@", 1)[0])
    text = _BREAK.sub(" ", _LEFT_OUT.sub(" ", text))
    pairs = set()
    for run in text.split():
        for k in range(len(run) - 1):
            if not (run[k] in FUNCTION and run[k + 1] in FUNCTION):
                pairs.add(run[k:k + 2])
    return frozenset(pairs)


def taken_up(echo: frozenset[str], appeal: str) -> frozenset[str]:
    """The content pairs of ``echo`` that the text ``appeal`` holds."""
    return frozenset(p for p in echo if p in appeal)
