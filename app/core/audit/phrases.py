"""Small pieces of audit wording: hashes, sizes, counts, times and the generic detail list.

An entry's details hold only ids, counts and digests (see guard.py), so everything here turns
tokens into words; nothing here ever sees document content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from app.core.privacy.entity_names import counts_sentence

_HEX = re.compile(r"^[0-9a-f]{32,128}$")
_ENTITY = re.compile(r"^[A-Z][A-Z0-9_]*$")
MAX_LISTED = 5


def local_time(ts: str, tz: tzinfo | None = None) -> str:
    """'2026-05-01T12:03:04.123456+00:00' → '2026-05-01 14:03:04' in `tz` (default: local)."""
    try:
        when = datetime.fromisoformat(ts)
    except ValueError:
        return ts  # an untrusted value folded in from the side file: show it as it is
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M:%S")
    return when.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def who(actor: str) -> str:
    """'alice/default' → 'alice'; 'alice/night-shift' → 'alice (profile night-shift)'."""
    user, _, profile = actor.partition("/")
    return user if profile in ("", "default") else f"{user} (profile {profile})"


def short_hash(value: str) -> str:
    return f"{value[:12]}…" if len(value) > 12 else value


def size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def quoted(name: str) -> str:
    return f"‘{name}’"


def is_counts(value: Any) -> bool:
    """A mapping of identifier type → count, e.g. {"PERSON": 3, "PHONE_NUMBER": 1}."""
    return (isinstance(value, Mapping) and bool(value)
            and all(isinstance(k, str) and _ENTITY.match(k) for k in value)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values()))


def counts(value: Any) -> str:
    """Identifier counts in words; '' when there are none."""
    if not is_counts(value):
        return ""
    return counts_sentence({k: v for k, v in value.items() if v})


def listing(items: list[Any]) -> str:
    words = [str(i) for i in items[:MAX_LISTED]]
    more = len(items) - len(words)
    return ", ".join(words) + (f" and {more} more" if more > 0 else "")


def value(v: Any) -> str:
    """Any detail value in words: yes/no, 1,234, a short hash, a list, counts."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str):
        return short_hash(v) if _HEX.match(v) else v
    if isinstance(v, Mapping):
        return counts(v) or ", ".join(f"{k} {value(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return listing([value(x) for x in v]) if v else "none"
    return str(v)


_LABELS = {"sha256": "SHA-256", "payload_sha256": "payload SHA-256", "kdf": "key derivation",
           "term_sha256": "term SHA-256", "tokens_in": "tokens in", "tokens_out": "tokens out"}


def label(key: str) -> str:
    return _LABELS.get(key) or key.replace("_", " ")


def generic(details: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> list[str]:
    """'key: value' phrases for details no specific wording used (unknown actions, extras)."""
    return [f"{label(k)}: {value(v)}" for k, v in sorted(details.items())
            if k not in skip and v is not None and v != {} and v != []]
