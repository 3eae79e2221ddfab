"""Safe mode (安全模式): the AES envelope the platform wraps every push and passive reply in.

An office that turns on safe mode gets pushes whose body is ``<xml><ToUserName/><Encrypt/></xml>``;
``Encrypt`` is base64 of AES-256-CBC over::

    16 random bytes | message length (4 bytes, big-endian) | the message XML | the AppID

with key ``base64(EncodingAESKey + "=")`` (the 43 characters the office sets become 32 bytes), IV the
key's first 16 bytes, and PKCS#7 padding to **32**-byte blocks (not AES's 16: the platform's own
code pads so). The query then carries ``msg_signature = sha1(sorted(token, timestamp, nonce,
Encrypt))``, and a passive reply must come back in the same envelope.

Why the AppID check matters: it is inside the ciphertext, so a message that decrypts but names
another account was encrypted for someone else (a key shared by mistake) and is refused.
The cipher is the maintained ``cryptography`` package; nothing here implements AES.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from adapters.wechat.protocol import BadMessage

BLOCK_BITS = 32 * 8  # the platform pads to 32-byte blocks
KEY_CHARS = 43


class BadKey(ValueError):
    """The EncodingAESKey is not 43 characters of base64 making 32 bytes."""


def aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key from the 43 characters shown in the account's settings."""
    text = encoding_aes_key.strip()
    if len(text) != KEY_CHARS:
        raise BadKey(f"the EncodingAESKey has {len(text)} characters, the platform's has {KEY_CHARS}")
    try:
        key = base64.b64decode(text + "=", validate=True)
    except binascii.Error:
        raise BadKey("the EncodingAESKey is not base64 (letters, digits, + and / only)") from None
    if len(key) != 32:
        raise BadKey("the EncodingAESKey does not decode to 32 bytes")
    return key


class Envelope:
    """Encrypts and decrypts one account's messages (its key and AppID)."""

    def __init__(self, encoding_aes_key: str, appid: str) -> None:
        self.key = aes_key(encoding_aes_key)
        self.appid = appid

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, xml: str, *, salt: bytes | None = None) -> str:
        """``Encrypt`` for ``xml`` (the mock platform and our passive replies use this)."""
        body = xml.encode("utf-8")
        plain = (salt or os.urandom(16)) + struct.pack(">I", len(body)) + body + self.appid.encode()
        padder = padding.PKCS7(BLOCK_BITS).padder()
        padded = padder.update(plain) + padder.finalize()
        enc = self._cipher().encryptor()
        return base64.b64encode(enc.update(padded) + enc.finalize()).decode("ascii")

    def decrypt(self, encrypt: str) -> bytes:
        """The message XML inside ``encrypt``; :class:`BadMessage` says what is wrong with it."""
        try:
            raw = base64.b64decode(encrypt.strip(), validate=True)
        except binascii.Error:
            raise BadMessage("<Encrypt> is not base64") from None
        if not raw or len(raw) % 16:
            raise BadMessage("<Encrypt> is not whole AES blocks")
        dec = self._cipher().decryptor()
        padded = dec.update(raw) + dec.finalize()
        try:
            unpadder = padding.PKCS7(BLOCK_BITS).unpadder()
            plain = unpadder.update(padded) + unpadder.finalize()
        except ValueError:
            raise BadMessage("<Encrypt> does not decrypt with this account's EncodingAESKey") from None
        if len(plain) < 20:
            raise BadMessage("<Encrypt> is too short to hold a message")
        (size,) = struct.unpack(">I", plain[16:20])
        xml, appid = plain[20:20 + size], plain[20 + size:]
        if len(xml) != size:
            raise BadMessage("<Encrypt> holds a message shorter than its stated length")
        if appid.decode("utf-8", "replace") != self.appid:
            raise BadMessage("<Encrypt> was made for another account (its AppID is not ours)")
        return xml
