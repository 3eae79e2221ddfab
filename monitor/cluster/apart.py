"""What sets two reports apart, or one post apart from a case it answers or follows.

Why a module of its own: chasers, echoes, thread comments and joins by rare words all ask the
same questions of two signatures (another place or problem, another domain, one main problem or
not, a place named shorter by its own citizen, a comment that turns to another matter under the
post it answers) and must answer them alike; written once here, a chaser's test and a join's
cannot drift apart.
"""

from __future__ import annotations

import re

from monitor.cluster.batch import StageParts
from monitor.cluster.markers import AGREE_LENGTH, MENTION, agrees, answers_another, is_same_question, opens_another
from monitor.cluster.problems import conceded, problems
from monitor.cluster.score import (EVENT_HOURS, NUMBER_WORD, described, issue_match, other_building, place_score,
                                   said_apart)
from monitor.cluster.signature import Signature, W_ROAD


# an echo saying its own place has the cut too: 也 with the outage or 是/一样/这样 ("也没水", "也停了",
# "我们这也是", "情况一样"), 同问, +1, 同样; not any 也 (也不知道找谁, 我也是醉了, 也太离谱, 也没人管:
# a neighbour's own outage told under the post) nor 跟没贴一样
ALSO = re.compile(r"同问|[+＋]\s*1|同样(?!的话)|一样的(问题|情况)|(也|都|情况|这边|那边|这里|这儿|我们|我家)一样"
                  r"|也(是(?![醉不没])|这样|停|断|黑|缺|(没|不出|不来|没来)(有)?(水|电))")


class Apart(StageParts):
    """Comparisons of two signatures that set a post apart from a case (mixed into the stage)."""

    def _shares(self, sig: Signature, old: Signature, numbering: bool = True) -> bool:
        """Whether two reports share a rare word or thing (:func:`~monitor.cluster.score.described`);
        with ``numbering`` false, a word of numbering alone (单元, 号楼: any estate's) is none."""
        strength, shared = described(sig, old, self.spread.weight)
        return strength > 0 and (numbering or any(not NUMBER_WORD.fullmatch(w) for w in shared))

    @staticmethod
    def _same_main(new: Signature, old: Signature) -> bool:
        """Whether two reports naming problems of the table have one main problem, or related
        ones (either naming none: nothing says otherwise)."""
        if not (new.issues and old.issues):
            return True
        return new.issues[0] == old.issues[0] or problems().are_related(new.issues[0], old.issues[0])

    def _other_domain(self, new: Signature, old: Signature) -> bool:
        """Whether two reports each have a domain of their own and share nothing of it: at one
        place (丰登 and 丰登镇), a removed bus stop is no follow-up of a shop's expired food."""
        default = self.maker.default_domain
        if default in (new.domain, old.domain) or new.domain == old.domain or new.words & old.words:
            return False
        if not new.topics:
            return False  # no domain word written: the classifier's guess from its place ("团结路今天有人在铲了")
        return not (new.topics & old.topics or new.domain in old.domains or old.domain in new.domains)

    @staticmethod
    def _shorter(new: Signature, old: Signature) -> bool:
        """A citizen chasing their own case names its place shorter than the first time, dropping
        the county or district (贺兰县汽车站 → 汽车站, 贺兰一小 → 一小)."""
        return any(len(k) >= 2 and (o.endswith(k) or o.startswith(k)) for k in new.places for o in old.places)

    def _answers_other(self, new: Signature, old: Signature, text: str, hours: float = 0.0) -> bool:
        """Whether an echo under a case's post (or a repost of it) is about another matter than
        the case's, though the platform says it answers it: it says so ("说到公交，…", "另外…"),
        its own main problem is none of the case's nor related to one ("噪音先不说，…那个公厕都锁了"
        under a dance's noise), or another place or problem (:meth:`_contradicts`) — except a
        supply cut by its network said to be shared at another estate ("同问，湖畔嘉苑也没水"
        under 塔桥新村's 停水: ``network`` in the table) ``hours`` after it, within ``EVENT_HOURS``:
        the neighbour's cut is the same (a day later it is another cut)."""
        if opens_another(text):
            return True
        if new.unlike and said_apart(new, old):
            return True  # "跟5号楼的电梯不是一回事"
        if is_same_question(text) or agrees(text):
            # a 同问, +1 or word of agreement under the post asks its question, whatever its few
            # words add ("同问 站牌挪到哪去了" under a road's works that moved the stop, "+1 凌晨还在
            # 进渣土车" under a site's night piling): on the development sets every such comment
            # under another citizen's post was of that post's matter (599 of 599)
            return False
        if other_building(new, old):
            return True  # 9号楼's lift under 7号楼's
        if new.issues and not old.issues and conceded(text):
            # a comment setting a matter aside before its own problem ("路滑就算了，车站的候车亭…")
            # under a post naming none: it turns from the post's matter to its own
            return True
        if new.issues and old.issues:
            table = problems()
            if not any(i == new.issues[0] or table.are_related(i, new.issues[0]) for i in old.issues):
                return True
            if new.issues[0] == old.issues[0] in table.networks and ALSO.search(text) and hours <= EVENT_HOURS:
                return False  # "同问，湖畔嘉苑也没水" under 塔桥新村's: a cut of the network, shared
            if new.issues[0] in old.issues and new.issues[0] in table.drifts and hours <= EVENT_HOURS \
                    and answers_another(text) and len(MENTION.sub("", text).strip()) <= AGREE_LENGTH:
                return False  # "马家滩这边也闻到了" under 宁东's smell at night: the air carries it
        return self._contradicts(new, old)

    def _contradicts(self, new: Signature, old: Signature) -> bool:
        """Another place, or another problem: the chaser words are about something else."""
        if new.places and old.places and place_score(new, old)[0] == 0.0 and not self._shorter(new, old):
            return True
        default = self.maker.default_domain
        if new.issues and old.issues:
            # (the works that make a noise are no other matter than the noise on the road both name:
            # "清和街施工的事还没回复" chases its citizen's night-works noise on 清和街; works on 怀远路
            # are another matter than the night market's noise at 怀远夜市)
            return issue_match(new, old)[0] == 0.0 and not (
                problems().feeds(new.issues[0], old.issues[0])
                and any(w >= W_ROAD and k in old.places for k, w in new.places.items()))
        if new.places and old.places:
            return False  # the same place, and a problem in words of no table entry: the domain
            # the classifier gave a short chaser ("漏水还在漏") says too little to contradict
        if new.domain == default or old.domain == default or new.words & old.words:
            return False
        return not (new.topics & old.topics or new.domain in old.domains or old.domain in new.domains)
