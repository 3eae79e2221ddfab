"""Schemas of ``config/classify.toml`` and ``config/regions.toml``.

Why pydantic models rather than free dicts: offices edit these lists by hand, and a typo in a key
(``weigth``) or a word listed under two places must be reported as *file, key, problem* at start,
not discovered as a silently mis-routed case weeks later.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from pydantic import Field, model_validator

from monitor.core.config import Strict, load_model

TYPE_CODES = ("consult", "complaint", "suggestion", "report", "help", "other")


class TypeRule(Strict):
    type: str
    weight: float = Field(default=1.0, gt=0)
    words: tuple[str, ...]
    # thanks, praise, small talk: when a cue of this rule decides the type, the message asks nobody
    # to act, so it has no domain either (the office files it under [domains] default): the 城管 in
    # "给城管点个赞" is whom the citizen thanks, not a matter to handle
    no_matter: bool = False
    # the first words say what a message is: a cue of this rule counts only when it starts within
    # this many characters of the message's opening (after @mentions and punctuation): "感谢…",
    # "扩散：" and "建议…" open thanks, notices and proposals; the same words deep in a complaint
    # close it politely ("请尽快处理，谢谢") or name what someone else suggested
    opening: int | None = Field(default=None, ge=0)
    # the rule counts only in messages shorter than this (posts): "希望…" opens a wish in a post, while
    # a letter's subject "希望…尽快解决" is as often a complaint's demand
    max_chars: int | None = Field(default=None, ge=1)
    # the rule's cues count for nothing where one of these is written: a party named as the actor
    # (某医院, 某餐馆) is no wrongdoer told on where the writer tells being its patient, pupil or customer
    # (在某医院住院, 孩子就读的某小学): that is one's own harm, a complaint
    unless: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known(self) -> TypeRule:
        if self.type not in TYPE_CODES:
            raise ValueError(f"type must be one of {', '.join(TYPE_CODES)} (got {self.type!r})")
        if self.no_matter and self.type != "other":
            raise ValueError(f"no_matter: only a rule of type other can say a message names no matter "
                             f"(this rule is {self.type!r})")
        if self.max_chars is not None and self.opening is None:
            raise ValueError("max_chars: applies to opening cues only (give opening too)")
        return self


class ShippedModelSettings(Strict):
    """A shipped n-gram model beside the rules (``[types.model]``, ``[domains.model]``)."""

    path: str = ""  # relative to classify.toml; empty: the rules alone decide
    # the model decides where it and the rules disagree and its probability margin over its runner-up
    # label is at least this; below it the rules decide
    margin: float = Field(default=0.5, ge=0, le=1)
    # … in a message of at least this many characters (without the accounts it addresses): a few
    # words give the model a few n-grams, and a few n-grams a margin it has not earned
    min_chars: int = Field(default=12, ge=0)


class TypeModelSettings(ShippedModelSettings):
    """``[types.model]``: the shipped type model (``python -m monitor.classify.type_train``) beside the cues."""

    # where the cues are weak — none fired (a matter told without a type word) or the strongest scored
    # below ``weak_below`` (generic words, a third party merely introduced) — the model decides at
    # ``weak_margin`` instead of ``margin``: held out on the one written set no cue was written from, the
    # cues alone read .740 of its types and the model alone .847; against a clear cue ``margin`` holds.
    # weak_below = 0: ``margin`` everywhere
    weak_margin: float = Field(default=0.5, ge=0, le=1)
    weak_below: float = Field(default=0.0, ge=0)
    # types whose cues are never weak: where one of them decided, the model needs ``margin`` (held out,
    # a proposal the cues found was right more often than the model's other reading)
    firm: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _firm_codes(self) -> TypeModelSettings:
        stray = [c for c in self.firm if c not in TYPE_CODES]
        if stray:
            raise ValueError(f"firm: {', '.join(stray)} must be one of {', '.join(TYPE_CODES)}")
        return self


class DomainModelSettings(ShippedModelSettings):
    """``[domains.model]``: the shipped domain model (``python -m monitor.classify.domain_train``)
    beside the lexicon, on an install without a model of its own (``[model]``, ``wenzheng train``)."""

    # … and overrules only a lexicon verdict scoring less than this (a few words): against one resting
    # on many, held out on the written sets, the model was right as often as wrong
    rules_below: float = Field(default=10, ge=0)
    # in a letter (at least `tie_min_chars`) whose lexicon runner-up scores at least `tie_share` of its
    # top — a near tie, the background's words against the request's — the model settles it when it
    # names that runner-up at a margin of `tie_margin`; 0 turns it off
    tie_min_chars: int = Field(default=0, ge=0)
    tie_share: float = Field(default=0.85, gt=0, le=1)
    tie_margin: float = Field(default=0.1, ge=0)


class TypeSettings(Strict):
    default: str = "other"
    problem_default: str = "complaint"
    labels: dict[str, str]
    nuisance_bonus: float = 1.5
    extra_cue: float = Field(default=0.25, ge=0)
    # added to a cue written in the opening (``[domains] head_chars``): a letter's subject says its kind
    head_bonus: float = Field(default=0.0, ge=0)
    head_min_chars: int = Field(default=80, ge=0)  # … in messages this long (letters) only
    # a `no_matter` cue (thanks, small talk) clears the domain only in a post shorter than this: a
    # letter that long tells a matter, whatever courtesy or cheer it holds
    no_matter_max_chars: int = Field(default=80, ge=0)
    nuisance_subtopics: tuple[str, ...] = ()
    # a question asked from a predicament is a plea: a help cue of this weight turns consult into help
    plea_over_question: float = Field(default=0.0, ge=0)
    asks: tuple[str, ...] = ()  # … unless one of these consult cues announces the question as one
    # phrases that hold a cue and are none (所有家长 holds 有家, a third party named): found by the same
    # leftmost-longest pass, a mask hides the cue inside it and counts nothing
    masks: tuple[str, ...] = ()
    # reproaches that nobody stops a wrongdoing (没人管, 咋没人管): told beside a report cue of at least
    # ``unenforced_min`` they ask for enforcement, so they add to the report instead of the complaint
    unenforced: tuple[str, ...] = ()
    unenforced_min: float = Field(default=2.45, ge=0)
    # "why not" reproaches (为啥不, 为什么不…): told beside a thing proposed (a suggestion cue of at least
    # ``proposed_min``: 加个红绿灯, 装几盏路灯) they ask for the thing, so they add to the suggestion
    proposed: tuple[str, ...] = ()
    proposed_min: float = Field(default=2.6, ge=0)
    rules: tuple[TypeRule, ...]
    model: TypeModelSettings = TypeModelSettings()

    @model_validator(mode="after")
    def _codes(self) -> TypeSettings:
        missing = [c for c in TYPE_CODES if c not in self.labels]
        if missing:
            raise ValueError(f"labels: missing {', '.join(missing)}")
        for key in ("default", "problem_default"):
            if getattr(self, key) not in TYPE_CODES:
                raise ValueError(f"{key}: must be one of {', '.join(TYPE_CODES)}")
        consult = {w for r in self.rules if r.type == "consult" and r.opening is None for w in r.words}
        stray = [w for w in self.asks if w not in consult]
        if stray:
            raise ValueError(f"asks: {', '.join(stray)} must be consult cues ([[types.rules]] type consult)")
        complaint = {w for r in self.rules if r.type == "complaint" and r.opening is None for w in r.words}
        for key in ("unenforced", "proposed"):
            stray = [w for w in getattr(self, key) if w not in complaint]
            if stray:
                raise ValueError(f"{key}: {', '.join(stray)} must be complaint cues ([[types.rules]] type complaint)")
        return self


class Frame(Strict):
    """``[[domains.frames]]``: a matter that makes other domains' words its setting.

    Why: a long letter names where a thing happened as often as what happened. A letter about a
    hospital bill that 新农合 will not reimburse is full of 医院, 住院, 治疗 and is still a social
    insurance matter; a 传销 meeting that sells 保健品 to old people is a market matter however many
    健康 words it uses. When one of ``words`` is written, the scores of the ``settings`` domains
    count ``[domains] frame_setting_weight`` of their worth, so the frame's own words decide.
    """

    name: str = Field(min_length=1)
    words: tuple[str, ...] = Field(min_length=1)
    domain: str
    settings: tuple[str, ...] = Field(min_length=1)
    # the shortest message the frame applies to; unset: ``[domains] frame_min_chars``. A frame whose
    # word names a person's job (教师, 医生) frames a two-line post as well as a letter: a teacher's
    # title or pay asked about in one line is still the school system's matter
    min_chars: int | None = Field(default=None, ge=0)
    # the longest message the frame applies to; unset: no limit. A place named in a short post is
    # where the matter is (医院的停车场); a letter names a hospital as one place among many
    max_chars: int | None = Field(default=None, ge=0)
    # words that keep the frame from firing: the setting is then the matter. A broken lift is the
    # market regulator's equipment, unless the quarrel is who pays for the repair (电梯费,
    # 维修基金: the 物业's bill, 住房's). Lexicon words of any domain (they are found by its pass)
    unless: tuple[str, ...] = ()


class DomainSettings(Strict):
    """``[domains]``: settings plus one table per domain (extra keys are the domains)."""

    model_config = Strict.model_config | {"extra": "allow"}

    default: str = "其他"
    secondary_ratio: float = Field(default=0.6, gt=0, le=1)
    secondary_min_score: float = Field(default=2, ge=0)
    head_chars: int = Field(default=30, ge=0)
    head_weight: float = Field(default=2.0, ge=1)
    # words naming a setting, an object or a party contacted (电动车, 快递, 夜市, 物业说…) rather
    # than the problem: they count `weak_weight` of their length
    weak: tuple[str, ...] = ()
    weak_weight: float = Field(default=0.5, gt=0, le=1)
    # last resort when no lexicon word is written: characters that hint at a matter (偷 → 治安,
    # 吵 → 噪音), "domain.sub-topic" = [characters]; the model, when there is one, decides instead
    fallback: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # words that hold a hint character but mean something else (电话 is no 电 matter, 网站 no 站,
    # 水果 no 水): read as one word and counted for nothing, so the character inside is no hint
    fallback_not: tuple[str, ...] = ()
    # phrases that hold a domain word and are none (来电表示 holds 电表, a 12345 caller "expressing"):
    # found by the same leftmost-longest pass, a mask hides the word inside it and counts nothing
    masks: tuple[str, ...] = ()
    frames: tuple[Frame, ...] = ()
    frame_setting_weight: float = Field(default=0.3, ge=0, le=1)
    frame_min_chars: int = Field(default=0, ge=0)
    model: DomainModelSettings = DomainModelSettings()

    @model_validator(mode="after")
    def _tables(self) -> DomainSettings:
        for name, value in (self.model_extra or {}).items():
            if not isinstance(value, dict):
                raise ValueError(f"{name}: expected a table of 子类 = [words]")
            for sub, words in value.items():
                if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                    raise ValueError(f"{name}.{sub}: expected a list of non-empty words")
        return self

    @property
    def lexicon(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """domain → sub-topic → words, in file order."""
        return {d: {s: tuple(w) for s, w in subs.items()} for d, subs in (self.model_extra or {}).items()}


class KeywordSettings(Strict):
    top: int = Field(default=6, ge=0, le=50)
    min_length: int = Field(default=2, ge=1)
    stopwords: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    officialese: tuple[str, ...] = ()  # 办理, 落实: the office's procedure, not the matter
    place_suffixes: tuple[str, ...] = ()  # a word ending so is a place's name (万寿路), not a topic
    not_places: tuple[str, ...] = ()      # …unless it ends so (高速公路, 商业街)


class ModelSettings(Strict):
    path: str = "../var/model.pkl"
    seed: str = "classify_seed.jsonl"  # shipped examples `wenzheng train` adds (relative to classify.toml)
    mode: str = Field(default="combined", pattern=r"^(combined|model|rules)$")
    model_confident: float = Field(default=0.25, ge=0)
    rules_unknown_min: float = Field(default=4, ge=0)
    rules_confident: float = Field(default=8, ge=0)
    # a post shorter than this is not the register the model learnt (long letters): a domain word the
    # rules found decides it, and where they found none the model's guess needs `post_model_margin`
    post_max_chars: int = Field(default=80, ge=0)
    post_model_margin: float = Field(default=0.5, ge=0)


class TaxonomySettings(Strict):
    """``[taxonomy]``: the office's domains, and how other vocabularies map into them."""

    domains: tuple[str, ...] = Field(min_length=2)
    label_map: dict[str, str] = Field(default_factory=dict)
    label_covers: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known(self) -> TaxonomySettings:
        dupes = sorted({d for d in self.domains if self.domains.count(d) > 1})
        if dupes:
            raise ValueError(f"domains: {', '.join(dupes)} listed twice")
        for source, target in self.label_map.items():
            if target not in self.domains:
                raise ValueError(f"label_map.{source}: {target!r} is not one of the office's domains "
                                 f"({', '.join(self.domains)})")
        for source, covered in self.label_covers.items():
            if self.map_label(source) is None:
                raise ValueError(f"label_covers.{source}: not an office domain nor a label in label_map")
            for d in covered:
                if d not in self.domains:
                    raise ValueError(f"label_covers.{source}: {d!r} is not one of the office's domains")
        return self

    def covers(self, source_labels: Iterable[str]) -> dict[str, list[str]]:
        """For each office domain a model learns, the other office domains its training labels also
        held (泰迪杯's 城乡建设 holds what the office splits into 住房, 民生…)."""
        out: dict[str, set[str]] = {}
        for label in source_labels:
            domain = self.map_label(label)
            extra = self.label_covers.get(label, ())
            if domain is not None and extra:
                out.setdefault(domain, set()).update(d for d in extra if d != domain)
        return {d: sorted(v) for d, v in out.items()}

    def map_label(self, label: str) -> str | None:
        """The office domain a training label stands for, or None when it is not declared."""
        if label in self.domains:
            return label
        return self.label_map.get(label)


