"""Schema of ``config/risk.toml``: the danger patterns an office can read and extend.

Why a schema with its own checks: these lists decide whether a message about a gas smell or a
person on a roof reaches a handler in minutes. A pattern that can never fire (an empty word, a
one-character word with no context, a ``near`` naming a set that does not exist) must stop the
daemon at start with *file, key, problem*, not sit silently in production.

The file's vocabulary (see the comments in ``config/risk.toml``):

* ``[match]``: global ``window`` (characters either side in which a rule's ``near`` cue must
  appear), ``negations`` (a negation in the same clause just before a hit cancels it: 没有漏气),
  ``not_negations`` (phrases that contain a negation word but deny nothing: 没人管, 不停),
  ``conditionals`` (万一, 一旦, 听说, 请问: a hit in their clause is raised as *possible*),
  ``settled`` (已扑灭, 已修好: what is told before them is history, not a call), ``masks`` (look-alike
  phrases for every kind: a hit inside one is no hit: 跳广场舞), ``unless`` (look-alike context for
  every kind, in the clause of the hit or of its cue: 演练, 宣传, 新闻, 法律责任), ``past`` (去年,
  小时候: a hit told in such a clause is history; each kind's ``past`` says whether that cancels it
  (a fire last year is no call) or only makes it 疑似 (a past attempt at self-harm still matters)),
  ``hyperbole`` (吵得, 挤得, 加到: a degree told by its effect; a hit a few characters after one,
  in its clause, is a figure of speech: 吵得我想跳楼, 挤得快窒息, 加班加到吐血), ``frames`` (a
  drill, publicity, news, a joke: anywhere in the sentence of a hit, before or after it, they
  cancel every kind: 社区组织了燃气泄漏应急演练，…; 亏得我想跳楼，开玩笑的), ``turns`` (突然,
  结果, 真的…: in a hit's clause before it, what follows really happened, and a frame told in
  another clause frames nothing: 学校搞安全教育，结果有个学生真的从楼上跳下去了), ``owns`` (说的就是我,
  我也想这样: told after a frame or an ``unless`` word in its sentence, the writer takes the story as
  their own, and it frames nothing; its hits are 疑似); a frame or an
  ``unless`` word just after a denial (不是说着玩的, 这次不是演练) frames nothing. ``not_unless``
  (phrases holding an ``unless`` word that tell no look-alike, for every kind: 培训机构, 等着看新闻吧),
  ``similes`` and ``simile_ends`` (跟/好像 … 一样/似的 around a hit told with 要/快: 那声音跟楼要塌了
  一样 is a figure of speech), ``asks`` (a question for a way, 电话是多少 or 怎么举报: a hit right
  beside one, only 的 or a service word between, is the question's topic: 家暴报警电话是多少).
* ``[spellings]``: other spellings of a piece of a word, in dialect or by an input-method slip
  (什么 = 啥, 晕倒 = 晕到, 煤气 = 媒气): every rule word, cue and mask holding the piece is also
  matched in each spelling.
* ``[sets]``: named word lists that ``words`` and ``near`` can reference as ``"@name"`` (crowds,
  people, places).
* ``[kinds.<code>]``: ``label`` (Chinese), ``severity``, ``masks``, ``unless`` (look-alike context
  in the same clause that cancels the kind: 宣传, 演练), ``not_unless`` (phrases that hold an
  ``unless`` word yet tell the danger: 油烟管道 — a duct on fire is a fire, not a fumes complaint),
  ``[[kinds.<code>.everyday]]`` (``sources`` of what the evidence names, 烧树叶 or 烧烤 for 烟, with
  ``explains`` and ``danger``: a certain flag all of whose evidence a named source explains, told
  with no sign of danger, is 疑似), and ``[[kinds.<code>.rules]]`` with
  ``words`` (any one fires), optional ``near`` (…only with one of these within ``within``
  characters) and ``possible = true`` (an uncertain pattern: raised as 疑似…, for a person).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from monitor.classify.risk_model import CONTENT_SHARE, HELD_SHARE, RiskModel
from monitor.core.config import Strict, load_model

KINDS = ("self_harm", "threat", "safety_hazard", "mass_incident", "minor_domestic", "medical")
"""The six kinds, in the order operators read them; the codes are stored and counted."""

SEVERITIES = {"critical": "危急", "high": "紧急", "watch": "关注"}
"""Severity codes and their Chinese names: critical = a life may be at stake now."""

LEGACY_FLAGS = {"minor_in_danger": "minor_domestic"}
"""Flags stored by earlier versions, read as today's codes."""


