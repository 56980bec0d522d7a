"""Explanations sealed with their answer, so the student site can carry them without publishing them.

The explanation (HTML) is encrypted with AES-256-GCM under a content key derived from the key's own answer;
that content key is wrapped once under a key derived from each accepted answer (one for most exercises, one per
value within a numeric tolerance). Keys and nonces come from HKDF-SHA256 over the canonical answer, salted with
the bank's salt and the exercise id, so a right answer opens the explanation in the browser (WebCrypto,
static/workbook.js) or in Jupyter, a wrong one opens nothing, and the output is the same on every build. Each
derived key encrypts exactly one message, so the deterministic nonces are never reused.

The seal keeps explanations out of the page's text and source; it is no stronger than the answer hashes next
to it, which a determined reader can already attack by trying every answer.
"""

from __future__ import annotations

import base64
from typing import Any

INFO = "workbook-explanation-v1"


def _derive(secret: str, salt: str, exercise_id: str, purpose: str) -> tuple[bytes, bytes]:
    """(a 256-bit key, a 96-bit nonce) for one purpose: 'wrap' (an accepted answer) or 'body' (the key's own)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    okm = HKDF(algorithm=hashes.SHA256(), length=44, salt=salt.encode("utf-8"),
               info=f"{INFO}|{purpose}|{exercise_id}".encode()).derive(secret.encode("utf-8"))
    return okm[:32], okm[32:]


def _gcm(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def seal(html: str, answer: str, accepted: list[str], salt: str, exercise_id: str) -> dict[str, Any]:
    """{"iv", "body": the sealed HTML; "keys": its content key wrapped under each accepted canonical answer}."""
    content, body_nonce = _derive(answer, salt, exercise_id, "body")
    body = _gcm(content).encrypt(body_nonce, html.encode("utf-8"), None)
    keys = []
    for value in accepted:
        wrap, nonce = _derive(value, salt, exercise_id, "wrap")
        keys.append(_b64(_gcm(wrap).encrypt(nonce, content, None)))
    return {"iv": _b64(body_nonce), "body": _b64(body), "keys": keys}


def unseal(sealed: object, response: str, salt: str, exercise_id: str) -> str | None:
    """The explanation HTML when `response` (canonical) is an accepted answer, else None."""
    from cryptography.exceptions import InvalidTag

    if not isinstance(sealed, dict) or not isinstance(sealed.get("keys"), list):
        return None
    wrap, nonce = _derive(response, salt, exercise_id, "wrap")
    for wrapped in sealed["keys"]:
        try:
            content = _gcm(wrap).decrypt(nonce, base64.b64decode(wrapped), None)
            body = _gcm(content).decrypt(base64.b64decode(sealed["iv"]), base64.b64decode(sealed["body"]), None)
            return body.decode("utf-8")
        except (InvalidTag, ValueError, TypeError, KeyError):
            continue
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
