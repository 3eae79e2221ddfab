"""Look-alikes told in ways common to many writers: what a whole post tells that makes a hit of a kind harmless.

The checks here were built in the fourth session of 2026-12-05 from the look-alikes flagged certain on many
development sets by different writers, not from one writer's way of telling: each one names what makes the danger's
words harmless in the post as a whole (a jump that is a sport, ...) and the words that, told anywhere beside it, keep
the hit as it is. The rule check (:mod:`.rules`, through ``_told_harmless``) cancels a hit by them and the model step
(:mod:`.learned`) keeps its guess of the kind quiet beside them; both name what they return in the explanation.
"""

from __future__ import annotations

import re

# (each check here has context's shape: what makes the hit harmless told, what would keep it told nowhere)
from monitor.classify.risk.context import _told_without
from monitor.classify.risk.matching import _CONTENT_KINDS, _NEGLECT
from monitor.classify.risk.spans import _search

# a jump that is a sport or a ride (蹦极, 跳伞, 滑翔伞, a diving board's 跳台, 跳绳, 跳远, 跳高, 蹦床, 滑索), named anywhere in the
# post: 在沙湖蹦极跳了一次，还想再跳; 教练让从跳台上跳下去; 跳绳考试 孩子说跳不下去了; 想从山上跳下去飞一圈 (with 滑翔伞). 跳
# beside a height or 跳下去 is how 轻生 is told, and no development danger of it names such a sport; not with a cry or an end
# told anywhere (_CRY: 不想活, 活着, 想死, 解脱, 一了百了, 遗书, 对不起, 撑不下去…), a call for help (快来人, 救命, 报警,
# 拦住) or a height no such sport is done from (楼顶, 天台, 阳台, 窗台, 桥, 栏杆), the words of a wish to die or of someone
# about to jump that a sport would not explain (孩子们在楼下跳绳。三号楼顶站着个人要往下跳). 死 alone is left out: 刺激死
# 了, 死活不敢跳 tell a degree. 跳水 is left out too: 河边跳水 is said of a jump into a river as well
_JUMP_SPORT = re.compile(r"蹦极|跳伞|滑翔伞|翼装|跳台|跳绳|跳远|跳高|立定跳|蹦床|滑索")
_CRY = re.compile(r"不想活|不活了|活着|活够|活不下去|想死|去死|寻死|自杀|轻生|解脱|一了百了|了结|遗书|遗言|对不起|再见了|永别|"
                  r"撑不下去|熬不下去|撑不住|没意思|绝望|离开这个世界|结束自己|结束生命|不想醒|快来|来人|救命|报警|拦住|劝下来|"
                  r"楼顶|天台|阳台|窗台|窗户|桥|栏杆")


def jumped_for_sport(norm: str) -> str | None:
    """The sport (see _JUMP_SPORT) a jump in ``norm`` is told of, when the post tells no cry and no end; else None."""
    return _told_without(norm, _JUMP_SPORT, _CRY)


# a beating weighed or denied: parents who tell their view of discipline (老公说孩子不听话就得打，我不同意，我觉得要讲道理;
# 我觉得娃犯了错罚站就行，不能打，大家怎么看) or say a blow never came (混合双打预定…其实我爸妈从来不打我; 说要打断我的腿，说了
# 二十年了，一次没打过). Harm at home is told by the same words (打, 老公, 孩子), and no development danger of it tells such
# a view or denial; not with a blow done, a wound, fear or a habit told anywhere (_BLOW_TOLD: 打了, 打得, 又打, 天天, 伤,
# 青, 哭, 怕, 不敢, 关, 饿, 跪, 皮带, 推…) nor a change (突然, 最近, 现在, 昨天, 喝…). A denial that a blow ever came answers a threat's hit too (the threat told,
# never carried out); a view answers harm at home's only
_NEVER_HIT = re.compile(r"(?:从来|从没|从小到大|一次)[^,.;!?\s]{0,3}(?:没|不)(?:有)?(?:动手)?打(?:过)?|没打过|没动过手")
_VIEW_HIT = re.compile(r"讲道理|(?<!能)(?:不能|不该|不应该)打")  # (not 能不能打药: a question of spraying)
_VIEW_TOLD = re.compile(r"我觉得|我认为|我不同意|决定|怎么看|觉得呢|对吗|育儿")
_BLOW_TOLD = re.compile(r"打了|打得|打伤|打哭|打肿|又打|还打|天天|经常|每次|动不动|伤|血|青|紫|肿|疼|哭|怕|躲|不敢|关|锁|饿|跪|"
                        r"皮带|棍|衣架|扇|踢|踹|掐|推|烫|报警|救|"
                        # …nor a change told (以前从来不打孩子，最近喝了酒就…; 一次没打过，昨天突然…)
                        r"突然|最近|这次|这回|开始|现在|昨|今天|喝|酒")


