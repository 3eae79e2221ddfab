"""What a case is about, for clustering: the places it names and the problem it describes.

Citizens name one place many ways ("丽景湖", "丽景湖公园那边", "兴庆区丽景湖小区门口") and one
problem in many words ("广场舞太吵", "音响声音大到晚上十点", "噪音扰民"). A signature keeps only
what identifies the problem at the place, so two reports compare on that and never on the filler
every appeal shares ("希望有关部门尽快解决", "严重影响居民生活"):

* **place keys**: gazetteer names the classifier found (landmarks, communities, 街道), and names
  written before a place word (…小区, …花园, …路, …街, …广场) read backwards from that word up
  to the first character no place name contains (的, 在, 我, 们, digits…), with the district or
  city prefix dropped; two roads named with 路口/交叉口 add the crossing itself. Each key has a
  weight: a 小区 or landmark pins the place, a road less, a 街道 (an administrative area of
  dozens of streets) least.
* **problem**: the domain and sub-topic the classifier chose (sub-topics are the classifier's
  synonym sets: 噪音 holds 广场舞, 太吵, 音响…), the lexicon words found (路灯 vs 井盖 tell two
  市政设施 problems apart), and content terms: the remaining words that are not places, type
  words (投诉, 反映, 尽快解决), stop words or filler.

Pure functions over the classifier's tokens: nothing here segments the text again.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Container, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import jieba
import marisa_trie

from monitor.classify.classifier import Classifier
from monitor.classify.lexicon import in_jieba_dictionary
from monitor.classify.result import Classification
from monitor.cluster.faults import things as fault_things
from monitor.cluster.problems import problems
from monitor.cluster.terms import Terms, shipped_terms

# place words: a name written before one of these is a place (longest first at each position)
AREA_SUFFIXES = ("家属院", "农贸市场", "菜市场", "幼儿园", "保健院", "卫生院", "养老院", "敬老院", "新天地", "学院", "大学",
                 "小区", "花园", "家园", "公寓", "大厦", "广场", "公园",
                 "市场", "医院", "学校", "中学", "小学", "社区", "新村", "商场", "大院", "苑",
                 "商城", "夜市", "大楼", "百货", "酒店", "超市", "公馆", "园", "城", "湾", "府", "郡", "村",
                 # estates are named with words of their own too (锦绣华庭, 兰亭雅居, 滨河御景)
                 "华庭", "豪庭", "雅居", "山庄", "名邸", "御景",
                 "桥", "站", "渠", "湖",
                 # a business or a building site is where its problem is, named by its own name
                 # and its kind: 学思教育, 动力健身, 锦绣华庭项目 (欠薪 at a site, 退费 at a school
                 # that closed are told at no street, only at the name)
                 "项目部", "项目", "工地", "楼盘", "教育", "培训", "健身房", "健身")
ROAD_SUFFIXES = ("大街", "大道", "胡同", "路", "街", "巷", "线")
# a place word followed by one of these is not a place word there (广场舞, 路灯, 街道办…)
NOT_AFTER = {"城": "管市区乡镇际建", "园": "林区艺丁", "站": "牌点长台", "村": "民委干", "桥": "梁",
             "府": "门", "湖": "滨", "湾": "", "郡": "", "渠": "道", "广场": "舞", "路": "灯面边段况线由过费人网", "街": "道头坊", "线": "路索条头", "市场": "监价化",
             "学校": "的", "教育": "局厅部机", "培训": "费", "健身": "器操步", "项目": "经"}
# a place word preceded by one of these is part of another word (人民政府, 当地政府)
NOT_BEFORE = {"府": "政", "城": "县省京", "站": "车", "园": "校公"}
# characters no place name holds: reading backwards from a place word stops at them
STOP_CHARS = frozenset(
    "的了在是我你他她它们这那个住到从和与及跟对把被给就都也还很有没不去来说让请向往于为要能会"
    "每里外边旁附近号栋楼层单元室座条区市县省镇乡该本此其某所"
    "、，。！？：；（）()【】《》“”\"' \t\n")
# names that are words, not places ("我们小区", "这个广场", "道路")
NOT_NAMES = frozenset({"小区", "社区", "广场", "公园", "市场", "医院", "学校", "道路", "马路", "公路",
                       "铁路", "线路", "网路", "思路", "出路", "走路", "修路", "小路", "大路", "土路",
                       "一路", "全路", "整条", "一条", "周边", "附近", "楼下", "门口", "对面", "旁边",
                       "居民", "业主", "市民", "老旧", "整个", "周围", "十字", "丁字", "各个", "城市",
                       "农贸", "停车", "生活", "街道", "过马", "过", "上学", "放学", "医疗", "人民",
                       "住宅", "整治", "清理", "隔壁", "出入", "高档", "新建", "开放式", "物业", "整改",
                       # kinds of place, not names of one: every town has a 中心小学 and a 步行街
                       "中心", "民办", "公办", "农村", "儿童", "中医", "眼科", "实验", "私立", "公立",
                       "乡镇", "城区", "附属", "口腔", "商业", "花园", "国际", "职业", "技工",
                       "师范", "水泥", "步行", "小吃", "美食", "商业", "老城", "新城", "农贸", "建材",
                       "菜市", "超市", "幼儿", "社区", "小学", "中学", "大学", "学校", "医院",
                       "公交", "加油", "地铁", "车", "农村", "乡村", "县城", "省城", "全城",
                       "满城", "进城", "出城", "天桥", "立交", "政府", "市政", "区政", "花园", "校园",
                       "家园", "果园", "菜园", "公园", "乐园", "游乐", "动物", "植物", "产业", "工业",
                       "中小", "各大", "各级", "当地", "本地", "外地", "周边的", "附近的", "社保", "中小学",
                       "三无", "无物业", "房地产", "新农", "城中", "历史文化名", "职业技术", "技术", "黑心",
                       "开发", "商品", "保障", "安置", "回迁", "拆迁"})
# common words that end in a road word: never a road name ("不知道线路", "修马路")
ROAD_WORDS = frozenset({"线路", "道路", "马路", "公路", "铁路", "网路", "思路", "出路", "走路", "修路",
                        "小路", "大路", "土路", "一路", "水路", "电路", "套路", "门路", "退路", "后路",
                        "上路", "让路", "堵路", "挡路", "过街", "上街", "逛街", "沿街", "临街", "满街",
                        "跑路", "带路", "问路", "开路", "炸街", "扫街", "半路", "迷路", "顺路",
                        "叉路", "岔路"})  # 交叉路口 is a crossing, no road named 交叉
# stop characters that citizens' place names also hold inside a word (塞上骄子, 清和南街, 和顺新村)
IN_NAMES = frozenset("上下和与里外中大小新老东西南北")
CONNECTORS = frozenset("和")
# a name never ends with these ("情况下村", "月份开园"): they end phrases, not names
NOT_LAST = ("的", "了", "下", "上", "里", "内", "外", "开", "着", "过", "在", "是")
TOWN_UNITS = ("镇", "乡")
HOME_LAST = tuple(x for x in NOT_LAST if x != "里")  # an estate's name may end in 里 (兴盛里)
_BUILDING = re.compile(r"(?<![\d一二三四五六七八九十])(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|单元|号院)")
# a zone or a phase of an estate (阅海万家B区, 悦澜府2期, 御景湾一期): the name before it is the
# estate's, as before a building's number
_ZONE = re.compile(r"(?<![A-Za-z\d一二三四五六七八九十])(?:[A-Ha-h]区|(?:\d|[一二三四五六七八九十])期)")
PLACE_END = frozenset("路街巷道镇乡村区口园苑城楼场院站门湖店")
# numbered schools and hospitals, written whole or short (第二十一小学 = 二十一小, 第一人民医院 = 一院)
_NUMBERED = re.compile(r"(第)?([一二三四五六七八九十百零〇两\d]{1,4})(小学|中学|完小|小|中|人民医院|医院|院|幼儿园)"
                       r"(?![时分钟点号年月日天周次个层楼栋元块岁里米度以组区队部段期])")
# bus lines (26路公交, 7路车): a line is a place of its own for a bus problem
# a number in digits before 路 is a line whatever follows (38路改线, 36路末班车, 12路司机): a
# city's roads are named, not numbered; in Chinese numerals only before a word for the bus (一路 is
# "all the way")
_BUS_LINE = re.compile(r"(?<![\d一二三四五六七八九十])(?:([\d]{1,3}|[一二三四五六七八九十]{1,3})路(?=公交|车|大巴|班车)"
                       r"|(\d{1,3})路(?![口段面灯边旁以东西南北中]))")
# a line written by its number alone, as riders say it: after 公交 or a verb of riding (公交102, 等了
# 102半小时, 坐102) or before what a line does (102改线, 102原线路, 102临时线路, 102末班): never a
# number of minutes, money, floors or houses
_BUS_BARE = re.compile(r"(?:公交车?|(?<=[坐等乘搭换])了?)(\d{1,3})(?![\d.分元号个天块米岁斤年次人层楼路点站%％栋单户家小])"
                       r"|(?<![\d.])(\d{1,3})(?=(?:原|临时)?(?:改线|线路|改道|停运|末班|首班|司机|公交))")
# building-unit as neighbours write it after the estate (丽水苑3-2的电梯, 5-2的电梯也坏了): what may
# stand before and after the two numbers, so that buildings and units read it alike (not 5-2号)
_DASHED_BEFORE = r"(?:^|(?<=[\u4e00-\u9fff]))"
# (nor a range of a quantity: 室温15-17度, 3-5天, 10-20元, 2-3层, 7-8个人)
_DASHED_AFTER = r"(?![\d\-:./号月日点度℃°元块毛天周岁斤两米个人层次年万千分秒小%％])"
# a building of an estate by its number: 5号楼, 五号楼, 5栋, 5幢, 5#(2单元), the 5 of 5-2
_BUILDING_NO = re.compile(r"(?<![\d一二三四五六七八九十])(\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|#|＃)"
                          + r"|" + _DASHED_BEFORE + r"(\d{1,2})-\d{1,2}" + _DASHED_AFTER)


# a gate of a park, a campus or an estate, written after its name (宝湖公园东门, 宝湖西门外头, 宁大
#北门): the side of it a problem is on; a gate at the start of a sentence or after a verb of going
# (从南门到火车站) names a district of the city, not a side
_GATE = re.compile(r"(?<=[\u4e00-\u9fff])(?<![从到去往在回出进过走绕])([东西南北])(?:大)?门(?![诊票卫市面帘])")


def gates_of(text: str) -> frozenset[str]:
    """The sides of a place written as its gates (东门 → 东)."""
    return frozenset(_GATE.findall(text))


# a unit (单元) of a building, which one lift serves: "5号楼2单元", "三单元", "5-2的电梯"
_UNIT_NO = re.compile(r"(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,2})单元"
                      + r"|" + _DASHED_BEFORE + r"\d{1,2}-(\d{1,2})" + _DASHED_AFTER)


def unit_numbers(text: str) -> frozenset[int]:
    """The unit numbers ``text`` writes (2单元, 二单元, the 2 of 5-2)."""
    from monitor.cluster.markers import number
    return frozenset(int(number(m.group(1) or m.group(2))) for m in _UNIT_NO.finditer(text))


# a zone or a phase of a large estate ("阅海万家D区", "A区D区应该不是一个换热站", "悦澜府3期"): its own
# heating station, lifts and pipes, as a building has its own (two zones' cold flats are two matters)
_ZONE = re.compile(r"(?<![A-Za-z])([A-Ha-h])区|(?<![\d一二三四五六七八九十第])(\d|[一二三四五六七八九])期(?![间限货])")


def zones_of(text: str) -> frozenset[str]:
    """The zone or phase of an estate ``text`` writes first (D区 → D, 3期 and 三期 → 3): the
    writer's own, named before any other it is likened to ("A区暖气还是温的，D区都修好了")."""
    from monitor.cluster.markers import number
    m = _ZONE.search(text)
    if m is None:
        return frozenset()
    return frozenset({m.group(1).upper() if m.group(1) else str(int(number(m.group(2))))})


