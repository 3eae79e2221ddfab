"""The words that make a post a chaser (催办) or a 同问, as citizens write them.

A chaser points back at the writer's own earlier appeal: 催办, 再次反映, 我3号反映的…, 还没人处理,
至今没有回复, 第二次反映. A 同问 points at someone else's: 同问, +1, 我也是, or a Weibo repost
quoting the original as ``//@name: text``.
"""

from __future__ import annotations

import datetime as dt
import re

from monitor.cluster.elsewhere import PLANNED_CUT

# what comes back when 再次 names the problem ("再次积水", "再次停水"), not the writer's word again
# (再次反映): no chaser's word (CHASER), and a new episode told with the last (AGAIN_NAMED)
AGAIN_WHAT = "出现|发生|积水|停|淹|爆|断|坏|漏|冒|堵|结冰"
CHASER = re.compile(
    r"催办|催促|催一下|催一催|再次(?!" + AGAIN_WHAT + r")|再反映|再问|又来反映|重复反映|多次反映|反复反映"
    r"|第[二三四五六七八九十两\d]+次(?!" + AGAIN_WHAT + r"|被)"
    r"|(上次|之前|此前|先前|前几天|前天|昨天|上周|上星期|上礼拜|上个月|月初|[\d一二三四五六七八九十]+[号日]"
    r"|[\d一二三四五六七八九十两几]+(天|周|个星期|个礼拜|个月)(以)?前)"
    r"[^，。！？]{0,8}(反映|投诉|说|问|留言|发|报|吐槽)"
    # …or by the weekday, the month or 上回 ("周四反映的", "星期一问的", "11月反映两次了", "上回说的
    # 那个工地"): said of the writer's own word (上回说换了阀门 is what they were told: none)
    r"|(上回|周[一二三四五六日天末]|(礼拜|星期)[一二三四五六天日])[^，。！？]{0,8}(反映|投诉|留言|吐槽)"
    r"|(上回|周[一二三四五六日天末]|(礼拜|星期)[一二三四五六天日])(我)?(说|问|报|提)(的|过|了)"
    r"|[\d一二三四五六七八九十]+月(份)?(就|已经|都)?(反映|投诉|留言)"
    r"|我(刚|刚刚|刚才)?(反映|投诉|报)(的|过)|反映的问题|石沉大海|没有?回音|没人理|有人管吗|管不管|到底(什么时候|啥时候|有没有)"
    r"|(都|已经)?[\d一二三四五六七八九十两几]+(天|周|个星期|个礼拜|礼拜|个月)(了)?(还|都|也|仍)"
    # how long ago they wrote, said with the writing: "反映快二十天", "投诉了两周"
    r"|(反映|投诉|举报)(了)?(快|都|已经|有)?[\d一二三四五六七八九十两几半]+多?(天|周|个星期|个礼拜|礼拜|个月)"
    # how long it has been, then that nothing moved: "一周了，依旧…", "一周了没人来看", "三周了，…不回话"
    r"|[\d一二三四五六七八九十两几多]+(天|周|个星期|个礼拜|礼拜|个月)(了|过去了)[，,]?(依旧|依然|照样|没|还|仍)"
    r"|(反映|投诉|留言)(过|了)[^，。！？]{0,6}(还|仍|依然|依旧|至今|到现在|一直)"
    r"|还没(有)?(人)?(管|处理|解决|回复|答复|修|动静|消息|下文)"
    r"|(至今|到现在|迄今|仍然|仍|依然|依旧|还是)(没|未|无)(有)?(人)?(管|处理|解决|回复|答复|修|动静|进展|下文|查|理|来)"
    r"|又过了?[\d一二三四五六七八九十两几]+(天|周|个星期|个礼拜|个月)"
    r"|(有|没有|什么)(进展|结果|下文)|进展如何|处理得怎么样|怎么还没|何时(处理|解决)|跟进一下"
    # how long it has gone on, said as its own clause ("一周了，…", "都三天了！", "两天了太阳能还
    # 悬着", "三个礼拜了，谁给个时间"), or how long nothing moved ("扣了三天没退")
    r"|(?:^|[，,。！？!?\s])(都|已经|快)?[\d一二三四五六七八九十两几半]+(个)?(多)?(天|周|星期|礼拜|月)(多)?了(?!解)"
    r"|[\d一二三四五六七八九十两几半]+(个)?(天|周|星期|礼拜|月)(都)?(没|不)(人)?(退|回|修|管|理|处理|解决|来)"
    # an answer asked for again ("问了没回复", "给个准话", "有没有人管", "谁来管管")
    r"|没(人)?(回复|回音|答复|下文)|有没有人管|谁(来)?管管|给个(准话|时间|说法|答复|回复|交代)"
    r"|问了(几|好几|两|三)?(天|次|遍)"
)
# a citizen pointing back at their own earlier post, in so many words: 催办, 再次, 第三次, "前天说的",
# "我14号问的", "早上说的", "上周反映过", "说了两回了". Said so, the post is about one of their own
# open cases even when the signature of so short a text reads another place or problem into it (一院
# out of 一院子, 冰雪 out of 滑), provided it shares that case's problem or a rare word
# (``ClusterStage._told_back``). Weaker chaser words (都三天了, 有没有人管) are in first reports too
# and are not this.
BACK_REFERENCE = re.compile(
    r"催办|再次(?!" + AGAIN_WHAT + r")(反映|投诉|催|问|说)?"
    r"|第[二三四五六七八九十两\d]+次(?!" + AGAIN_WHAT + r"|被)(反映|投诉|催|问|说)?"
    r"|(上次|上回|之前|此前|先前|前几天|前两天|前天|昨天|昨晚|今早|早上|上午|中午|下午|上周|上星期|上礼拜|上个?月|月初"
    r"|[\d一二三四五六七八九十]+[号日]|[\d一二三四五六七八九十两几]+(天|周|个星期|个礼拜|个月)(以)?前)"
    r"[^，。！？,!?]{0,6}(反映|投诉|说|问|留言|发|报|打|提|吐槽)(的|过|了)"
    r"|(周[一二三四五六日天末]|(礼拜|星期)[一二三四五六天日])[^，。！？,!?\s]{0,4}(反映|投诉|说|问|留言|报|提|吐槽)(的|过|了)"
    r"|我(反映|投诉|报|问|说)(的|过)|(说|问|反映|投诉)了(两|三|几|好几|[\d]+)(回|次|遍)"
    r"|(刚才|刚刚|已经)(已经)?(反映|投诉|说|问|提)(过|了)"
    # a thing told earlier, named by when it happened: "昨天下雨公交停运的事", "前天淹车的那个
    # 下穿", "昨晚的倒树": the writer's own event, known to the reader
    r"|(?:^|[，,。！？!?\s])(昨天|昨晚|前天|前两天|今早|早上|上午|上周|上礼拜)[^，。！？,!?]{0,10}的(事|那个|那段|那块|那条|那棵|倒|[^，。！？,!?]{0,4}(还|到现在|至今))"
    # the writing counted or timed without 了 between ("反映两次了", "两次反映了", "说了一周了", "反映一个
    # 多月了"), said just now ("刚才反映的那段路") or at an hour of the day ("我六点多发的"), or what
    # followed it ("反映了以后消停了两天"; not another's: "有人反映以后")
    r"|(反映|投诉|催)(了|过)?(一|两|三|四|五|几|好几|[\d]+)(回|次|遍)|(两|三|四|五|几|好几|[\d]+)(回|次|遍)(反映|投诉|催)(了|过)"
    r"|((反映|投诉|留言)(了)?|(说|问)了)(快|都|已经|有)?[\d一二三四五六七八九十两几半]+(个)?多?(天|周|星期|礼拜|月)(多)?了"
    r"|(刚才|刚刚)[^，。！？,!?\s]{0,6}(反映|投诉|说|问|发|报|提)的"
    r"|又来(反映|投诉|问|催)"
    r"|我[^，。！？,!?\s]{0,3}[\d一二三四五六七八九十两]{1,2}点(多|半|钟)?[^，。！？,!?\s]{0,2}(反映|投诉|发|报|打|留言)(的|过|了)"
    r"|(?<![人们家])(反映|投诉)(了|过)?(以后|之后)"
)