def _no_short(words: tuple[str, ...], *, key: str) -> None:
    """A source or sign of one character (烤, 火) would be found in almost any message."""
    short = [w for w in words if len(w) < 2]
    if short:
        raise ValueError(f"{key}: one-character word(s) {'、'.join(short)} would be found in almost any message")


def _clean(words: tuple[str, ...], *, key: str) -> tuple[str, ...]:
    for w in words:
        if not w.strip():
            raise ValueError(f"{key}: empty word")
        if w != w.strip() or any(ch.isspace() for ch in w):
            raise ValueError(f"{key}: {w!r} contains spaces (text is matched with spaces removed)")
    seen: set[str] = set()
    for w in words:
        if w in seen:
            raise ValueError(f"{key}: {w!r} listed twice")
        seen.add(w)
    return words


class MatchSettings(Strict):
    window: int = Field(default=8, ge=1, le=40)
    negation_window: int = Field(default=6, ge=0, le=20)
    negations: tuple[str, ...] = ()
    not_negations: tuple[str, ...] = ()
    conditionals: tuple[str, ...] = ()
    settled: tuple[str, ...] = ()
    # markers that settle only what their own sentence tells (现在住着安心多了, 处理得很好, 损失不大): an outcome
    # or a relief told of one matter, where a letter goes on to others; they leave the model's guesses alone
    settled_here: tuple[str, ...] = ()
    masks: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    standing: tuple[str, ...] = ()
    ongoing: tuple[str, ...] = ()
    hyperbole: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    turns: tuple[str, ...] = ()
    # the writer taking a story as their own (说的就是我, 我也想这样, 跟她一样): a frame or look-alike
    # context told before one of these, in its sentence, frames nothing (the hits it held are 疑似)
    owns: tuple[str, ...] = ()
    # a laugh (😂, 🤣, 哈哈): in a hit's clause or just after it, the hit is a joke (想死😂,
    # 我不活了哈哈哈), unless a `turn` in that clause says it is meant (哈哈哈我真的不想活了)
    laughs: tuple[str, ...] = ()
    # a wish taken back at the head of a later clause of its sentence (真想掐死他，算了，还是加班吧):
    # kinds with `withdrawn = "cancel"` drop the hit (找几个人撒撒气算了 resolves to do it)
    withdrawals: tuple[str, ...] = ()
    # a lawful way to one's due told later in the sentence of a menace (我要让他付出代价，明天就去劳动
    #仲裁; 我不会放过这个骗子的，已经找了律师): the strong words name the complaint, and kinds with
    # `withdrawn = "cancel"` drop a hit of a `possible` rule. Not 报警/报案: a victim reports a threat so
    lawful: tuple[str, ...] = ()
    # phrases holding an `unless` word (global or a kind's) that tell no look-alike: 培训机构 is a
    # place where a child is beaten, not a training session; 等着看新闻吧 threatens, it cites no news
    not_unless: tuple[str, ...] = ()
    # a comparison with what might happen (那声音跟楼要塌了一样, 好像要爆炸了似的): a hit between an
    # opener and an end, with 要/快 before it, is a figure of speech
    similes: tuple[str, ...] = ()
    simile_ends: tuple[str, ...] = ()
    # a question for a way (a number, a channel, how to report: 电话是多少, 怎么举报): a hit right beside
    # it, with only 的 or a service word between (家暴报警电话是多少, 怎么举报家暴), names the danger as the
    # question's topic, not as an event, and is no hit; told apart (我想死，心理热线多少) it asks nothing away
    asks: tuple[str, ...] = ()
    # the cause of a danger told as past still there, said later in the text (现在还是那样, 也没换, 拿胶布缠了缠):
    # a hit of a kind whose `past` cancels is then 疑似 instead (去年就着过一回，现在还是那样)
    persists: tuple[str, ...] = ()
    # how a past event was handled, complained of or asked after it (开发商到今天都没赔, 两个钟头才到, 调查结果
    # 至今没公开, 维保公司道歉了): told after a hit of a kind whose `past` cancels, in its sentence, with the hit's
    # clause dated (a `past` word, an `event_past` word, or a report dated: 上次反映的那个煤气味), the hit is
    # the event's history and the handling the complaint; a 到现在 that tells the handling undone dates
    # nothing, any other `ongoing` word or 又 after the hit in its sentence keeps it (今天又淹了)
    handled: tuple[str, ...] = ()
    # words that date an event only beside its handling (上回, 那天, 那回): alone they also compare (比上回还深)
    event_past: tuple[str, ...] = ()
    # a thanks to those who responded (`thanks` with one of `responders` a few characters away, or one of
    # `thank_acts`: 感谢信, 表扬信): the arrival or rescue it tells (`rescued`: 就到了, 救了出来, 送到医院) settles
    # what is told before it, for every kind but 轻生 (a farewell thanks too) — see monitor/classify/risk/over.py
    thanks: tuple[str, ...] = ()
    thank_acts: tuple[str, ...] = ()
    # the handling praised (急救医生很专业, 效率很高, 好人多): a thanks too, with or without a responder named; and a
    # thanks that closes the post (…，谢谢) thanks for what it told (see risk/over.py closing)
    praise: tuple[str, ...] = ()
    # the writer's own content verdict as the post's last clause (…，挺好; 挺热闹; 但很有意义): it settles its sentence
    # for every kind but 轻生 and a kind with a sign of real danger told (see risk/over.py content_closes)
    content_closes: tuple[str, ...] = ()
    responders: tuple[str, ...] = ()
    rescued: tuple[str, ...] = ()
    # a question of who pays asked after the damage (能找物业赔吗, 赔偿怎么算): for kinds whose `past` cancels,
    # the damage told before it is the question's history (see risk/over.py liable_after)
    liable: tuple[str, ...] = ()
    # a far place told as a scene (上海那边, 河南那里, 国外有个): each of `far_places` followed by one of
    # `far_marks` is look-alike context as an `unless` word is (see risk/over.py elsewhere)
    far_places: tuple[str, ...] = ()
    far_marks: tuple[str, ...] = ()
    long_letter: int = Field(default=0, ge=0)  # characters; 0: no long-letter rule

    @field_validator("negations", "not_negations", "conditionals", "settled", "settled_here", "masks", "unless", "past",
                     "standing", "ongoing", "hyperbole", "frames", "turns", "owns", "laughs", "withdrawals", "lawful", "not_unless",
                     "similes", "asks", "persists", "handled", "event_past",
                     "thanks", "thank_acts", "praise", "content_closes", "responders", "rescued", "liable", "far_places", "far_marks",
                     "simile_ends")
    @classmethod
    def _words(cls, v: tuple[str, ...], info: object) -> tuple[str, ...]:
        return _clean(v, key=getattr(info, "field_name", "words"))


