"""The learned backstop of risk detection: character 2–3-grams, one logistic regression per kind.

Why a model beside the patterns: patterns catch what someone thought of; people in danger write
in ways nobody listed (想一步跨出去, 一盒头孢配一瓶白酒, 让他这辈子站不起来). A linear model over
character n-grams adds up many weak signs that no single rule holds. It is trained only on
messages written for this project (every development set of ``tests/fixtures/risk``, never the
validation and blind sets; :mod:`risk_train` retrains it) and shipped as data (``config/risk_model.json``).

Recall first, never alone: a kind the model scores above its threshold, and that no pattern
raised, is raised as *possible* (疑似…) for a person to look at; the model never cancels a
pattern's hit and never makes one certain. The look-alike context of ``risk.toml`` (演练, 宣传,
新闻, 去年…) still applies to it (see :mod:`monitor.classify.risk`).

Why no scikit-learn at prediction: a fitted linear model over binary n-grams is a table of
weights. The n-grams are put in one Aho–Corasick automaton; a message's score for a kind is the
intercept plus the weights of the distinct n-grams it holds, divided by the square root of its
number of n-gram positions (the same scaling as in training, so a long letter does not
accumulate weight merely by being long). A test checks the table agrees with scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from monitor.classify.shipped import read_model_file

FORMAT = "wenzheng-risk-model/1"
# the share of each kind's held-out scores the model file keeps (its lowest, see RiskModel.with_held_out): the most
# `[model] unlike_share` may ask for
HELD_SHARE = 0.05
# the share of each kind's held-out content-only scores the model file keeps (see RiskModel.with_content): the most
# `[model] content_share` may ask for (a model guess rests on its content far more often than on style alone, so the
# guesses a kind's content bar is read on are fewer than `unlike`'s dangers and its share larger)
CONTENT_SHARE = 0.1
NGRAMS = (2, 3)
# the model's bars read at training time (see RiskModel.with_guesses): its held-out guesses are counted in steps of
# GUESS_STEP from GUESS_FLOOR up, apart for each length band (a post shorter than each of GUESS_LENGTHS characters, and
# the rest): a short post holds few n-grams, each weighing more in its sum, so it scores further from the middle
GUESS_FLOOR = 0.2
GUESS_STEP = 0.05
GUESS_LENGTHS = (20, 40)


def positions(norm: str) -> int:
    """Number of 2- and 3-gram positions of a normalised text (the row scaling's denominator)."""
    return positions_of(len(norm))


def positions_of(n: int) -> int:
    """Number of n-gram positions of a normalised text of ``n`` characters: the one definition,
    read by training (:func:`positions`) and by the detector's table of row scalings."""
    return max(1, sum(n - k + 1 for k in NGRAMS))


def grams(norm: str) -> set[str]:
    return {norm[i:i + k] for k in NGRAMS for i in range(len(norm) - k + 1)}


class RiskModelError(ValueError):
    """A model file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class RiskModel:
    kinds: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # n-gram -> one weight per kind
    # the characters of the training texts, most frequent first: the detector numbers its words and
    # n-grams in this order (see monitor/classify/trie_order and risk/matching)
    chars: str = ""
    # what the model's text is read without (risk.text.blank_names): the gazetteer's place names and the
    # matrix's account names the model was trained with blanked, so the detector blanks the same ones
    names: tuple[str, ...] = ()
    # `unlike`'s evidence, read at training time (risk_train.held_out): per kind, how many dangers of the kind a fold's
    # model scored without having learnt them, in short posts where the patterns raise the kind and `unlike` could drop
    # it, and the lowest of those scores (probabilities, ascending); (0, ()) for a kind none was read for
    held_out: dict[str, tuple[int, tuple[float, ...]]] = field(default_factory=dict)
    folds: int = 0  # how many folds of the training sources were held out for `held_out` (0: none read)
    share: float = 0.0  # the share of held-out dangers the `bars` saved with the file drop at most (see unlike_bars)
    # `content_bar`'s evidence, read at training time in the same folds (risk_train.held_out): per kind, how many dangers
    # of the kind a fold's model raised by its own guess (no pattern raised it, nothing else kept it quiet), and the lowest
    # probabilities of their content n-grams alone (the intercept and every n-gram but style's, and for a kind with a
    # `topic` but its words for a person), ascending; (0, ()) for a kind none was read for
    content: dict[str, tuple[int, tuple[float, ...]]] = field(default_factory=dict)
    content_shares: dict[str, float] = field(default_factory=dict)  # the shares the content `bars` saved were read at
    # the bars' evidence, read at training time in the same folds (risk_train.held_out): per kind, per length band (see
    # GUESS_LENGTHS), per step of GUESS_STEP from GUESS_FLOOR up, how many of the guesses a fold's model raised by its own
    # (no pattern raised the kind, nothing kept it quiet, its content bar reached) were dangers of the kind, false on a
    # message of no kind (a look-alike), and false on a message of another kind; {} when none was read
    guesses: dict[str, tuple[tuple[tuple[int, int, int], ...], ...]] = field(default_factory=dict)

    # ------------------------------------------------------------------ training

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[Sequence[str]], kinds: Sequence[str], *,
            c: float = 4.0, keep: float = 0.05, refit: float | None = None,
            repeat: Sequence[int] | None = None, names: Sequence[str] = ()) -> RiskModel:
        """One class-balanced logistic regression per kind over binary 2–3-grams of ``texts``
        (already normalised), rows scaled by 1/sqrt(n-gram positions). N-grams whose weight is
        smaller than ``keep`` in every kind are dropped (they move no score by much and cost a
        lookup). With ``refit`` (a regularisation strength), the regressions are fitted again on
        the n-grams kept, with that strength.

        Why refit: dropping the small weights of a fitted model leaves the large ones tuned to
        a sum that no longer exists (the many small signs they were fitted beside are gone), and
        the pruned model reads unseen text worse than its size allows. Fitted again on the kept
        n-grams only, the weights are the best for what the detector actually adds up (on the
        outside development set, model alone, 2,500 n-grams: recall up 7–20 points per kind).

        ``repeat`` (one count per text) reads a text that many times in the regressions, so that it weighs
        more; the n-grams are still those of ``texts`` read once (``min_df`` 2 counts distinct messages).
        Why not the text listed twice: then each of its one-off n-grams passes ``min_df``, and in the first
        fit such n-grams take weight its other n-grams would have carried, so a different and smaller set
        passes ``keep`` (none of them is kept in the end). With eval18-eval20 weighing twice (fourth session of
        2026-12-04): listed twice 8,499 n-grams, repeated 8,850; held out one development set at a time (15 sets,
        the same bars) look-alikes 239 and 232 of 4,583 for 5,028 and 5,026 of 5,252 dangers raised.

        ``texts`` may hold blanked names (``risk.text.BLANK``, see ``risk.text.blank_names``; ``names`` are
        those the texts were read without, kept with the model): no n-gram holding a blank is learnt."""
        from scipy.sparse import diags
        from sklearn.feature_extraction.text import CountVectorizer

        vec = CountVectorizer(analyzer="char", ngram_range=NGRAMS, binary=True, lowercase=False, min_df=2)
        vec.fit(texts)
        from monitor.classify.risk.text import BLANK
        vocab = vec.get_feature_names_out()
        whole = np.array([BLANK not in g for g in vocab])
        if repeat is not None:
            rows = [i for i, n in enumerate(repeat) for _ in range(n)]
            texts, labels = [texts[i] for i in rows], [labels[i] for i in rows]
        x = vec.transform(texts)
        x = (diags([1 / math.sqrt(positions(t)) for t in texts]) @ x)[:, whole]
        vocab = vocab[whole]
        w, intercepts = _regressions(x, labels, kinds, c)
        strong = np.abs(w).max(axis=0) >= keep
        if refit is not None:
            x, vocab = x[:, strong], vocab[strong]
            w, intercepts = _regressions(x, labels, kinds, refit)
            strong = np.ones(len(vocab), dtype=bool)
        weights = {str(g): tuple(round(float(v), 4) for v in w[:, j])
                   for j, g in enumerate(vocab) if strong[j]}
        counts = Counter(ch for t in texts for ch in t)
        counts.pop(BLANK, None)
        chars = "".join(sorted(counts, key=lambda ch: (-counts[ch], ch)))
        return cls(tuple(kinds), tuple(round(b, 4) for b in intercepts), weights, chars, tuple(sorted(set(names))))

    # ------------------------------------------------------------------ files

    def with_held_out(self, held: dict[str, Sequence[float]], folds: int, share: float) -> RiskModel:
        """This model with `unlike`'s evidence: ``held`` the scores, per kind, of its held-out dangers (see
        :attr:`held_out`); only the lowest :data:`HELD_SHARE` of each (and one more) are kept, all a bar needs."""
        return replace(self, held_out=self._lowest(held, HELD_SHARE), folds=folds, share=share)

    def with_content(self, held: dict[str, Sequence[float]], shares: dict[str, float]) -> RiskModel:
        """This model with `content_bar`'s evidence: ``held`` the content-only probabilities, per kind, of the held-out
        dangers its folds' models raised by their own guess (see :attr:`content`), read in the folds of
        :meth:`with_held_out`; only the lowest :data:`CONTENT_SHARE` of each (and one more) are kept."""
        return replace(self, content=self._lowest(held, CONTENT_SHARE), content_shares=dict(shares))

    def with_guesses(self, held: Sequence[tuple[str, float, int, str]]) -> RiskModel:
        """This model with its bars' evidence (see :attr:`guesses`): ``held`` the held-out guesses of its folds, each as
        (kind, probability, length of the text the model read, ``"danger"``, ``"look"`` or ``"other"``: a danger of the
        kind, a false guess on a look-alike, a false guess on a message of another kind), counted per length band and
        step."""
        steps = _steps()
        counts = {k: [[[0, 0, 0] for _ in range(steps)] for _ in range(len(GUESS_LENGTHS) + 1)] for k in self.kinds}
        for kind, p, n, what in held:
            if kind in counts and p >= GUESS_FLOOR:
                counts[kind][length_band(n)][_step(p)][("danger", "look", "other").index(what)] += 1
        return replace(self, guesses={k: tuple(tuple(tuple(c) for c in band) for band in bands)
                                      for k, bands in counts.items()})

    def guess_bars(self, odds: float, ceilings: dict[str, float]) -> dict[str, tuple[float, ...]]:
        """Per kind of ``ceilings`` (its bar as configured), one bar per length band (see :attr:`guesses`): the ceiling
        lowered step by step while the step just below holds at least one held-out danger of the kind and at least
        ``odds`` of them per false guess of it on a look-alike; never above the ceiling. A false guess on a message of
        another kind is no cost there: a guess under its ceiling is raised only on a message nothing else raises
        (``learned.ModelStep.score``), so it brings a danger to a person, if with the wrong label. So a bar goes down
        only where what the model never learnt says its guesses there are right often enough, and a retrain reads its
        own. :class:`RiskModelError` when the model holds no held-out guesses."""
        if not self.guesses:
            raise RiskModelError("holds no held-out guesses (a model trained before risk_train.held_out read them): "
                                 "retrain it or give the bars as `thresholds`")
        out = {}
        for kind, ceiling in ceilings.items():
            bands = self.guesses.get(kind)
            if bands is None:
                out[kind] = (ceiling,) * (len(GUESS_LENGTHS) + 1)
                continue
            bars = []
            for band in bands:
                at = _step(ceiling) if ceiling > GUESS_FLOOR else 0  # (the step a ceiling on its edge opens)
                if GUESS_FLOOR + at * GUESS_STEP < ceiling - 1e-9:
                    at += 1  # (a ceiling inside a step: only whole steps below it are read)
                while at > 0 and band[at - 1][0] >= 1 and band[at - 1][0] >= odds * band[at - 1][1]:
                    at -= 1
                bars.append(min(ceiling, round(GUESS_FLOOR + at * GUESS_STEP, 6)))
            out[kind] = tuple(bars)
        return out

    def _lowest(self, held: dict[str, Sequence[float]], keep: float) -> dict[str, tuple[int, tuple[float, ...]]]:
        kept = {}
        for kind in self.kinds:
            scores = sorted(round(float(p), 6) for p in held.get(kind, ()))
            kept[kind] = (len(scores), tuple(scores[:math.floor(len(scores) * keep) + 1]))
        return kept

    def unlike_bars(self, share: float) -> dict[str, float]:
        """Per kind, the bar below which `unlike` drops at most ``share`` of the held-out dangers (:attr:`held_out`):
        the score of the first danger it must keep, its ⌊share·n⌋ lowest ones (fewer with ties) falling below it; 0
        (nothing dropped) for a kind no held-out danger was read for. :class:`RiskModelError` when the model holds no
        held-out scores or ``share`` reaches beyond the lowest kept."""
        if not self.held_out:
            raise RiskModelError("holds no held-out scores (a model trained before risk_train.held_out): retrain it "
                                 "or give `unlike` as a bar")
        return {kind: _bar(kind, n, lowest, share, HELD_SHARE) for kind, (n, lowest) in self.held_out.items()}

    def content_bars(self, shares: dict[str, float]) -> dict[str, float]:
        """Per kind of ``shares``, the content bar below which at most its share of the held-out dangers the model
        raised by its own guess fall (:attr:`content`), as :meth:`unlike_bars` reads `unlike`'s; 0 (nothing cancelled)
        for a kind no such danger was read for. :class:`RiskModelError` when the model holds no such scores, lacks a
        kind, or a share reaches beyond the lowest kept."""
        if not self.content:
            raise RiskModelError("holds no held-out content scores (a model trained before risk_train.held_out read "
                                 "them): retrain it or give `content_bar` as bars")
        missing = [k for k in shares if k not in self.content]
        if missing:
            raise RiskModelError(f"content: holds no held-out content scores of {', '.join(missing)}")
        return {kind: _bar(kind, *self.content[kind], share, CONTENT_SHARE) for kind, share in shares.items()}

    def save(self, path: Path, *, trained_on: Sequence[str] = ()) -> None:
        data = {"format": FORMAT, "kinds": list(self.kinds), "intercepts": list(self.intercepts),
                "trained_on": list(trained_on), "ngrams": list(NGRAMS), "chars": self.chars, "names": list(self.names),
                "weights": {g: list(v) for g, v in sorted(self.weights.items())}}
        if self.held_out:
            data["unlike"] = {"folds": self.folds, "share": self.share, "bars": self.unlike_bars(self.share),
                              "held_out": {k: {"n": n, "lowest": list(low)} for k, (n, low) in self.held_out.items()}}
        if self.content:
            data["content"] = {"folds": self.folds, "shares": self.content_shares,
                               "bars": self.content_bars(self.content_shares),
                               "held_out": {k: {"n": n, "lowest": list(low)} for k, (n, low) in self.content.items()}}
        if self.guesses:
            data["guesses"] = {"folds": self.folds, "floor": GUESS_FLOOR, "step": GUESS_STEP, "lengths": list(GUESS_LENGTHS),
                               "held_out": {k: [[list(c) for c in band] for band in bands]
                                            for k, bands in self.guesses.items()}}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, kinds: Sequence[str]) -> RiskModel:
        data = read_model_file(path, FORMAT, "risk model", RiskModelError)
        unknown = [k for k in data.get("kinds", []) if k not in kinds]
        if unknown:
            raise RiskModelError(f"{path}: kinds: unknown kind(s) {', '.join(unknown)}")
        n = len(data["kinds"])
        bad = next((g for g, v in data["weights"].items() if len(v) != n or not g), None)
        if bad is not None or len(data["intercepts"]) != n:
            raise RiskModelError(f"{path}: weights: {bad!r} does not have one weight per kind")
        chars = data.get("chars", "")
        if not isinstance(chars, str):
            raise RiskModelError(f"{path}: chars: not a string of characters")
        names = data.get("names", [])
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise RiskModelError(f"{path}: names: not a list of names")
        held, folds, share = _held_out(path, data.get("unlike"), data["kinds"])
        content, shares = _content(path, data.get("content"), data["kinds"])
        guesses = _guesses(path, data.get("guesses"), data["kinds"])
        return cls(tuple(data["kinds"]), tuple(float(b) for b in data["intercepts"]),
                   {g: tuple(float(x) for x in v) for g, v in data["weights"].items()}, chars, tuple(names),
                   held, folds, share, content, shares, guesses)

    # ------------------------------------------------------------------ scoring

    def probabilities(self, norm: str) -> dict[str, float]:
        """Per-kind probability for one normalised text, its names blanked (``risk.text.blank_names``; the
        slow, obvious way: for tests)."""
        from monitor.classify.risk.text import blank_names, name_automaton

        if self.names:
            norm = blank_names(norm, name_automaton(self.names))
        held = [self.weights[g] for g in grams(norm) if g in self.weights]
        scale = 1 / math.sqrt(positions(norm))
        out = {}
        for k, kind in enumerate(self.kinds):
            z = self.intercepts[k] + scale * sum(v[k] for v in held)
            out[kind] = 1 / (1 + math.exp(-z))
        return out


def _bar(kind: str, n: int, lowest: tuple[float, ...], share: float, keep: float) -> float:
    """The score of the first of ``n`` held-out dangers of ``kind`` a bar at ``share`` must keep (``lowest``: the lowest
    of their scores, ascending, the file keeps ``keep`` of them): its ⌊share·n⌋ lowest (fewer with ties) fall below it;
    0 when none was read."""
    if n == 0:
        return 0.0
    m = math.floor(share * n)
    if m >= len(lowest):
        raise RiskModelError(f"a share of {share} drops {m} of {n} held-out dangers of {kind}, beyond the "
                             f"{len(lowest)} lowest scores kept (at most {keep})")
    return lowest[m]


def _steps() -> int:
    """How many steps of :data:`GUESS_STEP` lie from :data:`GUESS_FLOOR` to 1."""
    return round((1 - GUESS_FLOOR) / GUESS_STEP)


def _step(p: float) -> int:
    """The step of a held-out guess scored ``p`` (at least :data:`GUESS_FLOOR`)."""
    return min(_steps() - 1, math.floor(round((p - GUESS_FLOOR) / GUESS_STEP, 6)))


def length_band(n: int) -> int:
    """The length band of a text the model read ``n`` characters of (see :data:`GUESS_LENGTHS`)."""
    return next((i for i, edge in enumerate(GUESS_LENGTHS) if n < edge), len(GUESS_LENGTHS))


def _guesses(path: Path, guesses: object, kinds: Sequence[str]) -> dict[str, tuple[tuple[tuple[int, int, int], ...], ...]]:
    """The file's bars' evidence (see :meth:`RiskModel.save`), checked: per kind, per length band, per step, three
    counts; read with the floor, step and length bands this code counts in (a file counted otherwise is refused)."""
    if guesses is None:
        return {}
    bad = RiskModelError(f"{path}: guesses: not the held-out guesses of the model's kinds (folds, floor, step, lengths, "
                         "held_out: per kind, per length band, per step, three counts)")
    if not isinstance(guesses, dict):
        raise bad
    try:
        if (float(guesses["floor"]), float(guesses["step"]), tuple(guesses["lengths"])) != (GUESS_FLOOR, GUESS_STEP,
                                                                                         GUESS_LENGTHS):
            raise bad
        out = {}
        for kind, bands in guesses["held_out"].items():
            read = tuple(tuple((int(a), int(b), int(c)) for a, b, c in band) for band in bands)
            if (kind not in kinds or len(read) != len(GUESS_LENGTHS) + 1
                    or any(len(band) != _steps() or min(map(min, band)) < 0 for band in read)):
                raise bad
            out[kind] = read
        return out
    except (KeyError, TypeError, ValueError, AttributeError):
        raise bad from None


def _held_out(path: Path, unlike: object, kinds: Sequence[str]) -> tuple[dict[str, tuple[int, tuple[float, ...]]], int, float]:
    """The file's `unlike` evidence (see :meth:`RiskModel.save`), checked: held-out scores, folds, share."""
    if unlike is None:
        return {}, 0, 0.0
    bad = RiskModelError(f"{path}: unlike: not the held-out scores of the model's kinds (folds, share, "
                         "held_out: per kind n and its lowest scores, ascending)")
    # (checked with `if`, not `assert`: a file is read the same under ``python -O``)
    if not isinstance(unlike, dict):
        raise bad
    try:
        folds, share = int(unlike["folds"]), float(unlike["share"])
        return _scores(unlike["held_out"], kinds, bad), folds, share
    except (KeyError, TypeError, ValueError, AttributeError):
        raise bad from None


