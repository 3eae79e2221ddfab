"""The WeChat Official Account push source: citizens' messages in, acknowledgements and replies out.

What the platform does, and how each part is answered (``docs/adapters/wechat.md``):

* **URL check** (GET with signature, timestamp, nonce, echostr): ``echostr`` back when the
  signature matches the token; 403 otherwise.
* **Messages** (POST, same signature): a bad signature, or a timestamp more than
  :data:`WINDOW` s from our clock, is a 403 and nothing is stored (a forged or replayed push).
* The platform waits **5 s** and then retries, three times in all, with the same ``MsgId``. The
  message is stored first (dedupe on MsgId, so a retry is the same case) and the passive reply
  tells the citizen the case number. If storing has not finished within ``answer_within`` s we
  answer 503 without acknowledging; storing goes on, and the retry then finds the case.
* **Safe mode** (安全模式, ``encrypt_type=aes``): the message comes inside an AES envelope
  (:mod:`.crypto`) signed by ``msg_signature``; with the account's EncodingAESKey configured it is
  checked, opened and answered in the same envelope; without it the push is refused with a 400
  that says which setting is missing. A message opened with a wrong key or made for another
  AppID is a 400 and nothing is stored.
* Events (subscribe, menu clicks…) have no MsgId and are not appeals: a subscribe gets the
  ``welcome`` text, the rest ``success`` (the platform's "no reply").
* **Replies** from a member go through the customer-service message API (:mod:`.client`); one
  official account speaks for every member, so any member account may answer a WeChat case.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections import OrderedDict
from typing import Any, ClassVar

import aiohttp
import structlog
from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, model_validator

from adapters import signing
from adapters.wechat.client import DEFAULT_API, WeChatClient
from adapters.wechat.crypto import BadKey, Envelope, aes_key
from adapters.wechat.protocol import (BadMessage, envelope_xml, parse_envelope, parse_message, signature,
                                      signature_ok, text_reply)
from monitor.core.types import Deliver, HookRefused, Item

log = structlog.get_logger("wenzheng.wechat")

TOKEN_PREFIX = "WENZHENG_WECHAT_TOKEN_"
SECRET_PREFIX = "WENZHENG_WECHAT_SECRET_"
AESKEY_PREFIX = "WENZHENG_WECHAT_AESKEY_"
WINDOW = 300
RECENT = 4096  # committed MsgIds remembered for the platform's retries
MEDIA_TEXT = {"image": "（图片）", "video": "（视频）", "shortvideo": "（小视频）", "voice": "（语音）"}


class Options(BaseModel):
    """``[sources.options]`` of a WeChat Official Account source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    token: SecretStr | None = Field(default=None, description="the Token set in the account's server "
                                    "configuration; WENZHENG_WECHAT_TOKEN_<SOURCE> overrides it")
    appid: str = Field(default="", description="AppID, for replies through the customer-service API")
    app_secret: SecretStr | None = Field(default=None, description="AppSecret; WENZHENG_WECHAT_SECRET_<SOURCE> overrides it")
    encoding_aes_key: SecretStr | None = Field(
        default=None, description="EncodingAESKey (43 characters) for safe mode (安全模式); "
        "WENZHENG_WECHAT_AESKEY_<SOURCE> overrides it")
    api_base: str = Field(default=DEFAULT_API, pattern=r"^https?://")
    account_name: str = Field(default="微信公众号", min_length=1, description="shown as the author of replies")
    ack: str = Field(default="已收到您的诉求，编号 #{case}，我们将尽快处理。", description="passive reply; {case} is the case number")
    welcome: str = Field(default="欢迎关注！直接发送文字即可反映问题，我们会回复办理编号。")
    answer_within: float = Field(default=4.5, gt=0, lt=5, description="seconds before we stop waiting for storage")
    max_body: int = Field(default=64 * 1024, ge=1024, le=1024 * 1024)
    request_timeout: float = Field(default=10.0, gt=0, le=60)

    @model_validator(mode="after")
    def _has_token(self, info: ValidationInfo) -> Options:
        ctx = info.context or {}
        if ctx.get("name") is not None:
            var = signing.env_name(TOKEN_PREFIX, ctx["name"])
            if signing.resolve_secret(self.token.get_secret_value() if self.token else None,
                                      var, ctx.get("env")) is None:
                raise ValueError(f"no token: set the environment variable {var} (or token = \"…\")")
        if "{case}" not in self.ack:
            raise ValueError("ack must contain {case} (the case number the citizen is told)")
        if self.encoding_aes_key is not None:
            try:
                aes_key(self.encoding_aes_key.get_secret_value())
            except BadKey as err:
                raise ValueError(f"encoding_aes_key: {err}") from None
            if not self.appid:
                raise ValueError("encoding_aes_key needs appid: safe-mode messages name the AppID they are for")
        return self