def beating_weighed(kind: str, norm: str) -> str | None:
    """The view of discipline or the denial of any blow (see _NEVER_HIT, _VIEW_HIT) that ``norm`` tells, for ``kind``
    (harm at home: either; a threat: the denial only), when no blow, wound, fear or habit is told; else None."""
    never = _search(_NEVER_HIT, norm, 0)
    view = None
    if never is None and kind == "minor_domestic":
        view = _search(_VIEW_HIT, norm, 0)
        if view is not None and _search(_VIEW_TOLD, norm, 0) is None:
            view = None
    told = never or view
    if told is None or _search(_BLOW_TOLD, norm, 0) is not None:
        return None
    return told.group()


# a cry over a trivial burden with life going on: weight gained (胖了十斤 我不活了 开春必须减肥; 体重又涨了五斤，我不活了),
# one problem whose answer is asked for (这题做不出来我就不活了，哪位大神救救我; 这道题算了一晚上，想死的心都有了，谁来救救我)
# or a meal to carry on (不想活了 先去吃个夜宵续命; 想死…先吃完这顿再说). 不活了 and 想死 are how 轻生 is told, and how many
# writers tell a vanity, a homework or a long day; not with a means, a place, an end, a plight or harm told anywhere
# (_PLIGHT_TOLD: 药, 绳, 炭, 刀, 楼顶, 桥, 河, 跳, 遗书, 对不起, 解脱, 抑郁, 没意思, 欠, 债, 离婚, 饿死, 不吃, 打, 骂, 关机…):
# a student who cannot go on under a parent's threat, a diet that starves tell such words
_TRIVIAL = re.compile(r"胖了|长胖|变胖|胖成|胖[一二三四五六七八九十两几\d]+斤|(?:涨|长|重)了[一二三四五六七八九十两几\d]+斤|体重[^,.;!?\s]{0,2}涨|"
                      r"体重秤|(?:这|那|一)道?[^,.;!?\s]{0,4}题[^。!?]{0,24}(?:救救我|大神|求解|谁会)|续命|压压惊|"
                      r"(?:先|等)吃[^,.;!?\s]{0,5}再说")
_PLIGHT_TOLD = re.compile(r"药|绳|炭|刀|楼顶|天台|桥|河|湖|渠|跳|遗书|遗言|对不起|再见|永别|解脱|结束|一了百了|抑郁|没意思|撑不|熬不|"
                          r"不想再|永远|离婚|欠|债|贷|失业|没钱|没人在乎|饿死|不吃|吃不下|一口|吐|打|骂|关机|别回|逼")


def trivial_cry(norm: str) -> str | None:
    """The trivial burden or the carrying on (see _TRIVIAL) that ``norm`` tells beside a cry, when it tells no means,
    place, end, plight or harm; else None."""
    return _told_without(norm, _TRIVIAL, _PLIGHT_TOLD)


