"""Risk detection over what citizens actually write: 轻生, threats, hazards, crowds, children, emergencies.

Why not jieba tokens: people phrase danger a hundred ways and segmentation splits the phrase
(他喝多了就打我跟孩子 → 打/我/跟/孩子, so no token 打孩子 exists). The detector therefore reads the
*characters* of the text, with rules from ``config/risk.toml`` (see :mod:`risk_config`):

* a **word** fires alone (煤气泄漏, 晕倒), or only with a **near** cue within a few characters on
  either side (跳 + 楼/桥/下去; 煤气 + 味/漏; 困 + 电梯; 打我 + 喝多/孩子);
* a **mask** (look-alike phrase) swallows a hit inside it (跳广场舞, 吵死了, 防溺水, 120元);
* a **negation** in the same clause just before the hit cancels it (没有漏气, 不是要跳楼), unless
  the negation word is part of a phrase that denies nothing (没人管, 不停地冒烟);
* an **unless** context in the same clause cancels the kind (消防*演练*, 防溺水*宣传*), and a
  **frame** anywhere in the sentence cancels every kind (社区组织了燃气泄漏应急*演练*，…;
  亏得我想跳楼，*开玩笑的*);
* a frame or ``unless`` word just after a denial frames nothing (这次不是演练; 这话不是说着玩的);
* a hit inside a comparison with what might happen (那声音跟楼要塌了一样) is a figure of speech,
  like one told after 吵得我 anywhere in its clause (not in the next: 吵得我睡不着，刀已经磨好了);
* a hit told as settled history (…已经扑灭了, …已修好) is cancelled; one told after the settled
  part (已修好，今天又漏气) still counts, and a settlement conceded (虽然扑灭了，可是…) settles nothing;
* a denial of the kind told after every hit of it explains them, for kinds with ``explained``
  (冒的白烟是供热站排的蒸汽，不是着火), unless it is asked (不是着火吧？) or one of two (不是…就是…);
* a past marker in the clause of the word or of its cue dates the hit (去年燃气管道漏气那次，燃气
  公司半小时就来了);
* a **conditional** in the same clause (万一, 一旦, 听说, 请问…) or a rule marked ``possible``
  makes the hit *possible*: it is still raised, labelled 疑似…, for a person to look at. Recall
  first: nothing that fires is dropped except by a negation, a mask, an ``unless`` or a settled
  marker — and the evidence lists those too.

Cost: one Aho–Corasick pass (pyahocorasick, C) over the normalised text finds every anchor,
`near` cue, mask, negation and conditional at once; the per-hit checks look at a few characters around it.
A message with no anchor costs the normalisation and that one pass (about a tenth of a
``jieba.lcut`` of the same text; ``bench/risk.py`` measures it).
"""

from __future__ import annotations

import hashlib
import math
import struct
import threading
from bisect import bisect_left, bisect_right
from functools import reduce
from operator import itemgetter, or_
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from monitor.classify.risk_config import KINDS, LEGACY_FLAGS, SEVERITIES, RiskSettings, load_risk
from monitor.classify.risk_model import RiskModel, RiskModelError, positions_of
from monitor.classify.trie_order import FOREIGN, by_frequency, foreign, foreign_landing, is_landing, landings
from monitor.core.config import ConfigError

# a hazard denied outright (没有漏气, 不是煤气味, 检测无泄漏): what the patterns read as no hazard the model
# does not guess at from the same words (not 防/预防/严禁, which deny nothing that is there: 防洪堤)
_FLAT_DENIALS = frozenset({"没有", "没", "并没有", "不是", "并非", "无泄漏", "无泄露", "无漏气", "检测无", "无燃气泄漏",
                           "没发现", "未发现", "排除了", "已排除"})
# a wish to die denied outright (我上楼顶不是要跳楼; 我不会想不开的): the patterns read the denial, and the
# model, which cannot, reads 楼顶 and 跳 alone; a denial of the writer's own intent keeps it quiet too
_INTENT_DENIALS = frozenset({"不是", "并不是", "并非", "不会", "不再", "没有", "并没有"})
# a collapse denied outright by one who went to see (那个大爷不是晕倒了，…就是坐着打盹): the model reads 晕倒
# alone. Only "it is not": 没有 also denies a stretcher or a doctor (没有担架), which must not silence the model
_EVENT_DENIALS = frozenset({"不是", "并不是", "并非"})
_SECOND = itemgetter(1)
_THIRD = itemgetter(2)


def _word_end(item: tuple[Any, ...]) -> int:
    """Where an item told as (start, word, …) ends: a past, standing, settled or laugh word."""
    return int(item[0]) + len(item[1])

_ANY_DIGIT = re.compile(r"[0-9]")
# what ends a clause (each also a key of the walk: see RiskDetector); the space is one kept by
# `normalise` between clauses of a post written without punctuation
_CLAUSE_MARKS = "，。！？；,.!?;…~～\n "
_CLAUSE = re.compile(f"[{re.escape(_CLAUSE_MARKS)}]")
_UNDONE = re.compile(r"[没未不能会要]|还")  # 还没修好, 就能缓过来了: not (yet) settled
_CONCEDED = re.compile(r"虽|尽管")  # 虽然扑灭了, 尽管修好了: conceded, and what follows still stands
# a settlement asked for, not told (先把噪音的问题解决了, 希望尽快处理好了): a wish settles nothing
_WISH = re.compile(r"(?:先把|请|希望|盼|尽快|麻烦|恳请|早日|什么时候|能不能|是不是|会不会|是否)[^，。！？,.!?;；\n]{0,12}$")
# a settlement taken back later in its sentence (扑灭了，可现在他们还是照样在楼道里充): what it settled stands
# (…or told again in a clause of its own: 上个月就被救下来过一次，今天又来了)
_STILL = re.compile(r"(?:可|但|不过|然而|只是)[^。！？!?\n]{0,6}(?:还是|照样|依然|仍然|仍旧|还在|又)"
                    r"|[,;](?:今天|今晚|现在|这次|这回|刚才|刚刚|昨天|昨晚)?又")
# someone's verdict (说是误报, 称没事) that the writer disputes later in its sentence (可烟味真的很重, 但还是
# 一股焦味): the verdict settles and frames nothing (see _disputed)
_SAID = re.compile(r"(?:说|称|讲|认为|觉得|判断)(?:是|这是|就是|只是|都)?[^，。！？,.!?;；]{0,2}$")
# 他爸说是踢球磕的, 学校说是玩闹碰的: a cause of a child's injury in someone else's words (说是…) settles nothing;
# it is what one who hurt a child says, and what it explains is 疑似, for a person (the writer's own 都是踢球磕的 settles)
_CAUSE_SAID = re.compile(r"(?:说|称|讲|认为|觉得|解释)(?:是|都是|就是|只是)[^，。！？,.!?;；]{0,4}$")
_CONTESTED = re.compile(r"(?:可|但|不过|然而)[^。！？!?\n]{0,10}(?:真的|明明|确实|分明|还是|照样|又|一直|越来越)"
                        # …or doubted by the writer's own senses (物业说是下水道返味，我咋闻着都不像)
                        r"|(?:咋|怎么)[^。！？!?\n]{0,4}(?:都不像|不像)")
# a frame or look-alike context just after a denial is denied (不是说着玩的, 没开玩笑, 并非演练)
_DENIAL = re.compile(r"(?:不是|并非|没|不)[在有]?开?$|以为(?:我|他|她|是)?[在是]?开?$")  # 都以为我在开玩笑: it was not
# a denial that names what it denies and then says what is so (不是开玩笑，是真的想死; 不是燃气味，是下水道
# 返味): the denial holds for what lies between it and the 是, not for a hit told after that 是
_NOBODY_BEFORE = re.compile(r"(?:没人|没有人|无人|未见|未发现)$")  # 没有人被困: a sign nobody suffered
_CONTRASTS = frozenset({"不是", "并非", "并不是"})
# an account called on (@宁夏心理援助热线, //@银川新闻:): a context or frame word in its name is who the
# writer turns to for help, not what the message is about (a hotline's publicity, a news story)
_ADDRESSED = re.compile(r"@[^，。！？,.!?;；:：#@\s]{0,12}$")
# 老师说小孩说着玩的: a joke or a game told as someone else's verdict on what the writer reports is their
# word, not the writer's: it frames nothing, and what its sentence tells is 疑似 for a person to judge
_THEIR_VERDICT = re.compile(r"(?:老师|班主任|学校|校方|园方|对方|家长|派出所|警察|民警|物业|领导|他们|他|她)都?"
                            r"(?:说|称|讲|觉得|认为)[^，。！？,.!?;；]{0,6}$")
# 打了三次120每次都说在派车: 每次 after a count of attempts is each of them, not a habit
_COUNTED = re.compile(r"[了过][0-9一二三四五六七八九十几两]+[次回遍][^，。！？,.!?;；]{0,6}$")
# 多次拨打急救电话未能接通, 好几次敲门都不应: a count of attempts made now, told by the verb right after
# the standing word, is no habit (see `standing` in _rules)
_ATTEMPTS = re.compile(r"(?:都|也|地)?(?:拨打|拨|呼叫|联系|敲门|敲窗|敲|喊|打电话|打120|打急救|打了120)")
# 心理咨询: help sought for oneself, not a question about a procedure (`[model] quiet` 咨询)
_HELP = "心理"  # (免费心理咨询 ends so too)
# a routine told to say it broke (每天早上都下楼遛弯，这都三天没见着人了; 天天在门口晒太阳，这两天没出来):
# a count of days gone without it, or today without it, after the standing word is an event now, not a
# standing condition (see `standing` in _rules)
_BROKEN = re.compile(r"(?:[0-9一二两三四五六七八九十几]+|好几|这几|这两|几)天(?:了|多|都|也|一直|还)*(?:没|不见|未)"
                     r"|今天(?:却|竟然|怎么|咋)?(?:没|不见)")
# a denial that, told after every hit of a kind, explains what they told (那个冒白烟的不是着火): see `explained`
_EXPLAINING = _FLAT_DENIALS - {"没"} | _CONTRASTS
# a lawful way dismissed right after it is named (打官司有什么用, 投诉也没用): no way the writer means to take
_DISMISSED = re.compile(r"[了过]?(?:又|也|都|还)?(?:有什么用|有啥用|有个屁用|没用|没有用|不管用|白搭|顶什么用|管什么用)")
_STOPS = "。！？!?\n"
_SENTENCE = re.compile(r"[。！？!?\n]")
_DIGITS = str.maketrans("0123456789", "0000000000")
# a date told with a day or a year (3月5日, 2018年12月28日, 正月初五, 腊月二十三; not the month alone: 进了腊月
# is the season the danger is told in), or a time ago (十年前,
# 两个月前), dates what the clause tells:
# a past marker like 去年, unless the clause also says it is still so (至今, 现在…: ``ongoing``)
_DATE = re.compile(r"(?:(?:\d{4}年)?[0-9一二三四五六七八九十]{1,3}月(?:份|[0-9一二三四五六七八九十]{1,3}[日号]|初[一二三四五六七八九十])"
                   r"|\d{4}年|正月初|腊月(?:初|[一二]?十|[二三]十)"
                   r"|(?:[0-9两几十一二三四五六七八九]{1,3}|半)(?:年|个月|个多月)(?:以)?前)(?![起以开至到])")  # 3月5日起: since, not then