def _text_of(msg: dict[str, str]) -> str:
    kind = msg["MsgType"]
    if kind == "text":
        return msg.get("Content", "")
    if kind == "voice" and msg.get("Recognition"):
        return msg["Recognition"]
    if kind == "link":
        return "\n".join(x for x in (msg.get("Title"), msg.get("Description"), msg.get("Url")) if x)
    if kind == "location":
        return f"（位置）{msg.get('Label') or ''} {msg.get('Location_X', '')},{msg.get('Location_Y', '')}".strip()
    return MEDIA_TEXT.get(kind, f"（{kind}）")


class WeChatSource:
    """One official account: ``/hooks/<name>`` for the platform, customer-service API for replies."""

    platform: ClassVar[str] = "wechat"
    channel: ClassVar[str] = "wechat"
    speaks_for_all: ClassVar[bool] = True  # one official account answers for every member

    def __init__(self, options: Options, *, name: str, http: aiohttp.ClientSession) -> None:
        self.options = options
        self.name = name
        self.max_body = options.max_body
        self.token_env = signing.env_name(TOKEN_PREFIX, name)
        self.secret_env = signing.env_name(SECRET_PREFIX, name)
        self.client = WeChatClient(http, options.api_base, options.appid, self._app_secret,
                                   timeout=options.request_timeout)
        self._pending: dict[str, asyncio.Task[dict[str, int | None]]] = {}
        # MsgId → case of messages already committed: the platform's retries come seconds later
        # and are answered from here at once (bounded; an older retry goes to the database)
        self._recent: OrderedDict[str, int | None] = OrderedDict()

    def _token(self) -> str:
        configured = self.options.token.get_secret_value() if self.options.token else None
        token = signing.resolve_secret(configured, self.token_env)
        if token is None:
            raise HookRefused(403, f"this source has no token ({self.token_env} is unset)")
        return token

    def _envelope(self) -> Envelope:
        """The account's safe-mode envelope, or a 400 saying which setting is missing."""
        configured = (self.options.encoding_aes_key.get_secret_value()
                      if self.options.encoding_aes_key else None)
        key = signing.resolve_secret(configured, signing.env_name(AESKEY_PREFIX, self.name))
        if key is None:
            raise HookRefused(400, "a safe-mode push (encrypt_type=aes) but no EncodingAESKey: set "
                                   f"encoding_aes_key or {signing.env_name(AESKEY_PREFIX, self.name)}, "
                                   "or switch the account to plain mode (明文模式)")
        try:
            return Envelope(key, self.options.appid)
        except BadKey as err:
            raise HookRefused(400, f"the EncodingAESKey is unusable: {err}") from None

    def _app_secret(self) -> str | None:
        configured = self.options.app_secret.get_secret_value() if self.options.app_secret else None
        return signing.resolve_secret(configured, self.secret_env)

    # ------------------------------------------------------------------ receiving

    def _verify(self, request: web.Request) -> None:
        q = request.query
        ts, nonce, sig = q.get("timestamp", ""), q.get("nonce", ""), q.get("signature", "")
        if not (ts and nonce and sig):
            raise HookRefused(403, "signature, timestamp and nonce are required in the query")
        if not signature_ok(self._token(), ts, nonce, sig):
            raise HookRefused(403, "bad signature: expected sha1 of the sorted token, timestamp and nonce")
        if not ts.isdigit() or abs(time.time() - int(ts)) > WINDOW:
            raise HookRefused(403, f"timestamp {ts[:20]!r} is more than {WINDOW} s from our clock: "
                                   "refused as a replay")

    async def receive(self, request: web.Request, body: bytes, deliver: Deliver) -> web.Response:
        self._verify(request)
        if request.method == "GET":
            return web.Response(text=request.query.get("echostr", ""), content_type="text/plain")
        if request.method != "POST":
            raise HookRefused(405, "the platform sends GET (URL check) or POST (messages) only")
        mode = request.query.get("encrypt_type", "raw")
        if mode not in ("raw", "aes"):
            raise HookRefused(400, f"unknown encrypt_type {mode[:20]!r}: the platform sends raw or aes")
        envelope = self._envelope() if mode == "aes" else None
        try:
            msg = parse_message(body if envelope is None else self._open(request, body, envelope))
        except BadMessage as err:
            raise HookRefused(400, str(err)) from None
        answer = await self._respond(msg, deliver)
        if isinstance(answer, web.Response):  # "success", or 503 while storing: never sealed
            return answer
        return self._xml(answer if envelope is None else self._seal(answer, envelope))

    def _open(self, request: web.Request, body: bytes, envelope: Envelope) -> bytes:
        """The message inside a safe-mode push, once its ``msg_signature`` is checked."""
        encrypt = parse_envelope(body)
        q = request.query
        if not signature_ok(self._token(), q.get("timestamp", ""), q.get("nonce", ""),
                            q.get("msg_signature", ""), encrypt):
            raise HookRefused(403, "bad msg_signature: expected sha1 of the sorted token, timestamp, "
                                   "nonce and Encrypt")
        return envelope.decrypt(encrypt)

    def _seal(self, reply: str, envelope: Envelope) -> str:
        """A passive reply in the safe-mode envelope the platform expects back."""
        ts, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        encrypt = envelope.encrypt(reply)
        return envelope_xml(encrypt, signature(self._token(), ts, nonce, encrypt), ts, nonce)

    async def _respond(self, msg: dict[str, str], deliver: Deliver) -> str | web.Response:
        """The passive reply's XML, or a response that is no reply ("success", 503)."""
        if msg["MsgType"] == "event":
            event = msg.get("Event", "").lower()
            log.info("wechat.event", source=self.name, kind=event)
            if event == "subscribe" and self.options.welcome:
                return text_reply(msg, self.options.welcome)
            return web.Response(text="success", content_type="text/plain")
        msg_id = msg.get("MsgId", "")
        if not msg_id or len(msg_id) > 64:
            raise HookRefused(400, "<MsgId> is missing or too long")
        item = self.item(msg)
        case = await self._store(item, deliver)
        if case is None:
            return web.Response(status=503, text="still storing, please retry\n", content_type="text/plain")
        return text_reply(msg, self.options.ack.format(case=case))

    async def _store(self, item: Item, deliver: Deliver) -> int | None:
        """Store ``item`` and return its case number, or None if that takes longer than we may wait.

        The storing task is shared by the platform's retries of the same MsgId and is never
        cancelled by our answer: what we stop waiting for still gets stored, and a retry after
        that is answered from memory.
        """
        key = item.external_id
        if key in self._recent:
            return self._recent[key]
        task = self._pending.get(key)
        if task is None:
            task = asyncio.ensure_future(deliver([item]))
            self._pending[key] = task
            task.add_done_callback(lambda t: self._stored(key, t))
        try:
            cases = await asyncio.wait_for(asyncio.shield(task), self.options.answer_within)
        except TimeoutError:
            log.warning("wechat.slow_store", source=self.name, msg_id=item.external_id,
                        waited=self.options.answer_within)
            return None
        case = cases.get(item.external_id)
        log.info("wechat.stored", source=self.name, msg_id=item.external_id, case=case)
        return case

    def _stored(self, key: str, task: asyncio.Task[dict[str, int | None]]) -> None:
        self._pending.pop(key, None)
        if task.cancelled() or task.exception() is not None:
            return  # not stored: the retry tries again
        self._recent[key] = task.result().get(key)
        while len(self._recent) > RECENT:
            self._recent.popitem(last=False)

    def item(self, msg: dict[str, str]) -> Item:
        openid = msg["FromUserName"]
        created = dt.datetime.fromtimestamp(int(msg["CreateTime"]), dt.UTC)
        text = _text_of(msg).strip() or "（空消息）"
        url = msg.get("PicUrl") or msg.get("Url") or None
        return Item(platform=self.platform, external_id=msg["MsgId"], kind=msg["MsgType"],
                    author_id=openid[:64], author_name=f"微信用户{openid[-4:]}", text=text,
                    created_at=created, url=url, appeal=True, raw=dict(msg))

    @staticmethod
    def _xml(text: str) -> web.Response:
        return web.Response(text=text, content_type="application/xml", charset="utf-8")

    # ------------------------------------------------------------------ replying

    async def post_reply(self, *, account_external_id: str, item: Item, text: str) -> Item:
        """Send ``text`` to the citizen who wrote ``item`` (customer-service message API)."""
        await self.client.send_text(item.author_id, text.strip())
        log.info("wechat.reply_sent", source=self.name, answered=item.external_id)
        return Item(platform=self.platform, external_id=f"kf-{uuid.uuid4().hex}", kind="reply",
                    author_id=str(item.raw.get("ToUserName") or self.options.appid or self.name),
                    author_name=self.options.account_name, text=text.strip(),
                    created_at=dt.datetime.now(dt.UTC), thread_root_id=item.external_id,
                    reply_to_id=item.external_id, raw={"touser": item.author_id, "sent_by": account_external_id})

    def health(self) -> dict[str, Any]:
        return {"platform": self.platform, "replies": bool(self.options.appid and self._app_secret())}

    async def close(self) -> None:
        """The HTTP session belongs to the daemon; nothing of ours to release."""