# a crowd's lawful step whose procedure is asked (车间七个人想一起去人社局问问，要带什么材料; 工友们打算一起申请劳动仲裁，流程
# 是怎样的; 三十多户想写联名信，有格式要求吗; 家长们商量写联名信，这样写对吗): a group asking the way to its due, not pressing an
# office. Crowds are told with the same words (联名, 一起去劳动局), and those in danger tell where they will press and how
# (_PRESSED: 上访, 信访, 去市里/省里/北京, 门口, 堵, 围, 静坐, 讨说法, 横幅, 签字按手印, 包车, 汽油, 一起去 an office other
# than the labour bureau…), which keeps the hit; so does a sign of real danger of the kind the walk found (rules reads
# `_told_harmless` only where there is none)
_LAWFUL_STEP = re.compile(r"仲裁|劳动争议|联名信|建议书|劳动局|劳动监察|人社局|法律程序|起诉")
_PROCEDURE_ASKED = re.compile(r"格式|流程|材料|怎么申请|如何申请|需要带|要带什么|准备什么|交给哪|多久能|这样可以吗|可以吗|对吗|怎么办")
_PRESSED = re.compile(r"访|市里|省里|北京|自治区|市政府|区政府|门口|堵|围|坐|讨说法|要说法|给个说法|闹|横幅|不走|拉|手印|签字|签名|包车|"
                      r"几百|上百|全村|全体|打人|打起来|打架|砸|威胁|汽油|拼|欺负|救|情绪|办公室|区里|县里|镇里|一起去(?!劳动|人社|仲裁)")


def lawful_step_asked(norm: str) -> str | None:
    """The lawful step (see _LAWFUL_STEP) a group in ``norm`` asks the procedure of, when it tells nowhere an office
    pressed (see _PRESSED); else None."""
    if _search(_PROCEDURE_ASKED, norm, 0) is None:
        return None
    return _told_without(norm, _LAWFUL_STEP, _PRESSED)


# an ambulance named as a service, no patient told (120救护车开道，私家车都让行，点赞; 救护车进出的通道能不能规划一下; 120和999有
# 什么区别; 急救车怎么收费): praise, a fee, a plan or a question about the service. 120 and 救护车 are how an emergency is
# told, and there someone is ill, hurt or waiting (_PATIENT_TOLD: 晕, 倒, 昏, 抽, 喘, 血, 疼, 不行了, 摔, 吐, 醒, 救命, 急,
# 占线, 不通, 没来, 等了, 突然, 刚才, a relative, 病人…) or a fire lane is blocked: not with one of those anywhere
_SERVICE = re.compile(r"点赞|让行|让道|开道|收费|多少钱|费用|押金|区别|规划|建议|怎么叫|怎么打|能不能|是不是")
_AMBULANCE = re.compile(r"120|999|救护车|急救车")
_PATIENT_TOLD = re.compile(r"晕|倒|昏|不省|抽|喘|呼吸|血|疼|痛|不行|没气|心脏|心梗|脑梗|中风|摔|烧|吐|中毒|醒|叫不|救命|快|急(?!救)|"
                           r"等了|占线|不通|没人接|没来|到现在|突然|刚才|说不出|耷拉|老人|孩子|娃|妈|爸|爷|奶|婆|公公|老公|老婆|丈夫|媳妇|"
                           r"儿子|女儿|家人|病人|患者|产妇|孕妇|伤|出事|车祸|撞|"
                           # …nor a fire lane blocked, the ambulance kept out (消防通道停满了车，救护车进不来)
                           r"消防通道|停满|占用|占道")


def ambulance_as_service(norm: str) -> str | None:
    """The praise, fee, plan or question (see _SERVICE) an ambulance named in ``norm`` is told with, when no patient is
    told anywhere; else None."""
    if _search(_AMBULANCE, norm, 0) is None:
        return None
    return _told_without(norm, _SERVICE, _PATIENT_TOLD)


# a scene the post closes by approving (…来了两百多人，大家举手表决，挺民主的; 全村人都去送他，场面很感人; 交警在路口查超载，
# 查得好; 从沙山上冲下来…太刺激了; 急救车在服务区待命，这个服务不错): the writer's own verdict on what they told, as its last
# words, says the scene went well. Look-alikes of crowds, hazards and emergencies are told so on many development sets by
# different writers, the model's guess or a pattern's hit resting on the scene's words (几十个人, 门口, 冲下来, 一氧化碳).
# The word walk's content verdict (`content_closes`, matching) settles the verdict's own sentence for a pattern's hit and
# leaves the model's guesses alone; this reads the post whole, for both, when the verdict closes it and nothing anywhere
# tells irony, neglect or a danger going on (matching._NEGLECT: 不管, 没人修, 又, 一直, 还在…; 呵呵, 真是, 无语, 还是…), harm,
# a call for help or a grievance (_HARM_TOLD: 救命, 报警, 伤, 血, 晕, 着火了, 塌了, 摔, 堵, 讨, 欠, 打人, 砸, 骂, 出事…),
# which a crowd's or a fire's danger told with a bitter 挺热闹 would hold. The kinds a content verdict can settle only
# (matching._CONTENT_KINDS): not 轻生 (a calm farewell is told so: 晚风挺好的), nor harm at home (no verdict makes a beating
# fine), nor threats (要他好看)
_APPROVED = re.compile(r"(挺好|不错|(?<!看)热闹|民主|[查管干做办修抓罚]得(?:好|对)|感人|感动|贴心|暖心|震撼|"
                       r"(?:真|很|挺|太|超)(?:好看|漂亮|美|好吃|香|好玩|刺激|开心|高兴|舒服|过瘾|壮观)|给力|好样的|"
                       r"(?<![千万百十\d个])点赞|说得(?:真)?对|真对|香喷喷|(?:很|挺|非常|特别)满意)"
                       r"(?:的|了|啊|呀|哈|啦|呢|得很|极了|哦|嘛)*[^\w]*$")
