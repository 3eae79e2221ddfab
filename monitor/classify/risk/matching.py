"""Matching: one walk of the text finds every rule word, cue and context word, and what each means here.

Why one automaton for all of them: a text is read once (daachorse's double-array automaton, compiled) for the rule words, their
`near` cues, masks, negations, conditionals, frames, past and standing markers, clause marks…, instead
of one search per list. What a context word found means is decided beside the walk where it takes one
look at a few characters around it (上周反映的那个漏气 dates the report, not the danger; 不是演练 is no
drill; 打了好几次120 is attempts now, not a habit), so the later stages read only what stands. The
result is one :class:`~.reading.Reading` per text.

A cue with a digit (00名: any digits and 名) cannot be a key of the automaton: those few are one
expression, searched only in a text with an anchor and a digit (:meth:`Matcher.cues`).

Cost: the walk is linear in the text; a message with no anchor costs the normalisation and that one
pass (about a tenth of a ``jieba.lcut`` of the same text; ``bench/risk_cost.py`` measures it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from daachorse import CharwiseDoubleArrayAhoCorasick

from monitor.classify.risk.context import (_CONTESTED, _DISMISSED, _STILL, _called_on, _denied, _disputed, _owned,
                                           _sign_denied)
from monitor.classify.risk.over import closing, content_closes, elsewhere, is_work, thanked
from monitor.classify.risk.policy import Policy
from monitor.classify.risk.reading import Reading
from monitor.classify.risk.text import find_all
from monitor.classify.risk.spans import (_CLAUSE, _CLAUSE_MARKS, _SECOND, _clause, _clause_starts, _search,
                                         _sentence, _sentence_end, _word_end)
from monitor.classify.risk_config import RiskSettings
from monitor.classify.trie_order import by_frequency

_ANY_DIGIT = re.compile(r"[0-9]")
# effort for a thing wanted (为了抢到那张票我拼了; 为了全勤奖我也拼了; 为了夏天拼了; 为了考研上岸，这半年我拼了): 为了 names the
# goal, the writer's 拼了 follows it within its sentence, a clause later at most, and no one is faced (跟他拼了, 和你们拼了
# name whom) and no life staked (拼了这条命). (Third session of 2026-12-05: the goal may end its own clause, and 我 may go
# unsaid; see also context._fought_for, a thing fought or a lawful step told next)
# (the mask holds the character before 拼了, the writer or the goal's last, so that it is longer than the word it masks)
_EFFORT = re.compile(r"为了(?![^。！？.!?;；\n]*?[跟和同与][^，。！？,.!?;；\n]{0,4}拼了)[^。！？.!?;；\n]{0,15}?"
                     r"([^。！？.!?;；\n](?:也|就|真)?拼了)(?![这一老]?条?命)")
# a fire, a blast or a collapse told of what cannot burn, blow up or fall down (session of 2026-12-05): a throat, a
# mouth or a mind (a sensation: 嗓子干得冒烟, 嘴巴都着火了, 脑子要炸了), a persona, a chat, a test paper (人设塌了, 消息
#爆炸, 卷子炸了), or a quality told to its utmost (帅炸了, 好吃到炸, 辣到爆炸, 燃爆了): a degree, not a scene. Not what
# does burn on a body (头发, 衣服), nor 断 (腿断了 is an injury)
_FIGURE = re.compile(r"(?:嗓子眼?|喉咙|嘴巴|嘴里|舌头|脑子|脑瓜子?|心态|人设|消息|私信|卷子|试卷|考卷|钱包|朋友圈|评论区|热搜|弹幕)"
                     r"(?:都|也|快|要|简直|直接|真的|已经|彻底|完全|全|瞬间|[干辣急烦气]得)*(?:冒烟|着火|着了火|炸了|炸裂|爆炸|爆了|塌了|塌房)"
                     r"|(?:帅|美|燃|酷|好吃|好看|好听|好玩|辣|甜|爽)(?:到|得)?(?:炸了|炸裂|爆炸|爆了|炸(?=[!！~。，,\s]|$))")
# relief reached with a task told finished just before it (考完了 解脱了; 期末考试结束了，这学期终于解脱了): a relief told
# done, in the writer's clause right after the task's end, not the result an ending would bring (跳下去就解脱了, 等考完我就
# 解脱了, 干完这个月就解脱了: 就 tells a condition met later) (session of 2026-12-05)
# a degree word's complement told plainly (吵得很凶, 水急得很, 涨得很快) or as what was said in anger (气得说明天拿钢管去…;
# not 气得说不出话, a figure): no effect follows that could be the figure (吵得我想跳楼), so the degree word is no figure
# of speech, for a hit or for the model's guess (eighth session of 2026-12-05)
_PLAIN_DEGREE = re.compile(r"很|厉害|太|特别|非常|说(?!不出|不上)")
_RELIEF = re.compile(r"(?:[完束]了|下班了|放假了|收工了|交完了|答辩完)[,，\s]+(?:感觉|我)?(?:这学期|这学年|这周|今天|这下)?(?:终于|总算|可算)?"
                     r"(解脱了)")
_UNDONE = re.compile(r"[没未不能会要]|还")  # 还没修好, 就能缓过来了: not (yet) settled
# neglect told before a content verdict (物业不管，挺好; 报了三回没人修，真不错): the verdict is irony, it settles nothing
_NEGLECT = re.compile(r"不管|没人管|不修|没人修|没修|不理|没人理|不处理|没人处理|没处理|没反应|没人来|推来推去|踢皮球"
                      # …or a danger told as going on (塔吊一直在晃，工人还在上面干活，挺好): irony too
                      r"|又|还在|一直|天天|正在")
# the kinds a content verdict can settle: a crowd, a hazard, a body's emergency. Not harm done to a person by another
# (孩子被老师打了，校长说会处理，挺好: no verdict makes a beating fine), nor 轻生 (a farewell closes content too)
_CONTENT_KINDS = frozenset({"mass_incident", "safety_hazard", "medical"})
# a clause after a rescue that tells what is still so (燃气公司来看过了，还是有味; 送去急诊了 现在还没醒): the rescue
# settled nothing (session of 2026-12-05)
_REMAINS = re.compile(r"[,;\s](?:可|但|可是|不过)?(?:现在|目前|到现在)?(?:人|味|火|水)?(?:还是|还在|还没|还不|还有|仍|依然|照样)"
                      r"|(?:该|要|应该)?(?:怎么办|咋办|做什么|干什么|怎么做|怎么处理)")
# an arrival only promised (120说马上就到了; 燃气公司说很快就到): reported or imminent, no arrival yet (session of 2026-12-05)
_PROMISED = re.compile(r"说[^,.!?;，。！？；\s]{0,8}$|马上$")
# a sentence that opens by asking (请镇上派人来看看，把这个事彻底解决了; 希望有关部门…，让这事解决了): what it names
# as done is what the writer asks for, not an outcome, unless told as done already (请放心，已经解决了)
_ASKS = re.compile(r"(?:@\S+\s*)*(?:恳请|请求|请|希望|麻烦|要求|盼望|盼)")
_DONE_ALREADY = re.compile(r"(?:已经|已|都|早就|早已)[^，。！？,.!?;；]{0,4}$")


def _asked_for(norm: str, start: int) -> bool:
    """Whether the settled word at ``start`` is inside a sentence that opens with a request, and is not told
    as done already just before it."""
    lo = _sentence(norm, start)[0]
    while lo < start and norm[lo] in " \n":
        lo += 1
    return (start - lo <= 40 and _ASKS.match(norm, lo) is not None
            and _DONE_ALREADY.search(norm, max(lo, start - 6), start) is None)


# an outcome told after the event, in the writer's words: the matter is over. How citizens close a story of a faint, a
# flood or a broken line: what it is now. Two kinds of outcome:
# - the thing or the state restored (今天已经退了; 现在正常了; 下午就接好了; 吃了点药现在好了): settles a hazard or an
#   emergency;
# - the person well (人没事; 好在没砸到人; 现在没事了): settles an emergency of a person only, and not with a contrast or
#   a residue after it in its sentence (人没事，但胸口闷; 就是一直喊头疼). Woken up is not well (人已经醒了，一直喊头疼,
#   话也说不清: a fall's head injury): 醒了 settles nothing. A hazard stays when its victim is well (掉进坑里摔了，人没事, 坑还在;
#   幸亏没砸到人，楼上还摆着好几盆), and no violence is settled by a person fine (还好孩子没事).
# Not asked (人没事吧), nor a sarcastic opener (现在好了，…: the worse state follows), nor conceded, wished or still so
# (the checks of every settled word, see walk)
_RESTORED = re.compile(r"(?:现在|如今|目前|已经|早就|已|今天|第二天)(?:都|也|又|就)?(?:好了|正常了|退了|退下去了|接好了|接上了)"
                       r"(?![吧吗呢?？])")
# - a spell told over once a remedy or a rest was taken (吃了点胃药好点了; 休息了一下午好了; 吃了退烧药降下来了; 喝了三天
#   才好; 吃了退烧药，半夜退了): settles an emergency only. Told done (了 after the remedy's verb), not promised (喝点热水就好了, 休息一下就好);
#   a spell back after it (…，可半夜又烧起来了) settles nothing, as for every settled word (session of 2026-12-05, second)
_REMEDIED = re.compile(r"(?:吃|喝|服|休息|睡|躺|歇|缓|打|输|挂|擦|抹|贴)了[^。！？.!?;；\n]{0,8}?(?:就|才|也|都)?"
                       r"(?:好了|好点了|好多了|好些了|好一些了|好一点了|降下来了|退了|退烧了|缓过来了|才好)(?![吧吗呢?？])")
_WELL = re.compile(r"(?:(?:现在|已经|后来|已)(?:都|也|又)?没事了?"
                   r"|(?:好在|还好|幸好|幸亏|万幸)人?(?:都|也)?(?:没事|没有?(?:砸|撞|伤|烫|烧|碰|摔|压)[到着伤]?(?:人|着人))"
                   r"|(?:人|大人|孩子|老人|娃)(?:都|也|倒是)?(?:没事|没受伤|没伤着|没大碍))(?![吧吗呢?？])")
# a rumour the writer passes on (网上说, 有人说, 群里在传, 疯传) and then corrects in their own words (根本没有, 辟谣,
# 是假的, 别再传了, 其实是个钓鱼的, 是几年前的旧闻): what the rumour told is no event, as 是谣言 says. A rumour confirmed
# (其实是真的) or one the writer asks about (是真的吗) corrects nothing, and what is told after the correction stands
_HEARSAY = re.compile(r"听说|据说|传言|网传|网上(?:说|传|都在|看到|有人)|群里(?:有人|都)?(?:说|在传|传)|有人说|朋友圈(?:说|看到|里)"
                      r"|(?:疯|都在|在|到处)传|传得|刷到")
_CORRECTED = re.compile(r"(?:根本|压根儿?)(?:就)?(?:没有|没这|没那|不是)(?!人)|辟谣|谣言|假消息|是假的|不是真的|瞎传|乱传"
                        r"|(?:别|不要|别再|不要再)(?:瞎|乱)?传了|的旧闻|是旧闻|(?:其实|原来)(?:只)?是(?:个|一个|在|几个|有人在)(?!.{0,4}真)")
_ASKED_AFTER = re.compile(r"[^，。！？,.!?;；\n]{0,3}?[吗吧?？]")
_DENIED_STORY = re.compile(r"假|谣|这回事|这事|不实|误会|看错")  # (a settled word that says a story was false)
_BELIEVED = re.compile(r"(?:觉得|感觉|估计|应该|可能|希望|但愿|怀疑|猜)[^，。！？,.!?;；\n]{0,3}$")
_CONTRAST = re.compile(r"但|可是|可他|可她|可我|不过|然而")
_NOT_SO = re.compile(r"(?:不是|并非|绝非|不算|不像|可不是|哪是)$")
_SARCASM = re.compile(r"(?:现在|这下)好了")  # a clause of its own before another (现在好了，楼道全是烟: the worse state)
_BUT = re.compile(r"但|可是|可|不过|然而|就是|只是|还是|一直")  # (人没事，但胸口闷; 没事，就是一直喊头疼: what remains)
_CONCEDED = re.compile(r"虽|尽管")  # 虽然扑灭了, 尽管修好了: conceded, and what follows still stands
# a settlement asked for, not told (先把噪音的问题解决了, 希望尽快处理好了): a wish settles nothing
_WISH = re.compile(r"(?:先把|请|希望|盼|尽快|麻烦|恳请|早日|什么时候|能不能|是不是|会不会|是否)[^，。！？,.!?;；\n]{0,12}$")
# 娃，妈不想活了，你们好好的: 好好的 said to those left behind is a farewell's wish, no settlement of what came before
_FAREWELL = re.compile(r"(?:你们|你俩|大家|你)(?:都|也|要|以后|以后都|以后要|可要|一定要|一定)?$")
# 他爸说是踢球磕的, 学校说是玩闹碰的: a cause of a child's injury in someone else's words (说是…) settles nothing;
# it is what one who hurt a child says, and what it explains is 疑似, for a person (the writer's own 都是踢球磕的 settles)
_CAUSE_SAID = re.compile(r"(?:说|称|讲|认为|觉得|解释)(?:是|都是|就是|只是)[^，。！？,.!?;；]{0,4}$")
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
_DIGITS = str.maketrans("0123456789", "0000000000")
# a date told with a day or a year (3月5日, 2018年12月28日, 正月初五, 腊月二十三; not the month alone: 进了腊月
# is the season the danger is told in), or a time ago (十年前,
# 两个月前), dates what the clause tells:
# a past marker like 去年, unless the clause also says it is still so (至今, 现在…: ``ongoing``)
_DATE = re.compile(r"(?:(?:\d{4}年)?[0-9一二三四五六七八九十]{1,3}月(?:份|[0-9一二三四五六七八九十]{1,3}[日号]|初[一二三四五六七八九十])"
                   r"|\d{4}年|正月初|腊月(?:初|[一二]?十|[二三]十)"
                   r"|(?:[0-9两几十一二三四五六七八九]{1,3}|半)(?:年|个月|个多月)(?:以)?前)(?![起以开至到])")  # 3月5日起: since, not then
# every date holds 年 or 月, and none is longer than this (re._parser's width of _DATE, which a test checks):
# a date starts at most _DATE_WIDTH - 1 characters before its 年 or 月 (see _dates)
_DATE_WIDTH = 13
_YEAR_MONTH = re.compile("[年月]")


def _dates(norm: str) -> Iterator[re.Match[str]]:
    """The matches of ``_DATE.finditer(norm)``, the same ones, read only around each 年 and 月: the
    expression tried at every position of a long letter cost it 38 µs (15 % of its detection), 13 µs so.
    For each 年/月 at ``k`` from where the last match ended, a date can start no earlier than
    ``k - _DATE_WIDTH + 1``; one starting at or before ``k`` reads no further than ``k + _DATE_WIDTH`` (its
    look-ahead included), so a search bounded there finds it as the whole text would. A match found later
    than ``k`` is left to the next 年/月's search."""
    pos, n = 0, len(norm)
    while True:
        ym = _YEAR_MONTH.search(norm, pos)
        if ym is None:
            return
        k = ym.start()
        mt = _DATE.search(norm, max(pos, k - _DATE_WIDTH + 1), min(n, k + _DATE_WIDTH + 1))
        if mt is not None and mt.start() <= k:
            yield mt
            pos = mt.end()
        else:
            pos = k + 1


