"""Configuration: TOML files under ``config/``, validated with pydantic at start-up.

Why pydantic and one model per file: an office edits these files by hand, so a mistake must be
reported as *which file, which key, what is wrong* (``config/matrix.toml: accounts[12].kind: …``)
before the daemon starts, never as a stack trace in the middle of the night.

``wenzheng.toml`` is the entry point; it names the other files (matrix, routing, SLA, calendar,
classification), each resolved relative to it. Stages load their own file through
:func:`load_model`, so each keeps its schema next to its code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
import tomllib
from collections import OrderedDict
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.core.limits import Limits

DEFAULT_CONFIG = Path("config/wenzheng.toml")
DATABASE_ENV = "WENZHENG_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///var/wenzheng.db"

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """A configuration file is missing, unreadable or invalid. The message names file and key."""


class Strict(BaseModel):
    """Base for config models: unknown keys are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def format_validation_error(path: Path, err: ValidationError) -> str:
    """``file: key: problem`` lines, one per problem, for humans."""
    lines = []
    for e in err.errors():
        value = ""
        if e.get("input") is not None and e["type"] not in ("missing",) and not isinstance(
            e.get("input"), (dict, list)
        ):
            value = f" (got {e['input']!r})"
        lines.append(f"{path}: {_loc(e['loc'])}: {e['msg']}{value}")
    return "\n".join(lines)


# a file's contents (their digest) → its table, pickled; see read_toml
_PARSED: OrderedDict[bytes, bytes] = OrderedDict()
_PARSED_LOCK = threading.Lock()
_PARSED_MAX = 64


def read_toml(path: Path, error: type[Exception] = ConfigError) -> dict[str, Any]:
    """Read a TOML file, turning I/O, encoding and syntax errors into ``error`` naming the file
    (:class:`ConfigError`; the cluster tables, loaded outside the config, raise ``ValueError``).

    Contents parsed once are remembered by their digest, not by path or time, so a changed file is
    always parsed again: ``tomllib`` is pure Python and ``risk.toml`` alone takes 0.08 s, paid by
    every pipeline a process builds (a CLI command beside the daemon, the daemon's config re-reads,
    each test's daemon on its own copy of ``config/``). Each caller gets a table of its own
    (unpickled, ten times quicker than parsing), never one another caller could have changed."""
    try:
        raw = path.read_bytes()
        key = hashlib.blake2b(raw, digest_size=20).digest()
        with _PARSED_LOCK:
            pickled = _PARSED.get(key)
            if pickled is not None:
                _PARSED.move_to_end(key)
        if pickled is not None:
            return pickle.loads(pickled)  # type: ignore[no-any-return]
        data = tomllib.loads(raw.decode("utf-8"))
        with _PARSED_LOCK:
            _PARSED[key] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            while len(_PARSED) > _PARSED_MAX:
                _PARSED.popitem(last=False)
        return data
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as err:
        raise error(f"{path}: not valid TOML: {err}") from None
    except UnicodeDecodeError as err:  # TOML is UTF-8: a file saved in GBK fails here, not as TOML
        raise error(f"{path}: not UTF-8 text (byte {err.start}: {err.reason}); save it as UTF-8") from None
    except OSError as err:
        raise error(f"{path}: cannot read: {err.strerror}") from None


def load_model(path: Path, model: type[M], data: dict[str, Any] | None = None) -> M:
    """Validate ``path`` (or already-read ``data`` from it) against ``model``."""
    if data is None:
        data = read_toml(path)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ConfigError(format_validation_error(path, err)) from None


# --------------------------------------------------------------------------- the matrix

AccountKind = Literal["hub", "department", "district", "street"]