_APPROVED_CLOSE = 24  # (the characters at the end of a post its closing verdict is looked for in)
_IRONY = re.compile(r"呵呵|真是|可真|真行|真有你|无语|服了|醉了|🙂|😅|🙄|😒|就这|还是|还有")
_HARM_TOLD = re.compile(r"救命|报警(?!器)|快来|赶紧|伤|血|死|晕|昏|倒了|被困|困住|着火了|起火|爆炸|炸了|塌了|掉下|摔|堵|围堵|围攻|"
                        r"围住|围了|讨(?!论|厌)|欠|打人|打架|砸|骂|抢救|出事")


def scene_approved(norm: str) -> str | None:
    """The approval (see _APPROVED) that ``norm`` closes with, when it tells no irony, neglect, danger going on or harm
    anywhere; else None."""
    mt = _APPROVED.search(norm, max(0, len(norm) - _APPROVED_CLOSE))
    if mt is None or any(_search(rx, norm, 0) is not None for rx in (_IRONY, _NEGLECT, _HARM_TOLD)):
        return None
    return mt.group(1)


# a mishap told with its luck, nobody hurt and nothing left at risk (树倒了一棵，没砸着人，麻烦清一下; 早上滑倒了，好在没事;
# 风把摊子吹翻了，还好没砸到人; 困电梯十分钟…人没事; 差点把厨房炸了，还好只是糊了). A hazard's danger is told with its luck too
# (花盆砸在车上，幸亏没砸到人，楼上几盆还搁在护栏外头; 充电棚着火了，幸亏发现得早，照样有人进去充电), so the luck is read
# only where the model reads the whole post as none of the kind's dangers (a certain hit it scores under `doubt`, see
# learned.ModelStep._doubted) and nothing anywhere tells what is still at risk (_STILL_AT_RISK: 还有, 还在, 还搁, 还没, 照样, 仍, 继续,
# 随时, 迟早, 万一, 下次; matching._NEGLECT: 不管, 没人修, 又, 一直…)
_AVERTED = re.compile(r"还好没|好在没|幸好|幸亏|没砸着|没砸到|没撞到|没撞着|人没事|人都没事|没伤着|没受伤|没伤到|只是糊了|"
                      r"没啥大事|没什么大事|没大事")
_STILL_AT_RISK = re.compile(r"还(?:有|在|搁|放|摆|挂|悬|吊|堆|没)|照样|仍|继续|随时|迟早|万一|下次|下回")


def harm_averted(norm: str) -> str | None:
    """The luck (see _AVERTED) told in ``norm``, when nothing anywhere tells what is still at risk; else None."""
    return _told_without(norm, _AVERTED, _STILL_AT_RISK, _NEGLECT)


# a laugh beside a hit the model doubts (娃又挨打了，武术课上被师兄踢的，哈哈; 挨了老妈一顿打，因为偷喝奶茶 哈哈哈; 隔壁剁
# 排骨像砍人 哈哈): the writer laughs at what they tell and the model reads it as none of the kind's dangers. A laugh beside
# a hit the model reads as a danger stays the patterns' (哈哈哈我真的不想活了: a cry beside a laugh), and an ironic face
# (🙃, 🙄, 😒, 😅, in the walk's laughs too) is no laugh here: a complaint's sneer is told with one (电线又冒火花了🙄)
_IRONIC = frozenset({"🙃", "🙄", "😒", "😅"})