def _content(path: Path, content: object, kinds: Sequence[str]) -> tuple[dict[str, tuple[int, tuple[float, ...]]],
                                                                       dict[str, float]]:
    """The file's `content_bar` evidence (see :meth:`RiskModel.save`), checked: held-out content scores, shares."""
    if content is None:
        return {}, {}
    bad = RiskModelError(f"{path}: content: not the held-out content scores of the model's kinds (folds, shares, "
                         "held_out: per kind n and its lowest scores, ascending)")
    if not isinstance(content, dict):
        raise bad
    try:
        shares = {str(k): float(v) for k, v in content["shares"].items()}
        if any(k not in kinds for k in shares):
            raise bad
        return _scores(content["held_out"], kinds, bad), shares
    except (KeyError, TypeError, ValueError, AttributeError):
        raise bad from None


def _scores(held: dict, kinds: Sequence[str], bad: RiskModelError) -> dict[str, tuple[int, tuple[float, ...]]]:
    """Per kind, ``n`` and the lowest scores of a held-out section (``{kind: {"n", "lowest"}}``), checked: ``bad``
    for a kind the model lacks, more scores than ``n``, scores out of order or outside 0–1."""
    out = {}
    for kind, entry in held.items():
        n, lowest = int(entry["n"]), tuple(float(p) for p in entry["lowest"])
        if (kind not in kinds or len(lowest) > n or list(lowest) != sorted(lowest)
                or not all(0.0 <= p <= 1.0 for p in lowest)):
            raise bad
        out[kind] = (n, lowest)
    return out


