"""Helpers the privacy tests share (unit and integration)."""

from __future__ import annotations

from app.core.documents import Finding


def findings_in(text: str, *pairs: tuple[str, str]) -> list[Finding]:
    """Findings for (type, value) pairs given in the order the values occur in `text`."""
    out, cursor = [], 0
    for kind, value in pairs:
        start = text.index(value, cursor)
        cursor = start + len(value)
        out.append(Finding(kind, 1, start, cursor, 0.9))
    return out
