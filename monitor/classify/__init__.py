"""Classification of citizens' messages: type, domain, sub-topic, region, risk and keywords.

``Classifier.from_config(config).classify(text)`` is the whole public surface the pipeline needs;
``LearnedModel`` and :mod:`monitor.classify.training` are for ``wenzheng train``.
"""

from monitor.classify.classifier import Classifier
from monitor.classify.model import LearnedModel
from monitor.classify.result import Classification

__all__ = ["Classification", "Classifier", "LearnedModel"]