def laughed_off(laughs: list[tuple[int, str]]) -> str | None:
    """The first of the walk's ``laughs`` (position, word) that is a laugh, not an ironic face; else None."""
    return next((w for _, w in laughs if w not in _IRONIC), None)


# a game, a match, a show or a film named in a post beside a hit the model doubts (玩游戏被队友坑了; 球赛上撞得头破血流; 演唱会
# 喊劈了嗓子; 影视城当群演，演了个被砍死的土匪; 这部短剧让人中毒了; 剧组炸了个碉堡，特效逼真): the danger's words are told of
# the play, and the model reads the post as none of the kind's dangers. The frames (`frames`: 电影里, 剧情, 这部剧…) cancel
# what a film's sentence tells whatever the model reads; this reads any naming of a play, so only beside the model's doubt,
# and only in a post (at most _PLAY_POST characters): a long letter names 文字游戏 or a pupils' 比赛 among its grievances
_PLAY = re.compile(r"游戏|比赛|球赛|踢球|打球|演唱会|短剧|电影|电视剧|群演|拍戏|特效|片看多|动画片|综艺|小说|剧本|王者|吃鸡|副本|"
                   r"boss|队友|主场|客场")
_PLAY_POST = 100


def at_play(norm: str) -> str | None:
    """The game, match, show or film (see _PLAY) named in ``norm``, a post of at most _PLAY_POST characters; else None."""
    if len(norm) > _PLAY_POST:
        return None
    mt = _search(_PLAY, norm, 0)
    return None if mt is None else mt.group()


# a pest killed (蚊子都出来了，昨晚弄死三只; 家里有蟑螂 用什么药能把它们全弄死; 我要杀了这只苍蝇; 真想一巴掌拍死这些蚊子):
# a threat's killing words (弄死, 打死, 杀了) told of vermin named in their clause or in the sentence just before them, on
# eight development sets by eight writers. Its poison (老鼠药, 耗子药, 杀虫剂) is no pest but a means at hand, so a pest's name right before 药 is
# none; and not with a person or a pet told anywhere as a target, a menace or a weapon (_TARGET_TOLD: 他, 她, 你, 人, 孩子,
# 狗, 猫, 下一个, 全家, 刀, 汽油…): a dead rat hung on a door with 下一个就是你 is a threat
_PEST = r"(?:蚊子|苍蝇|蟑螂|小强|老鼠(?!药)|耗子(?!药)|蚂蚁|臭虫|跳蚤|虱子|虫子|害虫|飞蛾|蛾子|马蜂|蜘蛛)"
_KILL = r"(?:[弄打拍毒整踩掐药干]死|杀了?(?!虫)|灭了|干掉)"
_PEST_KILLED = re.compile(r"(?P<a>" + _KILL + r")[^,.;!?，。！？\s]{0,6}?(?P<b>" + _PEST + ")|"
                          r"(?P<c>" + _PEST + r")[^.!?。！？]{0,16}?(?P<d>" + _KILL + ")")
_TARGET_TOLD = re.compile(r"[他她你]|人|孩子|娃|宝宝|老婆|老公|邻居|狗|猫|鸡|羊|下一个|全家|偿命|报复|小心|等着|刀|汽油|硫酸|放火|"
                          r"门口|门把手")


def pest_killed(norm: str) -> str | None:
    """The killing words and the pest they are told of (see _PEST_KILLED: 弄死…蚊子), when no person, pet, menace or
    weapon is told anywhere in ``norm``; else None."""
    mt = _search(_PEST_KILLED, norm, 0)
    if mt is None or _search(_TARGET_TOLD, norm, 0) is not None:
        return None
    return f"{mt.group('a')}…{mt.group('b')}" if mt.group("a") else f"{mt.group('c')}…{mt.group('d')}"


