"""The places a case names, read out of its text and weighted: the place half of a signature.

Citizens name one place many ways ("丽景湖", "丽景湖公园那边", "兴庆区丽景湖小区门口"). The keys a
case is filed under (:mod:`monitor.cluster.place_keys`) come from:

* gazetteer names the classifier found (landmarks, communities, 街道), or that are written in the
  text even where jieba cut them otherwise;
* names written before a place word (…小区, …花园, …路, …街, …广场: :mod:`monitor.cluster.place_words`)
  read backwards from that word up to the first character no place name contains (的, 在, 我, 们,
  digits…), with the district or city prefix dropped; two roads named with 路口/交叉口, or written
  side by side ("北京路正源街附近"), add the crossing itself;
* numbered schools, hospitals and bus lines (:mod:`monitor.cluster.numbered`), the city's station,
  and names learnt from earlier texts (:mod:`monitor.cluster.learnt`).

Each key has a weight: a 小区 or landmark pins the place, a road less, a 街道 (an administrative
area of dozens of streets) least. Over the classifier's tokens: nothing here segments the text
again unless the tokens given are not the text's.
"""

from __future__ import annotations

from collections.abc import Container
import re

import ahocorasick
import jieba

from monitor.classify.classifier import Classifier
from monitor.classify.result import Classification
from monitor.core.alternation import longest_first
from monitor.cluster.institutions import INSTITUTION_WORDS, institution_places, unqualified
from monitor.cluster.learnt import LearntPlaces
from monitor.cluster.numbered import _NUMBERED_KEY, numbered_places
from monitor.cluster.place_forms import PlaceForms
from monitor.cluster.place_keys import (_add, HOME_SUFFIXES, W_AREA, W_BASE_CROSS, W_BASE_ROAD, W_ROAD, W_STEM,
                                        W_STREET, base_road)
from monitor.cluster.place_parts import _BUILDING, _ZONE
from monitor.cluster.place_words import (_CJK, _CJK_RUN, _STREET_END, _SUFFIX, _SUFFIX_END, _TOWN_END, ASKING,
                                         CONNECTORS, CROSSING, DIRECTIONS, HOME_LAST, IN_NAMES, KIND_CANON, KIND_OF,
                                         KIND_WORDS, LEAD_MOVES, LEAD_VERBS, NOT_AFTER, NOT_BEFORE, NOT_LAST,
                                         NOT_NAMES, ONLINE_ACTS, PLACE_END, ROAD_BOUNDARY, ROAD_CHARS, ROAD_ENDS,
                                         ROAD_PREPOSITIONS, ROAD_SUFFIXES, ROAD_WORDS, ROADS_FOR_CROSSING,
                                         SINGLE_NOT_NAME, SPOT_WORDS, STOP_CHARS, TOWN_UNITS, WAY_WORDS,
                                         WORD_ROAD_NOT)
from monitor.cluster.word_lists import (REPOST_WORDS, TIMES, common_words, dictionary_words, name_word_lists,
                                        trim_name, word_tag)

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


