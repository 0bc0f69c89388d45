"""Client-side secret redaction, the same key-name and value-shape rules as the server.

A mirror of ``lambdas/core/redaction.ts``: the shared vectors in
``test/fixtures/redaction-vectors.json`` are checked against both, so the two cannot drift.
The server redacts again; this keeps secrets off the wire and out of the outbox spool.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "[REDACTED]"

_SECRET_KEY_PARTS = (
    "password", "passwd", "passphrase", "secret", "token", "apikey", "authorization",
    "cookie", "privatekey", "credential", "cardnumber", "cardno", "cardnum", "creditcard",
    "cvv", "cvc", "pincode", "accesskey", "sessionkey", "signingkey", "mfacode", "otpcode",
    "passcode", "sessionid", "bearer",
)
# Too short to match inside other words, so they count as the whole key or its last word.
_SECRET_KEYS_EXACT = frozenset({"pin", "pan", "otp", "pwd", "ssn", "auth", "pass", "pw", "jwt", "session"})

# JavaScript's \b and \d are ASCII, Python's Unicode: the word boundary is spelled out and
# \d patterns use re.ASCII.
# \Z: JavaScript's `$` without the m flag matches only at the very end; Python's `$` also
# before a final newline.
_SECRET_SHAPES = (
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|\Z)"),
    re.compile(r"(?<![A-Za-z0-9_])(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE),
    re.compile(r"(?<![A-Z0-9])(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"),
)
_DOTTED_RUN = re.compile(r"(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,}")
_JWT_START = "eyJ"
_CARD_CANDIDATE = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)", re.ASCII)
_MIN_SECRET_LENGTH = 13
_MAX_SAFE_INTEGER = 2**53 - 1


def _last_word(key: str) -> str:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", key).lower()
    words = [w for w in re.split(r"[^a-z0-9]+", spaced) if w]
    return words[-1] if words else ""


def is_secret_key(key: str) -> bool:
    """True when a key or field name says its value is a secret."""
    k = re.sub(r"[^a-z0-9]", "", key.lower())
    return k in _SECRET_KEYS_EXACT or _last_word(key) in _SECRET_KEYS_EXACT or any(p in k for p in _SECRET_KEY_PARTS)


def passes_luhn(digits: str) -> bool:
    """Luhn checksum over a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def _redact_jwts(match: re.Match[str]) -> str:
    parts = match.group(0).split(".")
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        at = part.find(_JWT_START)
        if at >= 0 and len(part) - at >= 7 and i + 2 < len(parts) and len(parts[i + 1]) >= 4:
            out.append(part[:at] + REDACTED)
            i += 3  # the payload and signature went with it
        else:
            out.append(part)
            i += 1
    return ".".join(out)


def _redact_card(match: re.Match[str]) -> str:
    m = match.group(0)
    return REDACTED if passes_luhn(m.replace(" ", "").replace("-", "")) else m


def redact_string(value: str) -> str:
    """The string with every secret-shaped part replaced, or the same string when none."""
    if len(value) < _MIN_SECRET_LENGTH:
        return value
    out = value
    for shape in _SECRET_SHAPES:
        out = shape.sub(REDACTED, out)
    out = _DOTTED_RUN.sub(_redact_jwts, out)
    return _CARD_CANDIDATE.sub(_redact_card, out)


def _is_card_number(n: int | float) -> bool:
    if isinstance(n, float):
        if not n.is_integer():
            return False
        n = int(n)
    if n < 10**12 or n > _MAX_SAFE_INTEGER:
        return False
    digits = str(n)
    return len(digits) <= 19 and passes_luhn(digits)


class Redactor:
    """Collects the paths it redacts while copying a JSON value."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def value(self, value: Any, path: str) -> Any:
        """A redacted copy of a free-form JSON value; ``path`` names it in ``paths``."""
        if isinstance(value, str):
            return self.text(value, path)
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return self.mark(path) if _is_card_number(value) else value
        if isinstance(value, (list, tuple)):
            return [self.value(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, child in value.items():
                child_path = f"{path}.{key}"
                secret = is_secret_key(str(key)) and child is not None
                out[str(key)] = self.mark(child_path) if secret else self.value(child, child_path)
            return out
        return value

    def text(self, value: str, path: str) -> str:
        """A string with secret shapes replaced."""
        out = redact_string(value)
        if out != value:
            self.paths.append(path)
        return out

    def mark(self, path: str) -> str:
        """Marks a whole value as redacted."""
        self.paths.append(path)
        return REDACTED


def redact_change(change: dict[str, Any], path: str, redactor: Redactor) -> dict[str, Any]:
    """A ``changes`` entry: a secret field name loses both values, as on the server."""
    secret = any(is_secret_key(part) for part in str(change.get("field", "")).split("."))
    out: dict[str, Any] = {"field": change["field"]}
    for side in ("oldValue", "newValue"):
        if side in change:
            sub = f"{path}.{side}"
            out[side] = redactor.mark(sub) if secret else redactor.value(change[side], sub)
    return out