# a wound, a hospital, a call to the police or fear told anywhere in a post (_HURT_TOLD), and the length of a short post
# (_FAMILY_POST): the checks below read harm at home's look-alikes in short posts that tell none of these. (A laugh
# anywhere in a short post, `family_laughed`, was withdrawn by the lead in the same session: a bitter laugh beside
# another household's abuse, 笑死，楼上那个爹又在往死里揍孩子, silenced it; recall first.)
_HURT_TOLD = re.compile(r"伤|血|住院|医院|淤青|青紫|骨折|肿|疼|痛|报警|派出所|警察|不敢|害怕|吓得|求饶|救救")
_FAMILY_POST = 100


def _short_told_without(norm: str, told: re.Pattern[str], *without: re.Pattern[str]) -> str | None:
    """:func:`_told_without` read in a short post only (at most _FAMILY_POST characters): a long letter tells
    more than the one matter these checks weigh."""
    return None if len(norm) > _FAMILY_POST else _told_without(norm, told, *without)


# a child's hunger laid at a school canteen's door (学校食堂的饭太难吃了，娃每天回来都饿; 在学校吃得太少，回家说饿得发晕，
# 伙食标准能公开吗): the food, its portions or its fee are the complaint, no one keeps the child hungry. On three development
# sets by three writers (outside3, ordinary6, ordinary13) and in none of harm at home's development dangers; not in a long
# letter, nor with a blow, a punishment, a child shut in or gone, or any hurt or fear told anywhere (_KEPT_HUNGRY, _HURT_TOLD)
_CANTEEN = re.compile(r"食堂|伙食|饭菜|饭量|饭太少|分量少|份量少")
_KEPT_HUNGRY = re.compile(r"不给|不让|罚|打|骂|关|锁|跪|推|踢|扇|掐|拐|走失|失踪|不见|欺负|后妈|继母|后爸|继父")


def canteen_hunger(norm: str) -> str | None:
    """The canteen, its food or its fee (see _CANTEEN) that ``norm``, a post of at most _FAMILY_POST characters, lays a
    child's hunger to, when it tells no one keeping the child hungry and no hurt (_KEPT_HUNGRY, _HURT_TOLD); else None."""
    return _short_told_without(norm, _CANTEEN, _KEPT_HUNGRY, _HURT_TOLD) if "饿" in norm else None


# a child's water outing told with the care taken (带娃在河边钓鱼，离水远远的，穿着救生衣，安全第一; 跟他讲了防溺水知识，最后
# 去了正规的水上乐园; 给娃报了个游泳班，教练很负责): a life jacket worn, a lesson given, a class or a proper pool chosen, on
# four development sets by four writers (eval12, eval24, outside4, ordinary9), in none of harm at home's development dangers.
# A pool's danger is told by the same words (游泳班, 教练, 深水区), so not with a child in the water's trouble, nobody
# watching, a lifeguard missing or a coach's blow told anywhere (_WATER_HARM: not the 溺 of 防溺水), nor in a long letter
_WATER_CARE = re.compile(r"穿着救生衣|穿了救生衣|穿好救生衣|防溺水知识|水上乐园|游泳班|安全第一")
_WATER_HARM = re.compile(r"扑腾|沉|捞|(?<!防)溺|呛|淹|落水|掉进|掉水|没人|不在|手机|没有救生|没穿|不穿|打|骂|按|罚|踢|推|吓得|哭|伤|血|"
                         r"医院|报警|救命|不见|找不到|失踪")


def water_care(norm: str) -> str | None:
    """The care (see _WATER_CARE) told of a child's water outing in ``norm``, a post of at most _FAMILY_POST
    characters, when it tells no trouble in the water, no one missing from watch and no blow (_WATER_HARM); else None."""
    return _short_told_without(norm, _WATER_CARE, _WATER_HARM)


# the writer's own childhood blows remembered as the way of their time (我小时候也挨过我爸的打，那个年代都这样; 我们小时候挨打是
# 常事; 想起我小时候也这样挨过打…现在希望别再有娃这样了; 小时候我爸说要打断腿…现在想想他是吓唬我的): on four
# development sets by four writers (eval9, eval30, outside15, ordinary14). A development danger tells its childhood beating by
# its wound (我小时候被我爸打到住院), so not with a wound, a hospital, the police or fear told anywhere (_HURT_TOLD), nor
# with a blow told as going on now or as a habit (_BLOW_NOW: 又打, 还是, 现在…打, 天天, 经常, 动不动: 小时候我妈打我…可还是动不动
# 就打我; 我小时候天天被我爸打 谁管过) or an abuse no era excuses (_ABUSE_TOLD)
_CHILDHOOD = re.compile(r"我小时候|我们小时候|小时候我|那个年代")
_BLOW_NOW = re.compile(r"又打|还打|还在打|仍然打|照样打|一直打|现在[^,.;!?\s]{0,6}打|还是|依然|今天|昨天|刚才|最近|"
                       r"天天|每天|经常|动不动|总是|老是")