class PlaceReader(LearntPlaces):
    """Reads the places of a text with the classifier's gazetteer and what it learnt before."""

    def __init__(self, classifier: Classifier) -> None:
        self.entries = classifier.index.entries
        gaz = classifier.gazetteer
        prefixes = [gaz.city, *gaz.city_short]
        for d in gaz.districts:
            prefixes += [d.name, *d.short]
        self.prefixes = tuple(sorted((p for p in prefixes if p), key=len, reverse=True))
        # the city's and its districts' and counties' names, never a spot's name without its place
        # word: 金凤 of 金凤花园 is the district every "@金凤区城管" names, no bare mention of the estate
        self.area_names = frozenset(self.prefixes)
        # a district or county the writer says they are in ("我们西夏这边", "兴庆区清和街这边") and
        # one they point at ("金凤那边爆管"): :meth:`districts_said`
        self.district_of = {n: d.name for d in gaz.districts for n in (d.name, *d.short) if n}
        names = longest_first(self.district_of)
        self._here = re.compile(f"({names})(?:区|县|市)?[^，。！？!?；;、\\s那]{{0,8}}?(?:这边|这块|这片|这一片|这里|这儿)") \
            if names else None
        self._there = re.compile(f"({names})(?:区|县|市)?(?:那边|那个|那儿|那里|那片|那一片)") if names else None
        # names that do not qualify a numbered school (银川二中, 兴庆区二十一小: the city's and its
        # districts' numbering is one); a county's is its own (贺兰一中 is no 永宁一中)
        self.city_names = frozenset([gaz.city, *gaz.city_short] + [
            n for d in gaz.districts if d.name.endswith("区") for n in (d.name, *d.short)])
        # the counties, whose schools are numbered apart (贺兰一中 is no 永宁一中)
        self.counties = frozenset(n for d in gaz.districts if not d.name.endswith("区")
                                  for n in (d.name, *d.short))
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
        # the gazetteer's places named otherwise (a county's town by any of its words, a landmark
        # without its town, an estate by its short name: place_forms.py), and the names no short
        # name of an estate is (the gazetteer's own: 阅海 is the 街道, not 阅海万家)
        self.forms = PlaceForms(gaz)
        self.gazetteer_names = frozenset(w for w, e in self.entries.items() if e.place is not None) | self.area_names
        LearntPlaces.__init__(self)  # what is learnt, and the gazetteer's universities' short forms

    def districts_said(self, text: str) -> tuple[str | None, str | None]:
        """The district or county ``text`` says it is told from ("西夏这边", "兴庆区清和街这边"), and
        the one it points at as elsewhere ("跟金凤那边爆管有关系吗"): each None when not said."""
        if self._here is None or self._there is None:
            return None, None
        here, there = self._here.search(text), self._there.search(text)
        return (self.district_of[here.group(1)] if here else None,
                self.district_of[there.group(1)] if there else None)

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
        for key, w in self.forms.landmarks_of(text, list(places)).items():
            _add(places, key, w)  # 西部影城 is the 镇北堡西部影城, in 镇北堡镇
        town = self.forms.town_of(text, list(places))
        if town is not None:
            _add(places, *town)  # 灵武城区, 灵武城里, 灵武市区: one town
        for key, w in self.forms.estates_by_short_name(text, self.home_tails, self.spot_heads,
                                                        self.gazetteer_names, self.learnt).items():
            _add(places, key, w)  # 万家D区, 湖滨3号楼: the one estate called so
        for key in self._same_estates(places):
            _add(places, key, W_STEM)
        self.learn(places)
        # institutions pointed at by their area, experimental schools by their short forms: after
        # learning (a pointer names nothing a later text could name by its area alone)
        for key, w in institution_places(text, places, self.counties).items():
            _add(places, key, w)
        return places

    def _gazetteer_in(self, text: str) -> list[str]:
        """The gazetteer's names written in ``text`` (the longest, left to right: one C pass)."""
        if self.gazetteer.kind != ahocorasick.AHOCORASICK:
            return []
        return [w for _end, w in self.gazetteer.iter_long(text)]

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
        starts, cover, cuts = _word_cover(text, tokens)
        out: dict[str, float] = {}
        for key, w in numbered_places(text, self.city_names, self.counties).items():
            _add(out, key, w)
        roads = self._named_before(text, starts, cover, cuts, out)
        self._building_estates(text, starts, cover, cuts, out)
        self._crossings(text, roads, out)
        return out

    def _named_before(self, text: str, starts: dict[int, str], cover: list[tuple[int, int]], cuts: set[int],
                      out: dict[str, float]) -> list[tuple[int, int, str]]:
        """Names written before a place word (…小区, …路: :data:`_SUFFIX`) filed into ``out``; the
        roads among them, in order, each as (start, end, road): two written side by side cross."""
        roads: list[tuple[int, int, str]] = []
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
                    roads.append((i - len(name), hit.end(), key))
                else:
                    self._file_place(out, name, suffix)
        return roads

    def _file_place(self, out: dict[str, float], name: str, suffix: str) -> None:
        """A place (not a road) named ``name`` before ``suffix``, filed into ``out``."""
        # the place itself ("丽景湖公园", "正丰小区") pins a spot; a name of three
        # characters or more is also filed alone ("丽景湖": the 丽景湖 of 丽景湖边)
        # a stop (站) is a spot on a road, often named after the road or a gate of
        # something else (宁夏大学西门公交站): it places, it does not pin
        if suffix == "站" and name in common_words():
            return  # "老人站都站不住": a stop is named after a place, not a word
        if suffix in INSTITUTION_WORDS:
            name = unqualified(name)  # 阅海普惠幼儿园 is 阅海幼儿园; 普惠幼儿园 names none
            if len(name) < 2:
                return
        if suffix == "百货" and name in common_words() and not _proper(name):
            return  # a store is named by its brand (新华百货, a proper name even
            # when common); 日用百货 are goods
        if suffix in KIND_OF and (name + suffix in self.dict_words or name + suffix in self.entries
                                  or name in KIND_WORDS or name.endswith(SPOT_WORDS)
                                  # a gym is named by any word (动力健身); kinds of
                                  # teaching and projects are told with one (艺术培训)
                                  or KIND_OF[suffix] != 2 and _qualified(name)
                                  # a project is named after the estate it builds
                                  # (锦绣华庭项目), not by a two-character word (环评项目)
                                  or KIND_OF[suffix] == 0 and (len(name) < 3 or name in self.dict_words)):
            return  # 义务教育, 建筑工地, 美术培训, 危房改造项目: a kind, no one's name
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
            return
        _add(out, name + suffix, W_ROAD if suffix == "站" else W_AREA)
        if (len(suffix) >= 2 or len(name) >= 3) and name not in common_words() \
                and name not in self.area_names:
            _add(out, name, W_STEM)  # 阅海湾 and 丽景湖 are whole names, 阅海/丽景 not

    def _building_estates(self, text: str, starts: dict[int, str], cover: list[tuple[int, int]], cuts: set[int],
                          out: dict[str, float]) -> None:
        """Estates named before a building's or a zone's number, filed into ``out``."""
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

    def _crossings(self, text: str, roads: list[tuple[int, int, str]], out: dict[str, float]) -> None:
        """The roads' base names and the crossing of two of them (路口, or written side by side)."""
        distinct = list(dict.fromkeys(road for _, _, road in roads))
        for road in distinct:
            base = base_road(road)
            if base != road and base not in out:
                out[base] = W_BASE_ROAD
        crossing = any(w in text for w in CROSSING)
        if len(distinct) < ROADS_FOR_CROSSING and crossing and self.road_stems:
            distinct = self._bare_crossing(text) or distinct
        elif crossing and len(distinct) >= ROADS_FOR_CROSSING:
            # the crossing word with the roads ("文昌路怀远路路口", "…路和…街交叉口那儿"), not in
            # another clause of a letter naming an area by its roads ("文昌路、怀远路这一大片停水…
            # 大家都在路口干等着")
            crossing = any(w in text[end - 1:end + CROSSING_NEAR] for _, end, _ in roads for w in CROSSING)
        if not crossing and len(distinct) >= ROADS_FOR_CROSSING:
            side = _side_by_side(text, roads)
            if side:
                distinct, crossing = side, True
        if len(distinct) >= ROADS_FOR_CROSSING and crossing:
            _add(out, "×".join(sorted(distinct[:2])), W_AREA)
            base = "×".join(sorted(base_road(r) for r in distinct[:2]))
            if base not in out:
                out[base] = W_BASE_CROSS


# two roads written side by side with nothing between ("北京路正源街附近", "宁安大街长城中路红绿灯",
# "北京东路凤凰街那个天桥") name their crossing as 路口 does; not a community or a sub-district named
# after the second road ("胜利街中山北街社区"), nor a road's stretch told from one to the other (从…到)
_NAMED_AFTER_ROAD = ("社区", "街道", "居委", "村")


CROSSING_NEAR = 12  # characters after a road within which its crossing is written


def _side_by_side(text: str, roads: list[tuple[int, int, str]]) -> list[str]:
    """The two roads written one right after the other in ``text``, or [] (:data:`_NAMED_AFTER_ROAD`)."""
    for _, a_end, a in roads:
        for b_start, b_end, b in roads:
            if b_start == a_end and a != b and not text.startswith(_NAMED_AFTER_ROAD, b_end):
                return [a, b]
    return []


def _word_cover(text: str, tokens: list[str] | None) -> tuple[dict[int, str], list[tuple[int, int]], set[int]]:
    """Where ``text``'s words start (position → word), each character's word (start, end), and every
    position a word starts or ends at; jieba's cut when ``tokens`` are not the text's."""
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
    return starts, cover, cuts
