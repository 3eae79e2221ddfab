"""Schema of ``config/routing.toml`` (see the comments in that file for the target syntax)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from monitor.core.config import Strict, load_model

_TARGET = re.compile(r"^(street|district|district:[a-z0-9_.-]+|[a-z0-9][a-z0-9_.-]*)$")


def _check_targets(values: tuple[str, ...], *, alternatives: bool) -> tuple[str, ...]:
    for v in values:
        for part in (v.split("|") if alternatives else [v]):
            if not _TARGET.match(part.strip()):
                raise ValueError(f"{part!r} is not a target (street, district, district:<suffix> or an account id)")
    return values


class Rule(Strict):
    name: str = Field(min_length=1)
    domains: tuple[str, ...] = Field(min_length=1)
    subtopics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    lead: tuple[str, ...] = Field(min_length=1)
    co: tuple[str, ...] = ()

    @field_validator("lead")
    @classmethod
    def _lead(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_targets(v, alternatives=False)

    @field_validator("co")
    @classmethod
    def _co(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_targets(v, alternatives=True)


class RoutingSettingsBlock(Strict):
    joint: bool = True


class RoutingSettings(Strict):
    settings: RoutingSettingsBlock = RoutingSettingsBlock()
    rules: tuple[Rule, ...]

    @model_validator(mode="before")
    @classmethod
    def _moved(cls, data: object) -> object:
        if isinstance(data, dict) and "domain_aliases" in data:
            raise ValueError("domain_aliases: removed; map training labels in classify.toml "
                             "[taxonomy.label_map] (a model then answers in the office's own domains)")
        return data


def load_routing(path: Path) -> RoutingSettings:
    return load_model(path, RoutingSettings)