class Account(Strict):
    """One member account of the matrix.

    ``region`` is the place it answers for (a district's or street's own name; ``银川市`` for city
    departments); ``domains`` the matters it owns (routing matches them against the classified
    domain); ``platform_ids`` its user id on each platform (``weibo = "1234567890"``), which is how
    a reply on the platform is recognised as the account's; ``supervisors`` the accounts told when
    it misses a deadline (by default its parent).
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=64)
    name: str = Field(min_length=1)
    kind: AccountKind
    parent: str | None = None
    region: str = ""
    domains: tuple[str, ...] = ()
    platform_ids: dict[str, str] = Field(default_factory=dict)
    supervisors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


class Matrix(Strict):
    """The whole matrix: accounts in a hierarchy with exactly one hub at the top."""

    accounts: tuple[Account, ...]

    @model_validator(mode="after")
    def _check_tree(self) -> Matrix:
        ids: dict[str, Account] = {}
        for i, acc in enumerate(self.accounts):
            if acc.id in ids:
                raise ValueError(f"accounts[{i}].id: duplicate account id {acc.id!r}")
            ids[acc.id] = acc
        hubs = [a.id for a in self.accounts if a.kind == "hub"]
        if len(hubs) != 1:
            raise ValueError(f"exactly one account must have kind = \"hub\" (found {len(hubs)})")
        seen_pids: dict[tuple[str, str], str] = {}
        for i, acc in enumerate(self.accounts):
            if acc.parent is not None and acc.parent not in ids:
                raise ValueError(f"accounts[{i}].parent: unknown account {acc.parent!r}")
            if acc.kind != "hub" and acc.parent is None:
                raise ValueError(f"accounts[{i}].parent: only the hub may have no parent")
            for sup in acc.supervisors:
                if sup not in ids:
                    raise ValueError(f"accounts[{i}].supervisors: unknown account {sup!r}")
            for platform, pid in acc.platform_ids.items():
                other = seen_pids.setdefault((platform, pid), acc.id)
                if other != acc.id:
                    raise ValueError(
                        f"accounts[{i}].platform_ids.{platform}: {pid!r} already belongs to {other!r}"
                    )
        for acc in self.accounts:  # a cycle would make "the subtree of X" infinite
            seen, cur = {acc.id}, acc.parent
            while cur is not None:
                if cur in seen:
                    raise ValueError(f"account {acc.id!r}: parent chain loops through {cur!r}")
                seen.add(cur)
                cur = ids[cur].parent
        return self

    @cached_property
    def by_id(self) -> dict[str, Account]:
        return {a.id: a for a in self.accounts}

    @cached_property
    def hub(self) -> Account:
        return next(a for a in self.accounts if a.kind == "hub")

    def by_platform_id(self, platform: str) -> dict[str, Account]:
        return {a.platform_ids[platform]: a for a in self.accounts if platform in a.platform_ids}

    def by_name(self) -> dict[str, Account]:
        """Screen names and aliases → account (how @-mentions in Weibo text are resolved)."""
        out: dict[str, Account] = {}
        for a in self.accounts:
            out[a.name] = a
            for alias in a.aliases:
                out[alias] = a
        return out

    def supervisors_of(self, account_id: str) -> tuple[str, ...]:
        acc = self.by_id[account_id]
        if acc.supervisors:
            return acc.supervisors
        return (acc.parent,) if acc.parent else ()

    def ancestors(self, account_id: str) -> list[str]:
        out, cur = [], self.by_id[account_id].parent
        while cur is not None:
            out.append(cur)
            cur = self.by_id[cur].parent
        return out

    def subtree(self, account_id: str) -> set[str]:
        children: dict[str, list[str]] = {}
        for a in self.accounts:
            if a.parent:
                children.setdefault(a.parent, []).append(a.id)
        out, stack = set(), [account_id]
        while stack:
            cur = stack.pop()
            out.add(cur)
            stack.extend(children.get(cur, ()))
        return out


# --------------------------------------------------------------------------- main file


class SourceConfig(Strict):
    """One configured adapter instance: ``[[sources]]`` in wenzheng.toml."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    adapter: str
    enabled: bool = True
    interval: float = Field(default=60.0, gt=0, description="seconds between polls")
    timeout: float = Field(default=30.0, gt=0, description="seconds one poll may take")
    options: dict[str, Any] = Field(default_factory=dict)


class DatabaseConfig(Strict):
    url: str = DEFAULT_DATABASE_URL
    # items a transaction stores. A batch's working set (its items, cases, join candidates, about
    # 45 KB an item) is what the daemon's memory peaks at, and Python's arenas keep that peak:
    # 250, not 500, so a catch-up's full batches are not twice a steady poll's (issue 19,
    # docs/deploy.md "Memory over time"); the CPU a mention costs was the same in the ingest bench
    batch_size: int = Field(default=250, ge=1, le=10_000)


