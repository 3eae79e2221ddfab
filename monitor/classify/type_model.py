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
real data (whose labels are domains only) nor on a set kept for validation. What it reads and how it
scores: :mod:`ngram_model` (character 1–3-grams of a message's opening and closing 100 characters;
a letter says what it is in its subject and its closing demand).
"""

from __future__ import annotations

from monitor.classify.ngram_model import HALF, NGRAMS, NgramModel, grams, positions, reach

__all__ = ["FORMAT", "HALF", "NGRAMS", "TypeModel", "TypeModelError", "grams", "positions", "reach"]

FORMAT = "wenzheng-type-model/1"


class TypeModelError(ValueError):
    """A type model file that cannot be used; the message names the file and the problem."""


class TypeModel(NgramModel, kind="type", labels_are="type codes", fmt=FORMAT, error=TypeModelError):
    """The type model: labels are type codes (consult, complaint…)."""