def _topics_unique(topics: dict[str, tuple[str, ...]]) -> None:
    seen: dict[str, str] = {}
    for name, words in topics.items():
        if not words:
            raise ValueError(f"topics.{name}: list at least one word")
        for w in words:
            if w in seen and seen[w] != name:
                raise ValueError(f"topics.{name}: {w!r} already belongs to topic {seen[w]!r}")
            seen[w] = name


def _topics_hide_no_word(topics: dict[str, tuple[str, ...]], lexicon: dict[str, dict[str, tuple[str, ...]]]) -> None:
    """A topic word is found by the lexicon's pass, leftmost-longest: one that holds lexicon words and is
    none itself would hide them (路灯不亮 hid 路灯, and the message read 其他 or the 湖 of a street's name)."""
    words = {w.lower() for subs in lexicon.values() for ws in subs.values() for w in ws}
    for name, topic_words in topics.items():
        for w in topic_words:
            low = w.lower()
            if low in words:
                continue
            inner = sorted({low[i:j] for i in range(len(low)) for j in range(i + 1, len(low) + 1)} & words)
            if inner:
                raise ValueError(f"topics.{name}: {w!r} holds the lexicon word(s) {', '.join(inner)} and would hide "
                                 "them: list it in the lexicon too")


class ClassifySettings(Strict):
    taxonomy: TaxonomySettings
    types: TypeSettings
    domains: DomainSettings
    risk: dict[str, object] | None = None
    """Removed: risk patterns live in ``risk.toml`` (read on characters, not tokens)."""
    keywords: KeywordSettings = KeywordSettings()
    topics: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    model: ModelSettings = ModelSettings()

    @model_validator(mode="after")
    def _one_vocabulary(self) -> ClassifySettings:
        _topics_unique(self.topics)
        _topics_hide_no_word(self.topics, self.domains.lexicon)
        known = self.taxonomy.domains
        if self.domains.default not in known:
            raise ValueError(f"domains.default: {self.domains.default!r} is not in taxonomy.domains")
        lexicon = self.domains.lexicon
        for name in lexicon:
            if name not in known:
                raise ValueError(f"domains.{name}: not one of taxonomy.domains ({', '.join(known)})")
        for key in self.domains.fallback:
            dom, _, sub = key.partition(".")
            if sub not in lexicon.get(dom, {}):
                raise ValueError(f"domains.fallback.{key}: not a domain.sub-topic of the lexicon")
        for i, frame in enumerate(self.domains.frames):
            where = f"domains.frames[{i}] ({frame.name})"
            for d in (frame.domain, *frame.settings):
                if d not in known:
                    raise ValueError(f"{where}: {d!r} is not in taxonomy.domains")
            if frame.domain in frame.settings:
                raise ValueError(f"{where}: {frame.domain!r} cannot be a setting of its own frame")
            own = {w for ws in lexicon.get(frame.domain, {}).values() for w in ws}
            missing = [w for w in frame.words if w not in own]
            if missing:  # a frame word is found by the lexicon pass: it must be a word of its domain
                raise ValueError(f"{where}: {', '.join(missing)} not in the lexicon of {frame.domain}")
            every = {w for subs in lexicon.values() for ws in subs.values() for w in ws}
            stray = [w for w in frame.unless if w not in every]
            if stray:  # found by the same pass, so it must be a lexicon word too
                raise ValueError(f"{where}: unless {', '.join(stray)} not in the lexicon")
        if self.risk is not None:
            raise ValueError("[risk] has moved to risk.toml ([files] risk in wenzheng.toml): move your "
                             "words there as [[kinds.<kind>.rules]] words, and delete [risk] here")
        return self


