"""The context checks that cancel a hit or keep it: denials, questions, stories owned, history.

Each function answers one question about the words around a hit or a context word (is this frame
denied, 不是开玩笑的? is this verdict someone else's that the writer disputes? is the danger only the
topic of a question for a way, 怎么举报家暴? is a past event told with how it was handled?), so that
the rule check (:mod:`.rules`), the word walk (:mod:`.matching`) and the model step (:mod:`.learned`)
ask it the same way. The word sets below are the denials each of them reads.

Cost: each check is a bounded search a few characters before or after its position (a sentence at
most), run only for a hit or a context word the walk found.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from monitor.classify.risk.spans import _CLAUSE, _SECOND, _clause, _search, _sentence_end, _sentence_ends, _word_end

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
# a denial that names what it denies and then says what is so (不是开玩笑，是真的想死; 不是燃气味，是下水道
# 返味): the denial holds for what lies between it and the 是, not for a hit told after that 是
_CONTRASTS = frozenset({"不是", "并非", "并不是"})
# a hazard told as ceased (也不冒火花了: 不 right before its word or cue, 了 right after; see `.rules`): what the rule
# check cancels a hazard's hit by, and a denial the model's hazard guess keeps quiet for too (see `.learned`)
_CEASED = "不…了"
# a denial that, told after every hit of a kind, explains what they told (那个冒白烟的不是着火): see `explained`
_EXPLAINING = _FLAT_DENIALS - {"没"} | _CONTRASTS
# "nobody" (没人管 denies nothing) denies what it is told right before, one character at most
# between (没有人晕倒, 没人受伤, 没有人被困); 没人发现老人晕倒 says the collapse happened
_NOBODY = frozenset({"没人", "没有人", "没有一个人", "无人"})
_NOBODY_BEFORE = re.compile(r"(?:没人|没有人|无人|未见|未发现)$")  # 没有人被困: a sign nobody suffered
# a settlement taken back later in its sentence (扑灭了，可现在他们还是照样在楼道里充): what it settled stands
# (…or told again in a clause of its own: 上个月就被救下来过一次，今天又来了)
_STILL = re.compile(r"(?:可|但|不过|然而|只是)[^。！？!?\n]{0,6}(?:还是|照样|依然|仍然|仍旧|还在|又)"
                    r"|[,;](?:今天|今晚|现在|这次|这回|刚才|刚刚|昨天|昨晚)?又")
# someone's verdict (说是误报, 称没事) that the writer disputes later in its sentence (可烟味真的很重, 但还是
# 一股焦味): the verdict settles and frames nothing (see _disputed)
_SAID = re.compile(r"(?:说|称|讲|认为|觉得|判断)(?:是|这是|就是|只是|都)?[^，。！？,.!?;；]{0,2}$")
_CONTESTED = re.compile(r"(?:可|但|不过|然而)[^。！？!?\n]{0,10}(?:真的|明明|确实|分明|还是|照样|又|一直|越来越)"
                        # …or doubted by the writer's own senses (物业说是下水道返味，我咋闻着都不像)
                        r"|(?:咋|怎么)[^。！？!?\n]{0,4}(?:都不像|不像)"
                        # …or by the state worsening since, with no contrast word (医生称没事，现在越来越难受): what
                        # someone judged settled is told as growing, which no verdict of theirs settles
                        r"|(?:越来越|愈发|更加)(?:严重|厉害|难受|疼|痛|肿|喘|晕|重)|加重了|更严重了|更厉害了"
                        # …or by the state told as still so since, with no contrast word (都说修好了，到现在还是这样),
                        # or by the writer's distrust (物业说是误报，来电人不放心; 都说是开玩笑，我觉得不像) (sixth session of
                        # 2026-12-05, risk-otherkind)
                        r"|(?:到现在|现在|至今|到今天|如今)(?:都|也)?(?:还是|仍然|依然|照样)|不放心|信不过|不太相信|不相信"
                        r"|(?:觉得|看着|听着|闻着)(?:也|都)?不像")
# a frame or look-alike context just after a denial is denied (不是说着玩的, 没开玩笑, 并非演练)
_DENIAL = re.compile(r"(?:不是|并非|没|不)[在有]?开?$|以为(?:我|他|她|是)?[在是]?开?$")  # 都以为我在开玩笑: it was not
# an account called on (@宁夏心理援助热线, //@银川新闻:): a context or frame word in its name is who the
# writer turns to for help, not what the message is about (a hotline's publicity, a news story)
_ADDRESSED = re.compile(r"@[^，。！？,.!?;；:：#@\s]{0,12}$")
# a lawful way dismissed right after it is named (打官司有什么用, 投诉也没用): no way the writer means to take
_DISMISSED = re.compile(r"[了过]?(?:又|也|都|还)?(?:有什么用|有啥用|有个屁用|没用|没有用|不管用|白搭|顶什么用|管什么用)")
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


# the act named as the topic of a verdict or a definition (打孩子不好，要讲道理; 打孩子到底管不管用; 同归于尽是什么意思;
# 评论:家暴零容忍): the hit opens its clause, with nothing before it but a label or an opinion's opening (我觉得), and
# the verdict follows it at once. The act is talked about as such, told of nobody; told of someone it stands
# (他打孩子不对, 老公天天打孩子，这样不好吧: someone before it in its clause, or the verdict a clause away)
_VERDICT = re.compile(r"(?:到底|究竟|真的|其实|本身|根本)?(?:是不对的|是错的|是错误的|是不好的|不对(?!劲)|不好(?![好说意受过办])|不可取|要不得|"
                      r"解决不了问题|管不管用|管用吗|有没有用|有用吗|有效吗|是什么意思|什么意思|啥意思|零容忍)")
# (the rest of a longer word begun by the hit, 同归 of 同归于尽, may stand between: two characters at most)
# (not a quote's end: 你刚发的"晚安，永别"是啥意思 asks what someone's own words meant)
_VERDICT_AFTER = re.compile(r"[^\s,.;:!?\n\"“”'‘’「」]{0,2}?(" + _VERDICT.pattern + ")")
_VERDICT_OPENING = re.compile(r"(?:[^,:;.!?]{0,8}:)?(?:我觉得|我认为|我感觉|其实|说实话|你们说|大家说|说到底)?")


def _judged(norm: str, lo: int, s: int, e: int) -> str | None:
    """The verdict or definition (不好, 管不管用, 是什么意思) a hit at ``s:e`` is the bare topic of: the hit opens its
    clause (from ``lo``; a label, 评论:, or an opinion's opening, 我觉得, may stand before it) and the verdict follows it
    at once (到底 or 真的 between). None when the hit is told of someone or the verdict is not right after it."""
    mt = _VERDICT_AFTER.match(norm, e)
    if mt is None or _VERDICT_OPENING.fullmatch(norm, lo, s) is None:
        return None
    return mt.group(1)


# a rule asked about a class of people, the class opening its clause and the question closing it (初中生可以去网吧吗;
# 小学生能不能一个人坐电梯?): a rule, told of nobody; a child of one's own (我儿子…) or a report (学生可以随便
# 进出网吧，好几个…通宵) is no such question
_CLASS_ASKED = re.compile(r"(?:未成年人?|小学生|中学生|初中生|高中生|小孩子?|孩子们|儿童|小朋友|老年人)(?:到底|究竟)?"
                          r"(?:可以|能不能|可不可以|能否|让不让|准不准|允不允许|能)[^,.;!?\s]{0,16}?(?:吗|\?)")


def _class_asked(norm: str, lo: int, s: int) -> str | None:
    """The rule question about a class of people (未成年人可以…吗) that opens the clause from ``lo`` (a label or a question's
    opening aside, 请问, may stand before it) and holds the hit starting at ``s``, or None."""
    op = _VERDICT_OPENING.match(norm, lo)
    at = op.end() if op is not None else lo
    if (opening := _OPENING.match(norm, at)) is not None:
        at = opening.end()
    mt = _CLASS_ASKED.match(norm, at)
    if mt is None or not at <= s < mt.end():
        return None
    return mt.group()


# a danger supposed (万一, 如果, 要是…) and asked what one should do about it or who pays (万一厨房漏气了该怎么处理; 如果在
# 小区里被狗咬了，疫苗钱谁出; 万一被困电梯里怎么办): knowledge asked for, told of nobody. Someone told between the supposition
# and the hit (万一他真跳了怎么办; 如果我老公再打我怎么办) makes it about a person: it stands (疑似, as a conditional)
_SUPPOSED = re.compile(r"万一|如果|要是|假如|假设|一旦|遇到|碰到|遇上")
_WHAT_TO_DO = re.compile(r"(?:应该|应当|该|要|得)?(?:怎么|如何)(?:做|办|处理|处置|自救|逃生|应对)|怎么办|往(?:上|下|哪|外)跑"
                         r"|先[^,.;:!?\s]{1,8}还是|钱?谁(?:出|赔|负责|承担)|会被[^,.;:!?\s]{0,4}吗|(?:要|该|应该)?注意(?:什么|哪些)")
_SOMEONE = re.compile(r"[我他她你俺]|老公|老婆|丈夫|妻子|男人|媳妇|男友|女友|邻居|孩子|儿子|女儿|闺女|娃|爸|妈|爷|奶|"
                      r"天天|每天|经常|总是|又|昨|今天|刚|正在|现在|已经")


# (what _supposed returns, 万一…应该怎么做: read by the model step, which keeps its guess of the kind quiet beside it)
_SUPPOSED_ASKED = re.compile(r"(?:" + _SUPPOSED.pattern + r")….+")


def _supposed(norm: str, lo: int, s: int, e: int, end: int) -> str | None:
    """The supposition (万一…) in the hit's clause (from ``lo``) before the hit at ``s:e``, with nobody told between, and
    the question what to do (…应该怎么做) after the hit in its sentence (up to ``end``): ``万一…应该怎么做``; else None."""
    sup = None
    for mt in _SUPPOSED.finditer(norm, lo, s):
        sup = mt
    if sup is None or _SOMEONE.search(norm, sup.end(), s) is not None:
        return None
    what = _search(_WHAT_TO_DO, norm, e, end)
    return None if what is None else f"{sup.group()}…{what.group()}"


# a question asked ahead of need, its purpose told (燃气抢修电话是多少？想存手机里备用; 电梯里万一被困了找谁？提前问问心里
# 有底; 120能定位吗，提前了解一下; 救护车要交押金吗，想了解一下收费规定; 这是真的吗？求专业回答; 电热毯会不会着火，有没有
# 使用建议): knowledge sought before anything happened, told of nobody. For hazards and emergencies only, what citizens get
# ready for: a cry or harm at home asked about "for a friend" or "to understand the terms" is how they are veiled too. Not
# when the hit's sentence tells something now (刚, 正在, 现在, 今天, 已经…), nor beside a sign of real danger of the kind
# (session of 2026-12-05, second)
_AHEAD = re.compile(r"提前(?:问|了解|咨询)|(?:存|记|设)[^，。！？,.!?;；\n]{0,6}备用|心里有底|使用建议|求专业(?:回答|解答|人士)"
                    r"|(?:了解|弄清楚|搞清楚|弄明白|问清楚)[^，。！？,.!?;；\n]{0,4}(?:规定|标准|条款|流程|政策|收费)")
_AHEAD_KINDS = frozenset({"safety_hazard", "medical"})
_ASKING = re.compile(r"[?？吗]|请问|是不是|会不会|能不能|有没有|怎么|找谁|多少")
_NOW_TOLD = re.compile(r"刚|正在|现在|此刻|今天|今晚|昨|已经|突然|快来|赶紧|救命")


def _ahead(norm: str, lo: int, hi: int) -> str | None:
    """The purpose of a question asked ahead of need (see _AHEAD) in ``norm``, when the text asks and the sentence of
    the hit (``lo:hi``) tells nothing now; else None."""
    if _search(_ASKING, norm, 0) is None or _search(_NOW_TOLD, norm, lo, hi) is not None:
        return None
    mt = _search(_AHEAD, norm, 0)
    return None if mt is None else mt.group()


# a resolve announced (谁也别拦我, 别劝了, 谁也别找我) whose object the post names as an everyday decision (明天就辞职，谁也别
# 拦我; 我要专心考研了 谁都别拦我; 明天开始休假 谁也别找我; 别劝了 这房子我不买了): a decision about a job, a study, a
# purchase or a holiday, no farewell. Only the resolve's own hit is read so (a means, a place or a cry beside it stands on
# its own), and not 不干了 or 回老家, which an ending is told by too (session of 2026-12-05, second)
_RESOLVE = re.compile(r"别拦|别劝|别找我|别叫我|别管我")
_DECISION = re.compile(r"辞职|辞了职|跳槽|换工作|考研|考公|备考|休假|年假|不买了|不租了|搬家|减肥|学车")


# a crowd gathered for an occasion the post names (爷爷八十大寿，全家四十多口人聚在一起; 腊八了 全村人聚在一起熬粥;
# 明天球赛，七点体育馆门口集合; 开学家长会，…连过道都站满了; 迎新晚会 几百人在操场; 公会战今晚八点，全员集合): a feast, a
# show, a match, a school's meeting, an outing or a game, anywhere in a post that tells no grievance and no conflict
# (_GRIEVANCE: 退票, 讨债, 上访, 堵, 围, 推搡, 挤倒…: a concert cancelled and its crowd at the gate wanting refunds is a
# crowd's danger, and so is a crush at a festival's gate, 铁栏杆都被挤弯了…喊救命). For crowds only; the kind's `unless` reads such words in the hit's clause and the one before, this the
# whole post (session of 2026-12-05, second)
_OCCASION = re.compile(r"大寿|寿宴|过生日|生日宴|婚礼|喜宴|腊八|年夜饭|团圆饭|晚会|联欢|演唱会|音乐节|球赛|看球|运动会|家长会|"
                       r"开学典礼|毕业典礼|迎新|春游|秋游|团建|聚餐|同学会|庙会|灯会|社火|公会战|开黑|副本")
_GRIEVANCE = re.compile(r"讨|欠|退票|退钱|退款|上访|信访|维权|横幅|说法|抗议|罢工|闹事|堵|围|拦|挤倒|踩|推搡|打起来|打架|砸|冲突|"
                        r"骂|喊口号|不让走|警察|保安|报警|出事|乱|"
                        # …nor a crush (几千人挤在一起，铁栏杆都被挤弯了，前面有人在喊救命)
                        r"救命|挤弯|挤坏|挤塌|倒|伤|晕|血|危险|吓人")


def _told_without(norm: str, told: re.Pattern[str], *without: re.Pattern[str]) -> str | None:
    """What ``told`` finds first in ``norm``, when none of ``without`` finds anything anywhere in it; else None."""
    mt = _search(told, norm, 0)
    return None if mt is None or any(_search(rx, norm, 0) is not None for rx in without) else mt.group()


def _occasion(norm: str) -> str | None:
    """The occasion a crowd in ``norm`` gathered for (see _OCCASION), when the post tells no grievance or conflict; else
    None."""
    return _told_without(norm, _OCCASION, _GRIEVANCE)


# a school's mild punishment told with its small offence or its short time (上课说话，被罚站了; 午睡说话，站了五分钟; 罚站了
# 一节课，就因为没带作业本), often asked about (这个正常吗, 算不算体罚, 合理吗): a parent weighing a rule, no child harmed.
# Not with anything harsh told anywhere in the post (_HARSH: outdoors or in the cold, for hours or a night, a blow, a
# wound, a faint, food withheld, a child shut in: 大冬天被罚站在门外; 罚站了一下午，还被扇了耳光), which is how harm at
# home and at school is told by every writer (session of 2026-12-05, second)
_PUNISHED = re.compile(r"罚站")
_MILD = re.compile(r"上课说话|午睡说话|说话|没带|没交|忘带|迟到|[一二三四五六七八九十几\d]+分钟|一会儿?|一节课")
_HARSH = re.compile(r"门外|门口|阳台|院子|走廊|楼道|操场|太阳|冬天|零下|冷|冻|单衣|秋衣|光着|整天|一天|晚上|一夜|深夜|半夜|"
                    r"小时|钟头|下午|上午|打(?!电话)|扇|掐|耳光|踢|伤|血|肿|晕|烧|不让吃|没吃|饿|关|跪|骂|吓|哭")
_PUNISHED_MILDLY = re.compile(r"罚站….+")


def _mild_punishment(norm: str) -> str | None:
    """``罚站…<the offence or the time>`` when ``norm`` tells a mild punishment with nothing harsh (see _MILD); else
    None."""
    if _search(_PUNISHED, norm, 0) is None or _search(_HARSH, norm, 0) is not None:
        return None
    mt = _search(_MILD, norm, 0)
    return None if mt is None else f"罚站…{mt.group()}"


# a fight (拼了, 拼命, 玩命) told against a thing or as a lawful step taken next (我跟12306拼了; 跟这破网线拼了; 我跟他拼了！
# 明天就去劳动局告他; 跟他拼了——明天就搬走): a ticket site or a device is fought with no one to hurt, and a fight whose
# next words are a complaint, a suit or a move is the writer's resolve to take their due (effort for a goal, 为了夏天拼了,
# is matching._EFFORT's). Not with anything harmful told anywhere else in the post (_ARMED: a weapon, fire, a death, a
# blow, a gang), nor a person as the one fought with nothing lawful after it (跟他拼了; 跟开发商拼了) (session of
# 2026-12-05, third)
_FIGHT = re.compile(r"拼|玩命")
_THING = re.compile(r"(?:跟|和|同)(?:这|那)?(?:个|台|根|道|条|张|些|破|烂)*"
                    r"(?:\d{3,}|网线|宽带|网速|电脑|手机|路由器|打印机|系统|软件|作业|试卷|考试|这道题|数学题|高数|论文|方案|报告|ddl|"
                    r"截止日期|体重|肥肉|闹钟|抢票)$")
_LAWFUL_NEXT = re.compile(r"[!,.;~\s—-]*(?:明天|马上|今天|回头|下周|月底|下个月|周一|现在)?(?:我)?(?:就|直接|立马|马上)?(?:去)?"
                          r"(?:劳动局|劳动监察|仲裁|法院|起诉|告他|告她|告你|投诉|打12345|消协|市场监管|找律师|搬走|搬家|退租|不租了|辞职)")
_ARMED = re.compile(r"刀|斧|锄|锹|锨|棍|棒|汽油|煤气|液化气|农药|硫酸|枪|炸|烧|死|血|砍|捅|杀|泼|揍|收拾|弄|堵|偿命|算账|找人|"
                    r"几个人|家伙|一命|打(?:死|断|残|一顿|他|她|你|人)")
_FOUGHT = re.compile(_THING.pattern[:-1] + "|" + _LAWFUL_NEXT.pattern)


def _fought_for(norm: str, lo: int, s: int, e: int) -> str | None:
    """What a fight told at ``s:e`` (拼了, 跟你拼了, 玩命) is for, when it is no one's harm (see _FIGHT): the thing fought
    right before it in its clause (from ``lo``: 跟12306) or the lawful step told right after it (明天就去劳动局); None
    otherwise, or when anything harmful is told elsewhere. (Effort for a goal, 为了夏天拼了, is matching._EFFORT's mask.)"""
    if _FIGHT.search(norm, s, e) is None or _ARMED.search(norm[:s] + "|" + norm[e:]) is not None:
        return None
    if norm[s] not in "跟和同":  # (跟他拼了, 跟你拼了: someone is named as the one fought)
        mt = _THING.search(norm, max(lo, s - 12), s)
        if mt is not None:
            return mt.group()
    mt = _LAWFUL_NEXT.match(norm, e)
    return None if mt is None else mt.group().lstrip("!,.;~ —-")


# a child told content or praised (孩子在姥姥家住了一周，天天视频，乖得很; 俩娃在楼下堆雪人，玩疯了; 儿子现在天天抢着去
# 幼儿园; 闺女今天背会了三首古诗): family talk, which the model reads by its words (孩子, 奶奶, 老师, 幼儿园) as harm at home.
# Not with anything harsh, fearful or sad told anywhere in the post (_UNHAPPY: a blow, a wound, hunger, a child shut in,
# scolded, frightened, hiding, crying, thin: 孩子以前很乖，现在一听见开门声就躲; 平时挺乖的，身上却老有紫印子), which is how
# harm at home is told beside a child's good nature. The model's guess only (session of 2026-12-05, third)
_CONTENT = re.compile(r"乖得很|很乖|真乖|可乖|挺乖|(?<!只)好乖|玩疯了|玩得(?:很|可|挺|特别|老|好)?(?:开心|高兴|嗨|欢)|抢着(?:去|上)|"
                      r"(?:很|特别|挺|非常|可)(?:温柔|有耐心)|背会了")
_UNHAPPY = re.compile(r"打(?!电话|视频|水仗|雪仗|球|游戏|疫苗|针|卡|工)|扇|掐|踢|抽|耳光|伤|血|肿|紫|青|疤|烫|饿|不给吃|没吃|关|锁|"
                      r"跪|骂|吓|怕|躲|不敢|哭|抖|瘦|不说话|不让|逼|罚|不乖|不听话")


def _content_child(norm: str) -> str | None:
    """A child's contentment or praise told in ``norm`` (see _CONTENT), when nothing harsh, fearful or sad is told; else
    None."""
    return _told_without(norm, _CONTENT, _UNHAPPY)


# sleep told as ordinary sleep: its waking (一觉睡过去了，醒来都中午了), its comfort (被窝太舒服了, 赖床) or sleepiness with
# the writer off to bed (困得熬不住了，先睡了). A wish never to wake, a long sleep and endurance at its end are how 轻生 is
# told (想睡过去再也别醒; 熬不住了), and none of those tells a waking or a bed's comfort. Only a sleep's or endurance's own
# hit (睡, 醒, 熬), and not with a means, a forever or a cry anywhere in the post (_NO_WAKING: 药, 炭, 煤, 永远, 别醒, 再也,
# 没意思, 解脱…) (session of 2026-12-05, third)
_SLEPT = re.compile(r"醒来(?:都|已经|才)?(?:是|到)?(?:[零一二三四五六七八九十两\d]+点|中午|下午|晌午|天都亮|天亮了)|醒来一看|"
                    r"闹钟都?没听见|被窝[^,.;!?\s]{0,3}舒服|赖床|睡懒觉|先睡了|睡觉去了|困得|困死了")
_SLEEP_WORD = re.compile(r"[睡醒熬]")
_NO_WAKING = re.compile(r"永远|别醒|不醒|再也|不用再|不想再|不再|药|炭|煤|安定|死|活着|没意思|解脱|结束|消失|对不起|遗|走了|跳|割|"
                        r"惩罚|折磨|痛苦|撑不住|想好|方式")


def _slept(norm: str, s: int, e: int) -> str | None:
    """The ordinary sleep (see _SLEPT) told in ``norm`` beside a sleep's or endurance's hit at ``s:e``, when no means, no
    forever and no cry is told anywhere; else None."""
    if _SLEEP_WORD.search(norm, s, e) is None or _search(_NO_WAKING, norm, 0) is not None:
        return None
    mt = _search(_SLEPT, norm, 0)
    return None if mt is None else mt.group()


# an elder's story of the old days set against now (听我姥爷讲，六几年闹水灾，半个村子都冲没了，现在有了水库再不怕了; 奶奶
# 说她们那代人年轻时候吃不饱，饿死过人，现在日子多好): what the elder told, from their telling to the now the writer sets
# against it, is history, however many clauses it takes. An elder's telling of now is a report (我爷爷说他胸口疼), so the
# telling needs the old days named beside it (过去, 那代人, 年轻时, 八几年…) and a now told after the hit; not with anything
# told between them as going on or sudden (还, 又, 一直, 突然, 刚…: 奶奶讲着过去的事，突然晕倒了，现在还没醒)
# (session of 2026-12-05, third)
_ELDER = re.compile(r"(?:爷爷|奶奶|姥姥|姥爷|外公|外婆|太爷|太奶|老人家?|老一辈|老辈人|老人们)(?:们)?[^,.;!?\s]{0,6}?(?:讲|说|回忆|念叨)")
_OLD_DAYS = re.compile(r"过去|那代人|那一代|年轻时|小时候|那时候|那会|那个年代|旧社会|[五六七八九]几年|[五六七八九]十年代|六零年|解放前")
_SET_AGAINST = re.compile(r"现在|如今")
_STORY_GOES_ON = re.compile(r"还在|还是|又|一直|突然|刚|正在|今天|昨天|昨晚")


def _elder_story(norm: str, s: int, e: int) -> str | None:
    """``爷爷讲…现在`` when the hit at ``s:e`` lies in an elder's story of the old days (see _ELDER) that the writer sets
    against now after it, within the hit's sentence or the next; None otherwise."""
    told = None
    for mt in _ELDER.finditer(norm, max(0, s - 60), s):
        told = mt
    if told is None or _OLD_DAYS.search(norm, told.start() - 4 if told.start() >= 4 else 0, s) is None:
        return None
    now = _SET_AGAINST.search(norm, e, _sentence_end(norm, _sentence_end(norm, e) + 1))
    if now is None or _STORY_GOES_ON.search(norm, told.end(), now.start()) is not None:
        return None
    return f"{told.group()}…{now.group()}"


# a cry of hardship whose cause told is a price gone up (猪肉又涨价了，这日子没法过了; 房租一个月涨了两百，这日子没法过了;
# 鸡蛋都涨到七块一斤了，这日子没法过了): a complaint about the cost of living, addressed to those who set or watch prices. Only a weak cue of
# 轻生 (日子没法过, 想死…), and not with the writer's own plight, a means, a place or an end told anywhere in the post
# (_PLIGHT: 交不上, 欠, 债, 没钱, 失业, 病, 湖, 桥, 跳, 药, 死, 了结…), which is how a cry over money is told by those in
# danger (份子钱交不上，天然气又涨价，我把车开到湖边上了) (session of 2026-12-05, third)
_PRICE_UP = re.compile(r"涨(?:价|了|到|成|[一二三四五六七八九十两几\d][一二三四五六七八九十两几百千万\d]*[块元倍毛]?)|又涨")
_PLIGHT = re.compile(r"交不上|交不起|交不了|欠|债|贷|没钱|还不上|还不起|失业|下岗|工作|裁员|开不下去|离婚|老婆|老公|孩子|娃|病|住院|"
                     r"湖|河|渠|桥|楼顶|天台|跳|药|绳|炭|煤气|刀|酒|死|了结|结束|不想活|活不|撑不|熬不|没意思|绝望|对不起|再见")


def _price_cry(norm: str) -> str | None:
    """The price gone up (see _PRICE_UP) that ``norm`` tells as a cry's cause, when it tells no plight of the writer's
    own, no means, place or end; else None."""
    return _told_without(norm, _PRICE_UP, _PLIGHT)


# running away announced as a wish or a threat, not done (我要离家出走去吃顿火锅; 被亲戚问工资问对象，想离家出走; 儿子嚷着要
# 离家出走，青春期的娃咋管): a mood vented by the writer or a child's phase asked about by a parent, the run not made. The
# kind's `unless` reads a child's bargaining (说要离家出走, 就离家出走) in the hit's clause; this reads the writer's own 要 and
# 想 and a child's 嚷着要. Not when it is done (离家出走了, 出走两天), nor with harm, fear, a rejection or a search told
# anywhere in the post (_AWAY_HARM: 打, 骂, 关, 饿, 赶出, 不要我, 找不到, 联系不上, 纸条…: 我妈天天打我，我想离家出走，去哪
# 里可以住) (session of 2026-12-05, third)
_AWAY_WISHED = re.compile(r"(?:要|想|嚷着要|吵着要|闹着要|喊着要)$")
_AWAY_HARM = re.compile(r"打(?!游戏|电话|球|牌|麻将)|骂|关|锁|饿|伤|怕|赶出|赶我|滚|不要我|不管我|赔钱货|天了|一夜|几天|两天|"
                        r"没回|不回|找不到|联系不上|关机|不见|报警|派出所|纸条|字条|别找|死|活")


def _wished_away(norm: str, s: int, e: int) -> str | None:
    """``要离家出走`` when the hit at ``s:e`` (离家出走) is announced as a wish or a threat (see _AWAY_WISHED), not done, and
    nothing harmful, fearful or a search is told anywhere; else None."""
    mt = _AWAY_WISHED.search(norm, max(0, s - 3), s)
    if mt is None or norm[e:e + 1] == "了" or _search(_AWAY_HARM, norm, 0) is not None:
        return None
    return mt.group() + norm[s:e]


# sleeping pills asked about as a medicine: sought for sleeplessness through a doctor (失眠好久了，想去医院开点安眠药，挂什么
# 科; 睡不着，药店说要处方) or expired ones to be thrown away (过期的安眠药该扔哪个垃圾桶). A hoard is told with its count
# or its sufficiency (医院一次只开七片，我已经存了四次; 再跑两家就够了; 想多开点，一次性解决), and a cry or an end beside
# it; none of those here (_HOARD) (session of 2026-12-05, third)
_PILLS = re.compile(r"安眠药|安定片?|助眠药|艾司唑仑|佐匹克隆|阿普唑仑|地西泮")
_SLEEPLESS = re.compile(r"失眠|睡不着|睡不好|倒时差")
_PRESCRIBED = re.compile(r"挂(?:什么|哪个|啥)科|处方|医院开|医生开|去医院|医保")
_EXPIRED = re.compile(r"过期")
_THROWN = re.compile(r"扔|处理|回收|垃圾桶")
_HOARD = re.compile(r"多开|够|存|攒|一次性|[几多少]片|一瓶|一板|整板|全吃|都吃|吞|不醒|醒不|死|活|解决|留恋|对不起|撑不|熬不|找出来|"
                    r"找了出来|想不开|结束|睡过去|走了|拖累|麻烦谁|不想")
_PILL_TOLD = re.compile(r"(?:失眠|睡不着|睡不好|倒时差|过期)….+")


def _pill_as_medicine(norm: str) -> str | None:
    """``失眠…挂什么科`` or ``过期…扔`` when ``norm`` asks about sleeping pills as a medicine (see _PILLS): sought for
    sleeplessness through a doctor, or expired and thrown away, with no hoard, cry or end told; else None."""
    if _search(_PILLS, norm, 0) is None or _search(_HOARD, norm, 0) is not None:
        return None
    for first, then in ((_SLEEPLESS, _PRESCRIBED), (_EXPIRED, _THROWN)):
        a, b = _search(first, norm, 0), _search(then, norm, 0)
        if a is not None and b is not None:
            return f"{a.group()}…{b.group()}"
    return None


# a neighbour's child whose play is the writer's nuisance (楼下的小孩天天拍球，吵得午觉都睡不成，跟家长说了也没用; 楼上娃半夜
# 还在跳绳; 隔壁小孩放炮，把我家猫吓得钻床底): noise or a ball at the window, complained of to the parents or the office.
# A neighbour's child is how harm at home is reported above all (隔壁天天听见小孩哭喊; 楼下那家孩子被关在阳台上), so the
# play must be named (踢球, 蹦, 跳绳, 拍球, 放炮…) and nothing told anywhere of a blow, a cry, hunger, a child alone or shut
# in, or a fall (_NOT_PLAY) (session of 2026-12-05, third)
_NEIGHBOURS_CHILD = re.compile(r"(?:楼上|楼下|隔壁|对门|邻居)[^,.;!?\s]{0,3}?(?:小孩|孩子|娃|小朋友)")
_PLAY = re.compile(r"踢球|蹦|跳绳|拍球|放炮|放鞭炮|水枪|练琴|弹琴|滑板|轮滑|跑来跑去|跺脚")
_NOT_PLAY = re.compile(r"打(?!球|游戏|电话)|骂|哭|喊|叫|饿|关|锁|伤|血|一个人|大人不在|没大人|没人|摔|掉|窗台|阳台|空调|护栏|危险|"
                       r"疼|晕|罚|赶|吓唬他|偷")


def _play_nuisance(norm: str) -> str | None:
    """``楼下的小孩…拍球`` when ``norm`` tells a neighbour's child's play (see _PLAY) and nothing of harm, a cry or a child
    alone; else None."""
    who = _search(_NEIGHBOURS_CHILD, norm, 0)
    if who is None or _search(_NOT_PLAY, norm, 0) is not None:
        return None
    play = _search(_PLAY, norm, 0)
    return None if play is None else f"{who.group()}…{play.group()}"


# a fire risk named as the ground of someone else's ban or worry, the writer asking about the rule (物业不让装充电桩，说有火灾
# 隐患，这个谁说了算; 电动车进电梯被拦了…这个规定是谁出的; 有业主说离楼太近怕着火，有规定距离吗): the hazard is what a
# ban already answers, and the writer's question is about the ban. Not with a hazard told as present or persisting
# anywhere (_HAZARD_NOW: 着火了, 冒烟, 火花, 漏, 刚, 照样, 还是, 堆满, 飞线…: 物业贴了告示不让，可还是照样飞线充电)
# (session of 2026-12-05, third)
_BANNED = re.compile(r"不让|被拦|拦了|禁止|不准|不许|告示")
_GROUND = re.compile(r"(?:说|称|怕|担心)[^,.;!?\s]{0,6}?(?:火灾隐患|消防隐患|隐患|着火|起火)")
_RULE_ASKED = re.compile(r"谁说了算|规定|依据|谁出的|谁定的|合法吗|合理吗|能拆|那咋|怎么办")
# (a ban with no ground named is read only beside what it bans for fire: an e-bike, a charger, a heater, gas, fireworks)
_FIRE_LOAD = re.compile(r"电动车|电瓶车|电瓶|充电|电暖|电池|燃气|煤气|液化气|烟花|鞭炮")
_HAZARD_NOW = re.compile(r"着火了|起火了|着过|冒烟|烧起来|火花|焦|漏|刚|正在|照样|还是|还在|堆满|堆了|飞线|拉线|私拉|一直|天天|"
                         r"每天|经常|总是|老是|危险|吓人")
_BAN_ASKED = re.compile(r"(?:不让|被拦|拦了|禁止|不准|不许|告示|说|称|怕|担心).*?….+")


def _ban_asked(norm: str) -> str | None:
    """``不让…谁说了算`` when ``norm`` names a fire risk as the ground of someone's ban or worry (see _GROUND; a ban with no
    ground named, beside what it bans for fire: _BANNED, _FIRE_LOAD) and asks about the rule, with no hazard told as
    present or persisting; else None."""
    ban = _search(_GROUND, norm, 0) or (_search(_BANNED, norm, 0) if _search(_FIRE_LOAD, norm, 0) is not None else None)
    if ban is None or _search(_HAZARD_NOW, norm, 0) is not None:
        return None
    asked = _search(_RULE_ASKED, norm, 0)
    return None if asked is None else f"{ban.group()}…{asked.group()}"


# a policy's suicide clause read on someone else's behalf (帮我爸看保单，自杀免责是两年吗; 我是卖保险的，客户问意外险保不保
# 自杀; 给家里人买保险，想把条款弄清楚): the clause is the topic, the policy another's. Those who weigh their own death ask the
# same question with their own plan beside it (我想给娃留点钱; 受益人是我闺女; 我要是没了), so a policy read for a parent, a
# customer or the family is cancelled only with nothing of the writer's own end, debt or plight anywhere (_OWN_END). Only a
# hit that names 自杀 (session of 2026-12-05, third)
_FOR_ANOTHER = re.compile(r"帮(?:我|家里)?(?:妈|爸|爸妈|父母|家里人|老人|客户|朋友|亲戚)?(?:看|查|研究|问)[^,.;!?\s]{0,6}?(?:保单|条款|合同)|"
                          r"我是?(?:卖|做)保险|客户问|给(?:家里人|我妈|我爸|爸妈|父母|老人|家人)买(?:保险|意外险|寿险)")
_OWN_END = re.compile(r"我没了|我死了|我走了|我不在|如果我|要是我|人要是|自己没了|留点|留给|留份|留下|受益人|还不上|欠|债|贷|辞退|"
                      r"下岗|裁|破产|失业|绳|药|跳|没意思|活|撑不|熬不|懂的都懂|安排好|想好|娃|闺女|孩子|女儿|儿子")


def _clause_for_another(norm: str) -> str | None:
    """The reading on another's behalf (帮我爸看保单, 卖保险, 给家里人买保险: see _FOR_ANOTHER) of a policy whose suicide
    clause ``norm`` asks about, with nothing of the writer's own end or plight told; else None."""
    return _told_without(norm, _FOR_ANOTHER, _OWN_END)


# an animal as the one a body's sign or a loss is told of (仓鼠不吃东西，是不是快不行了; 狗丢了，在公园附近走失的): no person
# suffers it (see _animal_told); one's own possessive before it names no person (我家狗)
_ANIMALS = r"仓鼠|蜘蛛|乌龟|金鱼|鹦鹉|兔子|泰迪|猫咪|小猫|小狗|狗狗|宠物|狗|猫"
_ANIMAL = re.compile(_ANIMALS)
_OWNER = re.compile(r"(?:[我你他她俺]们?|咱们?)家?的?(?=" + _ANIMALS + ")")
# what an animal does to a person (咬, 扑, 抓, 撞…): told after it, the animal is the one who did it
_BITES = re.compile(r"咬|扑|抓|挠|撞|追|冲|叼|蹬|踢|顶|拱|啄|蛰|蜇|缠")
_PERSON = re.compile(r"[我你他她俺人娃爸妈爷奶姥]|孩子|儿子|女儿|闺女|小孩|宝宝|婴儿|学生|老公|老婆|丈夫|媳妇|家长|邻居|同学|朋友|"
                     r"大爷|大妈|阿姨|叔|姨|哥|姐|弟|妹|老师|师傅|小朋友|老头|老太")


def _animal_told(norm: str, lo: int, s: int, hi: int) -> str | None:
    """The animal a hit at ``s`` is told of: named before it in its sentence (from ``lo``), with no person named there up
    to the end of the hit's clause (``hi``) but the owner of the animal (我家狗), and not told as the one who did it (被狗,
    a bite or a charge told between it and the hit). None otherwise."""
    mt = _ANIMAL.search(norm, lo, s)
    if mt is None:
        return None
    if (mt.start() > 0 and norm[mt.start() - 1] in "被让叫给") or _BITES.search(norm, mt.end(), s) is not None:
        return None  # (一条大狗冲过来，一口咬在腿上，血流不止; 被狗扑倒: the animal did it to a person)
    if _PERSON.search(_OWNER.sub("", norm[lo:hi])) is not None:
        return None
    return mt.group()


_AGAIN = re.compile("又")


def _in_clause(items: list[tuple[int, str]], lo: int, hi: int) -> list[tuple[int, str]]:
    """The items (start, word) of ``items``, in their order by end (the walk's), that end in the clause ``lo:hi``:
    bisected, not read through. No word holds a clause mark, so those starting in the clause are among them."""
    return items[bisect_left(items, lo + 1, key=_word_end):bisect_right(items, hi, key=_word_end)]


def _handled_past(norm: str, handled: list[tuple[int, int]], past: list[tuple[int, str]],
                  dated: list[tuple[int, str]], ongoing: list[int], lo: int, hi: int, e: int, shi: int) -> str | None:
    """A past event told with how it was handled (那回跑水把车库淹了，开发商到今天都没赔; 电梯关人那天维保
    四十分钟才到; 那次食堂中毒的调查结果至今没公开): the marker that dates the hit's clause ``lo:hi`` and the
    handling told after the hit (ending at ``e``) in its sentence (ending at ``shi``), as ``上回…没赔``; None
    when either is missing, or when the sentence says after the hit that the danger is so now: an
    ``ongoing`` word that is not the handling's (到今天都没赔, 调查结果至今没公开 are) or 又 (今天又淹了)."""
    # (handled is by stop, as the walk found them: those ending by ``e`` start before it, and are bisected past)
    how = next((norm[a:b] for a, b in map(handled.__getitem__, range(bisect_right(handled, e, key=_SECOND), len(handled)))
                if e <= a < shi), None)
    if how is None:
        return None
    when = next((w for a, w in past if lo <= a < hi), None) or next((w for a, w in _in_clause(dated, lo, hi) if lo <= a < hi), None)
    if when is None or _search(_STILL, norm, e, shi) is not None or _search(_AGAIN, norm, e, shi) is not None:
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
    ends = _sentence_ends(norm)
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
            and _search(_CONTESTED, norm, stop, _sentence_end(norm, stop)) is not None)



def _called_on(norm: str, start: int) -> bool:
    """Whether the word at ``start`` is inside an account's name called on (@宁夏心理援助热线)."""
    return start > 0 and _ADDRESSED.search(norm, max(0, start - 12), start) is not None



# the writer's own recourse told as an ultimatum's consequence (再不退款，我就把这家店的事发到抖音上; 你们等着，我明天就
# 去信访局; 我就去市长信箱写信; 我就装摄像头，拍到了直接交给城管; 我会让记者来的): what the writer will do is publish,
# write, petition or hand evidence to an office, a way to one's due like 投诉 or 起诉; the grammar of a threat around it
# (我就, 等着, 看谁) is the complaint's. The writer names it (我/我们/咱 before 就, 会, 要, 一定 or 直接), nothing harmful is
# told on the way to it nor after it in its sentence (_HARM_ON_WAY: 带着菜刀去信访局, 死在你们信访局门口, 发抖音，再去
# 他家收拾他), and, as for a lawful way, a place is no way, nor a dare's act or someone else's ultimatum (see
# _not_the_writers_way)
_RECOURSE = re.compile(r"(?:我|我们|俺|咱)[^。！？!?\n，,；;]{0,4}?(?:就|会|要|一定|直接)(?P<way>[^。！？!?\n]{0,12}?)"
                       r"(?:发(?:到|在|给)?(?:网上|抖音|快手|微博|朋友圈|"
                       # …or a review, a block, a post to the owners' group or a word to the office that manages the
                       # matter (你等着，我这就给你写个差评; 我就拍照发业主群，再不行找物业和城管; 我明天就去街道递材料;
                       # 我就把教练微信拉黑) (seventh session of 2026-12-05)
                       r"小红书|大众点评|点评|业主群|群里|物业|城管|社区|街道)|差评|拉黑|递材料|递交材料|按程序|走程序|"
                       r"找(?:物业|城管|社区|街道|居委会|市场监管|市场管理)|市场监管|市场管理处|消协|"
                       r"网上曝光|全网曝光|曝光|信访局|信访办|市长信箱|写信|"
                       r"向上反映|往上反映|交给(?:城管|市场监管|派出所|警察|交警|法院)|叫拖车|找记者|让记者|叫记者|找媒体|"
                       r"找电视台|"
                       # …or a vote, a suit or a complaint of the writer's own (业主大会下月我们就投票把物业换了; 我一定起诉到底;
                       # 我就打12345投诉) (sixth session of 2026-12-05)
                       r"投票|罢免|起诉|告到|打官司|找律师|投诉|举报|打12345|12345|打12315|12315|仲裁)")
# (nor a step already taken, the cause of someone's menace: 我就给了个差评，店老板私信我说知道你在哪个小区)
_DONE_WAY = re.compile(r"[给打写发交](?:了|过)|因为")
# (nor a condition told on the way: 要是敢分手就把…照片发到网上 is someone's dare, its 就 the consequence)
_HARM_ON_WAY = re.compile(r"[死杀砍刀烧炸油血命撞捅泼毒跳揍砸剁扎划废踹掐绑就敢]|点了|收拾|弄|打(?!电话|12345|官司|个?差评|个?[一二两三四五1-5]星)|"
                          r"要是|如果")


# a threat dared on a lawful act (我要是敢去法院起诉，他就带着娃去跳河; 他说我敢申请就打死我; 谁再去举报他，就让谁…):
# someone's harm promised to stop the writer using the law; the lawful words, and a question about them in the
# clause before (保护令怎么申请，他说我敢申请就…), are what the threat is about, not a complaint's look-alike talk
_DARED = re.compile(r"(?:敢|谁再|要是再|如果再|[我你他她俺]再)[^。！？!?\n]{0,12}?(?:起诉|告|申请|投诉|举报|报警|仲裁|上访|信访|找记者|曝光|离婚)"
                    r"(?:[^。！？!?\n]{0,8}?就|[^。！？!?\n,;]{0,16}[,;]就)")


def _dared(norm: str, lo: int, s: int) -> str | None:
    """The dare a hit at ``s`` is promised on (敢去法院起诉，他就…), read from ``lo`` (the start of the clause before
    the hit's) up to the hit, or None: its 就 lies in the hit's clause or ends the one before, right before the hit."""
    mt = _DARED.search(norm, lo, s)
    while mt is not None and s - mt.end() > 8:  # (the last dare before the hit, its 就 close to it)
        mt = _DARED.search(norm, mt.end(), s)
    return None if mt is None else mt.group()


# a past occasion told with 就 as the proof of a danger still there (排水沟的闸门还坏着，去年就是这淹了半个村; 挖出好多
# 大坑，上礼拜就有娃没上来; 好几家烟囱都是坏的，去年就有一家人中毒): "it already happened then" argues it will happen
# again, so the past marker makes a hit of a kind whose `past` cancels 疑似 instead, as a cause told as still there
# (`persists`) does. Only a calendar occasion (not 当时就, 当天就: at that moment; not 小时候就: since then)
_PROOF_PAST = frozenset({"去年", "前年", "上次", "上周", "上星期", "上礼拜", "上个月", "上月", "以前", "前几年", "几年前", "前些年"})


# (…not a death dated then, 他爷爷去年就走了: someone gone since, no danger argued)
_GONE_SINCE = re.compile(r"就(?:已经)?(?:走了|去世|过世|不在了|没了)")


def _proof(norm: str, at: int, word: str) -> bool:
    """Whether the past marker ``word`` at ``at`` opens a proof (去年就…, 上次就…): see _PROOF_PAST."""
    stop = at + len(word)
    return word in _PROOF_PAST and norm.startswith("就", stop) and _GONE_SINCE.match(norm, stop) is None


# the lawful way a threat guess is kept quiet by, when it is not the writer's way to get their due: an office
# named as the place the writer will be (明天去劳动局门口，要么给钱要么一起完蛋: where, not how), the act a dare
# is promised on (谁再去劳动监察举报他，就让谁…), or someone else's ultimatum told before the writer's answer
# (工头放话谁再来要钱就报警，行啊，…): the other side's way, which the writer's menace answers
_AT_PLACE = re.compile(r"(?:的)?(?:门口|大门|楼下|楼顶|楼上|大厅|院里|门前)")
_THEIR_WORDS = re.compile(r"(?:老板|包工头|工头|老总|领导|经理|对方|物业|房东|他|她|他们)(?:还|又|就|都)?(?:说|扬言|威胁|放话)"
                          r"(?:再|要是|如果|敢)[^。！？!?\n]{0,8}就$")


def _not_the_writers_way(norm: str, mt: re.Match[str]) -> bool:
    """Whether the lawful way matched by ``mt`` is a place, a dare's act or someone else's ultimatum (see above)."""
    if _AT_PLACE.match(norm, mt.end()) is not None:
        return True
    if _in_dare(norm, mt.start(), mt.end()):
        return True
    return _THEIR_WORDS.search(norm, max(0, mt.start() - 14), mt.start() + mt.group().startswith("就")) is not None


def _in_dare(norm: str, a: int, b: int) -> bool:
    """Whether ``norm[a:b]`` lies in the act a threat is dared on (谁敢去劳动仲裁，他就…; 再敢投诉就…: see _DARED)."""
    dare = _DARED.search(norm, max(0, a - 14), min(len(norm), b + 10))
    return dare is not None and dare.start() <= a and b <= dare.end()


# what harm a menace told beside the writer's recourse would still name, away from the menace's own words: a weapon, fire,
# a blow or a death dealt (not a figure's 死: 物业你们就装死吧), a gang, a reckoning of lives
_MENACE_ARMED = re.compile(r"刀|斧|锄|锹|锨|棍|棒|汽油|煤气|液化气|农药|硫酸|枪|炸|烧|血|砍|捅|杀|泼|揍|偿命|一命|拼命|玩命|同归|"
                           r"[弄打整掐砍捅撞毒搞干]死|去死|一死|死在|找人|几个人|家伙|打(?:断|残|一顿|他|她|你|人)|堵他|堵你|"
                           r"门口|楼顶|跳")


def menace_answered(norm: str, s: int, e: int) -> str | None:
    """The writer's own recourse (see _recourse) told in ``norm`` beside a menace at ``s:e`` that names no harm (走着瞧,
    让他混不下去, 不会放过), when nothing else in the post names harm (see _MENACE_ARMED); else None. The menace's grammar
    is the complaint's: 下月我们就投票把物业换了，走着瞧; 我要曝光他，让他在银川混不下去."""
    way = _recourse(norm)
    if way is None or _MENACE_ARMED.search(norm[:s] + "|" + norm[e:]) is not None:
        return None
    return way


def _recourse(norm: str) -> str | None:
    """The recourse the writer names as an ultimatum's consequence in ``norm`` (see _RECOURSE), or None: nothing
    harmful told on the way to it, and not a place, a dare's act or someone else's ultimatum (see _not_the_writers_way)."""
    mt = _RECOURSE.search(norm)
    while mt is not None:
        end = _sentence_end(norm, mt.end())
        # (the way read up to the recourse it leads to, no further: 打 before 差评 is no blow)
        harm = _HARM_ON_WAY.search(norm, mt.start("way"), mt.end())
        if ((harm is None or harm.start() >= mt.end("way")) and _DONE_WAY.search(mt.group("way")) is None
                and not _not_the_writers_way(norm, mt)
                and _search(_HARM_ON_WAY, norm, mt.end(), end) is None):
            return mt.group()
        # (the next writer's word on: a condition's 我要是再挂 holds the 我就…拉黑 after it, read on its own)
        mt = _RECOURSE.search(norm, mt.start() + 1)
    return None


# a video call with one's own kin (我姥爷在老家，视频里见他倒在炕边; 我儿子在外地上学 视频里说室友打他): 视频里
# names no clip of elsewhere but what a relative showed or said, first-hand; the kin named before it in its sentence
_CALL_WORDS = frozenset({"视频里", "视频中"})
_KIN = re.compile(r"(?:我|俺)(?:家)?(?:的)?(?:奶奶|爷爷|姥姥|姥爷|外婆|外公|妈|爸|老妈|老爸|母亲|父亲|儿子|女儿|闺女|孙子|孙女|外孙|外甥|侄子|侄女"
                  r"|老公|丈夫|媳妇|老婆|哥|姐|弟|妹|娃|孩子)")


def _video_call(norm: str, at: int) -> bool:
    """Whether the 视频里 at ``at`` is a call with the writer's kin, named before it in its sentence (see _KIN)."""
    lo = max(0, at - 40)
    for stop in "。！？!?\n":
        lo = max(lo, norm.rfind(stop, lo, at) + 1)
    return _KIN.search(norm, lo, at) is not None


# a danger told now in its own clause (小区里在跳绳，抬头看见楼顶站着个人要往下跳): the clause before may name what
# the writer was doing or where (跳绳, a kind's `unless` word), yet the hit's clause names someone else, seen there,
# doing the deed: the topic before does not frame it. Someone seen is an indefinite person placed or seen (站着个人,
# 看见有人, 看见一个男的; not 有人 alone, a guess or a role: 是不是有人…, 有人扮…), never the writer (我: 跳绳满分
# 太难了，我不想活了 is hyperbole about the clause before)
_PEOPLE = r"(?:人|男的|女的|男子|女子|小伙|姑娘|老人|大爷|大妈|阿姨|女孩|男孩|学生)"
_SEEN = re.compile(r"(?:(?:站|坐|趴|蹲|爬|骑|挂|躺)(?:着|在)|(?:看见|看到|发现|瞅见|瞧见))(?:有)?(?:一)?(?:个|名|位)?" + _PEOPLE
                   # …or told the other way round, the person and then where they are (有个人站在桥栏杆外面, 有个男的坐在
                   # 楼顶边上): someone placed there, as 站着个人 is; not 有人 with no place (有人扮…, 是不是有人…)
                   + r"|有(?:一)?(?:个|名|位)?" + _PEOPLE + r"(?:站|坐|趴|蹲|爬|骑|挂|躺)(?:在|到)")
# …or the post calls the police, an ambulance or the fire brigade at once (快报警, 赶紧打120): a call a writer makes
# for a danger now, not the cry hyperbole ends with (快来人救救我, 救命: a test paper drives one mad too)
_CALL_NOW = re.compile(r"(?:快|赶紧|赶快|马上)(?:帮忙|帮我)?(?:报警|打110|打120|打119|叫救护车|叫120|叫消防)")


# …but not what was watched, read or heard before it (看了部电影，看到一个人从楼顶跳下去; 网上看到…; 听说…): a scene
# shown or relayed is seen by no writer there
_RELAYED = re.compile(r"电影|电视|剧|片|小说|新闻|报道|视频|游戏|歌词|动画|漫画|综艺|直播|听说|据说|传言|网上|朋友圈|群里|梦")


# an ultimatum of the hit's own clause, its condition before the hit (再不解决我就拿刀…; 要是还不给钱，就…): the writer's
# lawful step told in the clause before (我要去投诉) is what was tried, and the clause escalates past it, so it frames nothing
_ULTIMATUM = re.compile(r"(?:再不|还不|要是不|如果不|不然|否则)[^。！？!?\n]{0,12}?就")


def _escalated(norm: str, lo: int, s: int) -> bool:
    """Whether the hit at ``s`` is an ultimatum's consequence in its own clause from ``lo`` (see _ULTIMATUM)."""
    return _ULTIMATUM.search(norm, lo, s) is not None


# …or the hit's own clause tells its time as now (今天我爸…晕过去了; 现在喘得说不出话; 刚才…): the clause before
# it is the matter the writer came from (医保报销的事…没弄好; 今天雾霾加上隔壁烧秸秆), its exception word the
# topic of that clause, not what the danger told now is about (eighth session of 2026-12-05)
_TOLD_AS_NOW = re.compile(r"今天|现在|刚才|刚刚|此刻|正在|这会儿|眼下")
# …or someone is acted on in it (教练把孩子头按在水里): a deed done to a person, whatever the setting named before
# (游泳班), or someone's own (把我家孩子…); not a warning (千万别把孩子…, 不要把孩子…)
_ACTED_ON = re.compile(r"(?<![别不要])把(?:孩子|娃|小孩|儿子|女儿|闺女|老人|我|他|她)")


def _told_now(norm: str, lo: int, hi: int) -> bool:
    """Whether the clause ``lo``–``hi`` of a hit tells its own danger now: someone seen in it, or the post calls for
    help (see _SEEN, _CALL_NOW), or its time is told as now, or someone is acted on (_TOLD_AS_NOW, _ACTED_ON), and
    nothing before it says the scene was watched or relayed (_RELAYED); then an `unless` word in the clause before it
    frames nothing."""
    return ((_SEEN.search(norm, lo, hi) is not None or _CALL_NOW.search(norm) is not None
             or _TOLD_AS_NOW.search(norm, lo, hi) is not None or _ACTED_ON.search(norm, lo, hi) is not None)
            and _RELAYED.search(norm, 0, lo) is None)