_ABUSE_TOLD = re.compile(r"性侵|猥亵|强奸|侵犯|摸|拐|卖")


def childhood_recalled(norm: str) -> str | None:
    """The childhood (see _CHILDHOOD) ``norm``, a post of at most _FAMILY_POST characters, tells its blows of, when it
    tells no wound or fear, no blow now and no abuse (_HURT_TOLD, _BLOW_NOW, _ABUSE_TOLD); else None."""
    return _short_told_without(norm, _CHILDHOOD, _HURT_TOLD, _BLOW_NOW, _ABUSE_TOLD)


def told_harmless(kind: str, norm: str) -> str | None:
    """What the post ``norm`` tells, read whole, that makes any hit of ``kind`` harmless (this module's checks, the
    first that answers), named for the explanation; None when nothing does. Read for a pattern's hit by the rule check
    and for the model's guess of the kind by the model step."""
    if kind == "self_harm":
        return jumped_for_sport(norm) or trivial_cry(norm)
    if kind == "threat":
        return beating_weighed(kind, norm) or pest_killed(norm)
    if kind == "minor_domestic":
        return (beating_weighed(kind, norm) or canteen_hunger(norm)
                or water_care(norm) or childhood_recalled(norm))
    told = (lawful_step_asked(norm) if kind == "mass_incident"
            else ambulance_as_service(norm) if kind == "medical" else None)
    if told is None and kind in _CONTENT_KINDS:
        told = scene_approved(norm)
    return told


# minors at a venue told as a licensing complaint or a parent's question (有家网吧接待初中生上网，请有关部门查一查; 那种电竞
# 宾馆查不查身份证; 娃放暑假天天往网吧钻，咋管; 网吧现在管得严吗): on four sets by four writers an inspection or a rule asked
# for, and how a child at risk there is told too when the post names no harm (一群初中生在网吧包夜，没人管). The venue's hit
# (网吧, 酒吧, ktv, 包夜, 通宵, 卖烟给…) is 疑似 for a person, not certain, when such a question is told and no harm
# anywhere (_VENUE_HARM: days away from home, hunger, a blow, cold, a faint, drink taken, a child abandoned, 陪酒, 赌,
# 带走…); another rule's hit of the kind is read on its own
_VENUE = frozenset({"网吧", "酒吧", "ktv", "夜店", "包夜", "通宵", "通宵上网", "卖烟", "卖酒", "卖烟给", "卖酒给", "抽烟", "喝酒"})
_VENUE_ASKED = re.compile(r"检查|查处|查一查|查不查|管不管|管得严|咋管|怎么管|有没有人管|能不能管")
_VENUE_HARM = re.compile(r"没回家|没回来|未归|不回家|[两三四五六七八九十几]天|夜没|没吃|饿|打他|打她|打孩子|被打|挨打|骂|冻|晕|醉|躺|吐|"
                         r"没有家|不要他|不要她|赶出|赌|哭|救|找不到|联系不上|失踪|陪酒|吸|带走|欺负|偷")


def venue_asked(norm: str, cue: str) -> str | None:
    """The question (see _VENUE_ASKED) that ``norm`` asks about minors at a venue, the hit's cue ``cue`` naming the
    venue, when it tells no harm; else None."""
    return _told_without(norm, _VENUE_ASKED, _VENUE_HARM) if cue in _VENUE else None


def told_doubtful(kind: str, norm: str, cue: str) -> str | None:
    """What the post ``norm`` tells, read whole, that leaves a pattern's hit of ``kind`` (its cue ``cue``) in doubt: 疑似
    for a person, not certain; None when nothing does."""
    if kind == "minor_domestic":
        return venue_asked(norm, cue)
    return None
