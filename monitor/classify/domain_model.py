"""The learned reading of a message's domain in the office's own taxonomy, shipped as data.

Why a model beside the lexicon on a fresh install: rounds of lexicon words written from read
development sets fixed those sets and left the domain of text nobody here had read where it was
(about .78–.83 on the validation sets). As the type model did for the type, a linear model over the
message's character n-grams adds up weak signs no single word holds (what a letter is about, told in
words nobody listed). It answers in the office's domains (``[taxonomy] domains``), because it is
trained only on messages written for this project and labelled in them (:mod:`domain_train`), never
on the shared real data (another vocabulary, and not ours to ship) nor on a set kept for validation.

It reads what the type model reads (:mod:`ngram_model`), so the classifier reads a message once for
both (:class:`~monitor.classify.ngram_model.Reading`). An office's own model (``wenzheng train`` →
``var/model.pkl``), when there is one, decides the domain with the rules instead of this one: it
learnt from the office's data and the seed, which is what this model knows and more.
"""

from __future__ import annotations

from monitor.classify.ngram_model import NgramModel

FORMAT = "wenzheng-domain-ngram-model/1"


class DomainModelError(ValueError):
    """A shipped domain model file that cannot be used; the message names the file and the problem."""


class DomainModel(NgramModel, kind="domain", labels_are="office domains", fmt=FORMAT, error=DomainModelError):
    """The shipped domain model: labels are office domains (``[taxonomy] domains``)."""