# …of these, the ones naming the writing itself ("前几天反映过", "第三次反映", "刚才说的"), not only a
# count or a date that may be the problem's ("一个月第三次", "昨晚的倒树")
WRITING = re.compile(r"催|反映|投诉|说|问|留言|发|报|打|提|吐槽")


def said_written(text: str) -> bool:
    """Whether ``text`` points back at the writer's own earlier post by naming the writing
    (:data:`BACK_REFERENCE` with a verb of :data:`WRITING`): "前天说的", "第三次反映", "我六点多发的"."""
    return any(WRITING.search(m.group(0)) for m in BACK_REFERENCE.finditer(text))


def back_reference(text: str) -> bool:
    """Whether ``text`` points back at the writer's own earlier post in so many words (前天说的,
    再次, 第二次问): a follow-up on one of their open cases, see :data:`BACK_REFERENCE`."""
    return bool(BACK_REFERENCE.search(text))


# a citizen writing again about their own open case says it goes on, without repeating what:
# "今天又停了", "还是黑的", "补充一下…" (read only for a post that names no other place or problem)
CONTINUED = re.compile(r"又|还是|还没|还在|仍|依旧|依然|照样|照旧|补充|补一句|再不")
# …and of these, the ones that say it never stopped (not "again": the same episode still open)
STILL = re.compile(r"还是|还没|仍|依旧|依然|照样|照旧|补充|补一句")
# a citizen telling how their own matter stands now, or asking after it, names it least of all:
# it got done or half done ("今天修好了", "早上来电了", "钱到账了", "终于亮了", "拉走了一半"), someone
# came or an authority answered ("燃气公司来人了", "物业说是外面管道爆了", "住建说不归他们管"; not
# the other party: "老板说年底一起结" is told in first reports), or "X的事" has
# an answer yet ("课后服务收费的事有没有回复", "退费还有希望吗"). Thanks alone is no such word: a
# first report ends "麻烦处理一下，谢谢" as often as a last one.
UPDATE = re.compile(
    r"(修|弄|装|换|盖|清|补)(好|上)了|来(水|电|气|暖)了|(通|亮|到账|恢复|拉走)了"
    r"|终于|总算|(小|少|轻|好)多了|(派|来)了人|来人了|来(看|换|修|查|抽|清)(过)?了|在(挖|修|抢修|处理)了"
    # someone came and did it, told with 来人 ("来人换了闸门"; not only looked: "来人看了一眼"), or the
    # leak stopped ("不漏了", "不渗了")
    r"|来人(换|修|清|抽|补|焊|装)(过|了)|不(漏|冒|滴|渗)(水)?了"
    # who came and what they began ("今天来了压路机", "开始回填了"), what works again ("能用了", "灯亮了")
    r"|来了.{0,3}(车|机|师傅|工人|施工队)|开始(回填|修|挖|施工|清理|处理|填)|能用了|(灯|水)(也)?(亮|清)了|现在热了|收到了"
    r"|(物业|街道|社区|城管|住建|房管|水务|供电|燃气公司|交警|劳动监察|人社|公交公司|教育局|市场监管)"
    r"(的人)?(说|回复|答复|回了|来了)"
    r"|问了[^，。！？]{0,6}说|(的事|这事|那事)[^。！？]{0,12}(回复|答复|结论|结果|进展|进度|消息|说法|下文|管|希望|怎么样)"
    r"|有(回复|答复|结论|结果|进展|进度|消息|说法)(了)?吗|有没有(回复|答复|结论|结果|进展|进度|消息|说法)|还有希望|怎么样了"
    # or ask whether it is done ("原因查出来没有", "修好了吗", "处理完了没？"): not "修好没两天"
    r"|((查出来|查清|修好|弄好|处理好|处理完)(了)?|解决了)(没有|吗|没[？?])"
    # half of it done ("今天发了一半"), any office that came or answered ("园林局来看过，说…")
    r"|(发|退|还|给|补|修|拉走|清)了一半|(局|公司|中心|大队|办|所|站)(的人)?(来看过|来过|说|回复|答复)"
    # or they ask when, naming nothing ("那啥时候能热？", "到底什么时候能修好"): their own matter
    r"|(啥|什么|几)时候(能|才|可以|会|给|有)|何时(能|才|可以)"
    # what they could not do works now ("今天能交了", "小程序能充了"), paid or refunded at last
    # ("交上了", "钱退回来了"), what was cut is back, told subject first ("电来了", "水也来了"),
    # and what the workers are at ("环卫在铲了", "在围挡了")
    r"|(能|可以)(交|充|缴|办|用|打开|登录|认证|走)了|(交|充|缴|办|认证|退)(上|好|成功|回来)了|退回来了"
    r"|(?<![自下])(水|电|气|暖气)(也)?来了|在(铲|扫|清|围挡|回填|施工)了|停工了"
)
# the problem was put right once and is back (上次修好才半个月, 上个月刚修好…又): a new episode,
# not the open case of the first one, whatever chaser words it uses (再次停运)
RECURS = re.compile(
    r"(上次|上回|上个?月|上周|上礼拜|上星期|之前|前阵子|前些天|刚|才)[^，。！？]{0,8}(修好|修完|处理好|解决了|好了|修过|换过|通了)"
    r"|(修好|修完|处理好)[^，。！？]{0,3}(才|没)[^，。！？]{0,4}(天|周|礼拜|个月)"
    # the hotline's words for it: "4月底维修后再次漏水", "再次出现燃气异味，本月初已维修一次",
    # "再次发生漏水，本月上旬已漏水一次" (the first episode, repaired or past)
    r"|(维修|修理|修复|修补|疏通|处理)(过|后|完)[^。！？]{0,12}(再次|又)"
    r"|再次[^。！？]{0,30}(已|曾)(经)?(维修|修理|修复|疏通)(过)?|再次[^。！？]{0,24}(已|曾)[^，。！？]{0,6}一次"
    # …and the first episode told by its date: "再次出现…，与3月2日情况类似", "3月18日曾出现…今日再次"
    r"|再次[^。！？]{0,30}(与|跟|和|同)[^，。！？]{0,3}\d{1,2}月\d{1,2}[日号][^，。！？]{0,4}(类似|一样|相同)"
    r"|\d{1,2}月\d{1,2}[日号](曾|也|就)(经)?(出现|发生|停)[^。！？]{0,24}再次"
    # …or counted as this month's second ("又没了，这个月第二次打电话了"): the problem gone again
    r"|又(没|停|凉|坏|断)了?[^。！？]{0,12}(这个?月|本月|入冬以来|今冬)[^，。！？]{0,2}第[二三四五两\d]+(次|回)"
    # …or the problem itself counted ("下穿第二次淹了", "这是第三回停水", "这个月第二次被泡"): the
    # episodes are counted, not the writer's words (第二次反映 is a chaser's)
    r"|第[二三四五六七八九十两\d]+(次|回)(" + AGAIN_WHAT + r"|被)")
