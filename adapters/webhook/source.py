"""The signed webhook: any other system (a message board, a mini program) pushes JSON items.

Body: ``{"items": [{"id", "text", "created_at", "author": {"id", "name"}, "url"?, "account"?}]}``;
headers ``X-Wenzheng-Timestamp`` and ``X-Wenzheng-Signature`` (:mod:`adapters.signing`).

* Every item is an appeal (it opens a case); ``account``, a member account id (or its name),
  routes it to that account as an explicit @ would; without it routing follows region and domain.
* Items dedupe on (source, id): the external id is ``<source>:<id>``, so two systems may both
  number from 1, and a retried delivery is the same case.
* The body is validated whole before anything is stored: one bad item is a 400 naming it
  (``items[3].created_at: …``), and the sender fixes and re-sends; nothing half-stored.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, ClassVar

import structlog
from aiohttp import web
from pydantic import (AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, SecretStr,
                      ValidationError, ValidationInfo, model_validator)

from adapters import signing
from monitor.core.config import Matrix
from monitor.core.types import Deliver, HookRefused, Item

log = structlog.get_logger("wenzheng.webhook")

SECRET_PREFIX = "WENZHENG_HOOK_SECRET_"
IdStr = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
                  Field(min_length=1, max_length=64)]


class Options(BaseModel):
    """``[sources.options]`` of a webhook source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    secret: SecretStr | None = Field(default=None, description="shared secret; the environment's "
                                     "WENZHENG_HOOK_SECRET_<SOURCE> overrides it")
    channel: str = Field(default="webhook", pattern=r"^[a-z][a-z0-9_-]*$", max_length=32,
                         description="channel recorded on its cases (statistics group by it)")
    max_body: int = Field(default=1024 * 1024, ge=1024, le=4 * 1024 * 1024)
    max_items: int = Field(default=500, ge=1, le=10_000)

    @model_validator(mode="after")
    def _has_secret(self, info: ValidationInfo) -> Options:
        ctx = info.context or {}
        name = ctx.get("name")
        if name is not None:
            var = signing.env_name(SECRET_PREFIX, name)
            if signing.resolve_secret(self.secret.get_secret_value() if self.secret else None,
                                      var, ctx.get("env")) is None:
                raise ValueError(f"no secret: set the environment variable {var} (or secret = \"…\")")
        return self


class Author(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: IdStr
    name: str = Field(default="", max_length=200)


class Pushed(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: IdStr
    text: str = Field(min_length=1, max_length=20_000)
    created_at: AwareDatetime
    author: Author
    url: str | None = Field(default=None, max_length=2000)
    account: str | None = None


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[Pushed] = Field(min_length=1)


def validation_message(err: ValidationError) -> str:
    """``items[0].created_at: Input should have timezone info`` lines, at most five."""
    lines = []
    for e in err.errors()[:5]:
        loc = ""
        for part in e["loc"]:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        lines.append(f"{loc or 'body'}: {e['msg']}")
    more = len(err.errors()) - 5
    return "; ".join(lines) + (f"; and {more} more" if more > 0 else "")


def parse_json(body: bytes) -> Any:
    """The body as JSON, or 400 saying why not."""
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise HookRefused(400, "the body is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise HookRefused(400, f"the body is not valid JSON: {err.msg} (line {err.lineno}, "
                               f"column {err.colno})") from None


class WebhookSource:
    """Takes signed JSON items at ``/hooks/<name>``; answers the case number of each."""

    platform: ClassVar[str] = "webhook"

    def __init__(self, options: Options, *, name: str, matrix: Matrix) -> None:
        self.options = options
        self.name = name
        self.channel = options.channel
        self.max_body = options.max_body
        self.secret_env = signing.env_name(SECRET_PREFIX, name)
        self._configured = options.secret.get_secret_value() if options.secret else None
        self._names = {a.id: a.name for a in matrix.accounts} | {n: a.name for n, a in matrix.by_name().items()}

    def secret(self) -> str:
        found = signing.resolve_secret(self._configured, self.secret_env)
        if found is None:  # the variable was unset after start-up
            raise HookRefused(403, f"this source has no secret ({self.secret_env} is unset)")
        return found

    def items(self, payload: Payload) -> list[Item]:
        out: list[Item] = []
        for i, p in enumerate(payload.items):
            ext = f"{self.name}:{p.id}"
            if len(ext) > 64:
                raise HookRefused(400, f"items[{i}].id: too long ({len(p.id)} characters; at most "
                                       f"{63 - len(self.name)} for source {self.name!r})")
            named: tuple[str, ...] = ()
            if p.account:
                name = self._names.get(p.account.strip())
                if name is None:
                    raise HookRefused(400, f"items[{i}].account: {p.account!r} is not a member account "
                                           "(give its id or name as in the matrix)")
                named = (name,)
            out.append(Item(platform=self.platform, external_id=ext, kind="message",
                            author_id=p.author.id, author_name=p.author.name, text=p.text.strip(),
                            created_at=p.created_at, url=p.url, mentioned_names=named, appeal=True,
                            raw=p.model_dump(mode="json")))
        return out

    async def receive(self, request: web.Request, body: bytes, deliver: Deliver) -> web.Response:
        if request.method != "POST":
            raise HookRefused(405, "POST the signed JSON body here")
        signing.verify(self.secret(), request.headers, body)
        data = parse_json(body)
        try:
            payload = Payload.model_validate(data)
        except ValidationError as err:
            raise HookRefused(400, validation_message(err)) from None
        if len(payload.items) > self.options.max_items:
            raise HookRefused(413, f"{len(payload.items)} items in one request; at most {self.options.max_items}")
        items = self.items(payload)
        cases = await deliver(items)
        log.info("webhook.stored", source=self.name, items=len(items))
        answer = {"stored": len(items),
                  "cases": {ext.split(":", 1)[1]: case for ext, case in cases.items()}}
        return web.json_response(answer, dumps=lambda d: json.dumps(d, ensure_ascii=False))

    async def close(self) -> None:
        """Nothing to release: the source holds no connections."""