def building_numbers(text: str) -> frozenset[int]:
    """The building numbers ``text`` writes (五号楼 and 5号楼 alike)."""
    from monitor.cluster.markers import number
    return frozenset(int(number(m.group(1) or m.group(2))) for m in _BUILDING_NO.finditer(text))


ROAD_ENDS = frozenset("路街巷线")  # the last character of a road written just before another name
# 学院路宁朔街口 is a crossing too; so is where one road passes under or over the other or a driver
# turns from one into the other ("正源街下穿北京路", "亲水大街北京路下穿", "北京中路往正源街拐")
CROSSING = ("路口", "交叉口", "十字", "交汇", "街口", "巷口", "下穿", "立交", "转盘", "拐")
ROADS_FOR_CROSSING = 2

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

# the same thing named two ways; the classifier's sub-topics group kinds of problem, these the
# things within one (红绿灯 and 信号灯 are one thing; 路灯 and 井盖 are two)
# near-synonyms and words for one thing: the office's list, config/cluster_terms.toml (terms.py)
PLACE_WORDS = frozenset(AREA_SUFFIXES + ROAD_SUFFIXES + ("路口", "交叉口", "门口", "楼下", "对面"))

# jieba's dictionary tags: words tagged as verbs, adverbs, pronouns, directions, times… are never
# the start of a place name ("尽快处理小区…", "隔壁小区", "进入北京路")
SINGLE_NOT_NAME = frozenset("多少很太最更又也都就才已再还只仅上下中内外前后左右年月日岁次个条家人")
# a verb of going or comparing written before a road or a place, which jieba may glue to its name
# (路过民族街口, 绕丽子园路, 走文昌路, 比正源街那个): no name begins with one of these
LEAD_VERBS = frozenset("过走绕比")
LEAD_MOVES = frozenset({"下穿", "穿过", "经过", "沿着", "顺着", "上跨"})  # …, then the road it goes along
ONLINE_ACTS = frozenset("提充缴交支办预申报购付课教活渠买查")  # after 线上 / 线下: online, offline
# words of asking and thanking that begin a citizen's sentence, never a name ("建议社区上门认证",
# "建议丽景湖公园给广场舞划个区域")
ASKING = frozenset({"建议", "希望", "恳请", "请求", "要求", "麻烦", "感谢", "谢谢", "呼吁", "强烈建议"})
NOT_NAME_TAGS = frozenset({"v", "vn", "vd", "d", "r", "p", "c", "u", "f", "b", "m", "q", "t",
                           "ad", "y", "e", "o", "l"})
# inside a name (not at its start) only verbs and function words say it is no name: numerals and
# words of kind are names' own (阅海万家, 百家乐园, 金色阳光)
VERB_TAGS = NOT_NAME_TAGS - frozenset({"m", "q", "t", "f", "b"})
JIEBA_DICT = Path(jieba.__file__).with_name("dict.txt")


def not_name_words(tags: frozenset[str] = NOT_NAME_TAGS) -> frozenset[str]:
    """Two- to four-character dictionary words tagged one of ``tags`` (not names), read from the
    file at each call: what the signature maker keeps is :func:`name_word_lists`."""
    out = set()
    with JIEBA_DICT.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4 and parts[2] in tags:
                out.add(parts[0])
    return frozenset(out)


@cache
def word_tags() -> marisa_trie.BytesTrie:
    """Each word of jieba's dictionary with its part-of-speech tag, as ``dict.txt`` gives it.

    What ``jieba.posseg.dt.word_tag_tab`` holds, as a MARISA trie (about 4 MB outside Python's
    allocator) rather than that dict: importing ``jieba.posseg`` builds the dict of all 349,000
    words at import time, 40 MB of the daemon's resident set for the tag of a few words around a
    road or a shop's name (``bench/warmup_memory.py``). Read as jieba reads it (``word freq
    tag``, one space apart); the file's one repeated word repeats its tag.
    """
    def pairs() -> Iterator[tuple[str, bytes]]:
        with JIEBA_DICT.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.strip().split(" ")
                if len(parts) == 3:
                    yield parts[0], parts[2].encode()
    return marisa_trie.BytesTrie(pairs())


def word_tag(word: str, default: str = "") -> str:
    """``word``'s part-of-speech tag in jieba's dictionary, ``default`` if it holds no such word."""
    tags = word_tags().get(word)
    return tags[-1].decode() if tags else default


@cache
def common_words(min_freq: int = 100) -> frozenset[str]:
    """Dictionary words of two to four characters common enough to be words before they are
    names (阳光, 幸福, 农民工, 情况下): never learnt as names, never filed without their place word."""
    out = set()
    with JIEBA_DICT.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= min_freq:
                out.add(parts[0])
    return frozenset(out)


class DictionaryWords:
    """The words of two to four characters in jieba's dictionary, as a container: ``w in words``.

    Asked of jieba's own table (:func:`~monitor.classify.lexicon.in_jieba_dictionary`), not of a
    copy of its 330,000 words (41 MB in the daemon, ``bench/warmup_memory.py``)."""

    __slots__ = ()

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and 2 <= len(word) <= 4 and in_jieba_dictionary(word)


@cache
def dictionary_words() -> DictionaryWords:
    """Every word of two to four characters in jieba's dictionary."""
    return DictionaryWords()


@cache
def name_word_lists() -> tuple[marisa_trie.Trie, marisa_trie.Trie]:
    """The signature maker's two lists of jieba's dictionary words, read once per process.

    * words no name begins with: every not-name tag, less the words of time (tag ``t``) that are
      no time of day, week or year a citizen writes before a place (新月广场, 国庆小区, 中秋花园
      are names), plus the repost words (同问…);
    * words no name holds: verbs, adverbs and function words (严重污染, 力度整顿).

    The times of day and the glances are added whether or not the dictionary holds them (今早, 一看
    are no words of it, and began 今早怀远路, 一看路).

    Held as MARISA tries (about 1 MB for both) rather than frozensets (16 MB of 130,000 strings
    and their tables, ``bench/warmup_memory.py``): the same answers, at about 0.4 µs a lookup
    instead of 0.05 µs, asked only of the words around a candidate place name.
    """
    not_names = (not_name_words() - (not_name_words(frozenset({"t"})) - TIMES)) | REPOST_WORDS | TIMES | LOOKING
    return marisa_trie.Trie(not_names), marisa_trie.Trie(not_name_words(VERB_TAGS))


def trim_name(name: str, bad: Container[str]) -> str:
    """Drop leading words that cannot start a name ("尽快处理" → "", "进入北京" → "北京")."""
    changed = True
    while changed and name:
        changed = False
        for n in (4, 3, 2):
            if len(name) >= n and name[:n] in bad:
                name = name[n:]
                changed = True
                break
    return name


