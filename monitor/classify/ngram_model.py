"""A learned reading of a message shipped as data: character n-grams, one logistic regression.

The shipped type model and the shipped domain model are both this: binary character 1–3-grams of
what :func:`reach` keeps of a message (without the accounts it addresses; its opening and closing
``HALF`` characters), each row scaled by 1/sqrt(its number of n-gram positions), as in training, so a
long letter does not pile up weight by being long, and one class-balanced multinomial logistic
regression. A prediction is the label with the highest probability and its margin over the
runner-up. Each model is a subclass naming its file format, its labels and its trainer
(:mod:`type_model`, :mod:`domain_model`).

Why no scikit-learn at prediction: the fitted model is a table of weights. Its n-grams are put in
one Aho–Corasick automaton, so a message costs one pass over its characters (in C) that finds the
few n-grams the model knows, and a small numpy sum; building every n-gram of the text in Python and
looking each up cost three times as much. A test checks it agrees with scikit-learn.

Why :class:`Reading`: the type and the domain models read the same n-grams of the same cut of the
text, so the classifier puts both weight tables side by side behind one automaton and reads a
message once for both (a second pass would cost as much as the first).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Self

import ahocorasick
import numpy as np

from monitor.classify.shipped import read_model_file

NGRAMS = (1, 3)
HALF = 100  # characters read at each end of a long message

# an account addressed or replied to (@问政银川, 回复@金凤区:): whom the citizen writes to says nothing
# of what the message is, and a short post's few n-grams let the name outweigh the matter
# (@问政银川 路灯不亮 was read as 其他: the account's name is frequent in thanks)
_MENTION = re.compile(r"(?:回复)?@[^\s:：，,。！!？?@/]{1,20}[:：]?\s*")


def reach(text: str) -> str:
    """What the models read: the text without the accounts it addresses, whole or its first and
    last ``HALF`` characters."""
    # most messages address nobody: skip the pattern's pass over a whole letter (the same text read)
    text = (_MENTION.sub("", text) if "@" in text else text).strip() or text
    return text if len(text) <= 2 * HALF else text[:HALF] + text[-HALF:]


def grams(text: str) -> set[str]:
    lo, hi = NGRAMS
    return {text[i:i + k] for k in range(lo, hi + 1) for i in range(len(text) - k + 1)}


def positions(text: str) -> int:
    """Number of n-gram positions of ``text`` (the row scaling's denominator)."""
    lo, hi = NGRAMS
    return max(1, sum(max(0, len(text) - k + 1) for k in range(lo, hi + 1)))


@dataclass
class NgramModel:
    """One fitted regression: labels, intercepts and a weight row per n-gram it kept."""

    FORMAT: ClassVar[str] = ""
    ONE_PER: ClassVar[str] = "label"  # what a label is: "does not have one weight per type"
    WHAT: ClassVar[str] = "n-gram model"  # names the model in errors: "type model"
    LABELS_ARE: ClassVar[str] = "labels"  # what a label must be: "type codes", "office domains"
    TRAINER: ClassVar[str] = ""  # the command that rebuilds the shipped file
    ERROR: ClassVar[type[ValueError]] = ValueError

    def __init_subclass__(cls, *, kind: str = "", labels_are: str = "", fmt: str = "",
                          error: type[ValueError] = ValueError, **kw: object) -> None:
        """A shipped model of ``kind`` ("type", "domain"): its file ``fmt``, what its labels must be,
        the error a bad file raises; its trainer is ``monitor.classify.<kind>_train``."""
        super().__init_subclass__(**kw)
        if kind:
            cls.FORMAT, cls.ONE_PER, cls.WHAT, cls.LABELS_ARE = fmt, kind, f"{kind} model", labels_are
            cls.TRAINER, cls.ERROR = f"python -m monitor.classify.{kind}_train", error

    labels: tuple[str, ...]
    intercepts: np.ndarray  # (n_labels,)
    vocabulary: dict[str, int]  # n-gram -> row of ``weights``
    weights: np.ndarray  # (n_grams, n_labels)
    trained_on: tuple[str, ...] = field(default=())
    _reading: Reading | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ training

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], *, c: float = 4.0, keep: float = 0.0,
            refit: float | None = None, trained_on: Sequence[str] = ()) -> Self:
        """A class-balanced multinomial logistic regression over binary n-grams seen in at least two
        messages. With ``keep``, n-grams whose weights are all smaller than it are dropped and, with
        ``refit``, the regression is fitted again on those kept, with that strength (the large weights
        of a pruned model were tuned beside the small ones dropped)."""
        from scipy.sparse import diags
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError(f"need at least two distinct labels to learn from (got {sorted(set(labels))})")
        cut = [reach(t) for t in texts]
        vec = CountVectorizer(analyzer="char", ngram_range=NGRAMS, binary=True, lowercase=False, min_df=2)
        x = diags([1 / math.sqrt(positions(t)) for t in cut]) @ vec.fit_transform(cut)
        vocab = vec.get_feature_names_out()

        def regression(m: object, strength: float) -> LogisticRegression:
            return LogisticRegression(C=strength, class_weight="balanced", max_iter=5000).fit(m, list(labels))

        lr = regression(x, c)
        if keep > 0:
            strong = np.abs(lr.coef_).max(axis=0) >= keep
            x, vocab = x[:, strong], vocab[strong]
            if refit is not None:
                lr = regression(x, refit)
        coef = np.round(lr.coef_.T.astype(np.float64), 4)
        return cls(tuple(str(c) for c in lr.classes_), np.round(lr.intercept_.astype(np.float64), 4),
                   {str(g): i for i, g in enumerate(vocab)}, coef, tuple(trained_on))

    # ------------------------------------------------------------------ files

    def save(self, path: Path) -> None:
        grams_in_order = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        data = {"format": self.FORMAT, "labels": list(self.labels), "ngrams": list(NGRAMS), "half": HALF,
                "trained_on": list(self.trained_on), "intercepts": [float(v) for v in self.intercepts],
                "weights": {g: [float(v) for v in self.weights[self.vocabulary[g]]] for g in grams_in_order}}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, codes: Sequence[str]) -> Self:
        """The model in ``path``, whose labels must be among ``codes``; a file that cannot be used
        raises :attr:`ERROR` naming the file and the problem."""
        error = cls.ERROR
        data = read_model_file(path, cls.FORMAT, cls.WHAT, error)
        if data.get("ngrams") != list(NGRAMS) or data.get("half") != HALF:
            raise error(f"{path}: fitted on other features (ngrams {data.get('ngrams')}, half "
                        f"{data.get('half')}); retrain it: {cls.TRAINER}")
        labels = data.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(t, str) for t in labels):
            raise error(f"{path}: labels: not a list of {cls.LABELS_ARE}")
        unknown = [t for t in labels if t not in codes]
        if unknown or len(labels) < 2:
            raise error(f"{path}: labels: {', '.join(unknown) or 'fewer than two'} "
                        f"({cls.LABELS_ARE} are {', '.join(codes)})")
        n = len(labels)
        weights, intercepts = data.get("weights", {}), data.get("intercepts", [])
        if not isinstance(weights, dict):
            raise error(f"{path}: weights: not a table of n-grams")
        bad = next((g for g, v in weights.items() if not g or not isinstance(v, list) or len(v) != n), None)
        if bad is not None or not isinstance(intercepts, list) or len(intercepts) != n:
            raise error(f"{path}: weights: {bad!r} does not have one weight per {cls.ONE_PER}")
        try:
            matrix = np.array(list(weights.values()), dtype=np.float64).reshape(len(weights), n)
            bias = np.array(intercepts, dtype=np.float64)
        except (TypeError, ValueError):  # a weight written as text or null
            raise error(f"{path}: weights and intercepts must be numbers") from None
        vocab = {g: i for i, g in enumerate(weights)}
        return cls(tuple(labels), bias, vocab, matrix, tuple(data.get("trained_on", ())))

    # ------------------------------------------------------------------ applying

    def _read(self) -> Reading:
        if self._reading is None:
            self._reading = Reading({"": self})
        return self._reading

    def probabilities(self, text: str) -> np.ndarray:
        """Probability per label (in :attr:`labels` order)."""
        return self._read().probabilities(reach(text))[""]

    def predict(self, text: str) -> tuple[str, float]:
        """The likeliest label and its probability margin over the runner-up (how sure the model is)."""
        return self.predict_read(reach(text))

    def predict_read(self, cut: str) -> tuple[str, float]:
        """:meth:`predict` of a text already :func:`reach`-ed."""
        return self._read().read(cut)[""]


