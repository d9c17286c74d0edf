"""Consistent, reversible pseudonyms per case, and plain `[TYPE]` redaction.

The same original string of the same type gets the same token (`<PERSON_1>`) everywhere in
a case's document set; the vault keeps token ↔ original. `MemoryVault` is for tests and
scripts; the encrypted store implements the same `Vault` protocol.

Fails closed: any error (bad span, vault failure) raises; nothing ever returns input text
as if it were redacted.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Protocol

from app.core.documents import Finding

_TOKEN = re.compile(r"<([A-Z][A-Z0-9_]*)_(\d+)>")


class RedactionError(RuntimeError):
    """Redaction could not be completed; the caller must not use any partial output."""


class Vault(Protocol):
    def get_token(self, case_id: str, entity_type: str, original: str) -> str | None:
        """The token of `original` in this case, matched up to case and whitespace."""
        ...

    def put(self, case_id: str, entity_type: str, original: str, token: str) -> None: ...
    def lookup(self, case_id: str, token: str) -> str | None: ...


class MemoryVault:
    """An in-memory `Vault` (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str, str], str] = {}
        self._originals: dict[tuple[str, str], str] = {}

    def get_token(self, case_id: str, entity_type: str, original: str) -> str | None:
        with self._lock:
            return self._tokens.get((case_id, entity_type, _normal(original)))

    def put(self, case_id: str, entity_type: str, original: str, token: str) -> None:
        with self._lock:
            self._tokens[(case_id, entity_type, _normal(original))] = token
            self._originals[(case_id, token)] = original

    def lookup(self, case_id: str, token: str) -> str | None:
        with self._lock:
            return self._originals.get((case_id, token))


def _normal(original: str) -> str:
    # "JOHN  SMITH" and "John Smith" are the same person: one token.
    return " ".join(original.split()).casefold()


def _spans(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Findings sorted, validated, overlaps merged (fails closed on a bad span)."""
    spans = sorted(findings, key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in spans:
        if not (0 <= f.start < f.end <= len(text)):
            raise RedactionError(f"A finding ({f.type} {f.start}-{f.end}) lies outside the text.")
        if out and f.start < out[-1].end:
            last = out[-1]
            out[-1] = Finding(last.type, last.page, last.start, max(last.end, f.end), last.score)
        else:
            out.append(f)
    return out


def redact_text(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding's span with `[TYPE]`."""
    parts, pos = [], 0
    for f in _spans(text, findings):
        parts += [text[pos:f.start], f"[{f.type}]"]
        pos = f.end
    return "".join(parts) + text[pos:]


class Pseudonymizer:
    """Replace findings with per-case tokens; put them back for local re-identification."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._lock = threading.Lock()  # token numbering must not race across threads
        self._next: dict[tuple[str, str], int] = {}

    def _token(self, case_id: str, entity_type: str, original: str) -> str:
        token = self.vault.get_token(case_id, entity_type, original)
        if token:
            return token
        with self._lock:
            token = self.vault.get_token(case_id, entity_type, original)
            if token:
                return token
            n = self._next.get((case_id, entity_type), 0) + 1
            # A vault filled by an earlier process: skip numbers already taken.
            while self.vault.lookup(case_id, f"<{entity_type}_{n}>") is not None:
                n += 1
            self._next[(case_id, entity_type)] = n
            token = f"<{entity_type}_{n}>"
            # Stored as written (re-identification gives the document's spelling); vaults
            # match later spellings up to case and whitespace.
            self.vault.put(case_id, entity_type, original, token)
            return token

    def pseudonymize(self, text: str, findings: Sequence[Finding],
                     case_id: str) -> tuple[str, dict[str, str]]:
        """(text with tokens, {token: original as first seen in this text})."""
        try:
            parts, mapping, pos = [], {}, 0
            for f in _spans(text, findings):
                original = text[f.start:f.end]
                token = self._token(case_id, f.type, original)
                mapping.setdefault(token, original)
                parts += [text[pos:f.start], token]
                pos = f.end
            return "".join(parts) + text[pos:], mapping
        except RedactionError:
            raise
        except Exception as exc:  # fail closed, whatever went wrong
            raise RedactionError(f"Pseudonymization failed: {exc}") from exc

    def reidentify(self, text: str, case_id: str) -> str:
        """Put originals back for the tokens this case's vault knows; others stay as they are."""
        def back(m: re.Match[str]) -> str:
            original = self.vault.lookup(case_id, m.group(0))
            return original if original is not None else m.group(0)

        return _TOKEN.sub(back, text)