_TOWN_END = re.compile(r"(街道|镇|乡)$")
_STREET_END = re.compile(r"[东西南北中]?(大街|街|路)$")
_SUFFIX = re.compile("|".join(sorted(AREA_SUFFIXES + ROAD_SUFFIXES, key=len, reverse=True)))
_SUFFIX_END = re.compile("(?:" + "|".join(sorted(AREA_SUFFIXES, key=len, reverse=True)) + ")$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

MAX_DOMAINS = 3  # domains a case is filed under in the joining index
MAX_ISSUES = 2  # problems a case is filed under in the joining index
ISSUE_TAG = "~"  # a problem in the index's domain column (no domain name starts with it)
REPOST_WORDS = frozenset({"同问", "同求", "顶起"})
TIMES = frozenset({"今天", "昨天", "明天", "前天", "后天", "早上", "上午", "中午", "下午", "傍晚", "晚上", "夜里",
                   "半夜", "凌晨", "清晨", "白天", "黑夜", "周末", "平时", "现在", "以前", "以后", "最近", "当时",
                   "今年", "去年", "明年", "前年", "每天", "天天", "夜间", "深夜", "早晨", "晚间", "平日", "假期",
                   "冬天", "夏天", "秋天", "春天", "冬季", "夏季", "刚才", "目前", "此时", "近期", "近日", "日前",
                   "昨晚", "今晚", "明晚", "今早", "昨夜", "当天", "当晚", "每晚", "每年", "每月", "月初", "月底",
                   "年底", "年初", "之前", "之后", "后来", "过去", "将来", "未来", "早晚", "一早", "节假日",
                   "早高峰", "晚高峰", "高峰", "高峰期"})  # "同问新月广场": they begin no name
# a glance before what was seen ("下楼一看路口水管爆了", "出门一瞧小区门口…"): no name begins with it
# (neither do the times above that jieba's dictionary does not hold: 今早怀远路 is 怀远路)
LOOKING = frozenset({"一看", "一瞧", "一瞅", "看看", "瞅瞅", "瞧瞧", "一抬头", "抬头"})
UNNAMED = "~?"  # the index tag of reports naming no problem of the table
W_AREA = 1.0       # a 小区, landmark, community or road crossing pins the place
W_STEM = 0.7       # a name without its place word: 丽景湖 may be the park or the 小区 beside it
W_ROAD = 0.7       # a road is long: the same problem on it is likely, not certain, the same spot
W_STREET = 0.5     # a 街道 (sub-district) is an administrative area, not a spot
# a crossing written with directions (北京中路×正源北街) is also filed without them (北京路×正源街):
# citizens drop the 北/中 of one road or both. The weight marks the derived key: two cases that
# both *derived* it wrote other directions (北京东路 / 北京西路) and do not meet there. A road alone
# is not filed without its direction: 清和南街 and 清和街 may be two streets, a crossing of two
# such roads hardly two places
W_BASE_CROSS = 0.95
# a road written with its direction (民族北街) is also filed without it (民族街), weaker than the
# road itself: a neighbour writing 民族街 means one of its halves, most likely the one with the
# problem; two cases that both derived it (民族北街 / 民族南街) do not meet there (DERIVED)
W_BASE_ROAD = 0.6
DERIVED = frozenset({W_BASE_CROSS, W_BASE_ROAD})
DIRECTIONS = frozenset("东西南北中")
# what may stand just before a road named by one everyday word (建设路, 胜利街): the end of
# another road or of a district, or a preposition of where ("中山南街建设巷", "在建设路上")
ROAD_BOUNDARY = frozenset("路街巷道区县市镇")
ROAD_PREPOSITIONS = frozenset("在到从往沿近和与跟及是的")
WORD_ROAD_NOT = frozenset("rmqdpcuftyeox")
ROAD_CHARS = frozenset("路街巷道口")
# errands a citizen is on "路上" (on the way): jieba tags some of them nouns
WAY_WORDS = frozenset({"回家", "上学", "放学", "下课", "出门", "买菜", "接娃", "送娃", "散步", "跑步", "遛弯", "上班",
                       "下班", "通勤", "赶路"})  # jieba's tags of pointers, counts, times… (first letter)


@dataclass(frozen=True)
class Signature:
    """Place keys (key → weight) and problem of one case; JSON-able via :meth:`to_json`."""

    places: dict[str, float]
    domain: str
    subtopic: str | None
    domains: tuple[str, ...]
    words: frozenset[str]
    terms: frozenset[str]
    nuisance: bool
    topics: frozenset[str] = frozenset()  # "domain/sub-topic" of every domain word written
    problems: frozenset[str] = frozenset()  # the classifier's hot topics named (广场舞噪音, 停水)
    issues: tuple[str, ...] = ()  # the problems named (problems.toml: 停水, 噪音…), most-named first
    unlike: frozenset[str] = frozenset()  # what the citizen says it is not (不是胜利街那栋): never joined
    buildings: frozenset[int] = frozenset()  # building numbers written (5号楼, 五栋, 5#): which lift
    region: str | None = None  # the county or district written (贺兰县): a city-wide matter's side
    gates: frozenset[str] = frozenset()  # the gates of a park or campus written (东门, 西门): which side
    # the things the citizen says something is wrong with, thing → kind of fault ("井盖松了":
    # 井盖 → broken): the problem by its form, for problems the table does not name (faults.py)
    things: dict[str, str] = field(default_factory=dict)
    # the kinds of the main problem told (problems.toml ``kinds``: noise from a building site, from
    # square dancers…): two reports of one problem naming two kinds and none in common are two
    kinds: frozenset[str] = frozenset()
    units: frozenset[int] = frozenset()  # unit numbers written (2单元, 5-2): which of a building's lifts
    zones: frozenset[str] = frozenset()  # an estate's zones or phases written (D区, 3期): which station

    def to_json(self) -> dict[str, Any]:
        return {"places": self.places, "domain": self.domain, "subtopic": self.subtopic,
                "domains": list(self.domains), "words": sorted(self.words),
                "terms": sorted(self.terms), "nuisance": self.nuisance, "topics": sorted(self.topics),
                "problems": sorted(self.problems), "issues": list(self.issues),
                **({"unlike": sorted(self.unlike)} if self.unlike else {}),
                **({"buildings": sorted(self.buildings)} if self.buildings else {}),
                **({"region": self.region} if self.region else {}),
                **({"gates": sorted(self.gates)} if self.gates else {}),
                **({"things": self.things} if self.things else {}),
                **({"kinds": sorted(self.kinds)} if self.kinds else {}),
                **({"units": sorted(self.units)} if self.units else {}),
                **({"zones": sorted(self.zones)} if self.zones else {})}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Signature:
        return cls(places=dict(d.get("places") or {}), domain=d.get("domain") or "",
                   subtopic=d.get("subtopic"), domains=tuple(d.get("domains") or ()),
                   words=frozenset(d.get("words") or ()), terms=frozenset(d.get("terms") or ()),
                   nuisance=bool(d.get("nuisance")), topics=frozenset(d.get("topics") or ()),
                   problems=frozenset(d.get("problems") or ()), issues=tuple(d.get("issues") or ()),
                   unlike=frozenset(d.get("unlike") or ()), buildings=frozenset(d.get("buildings") or ()),
                   region=d.get("region") or None, gates=frozenset(d.get("gates") or ()),
                   things=dict(d.get("things") or {}), kinds=frozenset(d.get("kinds") or ()),
                   units=frozenset(d.get("units") or ()), zones=frozenset(d.get("zones") or ()))

    @property
    def place_label(self) -> str:
        """The most specific place, for people (the heaviest key, the longest on a tie)."""
        if not self.places:
            return ""
        return max(self.places, key=lambda k: (self.places[k], len(k)))

    def echoing(self, said: Signature, default: str) -> Signature:
        """This signature completed by ``said``'s, the signature of what the post answers or
        passes on (a 同问 under a post, a repost of it: :attr:`Item.context`): its place when it
        names none, its problem when it names none ("同问，我们宁华苑也是" under 金水苑's 停水 is
        停水 at 宁华苑; "+1" alone is the post's problem at the post's place). What it names
        itself stays its own; ``default``: the classifier's domain of a text naming none."""
        out = self
        if not self.places and said.places:
            out = replace(out, places=dict(said.places), region=self.region or said.region,
                          buildings=self.buildings or said.buildings, gates=self.gates or said.gates,
                          units=self.units or said.units, zones=self.zones or said.zones)
        if not self.issues and said.issues:
            out = replace(out, issues=said.issues, kinds=said.kinds, problems=self.problems | said.problems,
                          words=self.words | said.words, terms=self.terms | said.terms)
            if self.domain == default:
                out = replace(out, domain=said.domain, subtopic=said.subtopic, domains=said.domains,
                              topics=self.topics | said.topics)
        return out

    def index_domains(self) -> tuple[str, ...]:
        """What the joining index files this case under: its problems (as ``~停水``: two reports
        of one problem meet there whichever domain the classifier gave each) and its domains
        (for reports that name no problem of the table)."""
        named = sorted({t.split("/", 1)[0] for t in self.topics})
        domains = tuple(dict.fromkeys((self.domain, *self.domains, *named)))[:MAX_DOMAINS]
        # a problem the table does not name: the classifier's domain for it is often the place's
        # (唐徕渠 makes 石凳坏了 a river matter), so such reports also meet under one tag of their own
        unnamed = () if self.issues else (UNNAMED,)
        return tuple(ISSUE_TAG + i for i in self.issues[:MAX_ISSUES]) + unnamed + domains

    def wanted_tags(self) -> set[str]:
        """The index tags a candidate may be filed under: the same or a related problem, an event
        this one's main problem is told of (``effects``: a jam at a burst's crossing), or a shared
        domain."""
        table = problems()
        tags = set(self.index_domains())
        for i in self.issues[:MAX_ISSUES]:
            tags |= {ISSUE_TAG + r for r in table.related.get(i, ())}
        if self.issues:
            tags |= {ISSUE_TAG + e for e in table.causes.get(self.issues[0], ())}
        return tags


class SignatureMaker:
    """Builds signatures with the classifier's own index (gazetteer, lexicon, type words)."""

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
        self.entries = index.entries
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
        gaz = classifier.gazetteer
        prefixes = [gaz.city, *gaz.city_short]
        for d in gaz.districts:
            prefixes += [d.name, *d.short]
        self.prefixes = tuple(sorted((p for p in prefixes if p), key=len, reverse=True))
        # the city's and its districts' and counties' names, never a spot's name without its place
        # word: 金凤 of 金凤花园 is the district every "@金凤区城管" names, no bare mention of the estate
        self.area_names = frozenset(self.prefixes)
        # names that do not qualify a numbered school (银川二中, 兴庆区二十一小: the city's and its
        # districts' numbering is one); a county's is its own (贺兰一中 is no 永宁一中)
        self.city_names = frozenset([gaz.city, *gaz.city_short] + [
            n for d in gaz.districts if d.name.endswith("区") for n in (d.name, *d.short)])
        # the counties, whose schools are numbered apart (贺兰一中 is no 永宁一中)
        self.counties = frozenset(n for d in gaz.districts if not d.name.endswith("区")
                                  for n in (d.name, *d.short))
        # names learnt from earlier messages ("阅海湾" from "阅海湾小区"), so a later message that
        # writes the name bare ("阅海湾那边") is placed too: name → weight, by first two characters
        # words no name begins with (words of time begin none, "晚上广场上…", unless they are no
        # time of day, week or year a citizen writes before a place: 新月广场, 国庆小区, 中秋花园
        # are names) and words no 小区 name holds (严重污染, 力度整顿): name_word_lists says which
        self.not_names, self.verbs = name_word_lists()
        # the words the gazetteer's streets and towns are named by (满城 of 满城北街, 前进 of 前进街,
        # 胜利 of 胜利街): an estate is often named after its street (满城花园, 前进里小区, 胜利新村),
        # and such a word names it however else it reads (满城 the whole city, 前进 a verb)
        self.street_words = frozenset(
            stem for d in gaz.districts for st in d.streets for n in (st.name, *st.short)
            for stem in [_STREET_END.sub("", _TOWN_END.sub("", n))] if len(stem) >= 2 and not stem.endswith("区"))
        self.dict_words = dictionary_words()
        self.learnt: dict[str, dict[str, float]] = {}
        self.learnt_count = 0
        self.road_stems: dict[str, str] = {}  # bare names of roads seen at a crossing → the road
        # the gazetteer's places by their first two characters, to find them in the text itself:
        # jieba may cut a name into other words ("掌政工地" → 掌 / 政工 / 地); a two-character name
        # that is an everyday word first (良田) only when jieba cut it as a word
        self.gazetteer = ahocorasick.Automaton()
        for w, e in self.entries.items():
            if e.place is not None and e.place.kind != "district" and len(w) >= 2 \
                    and not (len(w) == 2 and w in common_words()):
                self.gazetteer.add_word(w, w)
        if len(self.gazetteer):
            self.gazetteer.make_automaton()
        # the city's railway station named by the city alone (银川站): the 火车站 others write
        self.city_stations = tuple(c + "站" for c in (gaz.city, *gaz.city_short) if c)
        # learnt spots (a name and its place word) by their name, by every beginning of it
        # (恒泰商务大厦 under 恒泰: 恒泰大厦 may be it) and, for housing estates, by every ending
        # (塞上骄子小区 under 骄子: neighbours call an estate by its last word, 骄子小区)
        self.spot_names: dict[str, set[str]] = {}
        self.spot_heads: dict[str, set[str]] = {}
        self.home_tails: dict[str, set[str]] = {}
        # short forms of the gazetteer's and learnt universities (宁大 = 宁夏大学): short → name
        self.shorts: dict[str, str] = {}
        # what is learnt is read and grown by every source's thread of one daemon: one at a time
        # (a dict grown while another thread walks it raises)
        self._learning = threading.Lock()
        for w, e in self.entries.items():
            if e.place is not None and e.place.kind not in ("district", "street"):
                self._add_short(w)

    def make(self, text: str, c: Classification) -> Signature:
        unlike, masked = said_not(text)
        own = compared_with(masked)
        with self._learning:
            places = self._places(own, c) if own != masked else {}
            if not places:  # only the place likened to or passed over is named: the writer's own
                places = self._places(masked, c)  # is not, so that one is kept
        sig = self._signature(text, c, places)
        if own != text:  # the buildings of the place set apart are not the writer's either
            sig = replace(sig, buildings=building_numbers(own), gates=gates_of(own), units=unit_numbers(own),
                          zones=zones_of(own))
        return replace(sig, unlike=unlike) if unlike else sig

    def _places(self, text: str, c: Classification) -> dict[str, float]:
        """The places ``text`` names, weighted, and what they teach for later messages."""
        places: dict[str, float] = {}
        tokens = set(c.tokens)
        for tok in [*c.tokens, *(w for w in self._gazetteer_in(text) if w not in tokens)]:
            if tok not in text:
                continue  # a name the citizen said it is not about (masked by :func:`said_not`)
            e = self.entries.get(tok)
            if e is None or e.place is None or e.place.kind == "district":
                continue
            p = e.place
            if p.street:  # a community or landmark of a 街道 places the case in that 街道 too
                _add(places, p.street, W_STREET)
            if p.kind != "street":
                _add(places, tok, W_AREA)
                _add(places, self._strip(tok), W_AREA)  # 银川火车站 is the 火车站 others write
        for key, w in self.written_places(text, c.tokens).items():
            _add(places, key, w)
        for station in self.city_stations:
            i = text.find(station)
            if i >= 0 and text[i + len(station):i + len(station) + 1] not in "台牌长点":
                _add(places, "火车站", W_STEM)
        for key, w in self._shorts_in(text).items():
            _add(places, key, w)
        for key, w in self._learnt_in(text).items():
            if any(k != key and (k.startswith(key) and k in text or k.endswith(key) and _NUMBERED_KEY.match(key))
                   for k in places):
                continue  # 宝湖 inside 宝湖路 names the road, not the 宝湖公园 it was learnt from
                # (a 街道 the gazetteer gave a bare 阅海 is not written: 阅海北门 is the park's), and
                # 三小 inside 贺兰三小 names the county's school, not the city's learnt from 丽景五小
            _add(places, key, w)
        for key in self._same_estates(places):
            _add(places, key, W_STEM)
        self.learn(places)
        return places

    def _signature(self, text: str, c: Classification, places: dict[str, float]) -> Signature:
        found = self.lexicon_words(text)
        # a word of a hot topic stands for its topic (the classifier's near-synonyms: 红绿灯 and
        # 信号灯 are 交通拥堵's), other domain words for themselves
        hot = {t for w in found if (t := self._topic(w))}
        words = {self._topic(w) or self.terms(w) for w in found}
        place_chars = "".join(places)
        if self.term_words.kind == ahocorasick.AHOCORASICK:
            found_terms = {self.terms(w) for _end, w in self.term_words.iter_long(text) if w not in found}
        else:
            found_terms = set()
        terms = found_terms | {self.terms(t) for t in c.tokens
                 if len(t) >= 2 and _CJK.match(t) and t not in self.stop and t not in self.type_words
                 and t not in found and t not in PLACE_WORDS and t not in place_chars
                 and not self._is_place(t)}
        domain = c.rule_domain or c.domain or self.default_domain
        subtopic = c.subtopic if domain == (c.rule_domain or c.domain) else c.subtopics.get(domain)
        with_domain = {w: d for w, d in found.items() if d}
        if domain == self.default_domain and with_domain:
            domain, subtopic = _vote(with_domain)  # the classifier's tokens missed words the text has
        topics = {f"{d}/{sub}" for pairs in found.values() for d, sub in pairs}
        domains = tuple(dict.fromkeys([domain, *(c.domains or ()), c.domain or domain]))
        table = self.table
        # no word of the table: a hot topic of the classifier may still name the problem (KTV
        # "鬼哭狼嚎" is 商铺噪音, so 噪音), in the order its words are written
        issues = table.find(text) or table.of_topics(
            [t for w in sorted(found, key=text.find) if (t := self._topic(w))])
        skip = _ThingSkip(self.stop, self.type_words, places)
        things = {self.terms(t): k for t, k in fault_things(text, c.tokens, skip).items()
                  if not self._is_place(t)}
        return Signature(places=places, domain=domain, subtopic=subtopic, domains=domains,
                         words=frozenset(words), terms=frozenset(sorted(terms)[:24]),
                         nuisance=bool(subtopic and subtopic in self.nuisance), topics=frozenset(topics),
                         problems=frozenset(hot), issues=issues, buildings=building_numbers(text), gates=gates_of(text), zones=zones_of(text),
                         units=unit_numbers(text),
                         region=c.region or None, things=things,
                         kinds=table.kinds_of(issues[0], text) if issues else frozenset())

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

    def learn(self, places: dict[str, float], limit: int = 100_000) -> None:
        """Remember names of three characters or more, and two-character ones that are no common
        word (北塔, 正丰 are names; 阳光, 幸福 are words first: "阳光很好" names no 阳光花园)."""
        if self.learnt_count > limit:
            self.learnt.clear()
            self.home_tails.clear()
            self.spot_names.clear()
            self.spot_heads.clear()
            self.road_stems.clear()
            self.learnt_count = 0
        common = common_words()
        for key, w in places.items():
            if "×" in key and w >= W_AREA and len(self.road_stems) < MAX_SPOTS:
                # the roads of a crossing, by their bare names (宁安大街 → 宁安, 长城中路 → 长城,
                # 长城路): a later "宁安长城路口" or "亲水宝湖那个十字路口" names the same crossing
                for road in key.split("×"):
                    for form in (road, base_road(road)):
                        stem = next((form[:-len(x)] for x in ROAD_SUFFIXES if form.endswith(x)), "")
                        if len(stem) >= 2:
                            self.road_stems.setdefault(stem, road)
            if len(key) >= 2 and key not in common and "×" not in key and w >= W_ROAD and key not in _ROLE_KEYS \
                    and key not in self.area_names:
                bucket = self.learnt.setdefault(key[:2], {})
                if key not in bucket:
                    self.learnt_count += 1
                    if key.endswith(UNIVERSITY) and len(self.shorts) < MAX_SHORTS:
                        self._add_short(key)
                    if w >= W_AREA:
                        self._learn_estate(key)
                bucket[key] = max(w, bucket.get(key, 0.0))

    def _same_estates(self, places: dict[str, float]) -> list[str]:
        """Learnt spots this case's spot may be, named longer or shorter (恒泰大厦 ↔ 恒泰商务大厦,
        怀远路夜市 ↔ 怀远夜市, 骄子小区 ↔ 塞上骄子小区, 海宝小区 ↔ 海宝新村): filed under their
        keys too, so the index finds them (whether they are one spot is
        :func:`~monitor.cluster.score.same_spot`'s to say)."""
        out: set[str] = set()
        common = common_words()
        for key, w in places.items():
            stem = spot_stem(key) if w >= W_AREA else ""
            if len(stem) < 2:
                continue
            if home_stem(key):
                # the estate with and without its developer's brand (万科金色家园 / 金色家园),
                # however everyday the name left (金色)
                bare = unbranded(stem)
                out |= {k for k in self.spot_names.get(bare, ()) if home_stem(k)} if bare else \
                    {k for b in BRANDS for k in self.spot_names.get(b + stem, ()) if home_stem(k)}
            kind = key[len(stem):]
            if kind in MARKET_KINDS:
                # one market with any of its words (北门市场 / 北门菜市场), its name an everyday
                # word or not; same_spot says which names may be one
                out |= {k for k in self.spot_names.get(stem, ()) if k[len(stem):] in MARKET_KINDS}
            elif kind in ESTATE_KINDS:
                # an estate with its own word and with the word anyone adds (新华苑 / 新华小区 /
                # 新华社区); two own words of one everyday name are two estates (锦绣苑, 锦绣华庭)
                out |= {k for k in self.spot_names.get(stem, ()) if k[len(stem):] in ESTATE_KINDS
                        and (kind in ANY_ESTATE or k[len(stem):] in ANY_ESTATE)}
            if stem in common:
                out.discard(key)
                continue
            out |= self.spot_heads.get(stem, set())  # longer names beginning with this one
            for n in range(2, len(stem)):
                out |= self.spot_names.get(stem[:n], set())  # shorter names it begins with
            if home_stem(key):
                out |= self.home_tails.get(stem, set())
                for n in range(2, len(stem)):
                    if stem[-n:] not in common:
                        out |= self.spot_names.get(stem[-n:], set())
            out.discard(key)
        return sorted(k for k in out if k not in places)[:MAX_ESTATES]

    def _learn_estate(self, key: str) -> None:
        stem = spot_stem(key)
        if len(stem) < 2 or len(self.spot_names) > MAX_SPOTS:
            return
        self.spot_names.setdefault(stem, set()).add(key)
        for n in range(2, len(stem) + 1):
            self.spot_heads.setdefault(stem[:n], set()).add(key)
        if home_stem(key):
            for n in range(2, len(stem) + 1):
                self.home_tails.setdefault(stem[-n:], set()).add(key)

    def _add_short(self, name: str) -> None:
        short = abbreviation(self._strip(name))
        if short and short not in common_words() and short not in self.entries:
            self.shorts.setdefault(short, name)

    def _shorts_in(self, text: str) -> dict[str, float]:
        """Names written by their short form (宁大西门 → 宁夏大学); a short form inside a longer
        name (宁大街) is not one."""
        out: dict[str, float] = {}
        for short, name in self.shorts.items():
            i = text.find(short)
            if i >= 0 and text[i + len(short):i + len(short) + 1] not in "街路道":
                out[name] = W_AREA
        return out

    def _bare_crossing(self, text: str) -> list[str]:
        """Two roads of a known crossing written by their bare names just before 路口 / 十字
        ("宁安长城路口", "亲水宝湖那个十字路口"): the roads, or [] when not two."""
        for word in CROSSING:
            at = text.find(word)
            if at < 0:
                continue
            window = text[max(0, at - 10):at]
            found: list[str] = []
            a = 0
            while a < len(window) - 1:
                hit = next((window[a:b] for b in range(min(len(window), a + 4), a + 1, -1)
                            if window[a:b] in self.road_stems), "")
                if hit:
                    road = self.road_stems[hit]
                    if road not in found:
                        found.append(road)
                    a += len(hit)
                else:
                    a += 1
            if len(found) == ROADS_FOR_CROSSING:
                return found
        return []

    def _gazetteer_in(self, text: str) -> list[str]:
        """The gazetteer's names written in ``text`` (the longest, left to right: one C pass)."""
        if self.gazetteer.kind != ahocorasick.AHOCORASICK:
            return []
        return [w for _end, w in self.gazetteer.iter_long(text)]

    def _learnt_in(self, text: str) -> dict[str, float]:
        out: dict[str, float] = {}
        get = self.learnt.get
        for i in range(len(text) - 2):
            bucket = get(text[i:i + 2])
            if bucket:
                for name, w in bucket.items():
                    if text.startswith(name, i):
                        out[name] = w
        return out

    def _topic(self, word: str) -> str | None:
        e = self.entries.get(word)
        return getattr(e, "topic", None) if e is not None else None

    def _has_verb(self, name: str, at: int = 0, cuts: Container[int] | None = None) -> bool:
        """Whether ``name`` (written at ``at``) holds a verb or function word. With the text's word
        boundaries ``cuts``, a name that begins where a word begins holds only the verbs jieba cut
        as words: a dictionary verb read across two of its words (上明 in 塞上 / 明珠) is no verb
        written there; a name beginning inside a word (力度整顿 of 加大力度) is read as before."""
        bad = self.verbs
        if cuts is not None and at not in cuts:
            cuts = None
        return any(name[a:b] in bad and (cuts is None or (at + a in cuts and at + b in cuts))
                   for a in range(len(name) - 1) for b in range(a + 2, min(len(name), a + 4) + 1))

    def _word_start(self, name: str, end: int, starts: dict[int, str], text: str = "") -> str:
        """Cut ``name`` (ending at ``end``) to begin at a word, dropping words no name begins with."""
        j = end - len(name)
        while j < end:
            tok = starts.get(j)
            if tok is None:
                if j == end - len(name) and j > 0 and text[j - 1:j] in ROAD_ENDS and text[j] not in STOP_CHARS \
                        and text[j - 1:j + 1] not in self.dict_words:
                    break  # jieba joined the road before to this name (宝湖路亲水街 → 路亲 / 水街; 路过 is a word)
                j += 1  # inside a word: the name starts at the next one
                continue
            if tok in self.not_names or tok in ASKING or (len(tok) == 1 and j + 1 < end and tok in SINGLE_NOT_NAME):
                j += len(tok)
                continue
            break
        return name[len(name) - (end - j):] if j < end else ""

    def _word_road(self, text: str, i: int, suffix: str, starts: dict[int, str]) -> str:
        """A road named by one everyday word, with or without its direction (建设路, 解放东街,
        胜利街, 团结西路): the word no other name begins with (a verb, a noun of ideals) is the
        whole name when it stands alone before the road word — at the text's start, after
        punctuation, another road or a district, or a preposition (在建设路上) — and the two are
        no everyday word together (马路, 道路 are no road named 马, 道). "" when not so."""
        end = i - 1 if text[i - 1:i] in DIRECTIONS else i
        j = end - 2
        word = text[j:end]
        if j < 0 or len(word) != 2 or not _CJK_RUN.fullmatch(word) or word not in self.dict_words:
            return ""
        if starts.get(j) not in (word, word + text[end:i + len(suffix)], text[j:i + len(suffix)]) \
                and not (j in starts and text[j:j + len(starts[j])] == word + text[end:end + len(starts[j]) - 2]):
            return ""  # the word must be one of the text's words (施工路段 is 施工 / 路段: no road)
        tag = word_tag(word, "x")
        if word in ASKING or word in TIMES or word in REPOST_WORDS or word[-1] in "了着过的" \
                or tag[:1] in WORD_ROAD_NOT or any(ch in ROAD_CHARS for ch in word):
            return ""  # 那条路, 这段路, 一条路: a pointer or a count; 路口路塌了: no name
        if suffix == "路" and (tag == "v" or word in WAY_WORDS) and text[i + 1:i + 2] == "上":
            return ""  # 上班路上, 回家路上: on the way, no road
        road = word + text[end:i] + suffix
        if road in common_words() and not _proper(road):
            return ""
        before = text[j - 1:j]
        if j == 0 or not _CJK.match(before) or before in ROAD_BOUNDARY \
                or starts.get(j - 1) in ROAD_PREPOSITIONS:
            return word + text[end:i]
        return ""

    def _street_estate(self, text: str, i: int) -> str:
        """The name of an estate named after its street, written just before position ``i``
        (满城花园, 前进里小区, 胜利新村: the street's word, with the old 里 of a lane or not), or "".
        Not when the word is the end of a longer one (新满城 may be another estate's name)."""
        for name in (text[max(0, i - 5):i], text[max(0, i - 4):i], text[max(0, i - 3):i], text[max(0, i - 2):i]):
            word = name[:-1] if name.endswith("里") else name
            if word in self.street_words:
                before = text[i - len(name) - 1:i - len(name)] if i > len(name) else ""
                if not before or not _CJK.match(before) or before in STOP_CHARS or before in "区县在的":
                    return name
        return ""

    def _is_place(self, tok: str) -> bool:
        e = self.entries.get(tok)
        return e is not None and e.place is not None

    def _strip(self, name: str) -> str:
        """Drop a city or district prefix (兴庆区丽景湖 → 丽景湖), unless what is left is a single
        character, or the prefix and the next character are a word: then the prefix is part of the
        name (金凤凰花园 is no 凰花园 of 金凤, 贺兰山中路 no 山中路 of 贺兰)."""
        for p in self.prefixes:
            if name.startswith(p) and len(name) > len(p) + 1:
                if name[len(p)] not in "区县市镇乡" and name[:len(p) + 1] in self.dict_words:
                    return name  # 贺兰山中路 is no 山中路 of 贺兰: the prefix is part of a word
                return name[len(p):]
        return name

    def written_places(self, text: str, tokens: list[str] | None = None) -> dict[str, float]:
        """Names written before place words (see the module docstring), key → weight.

        With the text's jieba ``tokens`` a name starts where a word starts and never with a word
        that cannot begin a name ("那么多小区" is no 么多小区, "严重损害…" no place at all).
        """
        if tokens is None or "".join(tokens) != text:
            tokens = jieba.lcut(text)
        starts: dict[int, str] = {}
        cover: list[tuple[int, int]] = []  # per character: its word's start and end
        pos = 0
        for tok in tokens:
            starts[pos] = tok
            cover += [(pos, pos + len(tok))] * len(tok)
            pos += len(tok)
        cuts = set(starts) | {pos}  # where the text's words begin and end
        out: dict[str, float] = {}
        for key, w in numbered_places(text, self.city_names, self.counties).items():
            _add(out, key, w)
        roads: list[str] = []
        for hit in _SUFFIX.finditer(text):
            suffix, i = hit.group(0), hit.start()
            nxt = text[hit.end():hit.end() + 1]
            if text[max(0, i - 1):i] in NOT_BEFORE.get(suffix, ""):
                continue  # 政府 is no 府, 超市场 no 市场
            road = suffix in ROAD_SUFFIXES
            if road and text[i - 1:i + 1] in ROAD_WORDS:
                continue
            if road and text.startswith("街道", hit.end()):
                continue  # "@兴庆区胜利街街道": the sub-district named after the road (its own key, 0.5),
                # addressed or named as an office, not the road (an estate of it is no report on 胜利街)
            if suffix == "线" and text[i - 1:i + 1] in common_words():
                continue  # 路线, 热线, 一线, 中线…: a word ending in 线 before it is a road (银巴线)
            if suffix == "线" and nxt in "上下" and text[hit.end() + 1:hit.end() + 2] in ONLINE_ACTS:
                continue  # 线上提取, 线下办理: online and offline, no road (银巴线上大车多 is one)
            if suffix == "站" and text[i - 1:i + 1] in common_words():
                continue  # 网站, 电站, 驿站: a word, no stop named before it ("天天刷网站")
            if suffix == "路" and nxt == "人" and text[hit.end() + 1:hit.end() + 2] == "行":
                pass  # 北京西路人行道: the road, then its 人行道 (路人 alone is a passer-by)
            elif nxt and nxt in NOT_AFTER.get(suffix, ""):
                continue
            home = suffix in HOME_SUFFIXES
            name = _name_before(text, i, cover, area=not road, home=home)
            if name.startswith("道") and text[i - len(name) - 1:i - len(name)] == "街":
                name = name[1:]  # "文化街街道湖滨社区": the name starts after 街道
            name = self._word_start(name, i, starts, text)
            if len(name) >= 3 and name[0] in LEAD_VERBS:
                name = name[1:]  # 绕丽子园路 is 丽子园路 (jieba: 绕丽子 / 园路)
            if road and len(name) >= 4 and name[:2] in LEAD_MOVES:
                name = name[2:]  # 正源街下穿北京路: the road passed under is 北京路
            elif road and len(name) >= 3 and name[0] in "穿跨" and text[i - len(name) - 1:i - len(name)] in "下上":
                name = name[1:]  # …下穿文化街, jieba's 下 / 穿文化: the same verb cut otherwise
            if name[:1] == "城" and text[i - len(name) - 1:i - len(name)] in ("县", "市"):
                name = name[1:]  # "永宁县城团结路": the county town's 团结路, no road named 城团结
            name = trim_name(self._strip(name), self.not_names)
            if road and suffix != "线" and len(name) < 2:
                name = self._word_road(text, i, suffix, starts)  # 建设路, 解放东街, 胜利街
            elif not road and len(name) < 3 and text[i - 1:i] in "路街巷":
                # a place named after such a road (胜利街农贸市场, 解放街小学)
                named = self._word_road(text, i - 1, text[i - 1], starts)
                name = named + text[i - 1] if named else name
            if (not road or suffix == "线") and self._has_verb(name, i - len(name), cuts):
                name = ""  # "严重污染…", "力度整顿…": a 小区 is not named with a verb (roads are: 建设路)
            street = self._street_estate(text, i) if home and (len(name) < 2 or name in NOT_NAMES) else ""
            name = street or name
            if suffix == "线" and (name + suffix) in common_words():
                name = ""  # 生产线, 地平线
            if not road and (not name or name in NOT_NAMES) and text[i - len(name) - 1:i - len(name)] in TOWN_UNITS:
                # a town's own kind of place (望远镇工业园, 杨和镇菜市场): the town names it, as
                # its neighbours write it without the 镇 (望远工业园)
                town = _name_before(text, i - len(name) - 1, cover, longest=3)
                if len(town) >= 2 and town not in common_words():
                    _add(out, town + name + suffix, W_AREA)
                    continue
            if len(name) >= 2 and (street or name not in NOT_NAMES) and not name.endswith(HOME_LAST if home else NOT_LAST) \
                    and not (name.endswith("里") and name in common_words()):
                if road:
                    key = name + ("街" if suffix == "大街" else suffix)  # 亲水大街 = 亲水街
                    _add(out, key, W_ROAD)
                    roads.append(key)
                else:
                    # the place itself ("丽景湖公园", "正丰小区") pins a spot; a name of three
                    # characters or more is also filed alone ("丽景湖": the 丽景湖 of 丽景湖边)
                    # a stop (站) is a spot on a road, often named after the road or a gate of
                    # something else (宁夏大学西门公交站): it places, it does not pin
                    if suffix == "站" and name in common_words():
                        continue  # "老人站都站不住": a stop is named after a place, not a word
                    if suffix == "百货" and name in common_words() and not _proper(name):
                        continue  # a store is named by its brand (新华百货, a proper name even
                        # when common); 日用百货 are goods
                    if suffix in KIND_OF and (name + suffix in self.dict_words or name + suffix in self.entries
                                              or name in KIND_WORDS or name.endswith(SPOT_WORDS)
                                              # a gym is named by any word (动力健身); kinds of
                                              # teaching and projects are told with one (艺术培训)
                                              or KIND_OF[suffix] != 2 and _qualified(name)
                                              # a project is named after the estate it builds
                                              # (锦绣华庭项目), not by a two-character word (环评项目)
                                              or KIND_OF[suffix] == 0 and (len(name) < 3 or name in self.dict_words)):
                        continue  # 义务教育, 建筑工地, 美术培训, 危房改造项目: a kind, no one's name
                    if suffix in KIND_OF:
                        # a business or a site is named by any word and told in long letters by
                        # kinds of teaching and projects alike (美术培训, 危房改造项目): its name
                        # places, it does not pin, and it is filed under one word for its kind
                        # (学思教育 = 学思培训, 锦绣华庭项目工地 = 锦绣华庭工地)
                        for kind in KIND_CANON.values():
                            if name.endswith(kind) and len(name) > len(kind) + 1:
                                name = name[:-len(kind)]
                        _add(out, name + KIND_CANON[suffix], W_STEM)
                        if len(name) >= 2 and name not in common_words():
                            _add(out, name, W_STEM)
                        continue
                    _add(out, name + suffix, W_ROAD if suffix == "站" else W_AREA)
                    if (len(suffix) >= 2 or len(name) >= 3) and name not in common_words() \
                            and name not in self.area_names:
                        _add(out, name, W_STEM)  # 阅海湾 and 丽景湖 are whole names, 阅海/丽景 not
        for m in (*_BUILDING.finditer(text), *_ZONE.finditer(text)):
            # a name before a building's number is an estate's (塞上明珠7号楼, 兴盛里6号楼): filed as
            # the estate named with 小区, so it meets the neighbours who write the word
            i = m.start()
            name = _name_before(text, i, cover, area=True, home=True)
            name = trim_name(self._strip(self._word_start(name, i, starts, text)), self.not_names)
            if (len(name) >= 2 and name not in NOT_NAMES and name not in common_words()
                    and not _SUFFIX_END.search(name) and not name.endswith(ROAD_SUFFIXES + HOME_LAST)
                    and not self._has_verb(name, i - len(name), cuts)):
                _add(out, name + "小区", W_AREA)
                _add(out, name, W_STEM)
        distinct = list(dict.fromkeys(roads))
        for road in distinct:
            base = base_road(road)
            if base != road and base not in out:
                out[base] = W_BASE_ROAD
        crossing = any(w in text for w in CROSSING)
        if len(distinct) < ROADS_FOR_CROSSING and crossing and self.road_stems:
            distinct = self._bare_crossing(text) or distinct
        if len(distinct) >= ROADS_FOR_CROSSING and crossing:
            _add(out, "×".join(sorted(distinct[:2])), W_AREA)
            base = "×".join(sorted(base_road(r) for r in distinct[:2]))
            if base not in out:
                out[base] = W_BASE_CROSS
        return out


# kinds of one business or site that citizens use for each other (学思教育 / 学思培训, 锦绣华庭项目 /
# 锦绣华庭工地, 动力健身 / 动力健身房): the same name with any of them is one spot
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


KINDS = (("项目部", "项目", "工地", "楼盘"), ("教育", "培训"), ("健身房", "健身"))
KIND_OF = {k: n for n, family in enumerate(KINDS) for k in family}
KIND_CANON = {k: ("项目", "教育", "健身")[n] for k, n in KIND_OF.items()}  # the word each is filed under
# what is taught or trained, not who teaches it (安全教育, 课外培训, 全民健身)
KIND_WORDS = frozenset({"安全", "法治", "思想", "家庭", "素质", "职业", "学前", "继续", "成人", "网络", "线上",
                        "线下", "校外", "课外", "全民", "社区", "岗前", "技能", "消防", "健康", "心理", "户外",
                        "棚改", "改造", "整治", "建设", "民生", "扶贫", "惠民"})
SPOT_WORDS = ("门口", "楼下", "对面", "附近", "旁边", "周边")  # "家门口健身" names where, not whom
def _proper(word: str) -> bool:
    """Whether jieba's dictionary tags ``word`` a proper name (新华 nz, 华联 ns): a brand, however
    common the word."""
    return word_tag(word)[:2] in ("nz", "ns", "nt", "nr")


def _qualified(name: str) -> bool:
    """Whether a name before a kind of business ends with an everyday word (九年义务教育, 等优质教育,
    艺术培训, 石英砂岩建设项目, 工伤保险待遇项目): the kind qualified, no business named. A school
    named by an everyday word alone (阳光教育) is lost with them: long letters name kinds of
    teaching and projects far more often than Weibo posts name a school that way."""
    last = jieba.lcut(name)[-1]
    return len(last) >= 2 and last in common_words() or name.endswith(tuple(KIND_WORDS))


UNIVERSITY = "大学"
HOME_SUFFIXES = ("家属院", "小区", "花园", "家园", "新村", "公寓", "大院", "苑", "华庭", "豪庭", "雅居", "山庄", "名邸",
                 "御景")  # words for one estate
MAX_ESTATES = 4  # learnt spots a case is also filed under
MAX_SPOTS = 50_000  # learnt spot names kept (forgotten with the learnt names)


def spot_stem(key: str) -> str:
    """The name of a spot without its place word (恒泰商务大厦 → 恒泰商务); "" for other keys."""
    m = _SUFFIX_END.search(key)
    return key[:m.start()] if m and m.start() > 0 and "×" not in key else ""


MARKET_KINDS = ("市场", "菜市场", "农贸市场")  # words for one market
ESTATE_KINDS = HOME_SUFFIXES + ("社区",)  # a 社区 is named after the estate it grew from
ANY_ESTATE = ("小区", "社区")  # the words anyone adds to an estate's name, whatever its own word


def home_stem(key: str) -> str:
    """The name of a housing estate without its word (塞上骄子小区 → 塞上骄子); "" for other keys."""
    for suf in HOME_SUFFIXES:
        if key.endswith(suf) and len(key) > len(suf):
            return key[:-len(suf)]
    return ""


# developers whose brand citizens write before an estate's name, or leave off (万科金色家园 /
# 金色家园): national brands only, each a name no estate is otherwise called by
BRANDS = ("碧桂园", "雅居乐", "万科", "恒大", "保利", "绿地", "中海", "融创", "龙湖", "华润", "金地", "世茂",
          "万达", "招商", "富力", "建发", "旭辉", "绿城", "中梁", "金科", "荣盛", "远洋", "首开")


def unbranded(stem: str) -> str:
    """An estate's name without the developer's brand before it (万科金色 → 金色); "" when it has
    none, or nothing of two characters is left."""
    for brand in BRANDS:
        if stem.startswith(brand) and len(stem) - len(brand) >= 2:
            return stem[len(brand):]
    return ""


MAX_SHORTS = 200  # short forms learnt per process (a city has a few dozen universities)


def abbreviation(name: str) -> str:
    """The short form Chinese gives a university: the first character of each two-character word
    of its name, then 大 (宁夏大学 → 宁大, 北方民族大学 → 北民大, 宁夏医科大学 → 宁医大); "" for
    any other name, or a name of an odd length that cannot be read as two-character words."""
    if not name.endswith(UNIVERSITY):
        return ""
    stem = name[:-len(UNIVERSITY)]
    if len(stem) not in (2, 4) or not all(_CJK.match(ch) for ch in stem):
        return ""
    return stem[::2] + "大"


def base_road(key: str) -> str:
    """A road without the direction before its road word (正源北街 → 正源街, 北京中路 → 北京路);
    the key itself when it has none or the rest would be a single character (东路, 中街)."""
    for suf in ROAD_SUFFIXES:
        if key.endswith(suf):
            stem = key[:-len(suf)]
            if len(stem) >= 3 and stem[-1] in DIRECTIONS:
                return stem[:-1] + suf
            break
    return key


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


def _add(places: dict[str, float], key: str, weight: float) -> None:
    key = key[:64]
    if weight > places.get(key, 0.0):
        places[key] = weight


def _name_before(text: str, i: int, cover: list[tuple[int, int]], longest: int = 6, area: bool = False,
                 home: bool = False) -> str:
    """The place name that ends just before position ``i``: CJK characters back to a stop.

    A stop character inside a longer word of the name is part of it (塞上骄子, 清和南街, 和顺新村),
    never when it stands as a word of its own (康平路 和 宝湖西路, 楼 上). A place named after its
    road (``area``: 同心路菜市场, 怀远路夜市) holds that road's 路. An estate's name (``home``) may
    end in 里 (兴盛里小区, 前进里6号楼: the old 里 of a city's lanes).
    """
    j = i
    while j > 0 and i - j < longest:
        ch = text[j - 1]
        if not _CJK.match(ch):
            break
        if ch in STOP_CHARS and not (home and ch == "里" and j == i):
            start, end = cover[j - 1] if j - 1 < len(cover) else (j - 1, j)
            inside = ch in IN_NAMES and end - start >= 2 and end <= i and start >= i - longest
            # 和/与 joins two places only after a place word (康平路和宝湖西路), else it is a name's (清和南街)
            joined = ch in CONNECTORS and j >= 2 and text[j - 2] not in PLACE_END and text[j - 2] not in STOP_CHARS
            if not (inside or joined):
                break
        if (ch in "路街巷线" or text[j - 2:j] == "大道") and not (area and j == i):
            break  # "北京路正源街": the second road starts after the first one's 路
        j -= 1
    return text[j:i]


# a hospital a city has one of, named by its role alone (总医院, 医大总院, 附院, 中医院): one key
# however written, and the same spot as any hospital whose name ends with it (医科大学总医院)
# Stations likewise (火车站, 汽车南站: a city has one of each), and the 人民医院 when no number
# says which (第一人民医院 is 一院)
ROLE_HOSPITALS = {"总医院": "总医院", "总院": "总医院", "附属医院": "附属医院", "附院": "附属医院",
                  "中医医院": "中医医院", "中医院": "中医医院", "妇幼保健院": "妇幼保健院",
                  "儿童医院": "儿童医院", "肿瘤医院": "肿瘤医院", "口腔医院": "口腔医院", "眼科医院": "眼科医院",
                  "人民医院": "人民医院", "火车站": "火车站", "高铁站": "火车站", "汽车站": "汽车站",
                  "客运站": "汽车站", "汽车南站": "汽车南站", "汽车北站": "汽车北站", "汽车东站": "汽车东站",
                  "汽车西站": "汽车西站", "火车东站": "火车东站"}
COUNTY_UNITS = ("县", "镇", "乡", "市")  # 贺兰县中医医院 is the county's own, no 中医医院 of the city
_OWNER = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]")
_ROLE_KEYS = frozenset(ROLE_HOSPITALS.values())  # found by their pattern, never learnt as names
_ROLE_HOSPITAL = re.compile("|".join(sorted(ROLE_HOSPITALS, key=len, reverse=True)))
SCHOOL_NEXT = frozenset("门校对附旁周学的，。、 老那这放站")  # 三中站: the bus stop named after the school
_NUMERALS = frozenset("一二三四五六七八九十百零两0123456789")
_KIND = {"小学": "小", "完小": "小", "小": "小", "中学": "中", "中": "中", "人民医院": "院", "医院": "院",
         "院": "院", "幼儿园": "幼"}