# the problem is back ("又满了", "又是那个井", "又凉了", "怎么又这样"): not time passing (又过了三天,
# 又一周了), writing again (又来反映, 又问), nor nothing done again (又没人来, 又不管)
AGAIN = re.compile(r"又(?!过|等|来反映|反映|问|催|没|不|[\d一两二三四五六七八九十几半]+(个|多)?(天|周|星期|礼拜|月|次|回)"
                   r"|是[\d一两二三四五六七八九十几半]+(个|多)?(天|周|星期|礼拜|月))")
# …and 同 alone, the shortest of them ("宁华小区门口坡道同 我早上也摔了", "同，刚被吵醒", "掌政的 同"):
# a word of its own between spaces or marks, or 同感; never inside a word (不同, 相同, 合同, 胡同, 一同)
SAME_QUESTION = re.compile(r"同问|同求|[+＋]\s*1|我也是|我家也|我们也是|我也遇到|一样的(问题|情况)|顶一下|顶起"
                           r"|(?<![不共相合胡陪协连赞如等认一混雷随偕伙视大])同(?=$|[\s，,。.！!？?~～…、]|感)")
QUOTE = re.compile(r"//\s*@([^\s:：/，,]{1,30})(?=[\s:：])")


def chaser_words(text: str) -> list[str]:
    """The chaser phrases in ``text`` (empty when it reads as a first report): the words that
    point back at the writer's own earlier post (:data:`BACK_REFERENCE`: "早上反映的", "刚才说的",
    "反映两次了") are chaser words too, the strongest of them, read in the writer's own words (not
    in the chain a repost quotes: "//@邻居:早上说的停水…" is the neighbour's chase)."""
    said = [m.group(0) for m in CHASER.finditer(text)]
    own = text.split("//@", 1)[0]
    return said + [w for w in (m.group(0) for m in BACK_REFERENCE.finditer(own))
                   if not any(w in c or c in w for c in said)]