# a date that something is planned for (拟于6月10日前往信访局, 定于3月5日集合, 准备15号去): the future, no
# past marker
_FUTURE = re.compile(r"(?:拟|将|定|计划|准备|打算|预计|预定|约定)于?$")
# "nobody" (没人管 denies nothing) denies what it is told right before, one character at most
# between (没有人晕倒, 没人受伤, 没有人被困); 没人发现老人晕倒 says the collapse happened
_NOBODY = frozenset({"没人", "没有人", "没有一个人", "无人"})
# a short name in quotes after a naming word or another name (一款鸡尾酒叫"燃烧瓶", 说是"跳楼价""大出血",
# 卖"炸药包"):
# the hit names a thing, it tells no event. Quoted speech (他扬言"弄死你") has no naming word before it
_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’，。！？,.!?]{1,8})(?=[”\"」』’])")
_NAMING = re.compile(r"(?:(?<![尖大喊哭惨嚎])叫|叫做|名叫|号称|所谓的?|称为|称作|是|卖|搞|款|道|个|[”」』’、])$")  # just before the quote
# what a past marker dates when one of these follows it: the citizen's earlier report (上周反映的那个
#漏气还没修; 上个月打过电话说的那个裂缝; 上次说的那个被挖破的燃气管), not the danger, which a follow-up
# tells as still there
_REPORTED = re.compile(r"(?:就|已经|也|都)?(?:反映|投诉|报修|举报|打过电话|打电话|留言|报过|说过|提过|说的|发的|讲的)")
# …or a name told as one just after its quotes ("遗书"是这首歌的名字, "燃烧瓶"是一款酒)
# …or a name followed by what it names, a shop, a brand, a work (新开的"炸弹"奶茶店, "跳跳龙"儿童乐园)
_NAMED_AFTER = re.compile(r"(?:是|为)(?:这|那|一)?(?:首|部|本|款|家|个|道|种)"
                          r"|(?:[^,.!?;]{0,2}(?:店|馆|乐园|餐厅|饭店|餐馆|超市|商场|品牌|奶茶|酒吧|网吧|影院|游戏|节目|电影|综艺|"
                          r"套餐|口味|系列|小吃|火锅|烧烤|剧本|密室))")
# a title in book-title marks (《自杀小队》, 《未成年人保护法》) names a work or a law: it tells no event
_TITLE = re.compile(r"《[^》]{1,16}》")
# what may stand between a danger named as a question's topic and the way asked for (家暴的求助电话是多少,
# 怎么举报家暴, 煤气中毒后遗症有哪些): 的, the words of a service and 中毒 completing the danger's name, nothing
# told of a person or an event
_TOPIC_GAP = re.compile(r"(?:的|之|中毒|报警|举报|求助|干预|援助|咨询|服务|投诉|心理|专线|热线|庇护)*")
# …and what before them, a question's opening aside (请问一下, 我想问下, 你好), would tell that it happened:
# someone who did or suffered it, a time or a habit (我老公家暴, 邻居天天打孩子, 昨天…了)
_OPENING = re.compile(r"请问一?下?|我?想问一?下?|问一?下|问问|我?想咨询一?下?|咨询一?下?|我?想了解一?下?|了解一?下?|我?想知道|"
                      r"有谁知道|谁知道|有没有人知道|求问|打听一?下|麻烦问一?下|你好|您好|[我咱俺]们|[@#][^@#,]{0,12}[:#]?")
_TOLD = re.compile(r"[我他她你俺了]|老公|老婆|丈夫|妻子|男人|媳妇|男友|女友|邻居|孩子|儿子|女儿|爸|妈|爷|奶|天天|每天|经常|总是|"
                   r"又|昨|今天|刚|正在|现在")
_QUOTES = ("“", '"', "「", "『", "‘", "《")  # (keys of the walk: a text holding one is read for names)
_AFTERTHOUGHT = 12  # characters of a sentence that frames the one before it (我在写论文, 就是问问, 开玩笑的)
# what is done to or felt by a body: a likeness after it (打得像个血人, 烫得跟开水浇过似的, 咳得像要断气)
# tells the harm itself, not a figure (the `hyperbole` words that open with 得)
_BODILY = frozenset("打揍踢砸烫烧疼痛憋饿咳喘哭吐肿勒掐摔抽晕冻抖颤虚")
# from this many characters on, a text's characters that no automaton key holds are walked as one
# placeholder, found at once by its landing (trie_order.foreign), instead of after every root child:
# a long real letter holds many (16 % of its positions hold no n-gram's character; CPU −12 % on 800
# real letters), while on a short written message the substitution costs more than it saves (+10 %)
_FOREIGN_LONG = 200
_HYPER_REACH = 5  # characters between 吵得 and the hit it turns into a figure of speech (我都快)
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


def _listing_order(r: dict[str, Any]) -> tuple[bool, int, int]:
    """How raised flags are listed: certain first, then the most severe, then in the kinds' order."""
    return r["possible"], _SEVERITY_ORDER[r["severity"]], _KIND_ORDER[r["flag"]]


# the full-width block (，！？１２０) and the ideographic space: NFKC folds each to its ASCII form
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(mt: re.Match[str]) -> str:
    """The ASCII form of one full-width character (what NFKC makes of it)."""
    code = ord(mt.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


_SPACED = 3  # characters on each side of a space that ends a clause (see normalise)


def _ideograph(ch: str) -> bool:
    """Whether ``ch`` is a Chinese character (the CJK unified block)."""
    return "\u4e00" <= ch <= "\u9fff"


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, whitespace removed: 'Ｗｅ１２０ 打不通' → 'we120打不通'.

    Except one kind of space: many posts have no punctuation at all, their clauses parted by spaces
    (那女的门牌号我记住了 下回送餐看我咋收拾她; 钱要不回来我也没脸回村了 刀在身上). A space between two
    runs of Chinese of ``_SPACED`` characters or more is kept, as one space, and read as the end of
    a clause (``_CLAUSE_MARKS``): a negation, a past marker, a conditional or a look-alike word of one
    clause then reaches no further than it would across a comma (没脸…了 denies no 刀在身上). A space
    between short pieces (打 １２０ 一直 占线, 人 晕倒 了) is word spacing and is removed. The model
    reads the text without those spaces (:func:`model_text`), as it was trained.

    The full-width characters (，！？１２０) are folded first, each as NFKC would: most messages
    then need no NFKC pass at all, and the quick check that says so costs a fraction of one.
    They are folded by one expression, not by ``str.translate`` with a table: for every character
    the table does not hold (nearly all of a Chinese text), ``translate`` raises and clears a
    KeyError inside, which cost 8 % of detection's instructions (callgrind); the expression
    skips to the few full-width characters. The punctuation of nearly every Chinese sentence
    (，？！：；（）: 99 % of the full-width characters of the written sets and the real letters) is
    replaced before it, each by one C-level ``str.replace``, so the expression's Python call per
    character is left for the rare rest (１２０, ％)."""
    folded = _FULL_WIDTH.sub(_half_width, text.replace("，", ",").replace("？", "?").replace("！", "!")
                             .replace("：", ":").replace("；", ";").replace("（", "(").replace("）", ")"))
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded)
    pieces = folded.lower().split()
    if len(pieces) < 2:
        return "".join(pieces)
    out = [pieces[0]]
    for prev, piece in zip(pieces, pieces[1:]):
        if len(prev) >= _SPACED and len(piece) >= _SPACED and _ideograph(prev[-1]) and _ideograph(piece[0]):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def model_text(norm: str) -> str:
    """What the learned model reads of a normalised text: without the spaces that end clauses (see
    :func:`normalise`), as every text it was trained on (``risk_model.train_from_files``) is read.
    (Read as commas, on a written set of posts without punctuation, ``outside12``, they raised the
    model's recall, but retrained so the model cost the validation sets a message: not shipped.)"""
    return norm.replace(" ", "") if " " in norm else norm


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    near: bool
    within: int
    possible: bool
    severity: str
    menace: bool  # a menace naming no harm (走着瞧, 不会放过): a lawful way later in its sentence drops it


@dataclass(slots=True)
class _Found:
    """What one kind collected on one message."""

    certain: bool = False
    severity: str = "watch"
    evidence: list[str] = field(default_factory=list)
    at: list[int] = field(default_factory=list)  # where its pattern hits and their cues start (see _besides)


_SHARED: dict[tuple[bytes, bytes], RiskDetector] = {}  # RiskDetector.load's detectors, by file contents
_SHARED_LOCK = threading.Lock()


class RiskDetector:
    """Compiled risk patterns; :meth:`detect` is pure and thread-safe."""

    def __init__(self, settings: RiskSettings) -> None:
        self.settings = settings
        m = settings.match
        self.window = m.window
        self.neg_window = m.negation_window
        self.labels = {code: k.label for code, k in settings.kinds.items()}
        # (kind, the kind it rides on, who is exposed): see risk_config.Beside
        self._beside = [(code, b.kind, b.words) for code, k in settings.kinds.items() for b in k.beside]
        self._beside_near = {i for i, b in enumerate(b for k in settings.kinds.values() for b in k.beside)
                             if b.reach == "clause"}
        self.severity = {code: k.severity for code, k in settings.kinds.items()}
        self.rules: list[_Rule] = []
        roles: dict[str, list[tuple[str, Any]]] = {}
        cue_rules: dict[str, set[int]] = {}

        def add(word: str, role: str, ref: Any) -> None:
            roles.setdefault(word.lower(), []).append((role, ref))

        for code, kind in settings.kinds.items():
            for r in kind.rules:
                near = settings.expand(r.near)
                self.rules.append(_Rule(code, bool(near), r.within or m.window, r.possible,
                                        r.severity or kind.severity, r.menace))
                for c in near:  # a digit in a cue stands for any digit: "00名" is 23名 and 150名
                    cue_rules.setdefault(c.lower().translate(_DIGITS), set()).add(len(self.rules) - 1)
                for w in settings.expand(r.words):
                    add(w, "rule", len(self.rules) - 1)
            for w in settings.expand(kind.masks):
                add(w, "mask", code)
            for w in kind.unless:
                add(w, "unless", code)
            for w in kind.not_unless:
                add(w, "notunless", code)
            for w in kind.settled:  # a settlement of this kind's matter only (工资一分没少 settles no lift)
                add(w, "settled", code)
            for w in kind.settled_here:  # …within its own sentence (罚得对, 已经离婚)
                add(w, "settledhere", code)
            for j, ev in enumerate(kind.everyday):  # 烧树叶 beside 烟呛: see _everyday
                for w in ev.sources:
                    add(w, "everyday", (code, j))
                for w in ev.danger:
                    add(w, "danger", (code, j))
            for w in kind.danger:  # 被困 beside 烧烤摊: see _rules (look-alike context)
                add(w, "alarm", code)
        # who a kind endangers beside another's flag (see _besides): found by the word walk, not by a
        # substring search of the text per word for each message that raised the other kind
        for i, (_, _, words) in enumerate(self._beside):
            for j, w in enumerate(words):
                add(w, "beside", (i, j))
        # the look-alike context a sign of real danger overrules: an everyday source of the kind's
        # evidence (烧烤摊, 烤串, 油烟: its fire or smoke may be the danger), not a story told of
        # elsewhere (新闻, 外地, 案例, 节目), where the danger words are the story
        self.questioned = {code: frozenset(k.questioned) for code, k in settings.kinds.items() if k.questioned}
        self.grievances = {code: k.grievances for code, k in settings.kinds.items() if k.questioned}
        self.sourced = {code: frozenset(u for u in k.unless
                                        if any(src in u or u in src for ev in k.everyday for src in ev.sources))
                        for code, k in settings.kinds.items() if k.danger}
        if settings.model is not None:
            for w in settings.model.quiet:
                add(w, "quiet", None)
        self.model_needs = dict(settings.model.needs) if settings.model is not None else {}
        # each kind's needs as one expression: one C-level search, not a Python test per word
        self._needs = {k: re.compile("|".join(map(re.escape, words))) for k, words in self.model_needs.items() if words}
        self._model_unless = ({k: re.compile("|".join(map(re.escape, words)))
                               for k, words in settings.model.unless.items() if words}
                              if settings.model is not None else {})
        for role, words in (("mask", settings.expand(m.masks)), ("neg", m.negations), ("notneg", m.not_negations),
                            ("cond", m.conditionals), ("settled", m.settled), ("settledhere", m.settled_here), ("past", m.past),
                            ("unless", m.unless), ("standing", m.standing), ("ongoing", m.ongoing),
                            ("hyper", m.hyperbole), ("frame", m.frames),
                            ("turn", m.turns), ("notunless", m.not_unless), ("own", m.owns),
                            ("laugh", m.laughs), ("withdraw", m.withdrawals), ("lawful", m.lawful),
                            ("ask", m.asks), ("persist", m.persists),
                            ("handled", m.handled), ("eventpast", m.event_past),
                            ("quote", _QUOTES),
                            # a comparison's end (一样, 似的): whether a text holds one, known from the walk
                            ("likeend", m.simile_ends if m.similes else ()),
                            # where clauses end, found by the walk: a search of its own per message
                            # (``_CLAUSE.finditer``) cost more than the walk's few more hits
                            ("break", _CLAUSE_MARKS)):
            for w in words:
                add(w, role, None)
        self._laughs = frozenset(m.laughs) | frozenset(m.withdrawals)  # (what the model follows)
        self.withdrawn = {code for code, k in settings.kinds.items() if k.withdrawn == "cancel"}
        self.past_cancels = {code for code, k in settings.kinds.items() if k.past == "cancel"}
        self.explained = {code for code, k in settings.kinds.items() if k.explained == "cancel"}
        self.standing = {code: k.standing for code, k in settings.kinds.items() if k.standing != "keep"}
        self.long_letter = m.long_letter
        # 跟…要塌了一样: an opener before the hit and an end after it, in its clause (see _as_if)
        self._simile = (re.compile("|".join(map(re.escape, sorted(m.similes, key=len, reverse=True))))
                        if m.similes and m.simile_ends else None)
        self._simile_end = (re.compile("|".join(map(re.escape, sorted(m.simile_ends, key=len, reverse=True))))
                            if m.similes and m.simile_ends else None)
        self.long_cancels = {code for code, k in settings.kinds.items() if k.long_letter == "cancel"}
        self.model: RiskModel | None = None
        # per model kind, the logits below which a certain pattern hit becomes 疑似: (any hit, a hit
        # resting on one piece of evidence); None when no kind has a bar (see _doubted)
        self._doubt: tuple[tuple[float, float], ...] | None = None
        gram_ids: dict[str, int] = {}
        order = by_frequency("")
        if settings.model is not None:
            try:
                self.model = RiskModel.load(Path(settings.model.path), KINDS)
            except RiskModelError as err:
                raise ConfigError(f"risk.toml: model.path: {err}") from None
            gram_ids = {g: i for i, g in enumerate(self.model.weights)}
            order = by_frequency(self.model.chars)
            self._weights = list(self.model.weights.values())
            self._gram_text = list(self.model.weights)
            self._bias = self.model.intercepts
            # each n-gram's weights packed in one integer, a field per kind (see _pack): the
            # score of a message is then one sum of integers, not a sum per kind
            bits = _field_bits(self._weights)
            self._packed = [_pack(w, bits) for w in self._weights]
            self._neg_weights = [[-w[k] for w in self._weights] for k in range(len(self.model.kinds))]
            # a message's fields are read in one C call; a kind is above its bar when its field
            # minus the offset reaches (bar - intercept) x sqrt(positions) x 10^4 (no logit per kind)
            self._unpack = struct.Struct(f"<{len(self.model.kinds)}{'I' if bits == 32 else 'Q'}").unpack
            self._field_bytes = bits // 8 * len(self.model.kinds)
            # above the kinds' fields, each n-gram's row: the automaton's value is then unique per
            # n-gram, so the distinct n-grams of a message are one C-level ``set(map(...))`` and
            # their packed weights one ``sum`` (the row bits are masked off after it)
            self._row_shift = bits * len(self.model.kinds)
            self._fields = (1 << self._row_shift) - 1
            self._model_kinds = self.model.kinds
            self._kind_index = {kind: k for k, kind in enumerate(self.model.kinds)}
            # compare scores in logit space: no exp() for the kinds that stay quiet
            self._logit_bar = tuple(math.log(t / (1 - t)) for t in
                                    (settings.model.thresholds.get(k, settings.model.threshold)
                                     for k in self.model.kinds))
            self._margins = tuple(bar - bias for bar, bias in zip(self._logit_bar, self._bias))
            # below this logit a pattern's certain hit is shown as 疑似 (see _doubted)
            def logit(p: float) -> float:
                return math.log(p / (1 - p)) if p > 0 else -math.inf
            doubt = settings.model.doubt
            bars = tuple((logit(doubt), logit(max(doubt, settings.model.doubt_single.get(k, 0.0))))
                         for k in self.model.kinds)
            self._doubt = bars if any(b > -math.inf for pair in bars for b in pair) else None
            self._min_margin = min(self._margins)
            # the rows of n-grams made of style characters only (我要, 真的): see _model_hits
            style = set(settings.model.style)
            self._style_rows = frozenset(i for i, g in enumerate(self._gram_text) if set(g) <= style)
            # per kind, n-grams that tell only who and where (孩子, 老师, 同学, 邻居家) beside style: a
            # harm-at-home guess must rest on something done or left undone, not on a family being named
            self._plain_rows = {self.model.kinds.index(k): frozenset(i for i, g in enumerate(self._gram_text)
                                                                     if set(g) <= style | set(chars))
                                for k, chars in settings.model.topic.items() if k in self.model.kinds}
            self._content_bar = {self.model.kinds.index(k): math.log(b / (1 - b))
                                 for k, b in settings.model.content_bar.items() if k in self.model.kinds}
        # one automaton for words, masks, negations, context and every rule's `near` cues (one walk
        # of the text, not one for words and another for cues), and one for the model's n-grams:
        # nearly every position of a text holds an n-gram, and collecting those in C
        # (``list(iter)``) is cheaper than sorting them out of the few pattern hits in Python.
        # A cue with a digit (00名: any two digits and 名) cannot be a key of the automaton; those
        # few are one expression, searched only in a text that has a digit.
        digit_cues = {c: ids for c, ids in cue_rules.items() if "0" in c}
        self._cue_len = max(map(len, cue_rules), default=0)
        self._cue_rules = cue_rules  # (an `unless` word that is a rule's own cue cancels nothing for it)
        self._digit_cue_ids = {c: _bits(ids) for c, ids in digit_cues.items()}
        self._digit_cues = (re.compile("(?=(" + "|".join(_digit_cue(c) for c in sorted(digit_cues, key=len, reverse=True))
                                       + "))")
                            if digit_cues else None)
        chars = self.model.chars if self.model is not None else ""
        words = roles.keys() | (cue_rules.keys() - digit_cues.keys())
        self._ac = ahocorasick.Automaton()
        self._ac_foreign = foreign(words)  # (a character no key holds is walked as FOREIGN: see trie_order)
        self._ac.add_word(foreign_landing(), (1, (), (), None))
        for word in sorted(words | landings(words, chars), key=order):
            if is_landing(word):  # never found (see trie_order)
                self._ac.add_word(word, (len(word) - 1, (), (), None))
                continue
            rs = roles.get(word, [])  # a word's rules apart from its other roles: most hits are rules only
            ids = cue_rules.get(word) if word not in digit_cues else None
            # (its length less one: the walk reports the end, and start = end - that)
            self._ac.add_word(word, (len(word) - 1, tuple(ref for role, ref in rs if role == "rule"),
                                     tuple((role, ref) for role, ref in rs if role != "rule"),
                                     _bits(ids) if ids else None))
        self._ac.make_automaton()
        self._grams: ahocorasick.Automaton | None = None
        if gram_ids:
            self._grams = ahocorasick.Automaton()
            self._grams_foreign = foreign(gram_ids)
            self._grams.add_word(foreign_landing(), 0)
            for word in sorted(gram_ids.keys() | landings(gram_ids.keys(), chars), key=order):
                if is_landing(word):
                    self._grams.add_word(word, 0)
                    continue
                i = gram_ids[word]
                self._grams.add_word(word, self._packed[i] | (i << self._row_shift))
            self._grams.make_automaton()

    def threshold_of(self, kind: str) -> float:
        """The model's bar for ``kind`` (a probability): at or above it the kind is raised as 疑似."""
        if self.model is None:
            return 1.0
        return 1 / (1 + math.exp(-self._logit_bar[self.model.kinds.index(kind)]))

    @classmethod
    def load(cls, path: Path) -> RiskDetector:
        """The detector of ``path``, shared by every caller in the process while ``risk.toml`` and
        the model file it names keep their contents: building one takes a third of a second, a
        built one is read-only, and one process may build many pipelines from one config (a CLI
        command beside the daemon, every test's daemon). A changed file is a new detector."""
        settings = load_risk(path)
        model = Path(settings.model.path) if settings.model is not None else None
        key = (hashlib.sha256(path.read_bytes()).digest(),
               hashlib.sha256(model.read_bytes()).digest() if model is not None and model.exists() else b"")
        with _SHARED_LOCK:
            detector = _SHARED.pop(key, None) or cls(settings)
            _SHARED[key] = detector  # the most recent last; at most two versions kept
            while len(_SHARED) > 2:
                del _SHARED[next(iter(_SHARED))]
            return detector

    # ------------------------------------------------------------------ detection

    def detect(self, text: str, evidence: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Risk flags of ``text``, most severe first: ``[{"flag", "label", "severity", "possible",
        "evidence"}]``. When ``evidence`` is given, ``evidence["risk"]`` explains what fired and
        what was cancelled (and by what)."""
        norm = normalise(text)
        anchors: list[tuple[int, int, int]] = []  # (start, end, rule)
        masks: list[tuple[int, int, str | None]] = []
        negs: list[tuple[int, int]] = []
        notnegs: list[tuple[int, int]] = []
        conds: list[tuple[int, int]] = []
        unless: list[tuple[int, int, str | None]] = []
        settled: list[tuple[int, str, str | None]] = []  # (start, marker, kind it settles or None: any)
        here: set[int] = set()  # where a marker of `settled_here` starts: it settles its own sentence only
        past: list[tuple[int, str]] = []
        standing: list[tuple[int, str]] = []  # 长期, 经常, 每天: a condition, not an event now
        ongoing: list[int] = []  # 至今, 现在, 还在: what a past marker or date told is still so
        hypers: list[tuple[int, int]] = []  # 吵得, 挤得: what follows is a figure of speech
        likeness: list[tuple[int, int]] = []  # 红得像: what follows is a figure, for the hits it reaches only
        frames: list[tuple[int, int]] = []  # 演练, 新闻, 开玩笑的: the whole sentence is told as such
        turns: list[tuple[int, int]] = []  # 突然, 结果, 真的: what follows in the clause really happened
        owns: list[int] = []  # 说的就是我, 我也想这样: the writer takes a story told as their own
        laughs: list[tuple[int, str]] = []  # 😂, 哈哈: a laugh beside a hit tells a joke (想死😂)
        withdrawals: list[tuple[int, str]] = []  # 算了, 忍了: a wish taken back (真想打他，算了)
        lawful: list[tuple[int, str]] = []  # 去劳动仲裁, 找了律师: the way a menace means (see _rules)
        asks: list[tuple[int, int]] = []  # 电话是多少, 怎么举报: a question for a way (see _asked)
        besides: dict[int, int] = {}  # a `beside` entry -> the first of its words (in its list) the text holds
        beside_at: list[tuple[int, int, int]] = []  # (entry, word, start) of entries read by clause
        persists: list[int] = []  # 现在还是那样, 也没换: the cause of a past danger is still there
        handled: list[tuple[int, int]] = []  # 开发商到今天都没赔, 才到: how a past event was handled (see _handled_past)
        dated: list[tuple[int, str]] = []  # 上回, 那天, a report dated: what dates an event beside its handling
        history: dict[str, str] = {}  # kind -> 上回…没赔: a hit the patterns read as a past event's history
        breaks: list[int] = []  # where each clause ends (a mark of _CLAUSE_MARKS)
        quoted = False  # a quotation mark: names in quotes are sought (see _QUOTED)
        like = False  # a comparison's end (一样, 似的): similes are sought (see _as_if)
        contest: bool | None = None  # whether the text disputes anything (可…真的): sought once, when needed

        def disputed(start: int, stop: int) -> bool:
            """Someone's verdict at ``start:stop`` that the writer disputes (see :func:`_disputed`); the
            whole text is searched for a dispute once, on the first marker asked about (most dispute nothing)."""
            nonlocal contest
            if contest is None:
                contest = _CONTESTED.search(norm) is not None
            return contest and _disputed(norm, start, stop)
        notunless: list[tuple[int, int, str]] = []  # 油烟管道: an `unless` word inside tells no look-alike
        quiet: str | None = None  # a procedure question keeps the model quiet ([model] quiet)
        everyday: dict[tuple[str, int], str] = {}  # (kind, source list) -> the source named (烧树叶)
        danger: set[tuple[str, int]] = set()  # source lists whose sign of real danger is told (明火)
        alarms: dict[str, str] = {}  # kind -> its first sign of real danger told (被困, 出不来)
        cues: list[tuple[int, int, int]] = []  # (start, end, the rules it is a cue of as bits: see _bits)
        # (a long text's characters that no key holds are walked as FOREIGN: see trie_order.foreign)
        walk = self._ac_foreign.sub(FOREIGN, norm) if len(norm) >= _FOREIGN_LONG else norm
        for end, (back, rules, roles, cue_of) in self._ac.iter(walk):
            if cue_of is not None:  # most hits are a cue and nothing else: no bounds kept for them
                cues.append((end - back, end + 1, cue_of))
            if rules:
                start = end - back
                for ri in rules:
                    anchors.append((start, end + 1, ri))
            if not roles:
                continue
            start, stop = end - back, end + 1
            for role, ref in roles:
                if role == "break":
                    breaks.append(start)
                elif role == "mask":
                    masks.append((start, stop, ref))
                elif role == "neg":
                    negs.append((start, stop))
                elif role == "notneg":
                    notnegs.append((start, stop))
                elif role == "cond":
                    conds.append((start, stop))
                elif role == "past":
                    # 上周反映的那个漏气: the past marker dates the report, not the danger (a follow-up)
                    if _REPORTED.match(norm, stop) is None:
                        past.append((start, norm[start:stop]))
                    else:  # (…yet the event reported, when its handling is the complaint: see _handled_past)
                        dated.append((start, norm[start:stop]))
                elif role == "unless":
                    # 不是演练: a drill denied is no drill; @心理援助热线: an account called on
                    if not _denied(norm, start) and not _called_on(norm, start):
                        if disputed(start, stop):
                            # 物业说是消防演练，可楼道里的烟是真的呛人: their word, disputed: 疑似, for a person
                            conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                        else:
                            unless.append((start, stop, ref))
                elif role == "notunless":
                    notunless.append((start, stop, ref))
                elif role == "standing":
                    # 打了好几次120: attempts now; 一动不动: no 动不动 (habit) at all
                    if ((start == 0 or (norm[start - 1] not in "了一" and _COUNTED.search(norm, max(0, start - 14), start) is None))
                            and _ATTEMPTS.match(norm, stop) is None):
                        standing.append((start, norm[start:stop]))
                elif role == "ongoing":
                    ongoing.append(start)
                elif role == "quiet":
                    if not norm.endswith(_HELP, 0, start):
                        quiet = quiet or norm[start:stop]
                elif role == "hyper":
                    if norm[start] != "得":
                        hypers.append((start, stop))
                    elif start == 0 or norm[start - 1] not in _BODILY:
                        # 红得像着火了: a degree told by a likeness; 打得像个血人, 烫得跟: what was done to a body
                        likeness.append((start, stop))
                elif role == "frame":
                    # 不是说着玩的: a joke denied is meant; @银川新闻: an account called on
                    if not _denied(norm, start) and not _called_on(norm, start):
                        if start > 0 and _THEIR_VERDICT.search(norm, max(0, start - 14), start) is not None:
                            conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                        else:
                            frames.append((start, stop))
                elif role == "turn":
                    turns.append((start, stop))
                elif role == "ask":
                    asks.append((start, stop))
                elif role == "persist":
                    persists.append(start)
                elif role == "handled":
                    handled.append((start, stop))
                elif role == "eventpast":
                    if start == 0 or norm[start - 1] != "比":  # 比上回还深: a comparison dates nothing
                        dated.append((start, norm[start:stop]))
                elif role == "beside":
                    i, j = ref
                    if i in self._beside_near:
                        beside_at.append((i, j, start))
                    elif besides.get(i, j) >= j:
                        besides[i] = j
                elif role == "own":
                    owns.append(start)
                elif role == "quote":
                    quoted = True
                elif role == "likeend":
                    like = True
                elif role == "everyday":
                    everyday.setdefault(ref, norm[start:stop])
                elif role == "danger":
                    if not _sign_denied(norm, start):  # 没有明火, 没着火: no sign at all
                        danger.add(ref)
                elif role == "alarm":
                    if not _sign_denied(norm, start):  # 没有人被困: no sign at all
                        alarms.setdefault(ref, norm[start:stop])
                elif role == "lawful":
                    if _DISMISSED.match(norm, stop) is None:
                        lawful.append((start, norm[start:stop]))
                elif role == "withdraw":
                    # at the head of its own clause (真想打他，算了): 找几个人撒撒气算了 resolves to do it,
                    # and 不能就这么算了 takes nothing back
                    if start > 0 and _CLAUSE.match(norm, start - 1) is not None:
                        withdrawals.append((start, norm[start:stop]))
                elif role == "laugh":
                    if not _denied(norm, start):  # 不是说笑的: meant
                        laughs.append((start, norm[start:stop]))
                elif (not _UNDONE.search(norm, max(0, start - 2), start) and not _CONCEDED.search(norm, max(0, start - 5), start)
                      and not _WISH.search(norm, max(0, start - 14), start)
                      and not _STILL.search(norm, stop, _sentence_end(norm, stop))):
                    # 还没修好 settles nothing; nor does 虽然扑灭了 (…可是旁边那些还在充, 线都烫手)
                    if disputed(start, stop):
                        # 工作人员说是误报…，可烟味真的很重: someone's verdict the writer disputes settles
                        # nothing, and what its sentence tells is 疑似, for a person to judge
                        conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                    elif ref == "minor_domestic" and _CAUSE_SAID.search(norm, max(0, start - 8), start) is not None:
                        conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                    elif not (start > 0 and norm[start] in "不没" and norm[start - 1] == norm[start + 1]):
                        # (是不是真的, 有没有事: an A-not-A question settles nothing)
                        settled.append((start, norm[start:stop], ref))
                        if role == "settledhere":
                            here.add(start)
        if quoted:  # a short name in quotes reads as a look-alike phrase (叫"燃烧瓶", 是"跳楼价")
            # (the quotes first, a naming word just before each: the expression starts with its quote,
            # so the search skips to quotation marks instead of trying every naming word everywhere)
            masks.extend((mt.start(), mt.end(1) + 1, None) for mt in _QUOTED.finditer(norm)
                         if _NAMING.search(norm, max(0, mt.start() - 3), mt.start()) is not None
                         or _NAMED_AFTER.match(norm, mt.end(1) + 1) is not None)
            if "《" in norm:
                masks.extend((mt.start(), mt.end(), None) for mt in _TITLE.finditer(norm))
        if owns and (frames or unless):
            # a story the writer takes as their own frames nothing; what it held is 疑似, as if told
            # with a conditional in each of its clauses
            frames, unless, owned = _owned(norm, owns, frames, unless)
            conds.extend((c, c) for lo, hi in owned for c in _clause_starts(norm, lo, hi))
        if notunless and unless:  # 油烟管道着火: the 油烟 of a duct that burns is no pollution complaint
            unless = [(a, b, k) for a, b, k in unless
                      if not any(x <= a and b <= y and (kk is None or k is None or k == kk) for x, y, kk in notunless)]
        if notunless and frames:  # 到时候新闻上见: the news the writer promises to make frames nothing
            frames = [(a, b) for a, b in frames if not any(x <= a and b <= y and kk is None for x, y, kk in notunless)]
        found: dict[str, _Found] = {}
        cancelled: list[dict[str, str]] = []
        if anchors:
            if "月" in norm or "年" in norm:  # dates and 十年前, 两个月前: past markers too (see _DATE)
                past.extend((mt.start(), mt.group()) for mt in _DATE.finditer(norm)
                            if not _FUTURE.search(norm, max(0, mt.start() - 4), mt.start())
                            and not norm.startswith(("前往", "前去"), mt.end()))
            self._rules(norm, anchors, cues, masks, negs, notnegs, conds, unless, settled, past, found, cancelled,
                        standing, ongoing, hypers + likeness if likeness else hypers, frames, turns, laughs, withdrawals,
                        lawful, breaks, alarms, like, asks, persists, here, handled, dated, history)
        # an everyday source is read before the model's second opinion, so that a hit both demote shows
        # the source (来源：烧落叶), which tells the hub why, rather than the model's figure
        if everyday and found:
            self._everyday(found, everyday, danger)
        # (a laugh anywhere keeps the model quiet as a figure of speech does: 菜价涨成这样真的活不起了😂;
        # the patterns still read a cry beside a laugh, 哈哈哈我真的不想活了)
        if likeness:
            # a likeness is a figure where it is told, not a complaint's tone over the whole message (as 吵得 is):
            # the model reads it blanked, up to the end of its clause (红得像着火了), and the rest as it is
            masks = masks + [(a, next((c for c in breaks if c > b), len(norm)), None) for a, b in likeness]
        if here:  # (a marker of one sentence's outcome leaves the model's guesses on the rest alone)
            settled = [x for x in settled if x[0] not in here]
        if past and ongoing:  # (a past marker in a clause that says it is so now, 以前没见过, dates nothing
            # for the model either: 坝子底下一直渗水，老人说以前没见过这样)
            past = [(a, w) for a, w in past
                    if not any(lo <= o < hi for lo, hi in (_clause(breaks, a, len(norm)),) for o in ongoing)]
        model_p = (self._model_hits(norm, found, cancelled, settled, past, masks, unless, quiet, frames,
                                    hypers + [(a, a + len(w)) for a, w in laughs] if laughs else hypers, standing, alarms,
                                    history)
                   if self._grams is not None else {})
        if beside_at and found:
            self._near_besides(beside_at, besides, found, breaks, len(norm))
        if besides and found:
            self._besides(besides, found)
        if not found:
            if evidence is not None and cancelled:
                evidence["risk"] = {"fired": {}, "cancelled": cancelled}
            return []
        out = [self._flag(k, f) for k, f in found.items()]
        if len(out) > 1:  # (most risk messages raise one kind: no key function built for them)
            out.sort(key=_listing_order)
        if evidence is not None:
            evidence["risk"] = {"fired": {r["flag"]: r["evidence"] for r in out}, "cancelled": cancelled}
            if model_p:
                evidence["risk"]["model"] = model_p
        return out

    def _rules(self, norm: str, anchors: list[tuple[int, int, int]], cues: list[tuple[int, int, int]],
               masks: list[tuple[int, int, str | None]],
               negs: list[tuple[int, int]], notnegs: list[tuple[int, int]], conds: list[tuple[int, int]],
               unless: list[tuple[int, int, str | None]], settled: list[tuple[int, str, str | None]],
               past: list[tuple[int, str]], found: dict[str, _Found], cancelled: list[dict[str, str]],
               standing: list[tuple[int, str]], ongoing: list[int], hypers: list[tuple[int, int]],
               frames: list[tuple[int, int]], turns: list[tuple[int, int]],
               laughs: list[tuple[int, str]], withdrawals: list[tuple[int, str]],
               lawful: list[tuple[int, str]], breaks: list[int], alarms: dict[str, str], like: bool,
               asks: list[tuple[int, int]], persists: list[int], here: set[int],
               handled: list[tuple[int, int]] = (), dated: list[tuple[int, str]] = (),
               history: dict[str, str] | None = None) -> None:
        """Check each word that fired against its cues and context (see the module docstring)."""
        if self._digit_cues is not None and _ANY_DIGIT.search(norm):
            ids = self._digit_cue_ids
            more = [(mt.start(), mt.start() + len(mt.group(1)), ids[mt.group(1).translate(_DIGITS)])
                    for mt in self._digit_cues.finditer(norm)]
            if more:
                cues = sorted(cues + more, key=_SECOND)
        cued = reduce(or_, map(_THIRD, cues), 0)  # the rules with a cue anywhere in the text
        cue_ends = list(map(_SECOND, cues))  # ascending (the automaton reports by end): a hit's
        # window is found by bisection, not by reading every cue of the text for every hit
        # 没人/没有人 deny nothing (没人管, 没人接: `not_negations`), except what they say nobody
        # did or suffered, told right after them (没有人晕倒, 没人受伤, 没有人被困): see _NOBODY
        # (not inside a longer phrase that denies nothing: 趁没人把管子拔了 tells when, not who)
        nobody: list[tuple[int, int]] = []
        if notnegs:
            nn_ends = _ends(notnegs, _SECOND)
            nn_len = max(b - a for a, b in notnegs) if nn_ends is not None else 0
            nobody = [(a, b) for a, b in notnegs if norm[a:b] in _NOBODY
                      and not any(x <= a and b <= y and y - x > b - a for x, y in _near(notnegs, nn_ends, b, a + nn_len))]
            negs = [(s, e) for s, e in negs
                    if not any(a <= s and e <= b for a, b in _near(notnegs, nn_ends, e, s + nn_len))]
        # a long text's many context items are read by window (see _ends; None: a short text, all)
        # (one test for all of them first: nearly every text has few of each, and thirteen calls
        # that each return None cost more than the test; a chain of comparisons, because
        # ``max(map(len, …))`` over the thirteen costs twice as much as the chain)
        many = _MANY
        if (len(negs) > many or len(conds) > many or len(unless) > many or len(masks) > many
                or len(frames) > many or len(hypers) > many or len(turns) > many or len(settled) > many
                or len(past) > many or len(standing) > many or len(ongoing) > many or len(laughs) > many
                or len(nobody) > many):
            neg_ends, cond_ends, unless_ends = _ends(negs, _SECOND), _ends(conds, _SECOND), _ends(unless, _SECOND)
            mask_ends, frame_ends = _ends(masks, _SECOND), _ends(frames, _SECOND)
            hyper_ends, turn_ends = _ends(hypers, _SECOND), _ends(turns, _SECOND)
            settled_ends = _ends(settled, _word_end)
            past_ends, standing_ends = _ends(past, _word_end), _ends(standing, _word_end)
            ongoing_ends = _ends(ongoing, int)
            laugh_ends, nobody_ends = _ends(laughs, _word_end), _ends(nobody, _SECOND)
        else:
            neg_ends = cond_ends = unless_ends = mask_ends = frame_ends = hyper_ends = turn_ends = None
            settled_ends = past_ends = standing_ends = ongoing_ends = laugh_ends = nobody_ends = None
        mask_len = max(b - a for a, b, _ in masks) if mask_ends is not None else 0
        laugh_len = max(len(w) for _, w in laughs) if laugh_ends is not None else 0
        # a comparison needs its end (一样, 似的) somewhere (``like``: the walk found one), not one search per hit
        similes = like and self._simile_end is not None
        figures = similes or bool(laughs)  # (one test per hit for both: most texts have neither)
        # a word of several rules (孩子, 打我) is read once per kind: its mask, clause and figure
        # of speech do not depend on the rule (None: cancelled already)
        spans: dict[tuple[int, int, str], tuple[int, int] | None] = {}
        sentences: list[int] | None = None  # sentence ends, found when a hit first meets context
        denials: list[tuple[str, int, int, str]] = []  # (kind, start, clause end, 不是着火): see `explained`
        told: dict[str, int] = {}  # kind -> where its last raised hit starts
        asked: set[tuple[int, int, str]] = set()  # hits told of someone and asked about at once (see _asked)
        # (on the hot paths below, a list without a window index is read as it is, not through a
        # call of _near that returns it: those calls, several per hit, cost more than the test)
        for s, e, ri in anchors:
            rule = self.rules[ri]
            if rule.near and not cued >> ri & 1:
                continue  # none of its cues is anywhere in the text
            kind = rule.kind
            done_kind = found.get(kind)
            if done_kind is not None and done_kind.certain and len(done_kind.evidence) >= 3:
                continue  # raised for certain, with words enough for the operator to see why
            cue = None
            if rule.near:
                w = rule.within  # a cue before, after or across the word, never inside it, and
                # never inside a longer look-alike phrase (孩子 near the 溺水 of 防溺水 is no child in
                # water; a mask that is the cue itself, 打工 for 打, says how 打 reads, not 打工)
                first = bisect_left(cue_ends, s - w)
                last = bisect_right(cue_ends, e + w + self._cue_len, first)  # later ones start too late
                # (plain loops here and below, not next() or any() over a generator: each of those
                # builds a function, its cells and a generator for a list of one or two items, and
                # they were a tenth of detection's instructions)
                for cs, ce, ids in cues[first:last]:
                    if ids >> ri & 1 and cs <= e + w and not (s <= cs and ce <= e):
                        for a, b, k in masks if mask_ends is None else _near(masks, mask_ends, ce, cs + mask_len):
                            if (a <= cs and ce <= b and b - a > ce - cs and not (a <= s and e <= b)
                                    and (k is None or k == kind)):
                                break  # the cue is inside a look-alike phrase
                        else:
                            cue = (cs, ce)
                            break
                else:
                    continue
            key = (s, e, kind)
            if key in spans:
                bounds = spans[key]
                if bounds is None:
                    continue
                lo, hi = bounds
            else:
                spans[key] = None
                word = norm[s:e]
                # a look-alike phrase that shares characters with the word decides how they read
                # (打孩子疫苗, 要杀价), unless the word itself holds the whole phrase
                mask = None
                for a, b, k in masks if mask_ends is None else _near(masks, mask_ends, s + 1, e + mask_len):
                    if a < e and s < b and not (s <= a and b <= e) and (k is None or k == kind):
                        mask = norm[a:b]
                        break
                if mask is not None:
                    cancelled.append({"flag": kind, "words": word, "by": mask})
                    continue
                lo, hi = _clause(breaks, s, len(norm))
                # the danger named as the topic of a question for a way (怎么举报家暴, 家暴报警电话是多少):
                # no hit; told of someone, asked about at once (邻居天天打孩子怎么举报): 疑似, for a person
                ask = _asked(norm, asks, lo, hi, s, e) if asks else None
                if ask is not None:
                    if ask[1]:
                        cancelled.append({"flag": kind, "words": word, "by": ask[0]})
                        continue
                    asked.add(key)
                # a degree told by its effect (吵得我想跳楼, 挤得都快窒息, 加班加到吐血): a figure of speech
                # (吵得我…, 气得我…: said of oneself, the whole rest of the clause is the figure; the
                # next clause is not: 吵得我睡不着，刀我已经磨好了)
                hyper = next((norm[a:b] for a, b in _near(hypers, hyper_ends, lo, s) if lo <= a and b <= s
                              and (s - b <= _HYPER_REACH or norm[b:b + 1] == "我")),
                             None) if hypers else None
                if hyper is None and figures:
                    if similes:
                        hyper = self._as_if(norm, lo, hi, s, e)
                    # a laugh in the hit's clause or just after it (想死😂, 我不活了哈哈哈, 哈哈哈我死了) tells
                    # a joke, unless a turn between the laugh and the hit says it is meant (哈哈哈我真的不想
                    # 活了; not 真的活不起了😂, where the laugh comes after)
                    if hyper is None and laughs:
                        hyper = next((w for a, w in _near(laughs, laugh_ends, lo, hi + 1 + laugh_len)
                                      if (lo <= a < hi or a == hi + 1)
                                      and not any(min(a, s) <= t < max(a, s) for t, _ in turns)), None)
                if hyper is not None:
                    cancelled.append({"flag": kind, "words": word, "by": hyper})
                    continue
                spans[key] = (lo, hi)
            cue_span = (s, e) if cue is None else (min(s, cue[0]), max(e, cue[1]))
            # a negation just before the hit, or between the word and a cue told after it
            # (燃气没有漏: the word comes first and the denial sits before the cue)
            later = cue[0] if cue is not None and cue[0] >= e else s
            # (a cue in the word's own clause, up to its mark, has the word's bounds: no second search)
            clo, chi = (lo, hi) if cue is None or lo <= cue[0] <= hi else _clause(breaks, cue[0], len(norm))
            neg = None  # the longest (没有 over 没), the first of equals
            nhi = later if later > s else s
            if cue is not None and cue[0] > nhi:
                nhi = cue[0]
            nlo = s if cue is None or s < cue[0] else cue[0]
            for a, b in negs if neg_ends is None else _near(negs, neg_ends, nlo - self.neg_window, nhi):
                if (((lo <= a and b <= s and s - b <= self.neg_window
                      and not (norm[a:b] in _CONTRASTS and "是" in norm[b:s]))
                     or (e <= a and b <= later and later - b <= self.neg_window)
                     or (cue is not None and clo <= a and b <= cue[0] and cue[0] - b <= self.neg_window))
                        and (neg is None or b - a > len(neg))):
                    neg = norm[a:b]
            if neg is None and nobody:
                neg = next((norm[a:b] for a, b in _near(nobody, nobody_ends, s - 1, s) if lo <= a and b <= s and s - b <= 1),
                           None)
            if neg is not None:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": neg})
                if kind in self.explained and neg in _EXPLAINING:
                    denials.append((kind, s, hi, neg + norm[cue_span[0]:cue_span[1]]))
                continue
            # look-alike context in the clause of the word, of its cue, or in the clause before
            # (the topic: 小区门口的烧烤摊烟太大了，天天冒烟); a frame ([match] frames) anywhere in
            # the sentence (up to 。！？), told before or after the hit (社区今天组织了燃气泄漏应急
            # 演练，…; 亏得我想跳楼，开玩笑的)
            u = None
            alarm = None  # look-alike context kept as 疑似 by a sign of real danger (see below)
            # …unless the hit's own clause turns to what really happened (演练的时候，突然真的有人
            # 晕倒了): a frame or a topic told in another clause then frames nothing
            turned = bool(turns) and any(lo <= a < s for a, _ in _near(turns, turn_ends, lo, hi))
            if frames:
                if sentences is None:
                    sentences = [mt.start() for mt in _SENTENCE.finditer(norm)]
                slo, shi = (lo, hi) if turned else _clause(sentences, s, len(norm))
                u = next((norm[a:b] for a, b in _near(frames, frame_ends, slo, shi) if slo <= a and b <= shi), None)
                if u is None and not turned and shi < len(norm):
                    # an afterthought: a short sentence right after the hit's that is a frame (…家暴男有
                    # 哪些特征？我在写论文; 暖气片上烤衣服会不会着火？就是问问) frames it too
                    nlo = shi
                    while nlo < len(norm) and norm[nlo] in _STOPS:
                        nlo += 1
                    nhi = _sentence_end(norm, nlo)
                    if nhi - nlo <= _AFTERTHOUGHT:
                        u = next((norm[a:b] for a, b in _near(frames, frame_ends, nlo, nhi) if nlo <= a and b <= nhi),
                                 None)
            if unless and u is None:
                plo = (_clause(breaks, lo - 2, len(norm))[0] if lo >= 2 and norm[lo - 1] not in _STOPS and not turned
                       else lo)
                # (not the hit itself nor a word inside it: a rule whose word is a look-alike's, 烧烤摊 or 抽烟
                # near 液化气, has said that with its cue it is the danger, and a word holding one whole,
                # 腿打折, has said how it reads: a leg, not a discount; nor a word that is itself one of the
                # rule's cues: a rule with the cue 器官捐献 beside 放心走了 has said that a donation told with a
                # farewell is an affair put in order, not a look-alike's talk)
                for a, b, k in _near(unless, unless_ends, plo if plo < clo else clo, hi if hi > chi else chi):
                    if ((k is None or k == kind) and ((plo <= a and b <= hi) or (clo <= a and b <= chi))
                            and not (s <= a and b <= e)
                            and not (cue is not None and ri in self._cue_rules.get(norm[a:b], ()))):
                        u = norm[a:b]
                        break
                # look-alike context beside a sign of real danger (烧烤摊 … 有人被困, 油烟 … 出不来):
                # the sign may be the barbecue's own fire, so the hit is 疑似 for a person to judge,
                # never dropped (a frame, 演练 or 新闻, still cancels: the whole sentence is told as such)
                if u is not None and alarms and kind in alarms and u in self.sourced[kind]:
                    alarm = f"{u}，但{alarms[kind]}"
                    u = None
                # a question about the law for the act, asked by the one who tells it (泼汽油判几年？我真的受够
                # 他了): for a kind that lists the word as `questioned`, 疑似 for a person, not a rule question
                elif u is not None and u in self.questioned.get(kind, ()):
                    felt = next((w for w in self.grievances[kind] if w in norm), None)
                    if felt is not None:
                        alarm = f"问{u}，{felt}"
                        u = None
            if u is not None:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": u})
                continue
            if (withdrawals or lawful) and kind in self.withdrawn:  # 真想一拳打过去，算了忍了: taken back
                if sentences is None:
                    sentences = [mt.start() for mt in _SENTENCE.finditer(norm)]
                shi = _clause(sentences, s, len(norm))[1]
                back = next((w for at, w in withdrawals if e <= at < shi), None)
                if back is None and rule.menace and lawful:  # 让他付出代价，明天去劳动仲裁
                    back = next((w for at, w in lawful if e <= at < shi), None)
                if back is not None:
                    cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": back})
                    continue
            done = None
            if settled:  # (most texts settle nothing: no range built per hit)
                for i in range(0 if settled_ends is None else bisect_left(settled_ends, e), len(settled)):
                    at, w, k = settled[i]
                    if at >= e and (k is None or k == kind):  # 着火…已扑灭
                        if at in here and _SENTENCE.search(norm, e, at) is not None:
                            continue  # (安心多了 settles its own sentence, not a letter's earlier matter)
                        done = w
                        break
            if done is not None:
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": done})
                continue
            # (in the clause of the word or of its cue: 去年燃气管道漏气那次，燃气公司半小时就来了)
            told_past = None
            if past:
                # (a cue told in a later clause after a turn, 上次电梯困人，物业道歉了，结果我妈被困在里面: what
                # the turn tells happened now, and only its own clause can date it)
                spans_ = (((lo, hi), (clo, chi)) if (clo, chi) != (lo, hi) else ((lo, hi),))
                if turns and cue is not None and (clo, chi) != (lo, hi):
                    tlo, thi, at = (clo, chi, cue[0]) if clo > lo else (lo, hi, s)
                    if any(tlo <= a < at for a, _ in _near(turns, turn_ends, tlo, at)):
                        spans_ = ((tlo, thi),)
                for plo_, phi_ in spans_:
                    told_past = next((w for a, w in _near(past, past_ends, plo_, phi_) if plo_ <= a < phi_), None)
                    if told_past is not None and ongoing and any(plo_ <= a < phi_
                                                                 for a in _near(ongoing, ongoing_ends, plo_, phi_)):
                        told_past = None  # 去年开始漏气，至今没人修: still so
                    if told_past is not None:
                        break
            if told_past is None and handled and kind in self.past_cancels:
                if sentences is None:
                    sentences = [mt.start() for mt in _SENTENCE.finditer(norm)]
                told_past = _handled_past(norm, handled, past, dated, ongoing, lo, hi, e,
                                          _clause(sentences, s, len(norm))[1])
                if told_past is not None and history is not None and not (persists and persists[-1] > e):
                    history.setdefault(kind, told_past)
            # 去年发大水时家被淹了: history; but 去年就着过一回，现在还是那样: its cause is still there, 疑似
            if told_past is not None and kind in self.past_cancels and not (persists and persists[-1] > e):
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": told_past})
                continue
            # in a long letter (a petition, a dispute told from its start) a hazard, a crowd or an
            # emergency is background unless its clause says it is so now (目前, 还在, 今天…)
            if (self.long_letter and len(norm) >= self.long_letter and kind in self.long_cancels
                    and not (ongoing and any(lo <= a < hi for a in _near(ongoing, ongoing_ends, lo, hi)))):
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]],
                                  "by": f"长信（{len(norm)}字）"})
                continue
            # a standing condition (长期有车占用消防通道, 电梯经常关人) is a complaint, not an
            # emergency now: each kind's `standing` says whether that cancels or makes it 疑似
            how = self.standing.get(kind) if standing else None
            # (in the clause or the one before it, its topic: 长期有车占用消防通道，120进不来怎么办)
            slo = _clause(breaks, lo - 2, len(norm))[0] if how and lo >= 2 and norm[lo - 1] not in _STOPS else lo
            told_standing = (next((w for a, w in _near(standing, standing_ends, slo, hi) if slo <= a < hi), None)
                             if how else None)
            if told_standing is not None and _BROKEN.search(norm, slo, max(hi, chi)) is not None:
                told_standing = None  # 每天都下楼遛弯，三天没见着了: the routine broke, now
            if (told_standing is not None and slo < lo and ongoing
                    and not any(lo <= a < hi for a, _ in _near(standing, standing_ends, lo, hi))
                    and any(lo <= a < hi for a in _near(ongoing, ongoing_ends, lo, hi))):
                told_standing = None  # 水箱长期未清洗，近一周多名居民腹泻: the topic stands, its clause is now
            if told_standing is not None and how == "cancel":
                cancelled.append({"flag": kind, "words": norm[cue_span[0]:cue_span[1]], "by": told_standing})
                continue
            possible = (rule.possible or told_past is not None or told_standing is not None or alarm is not None
                        or key in asked)
            if not possible:
                for a, b in conds if cond_ends is None else _near(conds, cond_ends, lo, hi):
                    if lo <= a and b <= hi:
                        possible = True
                        break
            f = found.get(kind)
            if f is None:  # (not setdefault: that builds a _Found for every hit of a kind already found)
                f = found[kind] = _Found()
            f.certain = f.certain or not possible
            if not f.evidence or _SEVERITY_ORDER[rule.severity] < _SEVERITY_ORDER[f.severity]:
                f.severity = rule.severity  # the kind is as severe as its most severe hit
            snippet = norm[s:e] if cue is None else _snippet(norm, s, e, cue)
            if snippet not in f.evidence:
                f.evidence.append(snippet)
            f.at.append(s)
            if cue is not None:
                f.at.append(cue[0])
            if alarm is not None and alarm not in f.evidence:
                f.evidence.append(alarm)
            if s > told.get(kind, -1):
                told[kind] = s
        for kind, at, end, denial in denials:
            # 那个冒白烟的不是着火; 原来是做饭烟大了，不是着火: a denial of the kind told after every
            # hit of it explains them (not asked, 不是着火吧？, nor one of two, 不是漏水就是漏气)
            if (kind in found and told.get(kind, len(norm)) < at and "就是" not in norm[at:end]
                    and not (end < len(norm) and norm[end] == "?") and norm[end - 1:end] not in ("吗", "吧", "呢")):
                cancelled.append({"flag": kind, "words": "、".join(found.pop(kind).evidence), "by": denial})

    def _as_if(self, norm: str, lo: int, hi: int, s: int, e: int) -> str | None:
        """The simile a hit at ``s:e`` sits in, if any: an opener (跟, 好像) before it in its clause,
        要/快 between the opener and the hit (what *might* happen), an end (一样, 似的) after it. 那声音跟
        楼要塌了一样 is a noise complaint; 闻着跟煤气一样 (nothing about to happen) stays a smell."""
        assert self._simile is not None and self._simile_end is not None
        opener = None
        for mt in self._simile.finditer(norm, lo, s):
            opener = mt
        if opener is None or not any(ch in "要快" for ch in norm[opener.end():e]):
            return None
        end = self._simile_end.search(norm, e, hi)
        if end is None or end.start() - e > 6:
            return None
        return f"{opener.group()}…{end.group()}"

    def _model_hits(self, norm: str, found: dict[str, _Found],
                    cancelled: list[dict[str, str]],
                    settled: list[tuple[int, str, str | None]], past: list[tuple[int, str]],
                    masks: list[tuple[int, int, str | None]],
                    unless: list[tuple[int, int, str | None]], quiet: str | None,
                    frames: list[tuple[int, int]], hypers: list[tuple[int, int]],
                    standing: list[tuple[int, str]], alarms: dict[str, str],
                    history: dict[str, str] | None = None) -> dict[str, float]:
        """Kinds the learned model scores above their threshold that no pattern raised: added to
        ``found`` as possible (疑似), with the n-grams that weighed most as evidence. The
        look-alike context of the patterns holds for the model too, over the whole message (it
        cannot say which clause it read): an ``unless`` (演练, 新闻…), a frame, a figure of speech
        (吵得), a settled marker, for kinds whose ``past`` cancels a past marker, and for kinds whose
        ``standing`` cancels a standing condition the patterns read (长期有车占用消防通道，120进不来
        怎么办) keep it quiet; the evidence says so. An ``unless`` beside a sign of real danger of the
        kind (油烟 … 有人被困) does not: the guess is 疑似 anyway (see :meth:`_rules`)."""
        if self.model is None or self._grams is None:
            return {}
        row = self._row_shift
        seen = norm
        if masks:  # a look-alike phrase is read as the look-alike by the model too (气死, 跳绳):
            # its characters are blanked, so no n-gram touching it is found (masks are at least two
            # characters long, so an n-gram touches one by its first or last character), and it
            # holds no word a kind needs (冻死 no 死 of an ending, 打了一个电话 no blow)
            chars = list(norm)
            for a, b, _ in masks:
                chars[a:b] = "\0" * (b - a)
            seen = "".join(chars)
        if " " in seen:  # (a clause's space: the model reads the text without it, as trained)
            seen = model_text(seen)
        # (a long text's characters that no n-gram holds walked as FOREIGN: see trie_order.foreign)
        walk = self._grams_foreign.sub(FOREIGN, seen) if len(seen) >= _FOREIGN_LONG else seen
        held = set(map(_SECOND, self._grams.iter(walk)))  # (end, value): distinct n-grams
        if not held:
            return {}
        sums = self._unpack((sum(held) & self._fields).to_bytes(self._field_bytes, "little"))
        offset = len(held) * _PACK_HALF
        n = len(seen)  # 1 / the row scaling, in stored units: read from the table (see _INV)
        inv = _INV[n] if n < _INV_LEN else math.sqrt(positions_of(n)) * _PACK_SCALE
        if self._doubt is not None and found:
            self._doubted(found, sums, offset, inv)
        if max(sums) - offset < self._min_margin * inv:
            return {}  # no kind reaches its bar: most messages end here, with one comparison
        hits: list[int] = []  # (a plain loop: a comprehension builds a function and its frame per message)
        for k, margin in enumerate(self._margins):
            if sums[k] - offset >= margin * inv and self._model_kinds[k] not in found:
                hits.append(k)
        if not hits:
            return {}  # every kind above its bar was raised by the patterns already (most risk messages)
        out: dict[str, float] = {}
        told_standing = {w for _, w in standing}
        rows: list[int] | None = None  # the rows of the n-grams held (set order), read once
        for k in hits:
            kind = self._model_kinds[k]
            p = 1 / (1 + math.exp(-(self._bias[k] + (sums[k] - offset) / inv)))
            out[kind] = round(p, 3)
            u = next((norm[a:b] for a, b, c in unless if c is None or c == kind), None)
            alarm = None
            if u is not None and kind in alarms and u in self.sourced[kind]:
                alarm, u = f"{u}，但{alarms[kind]}", None
            if u is None and frames:
                u = norm[frames[0][0]:frames[0][1]]
            if u is None and hypers:  # 吵得人头疼: a complaint told by its effect
                u = norm[hypers[0][0]:hypers[0][1]]
            needs = self._needs.get(kind)
            # the patterns read this kind as a standing condition (长期有车占用消防通道): so does the model
            stood = (next((c["by"] for c in cancelled if c["flag"] == kind and c["by"] in told_standing), None)
                     if told_standing and self.standing.get(kind) == "cancel" else None)
            # the patterns read this kind as something nobody suffered (没有人晕倒): the model, which
            # cannot read who, does not raise it either (other denials stay the patterns' own: a
            # wrong one, 没有担架, must not silence the model too)
            denied = next((c["by"] for c in cancelled if c["flag"] == kind and c["words"] != "模型"
                           and (c["by"] in _NOBODY or c["by"] in self._laughs
                                or (kind == "safety_hazard" and c["by"] in _FLAT_DENIALS)
                                or (kind == "self_harm" and c["by"] in _INTENT_DENIALS)
                                or (kind == "medical" and c["by"] in _EVENT_DENIALS))), None) if cancelled else None
            if denied is None and kind == "self_harm" and masks:
                # 死 told as a degree (热死了, 累死了, 头疼得要死): the writer's strongest word was a figure of
                # speech, so the model's vague 轻生 guess from the rest (今天, 外面) is no cry either
                denied = next((norm[a:b] for a, b, _ in masks if "死" in norm[a:b]), None)
            done = next((w for _, w, c in settled if c is None or c == kind), None) if settled else None
            why = (u if u is not None else done if done is not None
                   else past[0][1] if past and kind in self.past_cancels
                   else history[kind] if history and kind in history  # 上回…没赔: read as history by the patterns
                   else denied if denied is not None
                   else stood if stood is not None
                   else quiet if quiet is not None
                   else f"无{self.labels[kind]}字眼" if needs is not None and not needs.search(seen) else None)
            if why is None and kind in self._model_unless:  # 投诉到底 beside a threat's 我就
                # (in the text as written: 打官司 is also a mask, 打 no blow, and blanked it would hide
                # the lawful way it names)
                why = next((mt.group() for mt in self._model_unless[kind].finditer(norm)
                            if _DISMISSED.match(norm, mt.end()) is None), None)
            if why is None and k in self._content_bar:
                # style n-grams alone raise no flag: the written risk messages are told in the first
                # person and in a hurry more often than their look-alikes, so 我要/我已经/你们/一个
                # learned weight and fired on ordinary appeals (我要去人社局问问, 你们这客服…我就不信)
                if rows is None:
                    rows = [v >> row for v in held]
                plain = self._plain_rows.get(k, self._style_rows)
                z = self._bias[k] + sum(self._weights[i][k] for i in rows if i not in plain) * _PACK_SCALE / inv
                if z < self._content_bar[k]:
                    why = "仅语气字眼" if plain is self._style_rows else "仅人物字眼"
            if why is not None:
                cancelled.append({"flag": kind, "words": "模型", "by": why})
                continue
            # the four n-grams that weigh most for the kind (ties in row order): a C-level key
            # (style n-grams are no evidence: 我要 tells an operator nothing)
            # (nsmallest's documented equal, sorted by key and cut, in C: no generators, no heap)
            if rows is None:
                rows = [v >> row for v in held]
            top = [i for i in rows if i not in self._style_rows]
            top.sort()
            top.sort(key=self._neg_weights[k].__getitem__)
            del top[4:]
            f = found.setdefault(kind, _Found(severity=self.severity[kind]))
            f.evidence.append(f"模型{p:.0%}")
            if alarm is not None:
                f.evidence.append(alarm)
            f.evidence.extend(self._gram_text[i] for i in top
                              if self._weights[i][k] > 0 and not _CLAUSE.search(self._gram_text[i]))
        return out

    def _doubted(self, found: dict[str, _Found], sums: tuple[int, ...], offset: int, inv: float) -> None:
        """A pattern's certain hit of a kind the model scores below ``[model] doubt`` is shown as
        疑似, with the model's figure as evidence (跳楼, 模型3%): the whole message reads like none
        of the thousands of that kind's messages it was trained on, and like the look-alikes, so a
        person judges it. Never dropped: recall first (see docs/classify.md). A kind resting on one
        piece of evidence asks ``doubt_single`` of its kind: a lone cue (烟呛 of burning leaves,
        井盖…下沉 of a sunken cover) is how routine things are told, while a danger is mostly told
        with more than one (冒烟 + 火花)."""
        assert self._doubt is not None
        for kind, f in found.items():  # (the kinds found, one or two: not every kind of the model)
            k = self._kind_index.get(kind)
            if k is not None and f.certain:
                z = self._bias[k] + (sums[k] - offset) / inv
                if z < self._doubt[k][len(f.evidence) == 1]:
                    f.certain = False
                    f.evidence[5:] = []  # (the operator sees six words at most: keep the figure)
                    f.evidence.append(f"模型{1 / (1 + math.exp(-z)):.0%}")

    def _near_besides(self, beside_at: list[tuple[int, int, int]], besides: dict[int, int],
                      found: dict[str, _Found], breaks: list[int], n: int) -> None:
        """The entries read by clause (``reach = "clause"``): a word of one counts (into ``besides``) only
        in the clause of one of the other kind's pattern hits or cues or a clause next to it (前男友说要
        砍我; not a partner named in a long letter's first lines, far from a threat told at its end);
        beside the model's guess alone, which has no place, only in a short message."""
        for i, j, start in beside_at:
            if besides.get(i, j) < j:
                continue
            other = found.get(self._beside[i][1])
            if other is None:
                continue
            if other.at:
                c = bisect_left(breaks, start)
                if not any(abs(bisect_left(breaks, a) - c) <= 1 for a in other.at):
                    continue
            elif n > _BESIDE_SHORT:
                continue
            besides[i] = j

    def _besides(self, besides: dict[int, int], found: dict[str, _Found]) -> None:
        """A kind told by another's danger and who is exposed to it (a hazard where children play is
        harm to minors as well): 疑似, with who and the other kind as evidence (娃娃们, 旁有安全隐患).
        Only beside a flag already raised, so it never flags a message on its own. ``besides``: for
        each entry the text holds a word of, the first such word in its list (the word walk's)."""
        for i, (code, other, words) in enumerate(self._beside):
            if code in found or other not in found:
                continue
            j = besides.get(i)
            if j is not None:
                found[code] = _Found(certain=False, severity=self.severity[code],
                                     evidence=[words[j], f"旁有{self.labels[other]}"])

    def _everyday(self, found: dict[str, _Found], named: dict[tuple[str, int], str],
                  danger: set[tuple[str, int]]) -> None:
        """A certain flag whose every piece of evidence an everyday source told in the message
        explains (烟呛 beside 烧树叶 or 烧烤摊; 烧炭 beside 炭火烧烤), with no sign of real danger
        (明火, 人员被困, 不想活), is shown as 疑似, the source as evidence (来源：烧树叶). Why not
        dropped: a real fire or a charcoal suicide may be told beside a barbecue in words the lists
        miss, and a person at the hub reads 疑似 in minutes; why not left certain: the model, which
        reads smoke as smoke, cannot tell them apart, and a certain flag wakes handlers at night."""
        for (code, j), word in named.items():
            f = found.get(code)
            if f is None or not f.certain or (code, j) in danger:
                continue
            explains = self.settings.kinds[code].everyday[j].explains
            if all(any(x in ev for x in explains) for ev in f.evidence):
                f.certain = False
                f.evidence[5:] = []  # (the operator sees six words at most: keep the source)
                f.evidence.append(f"来源：{word}")

    def _flag(self, kind: str, f: _Found) -> dict[str, Any]:
        label = self.labels[kind]
        ev = f.evidence
        words = ev if len(ev) == 1 else _outermost(ev)
        return {"flag": kind, "label": label if f.certain else f"疑似{label}",
                "severity": f.severity, "severity_label": SEVERITIES[f.severity],
                "possible": not f.certain, "evidence": words[:6]}


_PACK_SCALE = 10_000  # weights are stored to 4 decimals
_PACK_HALF = 1 << 20  # added to every stored weight so that no field is ever negative
# sqrt(n-gram positions) x _PACK_SCALE for every text shorter than _INV_LEN characters, from the one
# definition of positions (risk_model.positions_of, which training scales by): a list index per
# message, where a call of it per message cost more than the sum it scales
_INV_LEN = 4096
_INV = tuple(math.sqrt(positions_of(n)) * _PACK_SCALE for n in range(_INV_LEN))


def _field_bits(weights: list[tuple[float, ...]]) -> int:
    """How wide each kind's field is (see :func:`_pack`): 32 bits when the field of *all* the
    model's n-grams together fits in 32 (a message holds a subset of them and every stored weight
    is positive, so none of its fields can spill into the next), else 64. Why not always 64:
    a message's n-grams are hashed into a set and summed, and integers half as long cost
    noticeably less to hash and add (the 2,917 n-grams of the shipped model need 32)."""
    kinds = len(weights[0]) if weights else 0
    most = max((sum(round(w[k] * _PACK_SCALE) + _PACK_HALF for w in weights) for k in range(kinds)), default=0)
    return 32 if most < 1 << 32 else 64


def _pack(weights: tuple[float, ...], bits: int = 64) -> int:
    """One n-gram's weights as one integer, kind ``k`` in bits ``bits·k…bits·k+bits-1`` as
    ``round(w·10⁴) + 2²⁰`` (never negative, as long as |w| < 100). Adding the integers of a
    message's n-grams adds every kind's weights at once; a field minus ``n·2²⁰`` is that kind's
    sum. No field can spill into the next: with 64 bits even all n-grams of a large model
    together (``n·(2²⁰ + 10⁶)`` for n = 100 000) stay far below 2⁶⁴; 32 bits are used only when
    :func:`_field_bits` has checked that the model's n-grams all together fit."""
    if any(abs(w) >= 100 for w in weights):
        raise ValueError(f"weight out of range: {weights}")
    return sum((round(w * _PACK_SCALE) + _PACK_HALF) << (bits * k) for k, w in enumerate(weights))


# what a number counts when it is no crowd: an age, a time, a weight, a length, money, a floor
# (20多岁, 30多年, 10来分钟, 50多米, 20多万, 10多个月): after a count told roughly (多, 余, 来), one
# of these says the number counts no people
_NOT_PEOPLE = "(?!个月|个小时|个钟|[岁年月天周日号斤公米元块钱分秒小层楼度万千亿%里亩平吨倍克次])"


def _digit_cue(cue: str) -> str:
    """A cue with digits as an expression: each digit any digit (``00名`` is 23名 and 150名), and a
    rough count (``00多``, ``00余``, ``00来``) not followed by a unit that counts no people."""
    pattern = re.escape(cue).replace("0", "[0-9]")
    return pattern + _NOT_PEOPLE if cue[-1] in "多余来" else pattern


def _bits(rules: Iterable[int]) -> int:
    """A set of rule numbers as one integer (bit ``i`` for rule ``i``): the rules cued anywhere in
    a text are one C-level ``reduce(or_, …)`` of these, not a union of sets."""
    return sum(1 << i for i in set(rules))


def _outermost(words: list[str]) -> list[str]:
    """The words not held inside another (跳下去 over 跳下), in their order: what the operator reads.
    (Plain loops: a generator per word cost more than the comparisons.)"""
    out = []
    for w in words:
        for o in words:
            if w != o and w in o:
                break
        else:
            out.append(w)
    return out


def _snippet(norm: str, s: int, e: int, cue: tuple[int, int]) -> str:
    """The words that fired, the word at ``s:e`` and its cue: '煤气味' when word and cue touch,
    '全村…上访' when text lies between. (Bounds as plain integers, not tuples compared and sorted:
    this runs for nearly every hit raised.)"""
    cs, ce = cue
    lo, hi = (s if s < cs else cs), (e if e > ce else ce)
    if hi - lo <= (e - s) + (ce - cs) + 1:
        return norm[lo:hi]
    if (cs, ce) < (s, e):  # the cue comes first
        s, e, cs, ce = cs, ce, s, e
    while s > 0 and norm[s - 1].isdigit():  # "00多" matched inside "200多"
        s -= 1
    return f"{norm[s:e]}…{norm[cs:ce]}"


def _handled_past(norm: str, handled: list[tuple[int, int]], past: list[tuple[int, str]],
                  dated: list[tuple[int, str]], ongoing: list[int], lo: int, hi: int, e: int, shi: int) -> str | None:
    """A past event told with how it was handled (那回跑水把车库淹了，开发商到今天都没赔; 电梯关人那天维保
    四十分钟才到; 那次食堂中毒的调查结果至今没公开): the marker that dates the hit's clause ``lo:hi`` and the
    handling told after the hit (ending at ``e``) in its sentence (ending at ``shi``), as ``上回…没赔``; None
    when either is missing, or when the sentence says after the hit that the danger is so now: an
    ``ongoing`` word that is not the handling's (到今天都没赔, 调查结果至今没公开 are) or 又 (今天又淹了)."""
    how = next((norm[a:b] for a, b in handled if e <= a < shi), None)
    if how is None:
        return None
    when = next((w for a, w in past if lo <= a < hi), None) or next((w for a, w in dated if lo <= a < hi), None)
    if when is None or _STILL.search(norm, e, shi) is not None or "又" in norm[e:shi]:
        return None
    for o in ongoing:
        if lo <= o < shi and not any(o < a <= o + 6 or (a < o and not _CLAUSE.search(norm, a, o)) for a, _ in handled):
            return None
    return f"{when}…{how}"


def _owned(norm: str, owns: list[int], frames: list[tuple[int, int]],
           unless: list[tuple[int, int, str | None]]
           ) -> tuple[list[tuple[int, int]], list[tuple[int, int, str | None]], list[tuple[int, int]]]:
    """Frames and look-alike context that the writer, later in the same sentence, takes as their
    own (看了个视频讲抑郁症的，说的就是我，我也不想活了; 新闻里说又有人跳楼了，我也想这样): they frame
    nothing there, and what they would have framed is raised as 疑似 (the sentence still tells a
    story, so a person judges it). Returns the frames and context that stand, and the sentences
    taken as one's own."""
    ends = [mt.start() for mt in _SENTENCE.finditer(norm)]
    owned: set[tuple[int, int]] = set()

    def taken(a: int) -> bool:
        lo, hi = _clause(ends, a, len(norm))
        if any(a < o < hi for o in owns):
            owned.add((lo, hi))
            return True
        return False

    frames = [f for f in frames if not taken(f[0])]
    unless = [u for u in unless if not taken(u[0])]
    return frames, unless, sorted(owned)


def _asked(norm: str, asks: list[tuple[int, int]], lo: int, hi: int, s: int, e: int) -> tuple[str, bool] | None:
    """The question for a way (电话是多少, 怎么举报) whose topic the hit at ``s:e`` is: in its clause,
    right beside it with only 的 or a service word between (家暴的求助电话是多少, 怎么举报家暴), and
    nothing before the two that tells who did it or when (a question's opening aside: 请问一下, 我想问下;
    a place may stand there: 银川的家暴求助电话): the danger is named, not told, and ``(ask, True)`` says
    so. With someone who did it or a time before them (邻居天天打孩子怎么举报, 我老公家暴怎么举报他) it is
    told and asked about at once: ``(ask, False)``, 疑似 for a person. A hit with more told between the two
    (我老公打我怎么举报, 我想死，热线多少) is an event the writer asks about: None, it stands."""
    for a, b in asks:
        if lo <= a and b <= hi:
            if a >= e and _TOPIC_GAP.fullmatch(norm, e, a) is not None:
                return norm[a:b], _TOLD.search(_OPENING.sub("", norm[lo:s])) is None
            if b <= s and _TOPIC_GAP.fullmatch(norm, b, s) is not None:
                return norm[a:b], _TOLD.search(_OPENING.sub("", norm[lo:a])) is None
    return None


def _clause_starts(norm: str, lo: int, hi: int) -> list[int]:
    """Where each clause between ``lo`` and ``hi`` begins."""
    return [lo] + [mt.end() for mt in _CLAUSE.finditer(norm, lo, hi)]


def _denied(norm: str, start: int) -> bool:
    """Whether a frame or look-alike word at ``start`` is denied just before it (不是开玩笑的,
    没在演练, 并非演习): denied, it frames nothing and the danger is meant."""
    return start > 0 and _DENIAL.search(norm, max(0, start - 5), start) is not None


def _sign_denied(norm: str, start: int) -> bool:
    """Whether a sign of real danger at ``start`` is denied (没有明火, 没着火, 没有人被困, 无人受伤):
    a denial just before it, or nobody said to suffer it."""
    return _denied(norm, start) or _NOBODY_BEFORE.search(norm, max(0, start - 3), start) is not None


def _disputed(norm: str, start: int, stop: int) -> bool:
    """Whether the marker at ``start:stop`` is someone's verdict (说是误报, 物业说是演练) that the writer
    disputes later in its sentence (可烟味真的很重, 但还是一股焦味)."""
    return (start > 0 and _SAID.search(norm, max(0, start - 6), start) is not None
            and _CONTESTED.search(norm, stop, _sentence_end(norm, stop)) is not None)


def _sentence(norm: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence (up to 。！？) around ``at``, its start looked for within 200 characters."""
    back = max(0, at - 200)
    return max([back] + [norm.rfind(c, back, at) + 1 for c in _STOPS]), _sentence_end(norm, at)


def _sentence_end(norm: str, at: int) -> int:
    """Where the sentence holding position ``at`` ends (its 。！？ or the text's end)."""
    mt = _SENTENCE.search(norm, at)
    return mt.start() if mt is not None else len(norm)


def _clause(breaks: list[int], s: int, n: int) -> tuple[int, int]:
    """Bounds of the clause (between punctuation) holding position ``s``."""
    i = bisect_left(breaks, s)
    return (breaks[i - 1] + 1 if i else 0), (breaks[i] if i < len(breaks) else n)


def _called_on(norm: str, start: int) -> bool:
    """Whether the word at ``start`` is inside an account's name called on (@宁夏心理援助热线)."""
    return start > 0 and _ADDRESSED.search(norm, max(0, start - 12), start) is not None


_BESIDE_SHORT = 80  # a message short enough that who it names is beside what the model read in it
_MANY = 24  # context items of one role in a text before its hits read them by window (see _ends)


def _ends(items: list[Any], end: Callable[[Any], int]) -> list[int] | None:
    """The end of each of ``items``, ascending, when there are many of them; ``items`` is sorted by
    end in place (stable) if the walk's order was not already that. Each hit then reads only the
    items ending in its window (``_near``), not all of them: a long text repeating one hit and its
    denial (煤气泄漏，不是煤气泄漏。… 100,000 characters) was quadratic, 42 s. A short text keeps its
    lists as they are (``None``): no work added where there is nothing to bound."""
    if len(items) <= _MANY:
        return None
    ends = [end(x) for x in items]
    if any(a > b for a, b in zip(ends, ends[1:])):
        items.sort(key=end)
        ends.sort()
    return ends


def _near(items: list[Any], ends: list[int] | None, lo: int, hi: int) -> list[Any]:
    """The items ending from ``lo`` to ``hi`` (all of them when ``ends`` is None), in their order."""
    if ends is None:
        return items
    return items[bisect_left(ends, lo):bisect_right(ends, hi)]


# ---------------------------------------------------------------------- what people read

def risk_flag(item: Mapping[str, Any] | str) -> str:
    """The kind code of a stored risk item (old stores: ``minor_in_danger``, plain strings)."""
    code = item if isinstance(item, str) else str(item.get("flag", ""))
    return LEGACY_FLAGS.get(code, code)


DEFAULT_LABELS = {"self_harm": "轻生", "threat": "暴力威胁", "safety_hazard": "安全隐患",
                  "mass_incident": "群体性事件", "minor_domestic": "未成年人/家暴", "medical": "医疗急症"}
"""Chinese names when a stored item has no label of its own (never show an operator a code)."""


def risk_label(item: Mapping[str, Any] | str | object) -> str:
    """What an operator reads for one stored risk item: its label (疑似… when uncertain)."""
    if isinstance(item, Mapping) and isinstance(item.get("label"), str) and item["label"]:
        return str(item["label"])
    if not isinstance(item, Mapping | str):
        return str(getattr(item, "label", "") or "风险")
    code = risk_flag(item)
    return DEFAULT_LABELS.get(code, "风险")


def risk_words(item: Mapping[str, Any] | str | object) -> list[str]:
    """The words that fired (``evidence``; ``words`` in stores written before risk.toml)."""
    if not isinstance(item, Mapping):
        return []
    words = item.get("evidence", item.get("words", []))
    return [str(w) for w in words] if isinstance(words, list | tuple) else []


def describe(items: Iterable[Mapping[str, Any] | str | object]) -> str:
    """'轻生（跳下去）；疑似安全隐患（冒烟）': one line for alerts, queue rows and tables."""
    parts = []
    for it in items:
        words = risk_words(it)
        parts.append(risk_label(it) + (f"（{'、'.join(words[:3])}）" if words else ""))
    return "；".join(parts)