def numbered_places(text: str, city_names: frozenset[str] = frozenset(),
                    counties: frozenset[str] | None = None) -> dict[str, float]:
    """Numbered schools and hospitals and bus lines, one key however written (二十一小, 一院, 26路).

    A short form counts only when it cannot be a quantity: "第…" before it, or a number of two
    characters or more ("二十一小"), or 院 after a single numeral ("一院"); "一小时", "三中午"
    are excluded by the character after it.
    """
    out: dict[str, float] = {}
    for m in _NUMBERED.finditer(text):
        first, num, kind = m.group(1), m.group(2), m.group(3)
        short = kind in ("小", "中", "院")
        named = any(text.endswith(c, 0, m.start()) for c in city_names)  # 银川二中, 兴庆区二中
        if short and not first and len(num) < 2 and kind != "院" and not named and not (
                text[m.end():m.end() + 1] in SCHOOL_NEXT and text[m.start() - 1:m.start()] not in _NUMERALS):
            continue  # 二中 only before 门口/校门/的…: "一中午", "三小时" are no school
        if kind == "院" and not first and text[m.start() - 1:m.start()] not in ("", "市", "区", "县", "到", "在", "，"):
            continue
        out[f"{_qualifier(text, m.start(), city_names, counties)}{num}{_KIND[kind]}"] = W_AREA
    for m in _BUS_LINE.finditer(text):
        out[f"{m.group(1) or m.group(2)}路公交"] = W_AREA
    for m in _BUS_BARE.finditer(text):
        out[f"{m.group(1) or m.group(2)}路公交"] = W_AREA
    for m in _ROLE_HOSPITAL.finditer(text):
        if text[m.start() - 1:m.start()] in _NUMERALS | {"第"}:
            continue  # 第一人民医院: the number says which, numbered_places files it
        # a county's or town's own (贺兰县中医院, K7县妇幼保健院), written with its 县/市/镇; never a
        # name before it (医大总院, 宁夏医科大学总医院 are the 总医院). A role names a place less
        # surely than a name (a province has many 妇幼保健院): it places, it does not pin
        unit = text[m.start() - 1:m.start()]
        own = ""
        if unit in COUNTY_UNITS:
            j = m.start() - 1
            while j > 0 and m.start() - 1 - j < 4 and text[j - 1] not in STOP_CHARS and _OWNER.match(text[j - 1]):
                j -= 1
            own = text[j:m.start() - 1]
            own = own if own not in city_names and own + unit not in city_names else ""
        _add(out, (own + unit if own else "") + ROLE_HOSPITALS[m.group(0)], W_STEM)
    return out