def quoted_names(text: str) -> list[str]:
    """Screen names quoted with ``//@name:`` (a Weibo repost chain), nearest first."""
    return list(dict.fromkeys(QUOTE.findall(text)))


def quoted_text(text: str, length: int = 8) -> str:
    """The first words of the post a repost quotes (``//@name: words``), for telling which of the
    quoted citizen's posts it is ("" when it quotes none, or too few words to tell)."""
    m = QUOTE.search(text)
    if m is None:
        return ""
    rest = text[m.end():].lstrip(" :：")
    words = rest.split("//@", 1)[0].strip()
    return words[:length] if len(words) >= 4 else ""


# a problem at one's home blamed on an event outside it: the main pipe or the city's network
# ("物业说是外面主管道坏了", "市政管网在抢修"); not the estate's own pump
MAIN_CUT = re.compile(r"主管道|主管网|总管道|总水管|主水管|市政管|外面的?(主)?(水)?管|外边的?(水)?管|小区外(面|边)?的?(水)?管")
# …or told as the neighbourhood's ("同一片的吧", "附近几个小区都没水", "整片都停了"): that says
# how far a cut reaches, which a planned cut or a district's low pressure does too, so it proves
# the event only in the event's first hours (echoes.NEIGHBOURS_WINDOW); not 一片 of a sight (一片汪洋)
NEIGHBOURS = re.compile(r"同一(片|个片区)|这一片|那一片|(这|那)片(儿)?(都|整个|全|是不是|也|停)|整(一)?片|一整片|片区|周边(的)?(几个|好几个|这几个|好些)?小区"
                        r"|附近(的)?(几个|好几个|这几个|好些|别的|其他)?小区(都|也)|(好|这|那)几个小区(都|也)|整条街(都|也)")