class Reading:
    """Several n-gram models read in one pass: their n-grams in one automaton whose value is a row
    of one weight table holding each model's columns side by side (zero where a model did not keep
    the n-gram), so a message costs one pass over its characters and one numpy sum, whatever the
    number of models."""

    def __init__(self, models: Mapping[str, NgramModel]) -> None:
        rows: dict[str, int] = {}
        for m in models.values():
            for g in m.vocabulary:
                rows.setdefault(g, len(rows))
        width = sum(len(m.labels) for m in models.values())
        self.weights = np.zeros((len(rows), width))
        self.intercepts = np.zeros(width)
        self.heads: dict[str, tuple[tuple[str, ...], slice]] = {}
        start = 0
        for name, m in models.items():
            cols = slice(start, start + len(m.labels))
            if m.vocabulary:
                self.weights[[rows[g] for g in m.vocabulary], cols] = m.weights[list(m.vocabulary.values())]
            self.intercepts[cols] = m.intercepts
            self.heads[name] = (m.labels, cols)
            start = cols.stop
        self._automaton: ahocorasick.Automaton | None = None
        if rows:
            ac = ahocorasick.Automaton()
            for g, i in rows.items():
                ac.add_word(g, i)
            ac.make_automaton()
            self._automaton = ac

    def probabilities(self, cut: str) -> dict[str, np.ndarray]:
        """Each model's probability per label, for a text already :func:`reach`-ed."""
        # binary: each n-gram counts once (models that kept no n-gram have only their intercepts)
        held = {i for _, i in self._automaton.iter(cut)} if self._automaton is not None else set()
        z = self.intercepts + (self.weights[list(held)].sum(axis=0) / math.sqrt(positions(cut)) if held else 0.0)
        out: dict[str, np.ndarray] = {}
        for name, (_, cols) in self.heads.items():
            e = np.exp(z[cols] - z[cols].max())
            out[name] = e / e.sum()
        return out

    def read(self, cut: str) -> dict[str, tuple[str, float]]:
        """Each model's likeliest label and its probability margin over the runner-up."""
        out: dict[str, tuple[str, float]] = {}
        for name, p in self.probabilities(cut).items():
            labels = self.heads[name][0]
            order = np.argsort(-p)
            out[name] = labels[int(order[0])], float(p[order[0]] - p[order[1]])
        return out