_NUMBERED_KEY = re.compile(r"^[一二三四五六七八九十百零〇两\d]{1,4}[小中院幼]$")  # a city's numbered school


def _qualifier(text: str, start: int, city_names: frozenset[str], counties: frozenset[str] | None = None) -> str:
    """The town or county a numbered school or hospital belongs to, when one is written before it
    (洪桥镇一中, 贺兰县一中, 贺兰一中 → 贺兰); nothing for the city's own (银川二中, 市第一人民医院),
    nor for a part of the city named before it (丽景五小, 丽景街第三小学: the city's numbering is
    one, and neighbours call it 五小): a name before the number qualifies it only when written
    with its 县/镇/乡/市 or when it is a county of ``counties`` (all names, when not given)."""
    raw = text[max(0, start - 4):start]
    before = raw.rstrip("县区市镇乡")
    with_unit = len(before) < len(raw) and not raw.endswith("区")
    name = ""
    for ch in reversed(before):
        # a county may be written by a code (K7县一中: letters published with their places masked)
        if ch in STOP_CHARS or not (_CJK.match(ch) or ch.isascii() and ch.isalnum()) or len(name) == 2:
            break
        name = ch + name
    if len(name) < 2 or name in city_names or any(c.endswith(name) for c in city_names):
        return ""
    if name in name_word_lists()[0]:
        return ""  # "上次反映十二小…": a verb before the school is no county of it
    if counties is not None and not with_unit and name not in counties:
        return ""  # a part of the city: its school is the city's
    return name