# …or pointing at a burst everyone knows of ("是不是跟路口那个爆管有关系", "北京中路那爆管了",
# "金凤那个爆管的视频", "爆管闹的"): the burst is one the writer heard of, not one at their door;
# a burst told at one's own place ("楼道里水管爆了") points at nothing
POINTED_BURST = re.compile(r"(那个|那边|那儿|那里|那)[^，。！？\s]{0,8}(爆管|水管爆|管道爆|管子爆)"
                           r"|(爆管|水管爆|管道爆|管子爆)了?[^，。！？\s]{0,3}(闹的|导致|造成|引起|影响|有关|的原因|的事)"
                           r"|(因为|是不是|跟|和)[^，。！？\s]{0,10}(爆管|水管爆|管道爆|管子爆)")
# …unless it says the burst is not the cause ("跟金凤那边爆管没关系", "和爆管无关")
UNRELATED_BURST = re.compile(r"(爆管|水管爆|管道爆|管子爆)了?[^，。！？\s]{0,3}(没关系|没有关系|无关|不相干|不是一回事)")


def area_wide(text: str) -> str | None:
    """How ``text`` tells its problem as an event outside the place: ``"main"`` when it blames
    the main (:data:`MAIN_CUT`: one estate's 停水 as the burst main's) or points at a burst it
    heard of (:data:`POINTED_BURST`), ``"area"`` when it only says the area around has it too
    (:data:`NEIGHBOURS`), else None; None too for a cut it says is planned (:data:`PLANNED_CUT`)."""
    if PLANNED_CUT.search(text):
        return None
    if MAIN_CUT.search(text) or POINTED_BURST.search(text) and not UNRELATED_BURST.search(text):
        return "main"
    return "area" if NEIGHBOURS.search(text) else None


def is_same_question(text: str) -> bool:
    return bool(SAME_QUESTION.search(text) or QUOTE.search(text))


# an @mention of an account (@银川城管, @兴庆区人民政府): left out where a post's own words are
# measured or read, and the sign of a post that addresses an office (:func:`speaks_to_others`)
MENTION = re.compile(r"@[^\s@，,：:]{1,30}")


# a short post that only agrees with what others said of a place ("宝湖公园这边同样", "望远这边也是",
# "胜利街市场门口天天这样", "朔方路小学那确实乱"): a 同问 in other words, as neighbours comment
AGREES = re.compile(r"同样|也是|也一样|一样一样|(天天|每天|一直|都|总|老)(都)?(是)?这样|确实|这个问题|报到|附议")
AGREE_LENGTH = 20  # characters, @mentions left out: a longer post tells its own matter


def agrees(text: str) -> bool:
    """Whether ``text`` is a short post agreeing with what others said (a 同问 in other words)."""
    bare = MENTION.sub("", text).strip()
    return len(bare) <= AGREE_LENGTH and bool(AGREES.search(bare))


# a citizen's word on their own matter is short (on the development sets 93 % of chasers are at
# most 32 characters, @mentions left out, against 66 % of first reports): a longer post tells a
# matter in full, a new one as often as not ("我在外地打工，在手机上办异地就医备案，一直提示…")
SHORT_FOLLOW_UP = 32
# …and a citizen opening another matter says so ("另外再说个事", "还有一件事", "顺便问一下"), or
# turns to it from what they answer ("说到公交，…", "提起这个，…": a comment under a post)
ANOTHER = re.compile(r"另外|另一(个|件)|还有(个|一个|一件)事|再说(个|一个|一件)[^，,。！!？?]{0,8}事|顺便(问|说|反映)"
                     r"|(^|[，,。！!？?\s])(说到|说起|提到|提起)[^，,。！!？?]{1,8}[，,]"
                     # a comment borrowing the thread for its own matter ("借楼问一下", "插一句",
                     # "说个别的", "油烟我管不了，我说交通")
                     r"|借(个)?楼(?![上下道梯房顶里])|借(个)?宝地|蹭(个)?楼(?![上下道梯房顶里])|插(一|个)?(句|楼)|题外话|跑(个)?题|说(个|点|说)别的|我说个别的"
                     r"|(管不了|管不着|不清楚|不了解)[，,、\s]*我(想|来)?说")