# a date that something is planned for (拟于6月10日前往信访局, 定于3月5日集合, 准备15号去): the future, no
# past marker
_FUTURE = re.compile(r"(?:拟|将|定|计划|准备|打算|预计|预定|约定)于?$")
# a short name in quotes after a naming word or another name (一款鸡尾酒叫"燃烧瓶", 说是"跳楼价""大出血",
# 卖"炸药包"):
# the hit names a thing, it tells no event. Quoted speech (他扬言"弄死你") has no naming word before it
_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’，。！？,.!?]{1,8})(?=[”\"」』’])")
_NAMING = re.compile(r"(?:(?<![尖大喊哭惨嚎])叫|叫做|名叫|号称|所谓的?|称为|称作|是|卖|搞|款|道|个|[”」』’、])$")  # just before the quote
# what a past marker dates when one of these follows it: the citizen's earlier report (上周反映的那个
#漏气还没修; 上个月打过电话说的那个裂缝; 上次说的那个被挖破的燃气管), not the danger, which a follow-up
# tells as still there
# (上次说了没人管, 上回找过物业: a report told with 说了 or 找, ninth session of 2026-12-04)
_REPORTED = re.compile(r"(?:就|已经|也|都)?(?:反映|投诉|报修|举报|打过电话|打电话|留言|报过|说过|提过|说的|发的|讲的|说了|找过|找了)")
# what a past marker or a date names when it does not date the event told (_undated): a comparison with then
# (人比上次多, 水跟去年一样深: the event is now), a debt of then still unpaid (去年的工钱还没拿到), or the age of a
# building (2010年交房的小区, 这栋楼是八十年代的): the crowd, the debt or the crack is told as now
_COMPARED = re.compile(r"(?:比|跟|和|同|像)$")
_OWED = re.compile(r"的(?:工钱|工资|钱|账|欠款|货款|血汗钱|尾款|款)")
_BUILT = re.compile(r"(?:的(?:老)?(?:楼房|楼|房子|房|小区|宿舍)(?![道顶下上里梯])|交房|建成|建的|盖的|修的|交付)")
_BUILDING = re.compile(r"(?:楼|房|房子|小区|宿舍)是$")
# …or a state reached then and lasting (护栏去年就冲没了, 路灯上个月就不亮了): 就 + what broke, not 过 (去年就塌过一次)
_SINCE = re.compile(r"就(?:已经)?(?:坏|冲没|冲走|冲垮|冲坏|没了|没有了|塌|断|裂|漏|丢|松|歪|烂|不亮|不转|停)(?!过)")
# a hazard's safeguard told gone right after it (警示牌全被冲走了, 警示牌也没了, 护栏被人偷了): no safeguard, so it
# cancels nothing; the danger it was put up for is bare (ninth session of 2026-12-04)
# a body's part told right after a look-alike phrase of damage (被车撞断了腿, 被门夹断了手指): the phrase, written for a thing
# hit or broken (路灯杆被车撞断了), tells what was done to a person, so it masks nothing (see Matcher.walk)
_BROKEN = "断坏伤折歪弯破裂碎"  # (what a phrase of damage ends with)
_BODY_HURT = re.compile(r"了?(?:一条|两条|一只|两根|几根)?(?:腿|胳膊|手臂|手指|手腕|手|脚踝|脚|肋骨|骨头|腰|脖子|鼻梁|门牙|牙)")
_LOST = re.compile(r"(?:全|都|也|早就|早|已经|早都)?(?:[被叫让](?:水|雨|风|人)?)?(?:冲走|冲没|冲倒|刮倒|刮跑|刮没|偷|拆|拔|扔|砸|撞倒|撞坏|没了|没有了|不见了|丢了|倒了|坏了)")


def _undated(norm: str, start: int, stop: int) -> bool:
    """Whether the past marker or date at ``norm[start:stop]`` dates no event (see ``_COMPARED``)."""
    return (_COMPARED.search(norm, max(0, start - 1), start) is not None
            or _OWED.match(norm, stop) is not None or _BUILT.match(norm, stop) is not None
            or _SINCE.match(norm, stop) is not None
            or (norm.startswith("的", stop) and _BUILDING.search(norm, max(0, start - 3), start) is not None))
# …or a name told as one just after its quotes ("遗书"是这首歌的名字, "燃烧瓶"是一款酒)
# …or a name followed by what it names, a shop, a brand, a work (新开的"炸弹"奶茶店, "跳跳龙"儿童乐园)
_NAMED_AFTER = re.compile(r"(?:是|为)(?:这|那|一)?(?:首|部|本|款|家|个|道|种)"
                          r"|(?:[^,.!?;]{0,2}(?:店|馆|乐园|餐厅|饭店|餐馆|超市|商场|品牌|奶茶|酒吧|网吧|影院|游戏|节目|电影|综艺|"
                          r"套餐|口味|系列|小吃|火锅|烧烤|剧本|密室|烤肉|炸鸡|羊杂|拉面|面馆|串串|凉皮|包子|早餐|饺子))")
# …or a name that says itself what it names, a shop or a dish ("老刀烤肉"门口占道经营; "火爆炸鸡"): its last words, with
# no person or deed in it and no speech before it (他喊"我要炸了你的店" is what was said)
_SELF_NAMED = re.compile(r"^[^我你他她们了要把]*(?:店|馆|坊|铺|烤肉|烧烤|火锅|炸鸡|羊杂|拉面|串串|小吃|奶茶|超市|酒吧|餐厅|饭庄)$")
_SPOKEN = re.compile(r"(?:说|喊|叫|骂|吼|嚷|扬言|威胁|写|发)[着了道]?[:：]?$")
# a quote right after another (“活着没意义”“准备把自己交代了”; 是“跳楼价”“大出血”): one of a row, read as the row's first is
_IN_ROW = re.compile(r"[”\"」』’]、?$")
# 是 after what someone searched, wrote or said (搜索记录全是“…”; 留言写的是“…”; 他说的是“…”): their words, no name
_SAID_IS = re.compile(r"(?:搜|查|写|留言|发的|说的|喊的|念叨)[^，。！？,.!?“”\"]{0,4}?是$")


def _named_quotes(norm: str) -> list[tuple[int, int, None]]:
    """The short names in quotes of ``norm`` (叫"燃烧瓶", 是"跳楼价", "老刀烤肉"门口), each as a mask. A quote in a row of
    quotes is read as the row's first: a row of names (是“跳楼价”“大出血”) or a row of words someone said, wrote or searched
    (多次在朋友圈发“活着没意义”“准备把自己交代了”; 称“……”“出了事别怪我”), where a quote too long for a name starts it."""
    out: list[tuple[int, int, None]] = []
    last: tuple[int, bool] | None = None  # (where the last short quote's closing mark ends, whether it was a name)
    for mt in _QUOTED.finditer(norm):
        a, b = mt.start(), mt.end(1) + 1
        if _IN_ROW.search(norm, max(0, a - 2), a) is not None:
            # (the row's quote before it a short one: its reading; a longer one, too long for a name, was said)
            named = last is not None and last[1] and (a == last[0] or (a == last[0] + 1 and norm[last[0]] == "、"))
        else:
            named = ((_NAMING.search(norm, max(0, a - 3), a) is not None and _SAID_IS.search(norm, max(0, a - 8), a) is None)
                     or _NAMED_AFTER.match(norm, b) is not None
                     or (_SELF_NAMED.search(mt.group(1)) is not None and _SPOKEN.search(norm, max(0, a - 3), a) is None))
        last = (b, named)
        if named:
            out.append((a, b, None))
    return out


# a title in book-title marks (《自杀小队》, 《未成年人保护法》) names a work or a law: it tells no event
_TITLE = re.compile(r"《[^》]{1,16}》")
_QUOTES = ("“", '"', "「", "『", "‘", "《")  # (keys of the walk: a text holding one is read for names)
# what is done to or felt by a body: a likeness after it (打得像个血人, 烫得跟开水浇过似的, 咳得像要断气)
# tells the harm itself, not a figure (the `hyperbole` words that open with 得)
_BODILY = frozenset("打揍踢砸烫烧疼痛憋饿咳喘哭吐肿勒掐摔抽晕冻抖颤虚")
# a part of the body felt as the one a degree is told of (嗓子眼堵得慌, 眼睛辣得睁不开, 胸口闷得喘不上气): the
# degree is a symptom, not a figure of speech over a nuisance (not 心里堵得慌: the heart of feelings is no organ)
_ORGAN = re.compile(r"(?:嗓子眼|嗓子|喉咙|嗓眼|眼睛|眼|胸口|心口|胸|气管|鼻子|肚子|胃|脑袋|头)(?:都|也|还|又)?$")
# water told as the one a degree is told of (黄河水涨得好快, 水位涨得很快, 水流急得很): the river's state, no figure of
# speech over a nuisance (not the 水 of pay, sweat, tears or a drink: 薪水涨得比菜价慢)
_WATER = re.compile(r"(?:(?<![薪汗泪口油奶茶酒墨香胶药])水(?:流|位|势)?|浪|黄河)(?:都|也|还|又)?$")


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    near: bool
    within: int
    possible: bool
    severity: str
    menace: bool  # a menace naming no harm (走着瞧, 不会放过): a lawful way later in its sentence drops it



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


def _side_by_side(entries: list[Any]) -> list[Any]:
    """``entries`` with equal ones made one object, and each distinct one made anew, one after another
    (its tuples and large integers copied too), so that a table read at random by id sits in few cache
    lines instead of among the leftovers of its building: the same values in the same order, read
    faster (docs/classify.md, "Session of 2026-12-04 (third): cost")."""
    made: dict[Any, Any] = {}
    for x in entries:
        if x not in made:
            made[x] = _copy(x)
    return [made[x] for x in entries]


def _copy(x: Any) -> Any:
    """A new object equal to ``x``: a tuple rebuilt item by item, a rule made again, an integer of more than
    one digit recomputed (``x + 0`` makes a new one), anything else (None, a string, a small integer) as it is."""
    if isinstance(x, tuple):
        return tuple(_copy(y) for y in x)
    if isinstance(x, _Rule):
        return replace(x)
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 30:
        return x + 0
    return x


class Matcher:
    """The rules and the automaton of ``risk.toml``; :meth:`walk` reads one text (pure, thread-safe)."""

    def __init__(self, settings: RiskSettings, policy: Policy, chars: str = "",
                 order: Callable[[str], Any] | None = None) -> None:
        """``chars`` and ``order``: the model's characters, most frequent first, and the key that
        sorts the automaton's words by them (see trie_order): the words' ids follow that order."""
        m = settings.match
        if order is None:
            order = by_frequency(chars)
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
            for w in (*kind.unless, *kind.trifles):  # (a trifle reads as `unless`, and one clause further: see rules)
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
        for i, (_, _, bwords) in enumerate(policy.beside):
            for j, w in enumerate(bwords):
                add(w, "beside", (i, j))
        if settings.model is not None:
            for w in settings.model.quiet:
                add(w, "quiet", None)
        for role, rwords in (("mask", settings.expand(m.masks)), ("neg", m.negations), ("notneg", m.not_negations),
                            ("cond", m.conditionals), ("settled", m.settled), ("settledhere", m.settled_here), ("past", m.past),
                            ("unless", m.unless), ("standing", m.standing), ("ongoing", m.ongoing),
                            ("hyper", m.hyperbole), ("frame", m.frames),
                            ("turn", m.turns), ("notunless", m.not_unless), ("own", m.owns),
                            ("laugh", m.laughs), ("withdraw", m.withdrawals), ("lawful", m.lawful),
                            ("ask", m.asks), ("persist", m.persists),
                            ("handled", m.handled), ("eventpast", m.event_past),
                            ("thank", m.thanks), ("thankact", m.thank_acts), ("praise", m.praise), ("responder", m.responders),
                            ("rescued", m.rescued), ("liable", m.liable),
                            ("far", [p + k for p in m.far_places for k in m.far_marks]),
                            ("quote", _QUOTES),
                            # a comparison's end (一样, 似的): whether a text holds one, known from the walk
                            ("likeend", m.simile_ends if m.similes else ()),
                            # where clauses end, found by the walk: a search of its own per message
                            # (``_CLAUSE.finditer``) cost more than the walk's few more hits
                            ("break", _CLAUSE_MARKS)):
            for w in rwords:
                add(w, role, None)
        self._beside_near = policy.beside_near
        self._thanked = tuple(sorted(policy.thanked))
        self._closes = content_closes(m.content_closes)
        # one automaton for words, masks, negations, context and every rule's `near` cues (one walk
        # of the text, not one for words and another for cues; the model's n-grams have their own, see
        # .learned: nearly every position of a text holds an n-gram, and collecting those in C
        # (``list(iter)``) is cheaper than sorting them out of the few pattern hits in Python).
        # A cue with a digit (00名: any two digits and 名) cannot be a key of the automaton; those
        # few are one expression, searched only in a text that has a digit.
        digit_cues = {c: ids for c, ids in cue_rules.items() if "0" in c}
        self.cue_len = max(map(len, cue_rules), default=0)
        self.cue_rules = cue_rules  # (an `unless` word that is a rule's own cue cancels nothing for it)
        self._digit_rules = frozenset(i for ids in digit_cues.values() for i in ids)  # the rules having one
        # (tried only where one of them can start, a digit or another first character, not at every position:
        # the look-ahead that found them overlapping at every position cost a real letter 78 µs, this 21)
        self._digit_cues = (re.compile("(" + "|".join(_digit_cue(c) for c in sorted(digit_cues, key=len, reverse=True))
                                       + ")")
                            if digit_cues else None)
        firsts = {c[0] for c in digit_cues}
        self._digit_starts = re.compile("[" + ("0-9" if "0" in firsts else "")
                                        + "".join(re.escape(ch) for ch in sorted(firsts - {"0"})) + "]") if firsts else None
        words = self.words = sorted(roles.keys() | (cue_rules.keys() - digit_cues.keys()), key=order)
        # (its rules apart from its other roles: most hits are a rule's or a cue's only)
        # (a word that is a cue and nothing else, most of a text's hits, has no entry, None: the walk keeps the
        # automaton's own (start, end, id) of it as the cue, without unpacking an entry or making a tuple)
        self._values: list[tuple[tuple[int, ...], tuple[tuple[str, Any], ...], bool] | None] = []
        # the rules each cue is a cue of, as bits (see _bits), by its id: a word's id in the automaton, a cue with
        # digits (00名) one after them (0 for a word that is no cue)
        self.cue_bits: list[int] = []
        for word in words:
            rs = roles.get(word, [])
            ids = cue_rules.get(word) if word not in digit_cues else None
            self.cue_bits.append(_bits(ids) if ids else 0)
            self._values.append(None if ids and not rs else
                                (tuple(ref for role, ref in rs if role == "rule"),
                                 tuple((role, ref) for role, ref in rs if role != "rule"),
                                 bool(ids)))
        self._digit_cue_ids = {c: len(words) + k for k, c in enumerate(digit_cues)}
        self.cue_bits.extend(_bits(ids) for ids in digit_cues.values())
        # equal entries made one object (15,895 words, 2,929 distinct entries), laid out side by side once
        # the building is done: each hit reads its word's entry at random, and entries scattered among the
        # building's leftovers cost a cache miss each (see _side_by_side)
        self._values = _side_by_side(self._values)
        self.cue_bits = _side_by_side(self.cue_bits)
        self.rules = _side_by_side(self.rules)  # (read for each anchor: 709 rules, 149 distinct)
        # a double-array automaton (daachorse): a character's transition is one look-up, where a
        # trie scanning its children in turn compared it with every child of the root (1,500)
        self._ac = CharwiseDoubleArrayAhoCorasick(words)

    def walk(self, norm: str) -> Reading:
        """What the automaton finds in ``norm`` (normalised: see .text.normalise), each word read in
        its place: the rule words and cues, and the context that stands."""
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
        breaks: list[int] = []  # where each clause ends (a mark of _CLAUSE_MARKS)
        thanks: list[tuple[int, int]] = []  # 感谢, 谢谢: with a responder near, a thanks for what was done (see .over)
        thank_act = False  # 感谢信, 表扬信: a letter of thanks named as such; 很专业, 效率很高: the handling praised
        responders: list[int] = []  # 消防, 民警, 120: who a thanks is for
        rescued: list[tuple[int, str]] = []  # 就到了, 救了上来: settled when the text thanks a responder
        liable: list[tuple[int, int]] = []  # 找谁赔, 损失谁承担: who pays for damage done (see .over)
        far: list[tuple[int, int]] = []  # 上海那边, 国外有个: a far place as the scene (see .over)
        quoted = False  # a quotation mark: names in quotes are sought (see _QUOTED)
        like = False  # a comparison's end (一样, 似的): similes are sought (see _as_if)
        # whether the text disputes anything (可…真的): sought once, on the first marker asked about (most dispute
        # nothing), before someone's verdict at a marker is read as disputed (see _disputed); inline where it is
        # asked, not a function made for every message
        contest: bool | None = None
        notunless: list[tuple[int, int, str | None]] = []  # 油烟管道: an `unless` word inside tells no look-alike
        quiet: str | None = None  # a procedure question keeps the model quiet ([model] quiet)
        everyday: dict[tuple[str, int], str] = {}  # (kind, source list) -> the source named (烧树叶)
        danger: set[tuple[str, int]] = set()  # source lists whose sign of real danger is told (明火)
        alarms: dict[str, str] = {}  # kind -> its first sign of real danger told (被困, 出不来)
        cues: list[tuple[int, int, int]] = []  # (start, end, the cue's id: its rules are cue_bits[id])
        values = self._values
        for hit in find_all(self._ac, norm):
            entry = values[hit[2]]
            if entry is None:  # most hits are a cue and nothing else
                cues.append(hit)
                continue
            start, stop, i = hit
            rules, roles, cue = entry
            if cue:
                cues.append(hit)
            if rules:
                for ri in rules:
                    anchors.append((start, stop, ri))
            if not roles:
                continue
            # (the roles in the order they are most often found, in the written sets and the real letters:
            # a hit of a late one compared its role with every one before it)
            for role, ref in roles:
                if role == "break":
                    breaks.append(start)
                elif role == "unless":
                    # 不是演练: a drill denied is no drill; @心理援助热线: an account called on
                    if (not _denied(norm, start) and not _called_on(norm, start)
                            and not (ref == "safety_hazard" and _LOST.match(norm, stop) is not None)):
                        if contest is None:
                            contest = _CONTESTED.search(norm) is not None
                        if contest and _disputed(norm, start, stop):
                            # 物业说是消防演练，可楼道里的烟是真的呛人: their word, disputed: 疑似, for a person
                            conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                        else:
                            unless.append((start, stop, ref))
                elif role == "neg":
                    negs.append((start, stop))
                elif role == "responder":
                    responders.append(start)
                elif role == "danger":
                    if not _sign_denied(norm, start):  # 没有明火, 没着火: no sign at all
                        danger.add(ref)
                elif role == "mask":
                    # (not a thing's damage told of a body right after it: 被车撞断了腿 is a person's leg)
                    if norm[stop - 1] not in _BROKEN or _BODY_HURT.match(norm, stop) is None:
                        masks.append((start, stop, ref))
                elif role == "ongoing":
                    ongoing.append(start)
                elif role == "quote":
                    quoted = True
                elif role == "cond":
                    conds.append((start, stop))
                elif role == "standing":
                    # 打了好几次120: attempts now; 一动不动: no 动不动 (habit) at all
                    if ((start == 0 or (norm[start - 1] not in "了一" and _COUNTED.search(norm, max(0, start - 14), start) is None))
                            and _ATTEMPTS.match(norm, stop) is None):
                        standing.append((start, norm[start:stop]))
                elif role == "notneg":
                    notnegs.append((start, stop))
                elif role == "beside":
                    i, j = ref
                    if i in self._beside_near:
                        beside_at.append((i, j, start))
                    elif besides.get(i, j) >= j:
                        besides[i] = j
                elif role == "everyday":
                    everyday.setdefault(ref, norm[start:stop])
                elif role == "quiet":
                    if not norm.endswith(_HELP, 0, start):
                        quiet = quiet or norm[start:stop]
                elif role == "past":
                    # 上周反映的那个漏气: the past marker dates the report, not the danger (a follow-up)
                    if _undated(norm, start, stop):
                        pass
                    elif _REPORTED.match(norm, stop) is None:
                        past.append((start, norm[start:stop]))
                    else:  # (…yet the event reported, when its handling is the complaint: see _handled_past)
                        dated.append((start, norm[start:stop]))
                elif role == "turn":
                    turns.append((start, stop))
                elif role == "thank":
                    thanks.append((start, stop))
                elif role == "alarm":
                    if not _sign_denied(norm, start):  # 没有人被困: no sign at all
                        alarms.setdefault(ref, norm[start:stop])
                elif role == "frame":
                    # 不是说着玩的: a joke denied is meant; @银川新闻: an account called on
                    if not _denied(norm, start) and not _called_on(norm, start):
                        if start > 0 and _THEIR_VERDICT.search(norm, max(0, start - 14), start) is not None:
                            conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                        else:
                            frames.append((start, stop))
                elif role == "likeend":
                    like = True
                elif role == "handled":
                    handled.append((start, stop))
                elif role == "hyper":
                    if norm[start] != "得":
                        if (_ORGAN.search(norm, max(0, start - 4), start) is None
                                and _WATER.search(norm, max(0, start - 4), start) is None
                                and not (norm[stop - 1] == "得" and _PLAIN_DEGREE.match(norm, stop) is not None)):
                            hypers.append((start, stop))
                    elif start == 0 or norm[start - 1] not in _BODILY:
                        # 红得像着火了: a degree told by a likeness; 打得像个血人, 烫得跟: what was done to a body
                        likeness.append((start, stop))
                elif role == "rescued":
                    # 救护车还没到, 希望尽快赶到: no arrival; 赶到了，可火还在烧: what it settled stands
                    if (not _UNDONE.search(norm, max(0, start - 2), start)
                            and not _WISH.search(norm, max(0, start - 14), start)
                            and not _search(_STILL, norm, stop, _sentence_end(norm, stop))
                            and not _search(_REMAINS, norm, stop, _sentence_end(norm, stop))
                            and not norm.startswith("马上", start)
                            and not _PROMISED.search(norm, max(0, start - 10), start)):
                        rescued.append((start, norm[start:stop]))
                elif role == "lawful":
                    if _DISMISSED.match(norm, stop) is None:
                        lawful.append((start, norm[start:stop]))
                elif role == "notunless":
                    notunless.append((start, stop, ref))
                elif role == "laugh":
                    if not _denied(norm, start):  # 不是说笑的: meant
                        laughs.append((start, norm[start:stop]))
                elif role == "ask":
                    asks.append((start, stop))
                elif role == "withdraw":
                    # at the head of its own clause (真想打他，算了): 找几个人撒撒气算了 resolves to do it,
                    # and 不能就这么算了 takes nothing back
                    if start > 0 and _CLAUSE.match(norm, start - 1) is not None:
                        withdrawals.append((start, norm[start:stop]))
                elif role == "liable":
                    liable.append((start, stop))
                elif role == "eventpast":
                    if start == 0 or norm[start - 1] != "比":  # 比上回还深: a comparison dates nothing
                        dated.append((start, norm[start:stop]))
                elif role == "persist":
                    persists.append(start)
                elif role == "own":
                    owns.append(start)
                elif role == "far":
                    far.append((start, stop))
                elif role == "thankact":
                    thank_act = True
                elif role == "praise":
                    # 急救医生很专业, 效率很高: the handling praised thanks those who answered, as a letter of thanks
                    # does; not wished for or asked (希望以后处理得及时一点, 能不能来得及时点)
                    if not _WISH.search(norm, max(0, start - 14), start):
                        thank_act = True
                elif (not _UNDONE.search(norm, max(0, start - 2), start) and not _CONCEDED.search(norm, max(0, start - 5), start)
                      and not _WISH.search(norm, max(0, start - 14), start) and not _asked_for(norm, start)
                      and not (norm.startswith("好好", start) and _FAREWELL.search(norm, max(0, start - 6), start))
                      and not _search(_STILL, norm, stop, _sentence_end(norm, stop))):
                    # 还没修好 settles nothing; nor does 虽然扑灭了 (…可是旁边那些还在充, 线都烫手)
                    if contest is None:
                        contest = _CONTESTED.search(norm) is not None
                    if contest and _disputed(norm, start, stop):
                        # 工作人员说是误报…，可烟味真的很重: someone's verdict the writer disputes settles
                        # nothing, and what its sentence tells is 疑似, for a person to judge
                        conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                    elif ref == "minor_domestic" and _CAUSE_SAID.search(norm, max(0, start - 8), start) is not None:
                        conds.extend((c, c) for c in _clause_starts(norm, *_sentence(norm, start)))
                    elif not (start > 0 and norm[start] in "不没" and norm[start - 1] == norm[start + 1]) and not (
                            norm[stop - 1] == "是" and norm.startswith(("不是", "否"), stop)) and not (
                            _DENIED_STORY.search(norm, start, stop) is not None and _search(_CONTRAST, norm, stop) is not None):
                        # (是不是真的, 有没有事: an A-not-A question settles nothing, nor does an answer word that opens
                        # one, 我问了是不是哪家漏气 / 一看是不是: the writer asks what it is; nor does a story denied with a
                        # contrast after it, 我觉得是假的，可是他昨晚发了告别的话: what remains is told after it, as for _CORRECTED)
                        settled.append((start, norm[start:stop], ref))
                        if role == "settledhere":
                            here.add(start)
        if anchors and ("没" in norm or "好" in norm or "醒" in norm or "正常" in norm or "退" in norm or "接" in norm
                        or "降" in norm):
            # an outcome told after the event (see _RESTORED, _WELL), with the checks every settled word has (还没好,
            # 虽然现在好了, 希望早日恢复正常, …可还是…)
            for rx, kinds in ((_RESTORED, ("safety_hazard", "medical")), (_WELL, ("medical",)), (_REMEDIED, ("medical",))):
                for mt in rx.finditer(norm):
                    start, stop = mt.start(), mt.end()
                    lo = _clause(breaks, start, len(norm))[0]
                    if (not (_SARCASM.fullmatch(norm, lo, stop) is not None and norm[stop:stop + 1] in (",", "，", ";", " "))
                            and not _UNDONE.search(norm, max(0, start - 2), start)
                            and not _CONCEDED.search(norm, max(0, start - 5), start)
                            and not _WISH.search(norm, max(0, start - 14), start) and not _asked_for(norm, start)
                            and not _search(_STILL, norm, stop, _sentence_end(norm, stop))
                            and not (rx is _WELL and _search(_BUT, norm, stop, _sentence_end(norm, stop)))):
                        settled.extend((start, mt.group(), k) for k in kinds)
            settled.sort(key=_word_end)
        if anchors and (hearsay := _HEARSAY.search(norm)) is not None:
            # a rumour passed on, then corrected (see _CORRECTED): settled, for every kind, from the correction back
            for mt in _CORRECTED.finditer(norm, hearsay.end()):
                if (not _WISH.search(norm, max(0, mt.start() - 14), mt.start())
                        and _NOT_SO.search(norm, max(0, mt.start() - 3), mt.start()) is None  # (这不是谣言: it is so)
                        # (是不是真的, 是假的吗: asked, not told)
                        and not (mt.group().startswith("不") and norm[mt.start() - 1:mt.start()] == "是")
                        and _ASKED_AFTER.match(norm, mt.end()) is None
                        # (我觉得不是真的: a belief, no correction; …，但他今天一直没来上班: what remains is told after it)
                        and _BELIEVED.search(norm, max(0, mt.start() - 6), mt.start()) is None
                        and _search(_CONTRAST, norm, mt.end()) is None):
                    settled.append((mt.start(), mt.group(), None))
            settled.sort(key=_word_end)
        if anchors and ("炸" in norm or "爆" in norm or "火" in norm or "烟" in norm or "塌" in norm):
            # (a figure of speech, as 吵得 is: the model's guesses beside it stay quiet too, see .learned)
            figures = [(mt.start(), mt.end()) for mt in _FIGURE.finditer(norm)]
            if figures:
                masks.extend((a, b, None) for a, b in figures)
                hypers.extend(figures)
                hypers.sort(key=_SECOND)
        if "解脱了" in norm:  # 考完了 解脱了: relief reached after a task (see _RELIEF)
            masks.extend((mt.start(1), mt.end(1), None) for mt in _RELIEF.finditer(norm))
        if "拼了" in norm:  # 为了抢到票，我拼了 read as 为了…我拼了: the writer's effort for a thing wanted, no one faced
            masks.extend((mt.start(1), mt.end(1), None) for mt in _EFFORT.finditer(norm))
        if quoted:  # a short name in quotes reads as a look-alike phrase (叫"燃烧瓶", 是"跳楼价")
            # (the quotes first, a naming word just before each: the expression starts with its quote,
            # so the search skips to quotation marks instead of trying every naming word everywhere)
            masks.extend(_named_quotes(norm))
            if "《" in norm:
                titles = list(_TITLE.finditer(norm))
                masks.extend((mt.start(), mt.end(), None) for mt in titles)
                # 看完《…》…太可怕了; 《…》里…那段: a work told as watched or read frames its sentence as the
                # work's, as 电视剧里 does (not a norm, a file or a firm a letter names: .over.is_work)
                frames.extend((mt.start(), mt.end()) for mt in titles if is_work(norm, mt.start(), mt.end()))
        rescues: list[tuple[int, str]] = []
        deeds: list[tuple[int, int, str]] = []
        thanked_at = thanked(norm, thanks, responders) if thanks and responders else []
        if thanked_at:  # 谢谢网格员帮忙叫了120送医院: what a thanks names in its clause is the deed done
            deeds = [(b, _clause(breaks, b, len(norm))[1], norm[a:b]) for a, b in thanked_at]
        if rescued and (thanked_at or thank_act or closing(norm, thanks)):
            # 感谢物业师傅，昨晚厨房漏气，师傅半夜赶到了: the rescue thanked for settles what it followed
            rescues = rescued
            settled.extend((a, w, k) for a, w in rescued for k in self._thanked)
            settled.sort(key=_word_end)
        if (anchors and self._closes is not None and (close := self._closes.search(norm, max(0, len(norm) - 40))) is not None
                and _NEGLECT.search(norm, _sentence(norm, close.start(1))[0], close.start(1)) is None):
            # …，挺好; 几百人在操场，挺热闹: the writer's own verdict closing the post says what it told is fine: it
            # settles its sentence for a crowd, a hazard or an emergency (_CONTENT_KINDS), not for a kind with a sign of
            # real danger told (被困, 出不来: …挺热闹 of a crowd on cracking ice is irony)
            settled.extend((close.start(1), close.group(1), k) for k in self._thanked
                           if k in _CONTENT_KINDS and k not in alarms)
            here.add(close.start(1))
            settled.sort(key=_word_end)
        if far:  # 上海那边一个小区着火了: a story from elsewhere, as 外地发生 is
            unless.extend(elsewhere(norm, far, breaks))
            unless.sort(key=_SECOND)
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
        if anchors and ("月" in norm or "年" in norm):  # dates and 十年前, 两个月前: past markers too (see _DATE)
            past.extend((mt.start(), mt.group()) for mt in _dates(norm)
                        if not _FUTURE.search(norm, max(0, mt.start() - 4), mt.start())
                        and not _undated(norm, mt.start(), mt.end())
                        and not norm.startswith(("前往", "前去"), mt.end()))
        return Reading(norm, anchors, cues, masks, negs, notnegs, conds, unless, settled, here, past, standing,
                       ongoing, hypers, likeness, frames, turns, laughs, withdrawals, lawful, asks, besides,
                       beside_at, persists, handled, dated, breaks, like, quiet, everyday, danger, alarms,
                       rescues, deeds, liable, {}, [], {})

    def cues(self, r: Reading) -> list[tuple[int, int, int]]:
        """The `near` cues of ``r`` by end, with those holding digits (00名: 23名, 150名), which no key
        of the automaton can be: searched only for a text with an anchor and a digit."""
        cues = r.cues
        if self._digit_cues is not None and _ANY_DIGIT.search(r.norm):
            digit_rules = self._digit_rules
            for _, _, ri in r.anchors:
                if ri in digit_rules:
                    break
            else:  # no anchor is of a rule with such a cue: the cues it would add are no anchor's (none is read)
                return cues
            ids = self._digit_cue_ids
            norm, match = r.norm, self._digit_cues.match
            assert self._digit_starts is not None  # (both built from the same digit cues)
            more = []
            for at in self._digit_starts.finditer(norm):
                mt = match(norm, at.start())
                if mt is not None:
                    more.append((at.start(), mt.end(), ids[mt.group(1).translate(_DIGITS)]))
            if more:
                cues = sorted(cues + more, key=_SECOND)
        return cues