# "不是胜利街那栋", "跟悦府不是一家", "不是烧烤那家": a citizen telling their problem apart from a
# neighbour's names the other place or problem to say it is not theirs
_SAID_NOT = re.compile(r"(?<![是就也])不是([^，。！？、：；不是]{2,10}?)(?:那边|那栋|那棵|那个|那家|那一片|那片|那里|那儿|那座|那条|那处)"
                       # (a name may hold 和 past its first character: 东和村, 德和园)
                       r"|(?:跟|和|与)([^，。！？、：；跟和与][^，。！？、：；跟与]{1,9}?)(?:不是(?:一回事|一家|一个|同一|一处|一起|一码事"
                       # …nor one pipe, one lift, one line ("跟6号楼不是一根管", "跟2单元不是一部"), nor
                       # anything to do with it ("跟金河湾那个爆管没关系")
                       r"|一[根部条台套栋路])|没(?:有)?关系|无关|不相干|不搭界)")
_THAT = re.compile(r"(那边|那个|那家|这边|那里|那儿)$")
_THAT_INSIDE = re.compile(r"那边的?|那个|那家|这边的?|那里的?|的")
# "和兰光苑是一回事吗", "跟文昌路那边是不是一回事": a citizen asking whether their problem is the
# one told at another place names that place as the other one: not theirs, yet maybe the same
# event (masked from their places, not kept as unlike)
_ASKS_IF = re.compile(r"(?:跟|和|与)([^，。！？、：；跟和与][^，。！？、：；跟与]{1,9}?)(?:是不是|是)(?:一回事|一码事|同一|一个原因|一样的)"
                      r"|(?:是不是|是)(?:跟|和|与)([^，。！？、：；跟和与][^，。！？、：；跟与]{1,9}?)(?:一回事|一码事|一片|同一|一个原因|一样|一起)"
                      # "比正源街那个还深": the place compared with is another one
                      r"|比([^，。！？、：；比]{2,10}?)(?:那个|那边|那儿|那里|的)还")