class DaemonConfig(Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    sweep_interval: float = Field(default=60.0, gt=0)
    drain_timeout: float = Field(default=20.0, gt=0)
    heartbeat: float = Field(default=5.0, gt=0, le=300,
                             description="seconds between a daemon's lease renewals (at most)")
    lease_seconds: float = Field(default=15.0, ge=1, le=3600,
                                 description="how long a dead daemon's lease outlives it (at most)")


class BulletinConfig(Strict):
    """The monthly bulletin the daemon writes and announces (offices publish one every month)."""

    enabled: bool = False
    day: int = Field(default=1, ge=1, le=28, description="day of the month, Asia/Shanghai")
    time: str = Field(default="09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    recipients: tuple[str, ...] = ()
    out_dir: str = "var/bulletins"
    min_cases: int = Field(default=5, ge=1, description="cases an account needs to appear in the "
                           "department tables (the seeds: 本月问政数量5件以上)")


class ClusterConfig(Strict):
    """``[cluster]``: mass appeals, chasers and 突发聚集 (see ``docs/clusters.md``)."""

    window_days: float = Field(default=7, gt=0, description="a new case joins cases at most this old")
    threshold: float = Field(default=0.6, gt=0, le=1, description="score a join needs")
    chaser_window_days: float = Field(default=30, gt=0,
                                      description="a citizen's own open case this old still takes chasers")
    burst_size: int = Field(default=5, ge=2, description="members that make a 突发聚集")
    burst_hours: float = Field(default=24, gt=0, description="…arriving within this many hours")


class ActivityConfig(Strict):
    """``[activity]``: reading the matrix's own Weibo activity (audience, posts, engagement).

    Slow on purpose: the figures are monthly, and each reading costs an account two or more
    requests against its own rate limit, which replies need more.
    """

    enabled: bool = True
    interval_hours: float = Field(default=24, gt=0, le=24 * 31,
                                  description="hours between two readings of one account")
    check_minutes: float = Field(default=15, gt=0, le=24 * 60,
                                 description="how often the daemon looks for accounts due a reading")
    retry_minutes: float = Field(default=60, gt=0, description="after a failed reading, the wait before "
                                 "that account is tried again (a longer Retry-After wins)")
    lookback_days: int = Field(default=40, ge=1, le=400, description="posts this young are re-read "
                               "for their reposts, comments and likes")
    max_pages: int = Field(default=10, ge=1, le=100,
                           description="own-timeline pages (100 posts each) per account and reading")
    silent_days: int = Field(default=7, ge=1, description="an account with no post for this many days "
                             "is listed as silent")


class Files(Strict):
    """The other configuration files, relative to wenzheng.toml."""

    matrix: str = "matrix.toml"
    routing: str = "routing.toml"
    sla: str = "sla.toml"
    calendar: str = "calendar.toml"
    classify: str = "classify.toml"
    risk: str = "risk.toml"
    regions: str = "regions.toml"
    notify: str = "notify.toml"
    lint: str = "lint.toml"
    cluster_terms: str = "cluster_terms.toml"  # words citizens use for one thing (clusters)


class Settings(Strict):
    database: DatabaseConfig = DatabaseConfig()
    daemon: DaemonConfig = DaemonConfig()
    bulletin: BulletinConfig = BulletinConfig()
    intake: Limits = Limits()
    cluster: ClusterConfig = ClusterConfig()
    activity: ActivityConfig = ActivityConfig()
    files: Files = Files()
    sources: tuple[SourceConfig, ...] = ()

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, v: tuple[SourceConfig, ...]) -> tuple[SourceConfig, ...]:
        seen: set[str] = set()
        for i, s in enumerate(v):
            if s.name in seen:
                raise ValueError(f"[{i}].name: duplicate source name {s.name!r}")
            seen.add(s.name)
        return v


class Config:
    """The loaded configuration: settings plus lazily loaded companion files.

    The database URL comes from ``WENZHENG_DATABASE_URL`` when set, so the same config runs the
    embedded SQLite demo and a PostgreSQL deployment.
    """

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings

    @classmethod
    def load(cls, path: Path | str | None = None) -> Config:
        p = Path(path) if path is not None else DEFAULT_CONFIG
        cfg = cls(p, load_model(p, Settings))
        cfg.matrix  # noqa: B018 - validate the matrix up front: everything depends on it
        return cfg

    def file(self, name: str) -> Path:
        """Path of companion file ``name`` (a key of ``[files]``)."""
        return self.path.parent / getattr(self.settings.files, name)

    @property
    def database_url(self) -> str:
        return os.environ.get(DATABASE_ENV) or self.settings.database.url

    @cached_property
    def matrix(self) -> Matrix:
        matrix = load_model(self.file("matrix"), Matrix)
        for i, rid in enumerate(self.settings.bulletin.recipients):
            if rid not in matrix.by_id:
                raise ConfigError(f"{self.path}: bulletin.recipients[{i}]: unknown account {rid!r}")
        return matrix

    def source(self, name: str) -> SourceConfig:
        for s in self.settings.sources:
            if s.name == name:
                return s
        raise ConfigError(f"{self.path}: sources: no source named {name!r}")