# a citizen writing again who says this is a new matter of theirs, not the one they wrote of
# ("再反映一个：…", "单独反映一下", "跟垃圾的事不是一回事", "跟修路无关"): never a chaser of it; not
# "再反映一下" (a chaser) nor a question whether two are one ("跟文昌路那边是不是一回事")
NEW_MATTER = re.compile(r"再(反映|说|问)(一)?(个|件)|单独反映|另(外)?(反映|说)(一)?(个|件)|再说(个|一个|一件)[^，,。！!？?]{0,8}事"
                        r"|(跟|和|与)[^，,。！!？?]{1,10}(无关|没关系|没有关系|不是一回事|是两回事|两码事)(?![吗吧？?])")


def opens_new_matter(text: str) -> bool:
    """Whether ``text`` says it is a new matter of its writer's (:data:`NEW_MATTER`)."""
    return bool(NEW_MATTER.search(text))


def opens_another(text: str) -> bool:
    """Whether ``text`` says it opens another matter than the one it answers (:data:`ANOTHER`)."""
    return bool(ANOTHER.search(MENTION.sub("", text)))


def short_own_word(text: str) -> bool:
    """Whether ``text`` is short enough to be a word on the writer's own matter and does not say
    it opens another (:data:`SHORT_FOLLOW_UP`, :data:`ANOTHER`)."""
    bare = MENTION.sub("", text).strip()
    return len(bare) <= SHORT_FOLLOW_UP and not ANOTHER.search(bare)



def bare_own_word(text: str) -> bool:
    """Whether ``text`` is a short word on the writer's own matter (:func:`short_own_word`) that is
    no 同问, no agreement with others and no repost (:func:`is_same_question`, :func:`agrees`,
    :func:`quoted_names`): what every follow-up read from a short post alone first asks."""
    return short_own_word(text) and not (is_same_question(text) or agrees(text) or quoted_names(text))

# a short word that addresses an office ("…@银川教育") or answers another's words (对，…, 同意楼上, 就在
# 我们小区边上, 我们也…, 一样, 同样; 是，… answering a question put to them) is a post of its own or a
# comment on someone else's: never a word on the writer's own matter told days later with nothing of
# it named (:func:`speaks_to_others`).
# 也 says the writer shares what another told (平时也挤, 我们也被问了); 也没 / 也不 goes on with
# their own ("也没个说法")
ANSWERS = re.compile(r"^\s*(对|是的|是[，,]|没错|同意|赞同|就在)|也(?![没不])|一样|同样")


def speaks_to_others(text: str) -> bool:
    """Whether ``text`` addresses an office or answers what another said (:data:`ANSWERS`)."""
    return bool(MENTION.search(text) or answers_another(text))


# a likeness is no agreement: "跟泥汤一样", "像下过雨一样" say what a thing looks like; "跟你们一样",
# "和楼上一样" say the writer shares what another told, "跟去年一样" what others know of before
LIKENESS = re.compile(r"(跟|和|像)(?!你|他|她|楼上|楼主|我|大家|上面|前面|别人|邻居|去年|前年|往年|上次|上回|以前|之前"
                      r"|昨天|前天|平时|原来)[^，,。！!？?\s]{1,4}(一样|似的)")


def answers_another(text: str) -> bool:
    """Whether ``text`` answers what another said (对，…, 同意, 我们也…: :data:`ANSWERS`, :data:`AGREES`;
    a likeness is none: :data:`LIKENESS`)."""
    bare = LIKENESS.sub("", MENTION.sub("", text))
    return bool(ANSWERS.search(bare) or AGREES.search(bare))


# …and a word on the writer's own matter tells what came of it since (今天来了吊篮, 已经停一个月了,
# 终于交上了, 到现在没见效果, 第三晚) or asks after it (谁来修, 找谁, 什么时候修, 然后呢, 下一步呢, 结果):
# a remark naming nothing that does neither ("看着真心疼", "罐车排成队了") is a comment of its own
SINCE = re.compile(r"今天|今早|今晚|今儿|这周|这两天|已经|终于|到现在|至今|刚|第[一二三四五六七八九十\d]+[天晚次回]")
ASKS_AFTER = re.compile(r"谁(来)?(管|修|处理|负责)|找谁|什么时候|啥时候|哪天|然后呢|下一步|咋办|怎么办|结果")


def tells_since(text: str) -> bool:
    """Whether ``text`` tells what came of its matter since, or asks after it (:data:`SINCE`,
    :data:`ASKS_AFTER`; and a chaser's, a continuation's or an update's words, a duration)."""
    return bool(SINCE.search(text) or ASKS_AFTER.search(text) or chaser_words(text) or continues(text)
                or tells_update(text) or lasted_days(text))