# "跟对面宁华小区一样", "跟前进街那边一样", "和中山公园似的": a citizen likening their own place's
# problem to a neighbour's names the neighbour's place as the other one (masked from their places
# when they name one of their own: :func:`compared_with`)
_LIKE = re.compile(r"(?:跟|和|与|像)(?:对面|隔壁|旁边|楼下|前面|我们|人家)?([^，。！？、：；\s跟和与像][^，。！？、：；\s跟与像]{1,9}?)"
                   r"(?:那边|那儿|那里|那个|那块|那片|的)?(?:一样|一模一样|似的|差不多|那样)")


def said_not(text: str) -> tuple[frozenset[str], str]:
    """The names ``text`` says it is not about, and the text with those phrases masked (same
    length, so positions hold) for reading its own places: "不是医院家属院那边" names no place of
    this case and says it must not join the 家属院's."""
    names: set[str] = set()
    masked = text
    for m in _SAID_NOT.finditer(text):
        name = _THAT.sub("", m.group(1) or m.group(2))
        if len(name) >= 2:
            # "金河湾那个爆管": the place and the problem, each set apart
            names.update(p for p in _THAT_INSIDE.split(name) if len(p) >= 2)
            masked = masked[:m.start()] + "，" * (m.end() - m.start()) + masked[m.end():]
    for m in _ASKS_IF.finditer(masked):
        g = next(i for i in (1, 2, 3) if m.group(i))
        masked = masked[:m.start(g)] + "，" * (m.end(g) - m.start(g)) + masked[m.end(g):]
    return frozenset(names), masked


# "别说地道桥了，万达华府地库也进水了", "广场舞的事先不说了 东岸那片洼地…": the matter (and its
# place) a comment passes over before the writer's own
_PASSED_OVER = re.compile(r"(?:^|(?<=[，,。！？!?；;\s]))(?:别|先|且|就|咱)?(?:不)?(?:说|提)(?:起)?([^，,。！？!?；;\s]{2,12}?)了"
                          r"(?=$|[，,。！？!?；;\s])"
                          r"|(?:^|(?<=[，,。！？!?；;\s]))([^，,。！？!?；;\s]{2,12}?)(?:的事)?(?:先|就|且|暂且|姑且)?不(?:说|提)了")


def compared_with(text: str) -> str:
    """``text`` with the places it likens its own to masked ("康居小区燃气也小，跟对面宁华小区一样":
    宁华小区 is the neighbour's), and those of a matter it passes over ("别说地道桥了，…": the
    post's place, not the writer's); same length, so positions hold."""
    for pattern in (_LIKE, _PASSED_OVER):
        for m in pattern.finditer(text):
            g = 1 if m.group(1) else 2
            text = text[:m.start(g)] + "，" * (m.end(g) - m.start(g)) + text[m.end(g):]
    return text
