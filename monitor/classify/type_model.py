"""The learned reading of a message's type (咨询/投诉/建议/举报/求助/其他), shipped as data.

Why a model beside the type cues: cues are what someone thought of, and rounds of cues written
from read development sets fixed those sets and barely moved text nobody had read (the newest
blind set's type accuracy stayed where it was). A linear model over character n-grams adds up
many weak signs of *how* a message is said (a question's shape, a plea's register, a third party
named as the actor) that no single cue holds. Held out set by set on the written sets (trained on
the others), the model alone reads 78–93 % of types right, the rules (written from those very
sets) 81–98 %; combined so that the model decides only where it is sure, the least-read sets gain
(outside4 .814 → .823, outside3 .891 → .902) and the most-read lose nothing.

It is trained only on messages written for this project (:mod:`type_train`), never on the shared
real data (whose labels are domains only) nor on a set kept for validation.

Features: binary character 1–3-grams of the message's opening and closing ``HALF`` characters
each (the whole text when shorter: a letter says what it is in its subject and its closing demand;
the story between costs lookups and adds nothing, measured the same accuracy), each row scaled by
1/sqrt(its number of n-gram positions), as in training, so a long letter does not pile up weight by
being long. One multinomial logistic regression; a prediction is the label with the highest
probability and the margin over the runner-up.

Why no scikit-learn at prediction: the fitted model is a table of weights. Its n-grams are put in
one Aho–Corasick automaton, so a message costs one pass over its characters (in C) that finds the
few n-grams the model knows, and a small numpy sum; building every n-gram of the text in Python and
looking each up cost three times as much. A test checks it agrees with scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
import numpy as np

from monitor.classify.shipped import read_model_file

FORMAT = "wenzheng-type-model/1"
NGRAMS = (1, 3)
HALF = 100  # characters read at each end of a long message


class TypeModelError(ValueError):
    """A type model file that cannot be used; the message names the file and the problem."""


# an account addressed or replied to (@问政银川, 回复@金凤区:): whom the citizen writes to says nothing
# of what kind of message it is, and a short post's few n-grams let the name outweigh the matter
# (@问政银川 路灯不亮 was read as 其他: the account's name is frequent in thanks)
_MENTION = re.compile(r"(?:回复)?@[^\s:：，,。！!？?@/]{1,20}[:：]?\s*")


def reach(text: str) -> str:
    """What the model reads: the text without the accounts it addresses, whole or its first and
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
class TypeModel:
    labels: tuple[str, ...]  # type codes (consult, complaint…)
    intercepts: np.ndarray  # (n_labels,)
    vocabulary: dict[str, int]  # n-gram -> row of ``weights``
    weights: np.ndarray  # (n_grams, n_labels)
    trained_on: tuple[str, ...] = field(default=())
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ training

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], *, c: float = 4.0, keep: float = 0.0,
            refit: float | None = None, trained_on: Sequence[str] = ()) -> TypeModel:
        """A class-balanced multinomial logistic regression over binary n-grams seen in at least two
        messages. With ``keep``, n-grams whose weights are all smaller than it are dropped and, with
        ``refit``, the regression is fitted again on those kept, with that strength (the large weights
        of a pruned model were tuned beside the small ones dropped)."""
        from scipy.sparse import diags
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:
            raise ValueError(f"need at least two distinct types to learn from (got {sorted(set(labels))})")
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
        data = {"format": FORMAT, "labels": list(self.labels), "ngrams": list(NGRAMS), "half": HALF,
                "trained_on": list(self.trained_on), "intercepts": [float(v) for v in self.intercepts],
                "weights": {g: [float(v) for v in self.weights[self.vocabulary[g]]] for g in grams_in_order}}
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, codes: Sequence[str]) -> TypeModel:
        data = read_model_file(path, FORMAT, "type model", TypeModelError)
        if data.get("ngrams") != list(NGRAMS) or data.get("half") != HALF:
            raise TypeModelError(f"{path}: fitted on other features (ngrams {data.get('ngrams')}, half "
                                 f"{data.get('half')}); retrain it: python -m monitor.classify.type_train")
        labels = data.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(t, str) for t in labels):
            raise TypeModelError(f"{path}: labels: not a list of type codes")
        unknown = [t for t in labels if t not in codes]
        if unknown or len(labels) < 2:
            raise TypeModelError(f"{path}: labels: {', '.join(unknown) or 'fewer than two'} "
                                 f"(type codes are {', '.join(codes)})")
        n = len(labels)
        weights, intercepts = data.get("weights", {}), data.get("intercepts", [])
        if not isinstance(weights, dict):
            raise TypeModelError(f"{path}: weights: not a table of n-grams")
        bad = next((g for g, v in weights.items() if not g or not isinstance(v, list) or len(v) != n), None)
        if bad is not None or not isinstance(intercepts, list) or len(intercepts) != n:
            raise TypeModelError(f"{path}: weights: {bad!r} does not have one weight per type")
        try:
            matrix = np.array(list(weights.values()), dtype=np.float64).reshape(len(weights), n)
            bias = np.array(intercepts, dtype=np.float64)
        except (TypeError, ValueError):  # a weight written as text or null
            raise TypeModelError(f"{path}: weights and intercepts must be numbers") from None
        vocab = {g: i for i, g in enumerate(weights)}
        return cls(tuple(labels), bias, vocab, matrix, tuple(data.get("trained_on", ())))

    # ------------------------------------------------------------------ applying

    def _grams(self) -> ahocorasick.Automaton:
        """The n-grams in one automaton; each one's value is its row of :attr:`weights`."""
        if self._automaton is None:
            ac = ahocorasick.Automaton()
            for g, i in self.vocabulary.items():
                ac.add_word(g, i)
            ac.make_automaton()
            self._automaton = ac
        return self._automaton

    def probabilities(self, text: str) -> np.ndarray:
        """Probability per label (in :attr:`labels` order)."""
        return self._probabilities(reach(text))

    def _probabilities(self, cut: str) -> np.ndarray:
        # binary: each n-gram counts once (a model that kept no n-gram has only its intercepts)
        held = {i for _, i in self._grams().iter(cut)} if self.vocabulary else set()
        z = self.intercepts + (self.weights[list(held)].sum(axis=0) / math.sqrt(positions(cut)) if held else 0.0)
        e = np.exp(z - z.max())
        return e / e.sum()

    def predict(self, text: str) -> tuple[str, float]:
        """The likeliest type and its probability margin over the runner-up (how sure the model is)."""
        return self.predict_read(reach(text))

    def predict_read(self, cut: str) -> tuple[str, float]:
        """:meth:`predict` of a text already :func:`reach`-ed: the classifier measures what the model
        reads before asking it, and need not cut the message twice."""
        p = self._probabilities(cut)
        order = np.argsort(-p)
        return self.labels[int(order[0])], float(p[order[0]] - p[order[1]])
