"""The WeChat Official Account message protocol: signatures and XML (safe mode's AES: :mod:`.crypto`).

* ``signature = sha1("".join(sorted([token, timestamp, nonce])))``, hex, lower case, on the URL
  check (GET, answered with ``echostr``) and on every pushed message (POST).
* A message is a flat ``<xml>`` of text elements (ToUserName, FromUserName, CreateTime, MsgType,
  Content, MsgId…). It is parsed with defusedxml: the body comes from the internet, and a DTD or
  an entity in it is refused rather than expanded.
* The passive reply swaps To/From and is itself such an ``<xml>``; its text goes in CDATA, with a
  literal ``]]>`` split so it cannot close the section early.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException


def signature(token: str, timestamp: str, nonce: str, *extra: str) -> str:
    """The platform's SHA1 over the sorted parts (``extra``: the Encrypt text in safe mode)."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, *extra])).encode("utf-8")).hexdigest()


def signature_ok(token: str, timestamp: str, nonce: str, given: str, *extra: str) -> bool:
    """Constant-time comparison of the expected and the given signature."""
    return hmac.compare_digest(signature(token, timestamp, nonce, *extra).encode(),
                               given.strip().lower().encode())


class BadMessage(ValueError):
    """The body is not a message the platform would send (the reason says why)."""


def parse_xml(body: bytes) -> dict[str, str]:
    """The ``<xml>`` children as a dict of their text (empty elements as "")."""
    if not body.strip():
        raise BadMessage("the body is empty")
    try:
        root = ElementTree.fromstring(body)
    except DefusedXmlException as err:
        raise BadMessage(f"the XML declares entities or a DTD, which messages never do ({type(err).__name__})") from None
    except ElementTree.ParseError as err:
        raise BadMessage(f"the body is not XML: {err}") from None
    if root.tag != "xml":
        raise BadMessage(f"the root element is <{root.tag}>, not <xml>")
    return {child.tag: (child.text or "").strip() for child in root}


def parse_envelope(body: bytes) -> str:
    """The ``<Encrypt>`` text of a safe-mode push."""
    encrypt = parse_xml(body).get("Encrypt", "")
    if not encrypt:
        raise BadMessage("<Encrypt> is missing: a safe-mode push (encrypt_type=aes) carries it")
    return encrypt


def parse_message(body: bytes) -> dict[str, str]:
    """A message's fields, checked for what every message has."""
    msg = parse_xml(body)
    for need in ("ToUserName", "FromUserName", "CreateTime", "MsgType"):
        if not msg.get(need):
            raise BadMessage(f"<{need}> is missing")
    if not msg["CreateTime"].isdigit():
        raise BadMessage(f"<CreateTime> must be unix seconds, got {msg['CreateTime'][:20]!r}")
    return msg


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(msg: dict[str, Any], content: str, now: float | None = None) -> str:
    """The passive reply to ``msg``: From and To swapped, a text ``content``."""
    ts = int(time.time() if now is None else now)
    return (f"<xml><ToUserName>{_cdata(msg['FromUserName'])}</ToUserName>"
            f"<FromUserName>{_cdata(msg['ToUserName'])}</FromUserName>"
            f"<CreateTime>{ts}</CreateTime><MsgType>{_cdata('text')}</MsgType>"
            f"<Content>{_cdata(content)}</Content></xml>")


def envelope_xml(encrypt: str, msg_signature: str, timestamp: str, nonce: str) -> str:
    """The safe-mode wrapper of a passive reply."""
    return (f"<xml><Encrypt>{_cdata(encrypt)}</Encrypt><MsgSignature>{_cdata(msg_signature)}</MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp><Nonce>{_cdata(nonce)}</Nonce></xml>")


def text_message(*, to: str, sender: str, content: str, msg_id: str, create_time: int) -> bytes:
    """A citizen's text message as the platform pushes it (mocks and tests send these)."""
    return (f"<xml><ToUserName>{_cdata(to)}</ToUserName><FromUserName>{_cdata(sender)}</FromUserName>"
            f"<CreateTime>{create_time}</CreateTime><MsgType>{_cdata('text')}</MsgType>"
            f"<Content>{_cdata(content)}</Content><MsgId>{msg_id}</MsgId></xml>").encode("utf-8")
