"""The words place names are written with, and the words and characters that are never names.

A citizen names a place by a name and a place word after it (…小区, …花园, …路, …街, …广场); the
name reader (:mod:`monitor.cluster.places`) reads the name backwards from the place word up to
the first character no place name holds (的, 在, 我, 们, digits…). These tables say which words
are place words, where a place word is no place word (广场舞, 路灯, 政府), which characters stop a
name and which stand inside one (塞上骄子, 清和南街), which names are words of kind (小区, 中心,
步行) and which verbs and requests may be glued to a name by jieba. Data only, so the rules read
as lists a reviewer can check against how citizens write, apart from the code that applies them.
"""

from __future__ import annotations

import re

from monitor.core.alternation import longest_first

# place words: a name written before one of these is a place (longest first at each position)
AREA_SUFFIXES = ("家属院", "农贸市场", "菜市场", "幼儿园", "保健院", "卫生院", "养老院", "敬老院", "新天地", "学院", "大学",
                 "小区", "花园", "家园", "公寓", "大厦", "广场", "公园",
                 "市场", "医院", "学校", "中学", "小学", "社区", "新村", "商场", "大院", "苑",
                 "商城", "夜市", "大楼", "百货", "酒店", "超市", "公馆", "园", "城", "湾", "府", "郡", "村",
                 # estates are named with words of their own too (锦绣华庭, 兰亭雅居, 滨河御景)
                 "华庭", "豪庭", "雅居", "名居", "山庄", "名邸", "御景",
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
PLACE_END = frozenset("路街巷道镇乡村区口园苑城楼场院站门湖店")
ROAD_ENDS = frozenset("路街巷线")  # the last character of a road written just before another name
# 学院路宁朔街口 is a crossing too; so is where one road passes under or over the other or a driver
# turns from one into the other ("正源街下穿北京路", "亲水大街北京路下穿", "北京中路往正源街拐")
CROSSING = ("路口", "交叉口", "十字", "交汇", "街口", "巷口", "下穿", "立交", "转盘", "拐")
ROADS_FOR_CROSSING = 2

PLACE_WORDS = frozenset(AREA_SUFFIXES + ROAD_SUFFIXES + ("路口", "交叉口", "门口", "楼下", "对面"))

SINGLE_NOT_NAME = frozenset("多少很太最更又也都就才已再还只仅上下中内外前后左右年月日岁次个条家人")
# a verb of going or comparing written before a road or a place, which jieba may glue to its name
# (路过民族街口, 绕丽子园路, 走文昌路, 比正源街那个): no name begins with one of these
LEAD_VERBS = frozenset("过走绕比")
LEAD_MOVES = frozenset({"下穿", "穿过", "经过", "沿着", "顺着", "上跨"})  # …, then the road it goes along
ONLINE_ACTS = frozenset("提充缴交支办预申报购付课教活渠买查")  # after 线上 / 线下: online, offline
# words of asking and thanking that begin a citizen's sentence, never a name ("建议社区上门认证",
# "建议丽景湖公园给广场舞划个区域")
ASKING = frozenset({"建议", "希望", "恳请", "请求", "要求", "麻烦", "感谢", "谢谢", "呼吁", "强烈建议"})
_TOWN_END = re.compile(r"(街道|镇|乡)$")
_STREET_END = re.compile(r"[东西南北中]?(大街|街|路)$")
_SUFFIX = re.compile(longest_first(AREA_SUFFIXES + ROAD_SUFFIXES))
_SUFFIX_END = re.compile("(?:" + longest_first(AREA_SUFFIXES) + ")$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

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

# kinds of one business or site that citizens use for each other (学思教育 / 学思培训, 锦绣华庭项目 /
# 锦绣华庭工地, 动力健身 / 动力健身房): the same name with any of them is one spot
KINDS = (("项目部", "项目", "工地", "楼盘"), ("教育", "培训"), ("健身房", "健身"))
KIND_OF = {k: n for n, family in enumerate(KINDS) for k in family}
KIND_CANON = {k: ("项目", "教育", "健身")[n] for k, n in KIND_OF.items()}  # the word each is filed under
# what is taught or trained, not who teaches it (安全教育, 课外培训, 全民健身)
KIND_WORDS = frozenset({"安全", "法治", "思想", "家庭", "素质", "职业", "学前", "继续", "成人", "网络", "线上",
                        "线下", "校外", "课外", "全民", "社区", "岗前", "技能", "消防", "健康", "心理", "户外",
                        "棚改", "改造", "整治", "建设", "民生", "扶贫", "惠民"})
SPOT_WORDS = ("门口", "楼下", "对面", "附近", "旁边", "周边")  # "家门口健身" names where, not whom
