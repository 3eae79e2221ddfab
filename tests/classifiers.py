"""The two classifiers the classification tests read a sentence with, built once per process, and
the shipped router their routing checks use.

``lexicon_alone()`` is the rules without the shipped models, so that a word the models happen to know
does not hide a missing one; ``fresh_install()`` is what an office runs before `wenzheng train`: the
rules with the shipped type and domain models (``[types.model]``, ``[domains.model]``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.classifier import load_domain_model, load_type_model
from monitor.classify.settings import load_classify, load_gazetteer
from monitor.core.config import Matrix, load_model
from monitor.route import Router
from monitor.route.settings import load_routing

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "classify.toml"


@cache
def lexicon_alone() -> Classifier:
    return Classifier(load_classify(CONFIG), load_gazetteer(ROOT / "config" / "regions.toml"))


@cache
def fresh_install() -> Classifier:
    settings = load_classify(CONFIG)
    return Classifier(settings, load_gazetteer(ROOT / "config" / "regions.toml"),
                      type_model=load_type_model(settings, CONFIG), domain_model=load_domain_model(settings, CONFIG))


@pytest.fixture(scope="module")
def cues() -> Classifier:
    """The lexicon alone (a test module imports this fixture by name)."""
    return lexicon_alone()


@pytest.fixture(scope="module")
def fresh() -> Classifier:
    """A fresh install: the lexicon with the shipped type and domain models."""
    return fresh_install()


@pytest.fixture(scope="module")
def router() -> Router:
    """The shipped routing rules over the shipped matrix (a test module imports this fixture by name)."""
    return Router(load_routing(ROOT / "config" / "routing.toml"), load_model(ROOT / "config" / "matrix.toml", Matrix))