# 还是 that offers a choice ("是正式调整还是收费员乱收", "学校组织的还是外面机构", "A还是B？") asks
# which, it says nothing goes on: masked before 还是 is read as "still" ("是不是还是没人管" asks
# whether it still is: kept)
CHOICE = re.compile(r"(?<!是不)是(?!不是)[^，,。！？!?；;\s]{1,16}还是[^，,。！？!?；;\s]{1,16}")


def continues(text: str) -> bool:
    """Whether ``text`` says something goes on (又, 还是, 补充…): the words of a chaser that
    names neither the place nor the problem again. 还是 offering a choice is none."""
    return bool(CONTINUED.search(CHOICE.sub("", text)))


# how long the writer says their problem has lasted: "封了快三周了", "冒了快三个礼拜了",
# "坏了十二天了", "一个多月了" (a number, a unit, 了; 半个月 too)
LASTED = re.compile(r"(?<![\d一二三四五六七八九十两几半])(?P<n>[\d]{1,2}|[一二三四五六七八九十两]{1,3}|半)(?P<more>多)?个?"
                    r"(?P<more2>多)?(?P<unit>天|周|星期|礼拜|月)(?P<more3>多)?了")
_NUMERAL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT_DAYS = {"天": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30}


def number(word: str) -> float:
    """一 … 九十九 in Chinese numerals or digits (半: ½)."""
    if word.isdigit():
        return float(word)
    if word == "半":
        return 0.5
    if "十" in word:
        tens, _, ones = word.partition("十")
        return float(_NUMERAL.get(tens, 1) * 10 + _NUMERAL.get(ones, 0))
    return float(_NUMERAL.get(word, 0))


def lasted_days(text: str) -> float:
    """The longest time ``text`` says its problem has gone on (0 when it says none): a report of
    a problem in its third week reaches back to the cases of its first."""
    days = 0.0
    for m in LASTED.finditer(text):
        more = 3.0 if m.group("more") or m.group("more2") or m.group("more3") else 0.0
        days = max(days, number(m.group("n")) * _UNIT_DAYS[m.group("unit")] + more)
    return days


# a citizen naming their matter first thing as one the reader knows, then what an office answered
# or a question after it ("物业涨价的事，房管局有回复吗", "常信乡煤改电补贴的事，乡里说报上去了",
# "11路的事情 公交公司有没有考虑恢复"): the topic of the post is their own open matter. Not a matter
# set aside for another ("广场舞的事先不说了", "停水的事大家都说了，我说个别的"), denied ("不是灰的
# 事，是…"), introduced ("关于…的事", "我想说一下…的事"), asked after for others (同问, 也想问) or
# closed before a new one ("停水的事算是过去了，…是新问题了")
KNOWN_MATTER = re.compile(r"^(?:@[^\s@，,：:]{1,30}\s*)*(?P<what>[^，,。！？!?\s@]{2,16}?)(的事情|的事|那事|那个事)")
ASKED = re.compile(r"有没有|能不能|给个|[吗呢么没][？?]?$|[？?]")
SET_ASIDE = re.compile(r"^(不是|关于|我想|想问|也想|就想|请问|再说|打)|先不说|不说了|都说了|先放|同问|属实|我也|我们也"
                       r"|(的事|那事)[^，,。！？!?]{0,3}(过去了|解决了|完了)|新问题")


def known_matter(text: str) -> tuple[str, str] | None:
    """The matter ``text`` opens by naming as its writer's known one, and what it goes on to (what
    came of it, or a question after it: :data:`KNOWN_MATTER`, :func:`tells_since`, :data:`ASKED`),
    or None: a chase of their own report."""
    bare = text.strip()
    m = KNOWN_MATTER.match(bare)
    if m is None or SET_ASIDE.search(bare) or opens_another(bare) \
            or not (tells_since(bare) or ASKED.search(bare)):
        return None
    return m.group("what"), bare[m.end():]


def tells_update(text: str) -> bool:
    """Whether ``text`` tells how the writer's matter stands or asks after it (修好了, 来电了,
    物业说…, 那事有回复吗): a follow-up on their own case, read only for a post that names
    nothing of another case."""
    return bool(UPDATE.search(text))


def recurs(text: str) -> bool:
    """Whether ``text`` says its problem was put right once and is back (上个月刚修好，今天又停了):
    a new episode of the problem, not a chaser of the case about the first one."""
    return bool(RECURS.search(text))


# …and that the last time was long ago ("上个月就说过", "跟上次一样"): an intermittent problem
# chased with 又 a week on ("上周反映过，今晚又来了", "这个月第五次又停了", "比上回还冲", "上次反映的
# 没用": 上次 is the report chased) is the same episode
LONG_AGO = re.compile(r"上个?月|前阵子|前段时间|去年|[跟和同]上[次回]一样")


