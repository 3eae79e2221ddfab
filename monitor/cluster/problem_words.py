"""The problem half of a signature's vocabulary: which words name a problem, which are filler.

A report names its problem in many words ("广场舞太吵", "音响声音大到晚上十点", "噪音扰民"), and
every appeal shares filler ("希望有关部门尽快解决", "严重影响居民生活") that must never make two
reports alike. This holds the words the signature maker reads a problem by: the classifier's
lexicon words (scanned in the text itself, so a word jieba cut otherwise still counts), its hot
topics (near-synonyms: 红绿灯 and 信号灯 are one), the office's words for one thing
(``config/cluster_terms.toml``, :mod:`monitor.cluster.terms`), and what is never a content term
(stop words, :data:`FILLER`, type words like 投诉 and 尽快解决, place words).
"""

from __future__ import annotations

import ahocorasick

from monitor.classify.classifier import Classifier
from monitor.classify.lexicon import Entry
from monitor.cluster.place_words import PLACE_WORDS
from monitor.cluster.problems import problems
from monitor.cluster.terms import Terms, shipped_terms

# words every appeal uses: never evidence that two appeals are the same problem
FILLER = frozenset({
    "问题", "情况", "希望", "尽快", "解决", "处理", "相关", "部门", "有关", "领导", "政府", "市民", "居民",
    "群众", "百姓", "老百姓", "业主", "我们", "大家", "现在", "目前", "已经", "一直", "每天", "天天",
    "时间", "时候", "晚上", "白天", "早上", "中午", "凌晨", "半夜", "最近", "近期", "这里", "那里", "这边",
    "那边", "这样", "严重", "影响", "生活", "正常", "谢谢", "感谢", "麻烦", "请求", "要求", "反映", "投诉",
    "问政", "银川", "关注", "重视", "回复", "答复", "管管", "看看", "一下", "真的", "实在", "非常",
    "特别", "还是", "没有", "不能", "可以", "怎么", "为什么", "什么", "知道", "出现", "发现", "存在",
    "附近", "周边", "门口", "对面", "旁边", "小区", "社区", "街道", "地方", "一个", "这个", "那个",
    "同问", "再次", "催办", "多次", "之前", "上次", "上周", "至今", "仍然", "依然", "还有", "继续",
    "今天", "昨天", "明天", "前天", "几天", "好几天", "天了", "小时", "月份", "号", "日",
    "好多", "好几", "全是", "修复", "维修", "不敢", "越来越", "经常", "根本", "差点",
})


class ProblemWords:
    """The classifier's domain words, hot topics and stop words, and the office's words for one
    thing, as the signature maker reads a problem by them."""

    def __init__(self, classifier: Classifier, terms: Terms | None = None) -> None:
        # the office's words for one thing (config/cluster_terms.toml): each read as the word shown
        self.terms = terms if terms is not None else shipped_terms()
        self.table = problems().with_terms(self.terms.naming)
        # the list's words for one thing found in the text itself: jieba cuts a word it does not
        # know (流动喇叭 → 流动 / 喇叭), and the office's words are often such
        self.term_words = ahocorasick.Automaton()
        for w in self.terms.naming:
            self.term_words.add_word(w, w)
        if len(self.term_words):
            self.term_words.make_automaton()
        index = classifier.index
        self.entries: dict[str, Entry] = index.entries
        self.default_domain = classifier.settings.domains.default
        self.nuisance = index.nuisance
        kw = classifier.settings.keywords
        self.stop = index.stopwords | FILLER | frozenset(getattr(kw, "fillers", ()))
        self.type_words = frozenset(w for w, e in index.entries.items() if e.types)
        # domain words by their first two characters: the text is scanned for them directly, so a
        # word jieba split differently ("门口路灯" → 门口路 / 灯) still counts
        self.lexicon: dict[str, list[tuple[str, tuple[tuple[str, str], ...]]]] = {}
        for w, e in index.entries.items():
            if (e.domains or getattr(e, "topic", None)) and e.place is None and len(w) >= 2 \
                    and w not in PLACE_WORDS:
                self.lexicon.setdefault(w[:2], []).append((w, tuple(e.domains)))

    def lexicon_words(self, text: str) -> dict[str, tuple[tuple[str, str], ...]]:
        """Domain words written in ``text`` (longest at each position), word → (domain, sub-topic)s."""
        out: dict[str, tuple[tuple[str, str], ...]] = {}
        get = self.lexicon.get
        i, n = 0, len(text) - 1
        while i < n:
            cands = get(text[i:i + 2])
            best = None
            if cands:
                for w, doms in cands:
                    if text.startswith(w, i) and (best is None or len(w) > len(best[0])):
                        best = (w, doms)
            if best is None:
                i += 1
                continue
            out.setdefault(best[0], best[1])
            i += len(best[0])
        return out

    def _topic(self, word: str) -> str | None:
        """The classifier's hot topic ``word`` belongs to (红绿灯 and 信号灯: 交通拥堵), if any."""
        e = self.entries.get(word)
        return getattr(e, "topic", None) if e is not None else None


def _vote(found: dict[str, tuple[tuple[str, str], ...]]) -> tuple[str, str | None]:
    """Domain and sub-topic named by most characters of domain words (ties: first written)."""
    score: dict[tuple[str, str], int] = {}
    for w, pairs in found.items():
        for pair in pairs:
            score[pair] = score.get(pair, 0) + len(w)
    dom_score: dict[str, int] = {}
    for (d, _), v in score.items():
        dom_score[d] = dom_score.get(d, 0) + v
    domain = max(dom_score, key=lambda d: dom_score[d])
    sub = max((p for p in score if p[0] == domain), key=lambda p: score[p])[1]
    return domain, sub


class _ThingSkip:
    """What is never the thing of a fault: filler, type words, place words and the case's own
    places (阅海湾's 阅海 is where, not what)."""

    __slots__ = ("stop", "types", "place_chars")

    def __init__(self, stop: frozenset[str], types: frozenset[str], places: dict[str, float]) -> None:
        self.stop, self.types, self.place_chars = stop, types, "|".join(places)

    def __contains__(self, word: object) -> bool:
        return not isinstance(word, str) or word in self.stop or word in self.types \
            or word in PLACE_WORDS or word in self.place_chars or word.endswith(PLACE_SUFFIX_ENDS)


PLACE_SUFFIX_ENDS = ("小区", "社区", "街道", "路口", "门口", "楼下", "对面", "附近", "旁边")
