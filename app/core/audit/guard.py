"""Keep document content out of the audit log: details may hold ids, counts and digests only.

The log is exported to people who must not see patient or client data, so anything that looks
like free text (spaces, long strings, suspicious keys such as `name` or `text`) is refused at
the point of recording, loudly, rather than discovered in an export later.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.errors import DetailRejected

MAX_TOKEN = 128  # a SHA-512 hex digest fits; a sentence does not
MAX_ITEMS = 64
_TOKEN = re.compile(r"^[A-Za-z0-9_.:@/+=#-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Keys that invite content even when the value happens to be one word.
_DENIED_KEYS = frozenset({
    "text", "name", "filename", "file_name", "original", "value", "content", "summary",
    "prompt", "query", "answer", "passphrase", "password", "token_value",
})


def check_token(label: str, value: str) -> None:
    if len(value) > MAX_TOKEN or not _TOKEN.match(value):
        raise DetailRejected(
            f"audit {label} must be an id, count or digest (no spaces, at most {MAX_TOKEN}"
            f" characters); got {len(value)} characters"
        )


def check_details(details: dict[str, Any]) -> None:
    for key, value in details.items():
        if not _KEY.match(key) or key in _DENIED_KEYS:
            raise DetailRejected(f"audit detail key {key!r} is not allowed")
        _check_value(key, value, depth=0)


def _check_value(key: str, value: Any, depth: int) -> None:
    if value is None or isinstance(value, (bool, int, float)):
        return
    if isinstance(value, str):
        check_token(f"detail {key!r}", value)
        return
    if isinstance(value, (list, tuple)) and depth == 0:
        if len(value) > MAX_ITEMS:
            raise DetailRejected(f"audit detail {key!r} has more than {MAX_ITEMS} items")
        for item in value:
            _check_value(key, item, depth + 1)
        return
    if isinstance(value, dict) and depth == 0:
        # One level of mapping, e.g. {"PERSON": 3, "US_SSN": 1} counts by entity type.
        if len(value) > MAX_ITEMS:
            raise DetailRejected(f"audit detail {key!r} has more than {MAX_ITEMS} items")
        for k, v in value.items():
            check_token(f"detail {key!r} key", str(k))
            _check_value(key, v, depth + 1)
        return
    raise DetailRejected(f"audit detail {key!r} has an unsupported type {type(value).__name__}")
