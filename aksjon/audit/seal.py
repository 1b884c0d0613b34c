"""The audit chain's arithmetic, without Django (the migration that re-chained old rows uses it too).

Each row has two digests and a seal:

- `payload_digest`: SHA-256 of the row's before/after (the personal data it may hold);
- `digest`: SHA-256 of the row's other fields (who, when, which request, verb, record)
  together with the payload digest;
- `mac`: HMAC-SHA256, under a key kept outside the database, of the row's sequence
  number, the previous row's mac and its digest.

Retention may later blank an old row's before/after: its stored payload digest still
completes the digest and the chain, and a sealed row of the redaction says which rows
were blanked. Someone who can only change the database cannot make a seal: an edited
row, a removed row or a recomputed chain no longer matches.
"""
from __future__ import annotations

import hashlib
import hmac
import json


def canonical(value) -> bytes:
    """One spelling of a JSON value, whichever database stored it (keys sorted, no spaces)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def payload_digest(before, after) -> str:
    return hashlib.sha256(canonical({"before": before, "after": after})).hexdigest()


def envelope(entry) -> dict:
    """The fields of a row that retention never blanks."""
    return {
        "at": entry.at.isoformat(), "user_id": entry.user_id, "username": entry.username,
        "request_id": entry.request_id, "kind": entry.kind, "verb": entry.verb,
        "object_type": entry.object_type, "object_id": entry.object_id,
    }


def row_digest(entry, payload: str) -> str:
    return hashlib.sha256(canonical({**envelope(entry), "payload": payload})).hexdigest()


def seal(key: bytes, seq: int, prev_mac: str, digest: str) -> str:
    """The row's place in the chain: its number, the row before it and its content, under the key."""
    return hmac.new(key, f"row|{seq}|{prev_mac}|{digest}".encode(), hashlib.sha256).hexdigest()


def sign(key: bytes, record: dict) -> str:
    """The signature of a checkpoint record (every field but the signature itself)."""
    return hmac.new(key, b"checkpoint|" + canonical(record), hashlib.sha256).hexdigest()


def matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), (given or "").encode())