def _regressions(x: object, labels: Sequence[Sequence[str]], kinds: Sequence[str],
                 c: float) -> tuple[np.ndarray, list[float]]:
    """Per kind, a class-balanced logistic regression of ``x``: weights (kinds x columns), intercepts."""
    from sklearn.linear_model import LogisticRegression

    coefs, intercepts = [], []
    for kind in kinds:
        y = np.array([kind in ls for ls in labels], dtype=int)
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        clf.fit(x, y)
        coefs.append(clf.coef_[0])
        intercepts.append(float(clf.intercept_[0]))
    return np.vstack(coefs), intercepts


def train_from_files(paths: Sequence[Path], kinds: Sequence[str], *, twice: Collection[str] = (),
                     names: Sequence[str] = (), **kw: float) -> RiskModel:
    """Fit on labelled JSON Lines files (``{"text", "kinds"}`` a line, ``kinds`` [] for none); the messages of
    the files named in ``twice`` weigh twice (``RiskModel.fit``'s ``repeat``). Each text is read as the detector
    reads it: normalised, with ``names`` its @-mentions and those names blanked (``risk.text.blank_names``; without,
    nothing is blanked, as the detector reads a model file without names), its clause spaces dropped."""
    from monitor.classify.risk import model_text, normalise
    from monitor.classify.risk.text import blank_names, name_automaton

    blanker = name_automaton(names)

    texts: list[str] = []
    labels: list[list[str]] = []
    repeat: list[int] = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    norm = normalise(str(obj["text"]))
                    texts.append(model_text(blank_names(norm, blanker) if names else norm))
                    labels.append([str(k) for k in obj["kinds"]])
                    repeat.append(2 if path.name in twice else 1)
                except (ValueError, KeyError, TypeError) as err:
                    raise RiskModelError(f"{path}:{n}: not a labelled message ({err.__class__.__name__})") from None
    return RiskModel.fit(texts, labels, kinds, repeat=repeat if twice else None, names=names, **kw)