# the problem named back with 再次 ("再次积水", "再次停水": not 再次反映, the writer's word again), and
# this time set against the last ("这次封了吗？上次报了半天才来人"): a new episode told beside the old
AGAIN_NAMED = re.compile(r"再次(" + AGAIN_WHAT + ")")
THIS_TIME = re.compile(r"(这次|这回)[^。！]{0,20}(上次|上回)|(上次|上回)[^。！]{0,20}(这次|这回)")


def back_again(text: str) -> bool:
    """Whether ``text`` says its problem is back and the last time was long ago ("又满了，上个月
    刚说过", "又是黄汤，跟上次一样", "再次积水，这次…上次…"): after the cluster window a new episode,
    not the open case of the first one, unless it says it never stopped (:func:`still`)."""
    return bool((AGAIN.search(text) or AGAIN_NAMED.search(text)) and (LONG_AGO.search(text) or THIS_TIME.search(text)))


def still(text: str) -> bool:
    """Whether ``text`` says its matter never stopped (还是, 仍, 补充…): the episode is still
    the open one, however long ago it was reported."""
    return bool(STILL.search(CHOICE.sub("", text)))


# when the writer says they wrote before: "昨天说的", "前天反映的", "上周提了", "我2号说的", "三天前投诉的",
# "周四问的", "早上发的", "上个月反映过": which of their own open cases a chaser follows up, by its date
WROTE_WHEN = re.compile(
    r"(?P<when>今天|今早|早上|上午|中午|下午|昨天|昨晚|大前天|前天|上周|上星期|上礼拜|上个?月"
    r"|周(?P<wd>[一二三四五六日天])|(?:礼拜|星期)(?P<wd2>[一二三四五六天日])"
    r"|(?P<day>[\d]{1,2}|[一二三四五六七八九十]{1,3})[号日]"
    r"|(?P<ago>[\d]{1,2}|[一二三四五六七八九十两]{1,3})(?P<unit>天|周|个星期|个礼拜|个月)(?:以)?前)"
    r"[^，。！？,!?\s]{0,6}(?:反映|投诉|说|问|留言|发|报|提|吐槽)(?:的|过|了)")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_SAME_DAY = ("今天", "今早", "早上", "上午", "中午", "下午")


def wrote_on(text: str, at: dt.date, day: dt.date) -> bool | None:
    """Whether ``text``, written on the local date ``at``, says its writer wrote before on ``day``
    ("昨天说的" of the day before, "上周提了" of last week, "我2号说的" of the 2nd); None when it
    says no such date."""
    m = WROTE_WHEN.search(text)
    if m is None:
        return None
    when, d = m.group("when"), (at - day).days
    if m.group("ago"):
        n = number(m.group("ago"))
        unit = {"天": 1, "周": 7, "个星期": 7, "个礼拜": 7, "个月": 30}[m.group("unit")]
        slack = {1: 1, 7: 3, 30: 10}[unit]
        return n > 0 and abs(d - n * unit) <= slack
    if m.group("day"):
        return day.day == number(m.group("day")) and 0 <= d <= 40
    if wd := m.group("wd") or m.group("wd2"):
        return day.weekday() == _WEEKDAY[wd] and 0 <= d <= 13
    if when in _SAME_DAY:
        return d == 0
    if when in ("昨天", "昨晚"):
        return d == 1
    if when in ("前天", "大前天"):
        return d == (2 if when == "前天" else 3)
    if when.startswith("上") and when.endswith("月"):
        return (day.year, day.month) == ((at.year, at.month - 1) if at.month > 1 else (at.year - 1, 12))
    # 上周: the calendar week before this one, not yesterday (Sunday's post told on Monday is 昨天)
    monday = at - dt.timedelta(days=at.weekday())
    return monday - dt.timedelta(days=7) <= day < monday and d >= 2


# an answer asked for ("有没有人管", "给个说法", "到底啥时候…"): a chaser's word in a word on an open
# matter, and a first report's closing as often ("小区车位费一个月涨了一百 有没有人管")
APPEAL = re.compile(r"有没有人管|有人管吗|管不管|谁(来)?管管|到底(什么时候|啥时候|有没有)|给个(准话|时间|说法|答复|回复|交代)")


def appeals_only(words: list[str]) -> bool:
    """Whether every chaser word found (:func:`chaser_words`) is an answer asked for: no word that
    the writer wrote before, that the matter lasted or that nothing moved."""
    return bool(words) and all(APPEAL.fullmatch(w) for w in words)