class Rule(Strict):
    words: tuple[str, ...] = Field(min_length=1)
    near: tuple[str, ...] = ()
    within: int | None = Field(default=None, ge=1, le=40)
    possible: bool = False
    # a menace that names no harm (走着瞧, 让他付出代价, 不会放过他): a lawful way told later in its
    # sentence ([match] lawful: 明天就去劳动仲裁) says how it is meant, and the hit is dropped
    menace: bool = False
    severity: str | None = None
    note: str = ""

    @model_validator(mode="after")
    def _valid(self) -> Rule:
        _clean(self.words, key="words")
        _clean(self.near, key="near")
        if self.severity is not None and self.severity not in SEVERITIES:
            raise ValueError(f"severity: {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        short = [w for w in self.words if len(w) == 1]  # (a one-character "@set" name is a set, not a word)
        if short and not self.near:
            raise ValueError(f"words: one-character word(s) {'、'.join(short)} need `near` cues "
                             "(alone they would fire on almost every message)")
        if self.within is not None and not self.near:
            raise ValueError("within: only means something with `near`")
        return self


class Everyday(Strict):
    """An everyday source of what a kind's evidence names (smoke of burning leaves or of a barbecue;
    the charcoal of a hot-pot stall): told in the message with no sign of real danger, it makes a
    certain flag 疑似 — never drops it (a real fire or a real charcoal suicide may be told beside a
    barbecue). A sign of danger just after a denial (没有明火, 没着火) is no sign."""

    sources: tuple[str, ...] = Field(min_length=1)  # 烧树叶, 烧烤: the everyday thing named
    # what the source can explain: a flag is demoted only when every piece of its evidence holds
    # one of these (烟呛, 烟…大 hold 烟; 电线冒火花 does not, and stays certain)
    explains: tuple[str, ...] = Field(min_length=1)
    danger: tuple[str, ...] = ()  # 明火, 人员被困, 不想活: a sign of real danger keeps the flag certain
    note: str = ""

    @model_validator(mode="after")
    def _valid(self) -> Everyday:
        _clean(self.sources, key="sources")
        _clean(self.explains, key="explains")
        _clean(self.danger, key="danger")
        both = [w for w in self.sources if any(d in w for d in self.danger)]
        if both:
            raise ValueError(f"sources: {'、'.join(both)} hold(s) a `danger` word (a source cannot be its own danger sign)")
        _no_short(self.sources + self.danger, key="sources/danger")
        return self


class Beside(Strict):
    """A kind told by another's danger with who is exposed to it: a hazard where children play (娃娃们在
    冰洞边上钓鱼; 小孩在化粪池的木板上跳) is harm to minors too. Raised as 疑似 only when the other kind
    is raised and one of ``words`` is in the message; it never raises a message nothing else raised, so
    it flags no look-alike that was not flagged already."""

    kind: str = Field(min_length=1)  # the kind whose flag this one rides on (safety_hazard)
    words: tuple[str, ...] = Field(min_length=1)  # who is exposed (孩子们, 小孩, 娃娃)
    # where one of ``words`` must be: anywhere in the message, or ("clause") in the clause of one of the
    # other kind's pattern hits or a clause next to it (a partner named beside the threat, not 老公 told
    # in a long letter's first lines about something else); beside the model's guess alone, which has no
    # place, in a short message only
    reach: Literal["message", "clause"] = "message"
    note: str = ""

    @model_validator(mode="after")
    def _valid(self) -> Beside:
        _clean(self.words, key="words")
        _no_short(self.words, key="words")
        return self


class KindSettings(Strict):
    label: str = Field(min_length=1)
    severity: str
    past: Literal["cancel", "possible"] = "possible"
    standing: Literal["cancel", "possible", "keep"] = "keep"
    long_letter: Literal["cancel", "keep"] = "keep"
    # a wish taken back later in its sentence (真想一拳打过去，算了忍了): `cancel` drops the kind
    withdrawn: Literal["cancel", "keep"] = "keep"
    # a denial of the kind told after every hit of it (那个冒白烟的不是着火; 原来是做饭烟大了，不是着火):
    # `cancel` reads the hits as what the denial explains, and drops them
    explained: Literal["cancel", "keep"] = "keep"
    masks: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    not_unless: tuple[str, ...] = ()
    # markers that settle this kind's matter only (a wage paid 一分没少 settles a wage crowd, not the
    # lift a fee-payer's letter tells of: 物业费一分没少交), beside the global `[match] settled`
    settled: tuple[str, ...] = ()
    # …and those that settle it within their own sentence only (see `[match] settled_here`)
    settled_here: tuple[str, ...] = ()
    # everyday sources of the kind's evidence (see Everyday): a certain flag they explain is 疑似
    everyday: tuple[Everyday, ...] = ()
    # signs of real danger (被困, 出不来, 蔓延, 打119): look-alike context (`unless`) beside one makes
    # a hit 疑似 instead of cancelling it (烧烤摊 … 有人被困 may be the stall's own fire)
    danger: tuple[str, ...] = ()
    # small causes (a fund gone green, a game's save deleted, a song sung): a cry in the kind's words beside one is
    # hyperbole over a trifle. Read as `unless` in the hit's clause and the one before, and also in the clause right
    # after the hit's (…同归于尽，他的游戏存档被我删了), never further: a cause told later in the sentence may be
    # the one the danger is told for (see docs/classify.md, "sixth session of 2026-12-04: hyperbole over a trifle")
    trifles: tuple[str, ...] = ()
    # raised (疑似) beside another kind's flag when who it endangers is named (see Beside)
    beside: tuple[Beside, ...] = ()
    # words of the global `[match] unless` that, for this kind, ask about the act rather than name a rule
    # question when the message also tells the writer's own grievance (`grievances`: 受够, 忍不了): a hit
    # beside one is then 疑似 instead of cancelled (泼汽油判几年？我真的受够他了: a person reads it)
    questioned: tuple[str, ...] = ()
    grievances: tuple[str, ...] = ()
    # a general measure or a service asked for (推荐, 加强宣传, 托管班, 别把排名…): a post holding one tells the kind's
    # weak cues as the ground of what it asks, no one harming anyone; a hit made 疑似 by its rule's `possible` is
    # cancelled there, unless a sign of real danger of the kind is told (see RuleCheck.check)
    services: tuple[str, ...] = ()
    # the stakes a post names for the kind's matter when they are property, looks or convenience (溅一脚泥水, 车漆都泡了,
    # 影响观感, 出行不便, 质量也太差了): with no risk to a person named, the kind's hits tell wear, a maintenance
    # complaint, and are cancelled (see RuleCheck.check); not beside a sign of real danger of the kind
    stakes: tuple[str, ...] = ()
    # the kind told by how it shows (a body's 昏迷, 抽搐; a person to be stopped, 去拦; who is exposed to a hazard, 在旁边玩: see
    # learned.ModelStep._told_word): beside one of these words, not denied, the model's own guess for the kind is raised as
    # 疑似 from `told_bar` on, below its `[model]` bar, its content bar not asked (recall on text nobody on the project
    # wrote, second and sixth sessions of 2026-12-05)
    told: tuple[str, ...] = ()
    told_bar: float | None = Field(default=None, gt=0, lt=1)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid(self) -> KindSettings:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity: {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        _clean(self.masks, key="masks")
        _clean(self.unless, key="unless")
        _clean(self.not_unless, key="not_unless")
        _clean(self.settled, key="settled")
        _clean(self.settled_here, key="settled_here")
        _clean(self.questioned, key="questioned")
        _clean(self.grievances, key="grievances")
        _clean(self.services, key="services")
        _no_short(self.services, key="services")
        _clean(self.stakes, key="stakes")
        _no_short(self.stakes, key="stakes")
        _clean(self.told, key="told")
        _no_short(self.told, key="told")
        if bool(self.told) != (self.told_bar is not None):
            raise ValueError("told and told_bar go together (the words that tell the kind, and the model's bar beside them)")
        if bool(self.questioned) != bool(self.grievances):
            raise ValueError("questioned and grievances go together (a question is the writer's own beside a grievance)")
        _clean(self.danger, key="danger")
        _no_short(self.danger, key="danger")
        clash = [w for w in self.danger if w in self.unless]
        if clash:
            raise ValueError(f"danger: {'、'.join(clash)} is also an `unless` word (a sign cannot be its own look-alike)")
        idle = [w for w in self.not_unless if not any(u in w for u in (*self.unless, *self.trifles))]
        if idle:
            raise ValueError(f"not_unless: {'、'.join(idle)} hold(s) no word of `unless` (nothing to keep)")
        _clean(self.trifles, key="trifles")
        _no_short(self.trifles, key="trifles")
        twice = [w for w in self.trifles if w in self.unless or w in self.danger]
        if twice:
            raise ValueError(f"trifles: {'、'.join(twice)} also listed in `unless` or `danger`")
        cries = [w for w in self.trifles if any(c in w for r in self.rules for c in r.words)]
        if cries:
            raise ValueError(f"trifles: {'、'.join(cries)} hold(s) a word of the kind's own rules (a cry is no trifle)")
        return self


class ModelSettings(Strict):
    """The learned backstop (:mod:`risk_model`): where its weights are and when it speaks."""

    path: str = Field(min_length=1)  # relative to risk.toml's folder
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)
    thresholds: dict[str, float] = Field(default_factory=dict)  # per kind, overriding `threshold`
    # a pattern's certain hit of a kind the model scores below this is shown as 疑似 (0: never)
    doubt: float = Field(default=0.0, ge=0.0, lt=1.0)
    # per kind: a higher bar for a certain hit that rests on one piece of evidence (烟呛, 井盖…下沉):
    # one weak cue, where a kind told with two (冒烟 + 火花) keeps `doubt`
    doubt_single: dict[str, float] = Field(default_factory=dict)
    # a kind the patterns raise by weak cues or certain hits only (no hit made 疑似 by its context: a conditional,
    # hearsay, a past or standing marker, a question, a long letter) that the model scores below this is dropped, in a
    # short message: a danger's word in a post that reads like none of the kind's messages (0: never)
    unlike: float = Field(default=0.0, ge=0.0, lt=1.0)
    # instead of `unlike`, per kind the bar the model file holds (read at training time, risk_train.held_out): the score
    # below which at most this share of the kind's dangers fell when a model that had not learnt them scored them
    unlike_share: float | None = None
    # per kind, an explicit bar over the model file's (or over `unlike`)
    unlike_bars: dict[str, float] = Field(default_factory=dict)
    # per kind where a miss costs most (a hazard), a lower bar than `unlike` for a pattern's certain hit in a post told
    # plainly (no asking, no laugh, nothing settled): below `doubt` it is shown as 疑似 with the model's figure, as any
    # certain hit is; the kind's weak hits, and its certain ones in a post that asks, are read at `unlike`
    unlike_keeps: dict[str, float] = Field(default_factory=dict)
    # a message asking how a procedure works (怎么办理, 可以吗) is no vague cry the model should read
    quiet: tuple[str, ...] = ()
    # per kind: the model raises it only when one of these is in the text (a self-harm guess needs
    # some word of an ending, 死/结束/最后/消失…: hard luck told without one is a complaint)
    needs: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # words of a call and of the hotline's voice (来电人称, 电话打不通, 致电): read as blank when `needs` are
    # looked for, so the 电 of a call is no word of electricity for a hazard guess
    calls: tuple[str, ...] = ()
    # per kind: the model does not raise it when one of these is in the text (a threat guess beside
    # a lawful way: 投诉到底, 告到法院)
    unless: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # characters that tell how someone writes, not what happened (我, 要, 就, 的, punctuation): an
    # n-gram made of them only (我要, 真的, 这个, 了。) is style; with `content_bar` (per kind), the
    # kind is raised only if the model's other n-grams alone reach that probability
    style: str = ""
    # per kind: characters that name who or where (孩子, 老师, 同学, 邻居家): n-grams made of these and
    # of `style` only are not content either, for that kind's `content_bar`
    topic: dict[str, str] = Field(default_factory=dict)
    content_bar: dict[str, float] = Field(default_factory=dict)
    # instead of a `content_bar`, per kind the bar the model file holds (read at training time, risk_train.held_out):
    # the content-only probability below which at most this share of the kind's dangers fell when a model that had not
    # learnt them raised them by its own guess. Why: a fixed bar is a figure on a sum whose intercept every refit moves
    content_share: dict[str, float] = Field(default_factory=dict)
    # the most a bar read at `content_share` asks of a guess (a kind's bar is the lower of the two): the bar moves down
    # with a fit whose guessed dangers read lower on their content, never above what a fixed bar asked
    content_most: float = Field(default=1.0, gt=0.0, le=1.0)
    # instead of `thresholds` as they stand, each kind's bar read from the model file (risk_train.held_out: the guesses of
    # models that never learnt the messages they read), per length band: `thresholds` lowered step by step while the
    # step just below holds at least this many held-out dangers of the kind per false guess of it on a look-alike; never
    # above them. A guess under `thresholds` is raised only on a message nothing else raises
    bars_odds: float | None = Field(default=None, gt=0.0)

    def content_bars(self, model: RiskModel) -> dict[str, float]:
        """Per kind, the bar its content n-grams alone must reach: `content_bar`, or ``model``'s read at `content_share`
        from its held-out dangers, at most `content_most` (:meth:`RiskModel.content_bars`; a kind has one or the other).
        One reading for the detector, the trainer's guesses and a bench's fit, so that they cannot drift apart.
        :class:`RiskModelError` when `content_share` is set and ``model`` holds no content scores."""
        bars = dict(self.content_bar)
        if self.content_share:
            bars |= {k: min(b, self.content_most) for k, b in model.content_bars(self.content_share).items()}
        return bars

    @model_validator(mode="after")
    def _valid(self) -> ModelSettings:
        _clean(self.quiet, key="quiet")
        _clean(self.calls, key="calls")
        for key, table in (("content_bar", self.content_bar), ("content_share", self.content_share)):
            if table and not self.style:
                raise ValueError(f"{key}: needs `style`, the characters whose n-grams are not content")
        idle = [k for k in self.topic if k not in self.content_bar and k not in self.content_share]
        if idle:
            raise ValueError(f"topic: {', '.join(idle)} has no `content_bar` nor `content_share` (a topic only narrows "
                             "that bar)")
        bad = [k for k, v in self.content_bar.items() if not 0.0 < v < 1.0]
        if bad:
            raise ValueError(f"content_bar: {', '.join(bad)} must lie between 0 and 1")
        bad = [k for k, v in self.content_share.items() if not 0.0 <= v < CONTENT_SHARE]
        if bad:
            raise ValueError(f"content_share: {', '.join(bad)} must lie from 0 up to {CONTENT_SHARE} (the share of "
                             "held-out content scores the model file keeps)")
        if self.content_most < 1.0 and not self.content_share:
            raise ValueError("content_most: caps the bars read at `content_share`, and none is given")
        both = [k for k in self.content_share if k in self.content_bar]
        if both:
            raise ValueError(f"content_share: {', '.join(both)} also has a `content_bar`: give a kind one or the other")
        for k, words in self.unless.items():
            _clean(words, key=f"unless.{k}")
        for key, table in (("thresholds", self.thresholds), ("needs", self.needs), ("unless", self.unless),
                           ("content_bar", self.content_bar), ("content_share", self.content_share), ("topic", self.topic),
                           ("doubt_single", self.doubt_single), ("unlike_keeps", self.unlike_keeps),
                           ("unlike_bars", self.unlike_bars)):
            unknown = [k for k in table if k not in KINDS]
            if unknown:
                raise ValueError(f"{key}: unknown kind(s) {', '.join(unknown)}")
        for k, words in self.needs.items():
            _clean(words, key=f"needs.{k}")
        for key, bars in (("thresholds", self.thresholds), ("doubt_single", self.doubt_single)):
            bad = [k for k, v in bars.items() if not 0.0 < v < 1.0]
            if bad:
                raise ValueError(f"{key}: {', '.join(bad)} must lie between 0 and 1")
        for key, bars in (("unlike_keeps", self.unlike_keeps), ("unlike_bars", self.unlike_bars)):
            bad = [k for k, v in bars.items() if not 0.0 <= v < 1.0]  # (0: never, as `unlike`)
            if bad:
                raise ValueError(f"{key}: {', '.join(bad)} must lie from 0 up to 1")
        if self.unlike_share is not None:
            if not 0.0 <= self.unlike_share < HELD_SHARE:
                raise ValueError(f"unlike_share: {self.unlike_share} must lie from 0 up to {HELD_SHARE} (the share of "
                                 "held-out dangers the model file keeps the scores of)")
            if self.unlike:
                raise ValueError("unlike_share: give `unlike` (one bar for every kind) or `unlike_share` (each kind's "
                                 "bar read from the model file), not both")
        return self


class RiskSettings(Strict):
    match: MatchSettings = MatchSettings()
    model: ModelSettings | None = None
    sets: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # how people also spell a piece of a word, in dialect or by a slip of the input method (什么 →
    # 啥, 晕倒 → 晕到, 煤气 → 媒气): every rule word, cue and mask holding the piece is also matched
    # with each spelling, so no rule has to list them, and an office adds its own dialect here
    spellings: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    kinds: dict[str, KindSettings]

    @model_validator(mode="after")
    def _valid(self) -> RiskSettings:
        for name, words in self.sets.items():
            _clean(words, key=f"sets.{name}")
            if not words:
                raise ValueError(f"sets.{name}: empty set")
        for std, variants in self.spellings.items():
            if not variants:
                raise ValueError(f"spellings.{std}: no spelling given")
            if std in variants:
                raise ValueError(f"spellings.{std}: {std!r} is the word itself, not another spelling")
            _clean((std,) + tuple(variants), key=f"spellings.{std}")
        unknown = [k for k in self.kinds if k not in KINDS]
        if unknown:
            hint = "".join(f" ({k} is now {LEGACY_FLAGS[k]})" for k in unknown if k in LEGACY_FLAGS)
            raise ValueError(f"kinds: unknown kind(s) {', '.join(unknown)}; the kinds are "
                             f"{', '.join(KINDS)}{hint}")
        missing = [k for k in KINDS if k not in self.kinds]
        if missing:
            raise ValueError(f"kinds: missing {', '.join(missing)} (every kind needs its patterns)")
        idle = [w for w in self.match.not_unless if not any(u in w for u in self.match.unless)
                and not any(u in w for k in self.kinds.values() for u in (*k.unless, *k.trifles))]
        if idle:
            raise ValueError(f"match.not_unless: {'、'.join(idle)} hold(s) no word of any `unless` (nothing to keep)")
        for code, kind in self.kinds.items():
            quiet = self.model.quiet if self.model is not None else ()
            idle = [w for w in kind.questioned if w not in self.match.unless and w not in quiet]
            if idle:
                raise ValueError(f"kinds.{code}.questioned: {'、'.join(idle)} is no word of `[match] unless` "
                                 "or `[model] quiet`")
            for i, b in enumerate(kind.beside):
                if b.kind not in KINDS or b.kind == code:
                    raise ValueError(f"kinds.{code}.beside[{i}]: kind: {b.kind!r} is "
                                     + ("the kind itself" if b.kind == code else f"not one of {', '.join(KINDS)}"))
        for code, kind in self.kinds.items():
            for i, rule in enumerate(kind.rules):
                for key, words in (("words", rule.words), ("near", rule.near)):
                    for w in words:
                        if w.startswith("@") and w[1:] not in self.sets:
                            raise ValueError(f"kinds.{code}.rules[{i}].{key}: {w!r} names no set "
                                             f"(sets: {', '.join(self.sets) or 'none'})")
        return self

    def expand(self, cues: tuple[str, ...]) -> tuple[str, ...]:
        """Words or cues with ``@set`` references replaced by the set's words, and each word also in
        its other ``spellings`` (晕倒 and 晕到; 活着有什么意思 and 活着有啥意思)."""
        out: list[str] = []
        for c in cues:
            out.extend(self.sets[c[1:]] if c.startswith("@") else (c,))
        for std, variants in self.spellings.items():
            out.extend(w.replace(std, v) for w in list(out) if std in w for v in variants)
        return tuple(dict.fromkeys(out))


def load_risk(path: Path) -> RiskSettings:
    """Read and validate ``risk.toml``; errors name file, key and problem. A ``[model]`` path is
    made absolute against the file's folder, so the detector finds it from any working directory."""
    settings = load_model(path, RiskSettings)
    if settings.model is not None and not Path(settings.model.path).is_absolute():
        where = str((path.parent / settings.model.path).resolve())
        settings = settings.model_copy(update={"model": settings.model.model_copy(update={"path": where})})
    return settings


def model_at(settings: RiskSettings, path: str | Path, **update: object) -> RiskSettings:
    """``settings`` reading the model file at ``path`` instead (a bench's fit without a set), with ``update`` for its
    other ``[model]`` keys. A fit read that way holds no held-out scores of its own (risk_train.held_out reads them only
    for the shipped file): with `unlike_share`, each kind's bar is then the configured model file's, given explicitly
    (``unlike_bars`` over it as before), and with `content_share` each kind's content bar (``content_bar``), so the
    bench reads the shipped bars; with `bars_odds`, at `thresholds` as configured."""
    m = settings.model
    assert m is not None
    fit = RiskModel.load(Path(path), KINDS)
    if m.unlike_share is not None and not fit.held_out:
        bars = RiskModel.load(Path(m.path), KINDS).unlike_bars(m.unlike_share) | m.unlike_bars
        update = {"unlike_share": None, "unlike_bars": bars, **update}
    if m.content_share and not fit.content:
        bars = m.content_bars(RiskModel.load(Path(m.path), KINDS))
        update = {"content_share": {}, "content_most": 1.0, "content_bar": bars, **update}
    if m.bars_odds is not None and not fit.guesses:
        # (bars read per length band cannot be given as `thresholds`: a fit without held-out guesses is read at them)
        update = {"bars_odds": None, **update}
    return settings.model_copy(update={"model": m.model_copy(update={"path": str(path), **update})})