class Street(Strict):
    name: str = Field(min_length=1)
    short: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()


class District(Strict):
    name: str = Field(min_length=1)
    short: tuple[str, ...] = ()
    landmarks: tuple[str, ...] = ()
    streets: tuple[Street, ...] = ()


class Gazetteer(Strict):
    city: str = ""
    city_short: tuple[str, ...] = ()
    districts: tuple[District, ...]

    @model_validator(mode="after")
    def _unique(self) -> Gazetteer:
        seen: dict[str, str] = {}
        for i, d in enumerate(self.districts):
            names = [("name", d.name)] + [("short", s) for s in d.short] + [("landmarks", s) for s in d.landmarks]
            for key, n in names:
                if n in seen:
                    raise ValueError(f"districts[{i}].{key}: {n!r} already names {seen[n]}")
                seen[n] = d.name
            for j, s in enumerate(d.streets):
                for key, n in ([("name", s.name)] + [("short", x) for x in s.short]
                               + [("communities", x) for x in s.communities]
                               + [("landmarks", x) for x in s.landmarks]):
                    if n in seen:
                        raise ValueError(f"districts[{i}].streets[{j}].{key}: {n!r} already names {seen[n]}")
                    seen[n] = f"{d.name}{s.name}"
        return self


def load_classify(path: Path) -> ClassifySettings:
    return load_model(path, ClassifySettings)


def load_gazetteer(path: Path) -> Gazetteer:
    return load_model(path, Gazetteer)

